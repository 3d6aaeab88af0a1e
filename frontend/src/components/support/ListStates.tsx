import { useLayoutEffect, useRef, type ReactNode, type RefObject } from "react";

/**
 * Placeholder rows while a list loads. A live region is heard by its text, not its label: the words are
 * inside too, visually hidden. The label stays to find it by (and tells it from a list's own status).
 */
export function SkeletonList({ rows = 5, label = "Loading" }: { rows?: number; label?: string }) {
  return (
    <div role="status" aria-label={label} className="space-y-3 p-4">
      <span className="sr-only">{label}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="animate-pulse space-y-2 rounded-lg border border-slate-100 p-3">
          <div className="h-3 w-2/3 rounded bg-slate-200" />
          <div className="h-3 w-1/3 rounded bg-slate-100" />
        </div>
      ))}
    </div>
  );
}

export function EmptyState({ title, hint, action }: { title: string; hint?: ReactNode; action?: ReactNode }) {
  return (
    <div className="flex flex-col items-center justify-center px-6 py-12 text-center">
      <div aria-hidden="true" className="mb-3 rounded-full bg-slate-100 p-3 text-slate-600">
        <svg viewBox="0 0 24 24" className="size-6" fill="none" stroke="currentColor" strokeWidth="1.5">
          <path d="M3 7.5 12 13l9-5.5M4.5 5h15A1.5 1.5 0 0 1 21 6.5v11a1.5 1.5 0 0 1-1.5 1.5h-15A1.5 1.5 0 0 1 3 17.5v-11A1.5 1.5 0 0 1 4.5 5Z" />
        </svg>
      </div>
      {/* A title may quote what was searched, one long unbroken word included: it wraps anywhere rather
          than widen the page (a 200-character search once made the help centre scroll sideways). */}
      <p className="max-w-full font-medium text-slate-800 [overflow-wrap:anywhere]">{title}</p>
      {hint && <p className="mt-1 max-w-xs text-sm text-slate-600 [overflow-wrap:anywhere]">{hint}</p>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

export function ErrorState({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const retried = useRef(false);
  useFocusAfterRetry(box, retried);
  return (
    <div
      ref={box}
      role="alert"
      className="m-4 rounded-lg border border-red-200 bg-red-50 p-4 text-sm text-red-800"
    >
      <p>{message}</p>
      {onRetry && (
        <button
          type="button"
          onClick={() => {
            retried.current = true;
            onRetry();
          }}
          className="mt-2 rounded-md bg-white px-3 py-1 font-medium text-red-800 ring-1 ring-red-300 hover:bg-red-100"
        >
          Try again
        </button>
      )}
    </div>
  );
}

const FOCUSABLE =
  'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * "Try again" worked: the error, and the button that had the focus, give way to what loads, and the focus
 * would fall to <body>. It goes to the nearest landing spot the container made focusable (the ticket list's
 * frame, the conversation's scroller), else to the first control of what took the error's place, once
 * there is one: a refetch shows a skeleton first, and then the list or, failed again, a new "Try again".
 */
function useFocusAfterRetry(box: RefObject<HTMLDivElement | null>, retried: RefObject<boolean>) {
  useLayoutEffect(() => {
    const el = box.current;
    const parent = el?.parentElement;
    if (!el || !parent) return;
    return () => {
      // Still in the document here (React runs this before it removes the node). The flag's value now, not
      // at mount, is the one wanted: was "Try again" pressed since.
      // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
      if (!retried.current || !el.contains(document.activeElement)) return;
      const before = el.previousElementSibling;
      const restore = () => {
        const active = document.activeElement;
        // Gone, or the focus is somewhere again (the reader moved it, or a component placed it): done.
        if (!parent.isConnected || (active && active !== document.body)) return true;
        const spot = parent.closest<HTMLElement>("[tabindex]");
        if (spot && spot.tagName !== "MAIN") {
          spot.focus();
          return true;
        }
        const replacement = before?.isConnected ? before.nextElementSibling : parent.firstElementChild;
        const first =
          replacement instanceof HTMLElement && replacement.matches(FOCUSABLE)
            ? replacement
            : replacement?.querySelector<HTMLElement>(FOCUSABLE);
        first?.focus();
        return !!first;
      };
      // After the commit that removes the error has put something in its place.
      queueMicrotask(() => {
        if (restore()) return;
        const observer = new MutationObserver(() => restore() && observer.disconnect());
        observer.observe(parent, { childList: true, subtree: true });
        setTimeout(() => observer.disconnect(), 60_000);
      });
    };
  }, [box, retried]);
}
