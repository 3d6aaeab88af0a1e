import { useId, useRef } from "react";
import type { UploadItem } from "../hooks/useUploads";
import { formatBytes } from "../format";

/** One file in the composer: its progress and Cancel while uploading, the reason when refused, Remove when done. */
export function UploadChip({ item, onRemove }: { item: UploadItem; onRemove: (key: string) => void }) {
  const pct = Math.round(item.progress * 100);
  const failed = item.status === "failed";
  const errorId = useId();
  return (
    <li
      aria-label={item.name}
      data-status={item.status}
      className={`flex max-w-full min-w-0 flex-col rounded-lg border px-2.5 py-1.5 text-xs ${
        failed ? "border-red-300 bg-red-50" : "border-slate-200 bg-slate-50"
      }`}
    >
      <div className="flex min-w-0 items-center gap-2">
        <span className="truncate font-medium text-slate-800" title={item.name}>
          {item.name}
        </span>
        {/* slate-500 on the red chip is under 4.5:1 (axe color-contrast); red-800 on red-50 is well over. */}
        <span className={`shrink-0 ${failed ? "text-red-800" : "text-slate-500"}`}>
          {formatBytes(item.size)}
        </span>
        <button
          type="button"
          onClick={() => onRemove(item.key)}
          aria-label={`${item.status === "uploading" ? "Cancel upload of" : "Remove"} ${item.name}`}
          // On a refused file, Remove also says why it is there (the form sends the focus here).
          aria-describedby={failed ? errorId : undefined}
          // At least 24 × 24 px to tap (WCAG 2.5.8; the "×" alone was 15 × 16), without making the chip
          // taller: the negative margin gives the extra height back.
          className={`-my-1 ml-auto inline-flex min-h-6 min-w-6 shrink-0 items-center justify-center rounded px-1 font-semibold hover:bg-slate-200 hover:text-slate-800 ${
            failed ? "text-red-800" : "text-slate-500"
          }`}
        >
          {item.status === "uploading" ? "Cancel" : "×"}
        </button>
      </div>
      {item.status === "uploading" && (
        <progress
          className="mt-1 h-1.5 w-full accent-indigo-600"
          max={100}
          value={pct}
          aria-label={`Uploading ${item.name}`}
        >
          {pct}%
        </progress>
      )}
      {failed && (
        <p id={errorId} role="alert" className="mt-0.5 text-red-700">
          {item.error}
        </p>
      )}
    </li>
  );
}

/**
 * The composer's files, above the text box. Removing a file with the keyboard hands the focus to the
 * next file (or the previous one), and to `onEmptied` when it was the last: its button is gone.
 */
export function UploadList({
  items,
  onRemove,
  onEmptied,
}: {
  items: UploadItem[];
  onRemove: (key: string) => void;
  onEmptied?: () => void;
}) {
  const list = useRef<HTMLUListElement>(null);
  if (!items.length) return null;

  const remove = (key: string) => {
    const chips = Array.from(list.current?.children ?? []);
    const at = items.findIndex((i) => i.key === key);
    const hadFocus = !!chips[at]?.contains(document.activeElement);
    onRemove(key);
    if (!hadFocus) return;
    const neighbour = chips[at + 1] ?? chips[at - 1];
    const button = neighbour?.querySelector("button");
    if (button) button.focus();
    else onEmptied?.();
  };

  return (
    <ul ref={list} aria-label="Files to send" className="mb-2 flex flex-wrap gap-2">
      {items.map((item) => (
        <UploadChip key={item.key} item={item} onRemove={remove} />
      ))}
    </ul>
  );
}
