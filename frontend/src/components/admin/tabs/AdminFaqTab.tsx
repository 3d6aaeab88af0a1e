import { useEffect, useId, useMemo, useRef, useState } from "react";
import type { FaqArticle, FaqArticleBody } from "@parley/contract";
import { EmptyState, ErrorState, SkeletonList } from "../../support/ListStates";
import { useReturnFocus } from "../../../hooks/useReturnFocus";
import FaqStatsPanel from "../../../features/faq/components/FaqStatsPanel";
import FaqArticleForm, { AUDIENCE_LABEL } from "../../../features/faq/components/FaqArticleForm";
import { FOCUS_RING } from "../../../features/faq/components/faq-styles";
import { useFaqEditor, useFaqStats, type StatsPeriod } from "../../../features/faq/hooks/useFaq";

/** The admin's FAQ: deflection stats, then every article (drafts too) to create, edit, reorder, publish. */
export default function AdminFaqTab() {
  const { list, save, setPublished, remove, reorder } = useFaqEditor();
  const [period, setPeriod] = useState<StatsPeriod>("30");
  const stats = useFaqStats(period);
  // An article id, or "new" while a new article is being written.
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmDelete, setConfirmDelete] = useState<string | null>(null);
  const [filter, setFilter] = useState("");
  const [actionError, setActionError] = useState<string | null>(null);
  const [notice, setNotice] = useState("");
  const filterId = useId();
  // An article's edit form, once closed (saved or cancelled), hands the focus back to its Edit button.
  const { container: listRef, returnFocusTo } = useReturnFocus<HTMLOListElement>(editing !== null);
  const closeEditor = (id: string) => {
    setEditing(null);
    returnFocusTo(id);
  };

  const articles = useMemo(() => list.data ?? [], [list.data]);
  // The delete confirmation's buttons go with it, and a deleted article's row too: the focus then goes to
  // the button marked `data-focus-key` (that row's Delete, a neighbour's, or New article), not to <body>.
  const section = useRef<HTMLElement>(null);
  const [focusKey, setFocusKey] = useState<string | null>(null);
  useEffect(() => {
    if (!focusKey) return;
    const active = document.activeElement;
    if (active && active !== document.body) return;
    setFocusKey(null);
    section.current?.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }, [focusKey, articles]);
  // A moved article's row is moved in the page (which drops the focus of the button pressed), and at the
  // top or the bottom that button turns disabled (which a browser drops too). Once the list shows the new
  // order, the moved article's button for the same way takes the focus, or its other one at an end, so
  // the next key press moves it again and the reader follows it.
  const [moved, setMoved] = useState<{ id: string; to: number; focusKey: string } | null>(null);
  useEffect(() => {
    if (!moved || articles[moved.to]?.id !== moved.id) return;
    setMoved(null);
    const active = document.activeElement as HTMLButtonElement | null;
    if (active && active !== document.body && active.isConnected && !active.disabled) return;
    section.current?.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(moved.focusKey)}"]`)?.focus();
  }, [moved, articles]);
  const categories = useMemo(() => [...new Set(articles.map((a) => a.category))].sort(), [articles]);
  const needle = filter.trim().toLowerCase();
  const visible = needle
    ? articles.filter((a) => `${a.question} ${a.category}`.toLowerCase().includes(needle))
    : articles;

  /** Runs one change; says what happened, or why it failed. */
  const run = <V,>(
    what: string,
    mutation: { mutate: (v: V, o: object) => void },
    vars: V,
    done: string,
    onDone?: () => void,
    onFailed?: () => void,
  ) => {
    setActionError(null);
    mutation.mutate(vars, {
      onSuccess: () => {
        setNotice(done);
        onDone?.();
      },
      onError: (err: Error) => {
        setActionError(`${what} failed: ${err.message}`);
        onFailed?.();
      },
    });
  };

  const saveArticle = async (input: FaqArticleBody, article?: FaqArticle) => {
    await save.mutateAsync({ input, id: article?.id });
    if (article) closeEditor(article.id);
    else setEditing(null);
    setNotice(article ? "Article saved." : "Article created.");
  };

  const move = (index: number, delta: -1 | 1) => {
    const target = index + delta;
    if (target < 0 || target >= articles.length) return;
    const next = [...articles];
    [next[index], next[target]] = [next[target]!, next[index]!];
    const id = articles[index]!.id;
    const [same, other] = delta < 0 ? ["up", "down"] : ["down", "up"];
    const atEnd = delta < 0 ? target === 0 : target === articles.length - 1;
    setMoved({ id, to: target, focusKey: `${atEnd ? other : same}:${id}` });
    // Refused: the list goes back to the old order, and the focus to the button pressed.
    run("Reordering", reorder, next, "Order saved.", undefined, () =>
      setMoved({ id, to: index, focusKey: `${same}:${id}` }),
    );
  };

  return (
    <div className="space-y-6">
      <FaqStatsPanel
        stats={stats.data}
        state={stats.isPending ? "loading" : stats.isError ? "error" : "ready"}
        onRetry={() => void stats.refetch()}
        period={period}
        onPeriod={setPeriod}
      />

      <section ref={section} aria-labelledby={`${filterId}-title`} className="space-y-4">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id={`${filterId}-title`} className="text-lg font-semibold text-slate-900">
            Articles
          </h2>
          <button
            type="button"
            data-focus-key="new"
            onClick={() => setEditing("new")}
            className={`rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 ${FOCUS_RING}`}
          >
            New article
          </button>
        </div>
        <div>
          <label htmlFor={filterId} className="sr-only">
            Filter articles
          </label>
          <input
            id={filterId}
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Filter by question or category"
            className={`w-full rounded-lg border border-slate-300 px-3 py-2 text-sm ${FOCUS_RING}`}
          />
        </div>
        <p aria-live="polite" className="sr-only">
          {notice}
        </p>
        {actionError && (
          <p role="alert" className="rounded-lg bg-red-50 p-3 text-sm text-red-800">
            {actionError}
          </p>
        )}
        {editing === "new" && (
          <FaqArticleForm
            categories={categories}
            onSave={(input) => saveArticle(input)}
            onCancel={() => setEditing(null)}
          />
        )}
        {list.isPending ? (
          <SkeletonList rows={5} label="Loading articles" />
        ) : list.isError ? (
          <ErrorState message="The articles could not be loaded." onRetry={() => void list.refetch()} />
        ) : visible.length === 0 ? (
          <EmptyState
            title={needle ? "No article matches this filter" : "No articles yet"}
            hint={needle ? undefined : "Create the first one with “New article”."}
          />
        ) : (
          <ol ref={listRef} className="space-y-2" aria-label="Articles in reading order">
            {visible.map((a, at) => {
              const index = articles.indexOf(a);
              // Where the focus goes once this article is deleted: the next one's Delete, or the one before.
              const neighbour = visible[at + 1] ?? visible[at - 1];
              if (editing === a.id) {
                return (
                  <li key={a.id}>
                    <FaqArticleForm
                      article={a}
                      categories={categories}
                      onSave={(input) => saveArticle(input, a)}
                      onCancel={() => closeEditor(a.id)}
                    />
                  </li>
                );
              }
              return (
                <li key={a.id} className="rounded-lg border border-slate-200 bg-white p-3">
                  <div className="flex flex-col gap-3 sm:flex-row sm:items-start sm:justify-between">
                    <div className="min-w-0">
                      <p className="font-medium break-words text-slate-900">{a.question}</p>
                      <p className="mt-1 flex flex-wrap gap-x-3 gap-y-1 text-xs text-slate-600">
                        <span>{a.category}</span>
                        <span>{AUDIENCE_LABEL[a.audience]}</span>
                        <span className={a.published ? "text-emerald-700" : "font-medium text-amber-700"}>
                          {a.published ? "Published" : "Draft"}
                        </span>
                        <span>
                          {a.helpful} helpful · {a.notHelpful} not helpful
                        </span>
                      </p>
                    </div>
                    <div className="flex shrink-0 flex-wrap items-center gap-1">
                      <RowButton
                        kind="icon"
                        label={`Move “${a.question}” up`}
                        focusKey={`up:${a.id}`}
                        disabled={!!needle || index === 0}
                        onClick={() => move(index, -1)}
                      >
                        ↑
                      </RowButton>
                      <RowButton
                        kind="icon"
                        label={`Move “${a.question}” down`}
                        focusKey={`down:${a.id}`}
                        disabled={!!needle || index === articles.length - 1}
                        onClick={() => move(index, 1)}
                      >
                        ↓
                      </RowButton>
                      <RowButton
                        onClick={() =>
                          run(
                            a.published ? "Unpublishing" : "Publishing",
                            setPublished,
                            { id: a.id, published: !a.published },
                            a.published ? "Article unpublished." : "Article published.",
                          )
                        }
                        label={a.published ? `Unpublish “${a.question}”` : `Publish “${a.question}”`}
                      >
                        {a.published ? "Unpublish" : "Publish"}
                      </RowButton>
                      <RowButton
                        onClick={() => setEditing(a.id)}
                        label={`Edit “${a.question}”`}
                        returnFocus={a.id}
                      >
                        Edit
                      </RowButton>
                      {confirmDelete === a.id ? (
                        <span className="flex items-center gap-1" role="group" aria-label="Confirm delete">
                          <span className="text-xs text-red-800">Delete?</span>
                          <RowButton
                            kind="danger"
                            label={`Yes, delete “${a.question}”`}
                            // Asked for by Delete: the answer is what comes next (as for a saved view).
                            autoFocus
                            onClick={() => {
                              setConfirmDelete(null);
                              setFocusKey(`delete:${a.id}`);
                              run("Deleting", remove, a.id, "Article deleted.", () =>
                                setFocusKey(neighbour ? `delete:${neighbour.id}` : "new"),
                              );
                            }}
                          >
                            Yes, delete
                          </RowButton>
                          <RowButton
                            label="Keep the article"
                            onClick={() => {
                              setConfirmDelete(null);
                              setFocusKey(`delete:${a.id}`);
                            }}
                          >
                            Keep
                          </RowButton>
                        </span>
                      ) : (
                        <RowButton
                          kind="danger"
                          label={`Delete “${a.question}”`}
                          focusKey={`delete:${a.id}`}
                          onClick={() => setConfirmDelete(a.id)}
                        >
                          Delete
                        </RowButton>
                      )}
                    </div>
                  </div>
                </li>
              );
            })}
          </ol>
        )}
      </section>
    </div>
  );
}

