// The package's Node entry (`exports["."].node` in package.json): the same ES module browsers
// get, instantiated synchronously from the .wasm beside it, so `import { auditTexts } from
// "zhengwu"` works in Node without an init call (Node's fetch cannot read file: URLs, which the
// browser-style `init()` would need). The tokenizer stays lazy: `loadBundledDictionary()`
// installs the jieba dictionary the package ships, when the caller wants it.
import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";

import { initSync, loadDictionary } from "./pkg/zhengwu.js";

initSync({ module: readFileSync(new URL("./pkg/zhengwu_bg.wasm", import.meta.url)) });

export * from "./pkg/zhengwu.js";
export { default } from "./pkg/zhengwu.js";

/** Installs pkg/jieba-dict.txt.gz (jieba's dictionary, as the native build embeds it) as the
 * shared tokenizer, with optional user words. Call it before the first analysis. */
export function loadBundledDictionary(userWords) {
  const bytes = gunzipSync(readFileSync(new URL("./pkg/jieba-dict.txt.gz", import.meta.url)));
  loadDictionary(bytes, userWords);
}
