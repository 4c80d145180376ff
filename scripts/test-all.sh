#!/usr/bin/env bash
# Runs every test of Zhengwu: Rust (tests, clippy, fmt), Python (pytest against the built wheel),
# JS (node --test against the built wasm module) and a headless-Chromium test of the web page.
#
#     bash scripts/test-all.sh
#
# Works on a fresh Debian machine with Rust (rustup), Python 3 and Node/npm: it installs what is
# missing itself and skips what is already there, so a second run only rebuilds and tests.
#   - Debian packages clang + llvm (C code of jieba-rs's dictionary compression, built for wasm32),
#     chromium and a CJK font (the browser test), only when missing;
#   - the wasm32-unknown-unknown target, clippy and rustfmt (rustup);
#   - wasm-bindgen-cli of exactly the wasm-bindgen version in Cargo.lock (cargo install, ~2-5 min,
#     skipped when `wasm-bindgen --version` already matches);
#   - .venv/ with maturin, pytest, pandas and the optional packages the Python tests exercise
#     (tqdm, mypy, matplotlib + nbclient for the notebook, dask); npm packages of bindings-wasm
#     (playwright-core only, no browser download; typescript for the type check).
# Prints a header per phase and a timing table at the end. Exits non-zero if anything failed:
# setup failures stop the run, test failures are collected so every suite reports.
set -euo pipefail
cd "$(dirname "$0")/.."

export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
export PIP_DISABLE_PIP_VERSION_CHECK=1
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export DEBIAN_FRONTEND=noninteractive

PHASES=()
FAILED=()
PHASE_NAME=""
PHASE_START=0
RUN_START=$SECONDS

phase() { # phase NAME: closes the previous phase's timing and prints a header
    end_phase
    PHASE_NAME=$1
    PHASE_START=$SECONDS
    printf '\n==================== %s ====================\n' "$1"
}
end_phase() {
    if [ -n "$PHASE_NAME" ]; then
        PHASES+=("$(printf '%5ss  %s' $((SECONDS - PHASE_START)) "$PHASE_NAME")")
        PHASE_NAME=""
    fi
}
summary() {
    local status=$?
    end_phase
    printf '\n==================== summary ====================\n'
    printf '%s\n' "${PHASES[@]}"
    printf '%5ss  total\n' $((SECONDS - RUN_START))
    if [ ${#FAILED[@]} -gt 0 ]; then
        printf 'FAILED: %s\n' "${FAILED[@]}"
        exit 1
    fi
    if [ "$status" -ne 0 ]; then
        echo "FAILED during setup: $PHASE_NAME (exit $status)"
    fi
}
trap summary EXIT

check() { # check NAME CMD...: runs a test suite, records a failure without stopping
    local name=$1
    shift
    if "$@"; then
        echo "--- $name: OK"
    else
        echo "--- $name: FAILED"
        FAILED+=("$name")
    fi
}

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

# ---------------------------------------------------------------------------------------------
phase "setup: Debian packages"
missing=()
command -v clang >/dev/null || missing+=(clang)
command -v llvm-ar >/dev/null || missing+=(llvm)
command -v chromium >/dev/null || missing+=(chromium)
command -v gzip >/dev/null || missing+=(gzip)
[ -e /usr/share/fonts/truetype/wqy/wqy-microhei.ttc ] || missing+=(fonts-wqy-microhei)
if [ ${#missing[@]} -gt 0 ]; then
    echo "installing: ${missing[*]}"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
    echo "clang, llvm-ar, chromium, CJK font: present"
fi

# ---------------------------------------------------------------------------------------------
phase "setup: Rust toolchain"
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi
rustup target add wasm32-unknown-unknown
rustup component add clippy rustfmt
cargo --version

wasm_bindgen_version=$(awk '
    /^name = "wasm-bindgen"$/ { found = 1; next }
    found && /^version = / { gsub(/"/, "", $3); print $3; exit }
' Cargo.lock)
if [ -z "$wasm_bindgen_version" ]; then
    echo "no wasm-bindgen in Cargo.lock" >&2
    exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{ print $2 }')" = "$wasm_bindgen_version" ]; then
    echo "wasm-bindgen-cli $wasm_bindgen_version: present"
else
    echo "installing wasm-bindgen-cli $wasm_bindgen_version (matches Cargo.lock)"
    # Not: the CLI's own lock file does not build with current crates.
    cargo install wasm-bindgen-cli --version "$wasm_bindgen_version"
fi

# ---------------------------------------------------------------------------------------------
phase "setup: Python venv (.venv)"
if [ ! -x .venv/bin/python ]; then
    python3 -m venv .venv
fi
if .venv/bin/python -c 'import maturin, pytest, pandas, pyarrow, tqdm, mypy, matplotlib, nbclient, ipykernel, dask.dataframe, distributed' 2>/dev/null; then
    echo "maturin, pytest, pandas, pyarrow, tqdm, mypy, matplotlib, nbclient, ipykernel, dask: present"
else
    .venv/bin/python -m pip install -q -r bindings-python/requirements-dev.txt
fi
.venv/bin/python --version

# ---------------------------------------------------------------------------------------------
phase "setup: npm packages (bindings-wasm)"
(cd bindings-wasm && npm ci --no-audit --no-fund)

# ---------------------------------------------------------------------------------------------
phase "build: Python wheel (maturin, profile dist) + install into .venv"
rm -rf target/wheels
.venv/bin/maturin build --profile dist -m bindings-python/Cargo.toml \
    -i .venv/bin/python -o target/wheels
.venv/bin/python -m pip install -q --force-reinstall --no-deps target/wheels/zhengwu-*.whl

# ---------------------------------------------------------------------------------------------
phase "build: wasm ES module (bindings-wasm/pkg)"
bash scripts/build-wasm.sh

# ---------------------------------------------------------------------------------------------
phase "test: cargo test --workspace"
check "cargo test" cargo test --workspace

phase "test: cargo clippy -D warnings"
check "cargo clippy" cargo clippy --workspace --all-targets -- -D warnings

phase "test: cargo fmt --check"
check "cargo fmt" cargo fmt --all --check

phase "test: pytest (bindings-python)"
check "pytest" .venv/bin/python -m pytest -q bindings-python/tests

phase "test: node --test (bindings-wasm)"
check "node --test" bash -c 'cd bindings-wasm && node --test tests/*.test.mjs'

phase "test: TypeScript types (tsc --strict on bindings-wasm/tests/types.check.ts)"
check "tsc types" bash -c 'cd bindings-wasm && npx --no-install tsc -p tests/tsconfig.json'

phase "test: headless Chromium (examples/web)"
check "chromium page" node bindings-wasm/tests/browser-page.mjs

# ---------------------------------------------------------------------------------------------
# Fuzzing (issue 8), separate so it can be skipped: ZHENGWU_SKIP_FUZZ=1. Every cargo-fuzz target
# for FUZZ_SMOKE_SECONDS (default 8) each, no sanitizer. Installs the nightly toolchain and
# cargo-fuzz itself when missing (first run: +2-3 min); then a 2-4 min build (less when
# fuzz/target is kept) + ~1.7 min of runs.
phase "test: fuzz smoke run (scripts/fuzz-smoke.sh)"
check "fuzz smoke" bash scripts/fuzz-smoke.sh

end_phase
if [ ${#FAILED[@]} -eq 0 ]; then
    echo
    echo "ALL TESTS PASSED"
fi
