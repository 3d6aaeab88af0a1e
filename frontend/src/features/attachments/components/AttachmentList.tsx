import { useState } from "react";
import type { Attachment } from "@parley/contract";
import { useAttachmentLink } from "../hooks/useAttachmentLink";
import { formatBytes, isImage } from "../format";
import { Lightbox } from "./Lightbox";

function Thumbnail({ attachment, onOpen }: { attachment: Attachment; onOpen: () => void }) {
  const link = useAttachmentLink(attachment.id);
  const src = link.data?.thumbnailUrl ?? link.data?.url;
  return (
    <button
      type="button"
      onClick={onOpen}
      aria-label={`Open image ${attachment.name}`}
      className="block size-28 overflow-hidden rounded-lg bg-slate-100 ring-1 ring-slate-200 hover:ring-2 hover:ring-indigo-400 focus:ring-2 focus:ring-indigo-500 focus:outline-none sm:size-32"
    >
      {src ? (
        <img src={src} alt={attachment.name} loading="lazy" className="size-full object-cover" />
      ) : (
        <span className="flex size-full items-center justify-center p-1 text-xs break-all text-slate-500">
          {link.isError ? "Image unavailable" : attachment.name}
        </span>
      )}
    </button>
  );
}

function FileChip({ attachment }: { attachment: Attachment }) {
  const link = useAttachmentLink(attachment.id);
  const content = (
    <>
      <svg
        aria-hidden="true"
        viewBox="0 0 20 20"
        className="size-4 shrink-0"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.6"
      >
        <path d="M5 2.5h6l4 4v11H5z M11 2.5v4h4" strokeLinejoin="round" />
      </svg>
      <span className="truncate font-medium">{attachment.name}</span>
      <span className="shrink-0 text-slate-500">{formatBytes(attachment.size)}</span>
    </>
  );
  const chip =
    "flex max-w-64 min-w-0 items-center gap-1.5 rounded-lg bg-white px-2.5 py-1.5 text-xs text-slate-800 ring-1 ring-slate-200";
  return link.data ? (
    <a
      href={link.data.url}
      download={attachment.name}
      className={`${chip} hover:ring-indigo-400`}
      aria-label={`Download ${attachment.name} (${formatBytes(attachment.size)})`}
    >
      {content}
    </a>
  ) : (
    <span className={chip}>{content}</span>
  );
}

/** A message's attachments: images as thumbnails that open a lightbox, other files as download chips. */
export function AttachmentList({ attachments }: { attachments: Attachment[] }) {
  const [open, setOpen] = useState<number | null>(null);
  if (!attachments.length) return null;
  const images = attachments.filter((a) => isImage(a.contentType) && a.thumbnailUrl);
  const files = attachments.filter((a) => !images.includes(a));
  return (
    <div className="mt-1.5 flex flex-col gap-1.5">
      {images.length > 0 && (
        <ul aria-label="Images" className="flex flex-wrap gap-1.5">
          {images.map((a, i) => (
            <li key={a.id}>
              <Thumbnail attachment={a} onOpen={() => setOpen(i)} />
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <ul aria-label="Files" className="flex flex-wrap gap-1.5">
          {files.map((a) => (
            <li key={a.id} className="min-w-0">
              <FileChip attachment={a} />
            </li>
          ))}
        </ul>
      )}
      {open !== null && images[open] && (
        <Lightbox images={images} index={open} onIndex={setOpen} onClose={() => setOpen(null)} />
      )}
    </div>
  );
}
