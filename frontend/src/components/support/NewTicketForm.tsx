import { useCallback, useEffect, useRef, useState, type ClipboardEvent, type ReactNode } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  BODY_MAX,
  createTicketBodySchema,
  DEFAULT_PRIORITY,
  SUBJECT_MAX,
  TICKET_PRIORITIES,
  type CreateTicketBody,
} from "@parley/contract";
import SelectField from "../ui/SelectField";
import FormField, { FormAlert, SubmitButton } from "../ui/FormField";
import { fieldMessages } from "../../lib/form-errors";
import { CATEGORIES, PRIORITY_LABEL } from "./ticket-labels";
import { tooLongHint } from "./too-long";
import {
  AttachButtons,
  FileDropZone,
  UploadList,
  useUploads,
  type UploadItem,
} from "../../features/attachments";
import { nameForPasted } from "../../features/attachments/hooks/useUploads";
import { clearDraft, NEW_TICKET_DRAFT_KEY, readDraft, writeDraft } from "../../features/messages/drafts";
import { isSinglePaneLayout } from "../../features/tickets/components/SupportLayout";
import { ApiError } from "../../services/api/client";
import { useConnectionStatus } from "../../hooks/realtime";
import { newId } from "../../lib/ids";

type Draft = Partial<Pick<CreateTicketBody, "subject" | "message" | "priority" | "category">>;

export type NewTicketFormProps = {
  /**
   * Gets a `clientMessageId` that is the same for every attempt at the same words, so a retry after a lost
   * answer files nothing twice.
   */
  onSubmit: (input: CreateTicketBody) => Promise<void>;
  onCancel?: () => void;
  /**
   * Renders help for the draft so far (subject and message), e.g. FAQ suggestions. Shown under the
   * message, so panels that come and go as the text changes never move the field being typed in.
   */
  renderSuggestions?: (draft: string) => ReactNode;
  /** The server's UPLOAD_MAX_BYTES (useUploadLimits): a larger file is refused before it is sent. */
  maxUploadBytes?: number;
};

const messages = fieldMessages({
  subject: {
    required: "Add a short subject.",
    tooLong: `Keep the subject under ${SUBJECT_MAX} characters.`,
  },
  message: { required: "Describe the problem." },
});
const resolver = zodResolver(createTicketBodySchema, {
  error: (issue) =>
    // A message over the limit says by how much, in the reply box's words: "too long" alone leaves the
    // writer guessing how much to cut. (The count is of the trimmed text, as the server counts.)
    issue.code === "too_big" && issue.path?.[0] === "message" && typeof issue.input === "string"
      ? tooLongHint(issue.input.length, BODY_MAX)
      : messages.error(issue),
});

const PRIORITY_OPTIONS = TICKET_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] }));
const CATEGORY_OPTIONS = [{ value: "", label: "Choose a category (optional)" }, ...CATEGORIES];

/** "Remove or replace a.png and b.png …": the files a submit will not carry, by name. */
function refusedMessage(files: UploadItem[]): string {
  const names = files.map((f) => f.name);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
  return `Remove or replace ${list} before creating the ticket: ${names.length === 1 ? "it was" : "they were"} not attached.`;
}

const field =
  "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none";

