/** Test helpers for the FAQ components: a routed fetch mock and a query-client wrapper. */
import type { ReactNode } from "react";
import { render } from "@testing-library/react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { MemoryRouter } from "react-router";
import type { FaqArticle } from "../../services/api/faq";

let n = 0;
export function makeArticle(over: Partial<FaqArticle> = {}): FaqArticle {
  n += 1;
  const now = new Date().toISOString();
  return {
    id: `20000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    audience: "both",
    category: "Orders",
    question: `Question ${n}?`,
    answer: `Answer ${n}.`,
    answerHtml: `<p>Answer ${n}.</p>`,
    position: n,
    published: true,
    helpful: 0,
    notHelpful: 0,
    createdAt: now,
    updatedAt: now,
    ...over,
  };
}

export type Call = { method: string; path: string; query: URLSearchParams; body: unknown };
type Handler = (call: Call) => { status?: number; body?: unknown } | undefined;

/** Replaces fetch; each request goes to the first handler that answers it. Returns the calls seen. */
export function mockFetch(handler: Handler): Call[] {
  const calls: Call[] = [];
  vi.stubGlobal(
    "fetch",
    vi.fn(async (input: string, init: RequestInit = {}) => {
      const url = new URL(input, "http://localhost");
      const call: Call = {
        method: init.method ?? "GET",
        path: url.pathname,
        query: url.searchParams,
        body: init.body ? JSON.parse(String(init.body)) : undefined,
      };
      calls.push(call);
      const res = handler(call) ?? {
        status: 404,
        body: { error: { code: "NOT_FOUND", message: "No route" } },
      };
      const status = res.status ?? 200;
      return new Response(status === 204 ? null : JSON.stringify(res.body ?? {}), {
        status,
        headers: { "Content-Type": "application/json" },
      });
    }),
  );
  return calls;
}

export function renderWithClient(ui: ReactNode) {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  return render(
    <QueryClientProvider client={client}>
      <MemoryRouter>{ui}</MemoryRouter>
    </QueryClientProvider>,
  );
}
