import { useMemo, type ReactNode } from "react";
import type { FaqArticle } from "@parley/contract";
import { EmptyState, ErrorState, SkeletonList } from "../../../components/support/ListStates";
import type { FaqVoting } from "../types";
import FaqSearchBox from "./FaqSearchBox";
import CategoryList from "./CategoryList";
import { FaqArticleList } from "./FaqArticleItem";

export type FaqBrowserProps = {
  articles: FaqArticle[];
  state: "loading" | "error" | "ready";
  /** The search in effect ("" for none). */
  q: string;
  fetching?: boolean;
  /** The articles are the previous search's, shown while this one's are fetched. */
  showingPrevious?: boolean;
  category: string | null;
  onCategory: (category: string | null) => void;
  onSearch: (q: string, immediate: boolean) => void;
  onOpen?: (article: FaqArticle) => void;
  onRetry?: () => void;
  voting?: FaqVoting;
  /** Shown when nothing matches a search: where to go next. */
  noResultsHint?: ReactNode;
};

/** The reader's FAQ: search, category filter, expandable answers with votes (data from useFaqReader). */
export default function FaqBrowser(props: FaqBrowserProps) {
  const { articles, state, q, category, onCategory, onOpen, voting, noResultsHint } = props;
  const categories = useMemo(() => {
    const counts = new Map<string, number>();
    for (const a of articles) counts.set(a.category, (counts.get(a.category) ?? 0) + 1);
    return [...counts].map(([name, count]) => ({ name, count }));
  }, [articles]);
  const shown = category && categories.some((c) => c.name === category) ? category : null;
  const visible = shown ? articles.filter((a) => a.category === shown) : articles;
  const groups = useMemo(() => groupByCategory(visible), [visible]);
  // What a search found, spoken: "No answers found" included (the count alone, like the visible title
  // without its quote: the reader has just typed the words). Not while the list still holds the previous
  // search's result (its count would be read first); a background refetch of the same search says nothing.
  const found =
    state !== "ready" || !q || props.showingPrevious
      ? ""
      : articles.length === 0
        ? "No answers found"
        : articles.length === 1
          ? "1 answer found"
          : `${articles.length} answers found`;

  return (
    <div className="space-y-4">
      <FaqSearchBox onSearch={props.onSearch} />
      {/* One region for every outcome, mounted with the page: a live region that mounts together with
          its text (as the empty state would) is not read. A new node per search, so two searches that
          both find nothing both say so (the same words in the same node would be no change). */}
      <p className="sr-only" aria-live="polite">
        <span key={q}>{found}</span>
      </p>
      {state === "loading" ? (
        <SkeletonList rows={4} label="Loading the FAQ" />
      ) : state === "error" ? (
        <ErrorState message="The FAQ could not be loaded." onRetry={props.onRetry} />
      ) : articles.length === 0 ? (
        <EmptyState
          title={q ? `No answers found for “${q}”` : "No articles yet"}
          hint={q ? (noResultsHint ?? "Try other words, or fewer of them.") : "Check back soon."}
        />
      ) : (
        <>
          {!q && categories.length > 1 && (
            <CategoryList categories={categories} selected={shown} onSelect={onCategory} />
          )}
          <div className="space-y-6" aria-busy={props.fetching}>
            {q ? (
              <FaqArticleList items={visible} onOpen={onOpen} voting={voting} label={`Answers for ${q}`} />
            ) : (
              groups.map(([name, items]) => (
                <section key={name} aria-label={name}>
                  <h2 className="mb-2 text-sm font-semibold tracking-wide text-slate-600 uppercase">
                    {name}
                  </h2>
                  <FaqArticleList items={items} onOpen={onOpen} voting={voting} />
                </section>
              ))
            )}
          </div>
        </>
      )}
    </div>
  );
}

/** Categories in the order their first article appears (the admin's order). */
function groupByCategory(articles: FaqArticle[]): Array<[string, FaqArticle[]]> {
  const groups = new Map<string, FaqArticle[]>();
  for (const a of articles) {
    const list = groups.get(a.category) ?? [];
    list.push(a);
    groups.set(a.category, list);
  }
  return [...groups];
}
