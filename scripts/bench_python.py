"""Python batch calls against the same calls in native Rust, on the CCTV News timeline.

    .venv/bin/python scripts/bench_python.py [--runs 15] [--baseline DIR] [--write docs/performance/python.md]
    .venv/bin/python scripts/bench_python.py --calls read [--runs 30] [--baseline DIR]

Builds and starts `cargo run --release --example bench_python_native` (the same calls in Rust, in
a process of their own, one timed run per request) and times the same calls through `zhengwu`
here, alternating single runs of the two sides --runs times per call (the machine is shared:
alternating run by run, both sides see the same load). --baseline DIR also times an earlier build
of the package (a wheel unpacked into DIR: `unzip zhengwu-*.whl -d DIR`) in a third process, in
the same alternation, for a before/after comparison from one run. Python's time includes everything a user pays:
handing the records to Rust, building the result's Python objects and the DataFrame. The
machine is shared and noisy, so the table gives, per call, the best time of each side over all
runs (the run least disturbed by other load) and their ratio, and the median over rounds of
the per-round ratio of median times. Also measures `import zhengwu` in fresh interpreters.
--calls a,b times only those calls and prints their table rows (no page, no --write).
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
from typing import Any, Callable, Dict, List, Tuple

REPO = pathlib.Path(__file__).resolve().parents[1]


def data_file() -> pathlib.Path:
    base = pathlib.Path(os.environ.get("ZHENGWU_SHARED_DATA", REPO.parent / "shared" / "data"))
    path = base / "cctv-news-weibo-timeline-2020" / "timeline.csv"
    if not path.exists():
        sys.exit(f"missing {path}: the benchmark needs the shared CCTV timeline")
    return path


def timed(work: Callable[[], object]) -> Tuple[float, float]:
    """Wall time and process CPU time (all threads: the native pool's too) of one call."""
    cpu = time.process_time()
    start = time.perf_counter()
    work()
    return time.perf_counter() - start, time.process_time() - cpu


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

    def run(self, call: str) -> Tuple[float, float]:
        """Wall and process CPU seconds of one run of `call` (the baseline gives wall only)."""
        self.stdin.write(call + "\n")
        self.stdin.flush()
        fields = [float(x) for x in self.stdout.readline().split()]
        return fields[0], fields[1] if len(fields) > 1 else float("nan")

    def close(self) -> None:
        self.stdin.close()
        self.process.wait()


#: The calls timed, in table order (the default call of each: what a user writes first).
CALLS = ["read", "post_quality", "classify_messages", "interactions", "crisis", "account_health", "cohort", "bci",
         "post_quality_no_evidence", "classify_messages_no_evidence", "post_quality_no_arrow",
         "classify_messages_no_arrow"]

#: Variants of a call (an option on the Python side only): the native side runs the call itself.
VARIANTS = {"_no_evidence": "evidence=False", "_no_arrow": "arrow=False"}


def native_call(call: str) -> str:
    """The native call a row compares with (`post_quality_no_arrow` -> `post_quality`)."""
    for suffix in VARIANTS:
        if call.endswith(suffix) and suffix != "_no_evidence":  # the native side knows evidence=False
            return call[: -len(suffix)]
    return call


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
        "post_quality_no_evidence": lambda: zhengwu.post_quality(posts, evidence=False),
        "classify_messages_no_evidence": lambda: zhengwu.classify_messages(texts, evidence=False),
        # The Python-object columns (what a DataFrame gets without pyarrow installed).
        "post_quality_no_arrow": lambda: zhengwu.post_quality(posts, arrow=False),
        "classify_messages_no_arrow": lambda: zhengwu.classify_messages(texts, arrow=False),
        "interactions": lambda: zhengwu.interactions(posts, [], account_id=account),
        "crisis": lambda: zhengwu.crisis(posts, [], account_id=account),
        "account_health": lambda: zhengwu.account_health(posts),
        "cohort": lambda: zhengwu.cohort(posts, by="level"),
        "bci": lambda: zhengwu.bci(posts),
    }
    return work


#: The baseline side: a Python process that imports `zhengwu` from the directory given first,
#: then times one call per name read from standard input (the calls of `python_calls`).
BASELINE_SERVER = """
import pathlib, sys, time
sys.path.insert(0, sys.argv[1])
sys.path.insert(1, sys.argv[2])
import bench_python
work = bench_python.python_calls(pathlib.Path(sys.argv[3]))
import zhengwu
print("ready", zhengwu.__file__, flush=True)
for line in sys.stdin:
    start = time.perf_counter()
    cpu = time.process_time()
    work[line.strip()]()
    print(time.perf_counter() - start, time.process_time() - cpu, flush=True)
"""


