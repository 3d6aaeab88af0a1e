/**
 * The admins' Analytics page: volume, backlog, response and resolution times in business hours, SLA
 * attainment, breakdowns and FAQ deflection. Filters live in the URL; every figure opens its tickets.
 */
import { useMemo, type ReactNode } from "react";
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from "recharts";
import {
  ANALYTICS_BREAKDOWNS,
  TICKET_PRIORITIES,
  type AnalyticsBreakdownBy,
  type AnalyticsFigure,
  type TicketPriority,
} from "@parley/contract";
import { usePeople } from "../../tickets/hooks/useTickets";
import {
  periodProblem,
  useAnalyticsView,
  useBreakdown,
  useFaqDeflection,
  useSatisfaction,
  useSummary,
} from "../hooks/useAnalytics";
import { useSlaPolicies } from "../hooks/useSla";
import ChartCard from "./ChartCard";
import SatisfactionCard from "./SatisfactionCard";
import DrillDown from "./DrillDown";
import PeriodFields from "./PeriodFields";
import ExportCsvButton from "./ExportCsvButton";
import { businessDays, businessDuration, percent } from "./format";
import { uniformBusinessDay } from "./sla-targets";
import SelectField from "../../../components/ui/SelectField";
import { useReturnFocus } from "../../../hooks/useReturnFocus";
import { usePrefersReducedMotion } from "../../../hooks/useMediaQuery";
import { ErrorState, SkeletonList } from "../../../components/support/ListStates";
import { CATEGORIES, PRIORITY_LABEL, STATUS_LABEL } from "../../../components/support/ticket-labels";

const BY_LABEL: Record<AnalyticsBreakdownBy, string> = {
  assignee: "Admin",
  shop: "Shop",
  category: "Category",
  priority: "Priority",
};
// At least 24 px each way (WCAG 2.5.8): a one-digit figure was a 13 px wide target.
const drillButton =
  "inline-block min-h-6 min-w-6 rounded text-left font-semibold text-indigo-700 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500";

