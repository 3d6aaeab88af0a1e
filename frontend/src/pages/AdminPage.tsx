import Dashboard from "../components/layout/Dashboard";
import AdminSupportTab from "../components/admin/tabs/AdminSupportTab";
import AdminFaqTab from "../components/admin/tabs/AdminFaqTab";
import TeamScreen from "../features/team/components/TeamScreen";

export default function AdminPage() {
  return (
    <Dashboard
      base="/admin"
      title="Admin"
      documentTitle="Admin support queue"
      support={<AdminSupportTab />}
      faq={<AdminFaqTab />}
      faqWidth="max-w-5xl"
      extraTabs={[{ path: "team", label: "Team", element: <TeamScreen /> }]}
    />
  );
}
