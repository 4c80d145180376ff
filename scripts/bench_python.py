"""Python batch calls against the same calls in native Rust, on the CCTV News timeline.

    .venv/bin/python scripts/bench_python.py [--repeat 3] [--rounds 2] [--write docs/performance/python.md]

Builds and runs `cargo run --release --example bench_python_native` (the Rust timings, median of
--repeat runs, in their own process) and times the same calls through `zhengwu` here, alternating
the two for --rounds rounds (the machine is shared and noisy: compare the ratios, which are
medians over rounds). Python's time includes everything a user pays: converting records to and
from JSON, building the DataFrame. Also measures `import zhengwu` in fresh interpreters.
Input: ../shared/data/cctv-news-weibo-timeline-2020/timeline.csv (or $ZHENGWU_SHARED_DATA).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time
from typing import Callable, Dict, List

REPO = pathlib.Path(__file__).resolve().parents[1]


def data_file() -> pathlib.Path:
    base = pathlib.Path(os.environ.get("ZHENGWU_SHARED_DATA", REPO.parent / "shared" / "data"))
    path = base / "cctv-news-weibo-timeline-2020" / "timeline.csv"
    if not path.exists():
        sys.exit(f"missing {path}: the benchmark needs the shared CCTV timeline")
    return path


def median_time(repeat: int, work: Callable[[], object]) -> float:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs)


def rust_times(path: pathlib.Path, repeat: int) -> Dict[str, float]:
    out = subprocess.run(
        ["cargo", "run", "-q", "--release", "-p", "zhengwu", "--example", "bench_python_native", "--",
         str(path), "--repeat", str(repeat)],
        cwd=REPO, check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def python_times(path: pathlib.Path, repeat: int) -> Dict[str, float]:
    import zhengwu

    posts, _ = zhengwu.read_posts(path, lenient=True)
    texts = [p["text"] for p in posts]
    zhengwu.post_quality(posts[:50])  # warm-up, as on the Rust side
    zhengwu.classify_messages(texts[:50])
    return {
        "posts": len(posts),
        "read": median_time(repeat, lambda: zhengwu.read_posts(path, lenient=True)),
        "post_quality": median_time(repeat, lambda: zhengwu.post_quality(posts, progress=False)),
        "classify_messages": median_time(repeat, lambda: zhengwu.classify_messages(texts, progress=False)),
        "account_health": median_time(repeat, lambda: zhengwu.account_health(posts)),
    }


def import_times(runs: int = 7) -> List[float]:
    code = "import time; t = time.perf_counter(); import zhengwu; print(time.perf_counter() - t)"
    return [
        float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--write", type=pathlib.Path)
    args = parser.parse_args()
    path = data_file()
    calls = ["read", "post_quality", "classify_messages", "account_health"]
    ratios: Dict[str, List[float]] = {c: [] for c in calls}
    rust_all: Dict[str, List[float]] = {c: [] for c in calls}
    py_all: Dict[str, List[float]] = {c: [] for c in calls}
    posts = 0
    for round_ in range(args.rounds):
        rust = rust_times(path, args.repeat)
        py = python_times(path, args.repeat)
        posts = int(py["posts"])
        for c in calls:
            rust_all[c].append(rust[c])
            py_all[c].append(py[c])
            ratios[c].append(py[c] / rust[c])
        print(f"round {round_ + 1}: " + ", ".join(f"{c} {py[c]:.3f}s/{rust[c]:.3f}s" for c in calls), file=sys.stderr)
    imports = import_times()
    lines = [
        "# Python binding: batch calls against native Rust",
        "",
        f"Measured by `scripts/bench_python.py` on {datetime.date.today().isoformat()} "
        f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, a shared and "
        "busy machine): the CCTV News timeline (`cctv-news-weibo-timeline-2020/timeline.csv`, "
        f"{posts} posts), default configurations. Rust times come from "
        "`cargo run --release --example bench_python_native` (`scripts/bench_python_native.rs`), Python times from "
        "the same calls through `zhengwu`, including the conversion to and from JSON and the DataFrame. Each figure is "
        f"the median of {args.repeat} runs; the two sides alternate for {args.rounds} rounds and the ratio is the median "
        "over rounds. Target: ratio ≤ 1.3.",
        "",
        "| call | Rust (s) | Python (s) | ratio |",
        "| --- | ---: | ---: | ---: |",
    ]
    for c in calls:
        lines.append(
            f"| `{c}` | {statistics.median(rust_all[c]):.3f} | {statistics.median(py_all[c]):.3f} | "
            f"{statistics.median(ratios[c]):.2f} |"
        )
    lines += [
        "",
        f"`import zhengwu` in a fresh interpreter: median {statistics.median(imports) * 1000:.0f} ms "
        f"(min {min(imports) * 1000:.0f}, max {max(imports) * 1000:.0f}, {len(imports)} runs); the dictionary and "
        "lexicons are built on first use.",
        "",
        "Where the Python overhead goes: records cross the boundary as JSON text (serde on the Rust side, "
        "`json.loads` on the Python side), and the results become flat rows and a DataFrame. The analysis itself is "
        "the same native code, run with the GIL released on the same rayon pool size.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
