#!/usr/bin/env bash
# Builds bindings-wasm/pkg/: the zhengwu ES module (`--target web`, loadable by browsers and, via
# initSync, by Node), its TypeScript types and the .wasm, then prints the gzipped size against
# the 3 MB budget (exit 1 when over).
# Needs clang (jieba-rs's dictionary compression builds C for wasm32) and a wasm-bindgen CLI of
# exactly the crate's version: scripts/test-all.sh installs both.
# No wasm-opt: Debian's binaryen 108 produces modules that fail to load.
set -euo pipefail
cd "$(dirname "$0")/.."

export CC_wasm32_unknown_unknown="${CC_wasm32_unknown_unknown:-clang}"
if [ -z "${AR_wasm32_unknown_unknown:-}" ] && command -v llvm-ar >/dev/null; then
    export AR_wasm32_unknown_unknown=llvm-ar
fi

target_dir="${CARGO_TARGET_DIR:-target}"
cargo build --profile dist --target wasm32-unknown-unknown -p zhengwu-wasm

rm -rf bindings-wasm/pkg
wasm-bindgen --target web --out-dir bindings-wasm/pkg --out-name zhengwu \
    "$target_dir/wasm32-unknown-unknown/dist/zhengwu_wasm.wasm"

budget=$((3 * 1024 * 1024))
raw=$(wc -c < bindings-wasm/pkg/zhengwu_bg.wasm)
gzipped=$(gzip -9 -c bindings-wasm/pkg/zhengwu_bg.wasm | wc -c)
printf 'wasm size: %s bytes raw, %s bytes gzipped (-9) = %.2f MiB of the 3 MiB budget\n' \
    "$raw" "$gzipped" "$(awk -v g="$gzipped" 'BEGIN { print g / 1048576 }')"
if [ "$gzipped" -gt "$budget" ]; then
    echo "FAIL: gzipped wasm is over the 3 MiB budget" >&2
    exit 1
fi
