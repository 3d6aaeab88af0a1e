import { act, render, screen, waitFor, within } from "@testing-library/react";
import userEvent from "@testing-library/user-event";
import { QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter, Route, Routes, useLocation, useNavigate } from "react-router";
import { http, HttpResponse } from "msw";
import type { FaqArticle } from "@parley/contract";
import HelpPage from "./HelpPage";
import EmbedHelpPage from "./EmbedHelpPage";
import FaqSection from "../components/shop/FAQSection";
import { makeArticle } from "../../test/fixtures";
import { recordRequests, server } from "../../test/msw";
import { testQueryClient } from "../../test/render";

const track = makeArticle({ audience: "customer", category: "Orders", question: "How do I track my order?" });
const cancel = makeArticle({ audience: "customer", category: "Orders", question: "Can I cancel my order?" });
const refund = makeArticle({
  audience: "customer",
  category: "Refunds",
  question: "When will I get my refund?",
  answerHtml: "<p>Within 5 days.</p>",
  helpful: 9,
});
const all = [track, cancel, refund];

beforeEach(() => {
  server.use(
    http.get("/api/faq", ({ request }) => {
      const q = new URL(request.url).searchParams.get("q");
      const items = q ? all.filter((a) => a.question.toLowerCase().includes(q.toLowerCase())) : all;
      return HttpResponse.json({ items });
    }),
    http.post("/api/faq/events", () => new HttpResponse(null, { status: 204 })),
    http.get("/api/embed/config", () => HttpResponse.json({ allowedOrigins: [] })),
  );
});

/** The app's routes in a memory history starting with a page before the help centre, and Back/Forward. */
function renderAt(path: string, page = <HelpPage />) {
  const seen = { current: "" };
  function Probe() {
    const location = useLocation();
    const navigate = useNavigate();
    seen.current = location.pathname + location.search;
    return (
      <>
        <button onClick={() => void navigate(-1)}>Browser back</button>
        <button onClick={() => void navigate(1)}>Browser forward</button>
      </>
    );
  }
  render(
    <QueryClientProvider client={testQueryClient()}>
      <MemoryRouter initialEntries={["/before", path]} initialIndex={1}>
        <Routes>
          <Route path="/before" element={<p>The page before</p>} />
          <Route path="/help" element={page} />
          <Route path="/embed/help" element={page} />
          <Route path="/shop" element={page} />
        </Routes>
        <Probe />
      </MemoryRouter>
    </QueryClientProvider>,
  );
  const url = () => new URL(seen.current, "http://parley.test");
  return { url, back: () => click("Browser back"), forward: () => click("Browser forward") };
}

const click = (name: string) => userEvent.click(screen.getByRole("button", { name }));
const question = (a: FaqArticle) => screen.getByRole("button", { name: a.question });

test("when /help?article=<id> is opened, then that answer is open, its question focused, and it has a link to copy", async () => {
  const sent = recordRequests();
  renderAt(`/help?article=${refund.id}`);
  const button = await screen.findByRole("button", { name: refund.question, expanded: true });
  await waitFor(() => expect(button).toHaveFocus());
  expect(screen.getByRole("region", { name: refund.question })).toHaveTextContent("Within 5 days.");
  expect(question(track)).toHaveAttribute("aria-expanded", "false");
  await waitFor(() => expect(sent.some((r) => r.path === "/api/faq/events")).toBe(true));
  expect(sent.find((r) => r.path === "/api/faq/events")!.body).toMatchObject({
    type: "article_opened",
    articleIds: [refund.id],
  });

  const writeText = vi.fn().mockResolvedValue(undefined);
  Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
  await click("Copy link");
  expect(writeText).toHaveBeenCalledWith(`${window.location.origin}/help?article=${refund.id}`);
  expect(await screen.findByText("Link copied.")).toBeInTheDocument();
});

