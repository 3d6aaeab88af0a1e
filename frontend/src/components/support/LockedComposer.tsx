import { useEffect, useRef, type RefObject } from "react";

/**
 * What takes the reply box's place when the ticket takes no reply (it was closed): why, and the words the
 * box still held. The other side may close the ticket in the middle of a sentence; the box then went with
 * the words in it and they looked lost, though they are kept as the box's draft and come back in it when
 * the ticket is reopened. So they stay on screen (`keptDraft`), saying so. If the box had the focus, this
 * note takes it: left on <body>, further typing went nowhere and the reason was never read out.
 */
export function LockedComposer({
  reason,
  keptDraft,
  internal,
  boxHadFocus,
}: {
  reason: string;
  /** The box's unsent text, or null when it is shown elsewhere (a merged ticket's own panel). */
  keptDraft: string | null;
  internal: boolean;
  /** Set by the box when it went away with the focus; read (and cleared) once this is on screen. */
  boxHadFocus: RefObject<boolean>;
}) {
  const note = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!boxHadFocus.current) return;
    boxHadFocus.current = false;
    const active = document.activeElement;
    if (!active || active === document.body) note.current?.focus();
  }, [boxHadFocus]);
  const kept = keptDraft?.trim() ? keptDraft : null;
  return (
    <div
      ref={note}
      tabIndex={-1}
      role="note"
      className="border-t border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-600 focus:outline-none"
    >
      <p>{reason}</p>
      {kept && (
        <>
          <p className="mt-2 font-medium text-slate-700">
            Your unsent {internal ? "note" : "reply"} is kept: it will be back in the box when the ticket is
            reopened.
          </p>
          {/* Three lines are enough to recognise it; the whole text waits in the draft. The padding is
              the frame's: on the clamped text itself it showed the top of a fourth line. */}
          <div className="mt-1 rounded-md bg-white px-3 py-2 ring-1 ring-slate-200">
            <p
              dir="auto"
              className="line-clamp-3 whitespace-pre-wrap text-slate-800 [overflow-wrap:anywhere]"
            >
              {kept}
            </p>
          </div>
        </>
      )}
    </div>
  );
}
