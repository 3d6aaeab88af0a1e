/**
 * The Analytics period: a preset (last 7, 30, 90, 365 days) applies at once; a custom From/To pair is
 * a draft until Apply (or Enter), and a pair the API would refuse is explained next to the dates and
 * cannot be applied. A new applied period (Apply, a preset, the browser's Back) resets the draft in
 * place: the fields stay mounted, so focus stays on the control that applied it.
 */
import { useId, useRef, useState } from "react";
import SelectField from "../../../components/ui/SelectField";
import { dayOf, daysBefore, periodProblem } from "../hooks/useAnalytics";

const PRESETS = [7, 30, 90, 365] as const;
const dateBox = "rounded-md border px-2 py-1 text-sm text-slate-800";

export default function PeriodFields({
  from,
  to,
  onApply,
}: {
  /** The applied period (YYYY-MM-DD, `to` inclusive). */
  from: string;
  to: string;
  onApply: (from: string, to: string) => void;
}) {
  const [draft, setDraft] = useState({ from, to });
  const [customPicked, setCustomPicked] = useState(false);
  // The applied period changed: start the draft over from it (React's "adjust state on a prop change").
  const [applied, setApplied] = useState({ from, to });
  if (applied.from !== from || applied.to !== to) {
    setApplied({ from, to });
    setDraft({ from, to });
    setCustomPicked(false);
  }
  const problem = periodProblem(draft.from, draft.to);
  const errorId = useId();
  const fromBox = useRef<HTMLInputElement>(null);
  const today = dayOf(new Date());
  const edited = draft.from !== from || draft.to !== to;
  const presetDays =
    to === today && !edited && !customPicked
      ? PRESETS.find((n) => daysBefore(today, n - 1) === from)
      : undefined;
  const apply = () => {
    if (!problem) onApply(draft.from, draft.to);
  };
  const dateField = (key: "from" | "to", label: string) => (
    <label className="flex flex-col gap-1 text-xs text-slate-500">
      {label}
      <input
        ref={key === "from" ? fromBox : undefined}
        type="date"
        value={draft[key]}
        aria-invalid={!!problem}
        aria-describedby={problem ? errorId : undefined}
        onChange={(e) => setDraft((d) => ({ ...d, [key]: e.target.value }))}
        onKeyDown={(e) => {
          if (e.key === "Enter") {
            e.preventDefault();
            apply();
          }
        }}
        className={`${dateBox} ${problem ? "border-red-500" : "border-slate-300"}`}
      />
    </label>
  );

  return (
    <div
      role="group"
      aria-label="Period"
      className="col-span-2 flex flex-wrap items-end gap-2 sm:col-span-3 lg:col-span-4"
    >
      <SelectField
        label="Period"
        size="sm"
        value={presetDays ? String(presetDays) : "custom"}
        options={[
          ...PRESETS.map((n) => ({ value: String(n), label: `Last ${n} days` })),
          { value: "custom", label: "Custom" },
        ]}
        onChange={(v) => {
          if (v === "custom") {
            setCustomPicked(true);
            fromBox.current?.focus();
          } else onApply(daysBefore(today, Number(v) - 1), today);
        }}
      />
      {dateField("from", "From")}
      {dateField("to", "To")}
      <button
        type="button"
        disabled={!!problem}
        onClick={apply}
        aria-label="Apply period"
        className="rounded-md px-2.5 py-1 text-sm font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50 disabled:cursor-not-allowed disabled:text-slate-400 disabled:ring-slate-200"
      >
        Apply
      </button>
      {problem && (
        <p id={errorId} className="basis-full text-xs text-red-700">
          {problem}
        </p>
      )}
    </div>
  );
}
