// Bundle sizes of the built app (web/dist), gzipped: every chunk, and for each page the JavaScript a
// browser loads when that page is the first one opened (the entry, the page's own chunk, and every chunk
// they import statically). Fails when any first page exceeds the budget (DESIGN.md §6: 200 KB gzipped).
import { readFileSync, existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const BUDGET_KB = Number(process.env.FIRST_PAGE_BUDGET_KB ?? 200);
const dist = resolve(dirname(fileURLToPath(import.meta.url)), "../dist");
const manifestPath = resolve(dist, ".vite/manifest.json");
if (!existsSync(manifestPath)) {
  console.error("size: no build found (web/dist/.vite/manifest.json); run `npm run build` first.");
  process.exit(1);
}
const manifest = JSON.parse(readFileSync(manifestPath, "utf8"));
const gz = new Map();
const gzipKb = (file) => {
  if (!gz.has(file)) gz.set(file, gzipSync(readFileSync(resolve(dist, file)), { level: 9 }).length / 1024);
  return gz.get(file);
};
const closure = (key, seen = new Set()) => {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const dep of manifest[key]?.imports ?? []) closure(dep, seen);
  return seen;
};
const files = (keys) => [
  ...new Set([...keys].map((k) => manifest[k].file).filter((f) => f.endsWith(".js") && !/\.json$/.test(f))),
];
const sum = (list) => list.reduce((total, f) => total + gzipKb(f), 0);
const fmt = (kb) => `${kb.toFixed(1).padStart(7)} KB`;

const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
const shell = closure(entry);
// Pages are the routes' lazy chunks (imported by the shell); dialogs and editors that load on a click are
// not part of a first page. The catalogue of one language loads with every first page, and a page's own
// namespace (src/i18n/<namespace>/<locale>.json, which the page loads before it renders) with that page.
const pages = [...new Set([...shell].flatMap((k) => manifest[k].dynamicImports ?? []))]
  .filter((k) => /src\/pages\//.test(k))
  .sort();
const catalogues = Object.keys(manifest).filter((k) => /src\/i18n\/\w+\.json$/.test(k));
const catalogueKb = Math.max(0, ...catalogues.map((k) => gzipKb(manifest[k].file)));
/** The largest language of each namespace the page's own chunks load. */
const namespaceKb = (keys) => {
  const largest = new Map();
  for (const dep of [...keys].flatMap((k) => manifest[k].dynamicImports ?? [])) {
    const ns = /src\/i18n\/(\w+)\/\w+\.json$/.exec(dep)?.[1];
    if (ns) largest.set(ns, Math.max(largest.get(ns) ?? 0, gzipKb(manifest[dep].file)));
  }
  return [...largest.values()].reduce((a, b) => a + b, 0);
};

console.log(`Chunks (gzip -9):`);
for (const file of [...new Set(Object.values(manifest).map((c) => c.file))]
  .filter((f) => f.endsWith(".js"))
  .sort((a, b) => gzipKb(b) - gzipKb(a))) {
  console.log(`  ${fmt(gzipKb(file))}  ${file}`);
}
console.log(
  `\nShell (entry + static imports): ${fmt(sum(files(shell))).trim()}; a language catalogue: ${fmt(catalogueKb).trim()}`,
);
console.log(`\nFirst page JavaScript, gzipped (budget ${BUDGET_KB} KB):`);
let over = false;
for (const page of pages) {
  const keys = closure(page, new Set(shell));
  const kb = sum(files(keys)) + catalogueKb + namespaceKb(keys);
  const name = page.replace(/^src\/pages\//, "").replace(/\.tsx$/, "");
  const flag = kb > BUDGET_KB ? "  OVER BUDGET" : "";
  if (kb > BUDGET_KB) over = true;
  console.log(`  ${fmt(kb)}  ${name}${flag}`);
}
if (over) {
  console.error(`\nsize: a first page exceeds ${BUDGET_KB} KB gzipped.`);
  process.exit(1);
}
