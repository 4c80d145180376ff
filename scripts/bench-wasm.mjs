// The wasm half of the benchmark (run by scripts/bench-wasm.sh after the native half): time to
// the first result in a fresh Node process (module instantiation, dictionary fetch + gunzip +
// build, first analysis) and single-thread throughput on the texts the native run wrote, then
// docs/performance/wasm.md with both sides.
//     node scripts/bench-wasm.mjs DIR
const t0 = performance.now();
const { readFileSync, writeFileSync } = await import("node:fs");
const { gunzipSync } = await import("node:zlib");
// ZHENGWU_WASM_PKG: another build's pkg directory (to compare builds on the same texts).
const pkg = process.env.ZHENGWU_WASM_PKG
  ? new URL(`file://${process.env.ZHENGWU_WASM_PKG.replace(/\/?$/, "/")}`)
  : new URL("../bindings-wasm/pkg/", import.meta.url);
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

// V8 runs wasm first from its baseline compiler (Liftoff) and recompiles hot functions with
// TurboFan in background threads; on this loaded machine that tier-up can take seconds, and a
// short loop would time the baseline code. Native code needs no such warm-up, so each measure is
// run for a second before timing: the figures are steady-state throughput (cold start is the
// time-to-first-result table).
const warm = (f) => {
  const until = performance.now() + 1000;
  while (performance.now() < until) f();
};
// Best of 10 runs, in wall time and in CPU time. The CPU time is the whole process's
// (process.cpuUsage: V8's garbage-collector and compiler threads included), which counts more
// against wasm than the native side's one thread; the wall clock also counts waiting for a core.
const best = (f) => {
  warm(f);
  let wall = Infinity;
  let cpu = Infinity;
  for (let i = 0; i < 10; i++) {
    const s = performance.now();
    const c = process.cpuUsage();
    f();
    const used = process.cpuUsage(c);
    wall = Math.min(wall, (performance.now() - s) / 1e3);
    cpu = Math.min(cpu, (used.user + used.system) / 1e6);
  }
  return { wall, cpu };
};
const measured = {};
for (const [key, n, f] of [
  ["classify_brief_per_s", messages.length, () => { for (const m of messages) zhengwu.classifyMessageBrief(m); }],
  ["classify_per_s", messages.length, () => { for (const m of messages) zhengwu.classifyMessage(m); }],
  ["analyze_post_per_s", posts.length, () => { for (const p of posts) zhengwu.analyzePost(p); }],
  ["analyze_posts_batch_per_s", posts.length, () => zhengwu.analyzePosts(posts)],
]) {
  const { wall, cpu } = best(f);
  measured[key] = n / wall;
  measured[`cpu_${key}`] = n / cpu;
}
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
const cpuRatio = (k) => wasm[`cpu_${k}`] / native[`cpu_${k}`];
const rows = [
  ["classify a message, no evidence (`classifyMessageBrief` / `classify_brief`)", "classify_brief_per_s"],
  ["classify a message with evidence (`classifyMessage` / `classify`)", "classify_per_s"],
  ["post quality, one post per call (`analyzePost` / `Analyzer::analyze`)", "analyze_post_per_s"],
];
const f0 = (x) => Math.round(x).toLocaleString("en");
const { loadavg } = await import("node:os");
const loadAverage = loadavg()[0].toFixed(1);
const f1 = (x) => x.toFixed(1);
const md = `# WebAssembly performance

Measured by \`bash scripts/bench-wasm.sh\` (native: \`examples/wasm_bench.rs\`, release; wasm:
\`scripts/bench-wasm.mjs\`, the \`dist\` build in \`bindings-wasm/pkg\`, Node ${process.version}), one thread
each, best of 10 runs within each of ${natives.length} alternating native/wasm rounds, on the same texts: ${messages.length} citizen comments
(osm-weibo-comments-2022 \`evl_review.txt\`) and ${posts.length} CCTV posts
(cctv-news-weibo-timeline-2020 \`timeline.csv\`, ${native.post_chars.toLocaleString("en")} characters).
The machine is a shared 2-core box with other builds running, so absolute figures move by ±30 %;
the ratio is the figure to read. Target (BRIEF): wasm ≥ 1/3 of native throughput.

## Throughput

Throughput per second of CPU time (best run), and the ratio also by wall clock:

| measure | native /s | wasm in Node /s | wasm / native, CPU time | wasm / native, wall clock |
| --- | ---: | ---: | ---: | ---: |
${rows.map(([label, k]) => `| ${label} | ${f0(native[`cpu_${k}`])} | ${f0(wasm[`cpu_${k}`])} | ${cpuRatio(k).toFixed(2)} | ${ratio(k).toFixed(2)} |`).join("\n")}
| post quality, all posts in one call (\`analyzePosts\`) | ${f0(native.cpu_analyze_post_per_s)} | ${f0(wasm.cpu_analyze_posts_batch_per_s)} | ${(wasm.cpu_analyze_posts_batch_per_s / native.cpu_analyze_post_per_s).toFixed(2)} | ${(wasm.analyze_posts_batch_per_s / native.analyze_post_per_s).toFixed(2)} |

CPU time is the figure to read on this machine: the wall clock also counts the time a process
waited for one of the 2 cores while other developers' builds ran (load average ${loadAverage}
at the end of this run). Native CPU time is its one thread's; wasm's is the whole Node
process's, V8's garbage-collector and compiler threads included, which counts against wasm.

Each wasm measure runs for one second before it is timed, so that V8 has recompiled the hot
functions from its baseline tier (Liftoff) with TurboFan (native code needs no warm-up); the
cold start is the next table. wasm figures include converting each result into plain JS objects (camelCase keys), which is
what a caller gets; the evidence lists make that a real share of the cost of \`classifyMessage\`.

### What made wasm slow, and what changed

The previous run of this page (wall clock, no warm-up) read 0.25 (brief), 0.20 (with evidence),
0.45 and 0.44 (post quality) of native. Two causes:

- **Measurement.** V8 first runs wasm from its baseline compiler and recompiles hot functions
  with TurboFan in background threads; on this machine, loaded by other builds, the short timed
  loops partly ran baseline code, and the wall clock counted time spent waiting for a core. Now:
  one second of warm-up per measure, and CPU time.
- **Handing results to JS.** Profiles (\`node --cpu-prof\`) showed the classification itself
  (Aho–Corasick over the lexicons, the sentiment and intent rules) at ~2× its native time, as
  expected of wasm, and then serialising the result to JSON (~290 bytes for a message with
  evidence), decoding that into a JS string and \`JSON.parse\`: ~3 µs per message, more than the
  whole native classification. Results now reach JS as a compact byte tape that a small JS
  decoder turns into the same plain objects (\`bindings-wasm/src/tape.rs\`: field and enum names
  sent once per instance and then by number, numbers as raw bytes, short strings decoded without
  \`TextDecoder\`, the tape read in place in wasm memory).

The binding as it was (JSON route: \`bindings-wasm/\` of commit 443688a built on the current
core), measured by this script in CPU time on the same texts and day, best of 3 runs: 282,268
briefs/s, 146,719 classifications with evidence/s, 13,013 posts/s one per call, 15,321 in one
call; against native 749,917 / 634,070 / 36,909 that is 0.38, 0.23, 0.35 and 0.42. The tape
lifted the classification with evidence from 0.23 to the figure above.

Tried and not kept, each measured A/B on the same texts: \`-C target-feature=+simd128\` for
every crate (memchr's and LLVM's vector paths) changed nothing measurable (CPU time, 3
alternating runs: 372–403k vs 373–398k briefs/s, 251–262k vs 260–275k classifications/s);
\`wasm-opt -O3\` (npm binaryen 132) gained ~4 % in speed and 2 % in gzipped size, within the noise,
for a 48 s build step and a large npm dependency; fat LTO with one codegen unit, no clear change.
The module needs wasm SIMD regardless: jieba-rs's dependency \`bytecount\` compiles its wasm32
character count with \`simd128\` unconditionally (browser floor in \`docs/wasm.md\`).

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
