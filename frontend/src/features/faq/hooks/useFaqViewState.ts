/**
 * What the FAQ reader is looking at: the search in effect, the category and the opened article. In the
 * public help centre it lives in the URL (`/help?q=refund`, `?category=Orders`, `?article=<id>`) so an
 * answer can be linked to and Back steps back within the help centre; elsewhere (the shop's FAQ tab, whose
 * URL belongs to the ticket list) it lives in memory.
 */
import { useCallback, useMemo, useRef, useState } from "react";
import { useLocation, useNavigate, useSearchParams } from "react-router";

/**
 * "memory": no URL. "push": the URL, and opening an article or a category is a history entry.
 * "replace": the URL without history entries, for a frame (/embed/help), whose entries would be the host
 * page's: its Back button would step through our categories instead of leaving the host's page.
 */
export type FaqHistoryMode = "memory" | "push" | "replace";

export type FaqView = { q: string; category: string | null; article: string | null };

const EMPTY: FaqView = { q: "", category: null, article: null };
const KEYS = { q: "q", category: "category", article: "article" } as const;

/** Set on the history entry an article was opened into from the list: closing it is then Back. */
type EntryState = { faqClosesToPrevious?: true } | null;

export function useFaqViewState(mode: FaqHistoryMode) {
  const [memory, setMemory] = useState<FaqView>(EMPTY);
  const [params, setParams] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();

  const fromUrl = useMemo<FaqView>(
    () => ({
      q: (params.get(KEYS.q) ?? "").trim(),
      category: params.get(KEYS.category) || null,
      article: params.get(KEYS.article) || null,
    }),
    [params],
  );
  const view = mode === "memory" ? memory : fromUrl;
  // Read when called, not captured: react-router's setSearchParams changes with every URL, and callbacks
  // that changed with it would re-run the effects that use them (the search box's settled words).
  const latest = useRef({ view, setParams, entryState: location.state as EntryState });
  latest.current = { view, setParams, entryState: location.state as EntryState };

  /** The view with `patch` applied; `how` says whether that is a history entry (ignored in memory or a frame). */
  const go = useCallback(
    (patch: Partial<FaqView>, how: "push" | "replace", state?: EntryState) => {
      if (mode === "memory") {
        setMemory((v) => ({ ...v, ...patch }));
        return;
      }
      latest.current.setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(patch) as Array<[keyof FaqView, string | null]>) {
            if (value) next.set(KEYS[key], value);
            else next.delete(KEYS[key]);
          }
          return next;
        },
        { replace: mode === "replace" || how === "replace", state: state ?? null },
      );
    },
    [mode],
  );

  /**
   * A search that has settled (typing paused, or Enter). Starting or ending a search is a history entry;
   * refining one replaces it, so Back does not replay the words letter by letter. A search looks in every
   * category, and closes the article (it may not be among the answers).
   */
  const search = useCallback(
    (value: string) => {
      const q = value.trim();
      const current = latest.current.view;
      if (q === current.q) return;
      go({ q, category: null, article: null }, !q !== !current.q ? "push" : "replace");
    },
    [go],
  );

  /** Browses a category (null: all); from a search too (its "nothing found" offers the categories). */
  const selectCategory = useCallback(
    (category: string | null) => go({ q: "", category, article: null }, "push"),
    [go],
  );

  /**
   * Opens an article (or closes it: null). Closing the article that was opened from the list goes Back to
   * that entry, so the history is not [list, article, list] and Forward reopens it; closing one that came by
   * a link replaces the entry.
   */
  const openArticle = useCallback(
    (id: string | null) => {
      const { view: current, entryState } = latest.current;
      if (id === current.article) return;
      if (id) {
        go({ article: id }, "push", current.article ? null : { faqClosesToPrevious: true });
      } else if (mode === "push" && entryState?.faqClosesToPrevious) {
        void navigate(-1);
      } else {
        go({ article: null }, "replace");
      }
    },
    [go, mode, navigate],
  );

  /** An answer offered where nothing was found: a fresh view with only that article. */
  const showArticle = useCallback((id: string) => go({ q: "", category: null, article: id }, "push"), [go]);

  return { view, search, selectCategory, openArticle, showArticle };
}
