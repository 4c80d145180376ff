// The analyses against the shared vectors (tests/vectors/{quality,interaction,health}.json): the
// same files and the same checks as core/tests/*_vectors.rs, so JS and Rust agree on one truth.
import { test } from "node:test";
import assert from "node:assert/strict";

import zhengwu, { camel, readVector } from "./load.mjs";

const near = (got, want, what) => {
  if (typeof want === "number" && typeof got === "number") {
    assert.ok(Math.abs(got - want) < 1e-6, `${what}: got ${got}, want ${want}`);
  } else {
    assert.deepEqual(got, want, what);
  }
};
const includesAll = (got, want, what) => {
  for (const w of want) assert.ok(got.includes(w), `${what}: ${w} missing from ${JSON.stringify(got)}`);
};

test("the shared tokenizer uses the dictionary loaded from bytes", () => {
  const info = zhengwu.warmUp();
  assert.equal(info.dictionary, "bytes");
  const words = zhengwu.cut("近日，3人驾驶越野车驶入四川康定特殊地貌亚拢沟钙华滩");
  assert.equal(words.join(""), "近日，3人驾驶越野车驶入四川康定特殊地貌亚拢沟钙华滩");
  includesAll(words, ["驾驶", "越野车", "四川", "康定"], "words");
  assert.throws(
    () => zhengwu.loadDictionary(new TextEncoder().encode("市场监管 100 n\n")),
    (e) => e instanceof Error && e.kind === "config",
  );
});

// ---------------------------------------------------------------------------------- quality
const quality = readVector("quality.json");
function checkQuality(q, expect) {
  for (const [key, want] of Object.entries(expect)) {
    if (key === "post_type") assert.equal(q.postType.kind, want, key);
    else if (key === "audience") assert.equal(q.audience.orientation, want, key);
    else if (key.endsWith("_min") || key.endsWith("_max")) {
      const field = key.slice(0, -4);
      const score = {
        livelihood: q.livelihood.score,
        officialese: q.officialese.score,
        plain: q.plainLanguage.score,
        verse_lines: q.form.verse ? q.form.verse.lines.length : 0,
      }[field];
      assert.equal(typeof score, "number", `known bound ${field}`);
      assert.ok(key.endsWith("_min") ? score >= want : score <= want, `${field} = ${score} ${key} ${want}`);
    } else if (key === "officialese_phrases") includesAll(q.officialese.matches.map((m) => m.phrase), want, key);
    else if (key === "type_cues") includesAll(q.postType.cues.map((c) => c.cue), want, key);
    else if (key === "livelihood_categories") includesAll(q.livelihood.categories.map((c) => c.category), want, key);
    else if (key === "trivia_categories") includesAll(q.trivia.markers.map((m) => m.category), want, key);
    else if (["emoticons", "hashtags", "repost_chain"].includes(key)) assert.deepEqual(q.text[camel(key)], want, key);
    else if (key === "details") {
      for (const [kind, texts] of Object.entries(want)) {
        includesAll(q.livelihood.details.filter((d) => d.kind === kind).map((d) => d.text), texts, `${kind} details`);
      }
    } else if (key === "trivia") assert.equal(q.trivia.isTrivia, want, key);
    else if (key === "greeting_only") assert.equal(q.trivia.greetingOnly, want, key);
    else if (key === "qa") assert.equal(q.form.qa, want, key);
    else if (key === "verse_rhyme") assert.equal(q.form.verse?.rhyme ?? null, want, key);
    else assert.fail(`unknown expectation key ${key}`);
  }
}

for (const c of quality.cases) {
  test(`quality vector: ${c.name}`, () => checkQuality(zhengwu.analyzePost(c.post), c.expect));
}

test("analyzePosts equals analyzePost one by one; camelCase posts are accepted", () => {
  const posts = quality.cases.map((c) => c.post);
  const batch = zhengwu.analyzePosts(posts);
  assert.equal(batch.length, posts.length);
  // TextRank keywords tied on weight may come in either order (core issue, fixed separately):
  // compare them as sorted lists.
  const norm = (q) => ({ ...q, keywords: { ...q.keywords, textrank: [...q.keywords.textrank].sort((a, b) => a.word.localeCompare(b.word)) } });
  batch.forEach((q, i) => assert.deepEqual(norm(q), norm(zhengwu.analyzePost(posts[i]))));
  const camelPost = Object.fromEntries(Object.entries(posts[0]).map(([k, v]) => [camel(k), v]));
  assert.deepEqual(norm(zhengwu.analyzePost(camelPost)), norm(batch[0]));
  const summary = zhengwu.summarizeAccountQuality(posts);
  assert.equal(typeof summary, "object");
  assert.equal(Object.getPrototypeOf(summary), Object.prototype);
});

