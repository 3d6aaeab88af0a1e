/** Test helpers for the saved replies page: a stand-in saved replies API (msw) and the page rendered on it. */
import userEvent from "@testing-library/user-event";
import { http, HttpResponse } from "msw";
import type { CannedResponse } from "@parley/contract";
import { server } from "../../../../test/msw";
import { renderWithClient } from "../../../../test/render";
import CannedResponsesManager from "./CannedResponsesManager";

export const reply = (id: string, title: string): CannedResponse => ({
  id,
  title,
  body: `${title} text`,
  createdBy: null,
  createdAt: "2026-12-01T00:00:00.000Z",
  updatedAt: "2026-12-01T00:00:00.000Z",
});

/**
 * The saved replies API held in memory, refilled with "Refund policy" and "Shipping times" before each test:
 * it lists, adds, edits and deletes in `store.items`, which a test may replace before it renders.
 */
export function withSavedRepliesServer() {
  const store = { items: [] as CannedResponse[] };
  beforeEach(() => {
    store.items = [reply("c1", "Refund policy"), reply("c2", "Shipping times")];
    server.use(
      http.get("/api/canned-responses", () => HttpResponse.json({ items: store.items })),
      http.post("/api/canned-responses", async ({ request }) => {
        const saved = { ...reply(`c${store.items.length + 1}`, ""), ...((await request.json()) as object) };
        store.items = [...store.items, saved];
        return HttpResponse.json(saved, { status: 201 });
      }),
      http.patch("/api/canned-responses/:id", async ({ params, request }) => {
        const body = (await request.json()) as Partial<CannedResponse>;
        store.items = store.items.map((c) => (c.id === params.id ? { ...c, ...body } : c));
        return HttpResponse.json(store.items.find((c) => c.id === params.id));
      }),
      http.delete("/api/canned-responses/:id", ({ params }) => {
        store.items = store.items.filter((c) => c.id !== params.id);
        return new HttpResponse(null, { status: 204 });
      }),
    );
  });
  return store;
}

/** The page in a fresh query client and router, and a user to drive it. */
export function renderManager() {
  const user = userEvent.setup();
  return { user, ...renderWithClient(<CannedResponsesManager />) };
}
