// Lighthouse on the claim page of a running local runner, driving Debian's Chromium (CHROMIUM, default
// /usr/bin/chromium): signs in as a demo partner admin (the runner's /local/tokens), opens one of that
// partner's claims, and prints the performance, accessibility and best-practices scores (desktop preset).
//   node scripts/lighthouse.mjs http://127.0.0.1:3000 [--wait] [--check]
//   --wait: wait (up to 2 minutes) for a runner that is still starting; --check: fail below 90 / 100 / 95
import puppeteer from "puppeteer-core";
import lighthouse from "lighthouse";
import desktopConfig from "lighthouse/core/config/desktop-config.js";

const base = (process.argv[2] ?? "http://127.0.0.1:3000").replace(/\/$/, "");
const check = process.argv.includes("--check");
const BARS = { performance: 90, accessibility: 100, "best-practices": 95 };

async function json(path, init = {}) {
  const response = await fetch(base + path, {
    ...init,
    headers: { "Content-Type": "application/json", ...(init.headers ?? {}) },
  });
  if (!response.ok) throw new Error(`${path}: HTTP ${response.status}`);
  return response.json();
}

if (process.argv.includes("--wait")) {
  const end = Date.now() + 120_000;
  for (;;) {
    try {
      if ((await fetch(`${base}/local/users`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > end) throw new Error(`No runner answered at ${base}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

const users = (await json("/local/users")).items;
const user = users.find((u) => u.role === "incentives-admin");
const { token } = await json("/local/tokens", {
  method: "POST",
  body: JSON.stringify({ email: user.email, role: user.role, partner_id: user.partner_id }),
});
const claims = (await json("/claims", { headers: { Authorization: `Bearer ${token}` } })).items;
const claim = claims.find((c) => c.status === "draft") ?? claims[0];
if (!claim) throw new Error("The runner has no claim for this partner: start it with its demo seed.");

const browser = await puppeteer.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  const page = await browser.newPage();
  // The session as the sign-in page stores it (sessionStorage, this tab); Lighthouse keeps storage.
  await page.goto(`${base}/app/sign-in`, { waitUntil: "networkidle0" });
  await page.evaluate((session) => sessionStorage.setItem("wc.session", JSON.stringify(session)), {
    token,
    email: user.email,
    role: user.role,
    partnerId: user.partner_id,
    partnerName: user.partner_name,
    name: user.name,
    expiresAt: Date.now() + 3600_000,
    provider: "local",
  });
  const url = `${base}/app/claims/${encodeURIComponent(claim.claim_id)}`;
  const result = await lighthouse(
    url,
    { disableStorageReset: true, logLevel: "error", output: "json" },
    {
      ...desktopConfig,
      settings: { ...desktopConfig.settings, onlyCategories: Object.keys(BARS), disableStorageReset: true },
    },
    page,
  );
  const categories = result.lhr.categories;
  console.log(`Lighthouse (desktop) ${url}`);
  let failed = false;
  for (const [id, bar] of Object.entries(BARS)) {
    const score = Math.round((categories[id]?.score ?? 0) * 100);
    const below = score < bar;
    failed ||= below;
    console.log(
      `  ${categories[id]?.title.padEnd(16)} ${String(score).padStart(3)}  (bar ${bar})${below ? "  BELOW" : ""}`,
    );
  }
  for (const id of [
    "first-contentful-paint",
    "largest-contentful-paint",
    "total-blocking-time",
    "cumulative-layout-shift",
  ]) {
    const audit = result.lhr.audits[id];
    if (audit) console.log(`  ${audit.title.padEnd(26)} ${audit.displayValue}`);
  }
  const failedAudits = Object.values(result.lhr.audits).filter(
    (a) => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary",
  );
  for (const a of failedAudits) console.log(`  not passed: ${a.id} — ${a.title}`);
  if (check && failed) process.exitCode = 1;
} finally {
  await browser.close();
}
