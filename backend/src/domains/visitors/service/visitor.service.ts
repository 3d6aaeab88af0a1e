import type { Knex } from "knex";
import { MESSAGE_PAGE_MAX, SUBJECT_MAX, type Message, type TicketVisitor } from "@parley/contract";
import { UnauthenticatedError, ValidationError } from "../../../shared/app-error";
import type { Principal, ShopPrincipal } from "../../../shared/principal";
import { visitorPrincipal } from "../../../shared/visitor";
import type { VisitorRepository, VisitorSession } from "../repository/visitor.repository";
import { cutAtCharacter } from "../../../shared/text";

/** A visitor's message: its text and the ids of its own uploads, claimed for it as a shop's are. */
export type VisitorMessageInput = { body: string; attachmentIds?: string[] };

/** What the visitors domain asks of support (wired in modules.ts): a visitor acts as its pseudo-shop's user. */
export type VisitorSupportPort = {
  /** Opens the conversation unless `once.existing` finds one (then its id), in one transaction. */
  openConversation(
    principal: ShopPrincipal,
    subject: string,
    first: VisitorMessageInput,
    once: {
      existing(trx: Knex.Transaction): Promise<string | null>;
      link(trx: Knex.Transaction, ticketId: string): Promise<void>;
      clientMessageId?: string;
    },
  ): Promise<{ message: Message } | { existingTicketId: string }>;
  /**
   * With `reopenClosed`, a closed conversation is reopened by the message itself, in its transaction: a
   * message that is refused (a file that is not the visitor's, …) leaves it closed.
   */
  postMessage(
    principal: ShopPrincipal,
    ticketId: string,
    input: VisitorMessageInput & { clientMessageId?: string; reopenClosed: boolean },
  ): Promise<{ message: Message; created: boolean }>;
  /** Public messages only (the principal is a shop-side user, so the support service drops internal notes). */
  listMessages(
    principal: ShopPrincipal,
    ticketId: string,
    opts: { after?: string; limit: number },
  ): Promise<Message[]>;
  /** Marks support's replies read up to `upToMessageId` (default: all), as a shop's user would. */
  markRead(principal: ShopPrincipal, ticketId: string, upToMessageId?: string): Promise<void>;
};

export type VisitorServiceDeps = {
  sessions: VisitorRepository;
  support: VisitorSupportPort;
  /** Records the pseudo-user and pseudo-shop (identity), as for any user seen for the first time. */
  recordIdentity(p: Principal): Promise<void>;
  signToken(sessionId: string): string;
  verifyToken(token: string): { sessionId: string };
};

export function visitorSubject(s: Pick<VisitorSession, "name" | "email">): string {
  const who = s.name ?? s.email ?? "anonymous visitor";
  return cutAtCharacter(`Website chat: ${who}`, SUBJECT_MAX);
}

/**
 * A message id the visitor named that is not one of its conversation's messages. Before the first message
 * there is no conversation, so every id is such a one: the same 400 (code, field) that support gives a
 * visitor who has a conversation for another's message or one that does not exist, so the answer never
 * depends on whether the visitor has written yet.
 */
function notAMessageOfTheConversation(field: "after" | "upToMessageId"): ValidationError {
  return new ValidationError(`The ${field} is not a message of this ticket.`, [
    { path: field, message: "No such message on this ticket." },
  ]);
}

