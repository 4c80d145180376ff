#!/usr/bin/env bash
# Instructions per call of the Python batch calls, split into the calling thread (which holds the
# GIL and builds the Python result) and the other threads (the native pool), counted by callgrind:
# independent of the machine's load, unlike times. For docs/performance/python.md.
#
#     bash scripts/python_instructions.sh [PYTHON]      # default .venv/bin/python; needs valgrind
#
# Each call runs RUNS (2) times in a process after reading the CCTV timeline and a warm-up; a
# process that only reads and warms up is subtracted, so the figures are per call. Slow (valgrind
# runs every thread on one core at ~50x): ~1 min per process.
set -euo pipefail
cd "$(dirname "$0")/.."
python=${1:-.venv/bin/python}
data=${ZHENGWU_SHARED_DATA:-../shared/data}/cctv-news-weibo-timeline-2020/timeline.csv
out=$(mktemp -d)
RUNS=2
cat >"$out/run.py" <<'EOF'
import sys
import zhengwu

call, path, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
posts = zhengwu.read_posts(path)
texts = [p["text"] for p in posts]
for arrow in (None, False):  # warm-up of both paths: dictionary, lexicons, pandas, pyarrow
    zhengwu.post_quality(posts[:50], arrow=arrow)
    zhengwu.classify_messages(texts[:50], arrow=arrow)
work = {
    "post_quality": lambda: zhengwu.post_quality(posts),
    "post_quality(arrow=False)": lambda: zhengwu.post_quality(posts, arrow=False),
    "classify_messages": lambda: zhengwu.classify_messages(texts),
    "classify_messages(arrow=False)": lambda: zhengwu.classify_messages(texts, arrow=False),
}
for _ in range(runs if call != "none" else 0):
    work[call]()
EOF
count() { # count NAME: callgrind totals "calling other" of one process
    local name=$1 tag
    tag=$(echo "$name" | tr -c 'a-z\n' '_')
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$out/cg.$tag.%p" \
        "$python" "$out/run.py" "$name" "$data" "$RUNS" >"$out/log.$tag" 2>&1
    local calling=0 other=0 file n
    for file in "$out"/cg."$tag".*-*; do
        n=$(awk '/^summary:/ { print $2; exit }' "$file")
        if [[ $file == *-01 ]]; then calling=$((calling + n)); else other=$((other + n)); fi
    done
    echo "$calling $other"
}
read -r base_calling base_other < <(count none)
printf '| call | calling thread (M instructions per call) | other threads (M) |\n| --- | ---: | ---: |\n'
for name in "post_quality" "post_quality(arrow=False)" "classify_messages" "classify_messages(arrow=False)"; do
    read -r calling other < <(count "$name")
    printf '| `%s` | %d | %d |\n' "$name" $(((calling - base_calling) / RUNS / 1000000)) \
        $(((other - base_other) / RUNS / 1000000))
done
rm -rf "$out"
