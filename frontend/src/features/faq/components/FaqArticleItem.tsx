import { useId, useLayoutEffect, useRef, useState } from "react";
import type { FaqArticle } from "@parley/contract";
import type { FaqVoting } from "../types";
import CopyLinkButton from "./CopyLinkButton";
import { ANSWER_CLASS, FOCUS_RING } from "./faq-styles";

export type FaqArticleItemProps = {
  article: FaqArticle;
  /** Called each time the reader expands the article (not when `open` is given: the caller knows). */
  onOpen?: (article: FaqArticle) => void;
  /** Shows "Was this helpful?" and sends the answer through it. */
  voting?: FaqVoting;
  defaultOpen?: boolean;
  /** Given with `onToggle`, the caller owns whether the answer shows (the help centre keeps it in the URL). */
  open?: boolean;
  onToggle?: (open: boolean) => void;
  /** This article's own address: shows "Copy link". */
  link?: string;
};

/** One question that expands to its answer, with "Was this helpful?". */
export default function FaqArticleItem({
  article,
  onOpen,
  voting,
  defaultOpen = false,
  open: controlledOpen,
  onToggle,
  link,
}: FaqArticleItemProps) {
  const [ownOpen, setOwnOpen] = useState(defaultOpen);
  const controlled = controlledOpen !== undefined && !!onToggle;
  const open = controlled ? controlledOpen : ownOpen;
  const buttonId = useId();
  const panelId = useId();
  const button = useRef<HTMLButtonElement>(null);
  const focusInPanel = useRef(false);
  const anchor = useRef<number | null>(null);

  const toggle = () => {
    const next = !open;
    anchor.current = button.current?.getBoundingClientRect().top ?? null;
    if (controlled) {
      onToggle?.(next);
      return;
    }
    setOwnOpen(next);
    if (next) onOpen?.(article);
  };

  useLayoutEffect(() => {
    // Opening this one may close another above it: the question just clicked stays where it was, under
    // the pointer, instead of jumping up by the height of the answer that closed.
    const before = anchor.current;
    anchor.current = null;
    const shift =
      before === null || !button.current ? 0 : button.current.getBoundingClientRect().top - before;
    if (shift) window.scrollBy(0, shift);
    // Closed from elsewhere (Back) while the focus was on "Yes" or "Copy link": it would fall to <body>.
    if (!open && focusInPanel.current) {
      focusInPanel.current = false;
      if (!document.activeElement || document.activeElement === document.body) button.current?.focus();
    }
  }, [open]);

  return (
    <div className="scroll-mt-4 rounded-lg border border-slate-200 bg-white" data-article-id={article.id}>
      <h3 className="m-0">
        <button
          ref={button}
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
          onFocus={() => (focusInPanel.current = true)}
          // No relatedTarget: the panel itself is being removed (or the window lost the focus): keep it.
          onBlur={(e) => {
            if (e.relatedTarget) focusInPanel.current = e.currentTarget.contains(e.relatedTarget);
          }}
        >
          {/* answerHtml is rendered from Markdown and sanitised by the server (a small tag whitelist). */}
          <div className={ANSWER_CLASS} dangerouslySetInnerHTML={{ __html: article.answerHtml }} />
          {voting && <HelpfulVote articleId={article.id} voting={voting} />}
          {link && <CopyLinkButton url={link} />}
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
  opened,
  onArticle,
  linkFor,
}: {
  items: FaqArticle[];
  onOpen?: (article: FaqArticle) => void;
  voting?: FaqVoting;
  label?: string;
  /** With `onArticle`: the one open article's id, owned by the caller (one answer open at a time). */
  opened?: string | null;
  onArticle?: (id: string | null) => void;
  linkFor?: (articleId: string) => string;
}) {
  return (
    <ul className="space-y-2" aria-label={label}>
      {items.map((a) => (
        <li key={a.id}>
          <FaqArticleItem
            article={a}
            onOpen={onOpen}
            voting={voting}
            open={onArticle ? opened === a.id : undefined}
            onToggle={onArticle && ((open) => onArticle(open ? a.id : null))}
            link={linkFor?.(a.id)}
          />
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
