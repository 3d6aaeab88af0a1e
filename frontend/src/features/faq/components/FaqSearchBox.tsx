import { useId, useState, type FormEvent } from "react";
import { FOCUS_RING } from "./faq-styles";

export type FaqSearchBoxProps = {
  /** Called as the reader types (the caller debounces) and at once on Enter. */
  onSearch: (q: string, immediate: boolean) => void;
  placeholder?: string;
  label?: string;
};

export default function FaqSearchBox({
  onSearch,
  placeholder = "Search the FAQ, e.g. “refund” or “tracking”",
  label = "Search the FAQ",
}: FaqSearchBoxProps) {
  const [value, setValue] = useState("");
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSearch(value, true);
  };
  return (
    <form role="search" onSubmit={submit} className="flex gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        type="search"
        value={value}
        onChange={(e) => {
          setValue(e.target.value);
          onSearch(e.target.value, false);
        }}
        placeholder={placeholder}
        autoComplete="off"
        maxLength={200}
        className={`min-w-0 flex-1 rounded-lg border border-slate-300 px-3 py-2 text-sm shadow-sm ${FOCUS_RING}`}
      />
      <button
        type="submit"
        className={`rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-700 ${FOCUS_RING}`}
      >
        Search
      </button>
    </form>
  );
}
