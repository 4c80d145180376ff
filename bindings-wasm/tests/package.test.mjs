// The npm package as a consumer gets it: package.json `exports`/`types`/`files` name files that
// exist and cover everything the module imports, and the whole package fits the 3 MiB budget
// (gzipped), which this test prints.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { gzipSync } from "node:zlib";

const root = new URL("../", import.meta.url);
const manifest = JSON.parse(readFileSync(new URL("package.json", root), "utf8"));

function walk(url) {
  if (!statSync(url).isDirectory()) return [url];
  return readdirSync(url).flatMap((name) => walk(new URL(name + (statSync(new URL(name, url)).isDirectory() ? "/" : ""), url)));
}
const shipped = manifest.files.flatMap((f) => walk(new URL(f, root)));

test("package.json exports and types point at built files", () => {
  assert.equal(manifest.type, "module");
  assert.ok(existsSync(new URL(manifest.types, root)), manifest.types);
  // Conditions nest ({"node": {"types", "default"}, "types", "default"}): every leaf is a file.
  const leaves = (target) => (typeof target === "string" ? [target] : Object.values(target).flatMap(leaves));
  for (const [name, target] of Object.entries(manifest.exports)) {
    for (const p of leaves(target)) {
      assert.ok(existsSync(new URL(p, root)), `export ${name} → ${p}`);
      assert.ok(shipped.some((u) => u.href === new URL(p, root).href), `export ${name} → ${p} is in files`);
    }
  }
  for (const f of manifest.files) assert.ok(existsSync(new URL(f, root)), `files entry ${f}`);
});

test("every module the ES module imports is in `files`", () => {
  const glue = readFileSync(new URL(manifest.exports["."].default, root), "utf8");
  const imports = [...glue.matchAll(/(?:import|from)\s*\(?\s*['"](\.[^'"]+)['"]/g)].map((m) => m[1]);
  assert.ok(imports.length > 0, "the glue imports the result-tape snippet");
  const shippedHrefs = new Set(shipped.map((u) => u.href));
  for (const spec of imports) {
    const url = new URL(spec, new URL(manifest.exports["."].default, root));
    assert.ok(shippedHrefs.has(url.href), `${spec} is imported but not shipped`);
  }
});

test("the whole package is at most 3 MiB gzipped", () => {
  let total = 0;
  const rows = [];
  for (const url of shipped) {
    const bytes = readFileSync(url);
    // Already-compressed files count as they are.
    const size = url.pathname.endsWith(".gz") ? bytes.length : gzipSync(bytes, { level: 9 }).length;
    total += size;
    rows.push(`${String(size).padStart(9)}  ${url.pathname.slice(new URL("pkg/", root).pathname.length)}`);
  }
  console.log(`package size, gzipped:\n${rows.join("\n")}\n${String(total).padStart(9)}  total (${(total / 2 ** 20).toFixed(2)} MiB of 3 MiB)`);
  assert.ok(total <= 3 * 2 ** 20, `${total} bytes gzipped`);
});

test("the shipped TypeScript declarations use no `any`", () => {
  for (const url of shipped.filter((u) => u.pathname.endsWith(".d.ts"))) {
    const code = readFileSync(url, "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/\/\/.*$/gm, "");
    const found = code.match(/[:<,|(]\s*any\b|\bany\[\]/g);
    assert.equal(found, null, `${url.pathname}: ${found}`);
  }
});
