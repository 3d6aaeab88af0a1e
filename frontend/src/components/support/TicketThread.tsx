import { useEffect, useRef } from "react";
import ChatMessage from "./ChatMessage";
import type { Side, ThreadItem } from "../../types/thread";
import TypingIndicator from "./TypingIndicator";
import { EmptyState, ErrorState, SkeletonList } from "./ListStates";

export type TicketThreadProps = {
  items: ThreadItem[];
  /** The side the viewer is on: their side's messages are drawn on the right. */
  viewerSide: Side;
  state: "loading" | "error" | "ready";
  onReload?: () => void;
  /** The message (key) under which to show "Seen". */
  seenKey?: string | null;
  typingNames?: string[];
  onRetry?: (clientMessageId: string) => void;
};

/** The conversation: messages oldest first, kept scrolled to the newest. */
export default function TicketThread({
  items,
  viewerSide,
  state,
  onReload,
  seenKey,
  typingNames = [],
  onRetry,
}: TicketThreadProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const last = items[items.length - 1]?.key;

  useEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last, typingNames.length]);

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div ref={scroller} className="min-h-0 flex-1 overflow-y-auto bg-slate-50 px-3 py-4 sm:px-6">
        {state === "loading" && <SkeletonList rows={3} label="Loading messages" />}
        {state === "error" && <ErrorState message="The messages could not be loaded." onRetry={onReload} />}
        {state === "ready" && items.length === 0 && (
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
              />
            ))}
          </ol>
        )}
      </div>
      <TypingIndicator names={typingNames} />
    </div>
  );
}
