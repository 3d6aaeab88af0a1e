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