test("a lexicon extension at run time changes the officialese evidence", () => {
  const post = { id: "x", account_id: "a", created_at: "2024-01-01T09:00:00+08:00", text: "我们要狠抓落地见效，推动工作。" };
  const before = zhengwu.analyzePost(post);
  const after = zhengwu.analyzePost(post, {
    lexicons: { officialese: [{ phrase: "狠抓落地见效", category: "set_phrase", weight: 1.0 }] },
  });
  assert.ok(!before.officialese.matches.some((m) => m.phrase === "狠抓落地见效"));
  assert.ok(after.officialese.matches.some((m) => m.phrase === "狠抓落地见效"));
});

// ------------------------------------------------------------------------------ interaction
const interaction = readVector("interaction.json");

test("classify vectors (intent, needsReply, sentiment)", () => {
  for (const c of interaction.classify) {
    const m = zhengwu.classifyMessage(c.text);
    for (const key of ["intent", "needs_reply", "sentiment_label"]) {
      if (key in c) assert.equal(m[camel(key)], c[key], `${key} of ${c.text}`);
    }
    if ("sentiment_label_not" in c) assert.notEqual(m.sentimentLabel, c.sentiment_label_not, c.text);
    const brief = zhengwu.classifyMessageBrief(c.text);
    assert.deepEqual(
      brief,
      { intent: m.intent, needsReply: m.needsReply, sentimentLabel: m.sentimentLabel, sentimentScore: m.sentimentScore },
      `brief of ${c.text}`,
    );
  }
  const texts = interaction.classify.map((c) => c.text);
  assert.deepEqual(zhengwu.classifyMessages(texts), texts.map((t) => zhengwu.classifyMessage(t)));
});

for (const c of interaction.cases) {
  test(`interaction vector: ${c.name}`, () => {
    const r = zhengwu.analyzeInteraction(c.account, c.posts, c.comments, c.mentions, {
      ...c.config,
      include_messages: true,
    });
    const e = c.expect;
    const resp = r.responsiveness;
    for (const key of ["citizen_messages", "needs_reply", "answered", "reply_rate", "official_replies", "broadcast_ratio"]) {
      if (key in e) near(resp[camel(key)], e[key], key);
    }
    for (const [key, field] of [
      ["median_latency_seconds", "medianSeconds"],
      ["p90_latency_seconds", "p90Seconds"],
      ["within_1h_share", "within1hShare"],
      ["within_24h_share", "within24hShare"],
    ]) {
      if (key in e) near(resp.latency[field], e[key], key);
    }
    if ("backlog_ids" in e) assert.deepEqual(resp.backlog.map((b) => b.id), e.backlog_ids);
    if ("backlog_age_hours" in e) assert.deepEqual(resp.backlog.map((b) => b.ageHours), e.backlog_age_hours);
    if ("complaint_intent_ids" in e) {
      assert.deepEqual(
        r.messageOutcomes.filter((o) => o.intent === "complaint").map((o) => o.id),
        e.complaint_intent_ids,
      );
    }
    if ("links_by_reply_prefix" in e) assert.equal(r.threads.linksByReplyPrefix, e.links_by_reply_prefix);
    if ("crisis_episodes" in e) assert.equal(r.crisis.length, e.crisis_episodes);
    const ep = r.crisis[0];
    if (ep) {
      if ("crisis_onset" in e) assert.equal(Date.parse(ep.onset), Date.parse(e.crisis_onset));
      if ("crisis_peak_negative" in e) near(ep.peakNegative, e.crisis_peak_negative, "peak");
      if ("crisis_response_seconds" in e) near(ep.responseSeconds, e.crisis_response_seconds, "response");
      if ("crisis_first_response_id" in e) assert.equal(ep.firstResponseId, e.crisis_first_response_id);
    }
  });
}

