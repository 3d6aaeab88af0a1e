import { useId, type ReactNode } from "react";
import type { FaqArticle } from "@parley/contract";
import { EmptyState } from "../../../components/support/ListStates";
import { suggestSearch } from "../spelling";
import { categoryCounts } from "./CategoryList";
import { FOCUS_RING } from "./faq-styles";

export type FaqNoResultsProps = {
  q: string;
  hint?: ReactNode;
  /** Every article (unsearched); [] while it loads. */
  browse: FaqArticle[];
  onClear: () => void;
  /** Searches for other words: offered as "Did you mean …?" when the words look misspelt. */
  onSearchFor?: (q: string) => void;
  onCategory: (category: string) => void;
  onShowArticle: (id: string) => void;
};

const COMMON = 3;

/**
 * A search that found nothing, with the ways on: a corrected spelling, clearing it, a category, or one of
 * the common questions (the most helpful by votes; in the admin's order while nobody has voted).
 */
export default function FaqNoResults({
  q,
  hint,
  browse,
  onClear,
  onSearchFor,
  onCategory,
  onShowArticle,
}: FaqNoResultsProps) {
  const categoriesId = useId();
  const commonId = useId();
  const categories = categoryCounts(browse);
  const common = [...browse]
    .sort((a, b) => b.helpful - b.notHelpful - (a.helpful - a.notHelpful) || a.position - b.position)
    .slice(0, COMMON);
  const suggestion = onSearchFor ? suggestSearch(q, browse) : null;
  const link = `rounded-md text-left text-sm font-medium text-indigo-700 underline-offset-2 hover:underline ${FOCUS_RING}`;
  // The lists' buttons stand alone, one a line, not inside a sentence: each a 24 px target for a finger.
  const listLink = `min-h-6 ${link}`;

  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      <EmptyState
        title={`No answers found for “${q}”`}
        hint={
          <>
            {suggestion && (
              <span className="mb-1 block">
                Did you mean{" "}
                <button type="button" onClick={() => onSearchFor?.(suggestion)} className={link}>
                  {suggestion}
                </button>
                ?
              </span>
            )}
            {hint ?? "Try other words, or fewer of them."}
          </>
        }
        action={
          <button
            type="button"
            onClick={onClear}
            className={`rounded-lg bg-white px-4 py-2 text-sm font-semibold text-slate-700 ring-1 ring-slate-300 hover:bg-slate-50 ${FOCUS_RING}`}
          >
            Clear search
          </button>
        }
      />
      {browse.length > 0 && (
        <div className="grid gap-6 border-t border-slate-100 px-6 py-5 sm:grid-cols-2">
          <section aria-labelledby={categoriesId}>
            <h2 id={categoriesId} className="mb-2 text-sm font-semibold text-slate-900">
              Browse a category
            </h2>
            <ul className="space-y-1.5">
              {categories.map((c) => (
                <li key={c.name}>
                  <button type="button" onClick={() => onCategory(c.name)} className={listLink}>
                    {c.name}
                  </button>{" "}
                  <span className="text-sm text-slate-600">({c.count})</span>
                </li>
              ))}
            </ul>
          </section>
          <section aria-labelledby={commonId}>
            <h2 id={commonId} className="mb-2 text-sm font-semibold text-slate-900">
              Common questions
            </h2>
            <ul className="space-y-1.5">
              {common.map((a) => (
                <li key={a.id}>
                  <button type="button" onClick={() => onShowArticle(a.id)} className={listLink}>
                    {a.question}
                  </button>
                </li>
              ))}
            </ul>
          </section>
        </div>
      )}
    </div>
  );
}