const ROW_BUTTON = {
  icon: "size-8 text-slate-600 ring-1 ring-slate-200 hover:bg-slate-50 disabled:opacity-40",
  text: "px-2 py-1 text-sm font-medium text-slate-700 hover:bg-slate-100",
  danger: "px-2 py-1 text-sm font-medium text-red-700 hover:bg-red-50",
};

/** An article row's action; `label` names it for screen readers (and as a tooltip on icons). */
function RowButton(props: {
  label: string;
  /** Marks the button for useReturnFocus. */
  returnFocus?: string;
  /** Marks the button for the tab's own focus moves (data-focus-key). */
  focusKey?: string;
  autoFocus?: boolean;
  kind?: keyof typeof ROW_BUTTON;
  disabled?: boolean;
  onClick: () => void;
  children: React.ReactNode;
}) {
  const kind = props.kind ?? "text";
  return (
    <button
      type="button"
      aria-label={props.label}
      data-return-focus={props.returnFocus}
      data-focus-key={props.focusKey}
      autoFocus={props.autoFocus}
      title={kind === "icon" ? props.label : undefined}
      disabled={props.disabled}
      onClick={props.onClick}
      className={`rounded-md ${ROW_BUTTON[kind]} ${FOCUS_RING}`}
    >
      {props.children}
    </button>
  );
}