export function createVisitorService(deps: VisitorServiceDeps) {
  const principalOf = (s: VisitorSession) => visitorPrincipal(s.id, s.name);

  /** The session a visitor token names; a bad token or a session that is gone is 401. */
  async function authenticate(token: string | null): Promise<VisitorSession> {
    if (!token) throw new UnauthenticatedError("A visitor token is required.");
    const { sessionId } = deps.verifyToken(token);
    const session = await deps.sessions.findById(sessionId);
    if (!session) throw new UnauthenticatedError("The visitor session does not exist.");
    return session;
  }

  /** The user a visitor token acts as, its session checked (401 when there is none); records nothing. */
  async function principalFor(token: string | null): Promise<ShopPrincipal> {
    return principalOf(await authenticate(token));
  }

  return {
    async createSession(input: {
      name?: string;
      email?: string;
      pageUrl?: string;
    }): Promise<{ visitorToken: string }> {
      const session = await deps.sessions.insert({
        name: input.name ?? null,
        email: input.email ?? null,
        pageUrl: input.pageUrl ?? null,
      });
      return { visitorToken: deps.signToken(session.id) };
    },

    authenticate,

    /**
     * Who a visitor token is where it only reads outside its conversation's routes (downloads of its
     * conversation's files, the socket): the same check as everywhere else a visitor token is accepted, so
     * a token whose session does not exist is 401 there too, not a principal that merely finds nothing.
     */
    principalFor,

    /**
     * The user a visitor's token acts as on routes outside its conversation (its uploads): its pseudo-shop's,
     * recorded first, since what it creates there names it. A bad token or a session that is gone is 401.
     */
    async actAs(token: string | null): Promise<ShopPrincipal> {
      const principal = await principalFor(token);
      await deps.recordIdentity(principal);
      return principal;
    },

    async postMessage(
      session: VisitorSession,
      input: VisitorMessageInput & { clientMessageId?: string },
    ): Promise<{ message: Message; created: boolean }> {
      const current = (await deps.sessions.findById(session.id)) ?? session;
      const principal = principalOf(current);
      // A closed conversation takes no messages, and a visitor has no reopen button: writing again reopens
      // it (the widget would otherwise be stuck for the token's 90 days). The message itself reopens it, in
      // its own transaction, so one that is refused (a file not the visitor's, …) changes nothing.
      const post = (ticketId: string) =>
        deps.support.postMessage(principal, ticketId, { ...input, reopenClosed: true });
      if (current.ticketId) return post(current.ticketId);
      // The pseudo-shop and its user exist only once the visitor writes (this, or an upload: actAs), so
      // sessions that never write leave no trace in the admins' lists of shops and people.
      await deps.recordIdentity(principal);
      // Two first messages at once (two tabs, two servers) must open one conversation: the session's row
      // lock in the ticket's own transaction decides, so the later one lands in the earlier one's ticket.
      const first = { body: input.body, attachmentIds: input.attachmentIds };
      const opened = await deps.support.openConversation(principal, visitorSubject(current), first, {
        existing: (trx) => deps.sessions.lockForOpening(trx, current.id),
        link: (trx, ticketId) => deps.sessions.linkTicket(trx, current.id, ticketId),
        ...(input.clientMessageId ? { clientMessageId: input.clientMessageId } : {}),
      });
      if ("existingTicketId" in opened) return post(opened.existingTicketId);
      return { message: opened.message, created: true };
    },

    /** Who wrote each of these conversations, for the admins' copies of them (support asks). */
    async describeTickets(ticketIds: string[]): Promise<Map<string, TicketVisitor>> {
      const sessions = await deps.sessions.findByTicketIds(ticketIds);
      return new Map(
        sessions.flatMap((s) =>
          s.ticketId ? [[s.ticketId, { name: s.name, email: s.email, pageUrl: s.pageUrl }] as const] : [],
        ),
      );
    },

    /**
     * The visitor has seen support's replies (the widget says so while the conversation is on screen):
     * they get their readAt and admins their message:read. Before the first message there is nothing to read (204)
     * and no message to name (400).
     */
    async markRead(session: VisitorSession, upToMessageId?: string): Promise<void> {
      if (!session.ticketId) {
        if (upToMessageId !== undefined) throw notAMessageOfTheConversation("upToMessageId");
        return;
      }
      await deps.support.markRead(principalOf(session), session.ticketId, upToMessageId);
    },

    async listMessages(session: VisitorSession, after?: string): Promise<Message[]> {
      if (!session.ticketId) {
        if (after !== undefined) throw notAMessageOfTheConversation("after");
        return [];
      }
      return deps.support.listMessages(principalOf(session), session.ticketId, {
        after,
        limit: MESSAGE_PAGE_MAX,
      });
    },
  };
}

export type VisitorService = ReturnType<typeof createVisitorService>;
