import Dashboard from "../components/layout/Dashboard";
import SupportTab from "../components/shop/tabs/SupportTab";
import FaqSection from "../components/shop/FAQSection";

export default function ShopPage() {
  return (
    <Dashboard
      base="/shop"
      title="Shop dashboard"
      documentTitle="Shop support"
      support={<SupportTab />}
      faq={<FaqSection />}
      faqWidth="max-w-4xl"
    />
  );
}
