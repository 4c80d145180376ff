// Hostile inputs across the WebAssembly boundary (issue 8): every bad input throws an `Error`
// (name "ZhengwuError") with a stable `kind`, `line`, `field` and `reason`; and after any error
// the module is still in a working state, so the next call gives the right answer.
import { test } from "node:test";
import assert from "node:assert/strict";

import zhengwu from "./load.mjs";

const POST =
  '{"kind":"post","id":"ID","account_id":"gov","created_at":"2020-01-13T08:07:00+08:00","text":"TEXT"LIKES}';

function post(text = "好", likes = "", id = "p1") {
  return POST.replace("ID", id).replace("TEXT", text).replace("LIKES", likes);
}

function goodJsonl(n) {
  let out = "";
  for (let i = 0; i < n; i += 1) out += post(`第${i}条`, "", `p${i}`) + "\n";
  return out;
}

/** Asserts that `fn` throws a ZhengwuError of `kind` (and `line`, `field` when given). */
function throwsKind(fn, kind, line, field) {
  assert.throws(fn, (error) => {
    assert.ok(error instanceof Error, "an Error");
    assert.equal(error.name, "ZhengwuError");
    assert.equal(error.kind, kind, error.message);
    if (line !== undefined) assert.equal(error.line, line, error.message);
    if (field !== undefined) assert.equal(error.field, field, error.message);
    assert.equal(typeof error.reason, "string");
    assert.ok(error.reason.length > 0);
    return true;
  });
}

/** The module still works: a good read right after. */
function stillWorks() {
  const result = zhengwu.readRecords(goodJsonl(3), { format: "jsonl" });
  assert.deepEqual(
    result.posts.map((p) => p.text),
    ["第0条", "第1条", "第2条"],
  );
  assert.equal(result.report.read + result.report.rejected, result.report.seen);
}

const bad = [
  ["invalid UTF-8", () => zhengwu.readRecordsFromBytes(new Uint8Array([0x7b, 0xc3, 0x28, 0x7d, 0x0a]), { format: "jsonl" }), "encoding", 1],
  ["a raw NUL in a JSON string", () => zhengwu.readRecords(post("a\0b") + "\n", { format: "jsonl" }), "syntax", 1],
  ["a truncated line", () => zhengwu.readRecords(goodJsonl(2) + post().slice(0, 40), { format: "jsonl" }), "syntax", 3],
  ["a negative count", () => zhengwu.readRecords(post("x", ',"likes":-5') + "\n", { format: "jsonl" }), "invalid_value", 1, "likes"],
  ["an overflowing count", () => zhengwu.readRecords(post("x", ',"likes":18446744073709551616') + "\n", { format: "jsonl" }), "invalid_value", 1, "likes"],
  ["a bad time", () => zhengwu.readRecords(post().replace("2020-01-13T08:07:00+08:00", "2020-13-45") + "\n", { format: "jsonl" }), "invalid_time", 1, "created_at"],
  ["a missing field", () => zhengwu.readRecords(post().replace('"account_id":"gov",', "") + "\n", { format: "jsonl" }), "missing_field", 1, "account_id"],
  ["deeply nested JSON", () => zhengwu.readRecords("[".repeat(100000) + "]".repeat(100000), { format: "weibo_api" }), "syntax"],
  ["deeply nested JSON in a record", () => zhengwu.readRecords(post('x","extra":' + "[".repeat(50000) + "]".repeat(50000) + ',"y":"') + "\n", { format: "jsonl" }), "syntax", 1],
  ["an unknown format", () => zhengwu.readRecords("{}\n", { format: "no-such-format" }), "config"],
  ["an unknown preset", () => zhengwu.readRecords("a,b\n1,2\n", { format: "csv", preset: "nope" }), "config"],
  ["a misspelt option", () => zhengwu.readRecords("{}\n", { lenent: true }), "config"],
  ["a CSV row with a bad time after a quoted newline", () => zhengwu.readRecords('id,uid,created_at,text\np1,gov,2020-01-13 08:07,"一\n二"\np2,gov,nonsense,x\n', { format: "csv" }), "invalid_time", 4, "created_at"],
];

