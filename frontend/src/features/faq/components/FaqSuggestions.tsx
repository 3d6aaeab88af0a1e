import type { FaqArticle } from "@parley/contract";
import type { FaqVoting } from "../types";
import { FaqArticleList } from "./FaqArticleItem";

export type FaqSuggestionsProps = {
  items: FaqArticle[];
  onOpen: (article: FaqArticle) => void;
  voting?: FaqVoting;
};

/** FAQ articles for the ticket being written, shown inline before it is sent (see useFaqSuggestions). */
export default function FaqSuggestions({ items, onOpen, voting }: FaqSuggestionsProps) {
  if (items.length === 0) {
    return <div aria-live="polite" className="sr-only" />;
  }
  return (
    <section
      aria-label="Suggested answers"
      aria-live="polite"
      className="rounded-xl border border-indigo-100 bg-indigo-50/60 p-3 sm:p-4"
    >
      <h3 className="text-sm font-semibold text-indigo-900">These answers may solve it right away</h3>
      <p className="mb-3 text-xs text-indigo-800/80">Open one to read it here; your draft stays as it is.</p>
      <FaqArticleList items={items} onOpen={onOpen} voting={voting} />
    </section>
  );
}
