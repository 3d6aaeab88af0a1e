import type { z } from "zod";
import {
  ticketRefSchema,
  typingPayloadSchema,
  viewersListPayloadSchema,
  viewingPayloadSchema,
  type TicketViewers,
  type ViewersListAck,
} from "@parley/contract";
import {
  ackError,
  rooms,
  type Ack,
  type ClusterPeers,
  type SupportNamespace,
  type SupportSocket,
} from "../../../platform/realtime";
import { traceDelivery } from "../../../platform/delivery-trace";
import { parse } from "../../../platform/http/validate";
import { ForbiddenError, NotFoundError, ValidationError } from "../../../shared/app-error";
import type { Principal } from "../../../shared/principal";
import type { Ticket } from "../domain/ticket";
import type { SupportEvents, TicketSnapshot } from "../service/support.events";
import { toMessageDto, toTicketDto } from "./ticket.mappers";
import type { VisitorDetails } from "./ticket-visitors";

/**
 * The socket side of the support domain. Server → client: the service's events after commit, sent to the
 * rooms the server chose (admins; the ticket's shop, never an internal note). Client → server: following
 * a ticket, typing and (admins) viewing, each checked against what the socket may see.
 */

/**
 * Typing is relayed at most once per this interval per user and ticket, whatever the client sends: true
 * and false both count, and every socket of the user shares the allowance. A state that arrives inside
 * the interval is not lost: the latest one goes out when the interval ends.
 */
export const TYPING_RELAY_INTERVAL_MS = 1000;

type TypingPayloadOut = {
  ticketId: string;
  userId: string;
  name: string | null;
  senderType: Principal["role"];
  isTyping: boolean;
  /** An admin writing an internal note: admins alone may hear of it. */
  internal: boolean;
};

/** The typing throttle shared by every socket of this process. */
function createTypingRelay(nsp: SupportNamespace) {
  type State = {
    /** The ticket's shop, whose room hears the typing (known when the state starts: a followed ticket). */
    shopId: string;
    relayed: boolean;
    /** Whether the last relay went to admins only (a note); a stop goes where its start went. */
    internal: boolean;
    relayedAt: number;
    pending?: TypingPayloadOut;
    timer?: NodeJS.Timeout;
  };
  const states = new Map<string, State>();

  const send = (key: string, state: State, payload: TypingPayloadOut) => {
    const shopSawTyping = state.relayed && !state.internal;
    // A start goes to whoever may read what is being written; a stop (whatever its flag: an old client's,
    // a leave or a disconnect carries none) to whoever heard the start.
    const internal = payload.isTyping ? payload.internal : state.internal;
    state.relayed = payload.isTyping;
    state.internal = internal;
    state.relayedAt = Date.now();
    const { internal: _flag, ...event } = payload;
    // Never the typist's own sockets (each sits in its user room). Nobody has to have joined the ticket.
    const typist = rooms.user(payload.senderType, payload.userId);
    if (!internal) {
      // The ticket's participants, as for message:created: every admin and the ticket's shop (a
      // visitor's pseudo-shop is its own conversation), in one broadcast. No flag: a reply's typing looks
      // as it did before notes had one, for old clients.
      nsp
        .to([rooms.admins, rooms.shop(state.shopId)])
        .except(typist)
        .emit("typing", event);
    } else {
      // A note, as its message:created: admins only. A shop still showing this typist's reply (they
      // switched to the note box) hears it stop, so no "typing…" lingers for words it will never get.
      if (shopSawTyping) {
        nsp
          .to(rooms.shop(state.shopId))
          .except(typist)
          .emit("typing", { ...event, isTyping: false });
      }
      nsp
        .to(rooms.admins)
        .except(typist)
        .emit("typing", { ...event, internal: true });
    }
    schedule(key, state);
  };

  // After an interval: send the pending state if it differs from the last one, or forget an idle typist.
  const schedule = (key: string, state: State) => {
    clearTimeout(state.timer);
    state.timer = setTimeout(() => {
      state.timer = undefined;
      const pending = state.pending;
      state.pending = undefined;
      if (pending && pending.isTyping !== state.relayed) return send(key, state, pending);
      if (pending?.isTyping) return send(key, state, pending); // still typing: refresh once per interval
      if (!state.relayed) states.delete(key);
    }, TYPING_RELAY_INTERVAL_MS);
    state.timer.unref?.();
  };

  return {
    /** `shopId`: the ticket's shop when the caller knows it (always when typing starts: a followed ticket). */
    relay(payload: TypingPayloadOut, shopId: string | undefined) {
      const key = `${payload.userId}\u0000${payload.ticketId}`;
      const state = states.get(key);
      if (!state) {
        if (!payload.isTyping || shopId === undefined) return; // nothing to clear
        const fresh: State = { shopId, relayed: false, internal: false, relayedAt: 0 };
        states.set(key, fresh);
        return send(key, fresh, payload);
      }
      if (state.timer) {
        // Inside the interval: remember the latest state; the timer sends it.
        state.pending = payload;
        return;
      }
      if (payload.isTyping || state.relayed) send(key, state, payload);
    },
    isTyping(userId: string, ticketId: string): boolean {
      const state = states.get(`${userId}\u0000${ticketId}`);
      return Boolean(state && (state.pending ? state.pending.isTyping : state.relayed));
    },
  };
}

