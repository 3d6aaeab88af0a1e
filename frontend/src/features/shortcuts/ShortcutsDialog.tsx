import { useEffect, useRef } from "react";
import { SEND_AND_RESOLVE, sendAndResolveKeys, SHORTCUTS } from "./shortcuts";

/** The `?` help: a modal <dialog> (Escape closes it, focus returns to where it was). */
export default function ShortcutsDialog({ open, onClose }: { open: boolean; onClose: () => void }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      if (typeof d.showModal === "function") d.showModal();
      else d.setAttribute("open", "");
    } else if (!open && d.open) {
      if (typeof d.close === "function") d.close();
      else d.removeAttribute("open");
    }
  }, [open]);
  return (
    <dialog
      ref={ref}
      aria-labelledby="shortcuts-title"
      onClose={onClose}
      onCancel={onClose}
      className="m-auto w-full max-w-sm rounded-2xl p-5 shadow-xl backdrop:bg-slate-900/40"
    >
      <h2 id="shortcuts-title" className="mb-3 text-lg font-semibold text-slate-900">
        Keyboard shortcuts
      </h2>
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm">
        {SHORTCUTS.map((s) => (
          <div key={s.key} className="contents">
            <dt>
              <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-slate-800">
                {s.key}
              </kbd>
            </dt>
            <dd className="text-slate-700">{s.label}</dd>
          </div>
        ))}
        <div className="contents">
          <dt>
            <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-slate-800">
              Esc
            </kbd>
          </dt>
          <dd className="text-slate-700">Leave the reply box · close dialogs</dd>
        </div>
        <div className="contents">
          <dt>
            <kbd className="rounded border border-slate-300 bg-slate-50 px-1.5 font-mono text-slate-800">
              {sendAndResolveKeys()}
            </kbd>
          </dt>
          <dd className="text-slate-700">{SEND_AND_RESOLVE.label}</dd>
        </div>
      </dl>
      <p className="mt-3 text-xs text-slate-600">
        Shortcuts never fire while you type in a field (those of the reply box work only there).
      </p>
      <button
        type="button"
        onClick={onClose}
        className="mt-4 w-full rounded-lg bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-700"
      >
        Close
      </button>
    </dialog>
  );
}
