"""Python batch calls against the same calls in native Rust, on the CCTV News timeline.

    .venv/bin/python scripts/bench_python.py [--runs 15] [--write docs/performance/python.md]

Builds and starts `cargo run --release --example bench_python_native` (the same calls in Rust, in
a process of their own, one timed run per request) and times the same calls through `zhengwu`
here, alternating single runs of the two sides --runs times per call (the machine is shared:
alternating run by run, both sides see the same load). Python's time includes everything a user pays:
handing the records to Rust, building the result's Python objects and the DataFrame. The
machine is shared and noisy, so the table gives, per call, the best time of each side over all
runs (the run least disturbed by other load) and their ratio, and the median over rounds of
the per-round ratio of median times. Also measures `import zhengwu` in fresh interpreters.
Input: ../shared/data/cctv-news-weibo-timeline-2020/timeline.csv (or $ZHENGWU_SHARED_DATA).
"""

from __future__ import annotations

import argparse
import datetime
import os
import pathlib
import platform
import statistics
import subprocess
import sys
import time
from typing import Any, Callable, Dict, List

REPO = pathlib.Path(__file__).resolve().parents[1]


def data_file() -> pathlib.Path:
    base = pathlib.Path(os.environ.get("ZHENGWU_SHARED_DATA", REPO.parent / "shared" / "data"))
    path = base / "cctv-news-weibo-timeline-2020" / "timeline.csv"
    if not path.exists():
        sys.exit(f"missing {path}: the benchmark needs the shared CCTV timeline")
    return path


def run_times(repeat: int, work: Callable[[], object]) -> List[float]:
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        work()
        runs.append(time.perf_counter() - start)
    return runs


def build_native() -> pathlib.Path:
    subprocess.run(
        ["cargo", "build", "-q", "--release", "-p", "zhengwu", "--example", "bench_python_native"],
        cwd=REPO, check=True,
    )
    target = pathlib.Path(os.environ.get("CARGO_TARGET_DIR", REPO / "target"))
    return target / "release" / "examples" / "bench_python_native"


class Native:
    """The Rust side: a running `bench_python_native` that times one call per request."""

    def __init__(self, binary: pathlib.Path, path: pathlib.Path) -> None:
        self.process = subprocess.Popen(
            [str(binary), str(path)], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
        )
        assert self.process.stdin and self.process.stdout
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        ready = self.stdout.readline()
        if not ready.startswith("ready"):
            sys.exit(f"bench_python_native did not start: {ready!r}")

    def run(self, call: str) -> float:
        self.stdin.write(call + "\n")
        self.stdin.flush()
        return float(self.stdout.readline())

    def close(self) -> None:
        self.stdin.close()
        self.process.wait()


#: The calls timed, in table order (the default call of each: what a user writes first).
CALLS = ["read", "post_quality", "classify_messages", "interactions", "crisis", "account_health", "cohort", "bci"]


def python_calls(path: pathlib.Path) -> Dict[str, Callable[[], object]]:
    import zhengwu

    posts, _ = zhengwu.read_posts(path, lenient=True)
    texts = [p["text"] for p in posts]
    account = posts[0]["account_id"]
    zhengwu.post_quality(posts[:50])  # warm-up, as on the Rust side
    zhengwu.classify_messages(texts[:50])
    work: Dict[str, Callable[[], object]] = {
        "read": lambda: zhengwu.read_posts(path, lenient=True),
        "post_quality": lambda: zhengwu.post_quality(posts),
        "classify_messages": lambda: zhengwu.classify_messages(texts),
        "interactions": lambda: zhengwu.interactions(posts, [], account_id=account),
        "crisis": lambda: zhengwu.crisis(posts, [], account_id=account),
        "account_health": lambda: zhengwu.account_health(posts),
        "cohort": lambda: zhengwu.cohort(posts, by="level"),
        "bci": lambda: zhengwu.bci(posts),
    }
    return work


