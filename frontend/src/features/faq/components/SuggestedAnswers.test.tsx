import { act, screen, waitFor } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import { FAQ_SUGGEST_DRAFT_MAX } from "@parley/contract";
import SuggestedAnswers from "./SuggestedAnswers";
import { SUGGEST_DEBOUNCE_MS } from "../hooks/useFaq";
import { makeArticle } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";

const SESSION = "30000000-0000-4000-8000-000000000001";
const payout = makeArticle({
  audience: "shop",
  category: "Payouts",
  question: "My payout is late. What can I do?",
  answerHtml: "<p>Payouts are sent every <strong>Tuesday</strong>.</p>",
});

function faq(suggest: (q: string) => unknown[]) {
  server.use(
    http.get("/api/faq/suggest", ({ request }) =>
      HttpResponse.json({ items: suggest(new URL(request.url).searchParams.get("q") ?? "") }),
    ),
    http.post("/api/faq/events", () => new HttpResponse(null, { status: 204 })),
  );
  return recordRequests();
}
const events = (sent: ReturnType<typeof recordRequests>) =>
  sent.filter((c) => c.path === "/api/faq/events").map((c) => c.body);

test("when a shop types 'my payout is late', then the payout article is shown and the events are reported", async () => {
  const sent = faq((q) => (q.includes("payout") ? [payout] : []));
  renderWithClient(<SuggestedAnswers draft={"my payout is late\n"} deflectionSessionId={SESSION} />);

  const suggestion = await screen.findByRole("button", { name: payout.question });
  expect(screen.getByRole("region", { name: "Suggested answers" })).toBeInTheDocument();
  expect(sent.find((c) => c.path === "/api/faq/suggest")!.query.get("q")).toBe("my payout is late");
  await waitFor(() =>
    expect(events(sent)).toEqual([
      expect.objectContaining({ type: "suggestions_shown", sessionId: SESSION, articleIds: [payout.id] }),
    ]),
  );

  await userEvent.click(suggestion);
  expect(screen.getByText("Tuesday")).toBeInTheDocument();
  await userEvent.click(suggestion);
  await userEvent.click(suggestion);
  await waitFor(() =>
    expect(events(sent)).toEqual([
      expect.objectContaining({ type: "suggestions_shown" }),
      { type: "article_opened", sessionId: SESSION, articleIds: [payout.id] },
    ]),
  );
});

test("when the draft is too short, then nothing is asked and nothing is shown", async () => {
  vi.useFakeTimers();
  try {
    const sent = faq(() => [payout]);
    renderWithClient(<SuggestedAnswers draft={"hi\n"} deflectionSessionId={SESSION} />);
    await act(() => vi.advanceTimersByTimeAsync(SUGGEST_DEBOUNCE_MS * 3));
    expect(sent).toHaveLength(0);
    expect(screen.queryByRole("region", { name: "Suggested answers" })).not.toBeInTheDocument();
  } finally {
    vi.useRealTimers();
  }
});

test("when nothing matches, then no box appears and no event is reported", async () => {
  const sent = faq(() => []);
  renderWithClient(<SuggestedAnswers draft={"something entirely unrelated"} deflectionSessionId={SESSION} />);
  await waitFor(() => expect(sent.some((c) => c.path === "/api/faq/suggest")).toBe(true));
  expect(screen.queryByRole("region", { name: "Suggested answers" })).not.toBeInTheDocument();
  expect(events(sent)).toEqual([]);
});

test("when the draft is very long, then only its first FAQ_SUGGEST_DRAFT_MAX characters are sent (a query string has a size limit)", async () => {
  const sent = faq(() => []);
  const draft = "我的付款还没有到账".repeat(400);
  renderWithClient(<SuggestedAnswers draft={draft} deflectionSessionId={SESSION} />);
  await waitFor(() => expect(sent.some((c) => c.path === "/api/faq/suggest")).toBe(true));
  expect(sent.find((c) => c.path === "/api/faq/suggest")!.query.get("q")).toBe(
    draft.slice(0, FAQ_SUGGEST_DRAFT_MAX),
  );
});
