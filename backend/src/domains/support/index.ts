import type { Knex } from "knex";
import { createTicketRepository } from "./repository/ticket.repository";
import { createMessageRepository } from "./repository/message.repository";
import { createEventRepository } from "./repository/event.repository";
import { createReadStateRepository } from "./repository/read-state.repository";
import { createTicketService, type SupportIdentityPort } from "./service/ticket.service";
import { noSla, type SupportSlaPort } from "./service/sla.port";
import { createMessageService } from "./service/message.service";
import type { SupportAttachmentsPort } from "./service/attachments.port";
import { noNotify, type SupportNotifyPort } from "./service/notify.port";
import { noSupportEvents, type SupportEvents } from "./service/support.events";
import { safeEmitter } from "./service/access";
import { createTicketsRouter } from "./controller/tickets.controller";
import { registerSupportDocs } from "./controller/tickets.openapi";
import { toMessageDto, toTicketDto } from "./controller/ticket.mappers";
import { createSupportSocketPublisher, registerSupportSocketHandlers } from "./controller/support.socket";
import type { SupportNamespace } from "../../platform/realtime";

/** Composition root of the support domain: tickets, messages, timeline, read state. */
export function createSupportModule(deps: {
  db: Knex;
  identity: SupportIdentityPort;
  /** The SLA clock (the analytics domain); without it tickets carry no deadlines. */
  sla?: SupportSlaPort;
  attachments: SupportAttachmentsPort;
  /** The notifications outbox (the notifications domain); without it nothing is sent off-panel. */
  notify?: SupportNotifyPort;
  events?: SupportEvents;
  onEventError?: (err: unknown) => void;
}) {
  const repos = {
    tickets: createTicketRepository(deps.db),
    messages: createMessageRepository(),
    events: createEventRepository(),
    reads: createReadStateRepository(),
  };
  // Events are looked up at emit time, so the socket layer can attach itself after the module is built.
  let listener: SupportEvents = deps.events ?? noSupportEvents;
  const emit = safeEmitter(
    {
      ticketCreated: (t) => listener.ticketCreated(t),
      ticketUpdated: (t) => listener.ticketUpdated(t),
      messageCreated: (m, t) => listener.messageCreated(m, t),
      messageRead: (r) => listener.messageRead(r),
    },
    deps.onEventError ?? (() => {}),
  );
  const sla = deps.sla ?? noSla;
  const notify = deps.notify ?? noNotify;
  const ticketService = createTicketService({
    db: deps.db,
    ...repos,
    emit,
    sla,
    notify,
    identity: deps.identity,
    attachments: deps.attachments,
  });
  const messageService = createMessageService({
    db: deps.db,
    ...repos,
    emit,
    sla,
    notify,
    attachments: deps.attachments,
  });
  const service = {
    ...ticketService,
    ...messageService,
  };
  return {
    service,
    router: createTicketsRouter({ tickets: ticketService, messages: messageService }),
    registerOpenApi: registerSupportDocs,
    toTicketDto,
    toMessageDto,
    /** Replaces the event listener (the socket layer, once its server exists). */
    setEvents(events: SupportEvents) {
      listener = events;
    },
    /** Wires the socket side: events go to the namespace's rooms, client events are handled. */
    attachRealtime(nsp: SupportNamespace) {
      const publisher = createSupportSocketPublisher();
      publisher.attach(nsp);
      registerSupportSocketHandlers(nsp, {
        findVisibleTicket: (principal, ticketId) => ticketService.findVisibleTicket(principal, ticketId),
      });
      listener = publisher;
    },
  };
}

export type SupportModule = ReturnType<typeof createSupportModule>;
export type { SupportEvents, TicketSnapshot, MessageRead } from "./service/support.events";
export type { SupportSlaPort } from "./service/sla.port";
