import { Route, Routes } from "react-router";
import AppShell from "../components/layout/AppShell";
import AdminSupportTab from "../components/admin/tabs/AdminSupportTab";
import AdminFaqTab from "../components/admin/tabs/AdminFaqTab";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

const TABS = [
  { to: "/admin", label: "Support", end: true },
  { to: "/admin/faq", label: "FAQ" },
];

export default function AdminPage() {
  useDocumentTitle("Admin support queue");
  return (
    <AppShell title="Admin" tabs={TABS}>
      <Routes>
        <Route index element={<AdminSupportTab />} />
        <Route
          path="faq"
          element={
            <div className="h-full overflow-y-auto">
              <div className="mx-auto max-w-5xl p-4 sm:p-6">
                <AdminFaqTab />
              </div>
            </div>
          }
        />
      </Routes>
    </AppShell>
  );
}
