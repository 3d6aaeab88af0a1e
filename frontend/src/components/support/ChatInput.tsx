import { useId, useRef, useState, type ChangeEvent, type ClipboardEvent, type KeyboardEvent } from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { BODY_MAX, type Attachment } from "@parley/contract";
import { AttachButtons, UploadList, type Uploads } from "../../features/attachments";
import { nameForPasted } from "../../features/attachments/hooks/useUploads";

export type ChatInputProps = {
  onSend: (body: string, opts: { internal: boolean; attachments?: Attachment[] }) => void;
  /** Called with true while the user types (at most every 2 s) and false on send or blur. */
  onTyping?: (isTyping: boolean) => void;
  /** Admins can switch the box to an internal note. */
  allowInternal?: boolean;
  disabled?: boolean;
  /** Shown instead of the box when disabled (e.g. the ticket is closed). */
  disabledReason?: string;
  placeholder?: string;
  /** Files for this reply (attach button, paste); sending waits for their uploads. Without it: text only. */
  uploads?: Uploads;
};

const TYPING_THROTTLE_MS = 2000;
// Blank text is allowed when files go along (checked in send); the length limit is the contract's.
const resolver = zodResolver(z.object({ body: z.string().max(BODY_MAX) }));

/** The text of a message that is only files: their names. */
function filesOnlyBody(files: Attachment[]): string {
  const text = files.map((f) => f.name).join(", ");
  return text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1)}…` : text;
}

/** The reply box: Enter sends, Shift+Enter breaks the line. */
export default function ChatInput({
  onSend,
  onTyping,
  allowInternal = false,
  disabled = false,
  disabledReason,
  placeholder,
  uploads,
}: ChatInputProps) {
  const { register, control, handleSubmit, reset } = useForm({ resolver, defaultValues: { body: "" } });
  const body = useWatch({ control, name: "body" });
  const [internal, setInternal] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const lastTypingAt = useRef(0);
  const textareaId = useId();
  const hintId = useId();

  const stopTyping = () => {
    if (lastTypingAt.current) {
      lastTypingAt.current = 0;
      onTyping?.(false);
    }
  };

  const send = handleSubmit(async ({ body: raw }) => {
    if (disabled || waiting) return;
    const text = raw.trim();
    if (!uploads?.items.length) {
      if (!text) return;
      onSend(text, { internal: allowInternal && internal });
      reset();
      stopTyping();
      return;
    }
    // Files still uploading: the reply goes when they are in (a refused one stays here with its reason).
    setWaiting(true);
    const files = await uploads.settle();
    setWaiting(false);
    if (!text && !files.length) return;
    onSend(text || filesOnlyBody(files), {
      internal: allowInternal && internal,
      ...(files.length ? { attachments: files } : {}),
    });
    uploads.clearSent(files);
    reset();
    stopTyping();
  });

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    if (!uploads) return;
    const files = Array.from(e.clipboardData?.files ?? []);
    if (!files.length) return;
    // A pasted screenshot becomes an upload; text in the same paste is left to the browser.
    if (!e.clipboardData.getData("text/plain")) e.preventDefault();
    uploads.add(files.map((f) => nameForPasted(f)));
  };

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
  const hasFiles = !!uploads?.items.some((i) => i.status !== "failed");
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
      {uploads && <UploadList items={uploads.items} onRemove={uploads.remove} />}
      <div className="flex items-end gap-2">
        {uploads && <AttachButtons onFiles={uploads.add} disabled={disabled} />}
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
          onPaste={onPaste}
          className={`max-h-48 min-h-11 flex-1 resize-y rounded-lg border px-3 py-2 text-sm focus:ring-2 focus:outline-none ${
            internal
              ? "border-amber-300 bg-white focus:ring-amber-400"
              : "border-slate-300 focus:ring-indigo-500"
          }`}
        />
        <button
          type="submit"
          disabled={disabled || waiting || (!body.trim() && !hasFiles) || tooLong}
          className={`h-11 rounded-lg px-4 text-sm font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 ${
            internal ? "bg-amber-600 hover:bg-amber-700" : "bg-indigo-600 hover:bg-indigo-700"
          }`}
        >
          {waiting ? "Uploading…" : internal ? "Add note" : "Send"}
        </button>
      </div>
      <p id={hintId} className={`mt-1 text-xs ${tooLong ? "text-red-700" : "text-slate-400"}`}>
        {tooLong
          ? `Too long: ${body.length.toLocaleString()} of ${BODY_MAX.toLocaleString()} characters.`
          : waiting
            ? "Sending when the files are uploaded…"
            : uploads
              ? "Enter to send · Shift+Enter for a new line · paste or drop files to attach"
              : "Enter to send · Shift+Enter for a new line"}
      </p>
    </form>
  );
}
