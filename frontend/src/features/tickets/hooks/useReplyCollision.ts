/**
 * Two admins answering one ticket at once. While this admin has an unsent public reply, a colleague's
 * public reply newer than what the thread showed when the draft began is remembered, however it reaches
 * the thread: live (socket `message:created`) or in a catch-up after a reconnect (the thread's refetch).
 * The next send of the draft is held for a confirmation (ChatInput's `holdSend`) until the admin has looked
 * at that reply or chose to send anyway. Sending or emptying the draft forgets it all.
 *
 * Only the public reply counts: a note never reaches the shop, so a note written meanwhile cannot
 * contradict what the shop was told. A reply draft kept while the box shows a note still counts.
 */
import { useCallback, useEffect, useState } from "react";
import { hashKey, useQueryClient } from "@tanstack/react-query";
import type { Message } from "@parley/contract";
import { useRealtimeEvent } from "../../../hooks/realtime";
import { threadKey, type ThreadData } from "../api/thread-cache";

/** A send ChatInput held back (structurally its `PendingSend`: hooks do not import components). */
export type HeldSend = { resolve: boolean; proceed: () => void; cancel: () => void };
export type ColleagueReply = { id: string; name: string };

/**
 * What the thread held when the unsent reply began: its messages and the server's time of the newest.
 * Only server times are compared with it, never this browser's clock, which may run ahead of the server's
 * (it would hide a reply written in the draft's first moments) or behind it.
 */
type Baseline = { present: ReadonlySet<string>; newestAt: number };
/** The unsent reply; its baseline is null until the thread has loaded (a draft restored on opening it). */
type Draft = { baseline: Baseline | null };

type State = {
  ticketId: string;
  draft: Draft | null;
  /** Colleagues' public replies since the draft began, oldest first. */
  replies: ColleagueReply[];
  /** How many of them the admin has looked at (Review, the warning's link) or sent over. */
  seen: number;
  pending: HeldSend | null;
};

const fresh = (ticketId: string): State => ({
  ticketId,
  draft: null,
  replies: [],
  seen: 0,
  pending: null,
});

/** Another admin's public reply: not ours (this tab's echo, another tab of ours), not a note, not the shop's. */
function isColleagueReply(m: Message, meId: string): boolean {
  return m.senderType === "admin" && !m.internal && !!m.senderId && m.senderId !== meId;
}

const asReply = (m: Message): ColleagueReply => ({ id: m.id, name: m.senderName ?? "Another admin" });

function baselineOf(messages: Message[]): Baseline {
  return {
    present: new Set(messages.map((m) => m.id)),
    newestAt: messages.reduce((newest, m) => Math.max(newest, Date.parse(m.createdAt)), -Infinity),
  };
}

/**
 * Colleagues' replies that landed in the thread during the draft: not there when it began, and not older
 * than the newest message there then (a catch-up can also bring a reply from before, that an earlier
 * answer had missed: the draft did not start from what it says). An equal time counts: it was not shown.
 */
function landedDuring(baseline: Baseline, messages: Message[], meId: string): ColleagueReply[] {
  return messages
    .filter((m) => isColleagueReply(m, meId) && !baseline.present.has(m.id))
    .filter((m) => Date.parse(m.createdAt) >= baseline.newestAt)
    .map(asReply);
}

/** A change of the thread's cache seen by the draft: its baseline if it had none yet, else what landed. */
function onThreadChange(s: State, ticketId: string, messages: Message[] | undefined, meId: string): State {
  if (s.ticketId !== ticketId || !s.draft || !messages) return s;
  const { baseline } = s.draft;
  if (!baseline) return { ...s, draft: { baseline: baselineOf(messages) } };
  return remember(s, ticketId, landedDuring(baseline, messages, meId));
}

/** The state with these replies remembered (each once), if a draft is under way in this ticket. */
function remember(s: State, ticketId: string, found: ColleagueReply[]): State {
  if (s.ticketId !== ticketId || !s.draft) return s;
  const added = found.filter((r) => !s.replies.some((known) => known.id === r.id));
  return added.length ? { ...s, replies: [...s.replies, ...added] } : s;
}

export function useReplyCollision(opts: { ticketId: string; meId: string; enabled: boolean }) {
  const { ticketId, meId, enabled } = opts;
  const [stored, setState] = useState(() => fresh(ticketId));
  // Another ticket in the same pane starts clean (the admin pane is keyed by ticket anyway).
  const state = stored.ticketId === ticketId ? stored : fresh(ticketId);
  if (stored !== state) setState(state);

  // Live: a reply the socket delivers while the draft is open was written meanwhile, whatever the clocks say.
  useRealtimeEvent("message:created", (m) => {
    if (!enabled || m.ticketId !== ticketId || !isColleagueReply(m, meId)) return;
    setState((s) => remember(s, ticketId, [asReply(m)]));
  });

  // Every other way into the thread's cache (the catch-up after a reconnect, a reload of the thread).
  const qc = useQueryClient();
  const threadNow = useCallback(
    () => qc.getQueryData<ThreadData>(threadKey(ticketId))?.messages,
    [qc, ticketId],
  );
  useEffect(() => {
    if (!enabled) return;
    const thread = hashKey(threadKey(ticketId));
    return qc.getQueryCache().subscribe((event) => {
      if (event.type !== "updated" || event.query.queryHash !== thread) return;
      const messages = (event.query.state.data as ThreadData | undefined)?.messages;
      setState((s) => onThreadChange(s, ticketId, messages, meId));
    });
  }, [qc, ticketId, meId, enabled]);

  const onReplyDraft = useCallback(
    (text: string) => {
      const drafting = text.trim() !== "";
      setState((s) => {
        if (drafting === (s.draft !== null)) return s;
        if (!drafting) return fresh(s.ticketId);
        const messages = threadNow();
        return { ...s, draft: { baseline: messages ? baselineOf(messages) : null } };
      });
    },
    [threadNow],
  );

  const armed = state.replies.length > state.seen;
  const holdSend = useCallback(
    (pending: HeldSend) => {
      if (!armed) return false;
      setState((s) => ({ ...s, pending }));
      return true;
    },
    [armed],
  );

  const pending = state.pending;
  /** "Send anyway": the held reply goes. */
  const sendAnyway = () => {
    setState((s) => ({ ...s, pending: null, seen: s.replies.length }));
    pending?.proceed();
  };
  /** "Review" or the warning's link: the reply to show (the first not yet seen); nothing is sent. */
  const review = (): string | null => {
    setState((s) => ({ ...s, pending: null, seen: s.replies.length }));
    return (state.replies[state.seen] ?? state.replies[0])?.id ?? null;
  };
  /** Escape: back to the draft, still armed. */
  const cancel = () => {
    setState((s) => ({ ...s, pending: null }));
    pending?.cancel();
  };

  return {
    replies: state.replies,
    armed,
    /** A send waiting for the admin's answer; `resolve`: it was "Send and resolve". */
    pending: pending ? { resolve: pending.resolve } : null,
    onReplyDraft,
    holdSend,
    sendAnyway,
    review,
    cancel,
  };
}

export type ReplyCollision = ReturnType<typeof useReplyCollision>;
