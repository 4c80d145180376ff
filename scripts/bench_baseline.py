"""Zhengwu against the notebook baseline researchers use today, on the CCTV News timeline.

    /work/venv-eval/bin/python scripts/bench_baseline.py [--sample 400] [--rounds 3]
        [--write docs/performance/baseline.md]

The BRIEF's target: ≥ 100× the posts/s of "jieba + word-list counts + SnowNLP" in Python.

The baseline is what a notebook does per post: `jieba.lcut`, count the tokens found in word lists
(we give it Zhengwu's own officialese, livelihood and sentiment lexicons, so it counts the same
phrases), and `SnowNLP(text).sentiments`. It runs on a deterministic sample (every k-th post; SnowNLP
manages tens of posts per second, so the whole timeline would take minutes per round).

Zhengwu's side is the `bench_python_native` example (release) with RAYON_NUM_THREADS=1
(one thread, like the Python loop): the full per-post quality pass plus message classification
(intent, sentiment, needs-reply) over all 7,951 posts. Both are warmed up first (jieba's dictionary,
SnowNLP's models, Zhengwu's dictionary and automata), so the figures are steady-state throughput;
the baseline's start-up cost is reported separately. The two sides alternate for --rounds rounds and
the ratio is the median over rounds (the machine is shared and noisy).

Needs jieba and snownlp importable (the evaluation venv: `pip install jieba snownlp`).
Input: ../shared/data/cctv-news-weibo-timeline-2020/timeline.csv (or $ZHENGWU_SHARED_DATA).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time
from collections import Counter
from typing import Dict, List, Set, Tuple

from bench_python import data_file  # same input resolution as the Python-vs-native benchmark

REPO = pathlib.Path(__file__).resolve().parents[1]
LEXICONS = REPO / "core" / "lexicons"


def read_texts(path: pathlib.Path) -> List[str]:
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    key = "text" if rows and "text" in rows[0] else "微博正文"
    return [r.get(key) or "" for r in rows]


def word_list(name: str) -> Set[str]:
    words = set()
    for line in (LEXICONS / name).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            words.add(line.split("\t", 1)[0].strip())
    words.discard("")
    return words


def baseline(texts: List[str], lists: Dict[str, Set[str]]) -> List[Tuple[Dict[str, int], float]]:
    import jieba
    from snownlp import SnowNLP

    out = []
    for text in texts:
        tokens = jieba.lcut(text)
        counts = Counter(tokens)
        per_list = {name: sum(counts[w] for w in words if w in counts) for name, words in lists.items()}
        sentiment = SnowNLP(text).sentiments if text.strip() else 0.5
        out.append((per_list, sentiment))
    return out


def zhengwu_native(path: pathlib.Path, repeat: int = 3) -> Dict[str, float]:
    """Posts and the median seconds of `post_quality` and `classify_messages`, one thread."""
    subprocess.run(["cargo", "build", "-q", "--release", "-p", "zhengwu", "--example", "bench_python_native"],
                   cwd=REPO, check=True)
    calls = ["post_quality", "classify_messages"] * repeat
    env = dict(os.environ, RAYON_NUM_THREADS="1")
    out = subprocess.run(
        [str(REPO / "target" / "release" / "examples" / "bench_python_native"), str(path)],
        input="\n".join(calls) + "\n", cwd=REPO, check=True, capture_output=True, text=True, env=env,
    )
    lines = out.stdout.splitlines()
    head = lines[0].split() if lines else []
    if len(lines) < 1 + len(calls) or len(head) != 2 or head[0] != "ready":
        sys.exit(f"unexpected output from bench_python_native: {out.stdout[:200]!r}")
    # One line per call: wall seconds, then process CPU seconds (the wall time is used here).
    times = [float(line.split()[0]) for line in lines[1:1 + len(calls)]]
    result: Dict[str, float] = {"posts": float(head[1])}
    for name in ("post_quality", "classify_messages"):
        result[name] = statistics.median(t for c, t in zip(calls, times) if c == name)
    return result


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", type=int, default=400, help="posts in the baseline's sample")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--write", type=pathlib.Path)
    args = ap.parse_args()

    path = data_file()
    texts = read_texts(path)
    step = max(1, len(texts) // args.sample)
    sample = texts[::step][: args.sample]
    lists = {
        "officialese": word_list("officialese.tsv"),
        "livelihood": word_list("livelihood.tsv"),
        "positive": word_list("sentiment_positive.tsv"),
        "negative": word_list("sentiment_negative.tsv"),
    }

    start = time.perf_counter()
    import jieba
    from snownlp import SnowNLP

    jieba.initialize()
    SnowNLP("预热").sentiments
    startup = time.perf_counter() - start
    baseline(sample[:5], lists)

    base_rates, ours_rates, ratios = [], [], []
    for r in range(args.rounds):
        t = time.perf_counter()
        baseline(sample, lists)
        base_rate = len(sample) / (time.perf_counter() - t)
        native = zhengwu_native(path)
        ours_rate = native["posts"] / (native["post_quality"] + native["classify_messages"])
        base_rates.append(base_rate)
        ours_rates.append(ours_rate)
        ratios.append(ours_rate / base_rate)
        print(f"round {r + 1}: baseline {base_rate:,.1f} posts/s, zhengwu {ours_rate:,.0f} posts/s, "
              f"ratio {ours_rate / base_rate:,.0f}", file=sys.stderr)

    ratio = statistics.median(ratios)
    lines = [
        "# Zhengwu against the notebook baseline",
        "",
        f"Measured by `scripts/bench_baseline.py` on {datetime.date.today()} (CPython "
        f"{platform.python_version()}, jieba {jieba.__version__}, SnowNLP, a shared 2-core machine). "
        "Input: the CCTV News timeline (`cctv-news-weibo-timeline-2020/timeline.csv`, "
        f"{len(texts)} posts). Target (BRIEF): ≥ 100× the posts/s of the notebook baseline.",
        "",
        "- **Baseline** (Python, one thread), per post: `jieba.lcut`, counts of the tokens found in "
        "four word lists (Zhengwu's own officialese, livelihood, positive and negative lexicons, "
        f"{sum(len(v) for v in lists.values())} entries), and `SnowNLP(text).sentiments`; on every "
        f"{step}th post ({len(sample)} posts).",
        "- **Zhengwu** (native Rust, `RAYON_NUM_THREADS=1`, one thread): the full per-post quality "
        "pass (type, livelihood, audience, officialese, readability, form, trivia, keywords, all with "
        "evidence) plus message classification (intent, sentiment, needs-reply, with evidence) of "
        f"all {len(texts)} posts, timed by `bench_python_native` (median of 3).",
        "",
        "Both sides are warmed up first; the figures are steady-state throughput. The two alternate "
        f"for {args.rounds} rounds; the ratio is the median over rounds.",
        "",
        "| round | baseline posts/s | Zhengwu posts/s | ratio |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for i, (b, o, q) in enumerate(zip(base_rates, ours_rates, ratios), 1):
        lines.append(f"| {i} | {b:,.1f} | {o:,.0f} | {q:,.0f}× |")
    lines += [
        "",
        f"**Median ratio: {ratio:,.0f}×** (target ≥ 100×: {'met' if ratio >= 100 else 'NOT met'}).",
        "",
        f"The baseline also pays {startup * 1000:,.0f} ms at start-up (jieba's dictionary and "
        "SnowNLP's models); Zhengwu's start-up is in `docs/performance/ingest.md`.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
