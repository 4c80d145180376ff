#!/usr/bin/env bash
# Runs every cargo-fuzz target of Zhengwu for SECONDS each (default 300) and records what ran.
#
#     bash scripts/fuzz.sh [SECONDS] [TARGET...]
#
# - installs cargo-fuzz (crates.io) when missing; needs the nightly toolchain (`rustup toolchain
#   install nightly` when absent);
# - seeds each target from fuzz/seeds/<target> (small synthetic inputs kept in git) and, when
#   ../shared/data exists, from the first lines of the real files (read in place into a
#   temporary directory, never into the repository);
# - keeps the growing corpus in fuzz/target/corpus/<target> (build output, not in git), so a
#   second run continues where the first stopped;
# - on a crash, libFuzzer writes fuzz/artifacts/<target>/crash-*; reproduce it with
#   `cd fuzz && cargo +nightly fuzz run <target> artifacts/<target>/crash-…`, fix it, and add the
#   input as a regression test in core/tests/hostile.rs;
# - prints a table (target, seconds, executions, corpus size, crashes) and, unless
#   FUZZ_NO_DOCS=1, writes it into docs/evaluation/robustness.md between the `fuzz-run` markers.
#
# Environment: FUZZ_SANITIZER (default `none`: the code under test is safe Rust, and panics,
# overflow checks and debug assertions abort the run anyway; `address` for AddressSanitizer),
# FUZZ_RSS_MB (default 2048), FUZZ_JOBS (parallel workers per target, default 1).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

SECONDS_EACH=${1:-300}
shift || true
SANITIZER=${FUZZ_SANITIZER:-none}
RSS_MB=${FUZZ_RSS_MB:-2048}
JOBS=${FUZZ_JOBS:-1}
# Every [[bin]] of fuzz/Cargo.toml, unless targets are named.
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
    mapfile -t TARGETS < <(awk '/^\[\[bin\]\]/ { b = 1; next } b && /^name = / { gsub(/"/, "", $3); print $3; b = 0 }' fuzz/Cargo.toml)
fi

if ! cargo +nightly --version >/dev/null 2>&1; then
    echo "installing the nightly toolchain (cargo-fuzz needs it)"
    rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
    echo "installing cargo-fuzz from crates.io"
    cargo install cargo-fuzz --locked
fi

COMMIT=$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- core fuzz || echo "+changes")
echo "building ${#TARGETS[@]} fuzz targets (sanitizer: $SANITIZER) at $COMMIT"
(cd fuzz && cargo +nightly fuzz build -s "$SANITIZER")
# Run the built binaries directly: `cargo fuzz run` would rebuild first, and a source change
# during a long run would then stall the next target behind a rebuild.
HOST=$(rustc +nightly -vV | sed -n 's/^host: //p')
BIN=fuzz/target/$HOST/release

# Real-data seeds: a few dozen lines from the head of each file, with the selector byte that
# picks the preset the file needs (see fuzz/src/lib.rs `options`: preset = PRESETS[(b >> 2) % 11],
# index 10 = auto mapping).
REAL=$(mktemp -d)
trap 'rm -rf "$REAL"' EXIT
DATA=${ZHENGWU_SHARED_DATA:-$ROOT/../shared/data}
seed_real() { # seed_real TARGET SELECTOR FILE [LINES]
    local target=$1 sel=$2 file=$DATA/$3 lines=${4:-40}
    [ -f "$file" ] || return 0
    mkdir -p "$REAL/$target"
    local out
    out="$REAL/$target/$(basename "$(dirname "$file")")-$(basename "$file")"
    { printf "\\x$(printf %02x "$sel")"; head -n "$lines" "$file"; } >"$out"
}
if [ -d "$DATA" ]; then
    for f in cctv-news-weibo-timeline-2020/timeline.csv peoples-daily-weibo-timeline-2020/timeline.csv \
        gqt-weibo-timeline-comments-2020-01/posts.csv gqt-weibo-timeline-comments-2020-01/comments.csv \
        weibo-accounts-activity-2024-11/accounts.csv; do
        seed_real read_csv 40 "$f"
        seed_real read_detect 40 "$f"
    done
    seed_real read_mapped_json 40 weibo-accounts-activity-2024-11/posts.jsonl
    seed_real read_mapped_json 32 ced-weibo-rumor-threads/originals.jsonl 10
    seed_real read_mapped_json 36 ced-weibo-rumor-threads/reposts_subset.jsonl
    seed_real read_detect 0 weibo-accounts-activity-2024-11/posts.jsonl
