import type { ReactNode } from "react";
import { Link, Route, Routes, useLocation } from "react-router";
import AppShell from "./AppShell";
import { useDocumentTitle } from "../../hooks/useDocumentTitle";

/** The name of the section at `path` (under the base): none for the support desk at the root. */
function sectionLabelOf(path: string, extra: Array<{ path: string; label: string }> = []) {
  const [section, ...deeper] = path.split("/").filter(Boolean);
  if (!section) return undefined;
  const label = section === "faq" ? "FAQ" : extra.find((x) => x.path === section)?.label;
  // Sections have no pages under them: anything else is the catch-all route's.
  return label && deeper.length === 0 ? label : "Page not found";
}

/** A signed-in dashboard: the support desk at its root and the FAQ under /faq, in the app's frame. */
export default function Dashboard(props: {
  base: string;
  title: string;
  documentTitle: string;
  support: ReactNode;
  faq: ReactNode;
  /** The FAQ page's width: reading needs less room than editing. */
  faqWidth: "max-w-4xl" | "max-w-5xl";
  /** More sections under the base path (e.g. the admins' saved replies). */
  extra?: Array<{
    path: string;
    label: string;
    element: ReactNode;
    width?: "max-w-4xl" | "max-w-5xl" | "max-w-7xl";
  }>;
}) {
  // The tab says which section is open ("Analytics · Admin"), not the support queue's name everywhere.
  const sectionLabel = sectionLabelOf(useLocation().pathname.slice(props.base.length), props.extra);
  useDocumentTitle(sectionLabel ? `${sectionLabel} · ${props.title}` : props.documentTitle);
  const tabs = [
    { to: props.base, label: "Support", end: true },
    { to: `${props.base}/faq`, label: "FAQ" },
    ...(props.extra ?? []).map((x) => ({ to: `${props.base}/${x.path}`, label: x.label })),
  ];
  return (
    <AppShell title={props.title} tabs={tabs}>
      <Routes>
        <Route index element={props.support} />
        <Route
          path="faq"
          element={
            <div className="h-full overflow-y-auto">
              <div className={`mx-auto ${props.faqWidth} p-4 sm:p-6`}>{props.faq}</div>
            </div>
          }
        />
        {props.extra?.map((x) => (
          <Route
            key={x.path}
            path={x.path}
            element={
              <div className="h-full overflow-y-auto">
                <div className={`mx-auto ${x.width ?? "max-w-4xl"} p-4 sm:p-6`}>{x.element}</div>
              </div>
            }
          />
        ))}
        <Route path="*" element={<SectionNotFound home={props.base} />} />
      </Routes>
    </AppShell>
  );
}

/**
 * An address under the dashboard that names no section (`/admin/canned`): said so, with the way back,
 * inside the frame (its navigation stays). The app's NotFoundPage is a whole page with its own <main>.
 */
function SectionNotFound({ home }: { home: string }) {
  return (
    <div className="flex h-full flex-col items-center justify-center gap-3 p-6 text-center">
      <h2 className="text-xl font-semibold text-slate-900">Page not found</h2>
      <p className="text-slate-600">There is nothing at this address.</p>
      <Link to={home} className="font-medium text-indigo-700 hover:underline">
        Back to Support
      </Link>
    </div>
  );
}
