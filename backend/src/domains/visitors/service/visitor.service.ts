import { MESSAGE_PAGE_MAX, SUBJECT_MAX, type Message } from "@parley/contract";
import { UnauthenticatedError } from "../../../shared/app-error";
import type { Principal, ShopPrincipal } from "../../../shared/principal";
import { visitorPrincipal } from "../../../shared/visitor";
import type { VisitorRepository, VisitorSession } from "../repository/visitor.repository";

/** What the visitors domain asks of support (wired in modules.ts): a visitor acts as its pseudo-shop's user. */
export type VisitorSupportPort = {
  openConversation(
    principal: ShopPrincipal,
    subject: string,
    body: string,
  ): Promise<{ ticketId: string; message: Message }>;
  postMessage(
    principal: ShopPrincipal,
    ticketId: string,
    input: { body: string; clientMessageId?: string },
  ): Promise<{ message: Message; created: boolean }>;
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
  return `Website chat: ${who}`.slice(0, SUBJECT_MAX);
}

export function createVisitorService(deps: VisitorServiceDeps) {
  // The first message opens the conversation; two at once from one session must not open two. The
  // conditional link in the repository is the guard across processes; this queue keeps one process's
  // concurrent first messages in order so the second one lands in the first one's conversation.
  const queues = new Map<string, Promise<unknown>>();
  const serialised = <T>(key: string, run: () => Promise<T>): Promise<T> => {
    const previous = queues.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(run);
    queues.set(key, next);
    void next
      .catch(() => undefined)
      .finally(() => {
        if (queues.get(key) === next) queues.delete(key);
      });
    return next;
  };

  const principalOf = (s: VisitorSession) => visitorPrincipal(s.id, s.name);

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

    /** The session a visitor token names; a bad token or a session that is gone is 401. */
    async authenticate(token: string | null): Promise<VisitorSession> {
      if (!token) throw new UnauthenticatedError("A visitor token is required.");
      const { sessionId } = deps.verifyToken(token);
      const session = await deps.sessions.findById(sessionId);
      if (!session) throw new UnauthenticatedError("The visitor session does not exist.");
      return session;
    },

    async postMessage(
      session: VisitorSession,
      input: { body: string; clientMessageId?: string },
    ): Promise<{ message: Message; created: boolean }> {
      return serialised(session.id, async () => {
        const current = (await deps.sessions.findById(session.id)) ?? session;
        const principal = principalOf(current);
        if (current.ticketId) return deps.support.postMessage(principal, current.ticketId, input);
        // The pseudo-shop and its user exist only once there is a conversation, so sessions that never
        // write leave no trace in the admins' lists of shops and people.
        await deps.recordIdentity(principal);
        const opened = await deps.support.openConversation(principal, visitorSubject(current), input.body);
        await deps.sessions.linkTicket(current.id, opened.ticketId);
        return { message: opened.message, created: true };
      });
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
