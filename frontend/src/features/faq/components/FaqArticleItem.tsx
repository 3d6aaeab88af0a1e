import { useId, useRef, useState } from "react";
import type { FaqArticle } from "@parley/contract";
import type { FaqVoting } from "../types";
import { ANSWER_CLASS, FOCUS_RING } from "./faq-styles";

export type FaqArticleItemProps = {
  article: FaqArticle;
  /** Called each time the reader expands the article. */
  onOpen?: (article: FaqArticle) => void;
  /** Shows "Was this helpful?" and sends the answer through it. */
  voting?: FaqVoting;
  defaultOpen?: boolean;
};

/** One question that expands to its answer, with "Was this helpful?". */
export default function FaqArticleItem({
  article,
  onOpen,
  voting,
  defaultOpen = false,
}: FaqArticleItemProps) {
  const [open, setOpen] = useState(defaultOpen);
  const buttonId = useId();
  const panelId = useId();

  const toggle = () => {
    const next = !open;
    setOpen(next);
    if (next) onOpen?.(article);
  };

  return (
    <div className="rounded-lg border border-slate-200 bg-white">
      <h3 className="m-0">
        <button
          id={buttonId}
          type="button"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={toggle}
          className={`flex w-full items-start justify-between gap-3 rounded-lg px-4 py-3 text-left text-sm font-medium text-slate-900 hover:bg-slate-50 ${FOCUS_RING}`}
        >
          <span>{article.question}</span>
          <svg
            aria-hidden="true"
            viewBox="0 0 20 20"
            className={`mt-0.5 size-4 shrink-0 text-slate-600 transition-transform ${open ? "rotate-180" : ""}`}
            fill="currentColor"
          >
            <path d="M5.2 7.2a.75.75 0 0 1 1.06 0L10 10.94l3.74-3.74a.75.75 0 1 1 1.06 1.06l-4.27 4.27a.75.75 0 0 1-1.06 0L5.2 8.26a.75.75 0 0 1 0-1.06Z" />
          </svg>
        </button>
      </h3>
      {open && (
        <div
          id={panelId}
          role="region"
          aria-labelledby={buttonId}
          className="border-t border-slate-100 px-4 pb-4"
        >
          {/* answerHtml is rendered from Markdown and sanitised by the server (a small tag whitelist). */}
          <div className={ANSWER_CLASS} dangerouslySetInnerHTML={{ __html: article.answerHtml }} />
          {voting && <HelpfulVote articleId={article.id} voting={voting} />}
        </div>
      )}
    </div>
  );
}

/** Articles as a list of expandable questions. */
export function FaqArticleList({
  items,
  onOpen,
  voting,
  label,
}: {
  items: FaqArticle[];
  onOpen?: (article: FaqArticle) => void;
  voting?: FaqVoting;
  label?: string;
}) {
  return (
    <ul className="space-y-2" aria-label={label}>
      {items.map((a) => (
        <li key={a.id}>
          <FaqArticleItem article={a} onOpen={onOpen} voting={voting} />
        </li>
      ))}
    </ul>
  );
}

function HelpfulVote({ articleId, voting }: { articleId: string; voting: FaqVoting }) {
  const [vote, setVote] = useState<boolean | undefined>(() => voting.previous(articleId));
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [thanked, setThanked] = useState(false);
  // A second press before the state has re-rendered must not send a second vote.
  const sending = useRef(false);

  const send = async (helpful: boolean) => {
    if (sending.current) return;
    sending.current = true;
    setPending(true);
    setError(null);
    try {
      await voting.send(articleId, helpful);
      setVote(helpful);
      setThanked(true);
    } catch {
      setError("Your answer could not be saved. Try again.");
    } finally {
      sending.current = false;
      setPending(false);
    }
  };

  // aria-disabled, not disabled, while the vote is saved: a disabled button drops the keyboard focus to
  // <body>. The pressed button keeps it, and the thanks (or the error) is read from the live region.
  const button = (helpful: boolean, label: string) => (
    <button
      type="button"
      onClick={() => void send(helpful)}
      aria-disabled={pending || undefined}
      aria-pressed={vote === helpful}
      className={`rounded-md px-3 py-1 text-sm font-medium ring-1 aria-disabled:cursor-wait aria-disabled:opacity-60 ${FOCUS_RING} ${
        vote === helpful
          ? "bg-indigo-600 text-white ring-indigo-600"
          : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"
      }`}
    >
      {label}
    </button>
  );

  return (
    <div
      className="mt-3 flex flex-wrap items-center gap-2 border-t border-slate-100 pt-3"
      role="group"
      aria-label="Was this helpful?"
    >
      <span className="text-sm text-slate-600">Was this helpful?</span>
      {button(true, "Yes")}
      {button(false, "No")}
      <span aria-live="polite" className="text-sm">
        {thanked && !error && <span className="text-emerald-700">Thanks for your feedback.</span>}
        {error && <span className="text-red-700">{error}</span>}
      </span>
    </div>
  );
}
