import { useEffect, useId, useRef } from "react";
import { LiveAnnouncer, useAnnouncer } from "../../../components/ui/LiveAnnouncer";
import type { ReplyCollision } from "../hooks/useReplyCollision";

/** "Sam", "Sam and Lee", "Sam, Lee and Kim": each name once. */
function namesOf(list: string[]): string {
  const names = [...new Set(list)];
  return names.length <= 1 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** Brings a message of the thread into view and gives it the focus (its item is focusable, tabIndex -1). */
function showMessage(id: string | null) {
  const items = document.querySelectorAll<HTMLElement>("[data-message-id]");
  const item = Array.from(items).find((el) => el.dataset.messageId === id);
  if (!item) return;
  item.scrollIntoView?.({ block: "center" });
  item.focus({ preventScroll: true });
}

/**
 * Above the admin's reply box: which colleague is writing to the shop right now, and a warning when one
 * replied while this admin's reply was unsent. A send held for that (`useReplyCollision`) is asked here:
 * Review (the safer choice, so it has the focus: an Enter pressed twice in a hurry shows the colleague's
 * reply instead of sending) or Send anyway; Escape goes back to the draft.
 */
export default function ReplyCollisionNotice({
  collision,
  typing,
}: {
  collision: ReplyCollision;
  /** Colleagues typing a public reply in this ticket now (a colleague's note shows in the thread instead). */
  typing: string[];
}) {
  const { replies, pending } = collision;
  const who = namesOf(replies.map((r) => r.name));
  const titleId = useId();
  const questionId = useId();
  const review = useRef<HTMLButtonElement>(null);

  // The colleague's reply is not read out by the thread (it is our side's), so this says it.
  const { announcement, announce } = useAnnouncer();
  const heard = useRef(0);
  useEffect(() => {
    const fresh = replies.slice(heard.current);
    heard.current = replies.length;
    if (fresh.length)
      announce(`${namesOf(fresh.map((r) => r.name))} replied to this ticket while you were writing.`);
  }, [replies, announce]);

  const asking = pending !== null;
  useEffect(() => {
    if (asking) review.current?.focus();
  }, [asking]);

  return (
    <div className="bg-white">
      {/* Mounted from the start, so a colleague starting to type is heard. */}
      <p aria-live="polite" className="px-4 text-xs text-indigo-800">
        {typing.length
          ? `${typing.length > 3 ? "Several colleagues" : namesOf(typing)} ${typing.length === 1 ? "is" : "are"} also replying…`
          : ""}
      </p>
      <LiveAnnouncer announcement={announcement} label="Reply warnings" />
      {pending ? (
        <div
          role="alertdialog"
          aria-labelledby={titleId}
          aria-describedby={questionId}
          onKeyDown={(e) => {
            if (e.key !== "Escape") return;
            e.preventDefault();
            e.stopPropagation();
            collision.cancel();
          }}
          className="mx-3 my-2 rounded-lg border border-amber-400 bg-amber-50 px-3 py-2 text-sm text-amber-950 sm:mx-4"
        >
          <p id={titleId} className="font-semibold">
            {who} replied while you were writing
          </p>
          <p id={questionId}>
            {pending.resolve
              ? "Read their reply first, or send yours and resolve the ticket anyway?"
              : "Read their reply first, or send yours anyway?"}{" "}
            Escape goes back to your draft.
          </p>
          <div className="mt-2 flex flex-wrap gap-2">
            {/* amber-700, not 600: white on amber-600 is 3.2:1, under the 4.5:1 this text needs. */}
            <button
              ref={review}
              type="button"
              onClick={() => showMessage(collision.review())}
              className="h-9 rounded-lg bg-amber-700 px-3 font-semibold text-white hover:bg-amber-800"
            >
              Review
            </button>
            <button
              type="button"
              onClick={collision.sendAnyway}
              className="h-9 rounded-lg bg-white px-3 font-semibold text-amber-900 ring-1 ring-amber-400 hover:bg-amber-100"
            >
              Send anyway
            </button>
          </div>
        </div>
      ) : (
        replies.length > 0 && (
          <div className="mx-3 my-2 flex flex-wrap items-baseline gap-x-3 gap-y-1 rounded-lg border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950 sm:mx-4">
            <p>
              <strong>{who} replied while you were writing.</strong>
              {collision.armed && " Sending will ask you first."}
            </p>
            <button
              type="button"
              onClick={() => showMessage(collision.review())}
              className="font-semibold text-amber-900 underline hover:text-amber-950"
            >
              {replies.length === 1 ? "See the reply" : "See the replies"}
            </button>
          </div>
        )
      )}
    </div>
  );
}
