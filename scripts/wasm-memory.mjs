// Memory check of the wasm module in Node: classify N messages (default 1,000,000) in a loop with
// `classifyMessage` (full evidence, plain JS objects) and sample the process RSS, the JS heap and
// the wasm linear memory every N/10 messages. Flat means: the wasm memory does not grow after the
// first sample (nothing leaks on the Rust side) and RSS and heap stay within a bound (the JS
// results are garbage-collected). Exit 1 when not flat.
//     node scripts/wasm-memory.mjs [N] [--brief]
// Texts: the shared interaction vectors' messages and the bundled sample's comments, cycled.
import { readFileSync } from "node:fs";

import zhengwu, { wasm } from "../bindings-wasm/tests/load.mjs";

const n = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 1_000_000);
const brief = process.argv.includes("--brief");
const classify = brief ? zhengwu.classifyMessageBrief : zhengwu.classifyMessage;

const vectors = JSON.parse(readFileSync(new URL("../tests/vectors/interaction.json", import.meta.url), "utf8"));
const sample = readFileSync(new URL("../examples/data/sample.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.includes('"kind":"comment"'))
  .map((l) => JSON.parse(l).text);
const texts = [...vectors.classify.map((c) => c.text), ...sample];

const mib = (b) => b / 1048576;
const samples = [];
const take = (done) => {
  const m = process.memoryUsage();
  samples.push({ done, rss: mib(m.rss), heap: mib(m.heapUsed), wasm: mib(wasm.memory.buffer.byteLength) });
};
const started = performance.now();
let checksum = 0;
for (let i = 0; i < n; i++) {
  const r = classify(texts[i % texts.length]);
  checksum += r.needsReply ? 1 : 0;
  if ((i + 1) % (n / 10) === 0) take(i + 1);
}
const seconds = (performance.now() - started) / 1e3;

console.log(`${n.toLocaleString("en")} × ${brief ? "classifyMessageBrief" : "classifyMessage"} on ${texts.length} distinct texts in ${seconds.toFixed(1)} s (${Math.round(n / seconds).toLocaleString("en")}/s; ${checksum} need a reply)`);
console.log("messages      rss MiB  heap MiB  wasm MiB");
for (const s of samples) {
  console.log(`${String(s.done).padStart(9)}  ${s.rss.toFixed(1).padStart(8)}  ${s.heap.toFixed(1).padStart(8)}  ${s.wasm.toFixed(1).padStart(8)}`);
}
const first = samples[0];
const last = samples.at(-1);
const maxRss = Math.max(...samples.map((s) => s.rss));
const problems = [];
if (last.wasm > first.wasm) problems.push(`wasm memory grew from ${first.wasm} to ${last.wasm} MiB`);
if (maxRss > first.rss * 1.25 + 16) problems.push(`RSS grew from ${first.rss.toFixed(1)} to ${maxRss.toFixed(1)} MiB`);
if (problems.length) {
  console.log(`NOT FLAT: ${problems.join("; ")}`);
  process.exit(1);
}
console.log(`flat: wasm memory ${last.wasm.toFixed(1)} MiB throughout, RSS ${first.rss.toFixed(1)}–${maxRss.toFixed(1)} MiB`);
