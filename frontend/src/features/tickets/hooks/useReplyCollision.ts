/**
 * Two admins answering one ticket at once. While this admin has an unsent public reply, a colleague's
 * public reply that arrives (socket `message:created`) is remembered; the next send of the draft is held
 * for a confirmation (ChatInput's `holdSend`) until the admin has looked at that reply or chose to send
 * anyway. Sending or emptying the draft forgets it all.
 *
 * Only the public reply counts: a note never reaches the shop, so a note written meanwhile cannot
 * contradict what the shop was told. A reply draft kept while the box shows a note still counts.
 */
import { useCallback, useState } from "react";
import { useRealtimeEvent } from "../../../hooks/realtime";

/** A send ChatInput held back (structurally its `PendingSend`: hooks do not import components). */
export type HeldSend = { resolve: boolean; proceed: () => void; cancel: () => void };
export type ColleagueReply = { id: string; name: string };

type State = {
  ticketId: string;
  drafting: boolean;
  /** Colleagues' public replies since the draft began, oldest first. */
  replies: ColleagueReply[];
  /** How many of them the admin has looked at (Review, the warning's link) or sent over. */
  seen: number;
  pending: HeldSend | null;
};

const fresh = (ticketId: string, drafting = false): State => ({
  ticketId,
  drafting,
  replies: [],
  seen: 0,
  pending: null,
});

export function useReplyCollision(opts: { ticketId: string; meId: string; enabled: boolean }) {
  const { ticketId, meId, enabled } = opts;
  const [stored, setState] = useState(() => fresh(ticketId));
  // Another ticket in the same pane starts clean (the admin pane is keyed by ticket anyway).
  const state = stored.ticketId === ticketId ? stored : fresh(ticketId);
  if (stored !== state) setState(state);

  useRealtimeEvent("message:created", (m) => {
    if (!enabled || m.ticketId !== ticketId || m.senderType !== "admin" || m.internal) return;
    // Our own replies (this tab's echo, another tab of ours) are not a colleague's.
    if (!m.senderId || m.senderId === meId) return;
    const reply = { id: m.id, name: m.senderName ?? "Another admin" };
    setState((s) =>
      s.ticketId !== ticketId || !s.drafting || s.replies.some((r) => r.id === m.id)
        ? s
        : { ...s, replies: [...s.replies, reply] },
    );
  });

  const onReplyDraft = useCallback((text: string) => {
    const drafting = text.trim() !== "";
    setState((s) => (drafting === s.drafting ? s : drafting ? { ...s, drafting } : fresh(s.ticketId)));
  }, []);

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
