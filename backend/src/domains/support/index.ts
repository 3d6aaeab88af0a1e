import { createGroupCommit } from "../../platform/group-commit";
import type { Knex } from "knex";
import { createTicketRepository } from "./repository/ticket.repository";
import { createMessageRepository } from "./repository/message.repository";
import { createEventRepository } from "./repository/event.repository";
import { createReadStateRepository } from "./repository/read-state.repository";
import { createTicketService, type SupportIdentityPort } from "./service/ticket.service";
import { noSla, type SupportSlaPort } from "./service/sla.port";
import { createPostRepository } from "./repository/post.repository";
import { createMessageService } from "./service/message.service";
import type { SupportAttachmentsPort } from "./service/attachments.port";
import { noNotify, type SupportNotifyPort } from "./service/notify.port";
import { noSupportEvents, type SupportEvents } from "./service/support.events";
import { safeEmitter } from "./service/access";
import { createTicketsRouter } from "./controller/tickets.controller";
import { registerSupportDocs } from "./controller/tickets.openapi";
import { registerTeamDocs } from "./controller/team.openapi";
import { toMessageDto, toTicketDto } from "./controller/ticket.mappers";
import { createSupportSocketPublisher, registerSupportSocketHandlers } from "./controller/support.socket";
import type { ClusterPeers, SupportNamespace } from "../../platform/realtime";
import type { OpenApiRegistrar } from "../../platform/http/openapi";
import { createTeamRepository } from "./repository/team.repository";
import { createAssignmentService } from "./service/assignment.service";
import { createBulkService } from "./service/bulk.service";
import { createMergeService } from "./service/merge.service";
import { createSatisfactionService } from "./service/satisfaction.service";
import { createTagsService } from "./service/tags.service";
import {
  noLowSatisfactionOutbox,
  noTeamEvents,
  noSavedViewEvents,
  type SavedViewEvents,
  type LowSatisfactionOutboxPort,
  type TeamEvents,
} from "./service/team.events";
import { createTeamRouter, type TeamAdminsPort, type TeamGuards } from "./controller/team.controller";
import { createTeamSocket, PRESENCE_RENEW_MS } from "./controller/team.socket";
import { noVisitors, type SupportVisitorsPort } from "./service/visitors.port";
import { createVisitorDetails } from "./controller/ticket-visitors";

const OFFLINE_SWEEP_MS = 15_000;
/** The most message posts one transaction holds (a group is what arrived while the lane's last one ran). */
const POST_GROUP_MAX = 32;