for (const [what, fn, kind, line, field] of bad) {
  test(`${what}: throws kind ${kind}, and the next call works`, () => {
    throwsKind(fn, kind, line, field);
    stillWorks();
  });
}

test("many errors in a row leave the module working", () => {
  for (let i = 0; i < 200; i += 1) {
    const [, fn, kind] = bad[i % bad.length];
    throwsKind(fn, kind);
  }
  stillWorks();
});

test("wrong argument types throw instead of breaking the module", () => {
  for (const args of [[42], [null], [undefined], [{}], ["{}\n", 42], ["{}\n", "jsonl"]]) {
    assert.throws(() => zhengwu.readRecords(...args));
    stillWorks();
  }
  assert.throws(() => zhengwu.readRecordsFromBytes("not bytes", { format: "jsonl" }));
  stillWorks();
});

test("lenient reads count every tenth corrupt line with reasons", () => {
  const lines = goodJsonl(10000).trimEnd().split("\n");
  for (let i = 9; i < lines.length; i += 10) lines[i] = lines[i].slice(0, lines[i].length >> 1);
  const result = zhengwu.readRecords(lines.join("\n") + "\n", { format: "jsonl", lenient: true });
  assert.equal(result.report.seen, 10000);
  assert.equal(result.report.read, 9000);
  assert.equal(result.report.rejected, 1000);
  assert.deepEqual(result.report.reasons, { syntax: 1000 });
  assert.equal(result.posts.length, 9000);
});

test("BOM, CRLF, emoji ZWJ, zero-width and Traditional text read as written", () => {
  const text = "\u200b請問👨\u200d👩\u200d👧在哪裡辦理？\ufeff";
  const result = zhengwu.readRecords("\ufeff" + post(text) + "\r\n" + post("二", "", "p2") + "\r\n");
  assert.equal(result.report.format, "jsonl");
  assert.deepEqual(result.posts.map((p) => p.text), [text, "二"]);
});

test("counts past 2^53 arrive as the nearest number, as JSON.parse would give them", () => {
  // Regression (issue 8): serde-wasm-bindgen refused them and the whole read failed.
  const line = post("x", ',"likes":18446744073709551615') + "\n";
  const result = zhengwu.readRecords(line, { format: "jsonl" });
  assert.equal(result.posts[0].likes, JSON.parse("18446744073709551615"));
  const lenient = zhengwu.readRecords(line + post("y", ',"likes":9007199254740993', "p2") + "\n", { format: "jsonl", lenient: true });
  assert.equal(lenient.posts.length, 2);
  assert.equal(lenient.posts[1].likes, 9007199254740992);
});

test("timestamps in 1970 and 2100, and the largest count", () => {
  const old = post().replace("2020-01-13T08:07:00+08:00", "1970-01-01T00:00:00Z");
  const future = post("x", ',"likes":9007199254740991', "p2").replace("2020-01-13T08:07:00+08:00", "2100-12-31T23:59:59+08:00");
  const result = zhengwu.readRecords(old + "\n" + future + "\n", { format: "jsonl" });
  assert.deepEqual(result.posts.map((p) => p.createdAt), ["1970-01-01T00:00:00Z", "2100-12-31T23:59:59+08:00"]);
  assert.equal(result.posts[1].likes, Number.MAX_SAFE_INTEGER);
});

test("a 10 MB post crosses the boundary whole", () => {
  const text = "市场监管局提醒您注意食品安全。".repeat(Math.ceil((10 * 1024 * 1024) / 45));
  const result = zhengwu.readRecords(post(text) + "\n");
  assert.equal(result.report.format, "jsonl");
  assert.equal(result.posts[0].text.length, text.length);
  stillWorks();
});
