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
  MENTIONS_MAX,
  isCannedPlaceholder,
  placeholdersIn,
  type Attachment,
  type CannedPlaceholder,
  type CannedResponse,
} from "@parley/contract";
import { AttachButtons, UploadList, type Uploads } from "../../features/attachments";
import { nameForPasted } from "../../features/attachments/hooks/useUploads";
import { mentionsDraftKey, readDraft, replyDraftKey, writeDraft } from "../../features/messages/drafts";
import MessageBody from "../../features/messages/MessageBody";
import {
  matchAdmins,
  mentionAt,
  mentionedIds,
  mentionLabel,
  type Mentionable,
  type PickedMention,
} from "../../features/messages/mentions";
import {
  isSendAndResolveKey,
  SEND_AND_RESOLVE,
  sendAndResolveKeys,
} from "../../features/shortcuts/shortcuts";
import { tooLongHint } from "./too-long";
import { PickerList, PickerStatus, type PickerOption, type PickerWords } from "./PickerList";

/** What a parent (the keyboard shortcuts) may do with the reply box. */
export type ChatInputHandle = { focus: (mode?: "reply" | "note") => void };

/** A public reply held back by `holdSend`: the holder sends it (as the box then stands) or gives it back. */
export type PendingSend = { resolve: boolean; proceed: () => void; cancel: () => void };

/**
 * A note the server sent back because of its mentions (`refused`: ids no longer active admins): its text
 * and the mentions still good go back into the note box, which says why.
 */
export type ReturnedNote = { key: string; body: string; mentions: string[]; refused: string[] };

