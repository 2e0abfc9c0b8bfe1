// Form state that survives failure: typed text is never reset by an error. Fields show the form's own
// check (from the OpenAPI constraints) or the API's message for the field its `details` name.
import { useCallback, useId, useRef, useState, type RefObject } from "react";
import { useTranslation } from "react-i18next";
import { Field, Input, Textarea, type InputProps } from "@fluentui/react-components";
import { NativeSelect } from "./NativeSelect";
import { isApiError } from "../api/errors";
import { validate, type FieldProblem, type SchemaName } from "../api/constraints";
import { useErrorText } from "./errorText";
import { tDynamic } from "../i18n";

export type Values = Record<string, unknown>;

function getPath(values: Values, path: string): unknown {
  return path
    .split(".")
    .reduce<unknown>(
      (v, key) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined),
      values,
    );
}

function setPath<T extends Values>(values: T, path: string, value: unknown): T {
  const [head, ...rest] = path.split(".");
  const copy: Values = Array.isArray(values) ? ([...values] as unknown as Values) : { ...values };
  copy[head] = rest.length
    ? setPath(((values as Values)[head] ?? (/^\d+$/.test(rest[0]) ? [] : {})) as Values, rest.join("."), value)
    : value;
  return copy as T;
}

export interface FormApi<T extends Values> {
  values: T;
  errors: Record<string, string>;
  formError: string | null;
  busy: boolean;
  /** For the `<form>` element. Take it out first (`const { ref: formRef } = form`) and pass that: with
   * `ref={form.ref}`, react-hooks/refs takes every other `form.*` read for a ref read during render. */
  ref: RefObject<HTMLFormElement | null>;
  get: (path: string) => unknown;
  set: (path: string, value: unknown) => void;
  setValues: (values: T) => void;
  setErrors: (errors: Record<string, string>) => void;
  setFormError: (message: string | null) => void;
  /** Runs the schema's checks; shows them and focuses the first bad field. True when the form may be sent.
   * With `knownFields`, a problem inside a field (`domains.1`, `surveys.partner.0.text`) is shown at that field. */
  check: (
    schema: SchemaName,
    body: Values,
    extra?: Record<string, FieldProblem | string>,
    knownFields?: string[],
  ) => boolean;
  /** An API refusal: messages next to the fields it names (or that hold what it names), the rest at the top;
   * typed text stays. `codeFields`: the field each of the form's own refusal codes names. */
  fail: (error: unknown, knownFields?: string[], codeFields?: Record<string, string>) => void;
  run: <R>(action: () => Promise<R>) => Promise<R | undefined>;
  dirty: boolean;
  reset: (values: T) => void;
}

/** Messages per path, each at the form's field that holds it: `domains.1` → `domains` ("1: …"); paths outside
 * every known field are left out. Without `knownFields` every path stands as it is. */
function atFields(messages: Record<string, string>, knownFields?: string[]): Record<string, string> {
  if (!knownFields) return messages;
  const out: Record<string, string> = {};
  for (const [path, message] of Object.entries(messages)) {
    if (knownFields.includes(path)) out[path] = message;
  }
  for (const [path, message] of Object.entries(messages)) {
    const field = knownFields.filter((f) => path.startsWith(`${f}.`)).sort((a, b) => b.length - a.length)[0];
    if (field && !out[field]) out[field] = `${path.slice(field.length + 1)}: ${message}`;
  }
  return out;
}

