import { render, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { FaqArticle } from "@parley/contract";
import FaqArticleItem from "./FaqArticleItem";
import { useFaqVote } from "../hooks/useFaq";
import { makeArticle } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";

/** The item as the app uses it: votes go through useFaqVote. */
function Voting({ article }: { article: FaqArticle }) {
  return <FaqArticleItem article={article} voting={useFaqVote()} defaultOpen />;
}

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
  expect(screen.queryByRole("group", { name: "Was this helpful?" })).not.toBeInTheDocument();
});

test("when the reader answers Yes, then one vote is sent with this browser's id and remembered", async () => {
  const article = makeArticle();
  server.use(
    http.post(`/api/faq/${article.id}/feedback`, () =>
      HttpResponse.json({ id: article.id, helpful: 1, notHelpful: 0, vote: true }),
    ),
  );
  const sent = recordRequests();
  renderWithClient(<Voting article={article} />);
  await userEvent.click(screen.getByRole("button", { name: "Yes" }));
  expect(await screen.findByText("Thanks for your feedback.")).toBeInTheDocument();
  expect(screen.getByRole("button", { name: "Yes" })).toHaveAttribute("aria-pressed", "true");
  expect(sent).toHaveLength(1);
  const body = sent[0]!.body as { helpful: boolean; voterId: string };
  expect(body.helpful).toBe(true);
  expect(body.voterId).toMatch(/^[0-9a-f-]{36}$/);
  expect(localStorage.getItem("parley.faq.voter")).toBe(body.voterId);
  expect(JSON.parse(localStorage.getItem("parley.faq.votes")!)).toEqual({ [article.id]: true });
});

test("when the vote cannot be saved, then the reader is told", async () => {
  const article = makeArticle();
  server.use(
    http.post(`/api/faq/${article.id}/feedback`, () =>
      HttpResponse.json({ error: { code: "INTERNAL", message: "boom" } }, { status: 500 }),
    ),
  );
  renderWithClient(<Voting article={article} />);
  await userEvent.click(screen.getByRole("button", { name: "No" }));
  expect(await screen.findByText(/could not be saved/)).toBeInTheDocument();
});

test("when the browser keeps nothing (storage full or off), then the vote is still sent, without a voter id", async () => {
  const article = makeArticle();
  server.use(
    http.post(`/api/faq/${article.id}/feedback`, () =>
      HttpResponse.json({ id: article.id, helpful: 0, notHelpful: 1, vote: false }),
    ),
  );
  const full = vi.spyOn(Storage.prototype, "setItem").mockImplementation(() => {
    throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
  });
  try {
    localStorage.removeItem("parley.faq.voter");
    const sent = recordRequests();
    renderWithClient(<Voting article={article} />);
    await userEvent.click(screen.getByRole("button", { name: "No" }));
    expect(await screen.findByText("Thanks for your feedback.")).toBeInTheDocument();
    // A fresh id per vote would count each one; without one the server counts this client once.
    expect(sent.map((r) => r.body)).toEqual([{ helpful: false }]);
  } finally {
    full.mockRestore();
  }
});

test("when the reader answers with the keyboard, then the button keeps the focus while the vote is saved and a second press sends nothing", async () => {
  const article = makeArticle();
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  server.use(
    http.post(`/api/faq/${article.id}/feedback`, async () => {
      await gate;
      return HttpResponse.json({ id: article.id, helpful: 1, notHelpful: 0, vote: true });
    }),
  );
  const sent = recordRequests();
  renderWithClient(<Voting article={article} />);
  const yes = screen.getByRole("button", { name: "Yes" });
  yes.focus();
  await userEvent.keyboard("{Enter}");
  await waitFor(() => expect(yes).toHaveAttribute("aria-disabled", "true"));
  // Not `disabled`: a disabled button drops the focus to <body>.
  expect(yes).toBeEnabled();
  expect(yes).toHaveFocus();
  await userEvent.keyboard("{Enter}");

  release();
  expect(await screen.findByText("Thanks for your feedback.")).toBeInTheDocument();
  expect(yes).toHaveFocus();
  expect(yes).toHaveAttribute("aria-pressed", "true");
  expect(yes).not.toHaveAttribute("aria-disabled");
  expect(sent).toHaveLength(1);
});
