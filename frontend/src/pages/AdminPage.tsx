import Dashboard from "../components/layout/Dashboard";
import AdminSupportTab from "../components/admin/tabs/AdminSupportTab";
import AdminFaqTab from "../components/admin/tabs/AdminFaqTab";
import CannedResponsesManager from "../features/canned/components/CannedResponsesManager";
import NotificationsAdminPanel from "../features/notifications/components/NotificationsAdminPanel";
import NotificationSettings from "../features/notifications/components/NotificationSettings";
import { useAlertSound, useBackgroundAlerts } from "../features/notifications/hooks/useBackgroundAlerts";

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
