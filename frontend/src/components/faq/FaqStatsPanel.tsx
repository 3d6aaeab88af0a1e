import { useId, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { fetchFaqStats } from "../../services/api/faq";
import { ErrorState, SkeletonList } from "../support/ListStates";
import { FOCUS_RING } from "./faq-styles";

const PERIODS = [
  { value: "7", label: "Last 7 days" },
  { value: "30", label: "Last 30 days" },
  { value: "all", label: "All time" },
];

function sinceFor(period: string): string | undefined {
  if (period === "all") return undefined;
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - Number(period));
  return d.toISOString();
}

/** Does the FAQ prevent tickets? Deflection rate, searches that found nothing, least helpful articles. */
export default function FaqStatsPanel() {
  const [period, setPeriod] = useState("30");
  const periodId = useId();
  const since = sinceFor(period);
  const stats = useQuery({
    queryKey: ["faq", "stats", period],
    queryFn: ({ signal }) => fetchFaqStats(since, signal),
  });

  return (
    <section
      aria-labelledby={`${periodId}-title`}
      className="rounded-xl border border-slate-200 bg-white p-4"
    >
      <div className="flex flex-wrap items-center justify-between gap-2">
        <h2 id={`${periodId}-title`} className="text-lg font-semibold text-slate-900">
          Deflection
        </h2>
        <div className="flex items-center gap-2">
          <label htmlFor={periodId} className="text-sm text-slate-600">
            Period
          </label>
          <select
            id={periodId}
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            className={`rounded-lg border border-slate-300 px-2 py-1 text-sm ${FOCUS_RING}`}
          >
            {PERIODS.map((p) => (
              <option key={p.value} value={p.value}>
                {p.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      {stats.isPending ? (
        <SkeletonList rows={2} label="Loading FAQ statistics" />
      ) : stats.isError ? (
        <ErrorState message="The statistics could not be loaded." onRetry={() => void stats.refetch()} />
      ) : (
        <div className="mt-4 space-y-5">
          <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            <Stat label="Deflection rate" value={`${Math.round(stats.data.deflection.rate * 1000) / 10}%`} />
            <Stat label="Sessions with suggestions" value={stats.data.deflection.sessions} />
            <Stat label="Deflected" value={stats.data.deflection.deflected} />
            <Stat label="Filed anyway" value={stats.data.deflection.filed} />
          </dl>
          <p className="text-xs text-slate-500">{stats.data.deflection.definition}</p>
          <div className="grid gap-5 md:grid-cols-2">
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-800">Searches that found nothing</h3>
              {stats.data.zeroResultSearches.length === 0 ? (
                <p className="text-sm text-slate-500">None in this period.</p>
              ) : (
                <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200">
                  {stats.data.zeroResultSearches.map((s) => (
                    <li key={s.query} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                      <span className="min-w-0 truncate text-slate-800" title={s.query}>
                        {s.query}
                      </span>
                      <span className="shrink-0 text-slate-500">{s.count}×</span>
                    </li>
                  ))}
                </ol>
              )}
            </div>
            <div>
              <h3 className="mb-2 text-sm font-semibold text-slate-800">Least helpful articles</h3>
              {stats.data.leastHelpful.length === 0 ? (
                <p className="text-sm text-slate-500">No “not helpful” votes yet.</p>
              ) : (
                <ol className="divide-y divide-slate-100 rounded-lg border border-slate-200">
                  {stats.data.leastHelpful.map((a) => (
                    <li key={a.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                      <span className="min-w-0 text-slate-800">{a.question}</span>
                      <span className="shrink-0 text-slate-500">
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
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="text-2xl font-semibold text-slate-900">{value}</dd>
    </div>
  );
}
