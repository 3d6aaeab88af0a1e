/**
 * One open ticket's conversation, all in TanStack Query: the server's messages (a query kept live by
 * socket events and caught up after reconnects), our sends (a mutation each, shown at once and reconciled
 * with the server's copy by clientMessageId; a failed one stays with Retry), read receipts (a mutation out,
 * socket events in) and who else is viewing. Typing indicators are local: they live a few seconds.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { skipToken, useMutation, useMutationState, useQuery, useQueryClient } from "@tanstack/react-query";
import { MENTIONS_MAX, type Attachment, type Message, type Person, type SenderType } from "@parley/contract";
import { ApiError } from "../../../services/api/client";
import { joinTicket, sendTyping, sendViewing } from "../../../services/realtime/socket";
import { useRealtimeEvent, useResync } from "../../../hooks/realtime";
import { newId } from "../../../lib/ids";
import type { Side, ThreadItem } from "../../../types/thread";
import { outboxDraftKey, readDraft, writeDraft } from "../../messages/drafts";
import { markRead, postMessage } from "../api/tickets";
import { patchTicket } from "../api/queue-cache";
import {
  addToThread,
  applyReadReceipt,
  fetchThread,
  sendKey,
  threadKey,
  viewersKey,
  type ThreadData,
} from "../api/thread-cache";

/** What a send carries; the same variables again are a retry (same clientMessageId: never doubled). */
type OutgoingMessage = {
  clientMessageId: string;
  body: string;
  internal: boolean;
  createdAt: string;
  attachments?: Attachment[];
  /** A note's mentioned admins (ids): stored in the outbox with it, so a later attempt alerts them too. */
  mentions?: string[];
  /**
   * "Send and resolve": stored in the outbox with the reply, and kept there after the server has the reply
   * until the resolve is answered, so that a reload at any point before then still resolves the ticket
   * (the reply sent first if the server does not have it yet). An attempt that failed loses it: the admin
   * was told the ticket was not resolved, and a retry only sends.
   */
  resolveAfterSend?: true;
};

/** The same message without the intention to resolve (for a failed attempt and its retries). */
const onlySend = ({ resolveAfterSend: _dropped, ...out }: OutgoingMessage): OutgoingMessage => out;

/** A note the server refused for its mentions: for the composer to take back (text, files, mentions). */
export type RefusedNote = {
  key: string;
  body: string;
  mentions: string[];
  /** The mentioned ids the server named (no longer active admins). */
  refused: string[];
  attachments: Attachment[];
};

const TYPING_TTL_MS = 6000;

/**
 * Unsent and failed messages of a ticket, kept across reloads until the server has them: the signed-in
 * user's own (drafts.ts), since they are sent with whatever token is current.
 */
export const outboxKey = outboxDraftKey;

function toItem(m: Message): ThreadItem {
  return {
    key: m.clientMessageId ? `c:${m.clientMessageId}` : m.id,
    id: m.id,
    clientMessageId: m.clientMessageId,
    body: m.body,
    senderType: m.senderType,
    senderName: m.senderName,
    createdAt: m.createdAt,
    internal: m.internal,
    attachments: m.attachments,
    delivery: "sent",
  };
}

/**
 * The ids a 400 refused in a note's `mentions` (details `mentions.<i>`, or `mentions` for them all), or
 * null when the failure is anything else.
 */
export function refusedMentions(err: unknown, out: OutgoingMessage): string[] | null {
  if (!(err instanceof ApiError) || err.code !== "VALIDATION_FAILED" || !out.mentions?.length) return null;
  const refused = new Set<string>();
  for (const d of err.details) {
    const at = /^mentions(?:\.(\d+))?$/.exec(d.path ?? "");
    if (!at) continue;
    for (const id of at[1] === undefined ? out.mentions : [out.mentions[Number(at[1])]])
      if (id) refused.add(id);
  }
  return refused.size ? [...refused] : null;
}

