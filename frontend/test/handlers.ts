import { http, HttpResponse } from "msw";
import type { Message } from "@parley/contract";

/** GET /api/tickets/:id/messages over `stored`, paged like the real endpoint (after=, limit=). */
export function messagesHandler(ticketId: string, stored: Message[]) {
  return http.get(`/api/tickets/${ticketId}/messages`, ({ request }) => {
    const url = new URL(request.url);
    const after = url.searchParams.get("after");
    const start = after ? stored.findIndex((m) => m.id === after) + 1 : 0;
    return HttpResponse.json({ items: stored.slice(start, start + Number(url.searchParams.get("limit"))) });
  });
}
