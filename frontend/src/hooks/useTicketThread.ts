/**
 * One open ticket's conversation: the server's messages (ThreadSync, deduplicated and caught up after
 * reconnects), our pending and failed sends (reconciled by clientMessageId), typing, read receipts and
 * the ticket room.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useQueryClient } from "@tanstack/react-query";
import { ApiError } from "../services/api/client";
import {
  listMessages,
  markRead,
  MESSAGE_PAGE_SIZE,
  postMessage,
  type Message,
  type Person,
} from "../services/api/support";
import { createThreadSync } from "../services/realtime/thread-sync";
import { joinTicket, sendTyping, sendViewing } from "../services/realtime/socket";
import type { ThreadItem } from "../components/support/ChatMessage";
import { newId } from "../lib/ids";
import { useRealtimeEvent, useResync } from "./realtime";
import { patchTicket } from "./ticket-cache";

type Side = "shop" | "admin";
type Pending = {
  clientMessageId: string;
  body: string;
  internal: boolean;
  createdAt: string;
  delivery: "sending" | "failed";
  error?: string;
};
type TypingPayload = {
  ticketId: string;
  userId: string;
  name: string | null;
  senderType: string;
  isTyping: boolean;
};
type ReadPayload = { ticketId: string; readerType: Side; upToMessageId: string | null; readAt: string };
type ViewersPayload = { ticketId: string; viewers: Array<{ userId: string; name: string | null }> };

const TYPING_TTL_MS = 6000;

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
    delivery: "sent",
  };
}

function sendError(err: unknown): string {
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
}) {
  const { ticketId, side, me } = opts;
  const qc = useQueryClient();
  const sync = useMemo(
    () =>
      createThreadSync<Message>({
        fetchAfter: (after) => listMessages(ticketId, { after, limit: MESSAGE_PAGE_SIZE }),
        pageSize: MESSAGE_PAGE_SIZE,
      }),
    [ticketId],
  );
  const [messages, setMessages] = useState<Message[]>([]);
  const [state, setState] = useState<"loading" | "error" | "ready">("loading");
  const [pending, setPending] = useState<Pending[]>([]);
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [readUpTo, setReadUpTo] = useState<string | null>(null);
  const [viewers, setViewers] = useState<Person[]>([]);

  const load = useCallback(() => {
    setState((s) => (s === "ready" ? s : "loading"));
    sync.catchUp().then(
      () => setState("ready"),
      () => setState((s) => (s === "ready" ? s : "error")),
    );
  }, [sync]);

  useEffect(() => {
    setMessages(sync.list());
    setPending([]);
    setTyping({});
    setReadUpTo(null);
    setViewers([]);
    const off = sync.subscribe(() => setMessages(sync.list()));
    load();
    return () => {
      off();
    };
  }, [sync, load]);

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

  useResync(() => sync.catchUp());

  useRealtimeEvent<Message>("message:created", (m) => {
    if (m.ticketId !== ticketId) return;
    sync.add([m]);
    const sender = m.senderId;
    if (sender) setTyping(({ [sender]: _gone, ...rest }) => rest);
  });

  useRealtimeEvent<TypingPayload>("typing", (t) => {
    if (t.ticketId !== ticketId || t.userId === me.id) return;
    setTyping((prev) => {
      if (!t.isTyping) {
        const { [t.userId]: _gone, ...rest } = prev;
        return rest;
      }
      const fallback = t.senderType === "admin" ? "Support" : "The shop";
      return { ...prev, [t.userId]: { name: t.name ?? fallback, until: Date.now() + TYPING_TTL_MS } };
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

  useRealtimeEvent<ReadPayload>("message:read", (r) => {
    if (r.ticketId === ticketId && r.readerType !== side && r.upToMessageId) setReadUpTo(r.upToMessageId);
  });

  useRealtimeEvent<ViewersPayload>("ticket:viewers", (v) => {
    if (v.ticketId !== ticketId) return;
    setViewers(v.viewers.map((x) => ({ id: x.userId, name: x.name ?? "Another admin" })));
  });

  // Read receipts: tell the server when the other side's newest message has been on screen.
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
      markRead(ticketId, lastIncoming).then(
        () => patchTicket(qc, ticketId, { unreadCount: 0 }),
        () => {
          lastMarked.current = null;
        },
      );
    };
    mark();
    document.addEventListener("visibilitychange", mark);
    return () => document.removeEventListener("visibilitychange", mark);
  }, [lastIncoming, state, ticketId, qc]);

  const deliver = useCallback(
    (p: Pending) => {
      postMessage(ticketId, {
        body: p.body,
        internal: p.internal || undefined,
        clientMessageId: p.clientMessageId,
      }).then(
        (saved) => {
          sync.add([saved]);
          setPending((list) => list.filter((x) => x.clientMessageId !== p.clientMessageId));
        },
        (err: unknown) => {
          setPending((list) =>
            list.map((x) =>
              x.clientMessageId === p.clientMessageId
                ? { ...x, delivery: "failed", error: sendError(err) }
                : x,
            ),
          );
        },
      );
    },
    [ticketId, sync],
  );

  const send = useCallback(
    (body: string, internal = false) => {
      const p: Pending = {
        clientMessageId: newId(),
        body,
        internal,
        createdAt: new Date().toISOString(),
        delivery: "sending",
      };
      setPending((list) => [...list, p]);
      sendTyping(ticketId, false);
      deliver(p);
    },
    [ticketId, deliver],
  );

  const retry = useCallback(
    (clientMessageId: string) => {
      const p = pending.find((x) => x.clientMessageId === clientMessageId);
      if (!p) return;
      const again: Pending = { ...p, delivery: "sending", error: undefined };
      setPending((list) => list.map((x) => (x.clientMessageId === clientMessageId ? again : x)));
      deliver(again);
    },
    [pending, deliver],
  );

  const items = useMemo(() => {
    const confirmed = new Set(messages.map((m) => m.clientMessageId).filter(Boolean));
    const local: ThreadItem[] = pending
      .filter((p) => !confirmed.has(p.clientMessageId))
      .map((p) => ({
        key: `c:${p.clientMessageId}`,
        id: null,
        clientMessageId: p.clientMessageId,
        body: p.body,
        senderType: side,
        senderName: me.name,
        createdAt: p.createdAt,
        internal: p.internal,
        delivery: p.delivery,
        error: p.error,
      }));
    return [...messages.map(toItem), ...local];
  }, [messages, pending, side, me.name]);

  // "Seen" goes under our side's newest public message that the other side has read.
  const seenKey = useMemo(() => {
    const readIndex = readUpTo ? messages.findIndex((m) => m.id === readUpTo) : -1;
    for (let i = messages.length - 1; i >= 0; i--) {
      const m = messages[i]!;
      if (m.senderType !== side || m.internal) continue;
      if (m.readAt || i <= readIndex) return toItem(m).key;
    }
    return null;
  }, [messages, readUpTo, side]);

  const typingNames = Object.values(typing).map((t) => t.name);
  const onTyping = useCallback((isTyping: boolean) => sendTyping(ticketId, isTyping), [ticketId]);

  return { items, state, reload: load, send, retry, seenKey, typingNames, viewers, onTyping };
}
