import {
  useCallback,
  useEffect,
  useId,
  useImperativeHandle,
  useRef,
  useState,
  type ClipboardEvent,
  type KeyboardEvent,
  type Ref,
} from "react";
import { useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import { z } from "zod";
import { BODY_MAX, type CannedPlaceholder, type CannedResponse } from "@parley/contract";
import { AttachButtons, UploadList, type Uploads } from "../../features/attachments";
import { nameForPasted } from "../../features/attachments/hooks/useUploads";
import { readDraft, replyDraftKey, writeDraft } from "../../features/messages/drafts";
import type { Mentionable } from "../../features/messages/mentions";
import { useNoteMentions } from "../../features/messages/hooks/useNoteMentions";
import { isSendAndResolveKey } from "../../features/shortcuts/shortcuts";
import { PickerList, PickerStatus } from "./PickerList";
import { useComposerPicker, type PickerSource } from "./useComposerPicker";
import { savedReplySource } from "./saved-reply-picker";
import { mentionSource } from "./mention-picker";
import { useCaret } from "./useCaret";
import { useComposerDraft } from "./useComposerDraft";
import { useComposerSend, type PendingSend, type SendOptions } from "./useComposerSend";
import { useReturnedNote, type ReturnedNote } from "./useReturnedNote";
import { useTouchKeyboard } from "./useTouchKeyboard";
import { useTypingSignal } from "./useTypingSignal";
import { useUnfilledPlaceholders } from "./useUnfilledPlaceholders";
import { ReplyTypeSwitch } from "./ReplyTypeSwitch";
import { SendButtons } from "./SendButtons";
import { ComposerHint } from "./ComposerHint";
import { LockedComposer } from "./LockedComposer";
import {
  SavedReplyPreview,
  UnfilledPlaceholdersAlert,
  UnmatchedTriggerAlert,
  UnmentionedAlert,
} from "./ComposerNotices";

export type { PendingSend } from "./useComposerSend";
export type { ReturnedNote } from "./useReturnedNote";

/** What a parent (the keyboard shortcuts) may do with the reply box. */
export type ChatInputHandle = { focus: (mode?: "reply" | "note") => void };

export type ChatInputProps = {
  /**
   * `resolve`: the admin chose "Send and resolve" (only with `allowResolve`, never for a note).
   * `mentions`: the colleagues a note names, picked or typed in full (never on a public reply).
   */
  onSend: (body: string, opts: SendOptions) => void;
  /**
   * Called with true while the user types (at most every 2 s) and false on send or blur; a start in the
   * note box says so (`internal: true`), since only colleagues may hear of a note.
   */
  onTyping?: (isTyping: boolean, internal?: true) => void;
  /** Admins can switch the box to an internal note. */
  allowInternal?: boolean;
  /** Who a public reply reaches, for the switch's label: the shop, or a website visitor. */
  replyTo?: "shop" | "visitor";
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
  /** Offer "Send and resolve" (a button, Ctrl/Cmd+Shift+Enter) beside Send for public replies. */
  allowResolve?: boolean;
  /**
   * Asked before a public reply goes; true holds it (a colleague answered meanwhile) until the holder
   * calls `proceed` or `cancel` (the focus comes back to the box). Notes are never held.
   */
  holdSend?: (pending: PendingSend) => boolean;
  /** The public reply's text whenever it changes: restored from a draft, typed, sent, emptied. */
  onReplyDraft?: (text: string) => void;
  /**
   * The team, the writer left out, for @mentions (with `allowInternal`): in a note, "@" offers its active
   * members, and a note names one by their "@Name", picked there or typed in full.
   */
  admins?: Mentionable[];
  /** A note to take back (its mentions were refused); `onReturned` says it is in the box now. */
  returned?: ReturnedNote | null;
  onReturned?: (key: string) => void;
  /**
   * While disabled, show the unsent text beside the reason (it is kept for when the box comes back). Off
   * where another panel shows it already (a merged ticket's).
   */
  showKeptDraft?: boolean;
};

// Blank text is allowed when files go along (checked in send); the length limit is the contract's.
const resolver = zodResolver(z.object({ body: z.string().max(BODY_MAX) }));

/**
 * The reply box: Enter sends, Shift+Enter breaks the line. On a touch screen Return breaks the line and
 * the Send button sends, as in a phone's messaging apps: there is no Shift+Enter to write a second line.
 */
export default function ChatInput({
  onSend,
  onTyping,
  allowInternal = false,
  replyTo = "shop",
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
  allowResolve = false,
  holdSend,
  onReplyDraft,
  admins,
  returned,
  onReturned,
  showKeptDraft = false,
}: ChatInputProps) {
  const [internal, setInternal] = useState(false);
  const note = allowInternal && internal;
  const touch = useTouchKeyboard();
  const draftKey = draftId ? replyDraftKey(draftId, internal) : null;
  const { register, control, handleSubmit, reset, setValue, getValues } = useForm({
    resolver,
    defaultValues: { body: (draftKey && readDraft<string>(draftKey)) || "" },
  });
  const body = useWatch({ control, name: "body" });
  const setBody = useCallback((text: string) => setValue("body", text), [setValue]);
  const textareaId = useId();
  const hintId = useId();
  const textarea = useRef<HTMLTextAreaElement | null>(null);
  // Whether the box had the focus when it went (the ticket was closed): the note in its place takes it.
  const boxHadFocus = useRef(false);
  const form = useRef<HTMLFormElement | null>(null);
  const caret = useCaret(textarea, body);
  const typing = useTypingSignal(onTyping, internal);
  const placeholders = useUnfilledPlaceholders(body);
  const mentions = useNoteMentions({ draftId, admins, note });
  // Send (or Send and resolve) pressed: that button turns disabled, while the files upload and again once
  // the box is emptied, and the focus would fall to <body>; it goes back to the box, as after Enter. Not
  // on a touch screen, where the focus there would pop the keyboard up again.
  const focusBackToBox = useCallback(() => {
    const active = document.activeElement;
    const lost = !active || active === document.body || !!form.current?.contains(active);
    if (!touch && lost && active !== textarea.current) textarea.current?.focus();
  }, [touch]);

  useComposerDraft({ draftKey, text: body, internal, setText: setBody, onReplyDraft });
  // A note the server refused for its mentions comes back into the note box (before what is there now),
  // with the mentions still good; the ones refused stay as text but alert nobody.
  useReturnedNote({
    returned,
    onReturned,
    enabled: allowInternal && !disabled,
    draftId,
    internal,
    text: () => getValues("body"),
    showNote: (text) => {
      setInternal(true);
      setValue("body", text);
    },
    takeBack: mentions.takeBack,
  });

  useImperativeHandle(handle, () => ({
    focus: (mode) => {
      if (mode && allowInternal) setInternal(mode === "note");
      textarea.current?.focus();
    },
  }));

  const sources: PickerSource[] = [];
  if (canned) sources.push(savedReplySource(canned, placeholderValues, placeholders.inserted));
  if (mentions.mentionable.length) {
    const full = mentions.full(body, caret.at);
    sources.push(mentionSource(mentions.mentionable, { full, pick: mentions.pick }));
  }
  const picker = useComposerPicker({
    sources,
    text: body,
    caret: caret.at,
    insert: (next, at) => {
      setValue("body", next, { shouldDirty: true });
      caret.place(next, at);
    },
    touch,
  });

  const { send, sendAndResolve, waiting } = useComposerSend({
    handleSubmit,
    onSend,
    textarea,
    disabled,
    note,
    allowResolve,
    uploads,
    holdSend,
    // Never "Hello {{customer.name}}" to the shop: the placeholder is selected, ready to be typed over.
    refuses: (text) => placeholders.refuses(text, (start, end) => caret.place(text, start, end)),
    mentionsIn: mentions.idsIn,
    sent: () => {
      reset({ body: "" });
      if (draftKey) writeDraft(draftKey, null);
      // The note's mentions went with it; a reply leaves the note's draft (and its mentions) alone.
      mentions.sent(note);
      placeholders.clear();
      picker.reset();
      typing.stop();
      focusBackToBox();
    },
  });
  // The reply waits for its files ("Uploading…"): the box keeps the focus meanwhile, its description says
  // the reply goes when they are in, and more can be typed.
  useEffect(() => {
    if (waiting) focusBackToBox();
  }, [waiting, focusBackToBox]);
  const resolveOffered = allowResolve && !internal;

  const { ref: bodyRef, ...bodyField } = register("body", {
    onChange: (e: { target: HTMLTextAreaElement }) => {
      caret.track(e.target);
      typing.typed(e.target.value);
    },
    onBlur: () => typing.stop(),
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
    if (resolveOffered && isSendAndResolveKey(e.nativeEvent)) {
      e.preventDefault();
      // An open picker keeps the keys it has: Enter there picks, or refuses a shortcut that matches nothing.
      if (!picker.keepsSend()) sendAndResolve();
      return;
    }
    if (picker.onKeyDown(e)) return;
    if (e.key === "Escape") {
      e.preventDefault();
      textarea.current?.blur();
      onEscape?.();
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing && !touch) {
      e.preventDefault();
      void send();
    }
  };

  if (disabled && disabledReason) {
    return (
      <LockedComposer
        reason={disabledReason}
        keptDraft={showKeptDraft ? body : null}
        internal={note}
        boxHadFocus={boxHadFocus}
      />
    );
  }

  const hasFiles = !!uploads?.items.some((i) => i.status !== "failed");
  const cannotSend = disabled || waiting || (!body.trim() && !hasFiles) || body.length > BODY_MAX;
  return (
    <form
      // The target of the page's "Skip to the reply box" link (AppShell), which focuses the box itself.
      id="reply"
      ref={form}
      className={`border-t px-3 py-3 compact:py-1.5 sm:px-4 ${internal ? "border-amber-300 bg-amber-50" : "border-slate-200 bg-white"}`}
      onSubmit={(e) => void send(e)}
    >
      {allowInternal && (
        <ReplyTypeSwitch
          internal={internal}
          replyTo={replyTo}
          onChange={(toNote) => {
            if (toNote) typing.stop();
            setInternal(toNote);
          }}
        />
      )}
      <label htmlFor={textareaId} className="sr-only">
        {internal ? "Internal note" : "Reply"}
      </label>
      {uploads && (
        <UploadList
          items={uploads.items}
          onRemove={uploads.remove}
          // The last file is gone with its button: the focus goes back to the text.
          onEmptied={() => textarea.current?.focus()}
        />
      )}
      {/* Wraps on a phone only, where Send and resolve moves the send buttons under the box. */}
      <div className="flex flex-wrap items-end gap-2 sm:flex-nowrap">
        {uploads && <AttachButtons onFiles={uploads.add} disabled={disabled} />}
        <textarea
          id={textareaId}
          aria-describedby={hintId}
          {...bodyField}
          ref={(el) => {
            bodyRef(el);
            // Detached while it has the focus (React does so before it takes the node out): the box is
            // going away, or merely re-rendering, when it is attached again at once.
            if (el) boxHadFocus.current = false;
            else if (textarea.current && textarea.current === document.activeElement)
              boxHadFocus.current = true;
            textarea.current = el;
          }}
          autoFocus={autoFocus}
          // A textarea stays a textbox: a combobox role would not allow multi-line text, and a textbox may
          // not carry aria-expanded (axe: aria-allowed-attr, critical). What it may carry: it offers a list,
          // which one, and the highlighted option (read out as the arrows move); the status below says
          // when the list opens and how many it holds.
          aria-autocomplete={picker.words ? "list" : undefined}
          aria-controls={picker.open ? picker.listId : undefined}
          aria-activedescendant={picker.activeOptionId}
          disabled={disabled}
          rows={2}
          placeholder={placeholder ?? (internal ? "Write a note only admins will see…" : "Write a reply…")}
          onKeyDown={onKeyDown}
          onSelect={(e) => caret.track(e.currentTarget)}
          onPaste={onPaste}
          className={`max-h-48 min-h-11 min-w-0 flex-1 resize-y rounded-lg border px-3 py-2 text-sm focus:ring-2 focus:outline-none ${
            internal
              ? "border-amber-300 bg-white focus:ring-amber-400"
              : "border-slate-300 focus:ring-indigo-500"
          }`}
        />
        <SendButtons
          internal={internal}
          waiting={waiting}
          disabled={cannotSend}
          onSendAndResolve={resolveOffered ? sendAndResolve : undefined}
        />
      </div>
      {picker.words && (
        <>
          <PickerList
            id={picker.listId}
            words={picker.words}
            open={picker.open}
            options={picker.options}
            activeIndex={picker.activeIndex}
            optionId={picker.optionId}
            onPick={picker.choose}
            empty={picker.empty}
          />
          <PickerStatus open={picker.open} count={picker.options.length} words={picker.words} />
        </>
      )}
      {picker.refusal && (
        <UnmatchedTriggerAlert refusal={picker.refusal} button={internal ? "Add note" : "Send"} />
      )}
      {mentions.unmentioned && note && <UnmentionedAlert names={mentions.unmentioned} />}
      {placeholders.fromSavedReply && body.trim() && !picker.open && <SavedReplyPreview body={body} />}
      {placeholders.unfilled.length > 0 && (placeholders.fromSavedReply || placeholders.refused) && (
        <UnfilledPlaceholdersAlert unfilled={placeholders.unfilled} refused={placeholders.refused} />
      )}
      <ComposerHint
        id={hintId}
        length={body.length}
        waiting={waiting}
        touch={touch}
        // Only when there is one to insert: with none, "/" opens nothing (a new team has none yet).
        savedReplies={!!canned?.length}
        mentions={mentions.mentionable.length > 0}
        files={!!uploads}
      />
    </form>
  );
}
