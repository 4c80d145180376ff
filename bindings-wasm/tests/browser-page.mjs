// Headless-Chromium test of the dashboard (examples/web/): load the page, click "load the sample",
// wait for the report and assert that the rendered league table and every account's card (overall
// and component scores, diagnoses and recommendations in Chinese and English, latency buckets,
// heatmap, post-type mix, backlog) equal what the Rust audit example
// prints with --json for the same file; save a screenshot and print its path. Uses Debian's /usr/bin/chromium through playwright-core
// (no browser download). Exit code 1 on any failure, including console errors on the page.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { chromium } from "playwright-core";

import { startServer, repositoryRoot } from "../../scripts/serve-web.mjs";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
// As root in a sandboxed machine with a closed network: no sandbox, no GPU, no background
// connections (they are refused, many at a time, and slow the start).
const FLAGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

// The Rust audit of the same file is the expected output (debug build: `cargo test` builds it).
const sample = "examples/data/sample.jsonl";
const rust = JSON.parse(
  execFileSync("cargo", ["run", "-q", "--example", "audit", "--", "--json", sample], {
    cwd: repositoryRoot,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  }),
);

const { server, url } = await startServer(repositoryRoot);
const userDataDir = mkdtempSync(join(tmpdir(), "zhengwu-chromium-"));
const screenshotDir = join(repositoryRoot, "target", "browser-test");
mkdirSync(screenshotDir, { recursive: true });
const screenshot = join(screenshotDir, "dashboard.png");
const screenshotEn = join(screenshotDir, "dashboard-en.png");
// Exact up to the last bits of a logarithm: wasm's `ln` (Rust's libm) and the native one (glibc)
// may differ in the 16th digit (reach and BCI use ln). The displayed one-decimal text must match.
const close = (got, want, what) => {
  if (want === null || got === null) return assert.equal(got, want, what);
  assert.ok(Math.abs(got - want) <= 1e-9 * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);
};
const fmt = (x) => (x === null || x === undefined ? "—" : x.toFixed(1));

