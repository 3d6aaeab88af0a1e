/** /embed/help: the customer FAQ without Parley's chrome, sized to its content for a host page. */
import type { ReactNode } from "react";
import CustomerFaqSection from "../components/customer/CustomerFAQSection";
import { useHostBridge } from "../features/embed/hooks/useHostBridge";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

export default function EmbedHelpPage() {
  useDocumentTitle("Help");
  useHostBridge();
  return (
    <main className="bg-white p-4">
      <CustomerFaqSection embedded />
    </main>
  );
}

export function EmbedNotice({ children, role }: { children: ReactNode; role?: "alert" }) {
  return (
    <p role={role ?? "status"} className="p-6 text-center text-sm text-slate-600">
      {children}
    </p>
  );
}
