import { lazy, Suspense } from "react";
import Dashboard from "../components/layout/Dashboard";
import AdminSupportTab from "../components/admin/tabs/AdminSupportTab";
import AdminFaqTab from "../components/admin/tabs/AdminFaqTab";
import { SkeletonList } from "../components/support/ListStates";

// Charts (recharts) are heavy: the Analytics and SLA pages load as their own chunk.
const AnalyticsPage = lazy(() => import("../features/analytics/components/AnalyticsPage"));
const SlaPolicyEditor = lazy(() => import("../features/analytics/components/SlaPolicyEditor"));

const loading = <SkeletonList rows={4} label="Loading" />;

export default function AdminPage() {
  return (
    <Dashboard
      base="/admin"
      title="Admin"
      documentTitle="Admin support queue"
      support={<AdminSupportTab />}
      faq={<AdminFaqTab />}
      faqWidth="max-w-5xl"
      extraTabs={[
        {
          path: "analytics",
          label: "Analytics",
          element: (
            <Suspense fallback={loading}>
              <AnalyticsPage />
            </Suspense>
          ),
        },
        {
          path: "sla",
          label: "SLA",
          element: (
            <Suspense fallback={loading}>
              <SlaPolicyEditor />
            </Suspense>
          ),
        },
      ]}
    />
  );
}
