import { useEffect, useRef } from "react";
import { useQuery } from "@tanstack/react-query";
import { reportFaqEvent, suggestFaq, type FaqArticle } from "../../services/api/faq";
import { useDebounced } from "../../hooks/useDebounced";
import FaqArticleItem from "../faq/FaqArticleItem";

export type FaqSuggestionsProps = {
  /** The draft's subject and message so far. */
  draft: string;
  /** One id per new-ticket form session; the same id is passed to reportTicketFiled(). */
  deflectionSessionId: string;
};

export const SUGGEST_DEBOUNCE_MS = 400;
const MIN_DRAFT_LETTERS = 3;

/**
 * FAQ articles for the ticket being written, shown inline before it is sent. Reports when suggestions
 * were shown and when one was opened, so the admin stats can tell whether the FAQ prevented the ticket.
 */
export default function FaqSuggestions({ draft, deflectionSessionId }: FaqSuggestionsProps) {
  const text = useDebounced(draft.trim().slice(0, 2000), SUGGEST_DEBOUNCE_MS);
  const enabled = (text.match(/[\p{L}\p{N}]/gu)?.length ?? 0) >= MIN_DRAFT_LETTERS;

  const query = useQuery({
    queryKey: ["faq", "suggest", text],
    queryFn: ({ signal }) => suggestFaq(text, signal),
    enabled,
    staleTime: 60_000,
    placeholderData: (previous) => previous,
  });
  const items = enabled ? (query.data ?? []) : [];

  // One "shown" event per distinct set of suggestions in this session; one "opened" per article.
  const reported = useRef({
    session: deflectionSessionId,
    shown: new Set<string>(),
    opened: new Set<string>(),
  });
  if (reported.current.session !== deflectionSessionId) {
    reported.current = { session: deflectionSessionId, shown: new Set(), opened: new Set() };
  }
  const shownKey = items.map((a) => a.id).join(",");
  useEffect(() => {
    if (!shownKey || reported.current.shown.has(shownKey)) return;
    reported.current.shown.add(shownKey);
    void reportFaqEvent({
      type: "suggestions_shown",
      sessionId: deflectionSessionId,
      articleIds: shownKey.split(","),
      query: text.slice(0, 200),
      resultCount: shownKey.split(",").length,
    });
    // text is read for the record only; a new set of ids is what makes a new event.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [shownKey, deflectionSessionId]);

  const opened = (article: FaqArticle) => {
    if (reported.current.opened.has(article.id)) return;
    reported.current.opened.add(article.id);
    void reportFaqEvent({ type: "article_opened", sessionId: deflectionSessionId, articleIds: [article.id] });
  };

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
      <ul className="space-y-2">
        {items.map((a) => (
          <li key={a.id}>
            <FaqArticleItem article={a} onOpen={opened} />
          </li>
        ))}
      </ul>
    </section>
  );
}
