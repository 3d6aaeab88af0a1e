import { useId, type FormEvent, type Ref } from "react";
import { FOCUS_RING } from "./faq-styles";

export type FaqSearchBoxProps = {
  /** The words in the box: the reader's container owns them, so Back or "Clear search" can change them. */
  value: string;
  /** Each keystroke (the container waits for a pause before searching). */
  onChange: (value: string) => void;
  /** Enter or the Search button: search at once. */
  onSubmit: () => void;
  inputRef?: Ref<HTMLInputElement>;
  placeholder?: string;
  label?: string;
};

export default function FaqSearchBox({
  value,
  onChange,
  onSubmit,
  inputRef,
  placeholder = "Search the FAQ, e.g. “refund” or “tracking”",
  label = "Search the FAQ",
}: FaqSearchBoxProps) {
  const id = useId();
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit();
  };
  return (
    <form role="search" onSubmit={submit} className="flex gap-2">
      <label htmlFor={id} className="sr-only">
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        type="search"
        value={value}
        onChange={(e) => onChange(e.target.value)}
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
