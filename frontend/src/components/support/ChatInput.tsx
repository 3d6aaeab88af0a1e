import {
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  useSyncExternalStore,
  type ChangeEvent,
  type ClipboardEvent,
  type KeyboardEvent,
  type Ref,
} from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import {
  BODY_MAX,
  fillPlaceholders,
  isCannedPlaceholder,
  placeholdersIn,
  type Attachment,
  type CannedPlaceholder,
  type CannedResponse,
} from "@parley/contract";
import { AttachButtons, UploadList, type Uploads } from "../../features/attachments";
import { nameForPasted } from "../../features/attachments/hooks/useUploads";
import { readDraft, replyDraftKey, writeDraft } from "../../features/messages/drafts";
import MessageBody from "../../features/messages/MessageBody";
import { tooLongHint } from "./too-long";

/** What a parent (the keyboard shortcuts) may do with the reply box. */
export type ChatInputHandle = { focus: (mode?: "reply" | "note") => void };

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
  /** Keeps the unsent text per ticket in localStorage (cleared on send). */
  draftId?: string;
  /** Saved replies offered at a "/" typed in the text (see `shortcutAt`), and their placeholders' values. */
  canned?: CannedResponse[];
  placeholderValues?: Partial<Record<CannedPlaceholder, string | number | null>>;
  /** Escape in the box: the parent moves focus elsewhere (back to the list). */
  onEscape?: () => void;
  autoFocus?: boolean;
  handle?: Ref<ChatInputHandle>;
};

const TYPING_THROTTLE_MS = 2000;
// Blank text is allowed when files go along (checked in send); the length limit is the contract's.
const resolver = zodResolver(z.object({ body: z.string().max(BODY_MAX) }));

