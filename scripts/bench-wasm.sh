#!/usr/bin/env bash
# Benchmarks the wasm module against native on the same real texts and writes
# docs/performance/wasm.md, with the 1,000,000-message memory check (needs ../shared/data and a built bindings-wasm/pkg).
#     bash scripts/bench-wasm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${CARGO_TARGET_DIR:-target}/wasm-bench"
[ -f bindings-wasm/pkg/zhengwu_bg.wasm ] || bash scripts/build-wasm.sh
rounds="${ZHENGWU_BENCH_ROUNDS:-5}"
rm -rf "$dir"
mkdir -p "$dir"
cargo build -q --release --example wasm_bench
for i in $(seq "$rounds"); do  # alternate: the shared machine's load drifts
    cargo run -q --release --example wasm_bench -- "$dir"
    mv "$dir/native.json" "$dir/native-$i.json"
    node scripts/bench-wasm.mjs "$dir"
done
node scripts/wasm-memory.mjs 1000000 | tee "$dir/memory.txt"
node scripts/bench-wasm.mjs "$dir" "$rounds"
