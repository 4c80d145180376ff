// The wasm half of the benchmark (run by scripts/bench-wasm.sh after the native half): time to
// the first result in a fresh Node process (module instantiation, dictionary fetch + gunzip +
// build, first analysis) and single-thread throughput on the texts the native run wrote, then
// docs/performance/wasm.md with both sides.
//     node scripts/bench-wasm.mjs DIR
const t0 = performance.now();
const { readFileSync, writeFileSync } = await import("node:fs");
const { gunzipSync } = await import("node:zlib");
const pkg = new URL("../bindings-wasm/pkg/", import.meta.url);
const zhengwu = await import(new URL("zhengwu.js", pkg).href);
zhengwu.initSync({ module: readFileSync(new URL("zhengwu_bg.wasm", pkg)) });
const tInit = performance.now();
const dictionary = gunzipSync(readFileSync(new URL("jieba-dict.txt.gz", pkg)));
const tGunzip = performance.now();
zhengwu.loadDictionary(dictionary);
const tDict = performance.now();
const probe = { id: "probe", account_id: "acct", created_at: "2020-03-01T09:00:00+08:00", text: "【消费提示】网购遇到退款难，请拨打12315投诉举报。" };
zhengwu.analyzePost(probe);
const tFirst = performance.now();
zhengwu.classifyMessage("请问身份证在哪里办理？");
const tFirstMessage = performance.now();

const dir = process.argv[2];
const rounds = Number(process.argv[3] ?? 0);
if (!dir) {
  console.error("usage: node scripts/bench-wasm.mjs DIR [ROUNDS]");
  process.exit(2);
}
const texts = JSON.parse(readFileSync(`${dir}/texts.json`, "utf8"));
const { messages, posts } = texts;

const best = (f) => {
  let min = Infinity;
  for (let i = 0; i < 5; i++) {
    const s = performance.now();
    f();
    min = Math.min(min, (performance.now() - s) / 1e3);
  }
  return min;
};
const measured = {
  classify_brief_per_s: messages.length / best(() => { for (const m of messages) zhengwu.classifyMessageBrief(m); }),
  classify_per_s: messages.length / best(() => { for (const m of messages) zhengwu.classifyMessage(m); }),
  analyze_post_per_s: posts.length / best(() => { for (const p of posts) zhengwu.analyzePost(p); }),
  analyze_posts_batch_per_s: posts.length / best(() => zhengwu.analyzePosts(posts)),
};
const firstMeasured = {
  module_ms: tInit - t0,
  gunzip_ms: tGunzip - tInit,
  dictionary_ms: tDict - tGunzip,
  first_post_ms: tFirst - tDict,
  total_ms: tFirst - t0,
  first_message_ms: tFirstMessage - tFirst,
};
// bench-wasm.sh alternates native and wasm rounds (the machine's load drifts); each process
// appends its round, and the report takes the best round of each side per measure.
if (!rounds) {
  const round = { wasm: measured, first: firstMeasured };
  writeFileSync(`${dir}/wasm-${Date.now()}.json`, JSON.stringify(round));
  console.log(JSON.stringify(round));
  process.exit(0);
}
const { readdirSync } = await import("node:fs");
const load = (prefix) =>
  readdirSync(dir).filter((f) => f.startsWith(prefix) && f.endsWith(".json")).map((f) => JSON.parse(readFileSync(`${dir}/${f}`, "utf8")));
const bestOf = (objects, better) =>
  Object.fromEntries(Object.keys(objects[0]).map((k) => [k, objects.map((o) => o[k]).reduce((a, b) => better(a, b))]));
