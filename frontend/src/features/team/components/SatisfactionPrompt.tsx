import { useState } from "react";
import type { Satisfaction } from "@parley/contract";

const LABELS = ["Very poor", "Poor", "Okay", "Good", "Excellent"];

/** "How did we do?" in the shop's thread once a ticket is resolved: 1–5 and an optional comment, once. */
export default function SatisfactionPrompt(props: {
  rating: Satisfaction | null;
  busy: boolean;
  error: string | null;
  onSubmit: (r: { score: number; comment?: string }) => void;
}) {
  const [score, setScore] = useState<number | null>(null);
  const [comment, setComment] = useState("");
  if (props.rating) {
    return (
      <section
        aria-label="Your rating"
        className="border-t border-slate-200 bg-emerald-50 px-4 py-2 text-sm text-emerald-900"
      >
        Thanks for your feedback: you rated this {props.rating.score} of 5.
      </section>
    );
  }
  return (
    <section aria-label="How did we do?" className="border-t border-slate-200 bg-white px-4 py-3 text-sm">
      <form
        onSubmit={(e) => {
          e.preventDefault();
          if (score === null) return;
          const c = comment.trim();
          props.onSubmit(c ? { score, comment: c } : { score });
        }}
      >
        <fieldset>
          <legend className="font-medium text-slate-900">How did we do?</legend>
          <div className="mt-1 flex gap-1" role="radiogroup" aria-label="Score">
            {LABELS.map((label, i) => (
              <button
                key={label}
                type="button"
                role="radio"
                aria-checked={score === i + 1}
                aria-label={`${i + 1}: ${label}`}
                onClick={() => setScore(i + 1)}
                className={`size-8 rounded-full border ${score === i + 1 ? "border-indigo-600 bg-indigo-600 text-white" : "border-slate-300"}`}
              >
                {i + 1}
              </button>
            ))}
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
        <button
          type="submit"
          disabled={score === null || props.busy}
          className="mt-2 rounded bg-indigo-600 px-3 py-1 font-medium text-white disabled:opacity-50"
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
