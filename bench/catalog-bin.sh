#!/usr/bin/env bash
# Full catalog (OS and language packages, binaries and jars read through
# extractors) of the `big` benchmark image: `bosun sbom` against Trivy, cold
# caches every run, wall time, CPU time and peak memory side by side.
#
#   bench/make-images.sh big     # once
#   bench/catalog-bin.sh         # RUNS=3 by default
#
# Trivy cannot fetch its Java database offline and then refuses images that
# hold jars, so it runs with --skip-files '**/*.jar' (less work for Trivy).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/bench/out}
RUNS=${RUNS:-3}
# shellcheck source=bench/peers.sh
. bench/peers.sh
img=big
if [ ! -f "$OUT/$img/index.json" ]; then
  echo "missing $OUT/$img: run bench/make-images.sh big" >&2
  exit 1
fi
echo "## $img: $(du -sh "$OUT/$img" | cut -f1) layout, cold caches"
echo
python3 bench/compare.py --runs "$RUNS" --setup "rm -rf $CACHE/trivy $CACHE/bosun" \
  "bosun sbom=$BOSUN sbom -q --cache-dir $CACHE/bosun oci:$OUT/$img:$img -f json" \
  "trivy sbom=$(trivy_sbom "$OUT/$img")"
