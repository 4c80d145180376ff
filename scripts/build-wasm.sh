#!/usr/bin/env bash
# Builds bindings-wasm/pkg/: the zhengwu ES module (`--target web`, loadable by browsers and, via
# initSync, by Node), its TypeScript types, the .wasm and jieba's dictionary (gzipped, loaded with
# `loadDictionary`), then prints the gzipped sizes against the 3 MB budget (exit 1 when over).
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
# The result types in the .d.ts follow the core's structs: regenerate them before compiling.
python3 scripts/gen-wasm-types.py
cargo build --profile dist --target wasm32-unknown-unknown -p zhengwu-wasm \
    ${ZHENGWU_WASM_FEATURES:+--features "$ZHENGWU_WASM_FEATURES"}

rm -rf bindings-wasm/pkg
wasm-bindgen --target web --out-dir bindings-wasm/pkg --out-name zhengwu \
    "$target_dir/wasm32-unknown-unknown/dist/zhengwu_wasm.wasm"
# wasm-bindgen types the raw instance exports (`InitOutput`, what init() resolves to) with `any`;
# our declarations promise none, and callers never pass those values: `unknown` says so.
sed -i -E 's/: any([,)])/: unknown\1/g' bindings-wasm/pkg/zhengwu.d.ts bindings-wasm/pkg/zhengwu_bg.wasm.d.ts

# The jieba dictionary the native build embeds, gzipped, for `loadDictionary` (the module does not
# embed it unless built with ZHENGWU_WASM_FEATURES=embedded-dict). Taken from the jieba-rs sources
# cargo already downloaded, so it is byte-for-byte the native dictionary.
jieba_manifest=$(cargo metadata --format-version 1 --locked 2>/dev/null | python3 -c '
import json, sys
print(next(p["manifest_path"] for p in json.load(sys.stdin)["packages"] if p["name"] == "jieba-rs"))')
gzip -9 -n -c "$(dirname "$jieba_manifest")/src/data/dict.txt" > bindings-wasm/pkg/jieba-dict.txt.gz

size() { gzip -9 -c "$1" | wc -c; }
wasm_gz=$(size bindings-wasm/pkg/zhengwu_bg.wasm)
js_gz=$(size bindings-wasm/pkg/zhengwu.js)
# wasm-bindgen's inline JS (the result-tape decoder, bindings-wasm/src/tape.rs).
snippets_gz=0
for f in $(find bindings-wasm/pkg/snippets -name '*.js' 2>/dev/null); do
    snippets_gz=$((snippets_gz + $(size "$f")))
done
dict_gz=$(wc -c < bindings-wasm/pkg/jieba-dict.txt.gz)
mib() { awk -v b="$1" 'BEGIN { printf "%.2f MiB", b / 1048576 }'; }
echo "package size, gzipped -9:"
echo "  zhengwu_bg.wasm      $(wc -c < bindings-wasm/pkg/zhengwu_bg.wasm) bytes raw, $wasm_gz gzipped ($(mib "$wasm_gz"))"
echo "  zhengwu.js           $js_gz gzipped"
echo "  snippets/*.js        $snippets_gz gzipped"
echo "  jieba-dict.txt.gz    $dict_gz ($(mib "$dict_gz"); fetched separately, optional)"
module=$((wasm_gz + js_gz + snippets_gz))
whole=$((module + dict_gz))
echo "  module (wasm + js)   $module ($(mib "$module"))"
echo "  whole package        $whole ($(mib "$whole")) of the 3 MiB budget"
budget=$((3 * 1024 * 1024))
if [ "$whole" -gt "$budget" ]; then
    echo "FAIL: the gzipped package is over the 3 MiB budget" >&2
    exit 1
fi
