import { lazy, Suspense } from "react";
import Dashboard from "../components/layout/Dashboard";
import AdminSupportTab from "../components/admin/tabs/AdminSupportTab";
import AdminFaqTab from "../components/admin/tabs/AdminFaqTab";
import CannedResponsesManager from "../features/canned/components/CannedResponsesManager";
import NotificationsAdminPanel from "../features/notifications/components/NotificationsAdminPanel";
import NotificationSettings from "../features/notifications/components/NotificationSettings";
import { useAlertSound, useBackgroundAlerts } from "../features/notifications/hooks/useBackgroundAlerts";
import { SkeletonList } from "../components/support/ListStates";

// Charts (recharts) are heavy: the Analytics and SLA pages load as their own chunk.
const AnalyticsPage = lazy(() => import("../features/analytics/components/AnalyticsPage"));
const SlaPolicyEditor = lazy(() => import("../features/analytics/components/SlaPolicyEditor"));

const loading = <SkeletonList rows={4} label="Loading" />;
import TeamScreen from "../features/team/components/TeamScreen";

export default function AdminPage() {
  const [sound] = useAlertSound();
  useBackgroundAlerts("admin", sound);
  return (
    <Dashboard
      base="/admin"
      title="Admin"
      documentTitle="Admin support queue"
      support={<AdminSupportTab />}
      faq={<AdminFaqTab />}
      faqWidth="max-w-5xl"
      extra={[
        {
          path: "analytics",
          label: "Analytics",
          width: "max-w-7xl",
          element: (
            <Suspense fallback={loading}>
              <AnalyticsPage />
            </Suspense>
          ),
        },
        {
          path: "sla",
          label: "SLA",
          width: "max-w-7xl",
          element: (
            <Suspense fallback={loading}>
              <SlaPolicyEditor />
            </Suspense>
          ),
        },
        { path: "team", label: "Team", element: <TeamScreen /> },
        { path: "replies", label: "Saved replies", element: <CannedResponsesManager /> },
        {
          path: "notifications",
          label: "Notifications",
          width: "max-w-5xl",
          element: (
            <div className="space-y-8">
              <NotificationsAdminPanel />
              <NotificationSettings role="admin" />
            </div>
          ),
        },
      ]}
    />
  );
}
