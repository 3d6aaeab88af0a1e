import FaqReader from "../../features/faq/components/FaqReader";

/** The public help centre's body: customer articles, no sign-in. */
export default function CustomerFaqSection() {
  return (
    <FaqReader
      audience="customer"
      noResultsHint="Try other words, or message the shop from your order page."
    />
  );
}