export default function AnalyticsPage() {
  const { view, update } = useAnalyticsView();
  const { filters, by, drill, day } = view;
  const summary = useSummary(filters);
  const breakdown = useBreakdown(filters, by);
  const deflection = useFaqDeflection(filters);
  const animate = !usePrefersReducedMotion();
  const satisfaction = useSatisfaction(filters);
  // Long durations also read as business days of the SLA calendar (cached, shared with the queue and the
  // SLA editor). Until the policy loads, or if it fails, or its days differ in length: hours alone.
  const policy = useSlaPolicies();
  const businessDay = policy.data ? uniformBusinessDay(policy.data.calendar.hours) : null;
  const duration = (seconds: number | null) => businessDuration(seconds, businessDay);
  // The card's large figure stays short ("50 business hours"); its days go to the line below.
  const durationHint = (figures: { median: number | null; p90: number | null }) => {
    const days = businessDays(figures.median, businessDay);
    return `median${days ? ` ${days}` : ""} · p90 ${duration(figures.p90)}`;
  };
  const { admins, shops } = usePeople();
  const shopName = useMemo(() => new Map(shops.map((s) => [s.id, s.name ?? s.id])), [shops]);
  const adminName = useMemo(() => new Map(admins.map((a) => [a.id, a.name ?? a.id])), [admins]);
  const nameOfShop = (id: string) => shopName.get(id) ?? id;
  const nameOfAdmin = (id: string) => adminName.get(id) ?? id;

  const open = (figure: AnalyticsFigure, onDay: string | null = null) =>
    update({ drill: figure, day: onDay });
  // Closing a drill-down removes the button that had the focus: it goes back to the figure's own button.
  const { container: page, returnFocusTo } = useReturnFocus<HTMLDivElement>(drill !== null);
  // A plain function, not a component: a component declared in this render would be a new type at each
  // render, and the one pressed would be replaced (its focus dropped to <body>) as the drill-down opens.
  const figureButton = (figure: AnalyticsFigure, label: string, children: ReactNode, primary = true) => (
    <button
      type="button"
      className={drillButton}
      onClick={() => open(figure)}
      aria-label={label}
      data-return-focus={primary ? figure : undefined}
    >
      {children}
    </button>
  );

  const badPeriod = periodProblem(filters.from, filters.to) !== null;

  const groupLabel = (key: string | null) => {
    if (by === "assignee") return key ? nameOfAdmin(key) : "Unassigned";
    // Website visitors' conversations belong to no shop: one group, key null.
    if (by === "shop") return key ? nameOfShop(key) : "Website visitors";
    if (by === "priority") return key ? PRIORITY_LABEL[key as TicketPriority] : "—";
    return key ?? "No category";
  };
  /** A group of the breakdown narrows the whole page to it and opens its tickets. */
  const openGroup = (key: string | null) => {
    if (key === null) return;
    const change = {
      assignee: { admin: key },
      shop: { shop: key },
      category: { category: key },
      priority: { priority: key },
    }[by];
    update({ ...change, drill: "created", day: null });
  };

  return (
    <div ref={page} className="space-y-4">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <h2 className="text-lg font-semibold text-slate-900">Analytics</h2>
        <div className="flex flex-wrap items-center gap-3">
          <p className="text-xs text-slate-500">Times are business hours on the SLA calendar.</p>
          {/* The period's tickets straight from the report; each figure's list has its own export. */}
          <ExportCsvButton
            filters={filters}
            figure="created"
            label="Export tickets created (CSV)"
            disabled={badPeriod}
          />
        </div>
      </div>

      <form
        aria-label="Analytics filters"
        className="grid grid-cols-2 gap-2 rounded-lg border border-slate-200 bg-white p-3 sm:grid-cols-3 lg:grid-cols-8"
        onSubmit={(e) => e.preventDefault()}
      >
        <PeriodFields
          from={filters.from}
          to={filters.to}
          onApply={(from, to) => update({ from, to, day: null })}
        />
        <SelectField
          label="Shop"
          size="sm"
          value={filters.shopId ?? ""}
          options={[
            { value: "", label: "All shops" },
            ...shops.map((s) => ({ value: s.id, label: s.name ?? s.id })),
          ]}
          onChange={(v) => update({ shop: v })}
        />
        <SelectField
          label="Admin"
          size="sm"
          value={filters.assigneeId ?? ""}
          options={[
            { value: "", label: "All admins" },
            ...admins.map((a) => ({ value: a.id, label: a.name ?? a.id })),
          ]}
          onChange={(v) => update({ admin: v })}
        />
        <SelectField
          label="Priority"
          size="sm"
          value={filters.priority ?? ""}
          options={[
            { value: "", label: "Any priority" },
            ...TICKET_PRIORITIES.map((p) => ({ value: p, label: PRIORITY_LABEL[p] })),
          ]}
          onChange={(v) => update({ priority: v })}
        />
        <SelectField
          label="Category"
          size="sm"
          value={filters.category ?? ""}
          options={categoryOptions(filters.category)}
          onChange={(v) => update({ category: v })}
        />
      </form>

      {badPeriod ? (
        <p role="status" className="rounded-lg bg-slate-50 p-3 text-sm text-slate-600">
          Fix the period above to see the figures.
        </p>
      ) : summary.isPending ? (
        <SkeletonList rows={4} label="Loading analytics" />
      ) : summary.isError ? (
        <ErrorState
          message={`The analytics could not be loaded: ${summary.error.message}`}
          onRetry={() => void summary.refetch()}
        />
      ) : (
        <>
          <dl aria-label="Key figures" className="grid grid-cols-2 gap-3 md:grid-cols-3 xl:grid-cols-6">
            <Kpi label="Created">
              {figureButton(
                "created",
                `Created: ${summary.data.created}, show the tickets`,
                summary.data.created,
              )}
            </Kpi>
            <Kpi label="Resolved">
              {figureButton(
                "resolved",
                `Resolved: ${summary.data.resolved}, show the tickets`,
                summary.data.resolved,
              )}
            </Kpi>
            <Kpi label="Backlog now">
              {figureButton(
                "backlog",
                `Backlog: ${summary.data.backlog.byStatus.open + summary.data.backlog.byStatus.in_progress}, show the tickets`,
                summary.data.backlog.byStatus.open + summary.data.backlog.byStatus.in_progress,
              )}
            </Kpi>
            <Kpi label="First response" hint={durationHint(summary.data.firstResponseSeconds)}>
              {figureButton(
                "created",
                "First response times: show the tickets created in the period",
                businessDuration(summary.data.firstResponseSeconds.median, null),
                false,
              )}
            </Kpi>
            <Kpi label="Resolution" hint={durationHint(summary.data.resolutionSeconds)}>
              {figureButton(
                "resolved",
                "Resolution times: show the tickets resolved in the period",
                businessDuration(summary.data.resolutionSeconds.median, null),
                false,
              )}
            </Kpi>
            <Kpi label="SLA attainment" hint="kept every deadline">
              {figureButton(
                "breached",
                `SLA attainment ${percent(summary.data.sla.attainment)}: show the tickets that missed a deadline`,
                percent(summary.data.sla.attainment),
              )}
            </Kpi>
          </dl>

          {drill && (
            <DrillDown
              filters={day ? { ...filters, from: day, to: day } : filters}
              figure={drill}
              nameOfShop={nameOfShop}
              nameOfAdmin={nameOfAdmin}
              onClose={() => {
                returnFocusTo(drill);
                update({ drill: null, day: null });
              }}
            />
          )}

          {summary.data.created === 0 && summary.data.resolved === 0 && (
            <p role="status" className="rounded-lg bg-slate-50 p-3 text-sm text-slate-600">
              No tickets were created or resolved in this period with these filters.
            </p>
          )}

          <div className="grid gap-4 lg:grid-cols-2">
            <ChartCard
              title="Created and resolved per day"
              rows={summary.data.series}
              rowKey={(r) => r.date}
              empty={summary.data.series.length === 0 ? "No days in this period." : null}
              columns={[
                { header: "Day", rowHeader: true, cell: (r) => r.date },
                {
                  header: "Created",
                  cell: (r) => (
                    <button
                      type="button"
                      className={drillButton}
                      onClick={() => open("created", r.date)}
                      aria-label={`${r.created} created on ${r.date}, show the tickets`}
                    >
                      {r.created}
                    </button>
                  ),
                },
                {
                  header: "Resolved",
                  cell: (r) => (
                    <button
                      type="button"
                      className={drillButton}
                      onClick={() => open("resolved", r.date)}
                      aria-label={`${r.resolved} resolved on ${r.date}, show the tickets`}
                    >
                      {r.resolved}
                    </button>
                  ),
                },
              ]}
              chart={
                <ResponsiveContainer width="100%" height="100%">
                  <LineChart data={summary.data.series} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
                    <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                    <XAxis dataKey="date" tick={{ fontSize: 11 }} tickFormatter={(d: string) => d.slice(5)} />
                    <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                    <Tooltip />
                    <Legend />
                    <Line
                      type="monotone"
                      dataKey="created"
                      name="Created"
                      stroke="#4f46e5"
                      strokeWidth={2}
                      dot={false}
                      isAnimationActive={animate}
                    />
                    <Line
                      type="monotone"
                      dataKey="resolved"
                      name="Resolved"
                      stroke="#059669"
                      strokeWidth={2}
                      dot={false}
                      strokeDasharray="5 3"
                      isAnimationActive={animate}
                    />
                  </LineChart>
                </ResponsiveContainer>
              }
            />

            <ChartCard
              title="Backlog by priority"
              description={`Open ${summary.data.backlog.byStatus.open} · in progress ${summary.data.backlog.byStatus.in_progress}`}
              rows={[
                ...(["open", "in_progress"] as const).map((s) => ({
                  key: `status:${s}`,
                  label: `Status: ${STATUS_LABEL[s]}`,
                  count: summary.data.backlog.byStatus[s],
                  priority: null,
                })),
                ...TICKET_PRIORITIES.map((p) => ({
                  key: `priority:${p}`,
                  label: `Priority: ${PRIORITY_LABEL[p]}`,
                  count: summary.data.backlog.byPriority[p],
                  priority: p,
                })),
              ]}
              rowKey={(r) => r.key}
              columns={[
                { header: "Backlog", rowHeader: true, cell: (r) => r.label },
                {
                  header: "Tickets",
                  cell: (r) => (
                    <button
                      type="button"
                      className={drillButton}
                      aria-label={`${r.label}: ${r.count}, show the tickets`}
                      onClick={() =>
                        r.priority
                          ? update({ priority: r.priority, drill: "backlog", day: null })
                          : open("backlog")
                      }
                    >
                      {r.count}
                    </button>
                  ),
                },
              ]}
              chart={
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart
                    data={TICKET_PRIORITIES.map((p) => ({
                      priority: p,
                      label: PRIORITY_LABEL[p],
                      count: summary.data.backlog.byPriority[p],
                    }))}
                    margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
                  >
                    <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                    <XAxis dataKey="label" tick={{ fontSize: 11 }} />
                    <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                    <Tooltip />
                    <Bar
                      dataKey="count"
                      name="Open and in progress"
                      fill="#6366f1"
                      cursor="pointer"
                      isAnimationActive={animate}
                      onClick={(d: { payload?: { priority?: TicketPriority } }) => {
                        const p = d.payload?.priority;
                        if (p) update({ priority: p, drill: "backlog", day: null });
                      }}
                    />
                  </BarChart>
                </ResponsiveContainer>
              }
            />

            <ChartCard
              title={`Per ${BY_LABEL[by].toLowerCase()}`}
              description={
                <span className="inline-flex items-center gap-2">
                  Group by
                  {ANALYTICS_BREAKDOWNS.map((b) => (
                    <button
                      key={b}
                      type="button"
                      aria-pressed={b === by}
                      onClick={() => update({ by: b })}
                      className={`min-h-6 rounded px-1.5 py-0.5 ${b === by ? "bg-indigo-100 text-indigo-800" : "text-indigo-700 hover:bg-indigo-50"}`}
                    >
                      {BY_LABEL[b]}
                    </button>
                  ))}
                </span>
              }
              rows={breakdown.data?.items ?? []}
              rowKey={(r) => String(r.key)}
              failed={
                breakdown.isError
                  ? { message: "The breakdown could not be loaded.", onRetry: () => void breakdown.refetch() }
                  : null
              }
              empty={
                breakdown.isPending
                  ? "Loading…"
                  : breakdown.data?.items.length === 0
                    ? "No tickets in this period."
                    : null
              }
              columns={[
                { header: BY_LABEL[by], rowHeader: true, cell: (r) => groupLabel(r.key) },
                {
                  header: "Created",
                  cell: (r) =>
                    r.key === null ? (
                      r.created
                    ) : (
                      <button
                        type="button"
                        className={drillButton}
                        onClick={() => openGroup(r.key)}
                        aria-label={`${groupLabel(r.key)}: ${r.created} created, show the tickets`}
                      >
                        {r.created}
                      </button>
                    ),
                },
                { header: "Resolved", cell: (r) => r.resolved },
                { header: "Backlog", cell: (r) => r.backlog },
                { header: "Breached", cell: (r) => r.breached },
                { header: "SLA attainment", cell: (r) => percent(r.attainment) },
              ]}
              chart={
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart
                    data={(breakdown.data?.items ?? []).map((r) => ({ ...r, label: groupLabel(r.key) }))}
                    margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
                  >
                    <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                    <XAxis dataKey="label" tick={{ fontSize: 11 }} interval={0} />
                    <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                    <Tooltip />
                    <Legend />
                    <Bar
                      dataKey="created"
                      name="Created"
                      fill="#4f46e5"
                      cursor="pointer"
                      isAnimationActive={animate}
                      onClick={(d: { payload?: { key?: string | null } }) =>
                        openGroup(d.payload?.key ?? null)
                      }
                    />
                    <Bar dataKey="resolved" name="Resolved" fill="#059669" isAnimationActive={animate} />
                    <Bar dataKey="breached" name="Breached" fill="#dc2626" isAnimationActive={animate} />
                  </BarChart>
                </ResponsiveContainer>
              }
            />

            <SatisfactionCard
              report={satisfaction.data}
              pending={satisfaction.isPending}
              failed={satisfaction.isError}
              onRetry={() => void satisfaction.refetch()}
              nameOfAdmin={nameOfAdmin}
            />

            <ChartCard
              title="FAQ deflection beside ticket volume"
              description={`${
                deflection.data
                  ? deflection.data.definition
                  : "Help-centre sessions that found an answer instead of filing a ticket."
              }${
                filters.assigneeId || filters.priority || filters.category
                  ? " FAQ sessions have no assignee, priority or category: those filters apply to the tickets only."
                  : ""
              }`}
              rows={
                deflection.data
                  ? [
                      { key: "sessions", label: "FAQ sessions", value: String(deflection.data.sessions) },
                      {
                        key: "deflected",
                        label: "Answered by the FAQ",
                        value: String(deflection.data.deflected),
                      },
                      {
                        key: "filed",
                        label: "Filed a ticket after the FAQ",
                        value: String(deflection.data.filed),
                      },
                      { key: "rate", label: "Deflection rate", value: percent(deflection.data.rate) },
                      { key: "created", label: "Tickets created", value: String(summary.data.created) },
                    ]
                  : []
              }
              rowKey={(r) => r.key}
              failed={
                deflection.isError
                  ? {
                      message: "The FAQ figures could not be loaded.",
                      onRetry: () => void deflection.refetch(),
                    }
                  : null
              }
              empty={deflection.isPending ? "Loading…" : null}
              columns={[
                { header: "Figure", rowHeader: true, cell: (r) => r.label },
                { header: "Value", cell: (r) => r.value },
              ]}
              chart={
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart
                    data={[
                      { label: "Answered by FAQ", count: deflection.data?.deflected ?? 0 },
                      { label: "Filed after FAQ", count: deflection.data?.filed ?? 0 },
                      { label: "Tickets created", count: summary.data.created },
                    ]}
                    margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
                  >
                    <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
                    <XAxis dataKey="label" tick={{ fontSize: 11 }} />
                    <YAxis allowDecimals={false} tick={{ fontSize: 11 }} />
                    <Tooltip />
                    <Bar dataKey="count" name="Count" fill="#0ea5e9" isAnimationActive={animate} />
                  </BarChart>
                </ResponsiveContainer>
              }
            />
          </div>
        </>
      )}
    </div>
  );
}

/**
 * The categories tickets are filed under, by the names people see (a free-text box matched only the stored
 * value, so "Payouts & billing" found nothing). A category from a link or an API client that is not one of
 * them is kept as an option of its own, so the filter still shows what is applied.
 */
function categoryOptions(applied: string | undefined) {
  const known = CATEGORIES.map((c) => ({ value: c.value, label: c.label }));
  const extra =
    applied && !known.some((c) => c.value === applied) ? [{ value: applied, label: applied }] : [];
  return [{ value: "", label: "Any category" }, ...known, ...extra];
}

function Kpi({ label, hint, children }: { label: string; hint?: string; children: ReactNode }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd className="mt-1 text-2xl tabular-nums">{children}</dd>
      {hint && <dd className="text-xs text-slate-500">{hint}</dd>}
    </div>
  );
}
