/**
 * The widget's FAQ search as a screen reader hears it: what a search found is said in a status region that
 * was there before the answer came, and a search that failed says so instead of "No articles match" (and
 * is not reported as a search that found nothing).
 */
import { expect, test, vi } from "vitest";
import { http, HttpResponse } from "msw";
import { requested, server } from "./msw";
import { api, mountWidget } from "./mount-widget";

vi.mock("socket.io-client", () => ({ io: () => ({ on: () => undefined, disconnect: () => undefined }) }));

const article = (id: string, question: string) => ({ id, question, answerHtml: `<p>${question}</p>` });

async function openSearch() {
  server.use(http.post(api("/api/faq/events"), () => new HttpResponse(null, { status: 204 })));
  const widget = await mountWidget();
  widget.root.querySelector<HTMLButtonElement>("button[aria-expanded]")!.click();
  const input = widget.root.querySelector<HTMLInputElement>("input[type=search]")!;
  const status = widget.root.querySelector(".panel [role=status]");
  const type = (q: string) => {
    input.value = q;
    input.dispatchEvent(new Event("input"));
  };
  return { root: widget.root, status, type };
}

test("when a visitor's search finds articles or none, then the status region that was already there says so", async () => {
  server.use(
    http.get(api("/api/faq/suggest"), ({ request }) =>
      HttpResponse.json({
        items:
          new URL(request.url).searchParams.get("q") === "refund"
            ? [article("a1", "When will I get my refund?"), article("a2", "How do I return an item?")]
            : [],
      }),
    ),
  );
  const { status, type } = await openSearch();
  expect(status).not.toBeNull();

  type("refund");
  await vi.waitFor(() => expect(status!.textContent).toBe("2 articles found"));
  type("xyzzy");
  await vi.waitFor(() => expect(status!.textContent).toBe("No articles match"));
  expect(status!.isConnected).toBe(true);
});

test("when the search cannot reach Parley, then it says so and reports no search that found nothing", async () => {
  server.use(http.get(api("/api/faq/suggest"), () => HttpResponse.error()));
  const sent = requested();
  const { root, type } = await openSearch();

  type("refund");
  await vi.waitFor(() =>
    expect(root.querySelector(".results")!.textContent).toContain("Search is not available right now"),
  );
  expect(root.querySelector(".results")!.textContent).not.toContain("No articles match");
  expect(sent.filter((r) => r === "POST /api/faq/events")).toEqual([]);
});
