import { z } from "zod";
import { errorResponses, type OpenApiRegistrar } from "../../../platform/http/openapi";
import {
  CreateTicketBody,
  CreatedTicketDto,
  ListMessagesQuery,
  ListTicketsQuery,
  MarkReadBody,
  MessageDto,
  MessageListDto,
  PostMessageBody,
  TicketDto,
  TicketEventListDto,
  TicketIdParams,
  TicketListDto,
  UpdateTicketBody,
} from "./ticket.schemas";

const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const body = <T extends z.ZodType>(schema: T) => ({ body: { content: { "application/json": { schema } } } });

/** The Tickets section of the contract, from the schemas the controller parses with. */
export const registerSupportDocs: OpenApiRegistrar = (registry) => {
  const tags = ["Tickets"];
  registry.registerPath({
    method: "post",
    path: "/api/tickets",
    tags,
    summary: "File a ticket with its first message (shop users)",
    request: body(CreateTicketBody),
    responses: {
      201: json(CreatedTicketDto, "The ticket (status open) with its first message"),
      ...errorResponses(400, 401, 403, 429),
    },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets",
    tags,
    summary: "The queue (admins: all tickets; shops: their own shop's)",
    description:
      "Keyset pages: pass nextCursor as cursor for the next page; null means the last page. A cursor belongs to its sort.",
    request: { query: ListTicketsQuery },
    responses: { 200: json(TicketListDto, "A page of tickets"), ...errorResponses(400, 401, 403) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets/{id}",
    tags,
    summary: "One ticket",
    request: { params: TicketIdParams },
    responses: { 200: json(TicketDto, "The ticket"), ...errorResponses(401, 404) },
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
    request: { params: TicketIdParams, ...body(UpdateTicketBody) },
    responses: { 200: json(TicketDto, "The updated ticket"), ...errorResponses(400, 401, 403, 404, 409) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets/{id}/messages",
    tags,
    summary: "The thread, oldest first (a shop never sees internal notes)",
    request: { params: TicketIdParams, query: ListMessagesQuery },
    responses: { 200: json(MessageListDto, "Messages"), ...errorResponses(400, 401, 404) },
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
    request: { params: TicketIdParams, ...body(PostMessageBody) },
    responses: {
      200: json(MessageDto, "A repeated clientMessageId: the first message, nothing added"),
      201: json(MessageDto, "The new message"),
      ...errorResponses(400, 401, 403, 404, 409),
    },
  });
  registry.registerPath({
    method: "post",
    path: "/api/tickets/{id}/read",
    tags,
    summary: "Mark the other side's messages read",
    request: { params: TicketIdParams, ...body(MarkReadBody) },
    responses: { 204: { description: "Marked" }, ...errorResponses(400, 401, 404) },
  });
  registry.registerPath({
    method: "get",
    path: "/api/tickets/{id}/events",
    tags,
    summary: "The timeline: created, status, priority and assignee changes",
    request: { params: TicketIdParams },
    responses: { 200: json(TicketEventListDto, "Events, oldest first"), ...errorResponses(401, 404) },
  });
};
