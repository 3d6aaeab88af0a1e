/** The FAQ's server state: reading, suggestions while a ticket is drafted, votes, events, stats, editing. */
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { FAQ_SUGGEST_DRAFT_MAX } from "@parley/contract";
import type { FaqArticle, FaqArticleBody, FaqEventBody, FaqViewerAudience } from "@parley/contract";
import {
  createFaqArticle,
  deleteFaqArticle,
  fetchFaqStats,
  listFaq,
  myVote,
  reorderFaqArticles,
  reportFaqEvent,
  sendFeedback,
  suggestFaq,
  updateFaqArticle,
} from "../api/faq";
import { useDebounced } from "../../../hooks/useDebounced";
import { newId } from "../../../lib/ids";
import type { FaqVoting } from "../types";
import { useFaqViewState, type FaqHistoryMode } from "./useFaqViewState";

const SEARCH_DEBOUNCE_MS = 300;
export const SUGGEST_DEBOUNCE_MS = 400;
const MIN_DRAFT_LETTERS = 3;

/** Deflection events: best effort, never in the user's way. */
export function useReportFaqEvent() {
  return useMutation({ mutationFn: (event: FaqEventBody) => reportFaqEvent(event) }).mutate;
}

/** "Was this helpful?": one counted vote per browser per article, and the vote this browser gave. */
export function useFaqVote(): FaqVoting {
  const { mutateAsync } = useMutation({
    mutationFn: ({ articleId, helpful }: { articleId: string; helpful: boolean }) =>
      sendFeedback(articleId, helpful),
  });
  return useMemo(
    () => ({
      send: async (articleId, helpful) => {
        await mutateAsync({ articleId, helpful });
      },
      previous: myVote,
    }),
    [mutateAsync],
  );
}

/**
 * The reader's FAQ: the search (Enter searches at once, typing waits for a pause), category, opened article
 * (kept as `history` says: see useFaqViewState), the articles, and every article when a search found nothing.
 */
export function useFaqReader(
  audience: FaqViewerAudience,
  { history = "memory", revealOnLoad = true }: { history?: FaqHistoryMode; revealOnLoad?: boolean } = {},
) {
  const { view, search, selectCategory, openArticle, showArticle } = useFaqViewState(history);
  const { q } = view;
  const [sessionId] = useState(newId);
  const report = useReportFaqEvent();
  const vote = useFaqVote();

  // The box's words. The search in effect follows them after a pause; they follow the search when it
  // changes otherwise (Back, a link, "Clear search"). `own` is the last search these words made, so a
  // search that lands while the reader types on is not taken for such a change (it would eat the letters).
  const [text, setText] = useState(q);
  const own = useRef(q);
  useEffect(() => {
    if (q === own.current) return;
    own.current = q;
    setText(q);
  }, [q]);
  const commit = useCallback(
    (value: string) => {
      own.current = value.trim();
      search(value);
    },
    [search],
  );
  const settled = useDebounced(text, SEARCH_DEBOUNCE_MS);
  useEffect(() => {
    if (settled.trim() !== own.current) commit(settled);
  }, [settled, commit]);

  // An article opened other than by its own question (a link, Back or Forward, a suggestion where nothing
  // was found) is brought into view and focused. Not one in the URL as the page loads when the caller says
  // so: a frame must not scroll its host page or take the focus from it.
  const [reveal, setReveal] = useState<{ id: string; seq: number } | null>(null);
  const clicked = useRef(revealOnLoad ? null : view.article);
  useEffect(() => {
    if (view.article === clicked.current) return;
    clicked.current = view.article;
    if (view.article) setReveal((r) => ({ id: view.article!, seq: (r?.seq ?? 0) + 1 }));
  }, [view.article]);
  const onArticle = useCallback(
    (id: string | null) => {
      clicked.current = id;
      openArticle(id);
    },
    [openArticle],
  );

  const query = useQuery({
    queryKey: ["faq", "list", audience, q],
    queryFn: ({ signal }) => listFaq({ audience, q: q || undefined }, signal),
    placeholderData: (previous) => previous,
  });
  const articles = useMemo(() => query.data ?? [], [query.data]);
  // Where a search found nothing, the categories and common questions are the way on: the unsearched list
  // (the same cache entry as browsing), fetched only then.
  const noneFound = !!q && query.isSuccess && !query.isPlaceholderData && articles.length === 0;
  const everything = useQuery({
    queryKey: ["faq", "list", audience, ""],
    queryFn: ({ signal }) => listFaq({ audience }, signal),
    enabled: noneFound,
  });

  const onOpen = useCallback(
    (article: FaqArticle) =>
      report({ type: "article_opened", sessionId, articleIds: [article.id], query: q || undefined }),
    [report, sessionId, q],
  );

  return {
    q,
    articles,
    state: query.isPending ? "loading" : query.isError ? "error" : "ready",
    fetching: query.isFetching,
    showingPrevious: query.isPlaceholderData,
    reload: () => void query.refetch(),
    search: {
      text,
      onChange: setText,
      onSubmit: () => commit(text),
      onClear: () => {
        setText("");
        commit("");
      },
      /** Searches for other words at once ("Did you mean …?"). */
      onSearchFor: (value: string) => {
        setText(value);
        commit(value);
      },
    },
    category: view.category,
    onCategory: selectCategory,
    article: view.article,
    onArticle,
    reveal,
    browse: noneFound ? (everything.data ?? []) : [],
    onShowArticle: showArticle,
    onOpen,
    voting: vote,
  } as const;
}

