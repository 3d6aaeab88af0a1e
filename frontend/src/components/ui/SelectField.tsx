import { useId, type ReactNode, type Ref } from "react";

export type SelectOption<V extends string = string> = { value: V; label: string };

export type SelectFieldProps<V extends string> = {
  label: ReactNode;
  options: readonly SelectOption<V>[];
  value: V;
  onChange: (value: V) => void;
  onBlur?: () => void;
  /** Label above the box (default), beside it, or for screen readers only. */
  layout?: "stacked" | "inline" | "hidden";
  /** "md" for forms, "sm" for filters and side panels. */
  size?: "sm" | "md";
  /** Something to show at the end of the label's line (e.g. "Assign to me"). */
  labelAction?: ReactNode;
  disabled?: boolean;
  invalid?: boolean;
  name?: string;
  className?: string;
  ref?: Ref<HTMLSelectElement>;
};

const BOX = {
  sm: "rounded-md px-2 py-1.5 text-sm",
  md: "rounded-lg px-3 py-2 text-sm shadow-sm",
};
const LABEL = {
  sm: "text-xs text-slate-500",
  md: "text-sm font-medium text-slate-700",
};

/** A labelled <select>: the one drop-down of the app (filters, forms, ticket controls). */
export default function SelectField<V extends string>({
  label,
  options,
  value,
  onChange,
  onBlur,
  layout = "stacked",
  size = "md",
  labelAction,
  disabled,
  invalid,
  name,
  className = "",
  ref,
}: SelectFieldProps<V>) {
  const id = useId();
  const labelEl = (
    <label htmlFor={id} className={layout === "hidden" ? "sr-only" : LABEL[size]}>
      {label}
    </label>
  );
  const select = (
    <select
      id={id}
      ref={ref}
      name={name}
      value={value}
      disabled={disabled}
      aria-invalid={invalid || undefined}
      onChange={(e) => onChange(e.target.value as V)}
      onBlur={onBlur}
      className={`border border-slate-300 bg-white focus:ring-2 focus:ring-indigo-500 focus:outline-none disabled:opacity-60 ${BOX[size]} ${
        layout === "stacked" ? "mt-1 block w-full" : ""
      }`}
    >
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </select>
  );

  if (layout === "stacked") {
    return (
      <div className={className}>
        {labelAction ? (
          <div className="flex items-center justify-between gap-2">
            {labelEl}
            {labelAction}
          </div>
        ) : (
          labelEl
        )}
        {select}
      </div>
    );
  }
  return (
    <div className={`flex items-center gap-2 ${className}`}>
      {labelEl}
      {select}
    </div>
  );
}
