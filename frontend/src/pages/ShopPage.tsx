import Dashboard from "../components/layout/Dashboard";
import SupportTab from "../components/shop/tabs/SupportTab";
import FaqSection from "../components/shop/FAQSection";
import NotificationSettings from "../features/notifications/components/NotificationSettings";
import { useAlertSound, useBackgroundAlerts } from "../features/notifications/hooks/useBackgroundAlerts";

export default function ShopPage() {
  const [sound] = useAlertSound();
  useBackgroundAlerts("shop", sound);
  return (
    <Dashboard
      base="/shop"
      title="Shop dashboard"
      documentTitle="Shop support"
      support={<SupportTab />}
      faq={<FaqSection />}
      faqWidth="max-w-4xl"
      extra={[
        { path: "notifications", label: "Notifications", element: <NotificationSettings role="shop" /> },
      ]}
    />
  );
}