def import_times(runs: int = 7) -> List[float]:
    code = "import time; t = time.perf_counter(); import zhengwu; print(time.perf_counter() - t)"
    return [
        float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--write", type=pathlib.Path)
    args = parser.parse_args()
    path = data_file()
    rust_all: Dict[str, List[float]] = {c: [] for c in CALLS}
    py_all: Dict[str, List[float]] = {c: [] for c in CALLS}
    binary = build_native()
    work = python_calls(path)
    import zhengwu

    posts = len(zhengwu.read_posts(path, lenient=True)[0])
    native = Native(binary, path)
    for c in CALLS:
        for _ in range(args.runs):
            rust_all[c].append(native.run(c))
            py_all[c] += run_times(1, work[c])
        print(f"{c}: Python {min(py_all[c]):.3f}s, Rust {min(rust_all[c]):.3f}s (best)", file=sys.stderr)
    native.close()
    imports = import_times()
    lines = [
        "# Python binding: batch calls against native Rust",
        "",
        f"Measured by `scripts/bench_python.py` on {datetime.date.today().isoformat()} "
        f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, a shared and "
        "busy machine): the CCTV News timeline (`cctv-news-weibo-timeline-2020/timeline.csv`, "
        f"{posts} posts, one account, no comments), default configurations and the default call of each function "
        "(evidence columns included). Rust times come from "
        "`cargo run --release --example bench_python_native` (`scripts/bench_python_native.rs`), Python times from "
        "the same calls through `zhengwu` in the same run, including handing the records to Rust and building the "
        f"Python result (columns, then the DataFrame). For each call the two sides alternate run by run, "
        f"{args.runs} runs each, so both see the same load from the other jobs on this shared machine. The table "
        "gives the best run of each side (the least disturbed) and their ratio, and the ratio of the medians. "
        "Target: ratio ≤ 1.3.",
        "",
        "| call | Rust best (s) | Python best (s) | ratio of best | Rust median (s) | Python median (s) | ratio of medians |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for c in CALLS:
        best_rust, best_py = min(rust_all[c]), min(py_all[c])
        med_rust, med_py = statistics.median(rust_all[c]), statistics.median(py_all[c])
        lines.append(
            f"| `{c}` | {best_rust:.3f} | {best_py:.3f} | {best_py / best_rust:.2f} | "
            f"{med_rust:.3f} | {med_py:.3f} | {med_py / med_rust:.2f} |"
        )
    lines += [
        "",
        "`crisis`, `cohort` and `bci` given records run the interaction analysis or the audit again (the Rust "
        "column times the same computation). Given an earlier result instead (`crisis(interactions_result)`, "
        "`cohort(audit_result, by=...)`, `bci(audit_result)`), they only build their table.",
        "",
        "What the Python side adds to the native work, and how it is kept small (`bindings-python/src/`): records "
        "go to Rust as the dicts they are, read by a serde deserializer over Python objects (`from_python.rs`; no "
        "JSON text); results come back as Python objects made by a serde serializer (`to_python.rs`) and, for batch "
        "tables, as one list per column (`columns.rs`) handed to `pandas.DataFrame` at once; repeated evidence "
        "strings are made once; the cyclic garbage collector is paused while the result is built. Batch calls run "
        "in chunks of 512 (`pipeline.rs`): while the pool analyses one chunk with the GIL released, the calling "
        "thread converts the next chunk's records and the finished chunks' results, so conversion overlaps the "
        "analysis; readers likewise build the record dicts while a second thread parses the rest of the file. "
        "What remains is the conversion of the last chunk and the DataFrame construction (pandas 3 also turns "
        "text columns into its string dtype).",
        "",
        f"`import zhengwu` in a fresh interpreter: median {statistics.median(imports) * 1000:.0f} ms "
        f"(min {min(imports) * 1000:.0f}, max {max(imports) * 1000:.0f}, {len(imports)} runs); the dictionary and "
        "lexicons are built on first use.",
        "",
    ]
    text = "\n".join(lines)
    print(text)
    if args.write:
        args.write.parent.mkdir(parents=True, exist_ok=True)
        args.write.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
