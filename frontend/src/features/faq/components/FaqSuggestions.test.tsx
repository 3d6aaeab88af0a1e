import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import FaqSuggestions from "./FaqSuggestions";
import { makeArticle } from "../../../../test/fixtures";

const payout = makeArticle({
  audience: "shop",
  question: "My payout is late. What can I do?",
  answerHtml: "<p>Payouts are sent every <strong>Tuesday</strong>.</p>",
});
const refund = makeArticle({ audience: "shop", question: "How do I refund a buyer?" });

test("when suggestions appear while the shop types, then the live region that was already there says how many", () => {
  const { container, rerender } = render(<FaqSuggestions items={[]} onOpen={() => {}} />);
  const live = container.querySelector("[aria-live]");
  expect(live).not.toBeNull();

  rerender(<FaqSuggestions items={[payout, refund]} onOpen={() => {}} />);

  // A region mounted together with its words is not read: the one from before must still be there.
  expect(live!.isConnected).toBe(true);
  expect(live).toHaveTextContent("2 suggested answers");
  rerender(<FaqSuggestions items={[payout]} onOpen={() => {}} />);
  expect(live).toHaveTextContent("1 suggested answer");
});

test("when the shop opens a suggestion, then its answer is not announced as news (the box is not a live region)", async () => {
  render(<FaqSuggestions items={[payout]} onOpen={() => {}} />);

  await userEvent.click(screen.getByRole("button", { name: payout.question }));

  expect(screen.getByText("Tuesday")).toBeInTheDocument();
  expect(screen.getByText("Tuesday").closest("[aria-live]")).toBeNull();
  expect(screen.getByRole("region", { name: "Suggested answers" })).not.toHaveAttribute("aria-live");
});
