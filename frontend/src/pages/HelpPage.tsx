import { Link } from "react-router";
import CustomerFaqSection from "../components/customer/CustomerFAQSection";
import { Logo } from "../components/layout/AppShell";
import { useDocumentTitle } from "../hooks/useDocumentTitle";

/** The public help centre: no sign-in. */
export default function HelpPage() {
  useDocumentTitle("Help centre");
  return (
    <div className="min-h-dvh bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-4xl items-center justify-between px-4 py-3">
          <Logo />
          <Link
            to="/login"
            // min-h-6 and a centred line: a 24 px target (a bare line of small text was 20 px high).
            className="inline-flex min-h-6 items-center text-sm font-medium text-slate-600 hover:text-indigo-700"
          >
            Sellers: sign in
          </Link>
        </div>
      </header>
      <main className="mx-auto max-w-4xl px-4 py-8">
        <h1 className="text-3xl font-semibold tracking-tight text-slate-900">How can we help?</h1>
        <p className="mt-2 text-slate-600">Answers to common questions about orders, delivery and refunds.</p>
        <div className="mt-6">
          <CustomerFaqSection />
        </div>
      </main>
    </div>
  );
}
