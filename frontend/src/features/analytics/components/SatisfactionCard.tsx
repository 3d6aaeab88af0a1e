import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { SatisfactionReport } from "@parley/contract";
import ChartCard from "./ChartCard";
import { usePrefersReducedMotion } from "../../../hooks/useMediaQuery";

type Row = { key: string; group: string; label: string; count: number; average: number | null };

const average = (n: number | null) => (n === null ? "—" : n.toFixed(1));

/** The report as table rows: overall first, then each admin, then each category. */
export function satisfactionRows(report: SatisfactionReport, nameOfAdmin: (id: string) => string): Row[] {
  return [
    { key: "overall", group: "Overall", label: "All rated tickets", ...report.overall },
    ...report.byAdmin.map((a) => ({
      key: `admin:${a.assigneeId ?? ""}`,
      group: "Admin",
      label: a.assigneeId ? nameOfAdmin(a.assigneeId) : "Unassigned",
      count: a.count,
      average: a.average,
    })),
    ...report.byCategory.map((c) => ({
      key: `category:${c.category ?? ""}`,
      group: "Category",
      label: c.category ?? "No category",
      count: c.count,
      average: c.average,
    })),
  ];
}

/** "How did we do?" scores (1–5) for the page's period, per admin and per category (issue 16). */
export default function SatisfactionCard({
  report,
  pending,
  failed,
  onRetry,
  nameOfAdmin,
}: {
  report: SatisfactionReport | undefined;
  pending: boolean;
  failed: boolean;
  onRetry: () => void;
  nameOfAdmin: (id: string) => string;
}) {
  const animate = !usePrefersReducedMotion();
  const rows = report ? satisfactionRows(report, nameOfAdmin) : [];
  const empty = pending
    ? "Loading…"
    : report && report.overall.count === 0
      ? "No ticket was rated in this period."
      : null;
  return (
    <ChartCard
      title="Satisfaction (1–5)"
      description={
        report && report.overall.count > 0
          ? `Average ${average(report.overall.average)} from ${report.overall.count} rated tickets; shops rate a ticket once it is resolved. Only the period filter applies here.`
          : "Shops rate a ticket once it is resolved. Only the period filter applies here."
      }
      rows={rows}
      rowKey={(r) => r.key}
      empty={empty}
      failed={failed ? { message: "The satisfaction scores could not be loaded.", onRetry } : null}
      columns={[
        { header: "Group", cell: (r) => r.group },
        { header: "Who or what", rowHeader: true, cell: (r) => r.label },
        { header: "Rated", cell: (r) => String(r.count) },
        { header: "Average", cell: (r) => average(r.average) },
      ]}
      chart={
        <ResponsiveContainer width="100%" height="100%">
          <BarChart
            data={rows
              .filter((r) => r.group === "Admin")
              .map((r) => ({ label: r.label, average: r.average ?? 0 }))}
            margin={{ top: 8, right: 8, bottom: 0, left: -16 }}
          >
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis dataKey="label" tick={{ fontSize: 11 }} />
            <YAxis domain={[0, 5]} allowDecimals={false} tick={{ fontSize: 11 }} />
            <Tooltip />
            <Bar
              dataKey="average"
              name="Average score per admin"
              fill="#7c3aed"
              isAnimationActive={animate}
            />
          </BarChart>
        </ResponsiveContainer>
      }
    />
  );
}
