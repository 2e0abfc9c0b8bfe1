import { useId, type ReactNode } from "react";
import { Checkbox } from "@fluentui/react-components";
import { useFormStyles } from "./styles";

export interface CheckboxOption {
  value: string;
  label: string;
}

/** A labelled group of checkboxes (a fieldset) for a list field, with its hint and its error. */
export function CheckboxGroup({
  legend,
  hint,
  error,
  options,
  selected,
  onChange,
  disabled,
  before,
}: {
  legend: string;
  hint?: string;
  error?: string;
  options: CheckboxOption[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  disabled?: boolean;
  /** A control above the options (e.g. "every engagement"). */
  before?: ReactNode;
}) {
  const styles = useFormStyles();
  const id = useId();
  const describedBy = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  const toggle = (value: string, checked: boolean) =>
    onChange(
      checked
        ? options.map((o) => o.value).filter((v) => v === value || selected.includes(v))
        : selected.filter((v) => v !== value),
    );
  return (
    <fieldset className={styles.fieldset}>
      <legend className={styles.legend}>{legend}</legend>
      {hint && (
        <p id={`${id}-hint`} className={styles.hint}>
          {hint}
        </p>
      )}
      {before}
      {options.map((o) => (
        <Checkbox
          key={o.value}
          label={o.label}
          checked={selected.includes(o.value)}
          disabled={disabled}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy}
          onChange={(_, d) => toggle(o.value, d.checked === true)}
        />
      ))}
      {error && (
        <p id={`${id}-error`} className={styles.error}>
          {error}
        </p>
      )}
    </fieldset>
  );
}
