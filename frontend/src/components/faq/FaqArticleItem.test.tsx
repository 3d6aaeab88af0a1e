import { render, screen } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import FaqArticleItem from "./FaqArticleItem";
import { makeArticle, mockFetch } from "./faq-test-utils";

afterEach(() => {
  vi.unstubAllGlobals();
  localStorage.clear();
});

test("when the question is clicked, then the answer expands and onOpen is told", async () => {
  const article = makeArticle({
    question: "When do I get paid?",
    answerHtml: "<p>Every <strong>Tuesday</strong>.</p>",
  });
  const onOpen = vi.fn();
  render(<FaqArticleItem article={article} onOpen={onOpen} />);
  const button = screen.getByRole("button", { name: "When do I get paid?" });
  expect(button).toHaveAttribute("aria-expanded", "false");
  expect(screen.queryByText("Tuesday")).not.toBeInTheDocument();
  await userEvent.click(button);
  expect(button).toHaveAttribute("aria-expanded", "true");
  expect(screen.getByRole("region", { name: "When do I get paid?" })).toHaveTextContent("Every Tuesday.");
  expect(onOpen).toHaveBeenCalledWith(article);
});

test("when the reader answers Yes, then one vote is sent with this browser's id and remembered", async () => {
  const article = makeArticle();
  const calls = mockFetch((c) =>
    c.path === `/api/faq/${article.id}/feedback`
      ? { body: { id: article.id, helpful: 1, notHelpful: 0, vote: true } }
      : undefined,
  );
  render(<FaqArticleItem article={article} defaultOpen />);
  await userEvent.click(screen.getByRole("button", { name: "Yes" }));
  expect(await screen.findByText("Thanks for your feedback.")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Yes" })).toHaveAttribute("aria-pressed", "true");
  expect(calls).toHaveLength(1);
  const body = calls[0]!.body as { helpful: boolean; voterId: string };
  expect(body.helpful).toBe(true);
  expect(body.voterId).toMatch(/^[0-9a-f-]{36}$/);
  expect(localStorage.getItem("parley.faq.voter")).toBe(body.voterId);
});

test("when the vote cannot be saved, then the reader is told", async () => {
  const article = makeArticle();
  mockFetch(() => ({ status: 500, body: { error: { code: "INTERNAL", message: "boom" } } }));
  render(<FaqArticleItem article={article} defaultOpen />);
  await userEvent.click(screen.getByRole("button", { name: "No" }));
  expect(await screen.findByText(/could not be saved/)).toBeInTheDocument();
});
