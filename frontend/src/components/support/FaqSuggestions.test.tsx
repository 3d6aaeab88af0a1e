import { screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import FaqSuggestions from "./FaqSuggestions";
import { makeArticle, mockFetch, renderWithClient } from "../faq/faq-test-utils";

afterEach(() => vi.unstubAllGlobals());

const SESSION = "30000000-0000-4000-8000-000000000001";
const payout = makeArticle({
  audience: "shop",
  category: "Payouts",
  question: "My payout is late. What can I do?",
  answerHtml: "<p>Payouts are sent every <strong>Tuesday</strong>.</p>",
});

test("when a shop types 'my payout is late', then the payout article is shown and the events are reported", async () => {
  const calls = mockFetch((c) => {
    if (c.path === "/api/faq/suggest")
      return { body: { items: c.query.get("q")?.includes("payout") ? [payout] : [] } };
    if (c.path === "/api/faq/events") return { status: 204 };
    return undefined;
  });
  renderWithClient(<FaqSuggestions draft={"my payout is late\n"} deflectionSessionId={SESSION} />);

  const suggestion = await screen.findByRole("button", { name: payout.question });
  expect(screen.getByRole("region", { name: "Suggested answers" })).toBeInTheDocument();
  expect(calls.find((c) => c.path === "/api/faq/suggest")!.query.get("q")).toBe("my payout is late");
  await waitFor(() =>
    expect(calls.filter((c) => c.path === "/api/faq/events").map((c) => c.body)).toEqual([
      expect.objectContaining({ type: "suggestions_shown", sessionId: SESSION, articleIds: [payout.id] }),
    ]),
  );

  await userEvent.click(suggestion);
  expect(screen.getByText("Tuesday")).toBeInTheDocument();
  await userEvent.click(suggestion);
  await userEvent.click(suggestion);
  await waitFor(() =>
    expect(calls.filter((c) => c.path === "/api/faq/events").map((c) => c.body)).toEqual([
      expect.objectContaining({ type: "suggestions_shown" }),
      { type: "article_opened", sessionId: SESSION, articleIds: [payout.id] },
    ]),
  );
});

test("when the draft is too short, then nothing is asked and nothing is shown", async () => {
  const calls = mockFetch(() => ({ body: { items: [payout] } }));
  renderWithClient(<FaqSuggestions draft={"hi\n"} deflectionSessionId={SESSION} />);
  await new Promise((r) => setTimeout(r, 600));
  expect(calls).toHaveLength(0);
  expect(screen.queryByRole("region", { name: "Suggested answers" })).not.toBeInTheDocument();
});

test("when nothing matches, then no box appears and no event is reported", async () => {
  const calls = mockFetch((c) => (c.path === "/api/faq/suggest" ? { body: { items: [] } } : { status: 204 }));
  renderWithClient(<FaqSuggestions draft={"something entirely unrelated"} deflectionSessionId={SESSION} />);
  await waitFor(() => expect(calls.some((c) => c.path === "/api/faq/suggest")).toBe(true));
  expect(screen.queryByRole("region", { name: "Suggested answers" })).not.toBeInTheDocument();
  expect(calls.some((c) => c.path === "/api/faq/events")).toBe(false);
});
