import { useEffect, useMemo, useRef, type ReactNode, type RefObject } from "react";
import type { FaqArticle } from "@parley/contract";
import { EmptyState, ErrorState, SkeletonList } from "../../../components/support/ListStates";
import type { FaqVoting } from "../types";
import FaqSearchBox from "./FaqSearchBox";
import CategoryList, { categoryCounts } from "./CategoryList";
import { FaqArticleList } from "./FaqArticleItem";
import FaqNoResults from "./FaqNoResults";

export type FaqBrowserProps = {
  articles: FaqArticle[];
  state: "loading" | "error" | "ready";
  /** The search in effect ("" for none). */
  q: string;
  /** The search box: its words, typing, Enter, and "Clear search". */
  search: {
    text: string;
    onChange: (text: string) => void;
    onSubmit: () => void;
    onClear: () => void;
    /** Searches for these words at once (a suggested spelling). */
    onSearchFor?: (q: string) => void;
  };
  fetching?: boolean;
  /** The articles are the previous search's, shown while this one's are fetched. */
  showingPrevious?: boolean;
  /** As asked for (the URL's may differ in case or name a category that is gone); ignored while searching. */
  category: string | null;
  onCategory: (category: string | null) => void;
  /** The open article's id (one at a time), and opening or closing one. */
  article?: string | null;
  onArticle?: (id: string | null) => void;
  /** An article to bring into view and focus once it is listed (a link, Back/Forward); `seq` says "again". */
  reveal?: { id: string; seq: number } | null;
  /** Every article, for the way on when a search found nothing. */
  browse?: FaqArticle[];
  /** Opens one of those (the search is cleared). */
  onShowArticle?: (id: string) => void;
  /** Told when an article is opened. */
  onOpen?: (article: FaqArticle) => void;
  onRetry?: () => void;
  voting?: FaqVoting;
  /** Shown when nothing matches a search: where to go next. */
  noResultsHint?: ReactNode;
  /** An article's own address, for "Copy link" (where articles have one). */
  articleLink?: (id: string) => string;
};

