import FaqBrowser from "../faq/FaqBrowser";

/** The public help centre's body: customer articles, no sign-in. */
export default function CustomerFAQSection() {
  return (
    <FaqBrowser
      audience="customer"
      noResultsHint="Try other words, or message the shop from your order page."
    />
  );
}
