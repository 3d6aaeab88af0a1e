import { useId } from "react";
import type { FaqStats } from "@parley/contract";
import { ErrorState, SkeletonList } from "../../../components/support/ListStates";
import SelectField from "../../../components/ui/SelectField";
import { STATS_PERIODS, type StatsPeriod } from "../hooks/useFaq";

export type FaqStatsPanelProps = {
  stats: FaqStats | undefined;
  state: "loading" | "error" | "ready";
  onRetry?: () => void;
  period: StatsPeriod;
  onPeriod: (period: StatsPeriod) => void;
};

/** Does the FAQ prevent tickets? Deflection rate, searches that found nothing, least helpful articles. */
export default function FaqStatsPanel({ stats, state, onRetry, period, onPeriod }: FaqStatsPanelProps) {
  const titleId = useId();
  return (
    <section aria-labelledby={titleId} className="rounded-xl border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={titleId} className="text-lg font-semibold text-slate-900">
          Deflection
        </h2>
        <SelectField
          label="Period"
          layout="inline"
          size="sm"
          options={STATS_PERIODS}
          value={period}
          onChange={onPeriod}
        />
      </div>
      {!stats ? (
        state === "error" ? (
          <ErrorState message="The statistics could not be loaded." onRetry={onRetry} />
        ) : (
          <SkeletonList rows={2} label="Loading FAQ statistics" />
        )
      ) : (
        <div className="mt-4 space-y-5">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {/* No session with suggestions: nothing measured, not a rate of 0 % (as Analytics shows "—"). */}
            <Stat
              label="Deflection rate"
              value={
                stats.deflection.sessions === 0 ? "—" : `${Math.round(stats.deflection.rate * 1000) / 10}%`
              }
            />
            <Stat label="Sessions with suggestions" value={stats.deflection.sessions} />
            <Stat label="Deflected" value={stats.deflection.deflected} />
            <Stat label="Filed anyway" value={stats.deflection.filed} />
          </dl>
          <p className="text-xs text-slate-600">{stats.deflection.definition}</p>
          <div className="grid gap-5 md:grid-cols-2">
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-800">Searches that found nothing</h3>
              {stats.zeroResultSearches.length === 0 ? (
                <p className="text-sm text-slate-600">None in this period.</p>
              ) : (
                <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200">
                  {stats.zeroResultSearches.map((s) => (
                    <li key={s.query} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                      <span className="min-w-0 truncate text-slate-800" title={s.query}>
                        {s.query}
                      </span>
                      <span className="shrink-0 text-slate-600">{s.count}×</span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-800">Least helpful articles</h3>
              {stats.leastHelpful.length === 0 ? (
                <p className="text-sm text-slate-600">No “not helpful” votes yet.</p>
              ) : (
                <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200">
                  {stats.leastHelpful.map((a) => (
                    <li key={a.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                      <span className="min-w-0 text-slate-800">{a.question}</span>
                      <span className="shrink-0 text-slate-600">
                        {a.helpful} helpful · {a.notHelpful} not helpful
                      </span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
          </div>
        </div>
      )}
    </section>
  );
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <div className="rounded-lg bg-slate-50 p-3">
      <dt className="text-xs text-slate-600">{label}</dt>
      <dd className="text-2xl font-semibold text-slate-900">{value}</dd>
    </div>
  );
}
