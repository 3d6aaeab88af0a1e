import { useState } from "react";
import { readDraft, replyDraftKey, writeDraft } from "../../messages/drafts";
import { TicketLink } from "./TicketLink";
import { useTicket } from "../hooks/useTickets";

/** The reply and note drafts an agent had on a ticket, in the order the composer offers them. */
const KINDS = [
  { internal: false, label: "reply" },
  { internal: true, label: "internal note" },
] as const;

/**
 * A colleague merged the ticket while this agent had words in its reply box: the box is locked, but the
 * words stay on screen (read-only) with a way to carry them to the target, where the conversation goes
 * on. Nothing is moved unasked: the agent may not want to send them there at all.
 */
export function MergedDraft({
  ticketId,
  targetId,
  onOpen,
}: {
  ticketId: string;
  targetId: string;
  onOpen?: (ticketId: string) => void;
}) {
  const target = useTicket(targetId);
  const [drafts, setDrafts] = useState(() =>
    KINDS.map((k) => ({ ...k, text: readDraft<string>(replyDraftKey(ticketId, k.internal)) ?? "" })).filter(
      (d) => d.text.trim() !== "",
    ),
  );
  if (drafts.length === 0) return null;

  const carry = () => {
    for (const d of drafts) {
      // A draft already waiting on the target is kept: ours goes after it, never over it.
      const there = readDraft<string>(replyDraftKey(targetId, d.internal)) ?? "";
      writeDraft(replyDraftKey(targetId, d.internal), there.trim() ? `${there}\n\n${d.text}` : d.text);
      writeDraft(replyDraftKey(ticketId, d.internal), null);
    }
    setDrafts([]);
    onOpen?.(targetId);
  };
  const number = target.data ? `#${target.data.number}` : "the ticket it was merged into";

  return (
    <section
      aria-label="Your unsent draft"
      className="mx-3 mb-2 rounded-xl bg-amber-50 px-4 py-3 text-sm text-slate-800 ring-1 ring-amber-200"
    >
      <p className="font-semibold text-slate-900">
        This ticket was merged into <TicketLink ticketId={targetId} onOpen={onOpen} /> while you were writing.
        Your unsent words are kept:
      </p>
      {drafts.map((d) => (
        <figure key={d.label} className="mt-2">
          <figcaption className="text-xs font-medium text-slate-600">Your {d.label}</figcaption>
          <p className="mt-1 whitespace-pre-wrap break-words rounded-md bg-white px-3 py-2 ring-1 ring-slate-200">
            {d.text}
          </p>
        </figure>
      ))}
      {onOpen && (
        <button
          type="button"
          onClick={carry}
          className="mt-3 rounded-md bg-indigo-600 px-3 py-1.5 font-medium text-white hover:bg-indigo-700"
        >
          Open {number} with my draft
        </button>
      )}
    </section>
  );
}
