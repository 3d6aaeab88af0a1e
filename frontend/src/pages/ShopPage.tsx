import { Route, Routes } from "react-router";
import AppShell from "../components/layout/AppShell";
import SupportTab from "../components/shop/tabs/SupportTab";
import FaqSection from "../components/shop/FAQSection";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

const TABS = [
  { to: "/shop", label: "Support", end: true },
  { to: "/shop/faq", label: "FAQ" },
];

export default function ShopPage() {
  useDocumentTitle("Shop support");
  return (
    <AppShell title="Shop dashboard" tabs={TABS}>
      <Routes>
        <Route index element={<SupportTab />} />
        <Route
          path="faq"
          element={
            <div className="h-full overflow-y-auto">
              <div className="mx-auto max-w-4xl p-4 sm:p-6">
                <FaqSection />
              </div>
            </div>
          }
        />
      </Routes>
    </AppShell>
  );
}