class Baseline(Native):
    """An earlier build of the package, timed like the current one but in its own process."""

    def __init__(self, package_dir: pathlib.Path, path: pathlib.Path) -> None:  # noqa: D107
        self.process = subprocess.Popen(
            [sys.executable, "-c", BASELINE_SERVER, str(package_dir), str(REPO / "scripts"), str(path)],
            cwd="/", stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )
        assert self.process.stdin and self.process.stdout
        self.stdin, self.stdout = self.process.stdin, self.process.stdout
        ready = self.stdout.readline()
        if not ready.startswith("ready") or str(package_dir) not in ready:
            sys.exit(f"the baseline did not start from {package_dir}: {ready!r}")


def module_version(name: str) -> str:
    """A module's version, or "not installed"."""
    try:
        return str(__import__(name).__version__)
    except ImportError:
        return "not installed"


def import_times(runs: int = 7) -> List[float]:
    code = "import time; t = time.perf_counter(); import zhengwu; print(time.perf_counter() - t)"
    return [
        float(subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]


def label(call: str) -> str:
    """A call's name in the tables: the function, with the option for the non-default rows."""
    for suffix, option in VARIANTS.items():
        if call.endswith(suffix):
            return f"`{call[: -len(suffix)]}({option})`"
    return f"`{call}`"


def ratio_rows(rust: Dict[str, List[float]], py: Dict[str, List[float]], calls: List[str] = CALLS) -> List[str]:
    """One table row per call: best and median run of each side, and their ratios."""
    rows = []
    for c in calls:
        best_rust, best_py = min(rust[c]), min(py[c])
        med_rust, med_py = statistics.median(rust[c]), statistics.median(py[c])
        rows.append(
            f"| {label(c)} | {best_rust:.3f} | {best_py:.3f} | {best_py / best_rust:.2f} | "
            f"{med_rust:.3f} | {med_py:.3f} | {med_py / med_rust:.2f} |"
        )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--baseline", type=pathlib.Path, help="an earlier build, unpacked (before/after)")
    parser.add_argument("--write", type=pathlib.Path)
    parser.add_argument("--calls", help="comma-separated subset of the calls: prints their rows only")
    args = parser.parse_args()
    calls = args.calls.split(",") if args.calls else CALLS
    unknown = [c for c in calls if c not in CALLS]
    if unknown or (args.calls and args.write):
        parser.error(f"unknown calls {unknown}" if unknown else "--write needs every call (no --calls)")
    load_at_start = os.getloadavg()[0]  # other jobs on the machine, printed with the figures
    path = data_file()
    rust_all: Dict[str, List[float]] = {c: [] for c in CALLS}
    py_all: Dict[str, List[float]] = {c: [] for c in CALLS}
    rust_cpu: Dict[str, List[float]] = {c: [] for c in CALLS}
    py_cpu: Dict[str, List[float]] = {c: [] for c in CALLS}
    binary = build_native()
    work = python_calls(path)
    import zhengwu

    posts = len(zhengwu.read_posts(path, lenient=True)[0])
    pandas_version, pyarrow_version = module_version("pandas"), module_version("pyarrow")
    native = Native(binary, path)
    baseline = Baseline(args.baseline.resolve(), path) if args.baseline else None
    before: Dict[str, List[float]] = {c: [] for c in CALLS}
    for c in calls:
        for _ in range(args.runs):
            wall, cpu = native.run(native_call(c))
            rust_all[c].append(wall)
            rust_cpu[c].append(cpu)
            wall, cpu = timed(work[c])
            py_all[c].append(wall)
            py_cpu[c].append(cpu)
            if baseline is not None and not c.endswith("_no_arrow"):  # no such option before
                before[c].append(baseline.run(c)[0])
        print(f"{c}: Python {min(py_all[c]):.3f}s, Rust {min(rust_all[c]):.3f}s (best)", file=sys.stderr)
    native.close()
    if baseline is not None:
        baseline.close()
    if args.calls:
        print(f"load average {load_at_start:.1f} at the start, {os.getloadavg()[0]:.1f} at the end; {args.runs} runs")
        print("wall: call | Rust best | Python best | ratio | Rust median | Python median | ratio")
        print("\n".join(ratio_rows(rust_all, py_all, calls)))
        print("process CPU: same columns")
        print("\n".join(ratio_rows(rust_cpu, py_cpu, calls)))
        for c in calls:
            if before[c]:
                print(f"{c}: baseline Python best {min(before[c]):.4f} s, median {statistics.median(before[c]):.4f} s "
                      f"(ratio of best {min(before[c]) / min(rust_all[c]):.2f})")
        return
    imports = import_times()
    lines = [
        "# Python binding: batch calls against native Rust",
        "",
        f"Measured by `scripts/bench_python.py` on {datetime.date.today().isoformat()} "
        f"({platform.python_implementation()} {platform.python_version()}, {os.cpu_count()} cores, a shared "
        f"machine, load average {load_at_start:.1f} at the start): the CCTV News timeline (`cctv-news-weibo-timeline-2020/timeline.csv`, "
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
    lines += ratio_rows(rust_all, py_all)
    lines += [
        "",
        "The same runs in CPU time: each side's process CPU time per call, all threads (the native pool "
        "included; `time.process_time()` in Python, `clock_gettime(CLOCK_PROCESS_CPUTIME_ID)` in Rust). On a "
        "shared machine it depends much less on the other jobs than wall time (a call that waits for a core "
        "does not accrue CPU time), and when both cores are busy elsewhere it is what the wall time follows.",
        "",
        "| call | Rust best CPU (s) | Python best CPU (s) | ratio of best | Rust median CPU (s) | Python median CPU (s) | ratio of medians |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    lines += ratio_rows(rust_cpu, py_cpu)
    met = [c for c in CALLS if min(py_all[c]) / min(rust_all[c]) <= 1.3]
    missed = [c for c in CALLS if c not in met]
    lines += [
        "",
        "Target (best-run ratio ≤ 1.3) met in this run by: " + (", ".join(label(c) for c in met) or "none")
        + "; **missed** by: " + (", ".join(label(c) for c in missed) or "none") + ".",
    ]
    if baseline is not None:
        lines += [
            "",
            f"Before and after, same run: the build in `{args.baseline.name}` (an earlier version of the package, "
            "in a third process) timed in the same alternation.",
            "",
            "| call | Rust best (s) | before: Python best (s) | before: ratio | now: Python best (s) | now: ratio |",
            "| --- | ---: | ---: | ---: | ---: | ---: |",
        ]
        for c in CALLS:
            if not before[c]:
                continue
            best_rust = min(rust_all[c])
            lines.append(
                f"| `{c}` | {best_rust:.3f} | {min(before[c]):.3f} | {min(before[c]) / best_rust:.2f} | "
                f"{min(py_all[c]):.3f} | {min(py_all[c]) / best_rust:.2f} |"
            )
    lines += [
        "",
        f"Where the Python time goes, for the three calls with the most to convert (native work: {min(rust_all['read']) * 1000:.0f} ms to read {posts:,} posts, {min(rust_all['classify_messages']) / posts * 1e6:.0f} µs per message classified, {min(rust_all['post_quality']) / posts * 1e6:.0f} µs per post analysed): `read` builds a dict of 13 fields per post (the records are the API); `post_quality` reads each post record out of its dict and builds 29 columns, 10 of them evidence lists (≈ 215,000 evidence values for this timeline); `classify_messages` 7 columns, two of them evidence lists of records (≈ 34,000). With pyarrow installed (these runs: pyarrow {pyarrow_version}, pandas {pandas_version}) the evidence columns and the text columns (ids, labels, the messages' texts; under pandas 3, whose `str` dtype stores text in Arrow anyway) are written natively as Arrow buffers, without a Python object per cell and without the GIL-bound work that making those objects was; the `(arrow=False)` rows time the Python-object columns, which is also what a DataFrame gets without pyarrow. Building Python objects needs the GIL, so it runs on one thread beside the analysis; on 2 cores that overlap only helps while a core is free, and on a loaded machine the Python time follows the total CPU time. Instruction counts (callgrind, independent of the load; `scripts/python_instructions.sh`, per call, measured while writing this page): `post_quality` 934M in the pool (the analysis) + 155M on the calling thread (records read out of their dicts, the Arrow buffers, the DataFrame), 308M on the calling thread with `arrow=False`; `classify_messages` 367M + 50M, 137M with `arrow=False`; `read`: see the next paragraph.",
        "",
        "`read` (`read_posts`, `bindings-python/src/records.rs`): a reader thread parses the file with the GIL "
        "released while the calling thread turns the records already read into dicts, 256 records per hand-over. "
        "Each dict is a copy of a template of its record's shape (interned keys in the core's serde order, so no "
        "resizing), then one `PyDict_SetItem` per field that is not `None`/`False`/the previous record's account; "
        "recurring strings (account ids, names, clients, hashtags, the post ids of comments) are made once per "
        "call; times are written by a hand-written RFC 3339 writer (byte for byte chrono's serde output); "
        "non-ASCII texts are decoded to code points in Rust and made with `PyUnicode_FromWideChar` instead of "
        "CPython's validating UTF-8 decoder (same instruction count, 6-23% less calling-thread CPU time in 6 "
        "alternating pairs); converted chunks go back to the reader thread to be freed there, so the two "
        "threads do not contend for the allocator's lock of the reader's heap. The records are those of the "
        "core's serde_json text (`tests/test_read_records.py` compares every record, key order included). "
        "Instructions per call on the cctv timeline (callgrind): native 270M; Python 270M on the reader thread "
        "(parsing and freeing the records, as the native read does) + 74M on the calling thread (was 122M), of "
        "which 45M make the 7,951 texts and other strings, 15M are dict updates, 4M times (ASCII, made by `PyUnicode_DecodeLatin1`), 4M template copies; "
        "freeing the previous call's result adds 9M (12M before), which the timed Python call pays as the Rust "
        "one pays dropping its `Dataset`. On an idle machine the reader thread is the critical path and the "
        "calling thread keeps up with it, so the Python time is the native read plus the conversion of the "
        "last chunk and the freeing; on a loaded machine it follows the total CPU time (344M "
        "instructions against 270M natively). What is left is inherent to returning dicts of `str`: one Python "
        "string per text (CPython has no stable-ABI call that copies UCS-2/UCS-4 data without scanning it) and "
        "one dict per record.",
        "",
        "`crisis`, `cohort` and `bci` given records run the interaction analysis or the audit again (the Rust "
        "column times the same computation). Given an earlier result instead (`crisis(interactions_result)`, "
        "`cohort(audit_result, by=...)`, `bci(audit_result)`), they only build their table.",
        "",
        "What the Python side adds to the native work, and how it is kept small (`bindings-python/src/`): records "
        "go to Rust as the dicts they are, read by a serde deserializer over Python objects (`from_python.rs`; no "
        "JSON text), their texts borrowed from the UTF-8 copy CPython keeps in each `str` (Python 3.10+: made on "
        "the first call over a string, reused by every later one: the timed runs here reuse the records, as a "
        "notebook does; a first call over fresh records also encodes their texts, ≈ 27M instructions for this "
        "timeline's 7,951 texts; 3.9 encodes on each call); results come back "
        "as Python objects made by a serde serializer (`to_python.rs`) and, for batch tables, as columns "
        "(`columns.rs`) handed to `pandas.DataFrame` at once: numbers and booleans as NumPy arrays (no Python "
        "object per cell, no dtype inference; lists of Python values when rows are asked for); with pyarrow, "
        "evidence and text columns as Arrow buffers in `bytes` objects (`arrow.rs`, `arrow_evidence.rs`) that "
        "`pyarrow.Array.from_buffers` wraps without copying (`zhengwu/_arrow.py`), evidence as "
        "`pd.ArrowDtype(list<struct<...>>)` and text in pandas' own string dtype; without pyarrow (or with "
        "`arrow=False`), evidence dicts built by dedicated converters with their keys made once, repeated evidence "
        "strings and numbers made once per batch, and the cyclic garbage collector paused while the result is "
        "built. Batch calls run "
        "in chunks of 512 (`pipeline.rs`): while the pool analyses one chunk with the GIL released, the calling "
        "thread converts the next chunk's records and the finished chunks' results, so conversion overlaps the "
        "analysis; readers likewise build the record dicts while a second thread parses the rest of the file. "
        "What remains is reading the records out of their dicts (`post_quality` given records), the conversion "
        "of the last chunk, the records' `account_id` and `created_at` columns (Python lists, which pandas 3 "
        "turns into its string dtype) and the DataFrame construction.",
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
