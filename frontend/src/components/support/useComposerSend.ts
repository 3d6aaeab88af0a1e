import { useEffect, useRef, useState, type RefObject } from "react";
import type { UseFormHandleSubmit } from "react-hook-form";
import { BODY_MAX, type Attachment } from "@parley/contract";
import type { Uploads } from "../../features/attachments";

/** A public reply held back by `holdSend`: the holder sends it (as the box then stands) or gives it back. */
export type PendingSend = { resolve: boolean; proceed: () => void; cancel: () => void };

export type SendOptions = {
  internal: boolean;
  attachments?: Attachment[];
  resolve?: true;
  mentions?: string[];
};

/** The text of a message that is only files: their names. */
function filesOnlyBody(files: Attachment[]): string {
  const text = files.map((f) => f.name).join(", ");
  return text.length > BODY_MAX ? `${text.slice(0, BODY_MAX - 1)}…` : text;
}

/**
 * What Send does with the box's text: nothing while a check refuses it, a public reply held while a
 * colleague's answer is pending (`holdSend`), Send and resolve, a note with the colleagues it mentions,
 * and files waited for until they are uploaded. `sent` then empties the box.
 */
export function useComposerSend(opts: {
  handleSubmit: UseFormHandleSubmit<{ body: string }>;
  onSend: (body: string, how: SendOptions) => void;
  textarea: RefObject<HTMLTextAreaElement | null>;
  disabled: boolean;
  note: boolean;
  allowResolve: boolean;
  uploads?: Uploads;
  holdSend?: (pending: PendingSend) => boolean;
  /** A check that keeps the text back and says why (a placeholder left in it): true refuses it. */
  refuses: (text: string) => boolean;
  /** The colleagues a note's text mentions. */
  mentionsIn: (text: string) => string[];
  sent: () => void;
}) {
  const { handleSubmit, onSend, textarea, disabled, note, allowResolve, uploads, holdSend } = opts;
  const [waiting, setWaiting] = useState(false);

  /** `confirmed`: the holder (holdSend) let this reply go. */
  const submit = ({ resolve = false, confirmed = false } = {}) =>
    handleSubmit(async ({ body: raw }) => {
      if (disabled || waiting) return;
      if (opts.refuses(raw)) return;
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
      // Only a note mentions colleagues: the API refuses a public reply's mentions.
      const mentions = note ? opts.mentionsIn(text) : [];
      const how = {
        internal: note,
        ...(andResolve ? { resolve: true as const } : {}),
        ...(mentions.length ? { mentions } : {}),
      };
      if (!uploads?.items.length) {
        onSend(text, how);
        opts.sent();
        return;
      }
      // Files still uploading: the reply goes when they are in (a refused one stays here with its reason).
      setWaiting(true);
      const files = await uploads.settle();
      setWaiting(false);
      if (!text && !files.length) return;
      onSend(text || filesOnlyBody(files), { ...how, ...(files.length ? { attachments: files } : {}) });
      uploads.clearSent(files);
      opts.sent();
    });
  const latestSubmit = useRef(submit);
  useEffect(() => {
    latestSubmit.current = submit;
  });

  return {
    /** Sends the box as it stands (Enter, the Send button). */
    send: submit(),
    /** Send and resolve (its button, Ctrl/Cmd+Shift+Enter). */
    sendAndResolve: () => void submit({ resolve: true })(),
    /** Files are still uploading: the message goes when they are in. */
    waiting,
  };
}
