import type { ReactNode } from "react";
import { Route, Routes, useLocation } from "react-router";
import AppShell from "./AppShell";
import { useDocumentTitle } from "../../hooks/useDocumentTitle";

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
  const section = useLocation().pathname.slice(props.base.length).split("/")[1] ?? "";
  const sectionLabel = section === "faq" ? "FAQ" : props.extra?.find((x) => x.path === section)?.label;
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
      </Routes>
    </AppShell>
  );
}