/** The reader's FAQ: search, category filter, expandable answers with votes (data from useFaqReader). */
export default function FaqBrowser(props: FaqBrowserProps) {
  const { articles, state, q, search, onCategory, onOpen, voting, noResultsHint, article, onArticle } = props;
  const categories = useMemo(() => categoryCounts(articles), [articles]);
  const opened = article ? articles.find((a) => a.id === article) : undefined;
  const asked = q || !props.category ? null : props.category.toLowerCase();
  const named = asked ? (categories.find((c) => c.name.toLowerCase() === asked)?.name ?? null) : null;
  // An article linked with another category than its own is still shown: under its own.
  const shown = opened && named && opened.category !== named ? opened.category : named;
  const visible = useMemo(
    () => (shown ? articles.filter((a) => a.category === shown) : articles),
    [articles, shown],
  );
  const groups = useMemo(() => groupByCategory(visible), [visible]);
  const settled = state === "ready" && !props.showingPrevious;
  const unavailable = !!article && settled && !opened;
  // What a search found, spoken: "No answers found" included (the count alone, like the visible title
  // without its quote: the reader has just typed the words). Not while the list still holds the previous
  // search's result (its count would be read first); a background refetch of the same search says nothing.
  const found =
    !settled || !q
      ? ""
      : articles.length === 0
        ? "No answers found"
        : articles.length === 1
          ? "1 answer found"
          : `${articles.length} answers found`;

  // Opened by a click, a link or Back: told once per article opened.
  const openedId = opened?.id;
  const latest = useRef({ opened, onOpen });
  latest.current = { opened, onOpen };
  useEffect(() => {
    const { opened, onOpen } = latest.current;
    if (openedId && opened) onOpen?.(opened);
  }, [openedId]);

  const root = useRef<HTMLDivElement>(null);
  const searchInput = useRef<HTMLInputElement>(null);
  useRevealArticle(root, settled ? props.reveal : null);
  // After "Browse a category" where nothing was found, the focus goes to that category's chip (the button
  // that was pressed is gone with the empty state).
  const focusChip = useRef(false);
  useEffect(() => {
    if (!focusChip.current) return;
    const chip = root.current?.querySelector<HTMLElement>('nav [aria-pressed="true"]');
    if (!chip) return;
    focusChip.current = false;
    chip.focus();
  });

  const list = (items: FaqArticle[], label?: string) => (
    <FaqArticleList
      items={items}
      voting={voting}
      label={label}
      opened={article ?? null}
      onArticle={onArticle}
      onOpen={onArticle ? undefined : onOpen}
      linkFor={props.articleLink}
    />
  );

  return (
    <div ref={root} className="space-y-4">
      <FaqSearchBox
        value={search.text}
        onChange={search.onChange}
        onSubmit={search.onSubmit}
        inputRef={searchInput}
      />
      {/* One region for every outcome, mounted with the page: a live region that mounts together with
          its text (as the empty state would) is not read. A new node per search, so two searches that
          both find nothing both say so (the same words in the same node would be no change). */}
      <p className="sr-only" aria-live="polite">
        <span key={q}>{found}</span>
      </p>
      {unavailable && (
        // An alert, not a moved focus: it is read as the page loads, and the reader stays at the top.
        <div
          role="alert"
          className="rounded-lg border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          <p className="font-medium">This answer is not available.</p>
          <p>It may have been changed or taken down. Search or browse the answers below.</p>
        </div>
      )}
      {state === "loading" ? (
        <SkeletonList rows={4} label="Loading the FAQ" />
      ) : state === "error" ? (
        <ErrorState message="The FAQ could not be loaded." onRetry={props.onRetry} />
      ) : articles.length === 0 && q ? (
        <FaqNoResults
          q={q}
          hint={noResultsHint}
          browse={props.browse ?? []}
          // Both leave the empty state, and the button pressed with it: the focus goes to the search box.
          onClear={() => {
            search.onClear();
            searchInput.current?.focus();
          }}
          onSearchFor={
            search.onSearchFor &&
            ((words) => {
              search.onSearchFor?.(words);
              searchInput.current?.focus();
            })
          }
          onCategory={(name) => {
            focusChip.current = true;
            onCategory(name);
          }}
          onShowArticle={(id) => props.onShowArticle?.(id)}
        />
      ) : articles.length === 0 ? (
        <EmptyState title="No articles yet" hint="Check back soon." />
      ) : (
        <>
          {!q && categories.length > 1 && (
            <CategoryList categories={categories} selected={shown} onSelect={onCategory} />
          )}
          <div className="space-y-6" aria-busy={props.fetching}>
            {q
              ? list(visible, `Answers for ${q}`)
              : groups.map(([name, items]) => (
                  <section key={name} aria-label={name}>
                    <h2 className="mb-2 text-sm font-semibold tracking-wide text-slate-600 uppercase">
                      {name}
                    </h2>
                    {list(items)}
                  </section>
                ))}
          </div>
        </>
      )}
    </div>
  );
}

/**
 * Brings an article opened from outside the list (a link, Back/Forward, a common question) into view and
 * focuses its question, once it is listed; the same `seq` is handled once.
 */
function useRevealArticle(root: RefObject<HTMLElement | null>, reveal: FaqBrowserProps["reveal"]) {
  const done = useRef(0);
  useEffect(() => {
    if (!reveal || done.current === reveal.seq) return;
    const item = [...(root.current?.querySelectorAll<HTMLElement>("[data-article-id]") ?? [])].find(
      (el) => el.dataset.articleId === reveal.id,
    );
    if (!item) return;
    done.current = reveal.seq;
    item.querySelector<HTMLElement>("button[aria-expanded]")?.focus({ preventScroll: true });
    item.scrollIntoView?.({ block: "start" });
  });
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
