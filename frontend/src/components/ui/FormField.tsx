import { useId, type ReactNode } from "react";

/** What a field's control needs to be labelled and described. */
type FieldA11y = { id: string; "aria-invalid": boolean; "aria-describedby": string | undefined };

/** A labelled form field with its hint and error under it; the control is rendered by `children`. */
export default function FormField({
  label,
  error,
  hint,
  labelAction,
  labelClassName = "text-sm font-medium text-slate-700",
  className,
  children,
}: {
  label: ReactNode;
  error?: string;
  /** A standing note under the control (a limit, a format, a warning), part of its description. */
  hint?: ReactNode;
  /** Something at the end of the label's line (e.g. a write/preview switch). */
  labelAction?: ReactNode;
  labelClassName?: string;
  className?: string;
  children: (a11y: FieldA11y) => ReactNode;
}) {
  const id = useId();
  const errorId = `${id}-err`;
  const hintId = `${id}-hint`;
  const describedBy = [error && errorId, hint && hintId].filter(Boolean).join(" ") || undefined;
  const labelEl = (
    <label htmlFor={id} className={labelClassName}>
      {label}
    </label>
  );
  return (
    <div className={className}>
      {labelAction ? (
        <div className="flex items-center justify-between gap-2">
          {labelEl}
          {labelAction}
        </div>
      ) : (
        labelEl
      )}
      {children({ id, "aria-invalid": !!error, "aria-describedby": describedBy })}
      {hint && (
        <p id={hintId} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={errorId} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

/** A form's own failure (the server refused it), above its buttons. */
export function FormAlert({ message }: { message: string | null | undefined }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
      {message}
    </p>
  );
}

/**
 * The primary button of a form: relabelled while it works, and then it does nothing. It is never
 * `disabled`, which would take the focus off it and leave it on <body>: the reader stays on the button
 * (a form that fails says so and the button is there to try again). A prevented click stops the submit,
 * also the one Enter in a field sends through it.
 */
export function SubmitButton({
  busy,
  label,
  busyLabel,
  className = "rounded-lg px-4 py-2",
}: {
  busy: boolean;
  label: string;
  busyLabel: string;
  className?: string;
}) {
  return (
    <button
      type="submit"
      aria-disabled={busy || undefined}
      onClick={busy ? (e) => e.preventDefault() : undefined}
      className={`bg-indigo-600 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 aria-disabled:opacity-60 ${className}`}
    >
      {busy ? busyLabel : label}
    </button>
  );
}
