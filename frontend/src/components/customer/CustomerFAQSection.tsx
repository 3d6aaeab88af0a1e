import FaqReader from "../../features/faq/components/FaqReader";

/** An answer's address in the public help centre, to copy and send. */
export function helpArticleUrl(id: string): string {
  return `${window.location.origin}/help?article=${encodeURIComponent(id)}`;
}

/**
 * The public help centre's body: customer articles, no sign-in. Its search, category and open article are
 * in the URL (`/help?q=…`, `?category=…`, `?article=<id>`). `embedded` (/embed/help, in a host's frame):
 * still in the frame's URL, but as no history entries and with no focus or scrolling as it loads, as those
 * would be the host page's.
 */
export default function CustomerFaqSection({ embedded = false }: { embedded?: boolean }) {
  return (
    <FaqReader
      audience="customer"
      noResultsHint="Try other words, or message the shop from your order page."
      history={embedded ? "replace" : "push"}
      revealOnLoad={!embedded}
      articleLink={embedded ? undefined : helpArticleUrl}
    />
  );
}
