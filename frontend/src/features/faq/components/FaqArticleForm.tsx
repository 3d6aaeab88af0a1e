import { useEffect, useId, useRef, useState } from "react";
import { Controller, useForm, useWatch } from "react-hook-form";
import { zodResolver } from "@hookform/resolvers/zod";
import {
  FAQ_AUDIENCES,
  FAQ_CATEGORY_MAX,
  FAQ_QUESTION_MAX,
  faqArticleBodySchema,
  type FaqArticle,
  type FaqArticleBody,
  type FaqAudience,
} from "@parley/contract";
import { ApiError } from "../../../services/api/client";
import SelectField from "../../../components/ui/SelectField";
import FormField, { FormAlert, SubmitButton } from "../../../components/ui/FormField";
import UnsavedChangesGuard from "../../../components/ui/UnsavedChangesGuard";
import { fieldMessages } from "../../../lib/form-errors";
import MarkdownPreview from "./MarkdownPreview";
import { FOCUS_RING } from "./faq-styles";

export type FaqArticleFormProps = {
  article?: FaqArticle;
  categories: string[];
  onSave: (input: FaqArticleBody) => Promise<void>;
  onCancel: () => void;
};

export const AUDIENCE_LABEL: Record<FaqAudience, string> = {
  shop: "Shops",
  customer: "Customers",
  both: "Shops and customers",
};
const AUDIENCE_OPTIONS = FAQ_AUDIENCES.map((a) => ({ value: a, label: AUDIENCE_LABEL[a] }));

const resolver = zodResolver(
  faqArticleBodySchema,
  fieldMessages({
    category: {
      required: "Choose or type a category.",
      tooLong: `Keep the category under ${FAQ_CATEGORY_MAX} characters.`,
    },
    question: {
      required: "Write the question.",
      tooLong: `Keep the question under ${FAQ_QUESTION_MAX} characters.`,
    },
    answer: { required: "Write the answer.", tooLong: "The answer is too long." },
  }),
);

const field = `mt-1 block w-full rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-sm ${FOCUS_RING}`;

/** Create or edit an article: Markdown answer with a live preview. */
export default function FaqArticleForm({ article, categories, onSave, onCancel }: FaqArticleFormProps) {
  const form = useForm({
    resolver,
    defaultValues: {
      audience: article?.audience ?? "both",
      category: article?.category ?? "",
      question: article?.question ?? "",
      answer: article?.answer ?? "",
      published: article?.published ?? true,
    },
  });
  const { register, control, handleSubmit, setError, formState } = form;
  const { errors, isSubmitting, isDirty } = formState;
  const answer = useWatch({ control, name: "answer" });
  const [tab, setTab] = useState<"write" | "preview">("write");
  const [formError, setFormError] = useState<string | null>(null);
  const id = useId();
  // Edit replaces the article's row (and its Edit button) with this form: the focus comes to its first
  // field instead of falling to the page. "New article" keeps its button, so the focus stays there.
  const formRef = useRef<HTMLFormElement>(null);
  const editing = !!article;
  useEffect(() => {
    if (editing) formRef.current?.querySelector<HTMLElement>("select, input, textarea")?.focus();
  }, [editing]);

  const submit = handleSubmit(async (input) => {
    setFormError(null);
    try {
      await onSave(input);
    } catch (err) {
      if (err instanceof ApiError) {
        for (const d of err.details) {
          const name = String(d.path);
          if (name === "category" || name === "question" || name === "answer")
            setError(name, { message: String(d.message) });
        }
      }
      setFormError(err instanceof Error ? err.message : "The article could not be saved.");
    }
  });

  return (
    <form
      ref={formRef}
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-label={article ? "Edit article" : "New article"}
      className="space-y-4 rounded-xl border border-indigo-200 bg-white p-4"
    >
      {/* A successful save closes the form (the parent unmounts it), which lifts the guard. */}
      <UnsavedChangesGuard
        dirty={isDirty}
        message={
          article ? "This article has changes you have not saved." : "This new article is not saved yet."
        }
      />
      <h3 className="text-base font-semibold text-slate-900">{article ? "Edit article" : "New article"}</h3>
      <div className="grid gap-4 sm:grid-cols-2">
        <Controller
          control={control}
          name="audience"
          render={({ field: f }) => <SelectField label="Audience" options={AUDIENCE_OPTIONS} {...f} />}
        />
        <FormField label="Category" error={errors.category?.message}>
          {(a11y) => (
            <>
              <input
                {...a11y}
                {...register("category")}
                list={`${id}-categories`}
                maxLength={FAQ_CATEGORY_MAX}
                className={field}
              />
              <datalist id={`${id}-categories`}>
                {categories.map((c) => (
                  <option key={c} value={c} />
                ))}
              </datalist>
            </>
          )}
        </FormField>
      </div>
      <FormField label="Question" error={errors.question?.message}>
        {(a11y) => (
          <input {...a11y} {...register("question")} maxLength={FAQ_QUESTION_MAX} className={field} />
        )}
      </FormField>
      <FormField
        label={
          <>
            Answer <span className="font-normal text-slate-600">(Markdown)</span>
          </>
        }
        error={errors.answer?.message}
        labelAction={
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
        }
      >
        {(a11y) => (
          <div className={tab === "write" ? "grid gap-3 lg:grid-cols-2" : ""}>
            <textarea
              {...a11y}
              {...register("answer")}
              rows={10}
              hidden={tab === "preview"}
              className={`${field} font-mono`}
            />
            <div
              aria-label="Answer preview"
              className={`mt-1 rounded-lg border border-dashed border-slate-300 p-3 ${tab === "write" ? "hidden lg:block" : ""}`}
            >
              {answer.trim() ? (
                <MarkdownPreview markdown={answer} />
              ) : (
                <p className="text-sm text-slate-600">The preview appears here.</p>
              )}
            </div>
          </div>
        )}
      </FormField>
      <label className="flex items-center gap-2 text-sm text-slate-700">
        <input
          type="checkbox"
          {...register("published")}
          className={`size-4 rounded border-slate-300 ${FOCUS_RING}`}
        />
        Published (visible to readers)
      </label>
      <FormAlert message={formError} />
      <div className="flex justify-end gap-2">
        <button
          type="button"
          onClick={onCancel}
          className={`rounded-lg px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 ${FOCUS_RING}`}
        >
          Cancel
        </button>
        <SubmitButton
          busy={isSubmitting}
          label={article ? "Save changes" : "Create article"}
          busyLabel="Saving…"
          className={`rounded-lg px-4 py-2 ${FOCUS_RING}`}
        />
      </div>
    </form>
  );
}
