import { useId, useRef, useState, type ChangeEvent, type KeyboardEvent } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { BODY_MAX, postMessageBodySchema } from "@parley/contract";

export type ChatInputProps = {
  onSend: (body: string, opts: { internal: boolean }) => void;
  /** Called with true while the user types (at most every 2 s) and false on send or blur. */
  onTyping?: (isTyping: boolean) => void;
  /** Admins can switch the box to an internal note. */
  allowInternal?: boolean;
  disabled?: boolean;
  /** Shown instead of the box when disabled (e.g. the ticket is closed). */
  disabledReason?: string;
  placeholder?: string;
};

const TYPING_THROTTLE_MS = 2000;
const resolver = zodResolver(postMessageBodySchema.pick({ body: true }));

/** The reply box: Enter sends, Shift+Enter breaks the line. */
export default function ChatInput({
  onSend,
  onTyping,
  allowInternal = false,
  disabled = false,
  disabledReason,
  placeholder,
}: ChatInputProps) {
  const { register, control, handleSubmit, reset } = useForm({ resolver, defaultValues: { body: "" } });
  const body = useWatch({ control, name: "body" });
  const [internal, setInternal] = useState(false);
  const lastTypingAt = useRef(0);
  const textareaId = useId();
  const hintId = useId();

  const stopTyping = () => {
    if (lastTypingAt.current) {
      lastTypingAt.current = 0;
      onTyping?.(false);
    }
  };

  const send = handleSubmit(({ body: text }) => {
    if (disabled) return;
    onSend(text, { internal: allowInternal && internal });
    reset();
    stopTyping();
  });

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      void send();
    }
  };

  const onChange = (value: string) => {
    // An internal note is not something to announce to the shop.
    if (!onTyping || internal) return;
    if (!value.trim()) return stopTyping();
    const now = Date.now();
    if (now - lastTypingAt.current >= TYPING_THROTTLE_MS) {
      lastTypingAt.current = now;
      onTyping(true);
    }
  };

  if (disabled && disabledReason) {
    return (
      <div className="border-t border-slate-200 bg-slate-50 px-4 py-3 text-sm text-slate-600" role="note">
        {disabledReason}
      </div>
    );
  }

  const label = internal ? "Internal note" : "Reply";
  const tooLong = body.length > BODY_MAX;
  return (
    <form
      className={`border-t px-3 py-3 sm:px-4 ${internal ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}
      onSubmit={(e) => void send(e)}
    >
      {allowInternal && (
        <div role="group" aria-label="Reply type" className="mb-2 flex gap-1 text-xs">
          <button
            type="button"
            aria-pressed={!internal}
            onClick={() => setInternal(false)}
            className={`rounded-md px-2.5 py-1 font-medium ${!internal ? "bg-indigo-600 text-white" : "text-slate-600 hover:bg-slate-100"}`}
          >
            Reply to shop
          </button>
          <button
            type="button"
            aria-pressed={internal}
            onClick={() => {
              stopTyping();
              setInternal(true);
            }}
            className={`rounded-md px-2.5 py-1 font-medium ${internal ? "bg-amber-400 text-amber-950" : "text-slate-600 hover:bg-slate-100"}`}
          >
            Internal note
          </button>
        </div>
      )}
      <label htmlFor={textareaId} className="sr-only">
        {label}
      </label>
      <div className="flex items-end gap-2">
        <textarea
          id={textareaId}
          aria-describedby={hintId}
          {...register("body", {
            onChange: (e: ChangeEvent<HTMLTextAreaElement>) => onChange(e.target.value),
            onBlur: stopTyping,
          })}
          disabled={disabled}
          rows={2}
          placeholder={placeholder ?? (internal ? "Write a note only admins will see…" : "Write a reply…")}
          onKeyDown={onKeyDown}
          className={`max-h-48 min-h-11 flex-1 resize-y rounded-lg border px-3 py-2 text-sm focus:ring-2 focus:outline-none ${
            internal
              ? "border-amber-300 bg-white focus:ring-amber-400"
              : "border-slate-300 focus:ring-indigo-500"
          }`}
        />
        <button
          type="submit"
          disabled={disabled || !body.trim() || tooLong}
          className={`h-11 rounded-lg px-4 text-sm font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 ${
            internal ? "bg-amber-600 hover:bg-amber-700" : "bg-indigo-600 hover:bg-indigo-700"
          }`}
        >
          {internal ? "Add note" : "Send"}
        </button>
      </div>
      <p id={hintId} className={`mt-1 text-xs ${tooLong ? "text-red-700" : "text-slate-600"}`}>
        {tooLong
          ? `Too long: ${body.length.toLocaleString()} of ${BODY_MAX.toLocaleString()} characters.`
          : "Enter to send · Shift+Enter for a new line"}
      </p>
    </form>
  );
}
