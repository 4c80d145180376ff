#!/usr/bin/env bash
# The main job: an audit report of the bundled sample, or of the files given as arguments.
#
#     bash scripts/audit.sh                      # the bundled, generated sample
#     bash scripts/audit.sh timeline.csv --json  # any file; options go to the audit example
#
# Needs only Rust (cargo); the first run compiles the library (a few minutes on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v cargo >/dev/null && [ -f "$HOME/.cargo/env" ]; then
    # shellcheck disable=SC1091
    . "$HOME/.cargo/env"
fi
if ! command -v cargo >/dev/null; then
    echo "cargo not found: install Rust with rustup (https://rustup.rs), then rerun" >&2
    exit 1
fi
exec cargo run --quiet --release --example audit -- "$@"
