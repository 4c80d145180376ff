// Memory stays flat in a classification loop: results are plain JS objects (nothing keeps Rust
// memory alive), so after warm-up the wasm linear memory does not grow and the process RSS stays
// bounded. 100,000 messages here (~5 s); `node scripts/wasm-memory.mjs` runs the 1,000,000 of the
// issue (figures in docs/performance/wasm.md).
import { test } from "node:test";
import assert from "node:assert/strict";

import zhengwu, { readVector, wasm } from "./load.mjs";

test("100,000 classifyMessage calls keep wasm memory and RSS flat", () => {
  const texts = readVector("interaction.json").classify.map((c) => c.text);
  const samples = [];
  for (let i = 0; i < 100_000; i++) {
    const r = zhengwu.classifyMessage(`${texts[i % texts.length]}${i % 97}`);
    assert.equal(typeof r.intent, "string");
    if ((i + 1) % 20_000 === 0) {
      samples.push({ rss: process.memoryUsage().rss, wasm: wasm.memory.buffer.byteLength });
    }
  }
  const first = samples[0];
  for (const s of samples) {
    assert.equal(s.wasm, first.wasm, "wasm linear memory grew");
    assert.ok(s.rss < first.rss * 1.25 + 16 * 1048576, `RSS grew from ${first.rss} to ${s.rss}`);
  }
});
