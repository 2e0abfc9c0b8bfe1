// Fails when the catalogues disagree (the main one, and each page namespace in src/i18n/<namespace>/): a key
// in one locale only, an empty text, or interpolation variables ({{name}}) that differ between the locales.
// `make test` runs it; the typecheck already fails on a key the code uses that the `en` catalogue lacks.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const dir = resolve(dirname(fileURLToPath(import.meta.url)), "../src/i18n");
const LOCALES = ["en", "nl"];

export function flatten(value, prefix = "", out = {}) {
  for (const [key, v] of Object.entries(value)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (v && typeof v === "object") flatten(v, path, out);
    else out[path] = v;
  }
  return out;
}

const variables = (text) =>
  [...String(text).matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)]
    .map((m) => m[1])
    .sort()
    .join(",");

export function compare(catalogues) {
  const problems = [];
  const flat = Object.fromEntries(Object.entries(catalogues).map(([l, c]) => [l, flatten(c)]));
  const all = new Set(Object.values(flat).flatMap((f) => Object.keys(f)));
  for (const key of [...all].sort()) {
    const have = Object.keys(flat).filter((l) => key in flat[l]);
    if (have.length !== Object.keys(flat).length) {
      problems.push(`${key}: only in ${have.join(", ")}`);
      continue;
    }
    for (const l of have) {
      if (typeof flat[l][key] !== "string" || !flat[l][key].trim()) problems.push(`${key}: empty in ${l}`);
    }
    const vars = new Set(have.map((l) => variables(flat[l][key])));
    if (vars.size > 1)
      problems.push(
        `${key}: different {{variables}} per locale (${have.map((l) => `${l}: ${variables(flat[l][key]) || "-"}`).join("; ")})`,
      );
  }
  return { problems, keys: all.size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  // The main catalogue (src/i18n/<locale>.json) and each page namespace (src/i18n/<namespace>/<locale>.json).
  const namespaces = readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
  let failed = false;
  for (const ns of ["", ...namespaces]) {
    const catalogues = Object.fromEntries(
      LOCALES.map((l) => [l, JSON.parse(readFileSync(resolve(dir, ns, `${l}.json`), "utf8"))]),
    );
    const { problems, keys } = compare(catalogues);
    const name = ns ? `the ${ns} namespace` : "the main catalogue";
    if (problems.length) {
      failed = true;
      console.error(`check:i18n: ${name}'s ${LOCALES.join("/")} catalogues disagree:\n  ${problems.join("\n  ")}`);
    } else {
      console.log(`check:i18n: ${name}: ${keys} keys, complete in ${LOCALES.join(" and ")}`);
    }
  }
  if (failed) process.exit(1);
}
