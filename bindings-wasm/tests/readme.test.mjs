// Every ```js block of README.md runs in Node against the built package, so the README cannot rot.
// The blocks import "zhengwu" (this package, by self-reference) and may fetch() repository files:
// fetch is given file access to the repository root, and the module is initialised beforehand
// (Node cannot fetch the .wasm by file URL; init() then returns at once).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync, rmSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

import "./load.mjs";

const root = new URL("../../", import.meta.url);
const readme = readFileSync(new URL("README.md", root), "utf8");
const blocks = [...readme.matchAll(/^```js\n([\s\S]*?)^```/gm)].map((m) => m[1]);

test("README.md has a JS example", () => {
  assert.ok(blocks.length > 0);
});

blocks.forEach((code, index) => {
  test(`README.md js block ${index + 1} runs`, async () => {
    const realFetch = globalThis.fetch;
    const failures = [];
    const realAssert = console.assert;
    globalThis.fetch = async (path) =>
      new Response(readFileSync(fileURLToPath(new URL(String(path), root))));
    console.assert = (condition, ...rest) => {
      if (!condition) failures.push(rest.join(" ") || "console.assert failed");
    };
    // Written inside the package so that `import … from "zhengwu"` resolves to it.
    const file = new URL(`.readme-block-${index + 1}.mjs`, import.meta.url);
    writeFileSync(file, code);
    try {
      await import(pathToFileURL(fileURLToPath(file)).href);
    } finally {
      rmSync(file, { force: true });
      globalThis.fetch = realFetch;
      console.assert = realAssert;
    }
    assert.deepEqual(failures, []);
  });
});
