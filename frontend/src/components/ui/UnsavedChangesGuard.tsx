import { useContext, useId, useRef } from "react";
import { createPortal } from "react-dom";
import { UNSAFE_DataRouterContext } from "react-router";
import { useBeforeUnloadWhile, useLeaveBlocker } from "../../hooks/useUnsavedChangesGuard";
import { useModalFocus } from "../../hooks/useModalFocus";

const DEFAULT_MESSAGE = "Your changes have not been saved. If you leave this page, they are lost.";

/**
 * Put inside a form with its unsaved state: while `dirty`, leaving the page inside the app asks first
 * ("Leave without saving?"), and so do reloading and closing the tab. A save that succeeds must make the
 * form clean (reset its baseline, close or remount it) before anything navigates.
 *
 * Outside a data router (<MemoryRouter> in most component tests) useBlocker would throw, so there the
 * guard covers only reload and close instead of breaking the form. react-router exports no other way to
 * tell a data router apart than its (UNSAFE_-named, stable since 6.4) context.
 */
export default function UnsavedChangesGuard({ dirty, message }: { dirty: boolean; message?: string }) {
  useBeforeUnloadWhile(dirty);
  const dataRouter = useContext(UNSAFE_DataRouterContext);
  // Mounted only while dirty: a router consults one blocker, and a clean form's must not win.
  return dirty && dataRouter ? <LeavePrompt message={message ?? DEFAULT_MESSAGE} /> : null;
}

function LeavePrompt({ message }: { message: string }) {
  const { blocked, leave, stay } = useLeaveBlocker();
  return blocked ? <LeaveDialog message={message} onLeave={leave} onStay={stay} /> : null;
}

/** Stay comes first and takes the focus: Enter or Escape keep the edits; leaving takes a deliberate choice. */
function LeaveDialog(props: { message: string; onLeave: () => void; onStay: () => void }) {
  const box = useRef<HTMLDivElement>(null);
  const id = useId();
  // Focus in (on Stay), Tab kept inside, Escape = Stay, focus back on what was clicked when it closes.
  useModalFocus(true, box, props.onStay);
  return createPortal(
    <div className="fixed inset-0 z-50 flex items-center justify-center bg-slate-900/40 p-4">
      <div
        ref={box}
        role="alertdialog"
        aria-modal="true"
        aria-labelledby={`${id}-title`}
        aria-describedby={`${id}-text`}
        className="w-full max-w-sm rounded-2xl bg-white p-5 shadow-xl"
      >
        <h2 id={`${id}-title`} className="text-lg font-semibold text-slate-900">
          Leave without saving?
        </h2>
        <p id={`${id}-text`} className="mt-2 text-sm text-slate-700">
          {props.message}
        </p>
        <div className="mt-4 flex justify-end gap-2">
          <button
            type="button"
            onClick={props.onStay}
            className="rounded-lg bg-indigo-600 px-3 py-1.5 text-sm font-semibold text-white hover:bg-indigo-700 focus:ring-2 focus:ring-indigo-500/40 focus:outline-none"
          >
            Stay
          </button>
          <button
            type="button"
            onClick={props.onLeave}
            className="rounded-lg px-3 py-1.5 text-sm font-medium text-red-700 ring-1 ring-red-200 hover:bg-red-50 focus:ring-2 focus:ring-red-500/40 focus:outline-none"
          >
            Leave
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
