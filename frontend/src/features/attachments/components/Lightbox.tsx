import { useEffect, useRef, type KeyboardEvent } from "react";
import { createPortal } from "react-dom";
import type { Attachment } from "@parley/contract";
import { useAttachmentLink } from "../hooks/useAttachmentLink";
import { formatBytes } from "../format";

const FOCUSABLE = 'a[href], button:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * A modal image viewer: focus moves into it and stays there (Tab cycles), Escape closes it, the arrow keys
 * go to the previous and next image, and on close focus returns to what opened it.
 */
export function Lightbox({
  images,
  index,
  onIndex,
  onClose,
}: {
  images: Attachment[];
  index: number;
  onIndex: (i: number) => void;
  onClose: () => void;
}) {
  const dialog = useRef<HTMLDivElement>(null);
  const closeButton = useRef<HTMLButtonElement>(null);
  const image = images[index]!;
  const link = useAttachmentLink(image.id);
  const many = images.length > 1;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    closeButton.current?.focus();
    const { overflow } = document.body.style;
    document.body.style.overflow = "hidden";
    return () => {
      document.body.style.overflow = overflow;
      opener?.focus?.();
    };
  }, []);

  const go = (step: number) => onIndex((index + step + images.length) % images.length);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      onClose();
    } else if (e.key === "ArrowRight" && many) {
      e.preventDefault();
      go(1);
    } else if (e.key === "ArrowLeft" && many) {
      e.preventDefault();
      go(-1);
    } else if (e.key === "Tab") {
      const nodes = Array.from(dialog.current?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? []);
      if (!nodes.length) return;
      const first = nodes[0]!;
      const last = nodes[nodes.length - 1]!;
      const active = document.activeElement;
      if (e.shiftKey && (active === first || !dialog.current?.contains(active))) {
        e.preventDefault();
        last.focus();
      } else if (!e.shiftKey && (active === last || !dialog.current?.contains(active))) {
        e.preventDefault();
        first.focus();
      }
    }
  };

  const navButton =
    "rounded-full bg-white/10 px-3 py-2 text-lg font-semibold text-white hover:bg-white/20 focus:ring-2 focus:ring-white focus:outline-none";

  return createPortal(
    <div
      ref={dialog}
      role="dialog"
      aria-modal="true"
      aria-label={`Image ${index + 1} of ${images.length}: ${image.name}`}
      onKeyDown={onKeyDown}
      className="fixed inset-0 z-50 flex flex-col bg-slate-950/90 p-3 sm:p-6"
      onClick={(e) => {
        if (e.target === e.currentTarget) onClose();
      }}
    >
      <div className="flex items-center gap-3 text-sm text-white">
        <p className="min-w-0 truncate">
          <span className="font-medium">{image.name}</span>
          <span className="text-slate-300"> · {formatBytes(image.size)}</span>
          {many && (
            <span className="text-slate-300">
              {" "}
              · {index + 1} of {images.length}
            </span>
          )}
        </p>
        {link.data && (
          <a
            href={link.data.url}
            download={image.name}
            className="ml-auto shrink-0 rounded-md px-2 py-1 font-medium underline hover:bg-white/10"
          >
            Download
          </a>
        )}
        <button
          ref={closeButton}
          type="button"
          onClick={onClose}
          aria-label="Close"
          className={`${link.data ? "" : "ml-auto "}shrink-0 rounded-md px-2 py-1 text-lg leading-none hover:bg-white/10 focus:ring-2 focus:ring-white focus:outline-none`}
        >
          ×
        </button>
      </div>
      <div className="flex min-h-0 flex-1 items-center justify-center gap-2 py-3">
        {many && (
          <button type="button" aria-label="Previous image" className={navButton} onClick={() => go(-1)}>
            ‹
          </button>
        )}
        <div className="flex min-h-0 min-w-0 flex-1 items-center justify-center">
          {link.data ? (
            <img src={link.data.url} alt={image.name} className="max-h-full max-w-full object-contain" />
          ) : link.isError ? (
            <p className="text-sm text-red-200">The image could not be loaded.</p>
          ) : (
            <p className="text-sm text-slate-300">Loading…</p>
          )}
        </div>
        {many && (
          <button type="button" aria-label="Next image" className={navButton} onClick={() => go(1)}>
            ›
          </button>
        )}
      </div>
    </div>,
    document.body,
  );
}