/** The text of a message that is only files: their names. */
function filesOnlyBody(files: Attachment[]): string {
  const text = files.map((f) => f.name).join(", ");
  return text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1)}…` : text;
}

/**
 * The "/shortcut" the caret is in, from its "/" to the caret. A "/" after a space starts a one-word
 * shortcut ("Thanks! /ref"), so "and/or" mid-sentence opens nothing; a "/" that starts a line may be
 * followed by words ("/refund pol"), which search the titles and texts. A second "/" makes it a path
 * ("go to /admin/payouts"), never a shortcut: Enter sends it.
 */
function shortcutAt(text: string, caret: number): { start: number; query: string } | null {
  const before = text.slice(0, caret);
  const word = /(?:^|\s)\/(\S*)$/.exec(before);
  if (word) return word[1]!.includes("/") ? null : { start: caret - word[1]!.length - 1, query: word[1]! };
  const lineStart = before.lastIndexOf("\n") + 1;
  if (before[lineStart] !== "/") return null;
  const query = before.slice(lineStart + 1);
  return /^\S*\//.test(query) ? null : { start: lineStart, query };
}

const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

const COARSE_POINTER = "(pointer: coarse)";

function subscribePointer(onChange: () => void): () => void {
  const query = typeof window.matchMedia === "function" ? window.matchMedia(COARSE_POINTER) : null;
  query?.addEventListener("change", onChange);
  return () => query?.removeEventListener("change", onChange);
}

/** A touch screen is the main pointer (a phone or tablet): its keyboard has Return but no Shift+Enter. */
function useTouchKeyboard(): boolean {
  return useSyncExternalStore(
    subscribePointer,
    () => typeof window.matchMedia === "function" && window.matchMedia(COARSE_POINTER).matches,
    () => false,
  );
}

/**
 * The reply box: Enter sends, Shift+Enter breaks the line. On a touch screen Return breaks the line and
 * the Send button sends, as in a phone's messaging apps: there is no Shift+Enter to write a second line.
 */
export default function ChatInput({
  onSend,
  onTyping,
  allowInternal = false,
  disabled = false,
  disabledReason,
  placeholder,
  uploads,
  draftId,
  canned,
  placeholderValues = {},
  onEscape,
  autoFocus = false,
  handle,
}: ChatInputProps) {
  const [internal, setInternal] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const touch = useTouchKeyboard();
  const draftKey = draftId ? replyDraftKey(draftId, internal) : null;
  const { register, control, handleSubmit, reset, setValue } = useForm({
    resolver,
    defaultValues: { body: (draftKey && readDraft<string>(draftKey)) || "" },
  });
  const body = useWatch({ control, name: "body" });
  const lastTypingAt = useRef(0);
  const textareaId = useId();
  const hintId = useId();
  const pickerId = useId();
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  const [active, setActive] = useState(0);
  // Where the "/" of the picker closed by Escape stands: it leaves the text alone ("/usr/local is broken"
  // is a reply, not a search).
  const [dismissed, setDismissed] = useState<number | null>(null);
  // The placeholders the inserted saved replies could not fill (as written in them).
  const [fromCanned, setFromCanned] = useState<string[] | null>(null);
  // The caret, with the text it was measured in: after the text is set from elsewhere (a draft, a send)
  // the caret is at the end, as the browser puts it.
  const [caret, setCaret] = useState<{ at: number; text: string } | null>(null);
  // The "/shortcut" Enter did not send because no saved reply matches it (audit F1).
  const [unmatched, setUnmatched] = useState<string | null>(null);
  // A send was refused for unfilled placeholders: the message says so until none is left.
  const [refused, setRefused] = useState(false);
  const { ref: bodyRef, ...bodyField } = register("body", {
    onChange: (e: ChangeEvent<HTMLTextAreaElement>) => {
      setCaret({ at: e.target.selectionStart, text: e.target.value });
      onChange(e.target.value);
    },
    onBlur: () => stopTyping(),
  });

  // Switching between reply and note (or ticket) swaps in that box's own draft.
  const shownKey = useRef(draftKey);
  useEffect(() => {
    if (shownKey.current !== draftKey) {
      shownKey.current = draftKey;
      setValue("body", (draftKey && readDraft<string>(draftKey)) || "");
      return;
    }
    if (draftKey) writeDraft(draftKey, body);
  }, [draftKey, body, setValue]);

  useImperativeHandle(handle, () => ({
    focus: (mode) => {
      if (mode && allowInternal) setInternal(mode === "note");
      textarea.current?.focus();
    },
  }));

  const at = caret?.text === body ? caret.at : body.length;
  const shortcut = canned?.length ? shortcutAt(body, at) : null;
  // Once the dismissed "/" is gone, a "/" typed there opens the picker again.
  if (dismissed !== null && body[dismissed] !== "/") setDismissed(null);
  const pickerQuery = shortcut && shortcut.start !== dismissed ? shortcut.query.toLowerCase() : null;
  const matches =
    pickerQuery === null
      ? []
      : canned!.filter((c) => `${c.title}\n${c.body}`.toLowerCase().includes(pickerQuery.trim())).slice(0, 8);
  const pickerOpen = pickerQuery !== null;
  const activeIndex = Math.min(active, matches.length - 1);
  // Stable per saved reply (not per position), so the highlighted option keeps its id as the list narrows.
  const optionId = (c: CannedResponse) => `${pickerId}-${c.id}`;

  /** Puts the caret (or a selection) in the box, and remembers it for the picker. */
  const placeCaret = (text: string, start: number, end = start) => {
    setCaret({ at: start, text });
    textarea.current?.focus();
    textarea.current?.setSelectionRange(start, end);
  };

  // Audit F3: the saved reply takes the place of the "/shortcut" typed up to the caret, and nothing else,
  // so it goes with the text around it, and a second one can follow.
  const pick = (c: CannedResponse) => {
    if (!shortcut) return;
    const filled = fillPlaceholders(c.body, placeholderValues);
    const next = body.slice(0, shortcut.start) + filled.text + body.slice(at);
    setValue("body", next, { shouldDirty: true });
    setFromCanned((had) => [
      ...(had ?? []),
      ...filled.missing.filter((m) => !had?.some((h) => sameName(h, m))),
    ]);
    setActive(0);
    placeCaret(next, shortcut.start + filled.text.length);
  };

  /**
   * Placeholders still in a text (audit F2): a known one, never meant for the shop as written, or one a
   * saved reply brought in. Other double braces are the agent's own words (a shop's theme code, say).
   */
  const unfilledIn = (text: string) =>
    placeholdersIn(text).filter(
      (p) => isCannedPlaceholder(p.name) || !!fromCanned?.some((m) => sameName(m, p.name)),
    );
  const unfilled = [...new Set(unfilledIn(body).map((p) => `{{${p.name}}}`))];
  if (refused && !unfilled.length) setRefused(false);

  const stopTyping = () => {
    if (lastTypingAt.current) {
      lastTypingAt.current = 0;
      onTyping?.(false);
    }
  };

  const send = handleSubmit(async ({ body: raw }) => {
    if (disabled || waiting) return;
    // Never "Hello {{customer.name}}" to the shop: the placeholder is selected, ready to be typed over.
    const [first] = unfilledIn(raw);
    if (first) {
      setRefused(true);
      placeCaret(raw, first.start, first.end);
      return;
    }
    const text = raw.trim();
    const sent = () => {
      reset({ body: "" });
      if (draftKey) writeDraft(draftKey, null);
      setFromCanned(null);
      setUnmatched(null);
      stopTyping();
    };
    if (!uploads?.items.length) {
      if (!text) return;
      onSend(text, { internal: allowInternal && internal });
      sent();
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
    sent();
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
    if (pickerOpen && matches.length && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      setActive((i) => (i + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
      return;
    }
    // Only Enter picks: Tab leaves the box as it does everywhere else.
    if (pickerOpen && matches.length && e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      pick(matches[activeIndex]!);
      return;
    }
    // Audit F1: a mistyped shortcut ("/refnud") is not a reply. Enter keeps it and says why; sending it as
    // written takes a deliberate step (Escape then Enter, or the button), never a second Enter pressed
    // in a hurry. On a touch screen Return only breaks the line, so there is nothing to stop.
    if (
      pickerOpen &&
      !matches.length &&
      e.key === "Enter" &&
      !e.shiftKey &&
      !e.nativeEvent.isComposing &&
      !touch
    ) {
      e.preventDefault();
      setUnmatched(`/${shortcut!.query}`);
      return;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      if (pickerOpen) {
        // Closes the picker only: the text (and its draft) stays, and nothing outside reacts.
        e.stopPropagation();
        setDismissed(shortcut!.start);
      } else {
        textarea.current?.blur();
        onEscape?.();
      }
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing && !touch) {
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
      // The target of the page's "Skip to the reply box" link (AppShell), which focuses the box itself.
      id="reply"
      className={`border-t px-3 py-3 compact:py-1.5 sm:px-4 ${internal ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}
      onSubmit={(e) => void send(e)}
    >
      {allowInternal && (
        <div role="group" aria-label="Reply type" className="mb-2 flex gap-1 text-xs compact:mb-1">
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
      {uploads && (
        <UploadList
          items={uploads.items}
          onRemove={uploads.remove}
          // The last file is gone with its button: the focus goes back to the text.
          onEmptied={() => textarea.current?.focus()}
        />
      )}
      <div className="flex items-end gap-2">
        {uploads && <AttachButtons onFiles={uploads.add} disabled={disabled} />}
        <textarea
          id={textareaId}
          aria-describedby={hintId}
          {...bodyField}
          ref={(el) => {
            bodyRef(el);
            textarea.current = el;
          }}
          autoFocus={autoFocus}
          // A textarea stays a textbox: a combobox role would not allow multi-line text, and a textbox may
          // not carry aria-expanded (axe: aria-allowed-attr, critical). What it may carry: it offers a list,
          // which one, and the highlighted option (read out as the arrows move); the status below says
          // when the list opens and how many it holds.
          aria-autocomplete={canned ? "list" : undefined}
          aria-controls={pickerOpen ? pickerId : undefined}
          aria-activedescendant={pickerOpen && matches.length ? optionId(matches[activeIndex]!) : undefined}
          disabled={disabled}
          rows={2}
          placeholder={placeholder ?? (internal ? "Write a note only admins will see…" : "Write a reply…")}
          onKeyDown={onKeyDown}
          onSelect={(e) => setCaret({ at: e.currentTarget.selectionStart, text: e.currentTarget.value })}
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
      {canned && (
        <ul
          id={pickerId}
          role="listbox"
          aria-label="Saved replies"
          hidden={!pickerOpen}
          className="mt-2 max-h-48 overflow-y-auto rounded-lg border border-slate-300 bg-white text-sm shadow"
        >
          {matches.map((c, i) => (
            <li
              key={c.id}
              id={optionId(c)}
              role="option"
              aria-selected={i === activeIndex}
              onMouseDown={(e) => {
                e.preventDefault();
                pick(c);
              }}
              className={`cursor-pointer px-3 py-2 ${i === activeIndex ? "bg-indigo-50" : ""}`}
            >
              <span className="font-medium text-slate-900">{c.title}</span>
              <span className="block truncate text-xs text-slate-600">{c.body}</span>
            </li>
          ))}
          {pickerOpen && matches.length === 0 && (
            <li className="px-3 py-2 text-slate-600">No saved reply matches “{pickerQuery}”.</li>
          )}
        </ul>
      )}
      {canned && (
        // Mounted with the box, so the picker's opening and each narrowing is spoken.
        <p aria-live="polite" className="sr-only">
          {!pickerOpen
            ? ""
            : matches.length
              ? `${matches.length === 1 ? "1 saved reply" : `${matches.length} saved replies`}: Up and Down to choose, Enter to insert, Escape to close.`
              : "No saved reply matches."}
        </p>
      )}
      {pickerOpen && !matches.length && unmatched === `/${shortcut!.query}` && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          No saved reply matches {unmatched}. To send it as written, press Escape and then Enter, or use the{" "}
          {internal ? "Add note" : "Send"} button.
        </p>
      )}
      {fromCanned && body.trim() && !pickerOpen && (
        <section
          aria-label="Preview"
          className="mt-2 rounded-lg border border-dashed border-slate-300 bg-slate-50 p-2 text-sm"
        >
          <p className="mb-1 text-xs font-semibold text-slate-700">Preview</p>
          <MessageBody body={body} linkClassName="text-indigo-700 underline" />
        </section>
      )}
      {unfilled.length > 0 && (fromCanned || refused) && (
        // One message, reworded when a send is refused, so it is announced again then.
        <p role="alert" className="mt-1 text-xs text-red-700">
          {refused ? "Not sent: no value for " : "No value for "}
          {unfilled.join(", ")}: replace {unfilled.length === 1 ? "it" : "them"} with the right text or delete{" "}
          {unfilled.length === 1 ? "it" : "them"} before sending.
        </p>
      )}
      {/* With the keyboard up the hint is read out but not shown: the thread needs the room. */}
      <p
        id={hintId}
        className={`mt-1 text-xs ${tooLong ? "text-red-700" : "text-slate-600 compact:sr-only"}`}
      >
        {tooLong
          ? tooLongHint(body.length, BODY_MAX)
          : waiting
            ? "Sending when the files are uploaded…"
            : [
                // Short on a phone (one line at 320 px), where files come by the attach button.
                touch ? "Return for a new line" : "Enter to send · Shift+Enter for a new line",
                canned ? "/ for saved replies" : null,
                uploads && !touch ? "paste or drop files to attach" : null,
              ]
                .filter(Boolean)
                .join(" · ")}
      </p>
    </form>
  );
}
