import { Link } from "react-router";
import type { AnalyticsFigure } from "@parley/contract";
import type { AnalyticsFilters } from "../api/analytics";
import ExportCsvButton from "./ExportCsvButton";
import { useFigureTickets } from "../hooks/useAnalytics";
import TicketStatus, { PriorityBadge } from "../../../components/support/TicketStatus";
import { EmptyState, ErrorState, SkeletonList } from "../../../components/support/ListStates";

export const FIGURE_LABEL: Record<AnalyticsFigure, string> = {
  created: "Tickets created",
  resolved: "Tickets resolved",
  backlog: "Backlog (open and in progress now)",
  breached: "Tickets with a missed deadline",
};

/** The tickets behind a figure: a list linking to each ticket, and the same list as CSV. */
export default function DrillDown({
  filters,
  figure,
  nameOfShop,
  nameOfAdmin,
  onClose,
}: {
  filters: AnalyticsFilters;
  figure: AnalyticsFigure;
  nameOfShop: (id: string) => string;
  nameOfAdmin: (id: string) => string;
  onClose: () => void;
}) {
  const list = useFigureTickets(filters, figure);
  const period = filters.from === filters.to ? filters.from : `${filters.from} to ${filters.to}`;
  return (
    <section aria-label="Drill-down" className="rounded-lg border border-indigo-200 bg-white p-4">
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h3 className="text-sm font-semibold text-slate-800">
          {FIGURE_LABEL[figure]} · {period}
          {list.data && <span className="ml-2 font-normal text-slate-500">({list.data.total})</span>}
        </h3>
        <div className="ml-auto flex gap-2">
          <ExportCsvButton filters={filters} figure={figure} />
          <button
            type="button"
            onClick={onClose}
            className="rounded-md px-2.5 py-1 text-xs font-medium text-slate-600 ring-1 ring-slate-300 hover:bg-slate-100"
          >
            Close list
          </button>
        </div>
      </div>
      {list.isPending ? (
        <SkeletonList rows={3} label="Loading tickets" />
      ) : list.isError ? (
        <ErrorState message="The tickets could not be loaded." onRetry={() => void list.refetch()} />
      ) : list.data.items.length === 0 ? (
        <EmptyState title="No tickets" hint="Nothing in this period matches these filters." />
      ) : (
        <>
          <ul aria-label={FIGURE_LABEL[figure]} className="divide-y divide-slate-100">
            {list.data.items.map((t) => (
              <li key={t.id} className="flex flex-wrap items-center gap-x-3 gap-y-1 py-2 text-sm">
                <Link
                  to={`/admin?ticket=${encodeURIComponent(t.id)}`}
                  className="font-medium text-indigo-700 hover:underline"
                >
                  #{t.number} {t.subject}
                </Link>
                <TicketStatus status={t.status} />
                <PriorityBadge priority={t.priority} />
                {t.breached && <span className="text-xs font-medium text-red-700">SLA breached</span>}
                <span className="ml-auto text-xs text-slate-500">
                  {t.shopId ? nameOfShop(t.shopId) : "Website visitor"} ·{" "}
                  {t.assigneeId ? nameOfAdmin(t.assigneeId) : "Unassigned"} ·{" "}
                  {new Date(t.createdAt).toLocaleDateString()}
                </span>
              </li>
            ))}
          </ul>
          {list.data.total > list.data.items.length && (
            <p className="mt-2 text-xs text-slate-500">
              Showing the newest {list.data.items.length} of {list.data.total}; the CSV holds them all.
            </p>
          )}
        </>
      )}
    </section>
  );
}
