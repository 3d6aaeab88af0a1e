import { render, screen, waitFor, within } from "@testing-library/react";
import { QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { FaqArticle } from "@parley/contract";
import FaqSection from "../../../components/shop/FAQSection";
import CustomerFaqSection from "../../../components/customer/CustomerFAQSection";
import FaqBrowser from "./FaqBrowser";
import { makeArticle } from "../../../../test/fixtures";
import { recordRequests, server } from "../../../../test/msw";
import { renderWithClient, testQueryClient } from "../../../../test/render";

const payout = makeArticle({
  audience: "shop",
  category: "Payouts",
  question: "My payout is late. What can I do?",
});
const label = makeArticle({
  audience: "shop",
  category: "Shipping",
  question: "How do I buy shipping labels?",
});

function faqList(answer: (q: string | null) => FaqArticle[]) {
  server.use(
    http.get("/api/faq", ({ request }) =>
      HttpResponse.json({ items: answer(new URL(request.url).searchParams.get("q")) }),
    ),
  );
  return recordRequests();
}

test("when the shop FAQ loads, then it asks for the shop audience and groups articles by category", async () => {
  const sent = faqList(() => [payout, label]);
  renderWithClient(<FaqSection />);
  expect(screen.getByRole("status", { name: "Loading the FAQ" })).toBeInTheDocument();
  const payouts = await screen.findByRole("region", { name: "Payouts" });
  expect(within(payouts).getByRole("button", { name: payout.question })).toBeInTheDocument();
  expect(sent[0]!.query.get("audience")).toBe("shop");

  await userEvent.click(screen.getByRole("button", { name: /Shipping/ }));
  expect(screen.queryByRole("region", { name: "Payouts" })).not.toBeInTheDocument();
  expect(screen.getByRole("button", { name: label.question })).toBeInTheDocument();
});

test("when the customer searches and presses Enter, then the search is sent at once; nothing found shows an empty state", async () => {
  const sent = faqList((q) => (q ? [] : [makeArticle({ audience: "customer" })]));
  renderWithClient(<CustomerFaqSection />);
  await screen.findByRole("button", { name: /Question/ });
  await userEvent.type(screen.getByRole("searchbox", { name: "Search the FAQ" }), "teleport{Enter}");
  expect(await screen.findByText("No answers found for “teleport”")).toBeInTheDocument();
  expect(sent.every((c) => c.query.get("audience") === "customer")).toBe(true);
  expect(sent.some((c) => c.query.get("q") === "teleport")).toBe(true);
});

test("when the FAQ cannot be loaded, then an error with a retry is shown", async () => {
  let fail = true;
  server.use(
    http.get("/api/faq", () =>
      fail
        ? HttpResponse.json({ error: { code: "INTERNAL", message: "down" } }, { status: 500 })
        : HttpResponse.json({ items: [payout] }),
    ),
  );
  renderWithClient(<FaqSection />);
  expect(await screen.findByRole("alert")).toHaveTextContent("The FAQ could not be loaded.");
  fail = false;
  await userEvent.click(screen.getByRole("button", { name: "Try again" }));
  expect(await screen.findByRole("button", { name: payout.question })).toBeInTheDocument();
});

test("when a search finds answers and then nothing, then both outcomes are spoken by one live region mounted from the start", async () => {
  faqList((q) => (q === "payout" ? [payout] : q ? [] : [payout, label]));
  const { container } = renderWithClient(<FaqSection />);
  // The spoken result has no role of its own: a polite region that stays mounted across results and no results.
  const live = () => container.querySelectorAll<HTMLElement>('[aria-live="polite"]');
  expect(live()).toHaveLength(1);
  const region = live()[0]!;
  expect(region).toHaveTextContent(/^$/);
  await screen.findByRole("region", { name: "Payouts" });
  expect(region).toHaveTextContent(/^$/); // browsing, not searching: nothing to say

  const search = screen.getByRole("searchbox", { name: /Search/ });
  await userEvent.type(search, "payout{Enter}");
  await waitFor(() => expect(region).toHaveTextContent("1 answer found"));

  await userEvent.clear(search);
  await userEvent.type(search, "qqqxxzz{Enter}");
  expect(await screen.findByText("No answers found for “qqqxxzz”")).toBeInTheDocument();
  // The same node that spoke the count speaks the empty result (it was unmounted with the results).
  expect(region).toBeInTheDocument();
  expect(region).toHaveTextContent(/^No answers found$/);

  // Another search that finds nothing is said again: new words or not, a new node in the region.
  const before = region.firstElementChild;
  await userEvent.clear(search);
  await userEvent.type(search, "zzzqqq{Enter}");
  expect(await screen.findByText("No answers found for “zzzqqq”")).toBeInTheDocument();
  expect(region).toHaveTextContent(/^No answers found$/);
  expect(region.firstElementChild).not.toBe(before);
});

test("when a new search is still being fetched, then the previous result's count is not spoken under it", () => {
  const props = {
    state: "ready" as const,
    category: null,
    onCategory: () => {},
    search: { text: "", onChange: () => {}, onSubmit: () => {}, onClear: () => {} },
  };
  const many = Array.from({ length: 20 }, () => makeArticle({ audience: "shop" }));
  const client = testQueryClient();
  const { rerender, container } = render(<FaqBrowser {...props} articles={many} q="delivery" />, {
    wrapper: ({ children }) => (
      <QueryClientProvider client={client}>
        <MemoryRouter>{children}</MemoryRouter>
      </QueryClientProvider>
    ),
  });
  const region = container.querySelector("[aria-live]")!;
  expect(region).toHaveTextContent(/^20 answers found$/);
  // "refund" typed: the list still holds delivery's 20 while refund's are fetched.
  rerender(<FaqBrowser {...props} articles={many} q="refund" fetching showingPrevious />);
  expect(region).toHaveTextContent(/^$/);
  rerender(<FaqBrowser {...props} articles={many.slice(0, 5)} q="refund" />);
  expect(region).toHaveTextContent(/^5 answers found$/);
  // A refetch of the same search in the background (window focus) leaves the words alone.
  rerender(<FaqBrowser {...props} articles={many.slice(0, 5)} q="refund" fetching />);
  expect(region).toHaveTextContent(/^5 answers found$/);
});

test("when the FAQ failed to load and Try again works, then the focus goes to what loaded, not to <body>", async () => {
  let fail = true;
  server.use(
    http.get("/api/faq", () =>
      fail
        ? HttpResponse.json({ error: { code: "INTERNAL", message: "Boom", requestId: "r" } }, { status: 500 })
        : HttpResponse.json({ items: [payout, label] }),
    ),
  );
  renderWithClient(<FaqSection />);
  const retry = await screen.findByRole("button", { name: "Try again" });
  fail = false;
  retry.focus();
  await userEvent.keyboard("{Enter}");
  await screen.findByRole("region", { name: "Payouts" });
  // The first control of the loaded FAQ: the category filter's first chip.
  await waitFor(() =>
    expect(
      within(screen.getByRole("navigation", { name: "FAQ categories" })).getAllByRole("button")[0],
    ).toHaveFocus(),
  );
});
