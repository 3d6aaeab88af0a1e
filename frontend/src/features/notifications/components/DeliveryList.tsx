import { useEffect, useRef } from "react";
import type { Delivery } from "@parley/contract";
import { emailAddressees, timeOrDash } from "../format";
import { channelLabel } from "../channel-labels";

type DeliveryListProps = {
  items: Delivery[];
  /** The list's accessible name. */
  label: string;
  /** Whether older deliveries are left to show. */
  hasMore: boolean;
  loadingMore: boolean;
  /** The last "Show older" failed: said beside the button, which stays to try again. */
  loadFailed: boolean;
  onLoadMore: () => void;
};

/**
 * Deliveries newest first, each with its attempts, and "Show older deliveries" while older ones are left.
 * The button keeps the focus while the page loads (it is never `disabled`, which would drop the focus to
 * <body>) and afterwards while more are left; after the last page it goes, and the first row it brought
 * takes the focus, so the next Tab goes on from where the reader was (as the ticket list's "Load more").
 */
export default function DeliveryList({
  items,
  label,
  hasMore,
  loadingMore,
  loadFailed,
  onLoadMore,
}: DeliveryListProps) {
  const list = useRef<HTMLUListElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  // The last row shown when "Show older" was pressed with the focus on it: the older page starts after it
  // (an id, not a position, since newer deliveries may arrive on top meanwhile).
  const lastBefore = useRef<string | null>(null);
  const count = items.length;

  const showOlder = () => {
    if (loadingMore) return;
    lastBefore.current = button.current === document.activeElement ? (items[count - 1]?.id ?? null) : null;
    onLoadMore();
  };

  useEffect(() => {
    const after = lastBefore.current;
    if (loadingMore || after === null) return;
    const at = items.findIndex((d) => d.id === after);
    // Nothing older came (yet, or the page failed): the button still has the focus.
    if (at === items.length - 1) return;
    lastBefore.current = null;
    // Only the focus the button took with it moves: a reader who went elsewhere meanwhile stays there.
    const lost = !document.activeElement || document.activeElement === document.body;
    if (button.current || !lost) return;
    list.current?.querySelectorAll<HTMLElement>(":scope > li")[at + 1]?.focus();
  }, [loadingMore, items]);

  if (count === 0) return <p className="text-sm text-slate-500">Nothing sent yet.</p>;
  return (
    <>
      <ul ref={list} className="divide-y divide-slate-200 text-sm" aria-label={label}>
        {items.map((d) => (
          // Focusable by script only: where the focus goes when the last page's button leaves.
          <li key={d.id} className="py-2 focus:outline-2 focus:outline-indigo-500" tabIndex={-1}>
            <div className="flex flex-wrap gap-x-3">
              <span className="font-medium">{channelLabel(d.channel)}</span>
              {/* Whose email it was (a chat, a webhook or a browser is named by the channel, or its list). */}
              {d.channel === "email" ? (
                <span className="text-slate-600" title={d.recipients?.join(", ")}>
                  to {emailAddressees(d)}
                </span>
              ) : null}
              <span>{d.eventType}</span>
              <span
                data-status={d.status}
                className={d.status === "failed" ? "text-red-700" : "text-slate-700"}
              >
                {d.status}
              </span>
              <span className="text-slate-500">{timeOrDash(d.createdAt)}</span>
            </div>
            <ol className="ml-4 list-decimal text-xs text-slate-600">
              {d.log.map((a, i) => (
                <li key={i}>
                  {a.outcome}
                  {a.statusCode !== null ? ` (${a.statusCode})` : ""}
                  {a.detail ? `: ${a.detail}` : ""}
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ul>
      {hasMore && (
        <button
          ref={button}
          type="button"
          onClick={showOlder}
          aria-disabled={loadingMore || undefined}
          className="rounded px-3 py-1 text-sm font-medium text-indigo-700 hover:bg-indigo-50 aria-disabled:opacity-60"
        >
          {loadingMore ? "Loading older deliveries…" : "Show older deliveries"}
        </button>
      )}
      {loadFailed && !loadingMore && (
        <p role="alert" className="text-sm text-red-700">
          Could not load older deliveries. Try again.
        </p>
      )}
    </>
  );
}