const VIEWERS_PREFIX = "viewers:";
const viewersRoom = (ticketId: string) => `${VIEWERS_PREFIX}${ticketId}`;

export type SupportSocketDeps = {
  findVisibleTicket(principal: Principal, ticketId: string): Promise<Ticket | null>;
  /** The other server processes (PostgreSQL only). */
  peers?: ClusterPeers;
};

/**
 * Between processes: a ticket's viewers changed, whether anyone views it now, and whether this was a
 * settling recount (which nobody answers).
 */
const VIEWERS_CHANGED = "parley:viewers-changed";
/**
 * Two processes counting one ticket's viewers at once may each count before the other's newest viewer
 * joined, and the list published last (the one every admin keeps) can be the older one. A process that
 * counted a ticket within this window and hears that another counted it too counts once more after
 * SETTLE_DELAY_MS: the membership has settled by then, so whichever recount is published last is right.
 */
const SETTLE_WINDOW_MS = 5000;
const SETTLE_DELAY_MS = 300;

/** Implements SupportEvents by emitting to rooms; events before attach() are dropped (nobody can listen yet). */
export function createSupportSocketPublisher(
  visitorDetails?: VisitorDetails,
  onError: (err: unknown) => void = () => {},
): SupportEvents & { attach(nsp: SupportNamespace): void } {
  let nsp: SupportNamespace | null = null;
  // The admins' copy of a visitor conversation waits for who the visitor is (issue 18); one chain per
  // ticket keeps that ticket's events in the order they happened.
  const chains = new Map<string, Promise<void>>();
  const afterPending = (ticketId: string, step: () => unknown) => {
    // Never rejected: a failed step is reported and the ticket's later events still go out.
    const next = (chains.get(ticketId) ?? Promise.resolve()).then(step).then(() => undefined, onError);
    chains.set(ticketId, next);
    void next.finally(() => {
      if (chains.get(ticketId) === next) chains.delete(ticketId);
    });
  };
  const toAdmins = (event: "ticket:created" | "ticket:updated", t: TicketSnapshot) => {
    const dto = toTicketDto(t, t.unread.admin);
    if (dto.source !== "visitor" || !visitorDetails) return void nsp?.to(rooms.admins).emit(event, dto);
    afterPending(t.id, () =>
      Promise.resolve()
        .then(() => visitorDetails("admin", [dto]))
        .catch((err: unknown) => {
          onError(err);
          return [dto];
        })
        .then(([withVisitor]) => void nsp?.to(rooms.admins).emit(event, withVisitor ?? dto)),
    );
  };
  // The ticket's own shop room (a visitor's conversation: its pseudo-shop's, i.e. the visitor's own sockets).
  const toShop = (event: "ticket:created" | "ticket:updated", t: TicketSnapshot) =>
    void nsp?.to(rooms.shop(t.shopId)).emit(event, toTicketDto(t, t.unread.shop, "shop"));
  const toBothSides = (event: "ticket:created" | "ticket:updated", t: TicketSnapshot) => {
    toAdmins(event, t);
    toShop(event, t);
  };
  return {
    attach(namespace) {
      nsp = namespace;
    },
    ticketCreated: (t) => toBothSides("ticket:created", t),
    ticketUpdated: (t, audience) =>
      audience === "admins"
        ? toAdmins("ticket:updated", t)
        : audience === "shop"
          ? toShop("ticket:updated", t)
          : toBothSides("ticket:updated", t),
    messageCreated(message, ticket) {
      const dto = toMessageDto(message);
      if (chains.has(ticket.id)) {
        // The admins' copy of this visitor conversation's ticket event still waits for the visitor's
        // details: the message follows it, so no admin hears of a message before its ticket. The visitor's
        // own sockets got their ticket event at once, and so get the message.
        if (!message.internal) nsp?.to(rooms.shop(ticket.shopId)).emit("message:created", dto);
        afterPending(ticket.id, () => nsp?.to(rooms.admins).emit("message:created", dto));
        return;
      }
      // One broadcast (one NOTIFY with the PostgreSQL adapter) reaches both rooms when both may hear it.
      const audience = message.internal ? [rooms.admins] : [rooms.admins, rooms.shop(ticket.shopId)];
      traceDelivery("emit", message.id);
      nsp?.to(audience).emit("message:created", dto);
      traceDelivery("written", message.id);
    },
    messageRead(read) {
      const payload = {
        ticketId: read.ticketId,
        readerType: read.readerType,
        upToMessageId: read.upToMessageId,
        readAt: read.readAt.toISOString(),
        // The reader's side's count, the same in both rooms: the shop's own count never includes an
        // internal note, and the admins' counts only the shop's messages, so neither says anything of a
        // note to the shop (a shop's view below replaces only upToMessageId).
        unreadCount: read.unreadCount,
      };
      const shopView = read.shopView;
      if (shopView && shopView.upToMessageId === read.upToMessageId) {
        nsp?.to(rooms.admins).to(rooms.shop(read.shopId)).emit("message:read", payload);
        return;
      }
      // The admins' receipt may name an internal note; the shop's names its newest public message, or
      // the shop hears nothing.
      nsp?.to(rooms.admins).emit("message:read", payload);
      if (shopView) {
        nsp?.to(rooms.shop(read.shopId)).emit("message:read", { ...payload, ...shopView });
      }
    },
  };
}