function sendError(err: unknown, out: OutgoingMessage): string {
  if (refusedMentions(err, out)) return "Not sent: a colleague it mentions is no longer an active admin.";
  if (err instanceof ApiError) {
    if (err.code === "INVALID_TRANSITION") return "Not sent: the ticket is closed.";
    if (err.status === 0) return "Not sent: no connection.";
    return `Not sent: ${err.message}`;
  }
  return "Not sent.";
}

export function useTicketThread(opts: {
  ticketId: string;
  side: Side;
  me: { id: string; name: string | null };
  /**
   * Resolves the ticket after a "Send and resolve" reply: given the send's answer (the server's copy, or
   * null if it failed), settles once the resolve is answered (or known not to happen). Also called for
   * such a reply found in the outbox after a reload. Without it, such replies are only sent.
   */
  resolveAfterSend?: (sent: Promise<Message | null>) => Promise<void>;
}) {
  const { ticketId, side, me } = opts;
  const qc = useQueryClient();
  const resolveAfterSend = useRef(opts.resolveAfterSend);
  useEffect(() => {
    resolveAfterSend.current = opts.resolveAfterSend;
  });

  const thread = useQuery({
    queryKey: threadKey(ticketId),
    queryFn: ({ signal }) => fetchThread(qc, ticketId, signal, undefined, side),
  });
  const messages = useMemo(() => thread.data?.messages ?? [], [thread.data]);
  const state = thread.data ? "ready" : thread.isError ? "error" : "loading";

  // After a reconnect (or on the 15 s poll while disconnected): everything after the cursor.
  useResync(() =>
    qc.refetchQueries({ queryKey: threadKey(ticketId), exact: true }, { cancelRefetch: false }),
  );

  // Follow the ticket's room (typing, receipts); admins also announce that they are looking at it.
  useEffect(() => {
    const leave = joinTicket(ticketId);
    if (side === "admin") sendViewing(ticketId, true);
    return () => {
      sendTyping(ticketId, false);
      if (side === "admin") sendViewing(ticketId, false);
      leave();
    };
  }, [ticketId, side]);

  // The typist's side too: an admin sees a colleague's typing apart from the shop's (TicketConversation),
  // and a colleague's note (`internal`) apart from a reply.
  const [typing, setTyping] = useState<
    Record<string, { name: string; senderType: SenderType; internal: boolean; until: number }>
  >({});

  useRealtimeEvent("message:created", (m) => {
    if (m.ticketId !== ticketId) return;
    addToThread(qc, ticketId, [m]);
    const sender = m.senderId;
    if (sender) setTyping(({ [sender]: _gone, ...rest }) => rest);
  });

  useRealtimeEvent("message:read", (r) => {
    if (r.ticketId !== ticketId || r.readerType === side) return;
    qc.setQueryData<ThreadData>(threadKey(ticketId), (old) => old && applyReadReceipt(old, r));
  });

  useRealtimeEvent("typing", (t) => {
    if (t.ticketId !== ticketId || t.userId === me.id) return;
    // The server never sends a shop a note's typing; should one come anyway, a shop shows nothing of it.
    const internal = t.internal === true;
    if (internal && side !== "admin") return;
    setTyping((prev) => {
      if (!t.isTyping) {
        const { [t.userId]: _gone, ...rest } = prev;
        return rest;
      }
      const fallback = internal ? "A colleague" : t.senderType === "admin" ? "Support" : "The shop";
      // The typist's latest start says what they write now: switching between reply and note moves them.
      const entry = {
        name: t.name ?? fallback,
        senderType: t.senderType,
        internal,
        until: Date.now() + TYPING_TTL_MS,
      };
      return { ...prev, [t.userId]: entry };
    });
  });

  // Typing indicators fade if the "stopped" event never comes (closed tab, lost connection).
  useEffect(() => {
    const entries = Object.values(typing);
    if (!entries.length) return;
    const next = Math.min(...entries.map((e) => e.until)) - Date.now();
    const timer = setTimeout(
      () =>
        setTyping((prev) => Object.fromEntries(Object.entries(prev).filter(([, v]) => v.until > Date.now()))),
      Math.max(next, 50),
    );
    return () => clearTimeout(timer);
  }, [typing]);

  // Who else has the ticket open: pushed by the server, kept in the cache (no fetch of its own).
  const viewersQuery = useQuery<Person[]>({ queryKey: viewersKey(ticketId), queryFn: skipToken });
  useRealtimeEvent("ticket:viewers", (v) => {
    if (v.ticketId !== ticketId) return;
    qc.setQueryData<Person[]>(
      viewersKey(ticketId),
      v.viewers.map((x) => ({ id: x.userId, name: x.name ?? "Another admin" })),
    );
  });

  // Read receipts: tell the server when the other side's newest message has been on screen.
  const read = useMutation({
    mutationFn: (upTo: string) => markRead(ticketId, upTo),
    // Read offline, the receipt waits and goes once the browser is online (nothing marks it again).
    networkMode: "online",
    onSuccess: () => patchTicket(qc, ticketId, { unreadCount: 0 }),
  });
  const markReadNow = read.mutate;
  const lastIncoming = useMemo(() => {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.senderType !== side && m.senderType !== "system" && !m.internal) return m.id;
    }
    return null;
  }, [messages, side]);
  const lastMarked = useRef<string | null>(null);
  useEffect(() => {
    if (!lastIncoming || state !== "ready") return;
    const mark = () => {
      if (document.visibilityState !== "visible" || lastMarked.current === lastIncoming) return;
      lastMarked.current = lastIncoming;
      markReadNow(lastIncoming, {
        onError: () => {
          lastMarked.current = null;
        },
      });
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [lastIncoming, state, markReadNow]);

  // Sends: one mutation per attempt; useMutationState lists them for the optimistic view.
  const sendMutation = useMutation({
    mutationKey: sendKey(ticketId),
    mutationFn: (out: OutgoingMessage) =>
      postMessage(ticketId, {
        body: out.body,
        internal: out.internal || undefined,
        clientMessageId: out.clientMessageId,
        attachmentIds: out.attachments?.length ? out.attachments.map((a) => a.id) : undefined,
        // Never on a public reply (the API refuses it: the shop would read whom the team alerted).
        mentions: out.internal && out.mentions?.length ? out.mentions : undefined,
      }),
    onSuccess: (saved) => addToThread(qc, ticketId, [saved]),
    // The outbox waits: a reply written offline shows "Sending…" and goes when the browser is back
    // online (the app's default is to fail at once, for forms).
    networkMode: "online",
    // A failed send stays on screen (with Retry) until the session ends.
    gcTime: Infinity,
  });
  const mutate = sendMutation.mutate;
  const mutateAsync = sendMutation.mutateAsync;
  const attempts = useMutationState({
    filters: { mutationKey: sendKey(ticketId), exact: true },
    select: (m) => ({
      out: m.state.variables as OutgoingMessage,
      status: m.state.status,
      error: m.state.error,
    }),
  });

  // The outbox: whatever is still sending or failed is written to storage; on the next visit (a
  // reload, a restarted server) it is sent again with the same clientMessageId, which the server
  // answers with the first copy instead of a duplicate.
  const confirmedIds = useMemo(
    () => new Set(messages.map((m) => m.clientMessageId).filter(Boolean)),
    [messages],
  );
  const unsent = useMemo(() => {
    const latest = new Map<string, (typeof attempts)[number]>();
    for (const a of attempts) latest.set(a.out.clientMessageId, a);
    return [...latest.values()].filter(
      (a) => !confirmedIds.has(a.out.clientMessageId) && (a.status === "pending" || a.status === "error"),
    );
  }, [attempts, confirmedIds]);
  // "Send and resolve" replies whose resolve is not answered yet, sent or not: they stay in the outbox
  // (with the intention) until it is, so a reload between the reply's answer and the resolve's still
  // resolves.
  const [resolveOwed, setResolveOwed] = useState<ReadonlyMap<string, OutgoingMessage>>(() => new Map());
  const thenResolve = useCallback((out: OutgoingMessage, sent: Promise<Message | null>) => {
    const resolve = resolveAfterSend.current;
    if (!resolve) return;
    const id = out.clientMessageId;
    setResolveOwed((owed) => new Map(owed).set(id, { ...out, resolveAfterSend: true }));
    void resolve(sent).finally(() =>
      setResolveOwed((owed) => {
        const rest = new Map(owed);
        rest.delete(id);
        return rest;
      }),
    );
  }, []);
  const restored = useRef(false);
  useEffect(() => {
    if (!restored.current) return;
    const queued = unsent.map((a) => (a.status === "error" ? onlySend(a.out) : a.out));
    const listed = new Set(queued.map((out) => out.clientMessageId));
    for (const out of resolveOwed.values()) if (!listed.has(out.clientMessageId)) queued.push(out);
    writeDraft(outboxKey(ticketId), queued.length ? queued : null);
  }, [unsent, resolveOwed, ticketId]);
  useEffect(() => {
    if (restored.current || state !== "ready") return;
    restored.current = true;
    const stored = readDraft<OutgoingMessage[]>(outboxKey(ticketId));
    if (!Array.isArray(stored)) return;
    const known = new Set(attempts.map((a) => a.out.clientMessageId));
    for (const out of stored) {
      if (typeof out?.clientMessageId !== "string" || typeof out.body !== "string") continue;
      if (known.has(out.clientMessageId)) continue;
      const internal = side === "admin" && out.internal === true;
      // Only an admin's public reply resolves, and only with someone to do it (else it is just sent).
      const resolves =
        out.resolveAfterSend === true && side === "admin" && !internal && !!resolveAfterSend.current;
      const saved = messages.find((m) => m.clientMessageId === out.clientMessageId);
      if (saved) {
        // The server has the reply (its answer came, or the page closed before it did): only the resolve
        // may still be owed.
        if (resolves) thenResolve(out, Promise.resolve(saved));
        continue;
      }
      const mentions = Array.isArray(out.mentions)
        ? out.mentions.filter((id): id is string => typeof id === "string").slice(0, MENTIONS_MAX)
        : [];
      const again = onlySend({
        ...out,
        internal,
        mentions: internal && mentions.length ? mentions : undefined,
      });
      if (resolves) {
        const withIntent = { ...again, resolveAfterSend: true as const };
        thenResolve(
          withIntent,
          mutateAsync(withIntent).catch(() => null),
        );
      } else mutate(again);
    }
  }, [state, ticketId, attempts, messages, mutate, mutateAsync, side, thenResolve]);

  // After a reconnect, failed sends go again by themselves; not a note whose mentions were refused: the
  // same mentions would be refused again (the composer takes it back instead).
  useResync(() => {
    for (const a of unsent)
      if (a.status === "error" && !refusedMentions(a.error, a.out)) mutate(onlySend(a.out));
  });

  const refusedNotes = useMemo(
    () =>
      unsent.flatMap((a): RefusedNote[] => {
        const refused = a.status === "error" ? refusedMentions(a.error, a.out) : null;
        if (!refused) return [];
        const { clientMessageId: key, body, mentions = [], attachments = [] } = a.out;
        return [{ key, body, mentions, refused, attachments }];
      }),
    [unsent],
  );

  /** Takes a failed send off the thread and the outbox (the composer has its text back). */
  const withdraw = useCallback(
    (clientMessageId: string) => {
      const cache = qc.getMutationCache();
      for (const m of cache.findAll({ mutationKey: sendKey(ticketId), exact: true })) {
        if ((m.state.variables as OutgoingMessage | undefined)?.clientMessageId === clientMessageId)
          cache.remove(m);
      }
    },
    [qc, ticketId],
  );

  const outgoing = useCallback(
    (body: string, internal: boolean, attachments?: Attachment[], mentions?: string[]): OutgoingMessage => {
      sendTyping(ticketId, false);
      return {
        clientMessageId: newId(),
        body,
        internal,
        createdAt: new Date().toISOString(),
        attachments,
        ...(internal && mentions?.length ? { mentions } : {}),
      };
    },
    [ticketId],
  );
  const send = useCallback(
    (body: string, internal = false, attachments?: Attachment[], mentions?: string[]) => {
      mutate(outgoing(body, internal, attachments, mentions));
    },
    [outgoing, mutate],
  );
  /**
   * "Send and resolve": the public reply goes as any send; the resolve (resolveAfterSend) waits for the
   * server's copy (offline: until the outbox got it through) and is owed, in the outbox, until answered.
   */
  const sendAndResolve = useCallback(
    (body: string, attachments?: Attachment[]) => {
      const out: OutgoingMessage = { ...outgoing(body, false, attachments), resolveAfterSend: true };
      if (!resolveAfterSend.current) {
        mutate(onlySend(out));
        return;
      }
      thenResolve(
        out,
        mutateAsync(out).catch(() => null),
      );
    },
    [outgoing, mutate, mutateAsync, thenResolve],
  );

  const retry = useCallback(
    (clientMessageId: string) => {
      const tries = attempts.filter((a) => a.out.clientMessageId === clientMessageId);
      const last = tries[tries.length - 1];
      if (last?.status === "error") mutate(onlySend(last.out));
    },
    [attempts, mutate],
  );

  const items = useMemo(() => {
    const confirmed = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
    // The latest attempt of each clientMessageId tells its state (a retry follows a failure).
    const latest = new Map<string, (typeof attempts)[number]>();
    for (const a of attempts) latest.set(a.out.clientMessageId, a);
    const local: ThreadItem[] = [...latest.values()]
      .filter(
        (a) => !confirmed.has(a.out.clientMessageId) && (a.status === "pending" || a.status === "error"),
      )
      .map(({ out, status, error }) => ({
        key: `c:${out.clientMessageId}`,
        id: null,
        clientMessageId: out.clientMessageId,
        body: out.body,
        senderType: side,
        senderName: me.name,
        createdAt: out.createdAt,
        internal: out.internal,
        attachments: out.attachments ?? [],
        delivery: status === "error" ? "failed" : "sending",
        error: status === "error" ? sendError(error, out) : undefined,
      }));
    // Local sends sit at the time they were written: a reply that arrives after a failed send lands
    // below it, where the reader looks, not above it out of sight.
    const merged = messages.map(toItem);
    for (const item of local.sort((a, b) => a.createdAt.localeCompare(b.createdAt))) {
      let at = merged.length;
      while (at > 0 && merged[at - 1]!.createdAt > item.createdAt) at--;
      merged.splice(at, 0, item);
    }
    return merged;
  }, [messages, attempts, side, me.name]);

  // "Seen" goes under our side's newest public message that the other side has read.
  const seenKey = useMemo(() => {
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.senderType === side && !m.internal && m.readAt) return toItem(m).key;
    }
    return null;
  }, [messages, side]);

  const typists = Object.values(typing).map(({ name, senderType, internal }) => ({
    name,
    senderType,
    internal,
  }));
  // Those writing to the other side (a colleague's note is no one's "typing…" in the thread).
  const typingNames = typists.filter((t) => !t.internal).map((t) => t.name);
  const onTyping = useCallback(
    (isTyping: boolean, internal?: boolean) => sendTyping(ticketId, isTyping, internal),
    [ticketId],
  );
  const reload = useCallback(() => void thread.refetch(), [thread]);

  return {
    items,
    state,
    reload,
    send,
    sendAndResolve,
    retry,
    refusedNotes,
    withdraw,
    seenKey,
    typingNames,
    typists,
    viewers: viewersQuery.data ?? [],
    onTyping,
  } as const;
}
