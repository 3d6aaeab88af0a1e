import type { UploadItem } from "../hooks/useUploads";
import { formatBytes } from "../format";

/** One file in the composer: its progress and Cancel while uploading, the reason when refused, Remove when done. */
export function UploadChip({ item, onRemove }: { item: UploadItem; onRemove: (key: string) => void }) {
  const pct = Math.round(item.progress * 100);
  const failed = item.status === "failed";
  return (
    <li
      aria-label={item.name}
      className={`flex max-w-full min-w-0 flex-col rounded-lg border px-2.5 py-1.5 text-xs ${
        failed ? "border-red-300 bg-red-50" : "border-slate-200 bg-slate-50"
      }`}
    >
      <div className="flex min-w-0 items-center gap-2">
        <span className="truncate font-medium text-slate-800" title={item.name}>
          {item.name}
        </span>
        <span className="shrink-0 text-slate-500">{formatBytes(item.size)}</span>
        <button
          type="button"
          onClick={() => onRemove(item.key)}
          aria-label={`${item.status === "uploading" ? "Cancel upload of" : "Remove"} ${item.name}`}
          className="ml-auto shrink-0 rounded px-1 font-semibold text-slate-500 hover:bg-slate-200 hover:text-slate-800"
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
        <p role="alert" className="mt-0.5 text-red-700">
          {item.error}
        </p>
      )}
    </li>
  );
}

/** The composer's files, above the text box. */
export function UploadList({ items, onRemove }: { items: UploadItem[]; onRemove: (key: string) => void }) {
  if (!items.length) return null;
  return (
    <ul aria-label="Files to send" className="mb-2 flex flex-wrap gap-2">
      {items.map((item) => (
        <UploadChip key={item.key} item={item} onRemove={onRemove} />
      ))}
    </ul>
  );
}
