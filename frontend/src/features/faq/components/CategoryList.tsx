import type { FaqArticle } from "@parley/contract";
import { FOCUS_RING } from "./faq-styles";

export type CategoryListProps = {
  categories: Array<{ name: string; count: number }>;
  /** null: all categories. */
  selected: string | null;
  onSelect: (category: string | null) => void;
};

/** Category filter chips; wraps on a narrow screen. */
export default function CategoryList({ categories, selected, onSelect }: CategoryListProps) {
  const total = categories.reduce((n, c) => n + c.count, 0);
  const chip = (name: string | null, label: string, count: number) => {
    const active = selected === name;
    return (
      <li key={name ?? "__all"}>
        <button
          type="button"
          aria-pressed={active}
          onClick={() => onSelect(name)}
          className={`rounded-full px-3 py-1 text-sm font-medium ring-1 ${FOCUS_RING} ${
            active
              ? "bg-indigo-600 text-white ring-indigo-600"
              : "bg-white text-slate-700 ring-slate-300 hover:bg-slate-50"
          }`}
        >
          {label} <span className={active ? "text-indigo-100" : "text-slate-600"}>{count}</span>
        </button>
      </li>
    );
  };
  return (
    <nav aria-label="FAQ categories">
      <ul className="flex flex-wrap gap-2">
        {chip(null, "All", total)}
        {categories.map((c) => chip(c.name, c.name, c.count))}
      </ul>
    </nav>
  );
}

/** Each category with its number of articles, in the order its first article appears (the admin's order). */
export function categoryCounts(articles: FaqArticle[]): Array<{ name: string; count: number }> {
  const counts = new Map<string, number>();
  for (const a of articles) counts.set(a.category, (counts.get(a.category) ?? 0) + 1);
  return [...counts].map(([name, count]) => ({ name, count }));
}
