/**
 * The SLA policy editor (admins): targets per priority in business minutes, the weekly business hours,
 * the time zone and holidays. Checked with the contract's schema before sending; the server's 400
 * details land on the same fields.
 */
import { useEffect, useRef, useState } from "react";
import {
  putSlaPoliciesBodySchema,
  SLA_TARGET_MAX_MINUTES,
  SLA_WEEKDAYS,
  TICKET_PRIORITIES,
  type BusinessHours,
  type SlaPolicies,
  type SlaTarget,
} from "@parley/contract";
import { ApiError } from "../../../services/api/client";
import { useSaveSlaPolicies, useSlaPolicies } from "../hooks/useSla";
import { ErrorState, SkeletonList } from "../../../components/support/ListStates";
import UnsavedChangesGuard from "../../../components/ui/UnsavedChangesGuard";
import { PRIORITY_LABEL } from "../../../components/support/ticket-labels";
import { businessTarget, clock, isTargetPath, TARGET_RULE, uniformBusinessDay } from "./sla-targets";

type Draft = { timeZone: string; hours: BusinessHours[]; holidays: string; targets: SlaTarget[] };
type Errors = Record<string, string>;
const TARGET_FIELDS = ["firstResponseMinutes", "nextResponseMinutes", "resolutionMinutes"] as const;
type TargetField = (typeof TARGET_FIELDS)[number];
const TARGET_FIELD_LABEL: Record<TargetField, string> = {
  firstResponseMinutes: "first response",
  nextResponseMinutes: "next response",
  resolutionMinutes: "resolution",
};
const TARGET_FIELD_HEADER: Record<TargetField, string> = {
  firstResponseMinutes: "First response",
  nextResponseMinutes: "Next response",
  resolutionMinutes: "Resolution",
};

const input = "rounded-md border px-2 py-1 text-sm text-slate-800";
const border = (bad: boolean) => (bad ? "border-red-500" : "border-slate-300");
const DAY_LABEL = {
  mon: "Mon",
  tue: "Tue",
  wed: "Wed",
  thu: "Thu",
  fri: "Fri",
  sat: "Sat",
  sun: "Sun",
} as const;

function draftOf(p: SlaPolicies): Draft {
  return {
    timeZone: p.calendar.timeZone,
    hours: p.calendar.hours.map((h) => ({ ...h })),
    holidays: p.calendar.holidays.join("\n"),
    targets: TICKET_PRIORITIES.map((priority) => {
      const t = p.targets.find((x) => x.priority === priority) ?? {
        priority,
        firstResponseMinutes: 60,
        resolutionMinutes: 480,
      };
      return { ...t, nextResponseMinutes: t.nextResponseMinutes ?? t.firstResponseMinutes };
    }),
  };
}

function bodyOf(d: Draft) {
  return {
    calendar: {
      timeZone: d.timeZone.trim(),
      hours: d.hours,
      holidays: d.holidays
        .split(/[\s,]+/)
        .map((s) => s.trim())
        .filter(Boolean),
    },
    targets: d.targets,
  };
}

/**
 * Issue paths as dotted keys: calendar.hours.2, targets.0.firstResponseMinutes. A target's issue, from
 * zod here or from the server, reads as the rule in words rather than the validator's wording.
 */
function errorsOf(issues: Array<{ path: string; message: string }>): Errors {
  const out: Errors = {};
  for (const i of issues) out[i.path] ??= isTargetPath(i.path) ? TARGET_RULE : i.message;
  return out;
}

const isValidTarget = (v: number) => Number.isInteger(v) && v >= 1 && v <= SLA_TARGET_MAX_MINUTES;

export default function SlaPolicyEditor() {
  const policy = useSlaPolicies();
  if (policy.isPending) return <SkeletonList rows={4} label="Loading the SLA policy" />;
  if (policy.isError)
    return <ErrorState message="The SLA policy could not be loaded." onRetry={() => void policy.refetch()} />;
  return <Editor policy={policy.data} />;
}

