import { useId, type ReactNode, type Ref } from "react";
import FormField from "./FormField";

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
  sm: "text-xs text-slate-600",
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
  const select = (a11y: { id: string }) => (
    <select
      {...a11y}
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
      <FormField label={label} labelAction={labelAction} labelClassName={LABEL[size]} className={className}>
        {({ id }) => select({ id })}
      </FormField>
    );
  }
  return <InlineSelect label={label} hidden={layout === "hidden"} className={className} render={select} />;
}

function InlineSelect(props: {
  label: ReactNode;
  hidden: boolean;
  className: string;
  render: (a11y: { id: string }) => ReactNode;
}) {
  const id = useId();
  return (
    <div className={`flex items-center gap-2 ${props.className}`}>
      <label htmlFor={id} className={props.hidden ? "sr-only" : LABEL.sm}>
        {props.label}
      </label>
      {props.render({ id })}
    </div>
  );
}
