import type { Knex } from "knex";
import { MESSAGE_PAGE_MAX, SUBJECT_MAX, type Message, type TicketVisitor } from "@parley/contract";
import { AppError, UnauthenticatedError } from "../../../shared/app-error";
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
  postMessage(
    principal: ShopPrincipal,
    ticketId: string,
    input: VisitorMessageInput & { clientMessageId?: string },
  ): Promise<{ message: Message; created: boolean }>;
  /** Reopens the conversation as its (pseudo-)shop user may (`closed → open`). */
  reopen(principal: ShopPrincipal, ticketId: string): Promise<void>;
  /** Public messages only (the principal is a shop-side user, so the support service drops internal notes). */
  listMessages(
    principal: ShopPrincipal,
    ticketId: string,
    opts: { after?: string; limit: number },
  ): Promise<Message[]>;
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
     * The user a visitor's token acts as on routes outside its conversation (its uploads): its pseudo-shop's,
     * recorded first, since what it creates there names it. A bad token or a session that is gone is 401.
     */
    async actAs(token: string | null): Promise<ShopPrincipal> {
      const principal = principalOf(await authenticate(token));
      await deps.recordIdentity(principal);
      return principal;
    },

    async postMessage(
      session: VisitorSession,
      input: VisitorMessageInput & { clientMessageId?: string },
    ): Promise<{ message: Message; created: boolean }> {
      const current = (await deps.sessions.findById(session.id)) ?? session;
      const principal = principalOf(current);
      if (current.ticketId) {
        try {
          return await deps.support.postMessage(principal, current.ticketId, input);
        } catch (err) {
          if (!(err instanceof AppError && err.code === "INVALID_TRANSITION")) throw err;
          // A closed conversation takes no messages, and a visitor has no reopen button: writing again
          // reopens it, as a shop would before writing (the widget would otherwise be stuck for the
          // token's 90 days). Should an admin close it again in between, the 409 stands.
          await deps.support.reopen(principal, current.ticketId);
          return deps.support.postMessage(principal, current.ticketId, input);
        }
      }
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
      if ("existingTicketId" in opened)
        return deps.support.postMessage(principal, opened.existingTicketId, input);
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

    async listMessages(session: VisitorSession, after?: string): Promise<Message[]> {
      if (!session.ticketId) return [];
      return deps.support.listMessages(principalOf(session), session.ticketId, {
        after,
        limit: MESSAGE_PAGE_MAX,
      });
    },
  };
}

export type VisitorService = ReturnType<typeof createVisitorService>;
