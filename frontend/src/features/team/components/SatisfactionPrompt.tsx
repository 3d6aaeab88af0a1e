import { useEffect, useRef, useState, type KeyboardEvent } from "react";
import type { Satisfaction } from "@parley/contract";

const LABELS = ["Very poor", "Poor", "Okay", "Good", "Excellent"];

/** Where an arrow, Home or End moves from score `at` (wrapping, as native radios do); null for other keys. */
function nextScore(key: string, at: number): number | null {
  const max = LABELS.length;
  switch (key) {
    case "ArrowRight":
    case "ArrowDown":
      return (at % max) + 1;
    case "ArrowLeft":
    case "ArrowUp":
      return at <= 1 ? max : at - 1;
    case "Home":
      return 1;
    case "End":
      return max;
    default:
      return null;
  }
}

/** "How did we do?" in the shop's thread once a ticket is resolved: 1–5 and an optional comment, once. */
export default function SatisfactionPrompt(props: {
  rating: Satisfaction | null;
  busy: boolean;
  error: string | null;
  onSubmit: (r: { score: number; comment?: string }) => void;
}) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  const radios = useRef<Array<HTMLButtonElement | null>>([]);
  // After "Send rating" the form (and the focused button) gives way to the thanks: the focus goes there.
  // A ticket opened already rated keeps the focus where it is.
  const sent = useRef(false);
  const thanks = useRef<HTMLElement>(null);
  const rated = !!props.rating;
  useEffect(() => {
    if (rated && sent.current) thanks.current?.focus();
  }, [rated]);
  const onArrow = (e: KeyboardEvent<HTMLDivElement>) => {
    // From the focused score (with none checked yet, the first one holds the focus).
    const focused = radios.current.indexOf(e.target as HTMLButtonElement) + 1;
    const next = nextScore(e.key, focused || (score ?? 1));
    if (next === null) return;
    e.preventDefault(); // no page scroll
    setScore(next);
    radios.current[next - 1]?.focus();
  };

  if (props.rating) {
    return (
      <section
        ref={thanks}
        tabIndex={-1}
        aria-label="Your rating"
        className="rounded-lg border border-emerald-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-900 focus:outline-none"
      >
        Thanks for your feedback: you rated this {props.rating.score} of 5.
      </section>
    );
  }
  return (
    <section
      aria-label="How did we do?"
      className="rounded-lg border border-slate-200 bg-white px-4 py-3 text-sm"
    >
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (score === null || props.busy) return;
          sent.current = true;
          const c = comment.trim();
          props.onSubmit(c ? { score, comment: c } : { score });
        }}
      >
        <fieldset>
          <legend className="font-medium text-slate-900">How did we do?</legend>
          {/* One tab stop for the whole score (the checked one, or the first); the arrows move and check,
              as in a group of native radios. */}
          <div className="mt-1 flex gap-1" role="radiogroup" aria-label="Score" onKeyDown={onArrow}>
            {LABELS.map((label, i) => (
              <button
                key={label}
                ref={(el) => {
                  radios.current[i] = el;
                }}
                type="button"
                role="radio"
                aria-checked={score === i + 1}
                aria-label={`${i + 1}: ${label}`}
                tabIndex={(score ?? 1) === i + 1 ? 0 : -1}
                onClick={() => setScore(i + 1)}
                className={`size-8 rounded-full border ${score === i + 1 ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300"}`}
              >
                {i + 1}
              </button>
            ))}
          </div>
          {/* What the ends mean, for the eye: each score's name is already in its label for a screen reader. */}
          <div aria-hidden="true" className="mt-1 flex w-44 justify-between text-xs text-slate-600">
            <span>{LABELS[0]}</span>
            <span>{LABELS.at(-1)}</span>
          </div>
        </fieldset>
        <label className="mt-2 block text-xs text-slate-600">
          Comment (optional)
          <textarea
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            maxLength={2000}
            rows={2}
            className="mt-1 block w-full rounded border px-2 py-1 text-sm"
          />
        </label>
        {/* aria-disabled while sending: a disabled button would drop the focus to <body>. */}
        <button
          type="submit"
          disabled={score === null}
          aria-disabled={props.busy || undefined}
          className="mt-2 rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50 aria-disabled:opacity-50"
        >
          Send rating
        </button>
        {props.error && (
          <p role="alert" className="mt-1 text-xs text-red-700">
            {props.error}
          </p>
        )}
      </form>
    </section>
  );
}
