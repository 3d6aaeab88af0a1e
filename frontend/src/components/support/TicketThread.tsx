import { useEffect, useLayoutEffect, useRef, useState, type ReactNode } from "react";
import ChatMessage from "./ChatMessage";
import type { Side, ThreadItem } from "../../types/thread";
import type { MentionNames } from "../../features/messages/mentions";
import TypingIndicator from "./TypingIndicator";
import { EmptyState, ErrorState, SkeletonList } from "./ListStates";
import { LiveAnnouncer, useAnnouncer } from "../ui/LiveAnnouncer";

export type TicketThreadProps = {
  items: ThreadItem[];
  /** The side the viewer is on: their side's messages are drawn on the right. */
  viewerSide: Side;
  state: "loading" | "error" | "ready";
  onReload?: () => void;
  /** The message (key) under which to show "Seen". */
  seenKey?: string | null;
  typingNames?: string[];
  /** Admins: colleagues writing an internal note on this ticket now. */
  noteNames?: string[];
  onRetry?: (clientMessageId: string) => void;
  /** Admins: the current admins' names, highlighted where an internal note mentions them. */
  mentions?: MentionNames;
  /** A notice at the head of the thread (e.g. "Merged into #42"); it replaces the empty state. */
  notice?: ReactNode;
  /**
   * What follows the last message, scrolled with the thread (the shop's "resolved" note and rating): in
   * the thread it takes no height from it, which on a short screen left the messages a sliver.
   */
  end?: ReactNode;
};

/** How close to the end (px) still counts as "reading the newest": it follows new messages. */
const NEAR_BOTTOM_PX = 48;
/** A spoken message is cut here: the reader hears who wrote and how it starts, then reads on in the thread. */
const SPOKEN_MAX = 160;

/** What a screen reader hears when messages from the other side arrive ("New message from Ada: …"). */
function arrivalText(added: ThreadItem[]): string {
  if (added.length === 1) {
    const m = added[0]!;
    // A system line ("Merged into #42") says what happened by itself.
    if (m.senderType === "system") return m.body;
    const body = m.body.length > SPOKEN_MAX ? `${m.body.slice(0, SPOKEN_MAX - 1)}…` : m.body;
    return `New message from ${senderLabel(m)}: ${body}`;
  }
  const names = [...new Set(added.map(senderLabel))];
  return names.length === 1
    ? `${added.length} new messages from ${names[0]}`
    : `${added.length} new messages`;
}

/** What a screen reader hears when the viewer's own messages reach the server. */
function sentText(count: number): string {
  return count === 1 ? "Message sent." : `${count} messages sent.`;
}

/** The name ChatMessage shows for the sender (a system line counts as Support's). */
function senderLabel(m: ThreadItem): string {
  return m.senderName ?? (m.senderType === "shop" ? "Shop" : "Support");
}

/**
 * The conversation: messages oldest first. It follows new messages only while the reader is at the
 * end (or sent the message); someone reading history keeps their place and gets a "new messages" pill.
 */