export type ChatInputProps = {
  /**
   * `resolve`: the admin chose "Send and resolve" (only with `allowResolve`, never for a note).
   * `mentions`: a note's picked colleagues still named in it (never on a public reply).
   */
  onSend: (
    body: string,
    opts: { internal: boolean; attachments?: Attachment[]; resolve?: true; mentions?: string[] },
  ) => void;
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
   * The team, for @mentions (with `allowInternal`): in a note, "@" offers its active members; a picked
   * one's id goes with the note while their "@Name" is still in it.
   */
  admins?: Mentionable[];
  /** A note to take back (its mentions were refused); `onReturned` says it is in the box now. */
  returned?: ReturnedNote | null;
  onReturned?: (key: string) => void;
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

/** What "/" (saved replies) and "@" (colleagues, in a note) open: one picker, two sources. */
type Trigger = { kind: "canned" | "mention"; start: number; query: string };
const TRIGGER_CHAR = { canned: "/", mention: "@" } as const;
const PICKER_WORDS: Record<Trigger["kind"], PickerWords> = {
  canned: {
    label: "Saved replies",
    one: "saved reply",
    many: "saved replies",
    none: "No saved reply matches.",
  },
  mention: { label: "Colleagues", one: "colleague", many: "colleagues", none: "No colleague matches." },
};

/** The picked mentions stored with a note draft (anything else in storage is ignored). */
function readPicks(key: string | null): PickedMention[] {
  const stored = key ? readDraft<unknown>(key) : null;
  if (!Array.isArray(stored)) return [];
  return (stored as Partial<Record<keyof PickedMention, unknown>>[]).filter(
    (p): p is PickedMention => typeof p?.id === "string" && typeof p.label === "string" && !!p.label,
  );
}

/** "Ana", "Ana and Sam", "Ana, Sam and Bo". */
const listOf = (names: string[]) =>
  names.length < 2 ? (names[0] ?? "") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;

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
  allowResolve = false,
  holdSend,
  onReplyDraft,
  admins,
  returned,
  onReturned,
}: ChatInputProps) {
  const [internal, setInternal] = useState(false);
  const [waiting, setWaiting] = useState(false);
  const touch = useTouchKeyboard();
  const draftKey = draftId ? replyDraftKey(draftId, internal) : null;
  const { register, control, handleSubmit, reset, setValue, getValues } = useForm({
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
  // The "/shortcut" (or a note's "@name") Enter did not send because nothing matches it (audit F1).
  const [unmatched, setUnmatched] = useState<string | null>(null);
  // A send was refused for unfilled placeholders: the message says so until none is left.
  const [refused, setRefused] = useState(false);
  // The colleagues "@" put in the note, kept with the note's draft (a reload or ticket switch keeps them).
  const picksKey = draftId ? mentionsDraftKey(draftId) : null;
  const [picks, setPicks] = useState(() => readPicks(picksKey));
  const savePicks = (next: PickedMention[]) => {
    setPicks(next);
    if (picksKey) writeDraft(picksKey, next.length ? next : null);
  };
  // The names of the colleagues a returned note could not mention, said until the next send.
  const [unmentioned, setUnmentioned] = useState<string[] | null>(null);
  const { ref: bodyRef, ...bodyField } = register("body", {
    onChange: (e: ChangeEvent<HTMLTextAreaElement>) => {
      setCaret({ at: e.target.selectionStart, text: e.target.value });
      onChange(e.target.value);
    },
    onBlur: () => stopTyping(),
  });

  const replyDraftChanged = useRef(onReplyDraft);
  useEffect(() => {
    replyDraftChanged.current = onReplyDraft;
  });
  // Switching between reply and note (or ticket) swaps in that box's own draft.
  const shownKey = useRef(draftKey);
  useEffect(() => {
    if (shownKey.current !== draftKey) {
      shownKey.current = draftKey;
      setValue("body", (draftKey && readDraft<string>(draftKey)) || "");
      setPicks(readPicks(picksKey));
      return;
    }
    if (draftKey) writeDraft(draftKey, body);
    // Here, not on every change of `body`: during a swap it still holds the other box's text.
    if (!internal) replyDraftChanged.current?.(body);
  }, [draftKey, body, setValue, internal, picksKey]);

  // A note the server refused for its mentions comes back into the note box (before what is there now),
  // with the mentions still good; the ones refused stay as text but alert nobody.
  const takenBack = useRef<string | null>(null);
  const returnedTaken = useRef(onReturned);
  useEffect(() => {
    returnedTaken.current = onReturned;
  });
  useEffect(() => {
    if (!returned || takenBack.current === returned.key || !allowInternal || disabled) return;
    takenBack.current = returned.key;
    const noteKey = draftId ? replyDraftKey(draftId, true) : null;
    const current = internal || !noteKey ? getValues("body") : readDraft<string>(noteKey) || "";
    const text = current.trim() ? `${returned.body}\n\n${current}` : returned.body;
    const known = (id: string) => admins?.find((a) => a.id === id);
    const kept = returned.mentions
      .filter((id) => !returned.refused.includes(id) && known(id)?.active)
      .map((id) => ({ id, label: mentionLabel(known(id)!) ?? "" }))
      .filter((p) => p.label);
    setPicks((had) => {
      const next = [...had.filter((p) => !kept.some((k) => k.id === p.id)), ...kept];
      if (picksKey) writeDraft(picksKey, next.length ? next : null);
      return next;
    });
    if (noteKey) writeDraft(noteKey, text);
    setInternal(true);
    setValue("body", text);
    setUnmentioned(returned.refused.map((id) => (known(id) && mentionLabel(known(id)!)) || "A colleague"));
    returnedTaken.current?.(returned.key);
  }, [returned, allowInternal, disabled, draftId, internal, getValues, admins, picksKey, setValue]);

  useImperativeHandle(handle, () => ({
    focus: (mode) => {
      if (mode && allowInternal) setInternal(mode === "note");
      textarea.current?.focus();
    },
  }));

  const at = caret?.text === body ? caret.at : body.length;
  const note = allowInternal && internal;
  // Only a note mentions colleagues: a public reply is read by the shop.
  const mentionable = note && admins ? admins.filter((a) => a.active && mentionLabel(a)) : [];
  const shortcut = canned?.length ? shortcutAt(body, at) : null;
  const mention = mentionable.length ? mentionAt(body, at) : null;
  // Both may match ("/refund pol @an" starts a line with "/"): the one nearer the caret is being typed.
  const trigger: Trigger | null =
    mention && (!shortcut || mention.start > shortcut.start)
      ? { kind: "mention", ...mention }
      : shortcut && { kind: "canned", ...shortcut };
  const triggerText = trigger && `${TRIGGER_CHAR[trigger.kind]}${trigger.query}`;
  // Once the dismissed "/" or "@" is gone, one typed there opens the picker again.
  if (dismissed !== null && body[dismissed] !== "/" && body[dismissed] !== "@") setDismissed(null);
  const pickerQuery = trigger && trigger.start !== dismissed ? trigger.query.toLowerCase() : null;
  const pickerOpen = pickerQuery !== null;
  const mentioned = note ? mentionedIds(body, picks) : [];
  // The API alerts at most MENTIONS_MAX colleagues per note: past them "@" offers nobody, and says why.
  const mentionsFull = mentioned.length >= MENTIONS_MAX;
  const cannedMatches =
    pickerOpen && trigger!.kind === "canned"
      ? canned!.filter((c) => `${c.title}\n${c.body}`.toLowerCase().includes(pickerQuery.trim())).slice(0, 8)
      : [];
  const adminMatches =
    pickerOpen && trigger!.kind === "mention" && !mentionsFull ? matchAdmins(mentionable, pickerQuery) : [];
  const options: PickerOption[] =
    trigger?.kind === "mention"
      ? adminMatches.map((a) => ({ id: a.id, label: mentionLabel(a)!, detail: a.name ? a.email : null }))
      : cannedMatches.map((c) => ({ id: c.id, label: c.title, detail: c.body }));
  const words = PICKER_WORDS[trigger?.kind ?? (canned ? "canned" : "mention")];
  // A "@" past the limit is text: Enter sends the note as written.
  const unmatchedStops = pickerOpen && !options.length && !(trigger!.kind === "mention" && mentionsFull);
  const activeIndex = Math.min(active, options.length - 1);
  // Stable per saved reply or colleague (not per position): the highlighted option keeps its id as the
  // list narrows.
  const optionId = (o: PickerOption) => `${pickerId}-${o.id}`;

  /** Puts the caret (or a selection) in the box, and remembers it for the picker. */
  const placeCaret = (text: string, start: number, end = start) => {
    setCaret({ at: start, text });
    textarea.current?.focus();
    textarea.current?.setSelectionRange(start, end);
  };

  // Audit F3: the saved reply takes the place of the "/shortcut" typed up to the caret, and nothing else,
  // so it goes with the text around it, and a second one can follow.
  const pick = (c: CannedResponse) => {
    if (!trigger) return;
    const filled = fillPlaceholders(c.body, placeholderValues);
    const next = body.slice(0, trigger.start) + filled.text + body.slice(at);
    setValue("body", next, { shouldDirty: true });
    setFromCanned((had) => [
      ...(had ?? []),
      ...filled.missing.filter((m) => !had?.some((h) => sameName(h, m))),
    ]);
    setActive(0);
    placeCaret(next, trigger.start + filled.text.length);
  };

  // "@Name " takes the place of the "@query" typed up to the caret; the id is remembered for the send.
  const pickMention = (a: Mentionable) => {
    if (!trigger) return;
    const label = mentionLabel(a)!;
    const spaced = /^\s/.test(body.slice(at));
    const inserted = `@${label}${spaced ? "" : " "}`;
    const next = body.slice(0, trigger.start) + inserted + body.slice(at);
    setValue("body", next, { shouldDirty: true });
    savePicks([...picks.filter((p) => p.id !== a.id), { id: a.id, label }]);
    setActive(0);
    placeCaret(next, trigger.start + inserted.length + (spaced ? 1 : 0));
  };
  const choose = (index: number) =>
    trigger?.kind === "mention" ? pickMention(adminMatches[index]!) : pick(cannedMatches[index]!);

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

  /** `confirmed`: the holder (holdSend) let this reply go. */
  const submit = ({ resolve = false, confirmed = false } = {}) =>
    handleSubmit(async ({ body: raw }) => {
      if (disabled || waiting) return;
      // Never "Hello {{customer.name}}" to the shop: the placeholder is selected, ready to be typed over.
      const [first] = unfilledIn(raw);
      if (first) {
        setRefused(true);
        placeCaret(raw, first.start, first.end);
        return;
      }
      const text = raw.trim();
      if (!text && !uploads?.items.length) return;
      const andResolve = resolve && allowResolve && !note;
      if (!note && !confirmed) {
        const held = holdSend?.({
          resolve: andResolve,
          // The latest submit: the reply goes as the box stands when the holder lets it, and the focus
          // comes back here, as after any send.
          proceed: () => {
            textarea.current?.focus();
            void latestSubmit.current({ resolve: andResolve, confirmed: true })();
          },
          cancel: () => textarea.current?.focus(),
        });
        if (held) return;
      }
      const mentions = note ? mentionedIds(text, picks) : [];
      const how = {
        internal: note,
        ...(andResolve ? { resolve: true as const } : {}),
        ...(mentions.length ? { mentions } : {}),
      };
      const sent = () => {
        reset({ body: "" });
        if (draftKey) writeDraft(draftKey, null);
        // The note's mentions went with it; a reply leaves the note's draft (and its mentions) alone.
        if (note) savePicks([]);
        setUnmentioned(null);
        setFromCanned(null);
        setUnmatched(null);
        stopTyping();
      };
      if (!uploads?.items.length) {
        onSend(text, how);
        sent();
        return;
      }
      // Files still uploading: the reply goes when they are in (a refused one stays here with its reason).
      setWaiting(true);
      const files = await uploads.settle();
      setWaiting(false);
      if (!text && !files.length) return;
      onSend(text || filesOnlyBody(files), { ...how, ...(files.length ? { attachments: files } : {}) });
      uploads.clearSent(files);
      sent();
      stopTyping();
    });
  const send = submit();
  const latestSubmit = useRef(submit);
  useEffect(() => {
    latestSubmit.current = submit;
  });
  const resolveOffered = allowResolve && !internal;

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
      if (pickerOpen) {
        if (unmatchedStops) setUnmatched(triggerText);
        return;
      }
      void submit({ resolve: true })();
      return;
    }
    if (pickerOpen && options.length && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
      e.preventDefault();
      setActive((i) => (i + (e.key === "ArrowDown" ? 1 : options.length - 1)) % options.length);
      return;
    }
    // Only Enter picks: Tab leaves the box as it does everywhere else.
    if (pickerOpen && options.length && e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      choose(activeIndex);
      return;
    }
    // Audit F1: a mistyped shortcut ("/refnud") is not a reply. Enter keeps it and says why; sending it as
    // written takes a deliberate step (Escape then Enter, or the button), never a second Enter pressed
    // in a hurry. On a touch screen Return only breaks the line, so there is nothing to stop.
    if (unmatchedStops && e.key === "Enter" && !e.shiftKey && !e.nativeEvent.isComposing && !touch) {
      e.preventDefault();
      setUnmatched(triggerText);
      return;
    }
    if (e.key === "Escape") {
      e.preventDefault();
      if (pickerOpen) {
        // Closes the picker only: the text (and its draft) stays, and nothing outside reacts.
        e.stopPropagation();
        setDismissed(trigger!.start);
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
  // Mounted while the box offers something, so the list exists before it opens (aria-controls, live text).
  const hasPicker = !!canned || mentionable.length > 0;
  const tooLong = body.length > BODY_MAX;
  const hasFiles = !!uploads?.items.some((i) => i.status !== "failed");
  const cannotSend = disabled || waiting || (!body.trim() && !hasFiles) || tooLong;
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
          aria-autocomplete={hasPicker ? "list" : undefined}
          aria-controls={pickerOpen ? pickerId : undefined}
          aria-activedescendant={pickerOpen && options.length ? optionId(options[activeIndex]!) : undefined}
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
        {/* On a phone the second button goes under Send, so the text keeps its width. */}
        <div className="flex flex-col gap-1 sm:flex-row sm:gap-2">
          <button
            type="submit"
            disabled={cannotSend}
            className={`h-11 rounded-lg px-4 text-sm font-semibold text-white disabled:cursor-not-allowed disabled:opacity-50 ${
              internal ? "bg-amber-600 hover:bg-amber-700" : "bg-indigo-600 hover:bg-indigo-700"
            }`}
          >
            {waiting ? "Uploading…" : internal ? "Add note" : "Send"}
          </button>
          {resolveOffered && (
            <button
              type="button"
              disabled={cannotSend}
              onClick={() => void submit({ resolve: true })()}
              aria-keyshortcuts={SEND_AND_RESOLVE.ariaKeys}
              title={`Send the reply, then mark the ticket resolved (${sendAndResolveKeys()})`}
              className="h-8 rounded-lg bg-white px-3 text-xs font-semibold text-indigo-700 ring-1 ring-indigo-300 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:opacity-50 sm:h-11 sm:text-sm"
            >
              Send and resolve
            </button>
          )}
        </div>
      </div>
      {hasPicker && (
        <PickerList
          id={pickerId}
          words={words}
          open={pickerOpen}
          options={options}
          activeIndex={activeIndex}
          optionId={optionId}
          onPick={choose}
          empty={
            trigger?.kind === "mention"
              ? mentionsFull
                ? `A note can mention at most ${MENTIONS_MAX} colleagues.`
                : `No colleague matches “${pickerQuery}”.`
              : `No saved reply matches “${pickerQuery}”.`
          }
        />
      )}
      {hasPicker && <PickerStatus open={pickerOpen} count={options.length} words={words} />}
      {unmatchedStops && unmatched === triggerText && (
        <p role="alert" className="mt-1 text-xs text-red-700">
          {trigger!.kind === "mention" ? "No colleague matches" : "No saved reply matches"} {unmatched}. To
          send it as written, press Escape and then Enter, or use the {internal ? "Add note" : "Send"} button.
        </p>
      )}
      {unmentioned && note && (
        // The server refused these mentions (deactivated meanwhile): the note is back here, nothing lost.
        <p role="alert" className="mt-1 text-xs text-red-700">
          {`Not sent: ${listOf(unmentioned)} can no longer be mentioned (not an active admin). Your note is back in the box; send it again to post it without alerting ${unmentioned.length === 1 ? "them" : "those colleagues"}.`}
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
                mentionable.length ? "@ to mention a colleague" : null,
                uploads && !touch ? "paste or drop files to attach" : null,
              ]
                .filter(Boolean)
                .join(" · ")}
      </p>
    </form>
  );
}