const natives = load("native-");
const wasmRounds = load("wasm-");
const native = bestOf(natives, Math.max);
native.first_result_ms = Math.min(...natives.map((n) => n.first_result_ms));
native.first_message_ms = Math.min(...natives.map((n) => n.first_message_ms));
const wasm = bestOf(wasmRounds.map((r) => r.wasm), Math.max);
const first = wasmRounds.map((r) => r.first).reduce((a, b) => (a.total_ms <= b.total_ms ? a : b));
const { existsSync } = await import("node:fs");
const memory = existsSync(`${dir}/memory.txt`) ? readFileSync(`${dir}/memory.txt`, "utf8").trim() : "(not run)";
const ratio = (k) => wasm[k] / native[k];
const rows = [
  ["classify a message, no evidence (`classifyMessageBrief` / `classify_brief`)", "classify_brief_per_s"],
  ["classify a message with evidence (`classifyMessage` / `classify`)", "classify_per_s"],
  ["post quality, one post per call (`analyzePost` / `Analyzer::analyze`)", "analyze_post_per_s"],
];
const f0 = (x) => Math.round(x).toLocaleString("en");
const f1 = (x) => x.toFixed(1);
const md = `# WebAssembly performance

Measured by \`bash scripts/bench-wasm.sh\` (native: \`examples/wasm_bench.rs\`, release; wasm:
\`scripts/bench-wasm.mjs\`, the \`dist\` build in \`bindings-wasm/pkg\`, Node ${process.version}), one thread
each, best of 5 runs within each of ${natives.length} alternating native/wasm rounds, on the same texts: ${messages.length} citizen comments
(osm-weibo-comments-2022 \`evl_review.txt\`) and ${posts.length} CCTV posts
(cctv-news-weibo-timeline-2020 \`timeline.csv\`, ${native.post_chars.toLocaleString("en")} characters).
The machine is a shared 2-core box with other builds running, so absolute figures move by ±30 %;
the ratio is the figure to read. Target (BRIEF): wasm ≥ 1/3 of native throughput.

## Throughput

| measure | native /s | wasm in Node /s | wasm / native |
| --- | ---: | ---: | ---: |
${rows.map(([label, k]) => `| ${label} | ${f0(native[k])} | ${f0(wasm[k])} | ${ratio(k).toFixed(2)} |`).join("\n")}
| post quality, all posts in one call (\`analyzePosts\`) | ${f0(native.analyze_post_per_s)} | ${f0(wasm.analyze_posts_batch_per_s)} | ${(wasm.analyze_posts_batch_per_s / native.analyze_post_per_s).toFixed(2)} |

wasm figures include converting each result into plain JS objects (camelCase keys), which is
what a caller gets; the evidence lists make that a real share of the cost of \`classifyMessage\`.

### Why wasm was 4× slower, and what changed

Profiles (\`node --cpu-prof\` on a loop of \`classifyMessage\`) showed the classification itself
(Aho–Corasick over the lexicons, sentiment and intent rules) at ~1.5–2× its native time, as
expected of wasm, and the rest in handing the result to JS: serialising it to JSON (~290 bytes for
a message with evidence), decoding that text into a JS string and \`JSON.parse\` — ~3 µs per
message, twice the whole native classification. The module now writes results as a compact byte
tape that a small JS decoder turns into the same plain objects (\`bindings-wasm/src/tape.rs\`:
field names sent once, numbers as raw bytes, short strings decoded without \`TextDecoder\`).
The previous run (JSON route, same script) measured 0.25 (brief), 0.20 (with evidence), 0.45 and
0.44 (post quality) of native.

Tried and not kept, each measured A/B on the same texts (best of 4 alternating runs):
\`-C target-feature=+simd128\` made no measurable difference (Aho–Corasick has no wasm SIMD
search, and the memchr paths are a few per cent of the time), so the module keeps running on
engines without wasm SIMD; \`wasm-opt -O3\` (npm binaryen 132) gained ~4 % in speed and 2 % in
gzipped size, within the machine's noise, for a 48 s build step and a large npm dependency.

## Time to the first result

Fresh Node process, the round with the smallest total:

| step | wasm in Node (ms) |
| --- | ---: |
| import + instantiate the module (\`initSync\`) | ${f1(first.module_ms)} |
| gunzip \`jieba-dict.txt.gz\` (1.8 MiB) | ${f1(first.gunzip_ms)} |
| build the tokenizer (\`loadDictionary\`) | ${f1(first.dictionary_ms)} |
| first \`analyzePost\` (lexicon automata built lazily) | ${f1(first.first_post_ms)} |
| **total, process start to the first post's quality** | **${f1(first.total_ms)}** |
| then the first \`classifyMessage\` (classifier lexicons built lazily) | ${f1(first.first_message_ms)} |

Native, the first \`analyze\` (embedded dictionary decompressed and built, lexicons compiled)
takes ${f1(native.first_result_ms)} ms and the first message classification ${f1(native.first_message_ms)} ms.
In a browser, the dashboard (\`examples/web/\`) shows its own figure ("ready in … ms") in the footer;
the dictionary is fetched and gunzipped with \`DecompressionStream\`.

## Memory: 1,000,000 messages in a loop

\`node scripts/wasm-memory.mjs\` calls \`classifyMessage\` (full evidence, plain JS objects) a million
times and samples RSS, the JS heap and the wasm linear memory every 100,000 calls:

\`\`\`text
${memory}
\`\`\`

The wasm memory does not grow after the first sample (no Rust allocation outlives a call) and the
results are collected by the JS garbage collector, so RSS stays flat. The test suite runs the same
check on 100,000 messages (\`bindings-wasm/tests/memory.test.mjs\`).

## Size

\`bash scripts/build-wasm.sh\` prints the gzipped sizes: the module (wasm + JS) is ~1.1 MiB and
jieba's dictionary, fetched separately, ~1.8 MiB: ~2.9 MiB in all, under the 3 MiB budget.
Embedding the dictionary (\`ZHENGWU_WASM_FEATURES=embedded-dict\`) gives one 3.9 MiB file:
jieba-rs stores it zstd-compressed at a level that gzip cannot improve, so fetching it separately
and letting gzip compress the plain text is both smaller and optional for pages that only read files.
`;
writeFileSync(new URL("../docs/performance/wasm.md", import.meta.url), md);
console.log(JSON.stringify({ native, wasm, first }, null, 1));
console.log("wrote docs/performance/wasm.md");
