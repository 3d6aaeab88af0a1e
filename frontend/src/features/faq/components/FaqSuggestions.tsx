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
  const count = items.length;
  return (
    <>
      {/* One live region, mounted before any suggestion: a region that mounts together with its words is
          not read. It says how many (a new node per set of answers), not the box's contents: otherwise an
          answer opened inside the box would be read out as news. */}
      <p aria-live="polite" className="sr-only">
        {count > 0 && (
          <span key={items.map((a) => a.id).join()}>
            {count} suggested {count === 1 ? "answer" : "answers"} under the message
          </span>
        )}
      </p>
      {count > 0 && (
        <section
          aria-label="Suggested answers"
          className="rounded-xl border border-indigo-100 bg-indigo-50/60 p-3 sm:p-4"
        >
          <h3 className="text-sm font-semibold text-indigo-900">These answers may solve it right away</h3>
          <p className="mb-3 text-xs text-indigo-800/80">
            Open one to read it here; your draft stays as it is.
          </p>
          <FaqArticleList items={items} onOpen={onOpen} voting={voting} />
        </section>
      )}
    </>
  );
}
