// Headless-Chromium test of examples/web/: the page loads the wasm ES module, reads the shared
// vector's JSONL and renders it; we assert the rendered values against tests/vectors/read_basic.json,
// save a screenshot and print its path. Uses Debian's /usr/bin/chromium through playwright-core
// (no browser download). Exit code 1 on any failure, including console errors on the page.
import assert from "node:assert/strict";
import { mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
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

const vector = JSON.parse(
  readFileSync(new URL("../../tests/vectors/read_basic.json", import.meta.url), "utf8"),
);
const basic = vector.cases.find((c) => c.name === "basic_jsonl");
const expect = basic.expect;

const { server, url } = await startServer(repositoryRoot);
const userDataDir = mkdtempSync(join(tmpdir(), "zhengwu-chromium-"));
const screenshotDir = join(repositoryRoot, "target", "browser-test");
mkdirSync(screenshotDir, { recursive: true });
const screenshot = join(screenshotDir, "read_basic.png");

let context;
let failed = false;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1000, height: 700 },
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`);
  });
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`));

  const input = `../../tests/vectors/${basic.input_file}`;
  const pageUrl = `${url}examples/web/?input=${encodeURIComponent(input)}&format=${basic.options.format}`;
  await page.goto(pageUrl);
  await page.waitForSelector("body[data-status=ready], body[data-status=error]", { timeout: 30_000 });
  const status = await page.getAttribute("body", "data-status");
  const text = async (id) => (await page.textContent(`#${id}`))?.trim();
  assert.equal(status, "ready", `page status (error shown: ${await text("error")})`);

  const total = Object.values(expect.counts).reduce((a, b) => a + b, 0);
  assert.equal(await text("record-count"), String(total), "record count");
  assert.equal(await text("post-count"), String(expect.counts.posts), "post count");
  assert.equal(await text("comment-count"), String(expect.counts.comments), "comment count");
  assert.equal(await text("rejected-count"), String(expect.report.rejected), "rejected count");
  const post = expect.first_post;
  assert.equal(await text("first-post-id"), post.id, "first post id");
  assert.equal(await text("first-post-created-at"), post.created_at, "first post time");
  assert.equal(await text("first-post-text"), post.text, "first post text");
  assert.equal(
    await text("first-post-account"),
    `${post.account_name} (${post.account_id})`,
    "first post account",
  );
  assert.equal(
    await text("first-post-counts"),
    [post.reposts, post.comments, post.likes].map((v) => (v === null ? "—" : String(v))).join(" · "),
    "first post counts",
  );
  assert.deepEqual(problems, [], "no console errors");

  await page.screenshot({ path: screenshot, fullPage: true });
  console.log(`browser page OK: ${total} records, first post ${post.id} rendered`);
  console.log(`screenshot: ${screenshot}`);
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