function Editor({ policy }: { policy: SlaPolicies }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(policy));
  // What the server holds: the loaded policy, then each draft saved since. Unsaved edits are the difference.
  const [stored, setStored] = useState<Draft>(draft);
  const dirty = JSON.stringify(draft) !== JSON.stringify(stored);
  const [errors, setErrors] = useState<Errors>({});
  // "Saved." stands while the draft is the one that save produced; any edit makes a new draft.
  const [savedDraft, setSavedDraft] = useState<Draft | null>(null);
  const saved = savedDraft === draft;
  const save = useSaveSlaPolicies();
  const addSpan = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // Counts refused saves. Once a refusal's messages are on their fields, the focus goes to the first field
  // marked invalid (its message describes it), not left on Save with the reader to hunt for what is wrong.
  // A refusal with no field of its own (a general message) leaves the focus on Save, beside its alert.
  const [refusals, setRefusals] = useState(0);
  useEffect(() => {
    if (refusals) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [refusals]);
  // A new policy from the server starts the draft over in place. (Remounting the editor on it, as a key did,
  // dropped the focus from Save to <body> and the "Saved." message with it, at every save.) `base` is the
  // policy the draft started from; `seen` the last one given, so that one arriving after this editor's own
  // save, already adopted, is not adopted twice.
  const [base, setBase] = useState(policy.updatedAt);
  const [seen, setSeen] = useState(policy.updatedAt);
  const adopt = (p: SlaPolicies) => {
    const incoming = draftOf(p);
    setBase(p.updatedAt);
    setDraft(incoming);
    setStored(incoming);
    setErrors({});
    return incoming;
  };
  if (seen !== policy.updatedAt) {
    setSeen(policy.updatedAt);
    if (base !== policy.updatedAt) adopt(policy);
  }

  const err = (path: string) => errors[path];
  const businessDay = uniformBusinessDay(draft.hours);
  const anyUnder = (prefix: string) =>
    Object.keys(errors).some((k) => k === prefix || k.startsWith(`${prefix}.`));

  const submit = () => {
    if (save.isPending) return;
    const parsed = putSlaPoliciesBodySchema.safeParse(bodyOf(draft));
    if (!parsed.success) {
      setErrors(errorsOf(parsed.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }))));
      setRefusals((n) => n + 1);
      return;
    }
    setErrors({});
    save.mutate(parsed.data, {
      onSuccess: (p) => setSavedDraft(adopt(p)),
      onError: (e) => {
        if (e instanceof ApiError && e.details.length) {
          setErrors(
            errorsOf(e.details.map((d) => ({ path: d.path ?? "", message: d.message ?? "Invalid." }))),
          );
          setRefusals((n) => n + 1);
        }
      },
    });
  };

  const setTarget = (i: number, field: TargetField, v: string) => {
    // The field's error was about the old value.
    setErrors(({ [`targets.${i}.${field}`]: _, ...rest }) => rest);
    setDraft((d) => ({
      ...d,
      targets: d.targets.map((t, k) => (k === i ? { ...t, [field]: v === "" ? Number.NaN : Number(v) } : t)),
    }));
  };
  const setHours = (i: number, patch: Partial<BusinessHours>) =>
    setDraft((d) => ({ ...d, hours: d.hours.map((h, k) => (k === i ? { ...h, ...patch } : h)) }));

  return (
    <form
      ref={form}
      aria-label="SLA policy"
      noValidate
      className="space-y-5"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <UnsavedChangesGuard dirty={dirty} message="The SLA policy has changes you have not saved." />
      <div>
        <h2 className="text-lg font-semibold text-slate-900">SLA policy</h2>
        <p className="mt-1 rounded-md bg-amber-50 p-2 text-sm text-amber-900" role="note">
          Changes apply to tickets created after you save. Existing tickets keep the deadlines they were filed
          with. Last saved {new Date(policy.updatedAt).toLocaleString()}.
        </p>
      </div>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-sm font-semibold text-slate-800">
          Targets per priority (business minutes)
        </legend>
        <p className="mb-2 text-xs text-slate-600">
          Targets count only the business hours below
          {businessDay ? `: a business day is ${clock(businessDay)}` : ""}. Nights, weekends and holidays do
          not count.
        </p>
        {err("targets") && <p className="mb-2 text-sm text-red-700">{err("targets")}</p>}
        {/* Below `sm` the table stacks: one block per priority, each field labelled, so it fits a phone. */}
        <table className="block w-full text-left text-sm sm:table">
          <thead className="hidden text-xs text-slate-500 sm:table-header-group">
            <tr>
              <th scope="col" className="py-1">
                Priority
              </th>
              {TARGET_FIELDS.map((field) => (
                <th key={field} scope="col" className="py-1">
                  {TARGET_FIELD_HEADER[field]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="block sm:table-row-group">
            {draft.targets.map((t, i) => (
              <tr
                key={t.priority}
                className="block border-t border-slate-100 py-2 first:border-t-0 sm:table-row sm:border-0 sm:py-0"
              >
                <th scope="row" className="block py-1 font-medium sm:table-cell sm:font-normal">
                  {PRIORITY_LABEL[t.priority]}
                </th>
                {TARGET_FIELDS.map((field) => {
                  const path = `targets.${i}.${field}`;
                  const label = `${PRIORITY_LABEL[t.priority]} ${TARGET_FIELD_LABEL[field]} (minutes)`;
                  const value = t[field] ?? Number.NaN;
                  const hint = isValidTarget(value) ? businessTarget(value, businessDay) : "";
                  const describedBy = [hint && `${path}-hint`, err(path) && `${path}-err`].filter(Boolean);
                  return (
                    <td key={field} className="block min-w-0 py-1 sm:table-cell sm:pr-2 sm:align-top">
                      {/* The column's header, shown only while stacked; the input's own label names it. */}
                      <span aria-hidden="true" className="block text-xs text-slate-500 sm:hidden">
                        {TARGET_FIELD_HEADER[field]}
                      </span>
                      <input
                        type="number"
                        inputMode="numeric"
                        min={1}
                        max={SLA_TARGET_MAX_MINUTES}
                        step={1}
                        aria-label={label}
                        aria-invalid={!!err(path)}
                        aria-describedby={describedBy.join(" ") || undefined}
                        value={Number.isNaN(value) ? "" : value}
                        onChange={(e) => setTarget(i, field, e.target.value)}
                        className={`${input} ${border(!!err(path))} w-full min-w-0 sm:w-28`}
                      />
                      {hint && (
                        <p id={`${path}-hint`} className="text-xs text-slate-500">
                          {hint}
                        </p>
                      )}
                      {err(path) && (
                        <p id={`${path}-err`} className="text-xs text-red-700">
                          {err(path)}
                        </p>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </fieldset>

      <fieldset className="rounded-lg border border-slate-200 bg-white p-4">
        <legend className="px-1 text-sm font-semibold text-slate-800">Business hours</legend>
        <label className="flex flex-col gap-1 text-sm text-slate-700">
          Time zone
          <input
            value={draft.timeZone}
            onChange={(e) => setDraft((d) => ({ ...d, timeZone: e.target.value }))}
            aria-invalid={!!err("calendar.timeZone")}
            aria-describedby={err("calendar.timeZone") ? "calendar.timeZone-err" : undefined}
            placeholder="Europe/Berlin"
            className={`${input} ${border(!!err("calendar.timeZone"))} max-w-xs`}
          />
        </label>
        {err("calendar.timeZone") && (
          <p id="calendar.timeZone-err" className="text-xs text-red-700">
            {err("calendar.timeZone")}
          </p>
        )}
        {err("calendar.hours") && <p className="mt-2 text-xs text-red-700">{err("calendar.hours")}</p>}
        <ul aria-label="Opening spans" className="mt-3 space-y-2">
          {draft.hours.map((h, i) => {
            const path = `calendar.hours.${i}`;
            const bad = anyUnder(path);
            const message = err(path) ?? err(`${path}.end`) ?? err(`${path}.start`);
            // The span's message names what is wrong with its day, opening or closing: each field says it.
            const describedBy = message ? `${path}-err` : undefined;
            return (
              <li key={i} className="flex flex-wrap items-center gap-2">
                <select
                  aria-label={`Span ${i + 1} day`}
                  value={h.day}
                  aria-describedby={describedBy}
                  onChange={(e) => setHours(i, { day: e.target.value as BusinessHours["day"] })}
                  className={`${input} ${border(bad)}`}
                >
                  {SLA_WEEKDAYS.map((d) => (
                    <option key={d} value={d}>
                      {DAY_LABEL[d]}
                    </option>
                  ))}
                </select>
                <input
                  aria-label={`Span ${i + 1} opens`}
                  aria-invalid={bad}
                  aria-describedby={describedBy}
                  value={h.start}
                  onChange={(e) => setHours(i, { start: e.target.value })}
                  placeholder="09:00"
                  className={`${input} ${border(bad)} w-20`}
                />
                –
                <input
                  aria-label={`Span ${i + 1} closes`}
                  aria-invalid={bad}
                  aria-describedby={describedBy}
                  value={h.end}
                  onChange={(e) => setHours(i, { end: e.target.value })}
                  placeholder="17:00"
                  className={`${input} ${border(bad)} w-20`}
                />
                <button
                  type="button"
                  onClick={() => {
                    // The spans are keyed by place: the next one's Remove takes this one's place and keeps
                    // the focus. The last one leaves none: the focus goes to "Add a span", not to <body>.
                    if (i === draft.hours.length - 1) addSpan.current?.focus();
                    setDraft((d) => ({ ...d, hours: d.hours.filter((_, k) => k !== i) }));
                  }}
                  className="min-h-6 rounded px-1 text-xs text-slate-600 hover:text-red-700"
                >
                  Remove<span className="sr-only"> span {i + 1}</span>
                </button>
                {message && (
                  <p id={describedBy} className="w-full text-xs text-red-700">
                    {message}
                  </p>
                )}
              </li>
            );
          })}
        </ul>
        <button
          ref={addSpan}
          type="button"
          onClick={() =>
            setDraft((d) => ({ ...d, hours: [...d.hours, { day: "mon", start: "09:00", end: "17:00" }] }))
          }
          className="mt-2 rounded-md px-2 py-1 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50"
        >
          Add a span
        </button>
        <label className="mt-4 flex flex-col gap-1 text-sm text-slate-700">
          Holidays (YYYY-MM-DD, one per line, in that time zone)
          <textarea
            rows={4}
            value={draft.holidays}
            onChange={(e) => setDraft((d) => ({ ...d, holidays: e.target.value }))}
            aria-invalid={anyUnder("calendar.holidays")}
            aria-describedby={
              Object.keys(errors)
                .filter((k) => k.startsWith("calendar.holidays"))
                .map((k) => `${k}-err`)
                .join(" ") || undefined
            }
            className={`${input} ${border(anyUnder("calendar.holidays"))} max-w-xs font-mono`}
          />
        </label>
        {Object.entries(errors)
          .filter(([k]) => k.startsWith("calendar.holidays"))
          .map(([k, m]) => (
            <p key={k} id={`${k}-err`} className="text-xs text-red-700">
              Holiday {Number(k.split(".")[2] ?? 0) + 1}: {m}
            </p>
          ))}
      </fieldset>

      <div className="flex items-center gap-3">
        {/* aria-disabled, not disabled, while saving: a disabled button drops the focus to <body>. */}
        <button
          type="submit"
          aria-disabled={save.isPending || undefined}
          className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700 aria-disabled:opacity-60"
        >
          {save.isPending ? "Saving…" : "Save policy"}
        </button>
        {Object.keys(errors).length > 0 && (
          <p role="alert" className="text-sm text-red-700">
            Some fields need fixing; see the messages above.
          </p>
        )}
        {save.isError && !Object.keys(errors).length && (
          <p role="alert" className="text-sm text-red-700">
            {save.error.message}
          </p>
        )}
        {saved && (
          <p role="status" className="text-sm text-emerald-700">
            Saved. New tickets get these targets.
          </p>
        )}
      </div>
    </form>
  );
}
