// The page's only script: load the wasm module, read records, render what was read.
// Served from the repository root (node scripts/serve-web.mjs): the module comes from
// bindings-wasm/pkg/ (bash scripts/build-wasm.sh), the default input from tests/vectors/.
import init, { readRecords, readRecordsFromBytes, version } from "../../bindings-wasm/pkg/zhengwu.js";

const DEFAULT_INPUT = "../../tests/vectors/inputs/read_basic.jsonl";

const $ = (id) => document.getElementById(id);

function show(value) {
  return value === null || value === undefined ? "—" : String(value);
}

function render(result, name) {
  const { accounts, posts, comments, mentions, report } = result;
  $("input-name").textContent = name;
  $("record-count").textContent = report.read;
  $("account-count").textContent = accounts.length;
  $("post-count").textContent = posts.length;
  $("comment-count").textContent = comments.length;
  $("mention-count").textContent = mentions.length;
  $("rejected-count").textContent = report.rejected;
  const first = posts[0];
  $("first-post-id").textContent = show(first?.id);
  $("first-post-account").textContent = first ? `${show(first.accountName)} (${first.accountId})` : "—";
  $("first-post-created-at").textContent = show(first?.createdAt);
  $("first-post-text").textContent = show(first?.text);
  $("first-post-counts").textContent = first
    ? [first.reposts, first.comments, first.likes].map(show).join(" · ")
    : "—";
  $("error").textContent = "";
}

function renderError(error) {
  // zhengwu throws an Error with kind, source, line and field.
  $("error").textContent = error.kind
    ? `${error.kind} at ${error.source || "input"}${error.line ? `:${error.line}` : ""}: ${error.reason}`
    : String(error);
}

async function main() {
  await init();
  $("version").textContent = version();
  const params = new URLSearchParams(location.search);
  const input = params.get("input") ?? DEFAULT_INPUT;
  const format = params.get("format") ?? undefined; // absent: the reader detects it
  const name = input.split("/").at(-1);
  const response = await fetch(input);
  if (!response.ok) throw new Error(`fetching ${input}: HTTP ${response.status}`);
  render(readRecords(await response.text(), { source: name, format }), name);

  $("file").addEventListener("change", async (event) => {
    const file = event.target.files[0];
    if (!file) return;
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      render(readRecordsFromBytes(bytes, { source: file.name, lenient: true }), file.name);
    } catch (error) {
      renderError(error);
    }
  });
}

main().then(
  () => { document.body.dataset.status = "ready"; },
  (error) => { renderError(error); document.body.dataset.status = "error"; },
);
