import { useState } from "react";
import type { AnalyticsFigure } from "@parley/contract";
import { downloadCsv, type AnalyticsFilters } from "../api/analytics";

/**
 * Downloads one figure's tickets as CSV, with the page's filters; a failed download is said beside the
 * button. On the report itself (the tickets created in the period) and in each drill-down.
 */
export default function ExportCsvButton({
  filters,
  figure,
  label = "Export CSV",
  disabled = false,
}: {
  filters: AnalyticsFilters;
  figure: AnalyticsFigure;
  label?: string;
  disabled?: boolean;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <button
        type="button"
        disabled={disabled}
        aria-disabled={busy || undefined}
        onClick={() => {
          if (busy) return;
          setError(null);
          setBusy(true);
          downloadCsv(filters, figure)
            .catch((e: Error) => setError(e.message))
            .finally(() => setBusy(false));
        }}
        className="rounded-md bg-indigo-600 px-2.5 py-1 text-xs font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
      >
        {busy ? "Exporting…" : label}
      </button>
      {error && (
        <span role="alert" className="text-sm text-red-700">
          {error}
        </span>
      )}
    </span>
  );
}
