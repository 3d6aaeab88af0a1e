import {
  errorResponses,
  jsonBody,
  jsonResponse,
  type OpenApiRegistrar,
} from "../../../platform/http/openapi";
import {
  countTicketsQuerySchema,
  createTicketBodySchema,
  createdTicketSchema,
  listMessagesQuerySchema,
  listTicketEventsQuerySchema,
  listTicketsQuerySchema,
  markReadBodySchema,
  messageListSchema,
  messageSchema,
  postMessageBodySchema,
  ticketEventListSchema,
  ticketIdParamsSchema,
  ticketListSchema,
  TICKET_COUNT_CAP,
  ticketCountSchema,
  ticketSchema,
  updateTicketBodySchema,
} from "@parley/contract";

/** The Tickets section of the contract, from the schemas the controller parses with. */
export const registerSupportDocs: OpenApiRegistrar = (registry) => {
  const tags = ["Tickets"];
  const cap = TICKET_COUNT_CAP.toLocaleString("en-US");
  registry.registerPath({
    method: "post",
    path: "/api/tickets",
    tags,
    summary: "File a ticket with its first message (shop users)",
    request: jsonBody(createTicketBodySchema),
    responses: {
      201: jsonResponse(createdTicketSchema, "The ticket (status open) with its first message"),
      200: jsonResponse(
        createdTicketSchema,
        "A repeat of a clientMessageId already used for a ticket: that ticket, nothing filed",
      ),
      ...errorResponses(400, 401, 403, 409, 429),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets",
    tags,
    summary: "The queue (admins: all tickets; shops: their own shop's)",
    description:
      "Keyset pages: pass nextCursor as cursor for the next page; null means the last page. A cursor belongs to its sort.",
    request: { query: listTicketsQuerySchema },
    responses: { 200: jsonResponse(ticketListSchema, "A page of tickets"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets/count",
    tags,
    summary: `How many tickets match the queue's filters (counted up to ${cap})`,
    description:
      "The filters of GET /api/tickets, scoped the same way (a shop counts its own shop's tickets only; a search " +
      "matches internal notes for admins only); sort, limit and cursor are unknown here (400). Counting stops at " +
      `${cap}: then count is ${cap} and capped is true (at least that many).`,
    request: { query: countTicketsQuerySchema },
    responses: { 200: jsonResponse(ticketCountSchema, "The count"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets/{id}",
    tags,
    summary: "One ticket",
    request: { params: ticketIdParamsSchema },
    responses: { 200: jsonResponse(ticketSchema, "The ticket"), ...errorResponses(401, 404) },
  });
  registry.registerPath({
    method: "patch",
    path: "/api/tickets/{id}",
    tags,
    summary: "Change status, priority or assignee",
    description:
      "Admins: every field. Shops: status to closed or open (reopen) only; priority or assigneeId is 403. " +
      "Lifecycle: open → in_progress → resolved → closed; admins also open → resolved and * → closed; a shop may close " +
      "from any status; admins and the shop may reopen a resolved or closed ticket. Anything else: 409 INVALID_TRANSITION. " +
      "A non-admin assignee: 400.",
    request: { params: ticketIdParamsSchema, ...jsonBody(updateTicketBodySchema) },
    responses: {
      200: jsonResponse(ticketSchema, "The updated ticket"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets/{id}/messages",
    tags,
    summary: "The thread, oldest first (a shop never sees internal notes)",
    request: { params: ticketIdParamsSchema, query: listMessagesQuerySchema },
    responses: { 200: jsonResponse(messageListSchema, "Messages"), ...errorResponses(400, 401, 404) },
  });
  registry.registerPath({
    method: "post",
    path: "/api/tickets/{id}/messages",
    tags,
    summary: "Reply, or (admins) write an internal note",
    description:
      "The first public admin reply to an open ticket moves it to in_progress and sets firstResponseAt; a shop message " +
      "on a resolved ticket reopens it; any message on a closed ticket is 409 INVALID_TRANSITION. With " +
      "expectedLastMessageId, a newer message from the other side gives 409 CONFLICT whose details[0] is " +
      "{path: 'expectedLastMessageId', message, newerMessages: Message[]}.",
    request: { params: ticketIdParamsSchema, ...jsonBody(postMessageBodySchema) },
    responses: {
      200: jsonResponse(messageSchema, "A repeated clientMessageId: the first message, nothing added"),
      201: jsonResponse(messageSchema, "The new message"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/tickets/{id}/read",
    tags,
    summary: "Mark the other side's messages read",
    request: { params: ticketIdParamsSchema, ...jsonBody(markReadBodySchema) },
    responses: { 204: { description: "Marked" }, ...errorResponses(400, 401, 404) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets/{id}/events",
    tags,
    summary: "The timeline: created, status, priority and assignee changes (`include=all`: every kind)",
    request: { params: ticketIdParamsSchema, query: listTicketEventsQuerySchema },
    responses: {
      200: jsonResponse(ticketEventListSchema, "Events, oldest first"),
      ...errorResponses(400, 401, 404),
    },
  });
};