test("when the link names an article that does not exist, then the reader is told, the list shows and the focus stays put", async () => {
  renderAt("/help?article=gone-for-good");
  expect(await screen.findByRole("alert")).toHaveTextContent("This answer is not available.");
  expect(question(track)).toBeInTheDocument();
  expect(document.body).toHaveFocus();

  // Opening another answer leaves the notice behind.
  await userEvent.click(question(cancel));
  expect(screen.queryByRole("alert")).not.toBeInTheDocument();
});

test("when a category and an article are opened, then each is a history entry: Back closes the article, then the category, then leaves", async () => {
  const { url, back, forward } = renderAt("/help");
  await userEvent.click(await screen.findByRole("button", { name: /^Orders/ }));
  expect(url().searchParams.get("category")).toBe("Orders");
  expect(screen.queryByRole("button", { name: refund.question })).not.toBeInTheDocument();

  await userEvent.click(question(track));
  expect(url().search).toBe(`?category=Orders&article=${track.id}`);
  expect(question(track)).toHaveAttribute("aria-expanded", "true");

  await back();
  expect(url().search).toBe("?category=Orders");
  expect(question(track)).toHaveAttribute("aria-expanded", "false");
  await back();
  expect(url().search).toBe("");
  expect(question(refund)).toBeInTheDocument();

  // Forward twice: the article opens again, scrolled to and focused (the reader did not click it).
  await forward();
  await forward();
  const reopened = await screen.findByRole("button", { name: track.question, expanded: true });
  await waitFor(() => expect(reopened).toHaveFocus());

  await back();
  await back();
  await back();
  expect(await screen.findByText("The page before")).toBeInTheDocument();
});

test("when an opened article is closed, then that is Back (no extra entry), and a link's article closes in place", async () => {
  const { url, back } = renderAt("/help");
  await userEvent.click(await screen.findByRole("button", { name: cancel.question }));
  expect(url().searchParams.get("article")).toBe(cancel.id);
  await userEvent.click(question(cancel));
  expect(url().search).toBe("");
  expect(question(cancel)).toHaveAttribute("aria-expanded", "false");
  await back();
  expect(await screen.findByText("The page before")).toBeInTheDocument();
});

test("when an article that came by a link is closed, then it closes in place (Back still leaves)", async () => {
  const { url, back } = renderAt(`/help?article=${cancel.id}`);
  await userEvent.click(await screen.findByRole("button", { name: cancel.question, expanded: true }));
  expect(url().search).toBe("");
  expect(question(cancel)).toHaveAttribute("aria-expanded", "false");
  expect(question(cancel)).toHaveFocus();
  await back();
  expect(await screen.findByText("The page before")).toBeInTheDocument();
});

test("when the reader types a search, then the URL follows once it settles, as one entry; Back empties the box", async () => {
  const { url, back } = renderAt("/help");
  const box = await screen.findByRole("searchbox", { name: "Search the FAQ" });
  await userEvent.type(box, "refund");
  await waitFor(() => expect(url().searchParams.get("q")).toBe("refund"));
  expect(await screen.findByRole("list", { name: "Answers for refund" })).toBeInTheDocument();

  // Refining the search replaces its entry.
  await userEvent.clear(box);
  await userEvent.type(box, "track");
  await waitFor(() => expect(url().searchParams.get("q")).toBe("track"));

  await back();
  expect(url().search).toBe("");
  expect(box).toHaveValue("");
  expect(await screen.findByRole("region", { name: "Refunds" })).toBeInTheDocument();
  await back();
  expect(await screen.findByText("The page before")).toBeInTheDocument();
});

test("when /help?q=… is opened, then the box holds the words and the answers are shown; Enter on new words searches at once", async () => {
  const { url } = renderAt("/help?q=cancel");
  expect(await screen.findByRole("list", { name: "Answers for cancel" })).toBeInTheDocument();
  const box = screen.getByRole("searchbox", { name: "Search the FAQ" });
  expect(box).toHaveValue("cancel");
  expect(box).not.toHaveFocus();
  await userEvent.clear(box);
  await userEvent.type(box, "refund{Enter}");
  expect(url().searchParams.get("q")).toBe("refund");
});

