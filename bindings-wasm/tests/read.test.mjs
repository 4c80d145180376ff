// readRecords against the shared vectors in tests/vectors/read_basic.json (one truth, three checks).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";

import zhengwu, { camel, readVector, vectors } from "./load.mjs";

const { cases } = readVector("read_basic.json");

function inputOf(testCase) {
  return testCase.input_file
    ? readFileSync(new URL(testCase.input_file, vectors), "utf8")
    : testCase.input_text;
}

function checkFields(actual, expected, what) {
  for (const [key, value] of Object.entries(expected)) {
    assert.deepEqual(actual[camel(key)], value, `${what}.${camel(key)}`);
  }
}

for (const testCase of cases.filter((c) => c.expect)) {
  test(`vector ${testCase.name}: counts, report and fields`, () => {
    const result = zhengwu.readRecords(inputOf(testCase), testCase.options);
    const { expect } = testCase;
    for (const [kind, count] of Object.entries(expect.counts)) {
      assert.equal(result[kind].length, count, kind);
    }
    checkFields(result.report, expect.report, "report");
    assert.equal(result.report.read + result.report.rejected, result.report.seen);
    if (expect.first_post) checkFields(result.posts[0], expect.first_post, "posts[0]");
    if (expect.first_account) checkFields(result.accounts[0], expect.first_account, "accounts[0]");
    if (expect.last_comment) checkFields(result.comments.at(-1), expect.last_comment, "comments[-1]");
  });
}

for (const testCase of cases.filter((c) => c.expect_error)) {
  test(`vector ${testCase.name}: throws an Error with kind and line`, () => {
    assert.throws(
      () => zhengwu.readRecords(inputOf(testCase), testCase.options),
      (error) => {
        assert.ok(error instanceof Error);
        assert.equal(error.name, "ZhengwuError");
        assert.equal(error.kind, testCase.expect_error.kind);
        assert.equal(error.line, testCase.expect_error.line);
        assert.equal(typeof error.reason, "string");
        assert.ok(error.message.includes(String(testCase.expect_error.line)));
        return true;
      },
    );
  });
}

test("results are plain objects with camelCase keys only", () => {
  const text = inputOf(cases.find((c) => c.name === "basic_jsonl"));
  const result = zhengwu.readRecords(text, { format: "jsonl" });
  assert.equal(Object.getPrototypeOf(result), Object.prototype);
  assert.equal(Object.getPrototypeOf(result.posts[0]), Object.prototype);
  const keys = JSON.stringify(result).match(/"[A-Za-z_]+":/g) ?? [];
  assert.deepEqual(keys.filter((k) => k.includes("_")), [], "no snake_case keys");
  assert.equal(result.posts[2].repostOf.authorName, "示例省市场监管");
});

test("bytes and text give the same records; invalid UTF-8 is kind encoding", () => {
  const path = new URL("inputs/read_basic.jsonl", vectors);
  const fromText = zhengwu.readRecords(readFileSync(path, "utf8"), { format: "jsonl" });
  const fromBytes = zhengwu.readRecordsFromBytes(readFileSync(path), {
    format: "jsonl",
    source: "upload.jsonl",
  });
  assert.deepEqual(fromBytes.posts, fromText.posts);
  assert.equal(fromBytes.report.source, "upload.jsonl");
  const bad = new Uint8Array([0x7b, 0xff, 0xfe, 0x7d, 0x0a]);
  assert.throws(
    () => zhengwu.readRecordsFromBytes(bad, { format: "jsonl" }),
    (error) => error.kind === "encoding",
  );
});

test("options are checked: unknown format or key is a config error", () => {
  assert.throws(
    () => zhengwu.readRecords("{}\n", { format: "no-such-format" }),
    (error) => error.kind === "config",
  );
  assert.throws(
    () => zhengwu.readRecords("{}\n", { fromat: "jsonl" }),
    (error) => error.kind === "config" && error.message.includes("fromat"),
  );
});

test("version is the crate version", () => {
  const cargo = readFileSync(new URL("../../Cargo.toml", import.meta.url), "utf8");
  assert.ok(cargo.includes(`version = "${zhengwu.version()}"`));
});
