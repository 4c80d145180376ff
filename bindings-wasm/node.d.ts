// Types of the Node entry (node.mjs): everything of the ES module, already initialised, plus
// the bundled-dictionary helper.
export * from "./pkg/zhengwu.js";
export { default } from "./pkg/zhengwu.js";

/** Installs the jieba dictionary shipped in the package (pkg/jieba-dict.txt.gz) as the shared
 * tokenizer, with optional user words kept whole. Call it before the first analysis; throws a
 * `ZhengwuError` of kind `config` once the tokenizer is built. */
export function loadBundledDictionary(userWords?: string[]): void;