// ----------------------------------------------------------------------------------- health
const health = readVector("health.json");

test("BCI vectors", () => {
  for (const c of health.bci) {
    const b = zhengwu.bci(c.posts, c.reposts, c.comments, c.likes);
    near(b.w1, c.w1, "w1");
    near(b.w2, c.w2, "w2");
    near(b.bci, c.bci, "bci");
  }
});

for (const c of health.cases) {
  test(`health vector: ${c.name}`, () => {
    const r = zhengwu.audit(c.dataset, c.config);
    const e = c.expect;
    const a = r.accounts.find((x) => x.account.id === e.account);
    assert.ok(a, `${e.account} audited`);
    assert.deepEqual(a.diagnoses.found.map((d) => d.kind), e.diagnoses);
    if (e.primary) assert.equal(a.diagnoses.found[0]?.kind, e.primary);
    if (e.level) assert.equal(a.diagnoses.found[0].level, e.level);
    for (const [k, want] of Object.entries(e.figures ?? {})) {
      const d = a.diagnoses.found.find((x) => k in x.evidence.figures);
      assert.ok(d, `figure ${k} in the evidence`);
      near(d.evidence.figures[k], want, k);
    }
    const score = (k) => a.scores.components.find((x) => x.kind === k)?.score ?? null;
    for (const [k, want] of Object.entries(e.scores ?? {})) near(score(k), want, `score ${k}`);
    for (const k of e.missing ?? []) assert.equal(score(k), null, `${k} missing`);
    if ("bci" in e) near(a.indices.bci.bci, e.bci, "bci");
    if ("coordination_share" in e) near(a.coordination?.share ?? -1, e.coordination_share, "coordination");
  });
}

test("auditTexts reads files like readRecords and audits them", () => {
  const c = health.cases.find((x) => x.dataset.posts.length > 0);
  const lines = [
    ...c.dataset.accounts.map((a) => ({ kind: "account", ...a })),
    ...c.dataset.posts.map((p) => ({ kind: "post", ...p })),
    ...c.dataset.comments.map((x) => ({ kind: "comment", ...x })),
    ...c.dataset.mentions.map((x) => ({ kind: "mention", ...x })),
  ].map((r) => JSON.stringify(r));
  const out = zhengwu.auditTexts([{ text: lines.join("\n"), options: { source: "case.jsonl" } }], c.config);
  assert.equal(out.ingest[0].source, "case.jsonl");
  assert.equal(out.ingest[0].read, lines.length);
  assert.deepEqual(out.audit, zhengwu.audit(c.dataset, c.config));
  assert.equal(out.accounts.length, out.audit.accounts.length);
});

test("errors are Error objects with a kind", () => {
  assert.throws(() => zhengwu.audit({ posts: [{ id: "p" }] }), (e) => e instanceof Error && e.kind === "invalid_value");
  assert.throws(() => zhengwu.audit({}, { scores: { weights: { activity: -1 } } }), (e) => e instanceof Error && e.kind === "config");
  assert.throws(() => zhengwu.auditTexts([{}]), (e) => e instanceof Error && e.kind === "invalid_value");
  assert.throws(() => zhengwu.analyzePost("not a post"), (e) => e instanceof Error && typeof e.kind === "string");
});

test("results are plain objects with camelCase keys", () => {
  const c = health.cases.find((x) => x.expect.account === "good");
  const r = zhengwu.audit(c.dataset, { ...c.config, run_quality: true });
  assert.equal(Object.getPrototypeOf(r), Object.prototype);
  const a = r.accounts.find((x) => x.account.id === "good");
  // Struct fields are camelCase; map keys (evidence figures, counts by kind) are data and stay.
  const structs = [r, a, a.account, a.activity, a.scores, a.scores.components[0], a.diagnoses.found[0],
    a.engagement, a.indices.bci, a.quality, a.interaction, a.interaction.responsiveness,
    a.interaction.responsiveness.latency, r.league[0]];
  for (const object of structs) {
    assert.ok(object && typeof object === "object");
    const snake = Object.keys(object).filter((k) => k.includes("_"));
    assert.deepEqual(snake, [], `snake_case keys in ${JSON.stringify(Object.keys(object))}`);
  }
  assert.ok("overall" in a.scores && "daysSinceLastOriginal" in a.activity);
});
