import Dashboard from "../components/layout/Dashboard";
import AdminSupportTab from "../components/admin/tabs/AdminSupportTab";
import AdminFaqTab from "../components/admin/tabs/AdminFaqTab";
import CannedResponsesManager from "../features/canned/components/CannedResponsesManager";

export default function AdminPage() {
  return (
    <Dashboard
      base="/admin"
      title="Admin"
      documentTitle="Admin support queue"
      support={<AdminSupportTab />}
      faq={<AdminFaqTab />}
      faqWidth="max-w-5xl"
      extra={[{ path: "replies", label: "Saved replies", element: <CannedResponsesManager /> }]}
    />
  );
}
