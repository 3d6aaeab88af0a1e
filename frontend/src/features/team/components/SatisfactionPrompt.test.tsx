import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import SatisfactionPrompt from "./SatisfactionPrompt";

test("when the shop picks a score and writes a comment, then both are sent; without a score nothing can be sent", async () => {
  const onSubmit = vi.fn();
  render(<SatisfactionPrompt rating={null} busy={false} error={null} onSubmit={onSubmit} />);
  expect(screen.getByRole("group", { name: "How did we do?" })).toBeInTheDocument();
  const send = screen.getByRole("button", { name: "Send rating" });
  expect(send).toBeDisabled();
  await userEvent.click(screen.getByRole("radio", { name: "2: Poor" }));
  await userEvent.type(screen.getByRole("textbox", { name: /Comment/ }), "  Took a while  ");
  await userEvent.click(send);
  expect(onSubmit).toHaveBeenCalledWith({ score: 2, comment: "Took a while" });
});

test("when the ticket was already rated, then the thanks shows instead of the question", () => {
  render(
    <SatisfactionPrompt
      rating={{ ticketId: "t", score: 5, comment: null, createdAt: "2026-12-01T10:00:00.000Z" }}
      busy={false}
      error={null}
      onSubmit={() => {}}
    />,
  );
  expect(screen.queryByText("How did we do?")).not.toBeInTheDocument();
  expect(screen.getByText(/you rated this 5 of 5/)).toBeInTheDocument();
});

test("when the server refuses, then its message is shown", () => {
  render(
    <SatisfactionPrompt
      rating={null}
      busy={false}
      error="This ticket was already rated."
      onSubmit={() => {}}
    />,
  );
  expect(screen.getByRole("alert")).toHaveTextContent("already rated");
});

test("when the score is reached with Tab, then it is one stop, and the arrows, Home and End move and check", async () => {
  render(<SatisfactionPrompt rating={null} busy={false} error={null} onSubmit={() => {}} />);
  const radio = (name: string) => screen.getByRole("radio", { name });
  await userEvent.tab();
  expect(radio("1: Very poor")).toHaveFocus();
  expect(screen.getAllByRole("radio").filter((r) => r.tabIndex === 0)).toEqual([radio("1: Very poor")]);

  await userEvent.keyboard("{ArrowRight}");
  expect(radio("2: Poor")).toHaveFocus();
  expect(radio("2: Poor")).toHaveAttribute("aria-checked", "true");
  await userEvent.keyboard("{ArrowDown}{ArrowDown}");
  expect(radio("4: Good")).toHaveFocus();
  await userEvent.keyboard("{ArrowUp}");
  expect(radio("3: Okay")).toHaveAttribute("aria-checked", "true");
  await userEvent.keyboard("{End}");
  expect(radio("5: Excellent")).toHaveFocus();
  await userEvent.keyboard("{ArrowRight}"); // wraps, as native radios do
  expect(radio("1: Very poor")).toHaveFocus();
  await userEvent.keyboard("{ArrowLeft}");
  expect(radio("5: Excellent")).toHaveAttribute("aria-checked", "true");
  await userEvent.keyboard("{Home}");
  expect(radio("1: Very poor")).toHaveAttribute("aria-checked", "true");
  expect(screen.getAllByRole("radio", { checked: true })).toHaveLength(1);

  // Only the checked one is in the tab order: Tab leaves the score for the comment.
  await userEvent.keyboard("{ArrowRight}");
  await userEvent.tab();
  expect(screen.getByRole("textbox", { name: /Comment/ })).toHaveFocus();
  await userEvent.tab({ shift: true });
  expect(radio("2: Poor")).toHaveFocus();
});

test("when the rating is sent with the keyboard, then the focus stays on the button while it sends and then goes to the thanks", async () => {
  const onSubmit = vi.fn();
  const props = { error: null, onSubmit };
  const { rerender } = render(<SatisfactionPrompt rating={null} busy={false} {...props} />);
  await userEvent.click(screen.getByRole("radio", { name: "4: Good" }));
  const send = screen.getByRole("button", { name: "Send rating" });
  send.focus();
  await userEvent.keyboard("{Enter}");
  expect(onSubmit).toHaveBeenCalledWith({ score: 4 });

  rerender(<SatisfactionPrompt rating={null} busy {...props} />);
  expect(send).toHaveAttribute("aria-disabled", "true");
  expect(send).toHaveFocus();
  await userEvent.keyboard("{Enter}");
  expect(onSubmit).toHaveBeenCalledTimes(1);

  const rating = { ticketId: "t", score: 4, comment: null, createdAt: "2026-12-01T10:00:00.000Z" };
  rerender(<SatisfactionPrompt rating={rating} busy={false} {...props} />);
  expect(screen.getByRole("region", { name: "Your rating" })).toHaveFocus();
});

test("when the question shows, then what the lowest and highest scores mean is written under them", () => {
  render(<SatisfactionPrompt rating={null} busy={false} error={null} onSubmit={() => {}} />);
  const group = screen.getByRole("group", { name: "How did we do?" });
  // Visible to the eye; a screen reader already hears each score's name, so it is not read twice.
  const scale = group.querySelector('[aria-hidden="true"]');
  expect(scale).toBeVisible();
  expect([...scale!.children].map((e) => e.textContent)).toEqual(["Very poor", "Excellent"]);
  expect(screen.getByRole("radio", { name: "1: Very poor" })).toBeInTheDocument();
  expect(screen.getByRole("radio", { name: "5: Excellent" })).toBeInTheDocument();
});