/**
 * FAQ articles for the ticket being drafted. Reports when suggestions were shown and when one was opened,
 * so the admin stats can tell whether the FAQ prevented the ticket.
 */
export function useFaqSuggestions(draft: string, deflectionSessionId: string) {
  const text = useDebounced(draft.trim().slice(0, FAQ_SUGGEST_DRAFT_MAX), SUGGEST_DEBOUNCE_MS);
  const enabled = (text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= MIN_DRAFT_LETTERS;
  const report = useReportFaqEvent();
  const vote = useFaqVote();

  const query = useQuery({
    queryKey: ["faq", "suggest", text],
    queryFn: ({ signal }) => suggestFaq(text, signal),
    enabled,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
  const items = useMemo(() => (enabled ? (query.data ?? []) : []), [enabled, query.data]);

  // One "shown" event per distinct set of suggestions in this session; one "opened" per article.
  const reported = useRef({ session: "", shown: new Set<string>(), opened: new Set<string>() });
  const shownKey = items.map((a) => a.id).join(",");
  const latestText = useRef(text);
  latestText.current = text;
  useEffect(() => {
    if (reported.current.session !== deflectionSessionId) {
      reported.current = { session: deflectionSessionId, shown: new Set(), opened: new Set() };
    }
    if (!shownKey || reported.current.shown.has(shownKey)) return;
    reported.current.shown.add(shownKey);
    const ids = shownKey.split(",");
    report({
      type: "suggestions_shown",
      sessionId: deflectionSessionId,
      articleIds: ids,
      query: latestText.current.slice(0, 200),
      resultCount: ids.length,
    });
  }, [shownKey, deflectionSessionId, report]);

  const onOpen = useCallback(
    (article: FaqArticle) => {
      if (reported.current.opened.has(article.id)) return;
      reported.current.opened.add(article.id);
      report({ type: "article_opened", sessionId: deflectionSessionId, articleIds: [article.id] });
    },
    [report, deflectionSessionId],
  );

  return { items, onOpen, voting: vote };
}

export const STATS_PERIODS = [
  { value: "7", label: "Last 7 days" },
  { value: "30", label: "Last 30 days" },
  { value: "all", label: "All time" },
] as const;
export type StatsPeriod = (typeof STATS_PERIODS)[number]["value"];

function sinceFor(period: StatsPeriod): string | undefined {
  if (period === "all") return undefined;
  const d = new Date();
  d.setUTCHours(0, 0, 0, 0);
  d.setUTCDate(d.getUTCDate() - Number(period));
  return d.toISOString();
}

export function useFaqStats(period: StatsPeriod) {
  return useQuery({
    queryKey: ["faq", "stats", period],
    queryFn: ({ signal }) => fetchFaqStats(sinceFor(period), signal),
  });
}

const ADMIN_LIST = ["faq", "admin-list"] as const;

/** The admin's article list (drafts too) and every change to it, each a mutation that refreshes the FAQ. */
export function useFaqEditor() {
  const qc = useQueryClient();
  const list = useQuery({
    queryKey: ADMIN_LIST,
    queryFn: ({ signal }) => listFaq({ includeUnpublished: true }, signal),
  });
  const onSettled = () => qc.invalidateQueries({ queryKey: ["faq"] });

  const save = useMutation({
    mutationFn: ({ input, id }: { input: FaqArticleBody; id?: string }) =>
      id ? updateFaqArticle(id, input) : createFaqArticle(input),
    onSettled,
  });
  const setPublished = useMutation({
    mutationFn: ({ id, published }: { id: string; published: boolean }) =>
      updateFaqArticle(id, { published }),
    onSettled,
  });
  const remove = useMutation({ mutationFn: (id: string) => deleteFaqArticle(id), onSettled });
  const reorder = useMutation({
    mutationFn: (ordered: FaqArticle[]) => reorderFaqArticles(ordered.map((a) => a.id)),
    // Shown in the new order at once; the refetch afterwards tells the truth either way.
    onMutate: async (ordered) => {
      await qc.cancelQueries({ queryKey: ADMIN_LIST });
      qc.setQueryData(ADMIN_LIST, ordered);
    },
    onSettled,
  });

  return { list, save, setPublished, remove, reorder };
}
