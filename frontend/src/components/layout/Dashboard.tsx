import type { ReactNode } from "react";
import { Route, Routes } from "react-router";
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
  /** More pages under the base, e.g. the admin Team screen (issue 16). */
  extraTabs?: Array<{ path: string; label: string; element: ReactNode }>;
}) {
  useDocumentTitle(props.documentTitle);
  const tabs = [
    { to: props.base, label: "Support", end: true },
    { to: `${props.base}/faq`, label: "FAQ" },
    ...(props.extraTabs ?? []).map((t) => ({ to: `${props.base}/${t.path}`, label: t.label })),
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
        {props.extraTabs?.map((t) => (
          <Route
            key={t.path}
            path={t.path}
            element={
              <div className="h-full overflow-y-auto">
                <div className="mx-auto max-w-4xl p-4 sm:p-6">{t.element}</div>
              </div>
            }
          />
        ))}
      </Routes>
    </AppShell>
  );
}
