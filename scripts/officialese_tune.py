#!/usr/bin/env python3
"""Officialese tuning aid (issue 3): AUCs on the TRAIN split only, plus diagnostics.

    cargo build --release -p zhengwu --example officialese_tune
    python3 scripts/officialese_tune.py [EXTRA.tsv|-] [CONFIG.json]

Runs `officialese_tune` (optionally with candidate entries added at run time), then prints the ROC
AUC of the officialese score separating official texts (tipdm2020 official replies, 新闻联播 items)
from weibo2018-polarity posts on the train half — the split of `scripts/quality_eval.py` (a SHA-1 of
source + id; odd = test). Test rows are never read for tuning: they are dropped right after loading.
`xwlb_sample` (新闻联播 2012–2026, one day a month, not in the evaluation), `tipdm_message`
(citizens' messages, a harder ordinary set), `smp2020_virus` (ordinary Weibo users on the 2020
epidemic, the topics of the 2020 新闻联播 items in plain writing) and `weibo2024_personal` (own posts of
unverified personal accounts, 2024-11) are diagnostics outside the split (scripts/officialese_sources.rs).
"""
import hashlib
import json
import os
import subprocess
import sys
from collections import Counter, defaultdict

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
OUT = os.path.join(ROOT, "target", "officialese_tune.jsonl")


DIAGNOSTIC = ("xwlb_sample", "tipdm_message", "smp2020_virus", "weibo2024_personal")


def is_test(key):
    return int(hashlib.sha1(key.encode()).hexdigest(), 16) % 2 == 1


def auc(pos, neg):
    allv = sorted([(v, 1) for v in pos] + [(v, 0) for v in neg])
    ranks, i = {}, 0
    while i < len(allv):
        j = i
        while j < len(allv) and allv[j][0] == allv[i][0]:
            j += 1
        ranks.setdefault(allv[i][0], (i + j + 1) / 2)
        i = j
    rsum = sum(ranks[v] for v in pos)
    return (rsum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def main():
    exe = os.path.join(ROOT, "target", "release", "examples", "officialese_tune")
    subprocess.run([exe, OUT] + sys.argv[1:3], check=True)
    rows = [json.loads(l) for l in open(OUT, encoding="utf-8")]
    # The evaluation's split: only train rows from here on (the diagnostics sets are not in it).
    rows = [r for r in rows if r["source"] in DIAGNOSTIC or not is_test(r["source"] + r["id"])]
    by = defaultdict(list)
    for r in rows:
        by[r["source"]].append(r)
    neg = [r["officialese"] for r in by["weibo2018"]]
    pos = [r["officialese"] for s in ("tipdm_reply", "xwlb") for r in by[s]]
    print(f"TRAIN AUC overall {auc(pos, neg):.4f}  " + "  ".join(
        f"{s} {auc([r['officialese'] for r in by[s]], neg):.4f}" for s in ("tipdm_reply", "xwlb", "xwlb_sample")))
    for other in ("tipdm_message", "smp2020_virus", "weibo2024_personal"):
        print(f"  vs {other}: " + "  ".join(
            f"{s} {auc([r['officialese'] for r in by[s]], [r['officialese'] for r in by[other]]):.4f}" for s in ("tipdm_reply", "xwlb")))
    for s, rs in sorted(by.items()):
        v = [r["officialese"] for r in rs]
        print(f"  {s:14} n={len(v):5} mean {sum(v)/len(v):.3f} zero {sum(1 for x in v if x == 0)/len(v):.2f}")
    if os.environ.get("DIAG"):
        for s in ("weibo2018", "tipdm_message", "xwlb"):
            c = Counter(p[0] for r in by[s] for p in r["phrases"])
            print(s, "top phrases:", c.most_common(40))


if __name__ == "__main__":
    main()
