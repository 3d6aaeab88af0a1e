import { http, HttpResponse } from "msw";
import type { Message, SavedView, Ticket } from "@parley/contract";

/** GET /api/tickets/:id/messages over `stored`, paged like the real endpoint (after=, limit=). */
export function messagesHandler(ticketId: string, stored: Message[]) {
  return http.get(`/api/tickets/${ticketId}/messages`, ({ request }) => {
    const url = new URL(request.url);
    const after = url.searchParams.get("after");
    const start = after ? stored.findIndex((m) => m.id === after) + 1 : 0;
    return HttpResponse.json({ items: stored.slice(start, start + Number(url.searchParams.get("limit"))) });
  });
}

/**
 * The admin queue's API over `tickets` and `views`: the list, each ticket with an empty thread and
 * timeline, saved views (a POST adds to `views`, so a refetch lists the new one), and empty answers for
 * the page's other look-ups (people, saved replies, SLA targets...).
 */
export function adminQueueHandlers(opts: { tickets: Ticket[]; views?: SavedView[] }) {
  const views = opts.views ?? [];
  return [
    http.get("/api/tickets", () => HttpResponse.json({ items: opts.tickets, nextCursor: null })),
    // Before /api/tickets/:id, as on the server.
    http.get("/api/tickets/count", () => HttpResponse.json({ count: opts.tickets.length, capped: false })),
    http.get("/api/views", () => HttpResponse.json({ items: views })),
    http.post("/api/views", async ({ request }) => {
      const body = (await request.json()) as Pick<SavedView, "name" | "shared" | "filters">;
      const view: SavedView = { id: `view-${views.length + 1}`, ownerId: "admin-me", count: 0, ...body };
      views.push(view);
      return HttpResponse.json(view, { status: 201 });
    }),
    http.get("/api/tickets/:id/messages", () => HttpResponse.json({ items: [] })),
    http.get("/api/tickets/:id/events", () => HttpResponse.json({ items: [] })),
    http.get("/api/tickets/:id", ({ params }) =>
      HttpResponse.json(opts.tickets.find((t) => t.id === params.id) ?? opts.tickets[0]),
    ),
    http.post("/api/tickets/:id/read", () => new HttpResponse(null, { status: 204 })),
    http.get("/api/*", () => HttpResponse.json({ items: [] })),
  ];
}