/** Composition root of the support domain: tickets, messages, timeline, read state. */
export function createSupportModule(deps: {
  db: Knex;
  /** Connections that write message posts in groups (platform/group-commit.ts); 0 or absent: none. */
  postLanes?: number;
  /** Told each group's size as it commits (a metric). */
  postGroupSize?: { observe(size: number): void };
  identity: SupportIdentityPort;
  /** The SLA clock (the analytics domain); without it tickets carry no deadlines. */
  sla?: SupportSlaPort;
  attachments: SupportAttachmentsPort;
  /** The notifications outbox (the notifications domain); without it nothing is sent off-panel. */
  notify?: SupportNotifyPort;
  events?: SupportEvents;
  onEventError?: (err: unknown) => void;
  /** Issue 18: who wrote a visitor conversation (the visitors domain), for admins. */
  visitors?: SupportVisitorsPort;
  /** Team operations (issue 16): the admin team from identity, the guards for its routes. */
  team: {
    guards: TeamGuards;
    admins: TeamAdminsPort;
    isActive(userId: string): Promise<boolean>;
    /** The notifications outbox hook for low satisfaction scores (another branch fills it in). */
    lowSatisfactionOutbox?: LowSatisfactionOutboxPort;
  };
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
      ticketUpdated: (t, audience) => listener.ticketUpdated(t, audience),
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
    posts: createPostRepository(),
    postCommits: createGroupCommit(deps.db, {
      lanes: deps.postLanes ?? 0,
      maxGroup: POST_GROUP_MAX,
      onCommit: (size) => deps.postGroupSize?.observe(size),
    }),
    emit,
    sla,
    notify,
    identity: deps.identity,
    attachments: deps.attachments,
  });
  // ---- team operations ----
  let sweeper: NodeJS.Timeout | undefined;
  let presenceTimer: NodeJS.Timeout | undefined;
  const teamRepo = createTeamRepository();
  let teamListener: TeamEvents = noTeamEvents;
  let viewListener: SavedViewEvents = noSavedViewEvents;
  const teamDeps = {
    db: deps.db,
    ...repos,
    emit,
    sla,
    notify,
    attachments: deps.attachments,
    team: teamRepo,
  };
  const assignment = createAssignmentService({
    ...teamDeps,
    // The team is small (the admin list is one short query), and deactivated admins count as existing.
    admins: { exists: async (userId) => (await deps.team.admins.list()).some((a) => a.id === userId) },
  });
  const bulk = createBulkService({
    ...teamDeps,
    identity: { ...deps.identity, isActive: (userId) => deps.team.isActive(userId) },
    teamEvents: () => teamListener,
    onError: deps.onEventError ?? (() => {}),
    returnToQueue: (ticketId, fromUserId) => assignment.returnToQueue(ticketId, fromUserId, null),
    // What PATCH's reopening calls (through `offer`): auto-assignment, under the ticket's own lock.
    offer: (ticketId) => assignment.autoAssign(ticketId),
  });
  const merge = createMergeService(teamDeps);
  const satisfaction = createSatisfactionService({
    ...teamDeps,
    teamEvents: () => teamListener,
    outbox: deps.team.lowSatisfactionOutbox ?? noLowSatisfactionOutbox,
    isActive: (userId) => deps.team.isActive(userId),
  });
  const tags = createTagsService({ ...teamDeps, viewEvents: () => viewListener });
  const teamSocket = createTeamSocket({
    setPresence: (userId, online) => assignment.setPresence(userId, online),
    renewPresence: (userIds) => assignment.renewPresence(userIds),
    expirePresence: (leaseS) => assignment.expirePresence(leaseS),
    onError: deps.onEventError ?? (() => {}),
  });
  // New and reopened tickets are offered to auto-assignment after their own commit.
  const offer = async <T extends { id: string; status: string; assigneeId: string | null }>(
    t: T,
  ): Promise<T> => {
    if (t.status !== "open" || t.assigneeId !== null) return t;
    const assigned = await assignment.autoAssign(t.id);
    return assigned ? { ...t, assigneeId: assigned.assigneeId, updatedAt: assigned.updatedAt } : t;
  };
  // A reopened ticket keeps its assignee, unless that admin has been deactivated since (a resolved ticket
  // keeps a deactivated assignee for the reports): then it goes back to the queue, and to auto-assignment,
  // rather than stay with someone who cannot sign in and out of every "unassigned" view. True if it went.
  const reclaim = async (t: { id: string; status: string; assigneeId: string | null }): Promise<boolean> => {
    if (t.status !== "open" || t.assigneeId === null || (await deps.team.isActive(t.assigneeId)))
      return false;
    await assignment.returnToQueue(t.id, t.assigneeId, null);
    return true;
  };
  // A merge may reopen a resolved target (the shop's question is owed a reply): it keeps its assignee, unless
  // that admin has been deactivated since, as on any other reopening.
  const mergeWithAssignment: typeof merge = {
    ...merge,
    async merge(principal, sourceId, intoTicketId) {
      const target = await merge.merge(principal, sourceId, intoTicketId);
      return (await reclaim(target)) ? ticketService.getTicket(principal, target.id) : target;
    },
  };
  const ticketsWithAssignment: typeof ticketService = {
    ...ticketService,
    async createTicket(principal, input) {
      const created = await ticketService.createTicket(principal, input);
      return { ...created, ticket: await offer(created.ticket) };
    },
    async updateTicket(principal, id, input) {
      const { ticket, reopened } = await ticketService.updateTicketReporting(principal, id, input);
      // Only a reopening is offered: after a manual (un)assignment, or any other PATCH, the admin's choice
      // stands (manual assignment always wins), so unassigning an open ticket leaves it in the queue.
      if (!reopened || input.assigneeId !== undefined) return ticket;
      return (await reclaim(ticket)) ? ticketService.getTicket(principal, id) : offer(ticket);
    },
  };
  const messagesWithAssignment: typeof messageService = {
    ...messageService,
    async postMessage(principal, ticketId, input) {
      const posted = await messageService.postMessage(principal, ticketId, input);
      // A shop writing on a resolved ticket reopens it; one still waiting in the queue is offered again. The
      // ticket as the post left it: auto-assignment checks it again under its own lock.
      if (posted.ticket && principal.role === "shop") {
        if (!(posted.reopened && (await reclaim(posted.ticket)))) await offer(posted.ticket);
      }
      return posted;
    },
  };

  /** For other domains that open tickets or post for a user (website visitors): auto-assignment applies too. */
  const withAssignment = {
    async openTicketOnce(...args: Parameters<typeof ticketService.openTicketOnce>) {
      const opened = await ticketService.openTicketOnce(...args);
      return "existingTicketId" in opened ? opened : { ...opened, ticket: await offer(opened.ticket) };
    },
    postMessage: (...args: Parameters<typeof messageService.postMessage>) =>
      messagesWithAssignment.postMessage(...args),
    updateTicket: (...args: Parameters<typeof ticketService.updateTicket>) =>
      ticketsWithAssignment.updateTicket(...args),
  };

  const visitorDetails = createVisitorDetails(deps.visitors ?? noVisitors);
  const service = {
    ...ticketService,
    ...messageService,
  };
  return {
    service,
    withAssignment,
    team: { assignment, bulk, merge: mergeWithAssignment, satisfaction, tags },
    router: createTicketsRouter({
      tickets: ticketsWithAssignment,
      messages: messagesWithAssignment,
      visitorDetails,
    }),
    teamRouter: createTeamRouter({
      guards: deps.team.guards,
      admins: deps.team.admins,
      async onDeactivated(adminId, actorId) {
        teamSocket.disconnectUser(adminId);
        await assignment.setPresence(adminId, false);
        await assignment.releaseAdmin(adminId, actorId);
      },
      bulk,
      merge: mergeWithAssignment,
      satisfaction,
      tags,
      assignment,
      isOnline: async (userId) => (await assignment.onlineAdmins()).includes(userId),
    }),
    registerOpenApi: ((registry) => {
      registerSupportDocs(registry);
      registerTeamDocs(registry);
    }) satisfies OpenApiRegistrar,
    toTicketDto,
    toMessageDto,
    /** Replaces the event listener (the socket layer, once its server exists). */
    setEvents(events: SupportEvents) {
      listener = events;
    },
    /** Wires the socket side: events go to the namespace's rooms, client events are handled. */
    attachRealtime(nsp: SupportNamespace, peers?: ClusterPeers) {
      const publisher = createSupportSocketPublisher(visitorDetails, deps.onEventError);
      publisher.attach(nsp);
      registerSupportSocketHandlers(nsp, {
        findVisibleTicket: (principal, ticketId) => ticketService.findVisibleTicket(principal, ticketId),
        peers,
      });
      listener = publisher;
      teamSocket.attach(nsp);
      teamListener = teamSocket.events;
      viewListener = teamSocket.viewEvents;
      // Tickets of an assignee offline longer than the configured time go to someone online.
      sweeper ??= setInterval(() => {
        assignment.sweepOffline().catch((err: unknown) => (deps.onEventError ?? (() => {}))(err));
      }, OFFLINE_SWEEP_MS);
      sweeper.unref();
      presenceTimer ??= setInterval(() => {
        teamSocket.refreshPresence().catch((err: unknown) => (deps.onEventError ?? (() => {}))(err));
      }, PRESENCE_RENEW_MS);
      presenceTimer.unref();
    },
    /** Renews and expires admin presence now (what the timer does every PRESENCE_RENEW_MS; tests). */
    refreshPresence: () => teamSocket.refreshPresence(),
    stopSweeper() {
      if (sweeper) clearInterval(sweeper);
      sweeper = undefined;
      if (presenceTimer) clearInterval(presenceTimer);
      presenceTimer = undefined;
    },
    /** Replaces the team event listener (tests without a socket server). */
    setTeamEvents(events: TeamEvents) {
      teamListener = events;
    },
  };
}

export type SupportModule = ReturnType<typeof createSupportModule>;
export type { SupportEvents, TicketSnapshot, MessageRead } from "./service/support.events";
export type { SupportSlaPort } from "./service/sla.port";