let context;
let failed = false;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1200, height: 900 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));
  // Offline: everything the page loads comes from the local server (or is inline data).
  page.on("request", (request) => {
    const u = request.url();
    if (!u.startsWith(url) && !u.startsWith("data:") && !u.startsWith("blob:")) problems.push(`off-site request: ${u}`);
  });

  await page.goto(`${url}examples/web/`);
  await page.waitForSelector("#sample:not([disabled])", { timeout: 60_000 });
  await page.click("#sample");
  await page.waitForSelector("body[data-status=ready], body[data-status=error]", { timeout: 120_000 });
  const text = async (selector) => (await page.textContent(selector))?.trim();
  assert.equal(await page.getAttribute("body", "data-status"), "ready", `page status (${await text("#error")})`);

  // League table: every row, overall and component scores, as the Rust audit has them.
  const rows = await page.$$eval("#league tbody tr", (trs) =>
    trs.map((tr) => ({
      id: tr.dataset.account,
      overall: Number(tr.querySelector(".league-overall").dataset.value),
      overallText: tr.querySelector(".league-overall").textContent,
      components: Object.fromEntries(
        [...tr.querySelectorAll("td[data-kind]")].map((td) => [td.dataset.kind, td.dataset.value === "" ? null : Number(td.dataset.value)]),
      ),
    })),
  );
  assert.equal(rows.length, rust.audit.league.length, "league rows");
  rust.audit.league.forEach((want, i) => {
    assert.equal(rows[i].id, want.account_id, `league row ${i + 1}`);
    close(rows[i].overall, want.overall, `${want.account_id} overall`);
    assert.equal(rows[i].overallText, fmt(want.overall), `${want.account_id} overall as shown`);
    for (const [kind, score] of Object.entries(want.components)) {
      close(rows[i].components[kind], score, `${want.account_id} ${kind}`);
    }
  });

  // Each account's card: overall, components, diagnoses, latency buckets, backlog size.
  for (const want of rust.audit.accounts) {
    const id = want.account.id;
    if (!rows.some((r) => r.id === id)) continue;
    await page.click(`#league tbody tr[data-account="${id}"]`);
    await page.waitForSelector(`#card[data-account="${id}"]`);
    close(Number(await page.getAttribute("#overall", "data-value")), want.scores.overall, `${id} card overall`);
    assert.equal(await text("#overall"), fmt(want.scores.overall), `${id} overall as shown`);
    const components = await page.$$eval("#components .component", (bars) =>
      bars.map((b) => [b.dataset.kind, b.dataset.value === "" ? null : Number(b.dataset.value)]),
    );
    assert.deepEqual(components.map((c) => c[0]), want.scores.components.map((c) => c.kind), `${id} components`);
    components.forEach(([kind, score], i) => close(score, want.scores.components[i].score, `${id} ${kind}`));
    const diagnoses = await page.$$eval("#diagnoses .diagnosis", (ds) =>
      ds.map((d) => ({ kind: d.dataset.kind, summary: d.querySelector(".summary").textContent })),
    );
    assert.deepEqual(diagnoses.map((d) => d.kind), want.diagnoses.found.map((d) => d.kind), `${id} diagnoses`);
    // Chinese labels (the default): the diagnoses and every recommendation in Chinese.
    assert.deepEqual(diagnoses.map((d) => d.summary), want.diagnoses.found.map((d) => d.summary_zh), `${id} diagnoses in Chinese`);
    const recs = await page.$$eval("#diagnoses .rec", (rs) => rs.map((r) => r.textContent));
    assert.deepEqual(
      [...recs].sort(),
      want.recommendations.map((r) => `${r.zh} (${r.points})`).sort(),
      `${id} recommendations in Chinese`,
    );
    if (want.quality) {
      const types = await page.$$eval("#types .type", (ts) => ts.map((t) => [t.dataset.type, Number(t.dataset.value)]));
      const shares = Object.entries(want.quality.type_shares).filter(([, v]) => v > 0);
      assert.deepEqual(
        Object.fromEntries(types.filter(([, v]) => v > 0)),
        Object.fromEntries(shares),
        `${id} post-type mix`,
      );
    }
    const backlog = want.interaction?.responsiveness.backlog ?? [];
    assert.equal(await page.$$eval("#backlog .backlog-item", (b) => b.length), Math.min(10, backlog.length), `${id} backlog rows`);
    if (want.response) {
      const buckets = await page.$$eval("#latency .latency", (bs) => bs.map((b) => Number(b.dataset.value)));
      const l = want.response.latency;
      assert.deepEqual(buckets, [l.within_15m, l.within_1h, l.within_24h, l.within_72h, l.later], `${id} latency`);
    }
    const heat = await page.$$eval("#heatmap rect", (rs) => rs.map((r) => Number(r.dataset.n)));
    assert.deepEqual(heat, want.activity.hour_weekday.flat(), `${id} heatmap`);
  }
  assert.deepEqual(problems, [], "no console errors");

  // The screenshot shows the first account of the league.
  await page.click(`#league tbody tr[data-account="${rows[0].id}"]`);
  await page.screenshot({ path: screenshot, fullPage: true });
  // English labels: the same card, the labels switched.
  await page.click("#lang");
  assert.equal(await text("[data-i18n=title]"), "Government account report card");
  assert.equal(await text("[data-i18n=league]"), "League table");
  const first = rust.audit.accounts.find((a) => a.account.id === rows[0].id);
  assert.deepEqual(
    await page.$$eval("#diagnoses .diagnosis .summary", (ds) => ds.map((d) => d.textContent)),
    first.diagnoses.found.map((d) => d.summary),
    "diagnoses in English",
  );
  assert.deepEqual(
    (await page.$$eval("#diagnoses .rec", (rs) => rs.map((r) => r.textContent))).sort(),
    first.recommendations.map((r) => `${r.en} (${r.points})`).sort(),
    "recommendations in English",
  );
  await page.screenshot({ path: screenshotEn, fullPage: true });
  console.log(`browser page OK: ${rows.length} accounts, league and cards equal the Rust audit --json`);
  console.log(`screenshot: ${screenshot}`);
  console.log(`screenshot (English labels): ${screenshotEn}`);
} catch (error) {
  failed = true;
  console.error(`browser page FAILED: ${error.stack ?? error}`);
} finally {
  await context?.close().catch(() => {});
  server.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(failed ? "0 passed, 1 failed" : "1 passed, 0 failed");
process.exit(failed ? 1 : 0);
