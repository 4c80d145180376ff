// Loads the built ES module (bindings-wasm/pkg, made by scripts/build-wasm.sh) in Node: the same
// `--target web` artefact the browser uses, instantiated from the file instead of a fetch.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

const pkg = new URL("../pkg/", import.meta.url);
const zhengwu = await import(new URL("zhengwu.js", pkg).href);
/** The instance's exports (`wasm.memory` is the module's linear memory). */
export const wasm = zhengwu.initSync({ module: readFileSync(fileURLToPath(new URL("zhengwu_bg.wasm", pkg))) });
// The module does not embed jieba's dictionary (size budget): install the one build-wasm.sh put
// next to it, so segmentation matches the native build word for word.
const dictionary = new URL("jieba-dict.txt.gz", pkg);
if (existsSync(dictionary)) {
  zhengwu.loadDictionary(gunzipSync(readFileSync(dictionary)));
}

export default zhengwu;

/** The shared vectors directory, tests/vectors at the repository root. */
export const vectors = new URL("../../tests/vectors/", import.meta.url);

export function readVector(name) {
  return JSON.parse(readFileSync(new URL(name, vectors), "utf8"));
}

/** snake_case model field name → the camelCase key JS callers see. */
export function camel(name) {
  return name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
}
