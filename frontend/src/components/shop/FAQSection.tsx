import { Link } from "react-router";
import FaqReader from "../../features/faq/components/FaqReader";

/** The shop dashboard's FAQ tab: articles for shops (and for everyone). */
export default function FaqSection() {
  return (
    <div className="space-y-4">
      <div>
        <h2 className="text-xl font-semibold text-slate-900">Help for sellers</h2>
        <p className="text-sm text-slate-600">Payouts, orders, shipping, returns and your listings.</p>
      </div>
      <FaqReader
        audience="shop"
        noResultsHint={
          <>
            Try other words, or{" "}
            <Link to="/shop?new=1" className="font-medium text-indigo-700 underline">
              open a ticket
            </Link>
            .
          </>
        }
      />
    </div>
  );
}
