// The package as a Node user imports it: `import … from "zhengwu"` resolves (by self-reference,
// condition "node") to node.mjs, which is ready without an init call; the dictionary the package
// ships is installed on request, and segmentation then matches the native build's dictionary.
// (node --test runs each file in its own process, so nothing initialised the module before.)
import { test } from "node:test";
import assert from "node:assert/strict";

import zhengwuDefault, { classifyMessage, cut, loadBundledDictionary, warmUp } from "zhengwu";

test("the Node entry is initialised on import", () => {
  assert.equal(typeof zhengwuDefault, "function", "default export: the browser-style init()");
  const c = classifyMessage("请问身份证在哪里办理？");
  assert.equal(c.intent, "inquiry");
  assert.equal(Object.getPrototypeOf(c), Object.prototype);
});

test("loadBundledDictionary installs the shipped dictionary", () => {
  loadBundledDictionary(["亚拢沟"]);
  const info = warmUp();
  assert.equal(info.dictionary, "bytes");
  assert.equal(info.userWords, 1);
  assert.ok(cut("四川康定特殊地貌亚拢沟钙华滩").includes("亚拢沟"));
  assert.throws(() => loadBundledDictionary(), (e) => e instanceof Error && e.kind === "config");
});
