import { Router } from "express";
import { noQuery, parse } from "../../../platform/http/validate";
import { principalOf } from "../../../platform/http/auth";
import type { Role } from "@parley/contract";
import type { ListedPage, TicketService } from "../service/ticket.service";
import type { MessageService } from "../service/message.service";
import {
  countTicketsQuerySchema,
  createTicketBodySchema,
  listMessagesQuerySchema,
  listTicketEventsQuerySchema,
  listTicketsQuerySchema,
  markReadBodySchema,
  postMessageBodySchema,
  updateTicketBodySchema,
} from "@parley/contract";
import { toMessageDto, toTicketDto, toTicketEventDto } from "./ticket.mappers";
import type { VisitorDetails } from "./ticket-visitors";

/** /api/tickets: mounted behind authenticate. Parse, call one service method, map, set the status. */
export function createTicketsRouter(deps: {
  tickets: TicketService;
  messages: MessageService;
  /** Issue 18: who a visitor is, on the admins' copies of visitor conversations. */
  visitorDetails?: VisitorDetails;
}) {
  const { tickets, messages } = deps;
  const withVisitors = deps.visitorDetails ?? (<T>(_role: unknown, dtos: T[]) => Promise.resolve(dtos));
  const router = Router();

  router.post("/", noQuery, async (req, res) => {
    const body = parse(createTicketBodySchema, req.body ?? {}, "ticket");
    const principal = principalOf(req);
    const { ticket, message, replayed } = await tickets.createTicket(principal, body);
    res
      .status(replayed ? 200 : 201)
      .json({ ...toTicketDto(ticket, ticket.unreadCount, principal.role), message: toMessageDto(message) });
  });

  // Requests that shared one read (TicketService.listTickets) share its body too: mapped and serialized
  // once, not once per request. A shared page has one role (the role is part of the read's key).
  const bodies = new WeakMap<ListedPage, Promise<string>>();
  const pageBody = async (page: ListedPage, role: Role): Promise<string> => {
    const items = page.items.map((t) =>
      t.searchSnippet === undefined
        ? toTicketDto(t, t.unreadCount, role)
        : { ...toTicketDto(t, t.unreadCount, role), searchSnippet: t.searchSnippet },
    );
    return JSON.stringify({ items: await withVisitors(role, items), nextCursor: page.nextCursor });
  };
  const sharedPageBody = (page: ListedPage, role: Role): Promise<string> => {
    let body = bodies.get(page);
    if (!body) bodies.set(page, (body = pageBody(page, role)));
    return body;
  };

  router.get("/", async (req, res) => {
    const query = parse(listTicketsQuerySchema, req.query, "query");
    const principal = principalOf(req);
    const page = await tickets.listTickets(principal, query);
    res.type("json").send(await sharedPageBody(page, principal.role));
  });

  // Declared before /:id, which would otherwise read "count" as a ticket id (and answer 404).
  router.get("/count", async (req, res) => {
    const query = parse(countTicketsQuerySchema, req.query, "query");
    res.json(await tickets.countTickets(principalOf(req), query));
  });

  router.get("/:id", noQuery, async (req, res) => {
    const principal = principalOf(req);
    const ticket = await tickets.getTicket(principal, req.params.id);
    const [dto] = await withVisitors(principal.role, [
      toTicketDto(ticket, ticket.unreadCount, principal.role),
    ]);
    res.json(dto);
  });

  router.patch("/:id", noQuery, async (req, res) => {
    const body = parse(updateTicketBodySchema, req.body ?? {}, "ticket update");
    const principal = principalOf(req);
    const ticket = await tickets.updateTicket(principal, req.params.id, body);
    const [dto] = await withVisitors(principal.role, [
      toTicketDto(ticket, ticket.unreadCount, principal.role),
    ]);
    res.json(dto);
  });

  router.get("/:id/messages", async (req, res) => {
    const query = parse(listMessagesQuerySchema, req.query, "query");
    const items = await messages.listMessages(principalOf(req), req.params.id, query);
    res.json({ items: items.map(toMessageDto) });
  });

  router.post("/:id/messages", noQuery, async (req, res) => {
    const body = parse(postMessageBodySchema, req.body ?? {}, "message");
    const { message, created } = await messages.postMessage(principalOf(req), req.params.id, body);
    res.status(created ? 201 : 200).json(toMessageDto(message));
  });

  router.post("/:id/read", noQuery, async (req, res) => {
    const body = parse(markReadBodySchema, req.body ?? {}, "read request");
    await messages.markRead(principalOf(req), req.params.id, body.upToMessageId);
    res.status(204).end();
  });

  router.get("/:id/events", async (req, res) => {
    const { include } = parse(listTicketEventsQuerySchema, req.query, "query");
    const items = await tickets.listEvents(principalOf(req), req.params.id, { all: include === "all" });
    res.json({ items: items.map(toTicketEventDto) });
  });

  return router;
}