/** The shop's "new ticket" form, validated with the contract's schema. */
export default function NewTicketForm({
  onSubmit,
  onCancel,
  renderSuggestions,
  maxUploadBytes,
}: NewTicketFormProps) {
  const [saved] = useState(() => readDraft<Draft>(NEW_TICKET_DRAFT_KEY) ?? {});
  const { register, control, handleSubmit, formState, setFocus, watch } = useForm({
    resolver,
    defaultValues: {
      subject: typeof saved.subject === "string" ? saved.subject : "",
      message: typeof saved.message === "string" ? saved.message : "",
      priority:
        saved.priority && TICKET_PRIORITIES.includes(saved.priority) ? saved.priority : DEFAULT_PRIORITY,
      category: typeof saved.category === "string" ? saved.category : undefined,
    },
  });
  const { errors, isSubmitting } = formState;
  // The idempotency key belongs to these exact words, in this form only. A retry of the same words (after
  // "Cannot reach the server" or a timeout whose request did arrive) is the same ticket to the server. Words
  // changed since are another ticket, and so is another tab's draft: a key shared through the stored draft
  // once made a second tab's ticket come back as the first tab's, its own words lost.
  const clientMessageId = useRef(newId());
  // On a phone the list with the New ticket button is hidden now: focus goes to the form (as it goes to a
  // ticket's heading when one opens), or it would be lost. With two panes the caret goes to Subject: left
  // on the button, a keyboard user would Tab through the whole ticket list to reach the form.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (isSinglePaneLayout()) heading.current?.focus();
    else setFocus("subject");
  }, [setFocus]);
  const [subject, message, priority, category] = useWatch({
    control,
    name: ["subject", "message", "priority", "category"],
  });
  // Kept across reloads until the ticket is created.
  useEffect(() => {
    writeDraft(NEW_TICKET_DRAFT_KEY, subject || message ? { subject, message, priority, category } : null);
    // New words, a new ticket: a key is never reused for other words (see clientMessageId).
    clientMessageId.current = newId();
  }, [subject, message, priority, category]);
  // `offline`: the server could not be reached. That alert goes once it can be again (see below).
  const [error, setError] = useState<{ message: string; offline: boolean } | null>(null);
  const uploads = useUploads({ maxBytes: maxUploadBytes });

  // "Cannot reach the server" is stale once the shop edits the form, the browser is back online or the
  // live connection is up again: it would otherwise stay until the next submit.
  const clearOffline = useCallback(() => setError((e) => (e?.offline ? null : e)), []);
  useEffect(() => {
    const sub = watch(clearOffline);
    window.addEventListener("online", clearOffline);
    return () => {
      sub.unsubscribe();
      window.removeEventListener("online", clearOffline);
    };
  }, [watch, clearOffline]);
  const connection = useConnectionStatus();
  const [lastConnection, setLastConnection] = useState(connection);
  if (connection !== lastConnection) {
    setLastConnection(connection);
    if (connection === "live") clearOffline();
  }

  // A refused file would be left out of the ticket without a word: a submit stops, names it and puts the
  // focus on it (its Remove button, which reads the reason). The alert follows the list: it goes when
  // the file is removed. `blocked` counts the stopped submits, so each one moves the focus.
  const refused = uploads.items.filter((i) => i.status === "failed");
  const [blocked, setBlocked] = useState(0);
  const files = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (blocked) files.current?.querySelector<HTMLElement>('li[data-status="failed"] button')?.focus();
  }, [blocked]);
  // Files taken off the list while a submit waits for the uploads (they are not "refused").
  const removedWhileSending = useRef(0);
  const removeFile = (key: string) => {
    removedWhileSending.current++;
    uploads.remove(key);
  };

  const submit = handleSubmit(async (input) => {
    setError(null);
    if (refused.length) return setBlocked((n) => n + 1);
    setBlocked(0);
    const expected = uploads.items.length;
    removedWhileSending.current = 0;
    try {
      // Files still uploading go along once they are in.
      const done = await uploads.settle();
      // One was refused while we waited (the server could not read it): stop as above.
      if (done.length < expected - removedWhileSending.current) return setBlocked((n) => n + 1);
      const body = { ...input, clientMessageId: clientMessageId.current };
      await onSubmit(done.length ? { ...body, attachmentIds: done.map((f) => f.id) } : body);
      clearDraft(NEW_TICKET_DRAFT_KEY);
      clientMessageId.current = newId();
    } catch (err) {
      setError({
        message: (err as Error).message || "The ticket could not be created.",
        offline: err instanceof ApiError && err.code === "NETWORK",
      });
    }
  });

  const onPaste = (e: ClipboardEvent<HTMLTextAreaElement>) => {
    const files = Array.from(e.clipboardData?.files ?? []);
    if (!files.length) return;
    if (!e.clipboardData.getData("text/plain")) e.preventDefault();
    uploads.add(files.map((f) => nameForPasted(f)));
  };

  return (
    <FileDropZone onFiles={uploads.add}>
      <form
        onSubmit={(e) => void submit(e)}
        noValidate
        className="mx-auto max-w-2xl space-y-4 p-4 sm:p-6"
        aria-label="New ticket"
      >
        <div>
          <h2 ref={heading} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
            New ticket
          </h2>
          <p className="text-sm text-slate-600">
            Tell us what happened. We usually answer within a few hours.
          </p>
        </div>
        <FormField label="Subject" error={errors.subject?.message}>
          {(a11y) => (
            <input
              {...a11y}
              {...register("subject")}
              maxLength={SUBJECT_MAX}
              autoComplete="off"
              placeholder="e.g. Payout for October is missing"
              className={field}
            />
          )}
        </FormField>
        <FormField label="Message" error={errors.message?.message}>
          {(a11y) => (
            <textarea
              {...a11y}
              {...register("message")}
              rows={6}
              placeholder="What did you expect, what happened instead, and any order numbers."
              className={field}
              onPaste={onPaste}
            />
          )}
        </FormField>
        <div ref={files}>
          <div className="flex items-center gap-2 text-sm text-slate-600">
            <AttachButtons onFiles={uploads.add} />
            <span>Attach screenshots, labels or invoices (or drop or paste them here).</span>
          </div>
          <UploadList
            items={uploads.items}
            onRemove={removeFile}
            // The last file is gone with its button: the focus goes to "Attach files" (to replace it).
            onEmptied={() => files.current?.querySelector("button")?.focus()}
          />
        </div>
        {renderSuggestions?.(`${subject}\n${message}`)}
        <div className="grid gap-4 sm:grid-cols-2">
          <Controller
            control={control}
            name="priority"
            render={({ field: f }) => (
              <SelectField
                label="Priority"
                options={PRIORITY_OPTIONS}
                {...f}
                value={f.value ?? DEFAULT_PRIORITY}
              />
            )}
          />
          <Controller
            control={control}
            name="category"
            render={({ field: f }) => (
              <SelectField
                label="Category"
                options={CATEGORY_OPTIONS}
                {...f}
                value={f.value ?? ""}
                onChange={(v) => f.onChange(v || undefined)}
              />
            )}
          />
        </div>
        <FormAlert message={error?.message ?? (blocked && refused.length ? refusedMessage(refused) : null)} />
        <div className="flex items-center justify-end gap-2">
          {onCancel && (
            <button
              type="button"
              onClick={onCancel}
              className="rounded-lg px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
            >
              Cancel
            </button>
          )}
          <SubmitButton
            busy={isSubmitting}
            label="Create ticket"
            busyLabel={uploads.uploading ? "Uploading files…" : "Creating…"}
          />
        </div>
      </form>
    </FileDropZone>
  );
}
