import { useId, useState, type FormEvent } from "react";
import { ApiError } from "../../services/api/client";
import {
  FAQ_AUDIENCES,
  type FaqArticle,
  type FaqArticleInput,
  type FaqAudience,
} from "../../services/api/faq";
import MarkdownPreview from "./MarkdownPreview";
import { FOCUS_RING } from "./faq-styles";

export type FaqArticleFormProps = {
  article?: FaqArticle;
  categories: string[];
  onSave: (input: FaqArticleInput) => Promise<void>;
  onCancel: () => void;
};

const AUDIENCE_LABEL: Record<FaqAudience, string> = {
  shop: "Shops",
  customer: "Customers",
  both: "Shops and customers",
};
export { AUDIENCE_LABEL };

const field = `mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-sm ${FOCUS_RING}`;

/** Create or edit an article: Markdown answer with a live preview. */
export default function FaqArticleForm({ article, categories, onSave, onCancel }: FaqArticleFormProps) {
  const [audience, setAudience] = useState<FaqAudience>(article?.audience ?? "both");
  const [category, setCategory] = useState(article?.category ?? "");
  const [question, setQuestion] = useState(article?.question ?? "");
  const [answer, setAnswer] = useState(article?.answer ?? "");
  const [published, setPublished] = useState(article?.published ?? true);
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [saving, setSaving] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const id = useId();

  const validate = () => {
    const e: Record<string, string> = {};
    if (!category.trim()) e.category = "Choose or type a category.";
    else if (category.trim().length > 64) e.category = "Keep the category under 64 characters.";
    if (!question.trim()) e.question = "Write the question.";
    else if (question.trim().length > 300) e.question = "Keep the question under 300 characters.";
    if (!answer.trim()) e.answer = "Write the answer.";
    return e;
  };

  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    const e = validate();
    setErrors(e);
    setFormError(null);
    if (Object.keys(e).length > 0 || saving) return;
    setSaving(true);
    try {
      await onSave({ audience, category: category.trim(), question: question.trim(), answer, published });
    } catch (err) {
      if (err instanceof ApiError && err.details.length > 0) {
        setErrors(Object.fromEntries(err.details.map((d) => [String(d.path), String(d.message)])));
      }
      setFormError(err instanceof Error ? err.message : "The article could not be saved.");
      setSaving(false);
    }
  };

  const error = (name: string) =>
    errors[name] ? (
      <p id={`${id}-${name}-err`} className="mt-1 text-xs text-red-700">
        {errors[name]}
      </p>
    ) : null;
  const described = (name: string) => (errors[name] ? `${id}-${name}-err` : undefined);

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-label={article ? "Edit article" : "New article"}
      className="space-y-4 rounded-xl border border-indigo-200 bg-white p-4"
    >
      <h3 className="text-base font-semibold text-slate-900">{article ? "Edit article" : "New article"}</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        <div>
          <label htmlFor={`${id}-audience`} className="text-sm font-medium text-slate-700">
            Audience
          </label>
          <select
            id={`${id}-audience`}
            value={audience}
            onChange={(e) => setAudience(e.target.value as FaqAudience)}
            className={field}
          >
            {FAQ_AUDIENCES.map((a) => (
              <option key={a} value={a}>
                {AUDIENCE_LABEL[a]}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor={`${id}-category`} className="text-sm font-medium text-slate-700">
            Category
          </label>
          <input
            id={`${id}-category`}
            value={category}
            onChange={(e) => setCategory(e.target.value)}
            list={`${id}-categories`}
            maxLength={64}
            aria-invalid={!!errors.category}
            aria-describedby={described("category")}
            className={field}
          />
          <datalist id={`${id}-categories`}>
            {categories.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
          {error("category")}
        </div>
      </div>
      <div>
        <label htmlFor={`${id}-question`} className="text-sm font-medium text-slate-700">
          Question
        </label>
        <input
          id={`${id}-question`}
          value={question}
          onChange={(e) => setQuestion(e.target.value)}
          maxLength={300}
          aria-invalid={!!errors.question}
          aria-describedby={described("question")}
          className={field}
        />
        {error("question")}
      </div>
      <div>
        <div className="flex items-center justify-between gap-2">
          <label htmlFor={`${id}-answer`} className="text-sm font-medium text-slate-700">
            Answer <span className="font-normal text-slate-500">(Markdown)</span>
          </label>
          <div role="group" aria-label="Answer view" className="flex gap-1">
            {(["write", "preview"] as const).map((t) => (
              <button
                key={t}
                type="button"
                aria-pressed={tab === t}
                onClick={() => setTab(t)}
                className={`rounded-md px-2 py-0.5 text-xs font-medium ${FOCUS_RING} ${
                  tab === t ? "bg-slate-800 text-white" : "text-slate-600 hover:bg-slate-100"
                }`}
              >
                {t === "write" ? "Write" : "Preview"}
              </button>
            ))}
          </div>
        </div>
        <div className={tab === "write" ? "grid gap-3 lg:grid-cols-2" : ""}>
          <textarea
            id={`${id}-answer`}
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
            rows={10}
            hidden={tab === "preview"}
            aria-invalid={!!errors.answer}
            aria-describedby={described("answer")}
            className={`${field} font-mono`}
          />
          <div
            aria-label="Answer preview"
            className={`mt-1 rounded-lg border border-dashed border-slate-300 p-3 ${tab === "write" ? "hidden lg:block" : ""}`}
          >
            {answer.trim() ? (
              <MarkdownPreview markdown={answer} />
            ) : (
              <p className="text-sm text-slate-400">The preview appears here.</p>
            )}
          </div>
        </div>
        {error("answer")}
      </div>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          checked={published}
          onChange={(e) => setPublished(e.target.checked)}
          className={`size-4 rounded border-slate-300 ${FOCUS_RING}`}
        />
        Published (visible to readers)
      </label>
      {formError && (
        <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
          {formError}
        </p>
      )}
      <div className="flex justify-end gap-2">
        <button
          type="button"
          onClick={onCancel}
          className={`rounded-lg px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 ${FOCUS_RING}`}
        >
          Cancel
        </button>
        <button
          type="submit"
          disabled={saving}
          className={`rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 disabled:opacity-60 ${FOCUS_RING}`}
        >
          {saving ? "Saving…" : article ? "Save changes" : "Create article"}
        </button>
      </div>
    </form>
  );
}