else
    echo "SKIP real-data seeds (no $DATA)"
fi
# The bundled sample (fictional accounts, in git): a whole small dataset for the pipeline.
mkdir -p "$REAL/read_jsonl" "$REAL/read_detect" "$REAL/pipeline"
{ printf '\x01'; head -n 20 examples/data/sample.jsonl; } >"$REAL/read_jsonl/sample.jsonl"
{ printf '\x00'; head -n 20 examples/data/sample.jsonl; } >"$REAL/read_detect/sample.jsonl"
{ printf '\x01'; head -c 15000 examples/data/sample.jsonl; } >"$REAL/pipeline/sample.jsonl"

RESULTS=()
TOTAL_EXECS=0
TOTAL_CRASHES=0
for t in "${TARGETS[@]}"; do
    corpus=fuzz/target/corpus/$t
    mkdir -p "$corpus" "fuzz/artifacts/$t"
    seeds=(fuzz/seeds/"$t")
    [ -d "$REAL/$t" ] && seeds+=("$REAL/$t")
    before=$(find "fuzz/artifacts/$t" -type f | wc -l)
    log=$(mktemp)
    echo "== $t: ${SECONDS_EACH}s"
    status=0
    parallel=()
    [ "$JOBS" -gt 1 ] && parallel=(-jobs="$JOBS" -workers="$JOBS")
    # Run in fuzz/ (where -jobs writes its logs): corpus, seeds and artifact paths relative to it.
    (cd fuzz && "../$BIN/$t" "${corpus#fuzz/}" "${seeds[@]/#fuzz\//}" \
        -artifact_prefix="artifacts/$t/" -max_total_time="$SECONDS_EACH" \
        -rss_limit_mb="$RSS_MB" -timeout=10 "${parallel[@]}" -print_final_stats=1) >"$log" 2>&1 || status=$?
    # With FUZZ_JOBS > 1 each worker logs to fuzz/fuzz-N.log; sum over all of them.
    execs=$(cat "$log" fuzz/fuzz-*.log 2>/dev/null | awk '/^stat::number_of_executed_units/ { s += $2 } END { print s + 0 }' || true)
    after=$(find "fuzz/artifacts/$t" -type f | wc -l)
    crashes=$((after - before))
    if [ "$status" -ne 0 ] && [ "$crashes" -eq 0 ]; then
        crashes=1 # libFuzzer failed without an artifact (e.g. out of memory in setup)
    fi
    size=$(find "$corpus" -type f | wc -l)
    if [ "$crashes" -gt 0 ]; then
        echo "CRASH in $t (exit $status):"
        grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -10
    fi
    rm -f "$log" fuzz/fuzz-*.log
    echo "   executions: $execs, corpus: $size, new crashes: $crashes"
    RESULTS+=("| \`$t\` | $SECONDS_EACH | $execs | $size | $crashes |")
    TOTAL_EXECS=$((TOTAL_EXECS + execs))
    TOTAL_CRASHES=$((TOTAL_CRASHES + crashes))
done

TABLE=$(
    echo "Run of $(date -u +%Y-%m-%dT%H:%MZ), \`bash scripts/fuzz.sh $SECONDS_EACH\`, sanitizer \`$SANITIZER\`, built at commit \`$COMMIT\`, $(nproc) cores:"
    echo
    echo "| target | seconds | executions | corpus files | crashes |"
    echo "| --- | ---: | ---: | ---: | ---: |"
    printf '%s\n' "${RESULTS[@]}"
    echo "| **total** | | **$TOTAL_EXECS** | | **$TOTAL_CRASHES** |"
)
echo
echo "$TABLE"

DOC=docs/evaluation/robustness.md
if [ "${FUZZ_NO_DOCS:-0}" != 1 ] && [ -f "$DOC" ] && grep -q '<!-- fuzz-run:begin -->' "$DOC"; then
    python3 - "$DOC" "$TABLE" <<'EOF'
import re, sys
path, table = sys.argv[1], sys.argv[2]
text = open(path, encoding="utf-8").read()
text = re.sub(r"<!-- fuzz-run:begin -->.*<!-- fuzz-run:end -->",
              lambda _: "<!-- fuzz-run:begin -->\n" + table + "\n<!-- fuzz-run:end -->",
              text, flags=re.S)
open(path, "w", encoding="utf-8").write(text)
EOF
    echo "wrote the table into $DOC"
fi
[ "$TOTAL_CRASHES" -eq 0 ]
