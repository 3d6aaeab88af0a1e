import { useMemo, useRef, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { listFaq, reportFaqEvent, type FaqArticle, type FaqReader } from "../../services/api/faq";
import { newId } from "../../lib/ids";
import { useDebounced } from "../../hooks/useDebounced";
import { EmptyState, ErrorState, SkeletonList } from "../support/ListStates";
import FaqSearchBox from "./FaqSearchBox";
import CategoryList from "./CategoryList";
import FaqArticleItem from "./FaqArticleItem";

export type FaqBrowserProps = {
  audience: FaqReader;
  /** Shown when nothing matches a search: where to go next. */
  noResultsHint?: React.ReactNode;
};

/** The reader's FAQ: search, category filter, expandable answers with votes. */
export default function FaqBrowser({ audience, noResultsHint }: FaqBrowserProps) {
  const [typed, setTyped] = useState("");
  const [submitted, setSubmitted] = useState<string | null>(null);
  const debounced = useDebounced(typed, 300);
  // Enter searches at once; typing waits for a pause.
  const q = (submitted ?? debounced).trim();
  const [category, setCategory] = useState<string | null>(null);
  const sessionId = useRef(newId()).current;

  const query = useQuery({
    queryKey: ["faq", "list", audience, q],
    queryFn: ({ signal }) => listFaq({ audience, q: q || undefined }, signal),
    placeholderData: (previous) => previous,
  });

  const articles = useMemo(() => query.data ?? [], [query.data]);
  const categories = useMemo(() => {
    const counts = new Map<string, number>();
    for (const a of articles) counts.set(a.category, (counts.get(a.category) ?? 0) + 1);
    return [...counts].map(([name, count]) => ({ name, count }));
  }, [articles]);
  const shown = category && categories.some((c) => c.name === category) ? category : null;
  const visible = shown ? articles.filter((a) => a.category === shown) : articles;
  const groups = useMemo(() => groupByCategory(visible), [visible]);

  const opened = (article: FaqArticle) =>
    void reportFaqEvent({
      type: "article_opened",
      sessionId,
      articleIds: [article.id],
      query: q || undefined,
    });

  return (
    <div className="space-y-4">
      <FaqSearchBox
        onSearch={(value, immediate) => {
          setTyped(value);
          setSubmitted(immediate ? value : null);
        }}
      />
      {query.isPending ? (
        <SkeletonList rows={4} label="Loading the FAQ" />
      ) : query.isError ? (
        <ErrorState message="The FAQ could not be loaded." onRetry={() => void query.refetch()} />
      ) : articles.length === 0 ? (
        <EmptyState
          title={q ? `No answers found for “${q}”` : "No articles yet"}
          hint={q ? (noResultsHint ?? "Try other words, or fewer of them.") : "Check back soon."}
        />
      ) : (
        <>
          {!q && categories.length > 1 && (
            <CategoryList categories={categories} selected={shown} onSelect={setCategory} />
          )}
          <p className="sr-only" aria-live="polite">
            {q ? `${articles.length} answers found` : ""}
          </p>
          <div className="space-y-6" aria-busy={query.isFetching}>
            {q ? (
              <ul className="space-y-2" aria-label={`Answers for ${q}`}>
                {visible.map((a) => (
                  <li key={a.id}>
                    <FaqArticleItem article={a} onOpen={opened} />
                  </li>
                ))}
              </ul>
            ) : (
              groups.map(([name, items]) => (
                <section key={name} aria-label={name}>
                  <h2 className="mb-2 text-sm font-semibold tracking-wide text-slate-500 uppercase">
                    {name}
                  </h2>
                  <ul className="space-y-2">
                    {items.map((a) => (
                      <li key={a.id}>
                        <FaqArticleItem article={a} onOpen={opened} />
                      </li>
                    ))}
                  </ul>
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
