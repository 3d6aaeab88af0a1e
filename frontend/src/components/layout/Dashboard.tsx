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
  /** The Notifications page (settings; for admins also channels, the delivery log and webhooks). */
  notifications?: ReactNode;
}) {
  useDocumentTitle(props.documentTitle);
  const tabs = [
    { to: props.base, label: "Support", end: true },
    { to: `${props.base}/faq`, label: "FAQ" },
    ...(props.notifications ? [{ to: `${props.base}/notifications`, label: "Notifications" }] : []),
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
        {props.notifications && (
          <Route
            path="notifications"
            element={
              <div className="h-full overflow-y-auto">
                <div className="mx-auto max-w-5xl p-4 sm:p-6">{props.notifications}</div>
              </div>
            }
          />
        )}
      </Routes>
    </AppShell>
  );
}
