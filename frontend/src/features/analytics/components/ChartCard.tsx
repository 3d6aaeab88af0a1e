import { useId, useState, type ReactNode } from "react";
import { ErrorState } from "../../../components/support/ListStates";

export type TableColumn<R> = {
  header: string;
  cell: (row: R) => ReactNode;
  /** Row header (the label column). */
  rowHeader?: boolean;
};

/** A chart with a "Show table" switch: the same figures as an accessible table. */
export default function ChartCard<R>({
  title,
  description,
  chart,
  rows,
  columns,
  rowKey,
  empty,
  failed,
}: {
  title: string;
  description?: ReactNode;
  chart: ReactNode;
  rows: R[];
  columns: TableColumn<R>[];
  rowKey: (row: R) => string;
  /** Shown instead of the chart when there is nothing to draw. */
  empty?: string | null;
  /** The card's own read failed: said as an alert with Try again, instead of the chart. */
  failed?: { message: string; onRetry: () => void } | null;
}) {
  const [table, setTable] = useState(false);
  const headingId = useId();
  return (
    // Focusable by script only: where "Try again" hands the focus once the figures load (ErrorState lands on
    // the nearest container with a tabindex), the card by its name, rather than the chart drawn in the
    // error's place (recharts makes it a tab stop) or <body>.
    <section
      aria-labelledby={headingId}
      tabIndex={-1}
      className="rounded-lg border border-slate-200 bg-white p-4 focus:outline-none"
    >
      <div className="mb-2 flex items-start justify-between gap-2">
        <div>
          <h3 id={headingId} className="text-sm font-semibold text-slate-800">
            {title}
          </h3>
          {description && <p className="text-xs text-slate-500">{description}</p>}
        </div>
        <button
          type="button"
          aria-pressed={table}
          onClick={() => setTable((v) => !v)}
          className="rounded-md px-2 py-1 text-xs font-medium text-indigo-700 ring-1 ring-indigo-200 hover:bg-indigo-50"
        >
          {table ? "Show chart" : "Show table"}
        </button>
      </div>
      {failed ? (
        <ErrorState message={failed.message} onRetry={failed.onRetry} />
      ) : empty ? (
        <p className="py-8 text-center text-sm text-slate-500">{empty}</p>
      ) : table ? (
        <div className="max-h-80 overflow-auto">
          <table className="w-full text-left text-sm">
            <caption className="sr-only">{title}</caption>
            <thead className="sticky top-0 bg-white text-xs text-slate-500">
              <tr>
                {columns.map((c) => (
                  <th key={c.header} scope="col" className="px-2 py-1 font-medium">
                    {c.header}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {rows.map((r) => (
                <tr key={rowKey(r)}>
                  {columns.map((c) =>
                    c.rowHeader ? (
                      <th key={c.header} scope="row" className="px-2 py-1 font-normal text-slate-700">
                        {c.cell(r)}
                      </th>
                    ) : (
                      <td key={c.header} className="px-2 py-1 text-slate-800 tabular-nums">
                        {c.cell(r)}
                      </td>
                    ),
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <div className="h-64">{chart}</div>
      )}
    </section>
  );
}
