import type { ComponentType } from "react";
import { http, HttpResponse } from "msw";
import type { Admin, Message, PostMessageBody, Ticket } from "@parley/contract";
import type { TicketConversationProps } from "../src/features/tickets/components/TicketConversation";
import { makeMessage, makeTicket } from "./fixtures";
import { recordRequests, server } from "./msw";
import { messagesHandler } from "./handlers";
import { renderWithClient } from "./render";

export const ME = { id: "admin-me", name: "Me" };

export type ConversationOptions = {
  ticket?: Partial<Ticket>;
  side?: "admin" | "shop";
  /** The answer to PATCH /api/tickets/:id (default: the ticket with the patch applied). */
  patch?: (ticket: Ticket, body: Partial<Ticket>) => Response;
  /** Awaited before a POST of a message is answered (to hold the server's answer back). */
  beforePost?: () => Promise<void>;
  /** The team GET /api/admins lists (default: none). */
  admins?: Admin[];
  /** Messages already on the ticket, after the shop's first one. */
  messages?: Partial<Message>[];
};

/**
 * The conversation pane (passed in: test files import it after mocking the socket) over the msw API: one
 * ticket with a message from the shop; a POST answers with the saved copy, a PATCH applies the change.
 * `requests()` lists what was sent, in order.
 */
export function renderConversation(
  TicketConversation: ComponentType<TicketConversationProps>,
  opts: ConversationOptions = {},
) {
  const side = opts.side ?? "admin";
  const ticket = makeTicket({ status: "in_progress", ...opts.ticket });
  const stored: Message[] = [
    makeMessage({ ticketId: ticket.id, body: "My parcel is lost" }),
    ...(opts.messages ?? []).map((m) => makeMessage({ ticketId: ticket.id, ...m })),
  ];
  server.use(
    http.get(`/api/tickets/${ticket.id}`, () => HttpResponse.json(ticket)),
    messagesHandler(ticket.id, stored),
    http.post(`/api/tickets/${ticket.id}/read`, () => new HttpResponse(null, { status: 204 })),
    http.get("/api/admins", () => HttpResponse.json({ items: opts.admins ?? [] })),
    http.post(`/api/tickets/${ticket.id}/messages`, async ({ request }) => {
      const input = (await request.json()) as PostMessageBody;
      await opts.beforePost?.();
      const saved = makeMessage({
        ticketId: ticket.id,
        senderType: side,
        senderId: ME.id,
        senderName: ME.name,
        body: input.body,
        internal: input.internal ?? false,
        clientMessageId: input.clientMessageId ?? null,
      });
      stored.push(saved);
      return HttpResponse.json(saved, { status: 201 });
    }),
    http.patch(`/api/tickets/${ticket.id}`, async ({ request }) => {
      const body = (await request.json()) as Partial<Ticket>;
      return opts.patch?.(ticket, body) ?? HttpResponse.json({ ...ticket, ...body });
    }),
  );
  const sent = recordRequests();
  const view = renderWithClient(
    <TicketConversation ticketId={ticket.id} side={side} me={ME} onBack={() => {}} closedReason="Closed." />,
  );
  const posts = () => sent.filter((r) => r.method === "POST" && r.path.endsWith("/messages"));
  /** The sends and ticket changes, in order (not the read receipts). */
  const writes = () => sent.filter((r) => posts().includes(r) || r.method === "PATCH");
  return { ticket, sent, posts, writes, view };
}

/** Another admin's public reply, as the socket delivers it. */
export const colleagueReply = (ticketId: string, over: Partial<Message> = {}) =>
  makeMessage({
    ticketId,
    senderType: "admin",
    senderId: "admin-sam",
    senderName: "Sam",
    body: "Refund issued, sorry!",
    ...over,
  });