export default function TicketThread({
  items,
  viewerSide,
  state,
  onReload,
  seenKey,
  typingNames = [],
  noteNames = [],
  onRetry,
  mentions,
  notice,
  end,
}: TicketThreadProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const atBottom = useRef(true);
  const seenKeys = useRef<Set<string> | null>(null);
  /** The viewer's messages still sending or failed at the last render: one shown as sent since went through. */
  const unsentKeys = useRef<Set<string>>(new Set());
  const [unseen, setUnseen] = useState(0);
  const { announcement, announce } = useAnnouncer();

  const toBottom = () => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
    atBottom.current = true;
    setUnseen(0);
  };

  // Before paint, so the reader never sees a jump.
  useLayoutEffect(() => {
    if (state !== "ready") return;
    const known = seenKeys.current;
    const wereUnsent = unsentKeys.current;
    seenKeys.current = new Set(items.map((m) => m.key));
    unsentKeys.current = new Set(items.filter((m) => m.delivery !== "sent").map((m) => m.key));
    if (!known) return toBottom();
    const added = items.filter((m) => !known.has(m.key));
    // Only what arrives while the thread is shown is spoken (never the history on open), and only
    // the other side's: the viewer knows what they wrote. That it went through they learn here, once:
    // "Sending…" and "Not sent" are said by the message itself, success by nothing else.
    const fromOthers = added.filter((m) => m.senderType !== viewerSide);
    const delivered = items.filter((m) => m.delivery === "sent" && wereUnsent.has(m.key)).length;
    const spoken = [delivered ? sentText(delivered) : "", fromOthers.length ? arrivalText(fromOthers) : ""];
    const text = spoken.filter(Boolean).join(" ");
    if (text) announce(text);
    if (!added.length) return;
    if (atBottom.current || added.some((m) => m.senderType === viewerSide)) return toBottom();
    setUnseen((n) => n + added.length);
  }, [items, state, viewerSide, announce]);

  useEffect(() => {
    if (atBottom.current) {
      const el = scroller.current;
      if (el) el.scrollTop = el.scrollHeight;
    }
  }, [typingNames.length, noteNames.length]);

  // The scroller shrinks when something appears around it (the "How did we do?" prompt after a resolve,
  // a notice, the phone keyboard) and the content grows when an image loads: a reader at the end stays
  // there instead of watching the newest message slide out of view. (No ResizeObserver in old browsers
  // or jsdom: then only new messages re-pin.)
  useEffect(() => {
    const el = scroller.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const observer = new ResizeObserver(() => {
      if (atBottom.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(el);
    if (content.current) observer.observe(content.current);
    return () => observer.disconnect();
  }, []);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    atBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight <= NEAR_BOTTOM_PX;
    if (atBottom.current) setUnseen(0);
  };

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={onScroll}
        tabIndex={0}
        role="region"
        aria-label="Conversation messages"
        data-testid="thread-scroller"
        // `relative`: the messages' screen-reader text (sr-only, absolutely positioned) is placed against
        // this pane, not the page, which it would stretch to twice the window (the wheel then scrolls
        // the whole app away).
        className="relative min-h-0 flex-1 overflow-y-auto bg-slate-50 px-3 py-4 focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:outline-none focus-visible:ring-inset sm:px-6"
      >
        <div ref={content}>
          {state === "loading" && <SkeletonList rows={3} label="Loading messages" />}
          {state === "error" && <ErrorState message="The messages could not be loaded." onRetry={onReload} />}
          {notice && <div className={items.length > 0 ? "mb-4" : ""}>{notice}</div>}
          {state === "ready" && items.length === 0 && !notice && (
            <EmptyState title="No messages yet" hint="Write the first message below." />
          )}
          {state === "ready" && items.length > 0 && (
            <ol aria-label="Conversation" className="space-y-4">
              {items.map((m) => (
                <ChatMessage
                  key={m.key}
                  message={m}
                  mine={m.senderType === viewerSide}
                  seen={seenKey === m.key}
                  onRetry={onRetry}
                  mentions={mentions}
                />
              ))}
            </ol>
          )}
          {end && <div className="mt-4 space-y-3">{end}</div>}
        </div>
      </div>
      {unseen > 0 && (
        <button
          type="button"
          onClick={toBottom}
          className="absolute bottom-10 left-1/2 -translate-x-1/2 rounded-full bg-indigo-600 px-3 py-1.5 text-xs font-semibold text-white shadow-lg hover:bg-indigo-700"
        >
          {unseen === 1 ? "1 new message" : `${unseen} new messages`} ↓
        </button>
      )}
      <TypingIndicator names={typingNames} notes={noteNames} />
      {/* Mounted from the start: a live region that appears together with its text is often not read. */}
      <LiveAnnouncer announcement={announcement} label="New messages" />
    </div>
  );
}
