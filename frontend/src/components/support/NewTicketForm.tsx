import { useId, useState, type FormEvent } from "react";
import { TICKET_PRIORITIES, type NewTicket, type TicketPriority } from "../../services/api/support";
import FaqSuggestions from "./FaqSuggestions";
import { CATEGORIES, PRIORITY_LABEL } from "./ticket-rules";
import { MAX_BODY } from "./ChatInput";

export type NewTicketFormProps = {
  onSubmit: (input: NewTicket) => Promise<void>;
  onCancel?: () => void;
  /** One id per form session, shared with the FAQ suggestions (deflection tracking). */
  deflectionSessionId: string;
};

const field =
  "mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/30 focus:outline-none";

/** The shop's "new ticket" form; FAQ suggestions follow what is typed. */
export default function NewTicketForm({ onSubmit, onCancel, deflectionSessionId }: NewTicketFormProps) {
  const [subject, setSubject] = useState("");
  const [message, setMessage] = useState("");
  const [priority, setPriority] = useState<TicketPriority>("medium");
  const [category, setCategory] = useState("");
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [touched, setTouched] = useState(false);
  const ids = { subject: useId(), message: useId(), priority: useId(), category: useId(), err: useId() };

  const subjectError = !subject.trim()
    ? "Add a short subject."
    : subject.trim().length > 200
      ? "Keep the subject under 200 characters."
      : null;
  const messageError = !message.trim()
    ? "Describe the problem."
    : message.trim().length > MAX_BODY
      ? "The message is too long."
      : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setTouched(true);
    if (subjectError || messageError || submitting) return;
    setSubmitting(true);
    setError(null);
    try {
      await onSubmit({
        subject: subject.trim(),
        message: message.trim(),
        priority,
        ...(category ? { category } : {}),
      });
    } catch (err) {
      setError((err as Error).message || "The ticket could not be created.");
      setSubmitting(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      noValidate
      className="mx-auto max-w-2xl space-y-4 p-4 sm:p-6"
      aria-label="New ticket"
    >
      <div>
        <h2 className="text-lg font-semibold text-slate-900">New ticket</h2>
        <p className="text-sm text-slate-500">Tell us what happened. We usually answer within a few hours.</p>
      </div>
      <div>
        <label htmlFor={ids.subject} className="text-sm font-medium text-slate-700">
          Subject
        </label>
        <input
          id={ids.subject}
          value={subject}
          onChange={(e) => setSubject(e.target.value)}
          maxLength={250}
          autoComplete="off"
          placeholder="e.g. Payout for October is missing"
          aria-invalid={touched && !!subjectError}
          aria-describedby={touched && subjectError ? `${ids.subject}-err` : undefined}
          className={field}
        />
        {touched && subjectError && (
          <p id={`${ids.subject}-err`} className="mt-1 text-xs text-red-700">
            {subjectError}
          </p>
        )}
      </div>
      <FaqSuggestions draft={`${subject}\n${message}`} deflectionSessionId={deflectionSessionId} />
      <div>
        <label htmlFor={ids.message} className="text-sm font-medium text-slate-700">
          Message
        </label>
        <textarea
          id={ids.message}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
          rows={6}
          placeholder="What did you expect, what happened instead, and any order numbers."
          aria-invalid={touched && !!messageError}
          aria-describedby={touched && messageError ? `${ids.message}-err` : undefined}
          className={field}
        />
        {touched && messageError && (
          <p id={`${ids.message}-err`} className="mt-1 text-xs text-red-700">
            {messageError}
          </p>
        )}
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={ids.priority} className="text-sm font-medium text-slate-700">
            Priority
          </label>
          <select
            id={ids.priority}
            value={priority}
            onChange={(e) => setPriority(e.target.value as TicketPriority)}
            className={field}
          >
            {TICKET_PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {PRIORITY_LABEL[p]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={ids.category} className="text-sm font-medium text-slate-700">
            Category
          </label>
          <select
            id={ids.category}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            className={field}
          >
            <option value="">Choose a category (optional)</option>
            {CATEGORIES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {error && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {error}
        </p>
      )}
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
        <button
          type="submit"
          disabled={submitting}
          className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700 disabled:opacity-60"
        >
          {submitting ? "Creating…" : "Create ticket"}
        </button>
      </div>
    </form>
  );
}