export function useForm<T extends Values>(initial: T): FormApi<T> {
  const errorText = useErrorText();
  const [values, setValuesState] = useState<T>(initial);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [dirty, setDirty] = useState(false);
  const ref = useRef<HTMLFormElement | null>(null);

  const focusFirstError = useCallback(() => {
    setTimeout(() => {
      const el = ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
      el?.focus();
    }, 0);
  }, []);

  const problemText = useCallback(
    (p: FieldProblem | string) => (typeof p === "string" ? p : tDynamic(`validation.${p.key}`, p.params ?? {})),
    [],
  );

  const api: FormApi<T> = {
    values,
    errors,
    formError,
    busy,
    ref,
    dirty,
    get: (path) => getPath(values, path),
    set: (path, value) => {
      setValuesState((v) => setPath(v, path, value));
      setDirty(true);
      setErrors((e) => {
        if (!e[path]) return e;
        const { [path]: _removed, ...rest } = e;
        return rest;
      });
    },
    setValues: (v) => setValuesState(v),
    setErrors,
    setFormError,
    check: (schema, body, extra = {}, knownFields) => {
      const problems: Record<string, FieldProblem | string> = { ...validate(schema, body), ...extra };
      const next = atFields(
        Object.fromEntries(Object.entries(problems).map(([k, p]) => [k, problemText(p)])),
        knownFields,
      );
      setErrors(next);
      setFormError(null);
      if (Object.keys(next).length) {
        focusFirstError();
        return false;
      }
      return true;
    },
    fail: (error, knownFields, codeFields) => {
      const byField = isApiError(error) ? error.fieldErrors(codeFields) : {};
      const hasDetails = isApiError(error) && !!error.body.details?.length;
      // A schema refusal names the field with the API's own words; a coded refusal (e.g.
      // tenant_id_required) is said in the user's language.
      const shown = atFields(
        hasDetails ? byField : Object.fromEntries(Object.keys(byField).map((path) => [path, errorText(error)])),
        knownFields,
      );
      setErrors(shown);
      setFormError(Object.keys(shown).length ? null : errorText(error));
      if (Object.keys(shown).length) focusFirstError();
    },
    run: async (action) => {
      setBusy(true);
      try {
        return await action();
      } finally {
        setBusy(false);
      }
    },
    reset: (v) => {
      setValuesState(v);
      setErrors({});
      setFormError(null);
      setDirty(false);
    },
  };
  return api;
}

interface TextProps<T extends Values> {
  form: FormApi<T>;
  path: string;
  label: string;
  required?: boolean;
  hint?: string;
  type?: InputProps["type"];
  multiline?: boolean;
  rows?: number;
  readOnly?: boolean;
  autoComplete?: string;
  inputMode?: InputProps["inputMode"];
  id?: string;
}

export function TextField<T extends Values>({
  form,
  path,
  label,
  required,
  hint,
  type = "text",
  multiline,
  rows = 3,
  readOnly,
  autoComplete,
  inputMode,
  id,
}: TextProps<T>) {
  const value = (form.get(path) as string | undefined) ?? "";
  const error = form.errors[path];
  return (
    <Field
      label={label}
      required={required}
      hint={hint}
      validationMessage={error}
      validationState={error ? "error" : "none"}
    >
      {multiline ? (
        <Textarea
          id={id}
          value={value}
          rows={rows}
          readOnly={readOnly}
          resize="vertical"
          onChange={(_, d) => form.set(path, d.value)}
        />
      ) : (
        <Input
          id={id}
          type={type}
          value={value}
          readOnly={readOnly}
          autoComplete={autoComplete}
          inputMode={inputMode}
          onChange={(_, d) => form.set(path, d.value)}
        />
      )}
    </Field>
  );
}

export function LocaleField<T extends Values>({
  form,
  path,
  label,
  disabled,
}: {
  form: FormApi<T>;
  path: string;
  label: string;
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const value = (form.get(path) as string | undefined) ?? "en";
  return (
    <NativeSelect
      id={`locale-${id}`}
      label={label}
      value={value}
      disabled={disabled}
      onChange={(e) => form.set(path, e.target.value)}
    >
      <option value="en" lang="en">
        {t("locales.en")}
      </option>
      <option value="nl" lang="nl">
        {t("locales.nl")}
      </option>
    </NativeSelect>
  );
}