/**
 * A client event's arguments as socket.io hands them over: the payload first, the ack (if the client asked
 * for one) always last. The client decides how many arguments it sends: `emitWithAck("ticket:join")` puts
 * the ack first and `emitWithAck("ticket:join", p, 1, 2)` fourth, and either must be answered, not left to
 * time out. So the ack is the last argument when that is a function, and the payload the first argument
 * unless that is the ack. `extra` counts what came in between.
 */
function splitEventArgs(args: unknown[]): {
  payload: unknown;
  extra: number;
  ack: ((a: Ack) => void) | undefined;
} {
  const last = args[args.length - 1];
  const ack = typeof last === "function" ? (last as (a: Ack) => void) : undefined;
  const rest = ack ? args.slice(0, -1) : args;
  return { payload: rest[0], extra: Math.max(0, rest.length - 1), ack };
}

export function registerSupportSocketHandlers(nsp: SupportNamespace, deps: SupportSocketDeps): void {
  // Tickets someone views, on any process (each process tells the others when it recounts one). The
  // sockets of a process that dies never disconnect anywhere else, so when the adapter forgets such a
  // process, the survivors recount these tickets and the admins stop seeing viewers who are gone.
  const viewed = new Set<string>();
  const noteViewed = (ticketId: string, isViewed: boolean) =>
    isViewed ? viewed.add(ticketId) : viewed.delete(ticketId);

  // When this process last counted each ticket's viewers (pruned as it grows), and the recounts ahead.
  const counted = new Map<string, number>();
  const settling = new Set<string>();
  // One count at a time per ticket in this process: with other processes a count waits for their answers,
  // and a later count finishing first would let the earlier, older list be published last.
  const counts = new Map<string, Promise<void>>();
  const countViewers = async (ticketId: string, settle: boolean) => {
    const now = Date.now();
    if (counted.size > 1000) {
      for (const [id, at] of counted) if (now - at > SETTLE_WINDOW_MS) counted.delete(id);
    }
    counted.set(ticketId, now);
    const sockets = await nsp.in(viewersRoom(ticketId)).fetchSockets();
    const viewers = new Map<string, { userId: string; name: string | null }>();
    for (const s of sockets) {
      const p = s.data.principal;
      viewers.set(p.userId, { userId: p.userId, name: p.name });
    }
    nsp.to(rooms.admins).emit("ticket:viewers", { ticketId, viewers: [...viewers.values()] });
    noteViewed(ticketId, viewers.size > 0);
    deps.peers?.emit(VIEWERS_CHANGED, ticketId, viewers.size > 0, settle);
  };
  const broadcastViewers = (ticketId: string, settle = false): Promise<void> => {
    const result = (counts.get(ticketId) ?? Promise.resolve()).then(() => countViewers(ticketId, settle));
    const tail = result.catch(() => undefined);
    counts.set(ticketId, tail);
    void tail.then(() => {
      if (counts.get(ticketId) === tail) counts.delete(ticketId);
    });
    return result;
  };

  deps.peers?.on(VIEWERS_CHANGED, (ticketId, isViewed, settle) => {
    if (typeof ticketId !== "string") return;
    noteViewed(ticketId, isViewed === true);
    // A settling recount is answered by nobody, or two processes would recount each other for ever.
    if (settle === true || settling.has(ticketId)) return;
    const at = counted.get(ticketId);
    if (at === undefined || Date.now() - at > SETTLE_WINDOW_MS) return;
    settling.add(ticketId);
    setTimeout(() => {
      settling.delete(ticketId);
      void broadcastViewers(ticketId, true).catch(() => undefined);
    }, SETTLE_DELAY_MS).unref();
  });
  deps.peers?.onPeerGone(() => {
    for (const ticketId of [...viewed]) void broadcastViewers(ticketId).catch(() => undefined);
  });

  const typingRelay = createTypingRelay(nsp);
  /** Every ticket some admin socket (on any process) has open now, with who. */
  const currentViewers = async (): Promise<TicketViewers[]> => {
    const sockets = await nsp.in(rooms.admins).fetchSockets();
    const byTicket = new Map<string, Map<string, { userId: string; name: string | null }>>();
    for (const s of sockets) {
      const p = s.data.principal;
      for (const room of s.rooms) {
        if (!room.startsWith(VIEWERS_PREFIX)) continue;
        const ticketId = room.slice(VIEWERS_PREFIX.length);
        const viewers = byTicket.get(ticketId) ?? new Map<string, { userId: string; name: string | null }>();
        viewers.set(p.userId, { userId: p.userId, name: p.name });
        byTicket.set(ticketId, viewers);
      }
    }
    return [...byTicket].map(([ticketId, viewers]) => ({ ticketId, viewers: [...viewers.values()] }));
  };
  const sendCurrentViewers = async (socket: SupportSocket) => {
    for (const lists of await currentViewers()) socket.emit("ticket:viewers", lists);
  };

  nsp.on("connection", (socket: SupportSocket) => {
    const principal = socket.data.principal;
    // Tickets this socket has been allowed to follow, with their shop, so typing needs no query per keystroke.
    const allowed = new Map<string, string>();
    const viewing = new Set<string>();

    const follow = async (ticketId: string): Promise<string> => {
      const known = allowed.get(ticketId);
      if (known !== undefined) return known;
      const ticket = await deps.findVisibleTicket(principal, ticketId);
      if (!ticket) throw new NotFoundError("Ticket");
      allowed.set(ticketId, ticket.shopId);
      await socket.join(rooms.ticket(ticketId));
      return ticket.shopId;
    };

    const typedOn = new Set<string>();
    const relayTyping = (
      ticketId: string,
      isTyping: boolean,
      internal = false,
      shopId = allowed.get(ticketId),
    ) => {
      if (isTyping) typedOn.add(ticketId);
      typingRelay.relay(
        {
          ticketId,
          userId: principal.userId,
          name: principal.name,
          senderType: principal.role,
          isTyping,
          internal,
        },
        shopId,
      );
    };

    // Every handler answers through its ack (when the client asked for one) and never throws into socket.io.
    const handle =
      <T>(schema: z.ZodType<T>, run: (payload: T) => Promise<Ack | void>) =>
      (...args: unknown[]) => {
        const { payload, extra, ack } = splitEventArgs(args);
        const reply = ack ?? (() => undefined);
        Promise.resolve()
          .then(() => {
            // Arguments past the payload would be dropped unseen: refused, so the client learns of its mistake.
            if (extra > 0) {
              throw new ValidationError("The event takes one payload.", [
                {
                  path: "(root)",
                  message: `Send one payload and then the ack; got ${extra} more argument(s).`,
                },
              ]);
            }
            return run(parse(schema, payload, "event payload"));
          })
          .then((result) => reply(result ?? { ok: true }))
          .catch((err: unknown) => reply(ackError(err)));
      };

    // One socket's events about one ticket take effect in the order they were sent. A "stop" sent right
    // after its "start" (viewing or typing) would otherwise overtake the start while the start looks the
    // ticket up, and the late start would leave a viewer or a typing indicator that nobody clears.
    const queues = new Map<string, Promise<unknown>>();
    const inOrder = <R>(ticketId: string, run: () => Promise<R>): Promise<R> => {
      const result = (queues.get(ticketId) ?? Promise.resolve()).then(run);
      const tail = result.catch(() => undefined);
      queues.set(ticketId, tail);
      void tail.then(() => {
        if (queues.get(ticketId) === tail) queues.delete(ticketId);
      });
      return result;
    };

    socket.on(
      "ticket:join",
      handle(ticketRefSchema, ({ ticketId }) =>
        inOrder(ticketId, async () => {
          await follow(ticketId);
        }),
      ),
    );

    socket.on(
      "ticket:leave",
      handle(ticketRefSchema, ({ ticketId }) =>
        inOrder(ticketId, async () => {
          relayTyping(ticketId, false);
          allowed.delete(ticketId);
          await socket.leave(rooms.ticket(ticketId));
        }),
      ),
    );

    socket.on(
      "typing",
      handle(typingPayloadSchema, ({ ticketId, isTyping, internal = false }) =>
        inOrder(ticketId, async () => {
          // Refused rather than ignored, as a shop's note over HTTP and a shop's `viewing` are: a client
          // that believes it typed a note the shop cannot see must learn that it cannot write one.
          if (internal && principal.role !== "admin")
            throw new ForbiddenError("Only admins write internal notes.");
          relayTyping(ticketId, isTyping, internal, await follow(ticketId));
        }),
      ),
    );

    socket.on(
      "viewing",
      handle(viewingPayloadSchema, ({ ticketId, isViewing }) =>
        inOrder(ticketId, async () => {
          if (principal.role !== "admin")
            throw new ForbiddenError("Only admins share what they are viewing.");
          if (isViewing) {
            await follow(ticketId);
            viewing.add(ticketId);
            await socket.join(viewersRoom(ticketId));
          } else {
            // Leaving a ticket this socket does not view changes nothing, so nothing is announced.
            if (!viewing.delete(ticketId)) return;
            await socket.leave(viewersRoom(ticketId));
          }
          await broadcastViewers(ticketId);
        }),
      ),
    );

    // The same lists on request: what the server pushes on connect reaches only handlers registered by
    // then, and the web app's queue mounts later (a lazily loaded page) and remounts on tab switches.
    socket.on(
      "viewers:list",
      handle(viewersListPayloadSchema, async () => {
        if (principal.role !== "admin") throw new ForbiddenError("Only admins see who views which ticket.");
        const answer: ViewersListAck = { ok: true, tickets: await currentViewers() };
        return answer;
      }),
    );

    // An admin who connects (or reconnects) learns who is viewing what right now, from every process's
    // sockets: the queue then shows viewers without waiting for the next change.
    if (principal.role === "admin") void sendCurrentViewers(socket).catch(() => undefined);

    socket.on("disconnect", () => {
      // The socket has left every room by now: clear its typing (through the same throttle) and recount
      // the viewers it leaves behind.
      for (const ticketId of typedOn) {
        if (typingRelay.isTyping(principal.userId, ticketId)) relayTyping(ticketId, false);
      }
      for (const ticketId of viewing) void broadcastViewers(ticketId).catch(() => undefined);
    });
  });
}