test("when a search finds nothing, then it offers a spelling, the categories, common questions and a reset, each of which works", async () => {
  const { url, back } = renderAt("/help?q=refnud");
  expect(await screen.findByText("No answers found for “refnud”")).toBeInTheDocument();
  const categories = await screen.findByRole("region", { name: "Browse a category" });
  expect(
    within(categories)
      .getAllByRole("button")
      .map((b) => b.textContent),
  ).toEqual(["Orders", "Refunds"]);
  const common = screen.getByRole("region", { name: "Common questions" });
  // The most helpful first.
  expect(within(common).getAllByRole("button")[0]).toHaveTextContent(refund.question);

  await userEvent.click(within(categories).getByRole("button", { name: "Refunds" }));
  expect(url().search).toBe("?category=Refunds");
  expect(screen.getByRole("searchbox", { name: "Search the FAQ" })).toHaveValue("");
  await waitFor(() => expect(screen.getByRole("button", { name: /^Refunds/, pressed: true })).toHaveFocus());

  await back();
  expect(await screen.findByText("No answers found for “refnud”")).toBeInTheDocument();
  await userEvent.click(
    within(await screen.findByRole("region", { name: "Common questions" })).getByRole("button", {
      name: refund.question,
    }),
  );
  expect(url().search).toBe(`?article=${refund.id}`);
  const opened = await screen.findByRole("button", { name: refund.question, expanded: true });
  await waitFor(() => expect(opened).toHaveFocus());

  await back();
  await click("Clear search");
  expect(url().search).toBe("");
  const box = screen.getByRole("searchbox", { name: "Search the FAQ" });
  expect(box).toHaveValue("");
  expect(box).toHaveFocus();
  expect(await screen.findByRole("region", { name: "Orders" })).toBeInTheDocument();

  // Clearing was an entry of its own: Back is the empty search, whose misspelt word has a correction.
  await back();
  expect(await screen.findByText("No answers found for “refnud”")).toBeInTheDocument();
  await click("refund");
  expect(url().searchParams.get("q")).toBe("refund");
  expect(await screen.findByRole("list", { name: "Answers for refund" })).toBeInTheDocument();
  expect(box).toHaveValue("refund");
  expect(box).toHaveFocus();
  // The corrected search replaced the misspelt one.
  await back();
  expect(await screen.findByText("The page before")).toBeInTheDocument();
});

test("when the help centre is in a host's frame, then it keeps its state in the URL without history entries or focus on load", async () => {
  const { url, back } = renderAt(`/embed/help?article=${track.id}`, <EmbedHelpPage />);
  const button = await screen.findByRole("button", { name: track.question, expanded: true });
  // Let any reveal run: it must not.
  await act(() => new Promise((r) => setTimeout(r, 50)));
  expect(button).not.toHaveFocus();
  expect(screen.queryByRole("button", { name: "Copy link" })).not.toBeInTheDocument();

  await userEvent.click(screen.getByRole("button", { name: /^Refunds/ }));
  expect(url().pathname + url().search).toBe("/embed/help?category=Refunds");
  await back();
  expect(await screen.findByText("The page before")).toBeInTheDocument();
});

test("when the shop's FAQ tab is browsed, then its URL (the ticket list's) is left alone", async () => {
  server.use(http.get("/api/faq", () => HttpResponse.json({ items: all })));
  const { url } = renderAt("/shop?tab=faq", <FaqSection />);
  await userEvent.click(await screen.findByRole("button", { name: /^Refunds/ }));
  await userEvent.click(question(refund));
  expect(question(refund)).toHaveAttribute("aria-expanded", "true");
  expect(url().search).toBe("?tab=faq");
});
