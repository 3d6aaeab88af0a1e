import { Router } from "express";
import { parse } from "../../../platform/http/validate";
import { principalOf } from "../../../platform/http/auth";
import type { TicketService } from "../service/ticket.service";
import type { MessageService } from "../service/message.service";
import {
  createTicketBodySchema,
  listMessagesQuerySchema,
  listTicketsQuerySchema,
  markReadBodySchema,
  postMessageBodySchema,
  updateTicketBodySchema,
} from "@parley/contract";
import { toMessageDto, toTicketDto, toTicketEventDto } from "./ticket.mappers";

/** /api/tickets: mounted behind authenticate. Parse, call one service method, map, set the status. */
export function createTicketsRouter(deps: { tickets: TicketService; messages: MessageService }) {
  const { tickets, messages } = deps;
  const router = Router();

  router.post("/", async (req, res) => {
    const body = parse(createTicketBodySchema, req.body ?? {}, "ticket");
    const { ticket, message } = await tickets.createTicket(principalOf(req), body);
    res.status(201).json({ ...toTicketDto(ticket, ticket.unreadCount), message: toMessageDto(message) });
  });

  router.get("/", async (req, res) => {
    const query = parse(listTicketsQuerySchema, req.query, "query");
    const page = await tickets.listTickets(principalOf(req), query);
    res.json({
      items: page.items.map((t) =>
        t.searchSnippet === undefined
          ? toTicketDto(t, t.unreadCount)
          : { ...toTicketDto(t, t.unreadCount), searchSnippet: t.searchSnippet },
      ),
      nextCursor: page.nextCursor,
    });
  });

  router.get("/:id", async (req, res) => {
    const ticket = await tickets.getTicket(principalOf(req), req.params.id);
    res.json(toTicketDto(ticket, ticket.unreadCount));
  });

  router.patch("/:id", async (req, res) => {
    const body = parse(updateTicketBodySchema, req.body ?? {}, "ticket update");
    const ticket = await tickets.updateTicket(principalOf(req), req.params.id, body);
    res.json(toTicketDto(ticket, ticket.unreadCount));
  });

  router.get("/:id/messages", async (req, res) => {
    const query = parse(listMessagesQuerySchema, req.query, "query");
    const items = await messages.listMessages(principalOf(req), req.params.id, query);
    res.json({ items: items.map(toMessageDto) });
  });

  router.post("/:id/messages", async (req, res) => {
    const body = parse(postMessageBodySchema, req.body ?? {}, "message");
    const { message, created } = await messages.postMessage(principalOf(req), req.params.id, body);
    res.status(created ? 201 : 200).json(toMessageDto(message));
  });

  router.post("/:id/read", async (req, res) => {
    const body = parse(markReadBodySchema, req.body ?? {}, "read request");
    await messages.markRead(principalOf(req), req.params.id, body.upToMessageId);
    res.status(204).end();
  });

  router.get("/:id/events", async (req, res) => {
    const items = await tickets.listEvents(principalOf(req), req.params.id);
    res.json({ items: items.map(toTicketEventDto) });
  });

  return router;
}
