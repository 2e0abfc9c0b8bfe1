// Form checks from the OpenAPI document's request schemas (constraints.gen.ts): what the API would refuse
// is caught before sending, with the same limits.
import { REQUEST_SCHEMAS } from "./constraints.gen";

export interface FieldRule {
  nullable?: boolean;
  ref?: string;
  type?: string;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  format?: "email" | "guid" | "single_line" | "pattern";
  enum?: readonly (string | number)[];
  minItems?: number;
  maxItems?: number;
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  default?: unknown;
  items?: FieldRule;
}

export interface SchemaRules {
  required: readonly string[];
  properties: Record<string, FieldRule>;
}

export type SchemaName = keyof typeof REQUEST_SCHEMAS;

/** A problem with one field: an i18n key under `validation.` and its parameters. */
export interface FieldProblem {
  key: "required" | "email" | "guid" | "singleLine" | "maxLength" | "minLength" | "invalid" | "minItems" | "maxItems";
  params?: Record<string, number>;
}

const patterns = new Map<string, RegExp>();
function regex(pattern: string): RegExp {
  let re = patterns.get(pattern);
  if (!re) {
    re = new RegExp(pattern, "u");
    patterns.set(pattern, re);
  }
  return re;
}

function schema(name: string): SchemaRules | undefined {
  return (REQUEST_SCHEMAS as Record<string, SchemaRules>)[name];
}

function blank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === "string" && value.trim() === "");
}

function checkValue(rule: FieldRule, value: unknown, path: string, out: Record<string, FieldProblem>): void {
  if (rule.ref) {
    validateInto(rule.ref, (value ?? {}) as Record<string, unknown>, path ? `${path}.` : "", out);
    return;
  }
  if (rule.type === "array" && Array.isArray(value)) {
    if (rule.minItems !== undefined && value.length < rule.minItems)
      out[path] = { key: "minItems", params: { min: rule.minItems } };
    if (rule.maxItems !== undefined && value.length > rule.maxItems)
      out[path] = { key: "maxItems", params: { max: rule.maxItems } };
    if (rule.items) value.forEach((item, i) => checkValue(rule.items as FieldRule, item, `${path}.${i}`, out));
    return;
  }
  if (typeof value !== "string") return;
  if (rule.maxLength !== undefined && value.length > rule.maxLength) {
    out[path] = { key: "maxLength", params: { max: rule.maxLength } };
  } else if (rule.minLength !== undefined && value.length < rule.minLength) {
    out[path] = { key: "minLength", params: { min: rule.minLength } };
  } else if (rule.pattern && !regex(rule.pattern).test(value)) {
    out[path] = { key: patternProblem(rule.format, value) };
  } else if (rule.enum && !rule.enum.includes(value)) {
    out[path] = { key: "invalid" };
  }
}

function patternProblem(format: FieldRule["format"], value: string): FieldProblem["key"] {
  if (format === "email" || format === "guid") return format;
  if (format === "single_line") return value.trim() === "" ? "required" : "singleLine";
  return "invalid";
}

function validateInto(
  name: string,
  values: Record<string, unknown>,
  prefix: string,
  out: Record<string, FieldProblem>,
): void {
  const rules = schema(name);
  if (!rules) return;
  for (const [field, rule] of Object.entries(rules.properties)) {
    const value = values[field];
    const path = `${prefix}${field}`;
    if (blank(value)) {
      if (rules.required.includes(field)) out[path] = { key: "required" };
      continue;
    }
    checkValue(rule, value, path, out);
  }
}

/** Problems per field path (`customer_contact.email`); empty when the body would pass the API's schema. */
export function validate(name: SchemaName, values: Record<string, unknown>): Record<string, FieldProblem> {
  const out: Record<string, FieldProblem> = {};
  validateInto(name, values, "", out);
  return out;
}

/** The rule of one field, e.g. to set `maxLength` on its input. */
export function ruleOf(name: SchemaName, path: string): FieldRule | undefined {
  const [head, ...rest] = path.split(".");
  const rule = schema(name)?.properties[head];
  if (!rule) return undefined;
  if (rest.length && rule.ref) return ruleOf(rule.ref as SchemaName, rest.join("."));
  if (rest.length && rule.items?.ref)
    return ruleOf(rule.items.ref as SchemaName, rest.filter((p) => !/^\d+$/.test(p)).join("."));
  return rule;
}

/** Drops blank optional strings (sent as absent, not as ""), trims nothing else: the API trims. */
export function compact<T extends Record<string, unknown>>(values: T): Partial<T> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => !blank(v))) as Partial<T>;
}
