#!/usr/bin/env bash
# The SBOM benchmark of issue 5: `bosun sbom` against Trivy (and, with
# SYFT_TOO=1, syft) on the benchmark images — gzip OCI layouts, fresh
# caches every run — and bosun's second, cached run of the same image, with
# its per-image entry and with the per-layer entries alone.
#
#   bench/make-images.sh all     # once
#   bench/sbom.sh                # RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/bench/out}
RUNS=${RUNS:-3}
# shellcheck source=bench/peers.sh
. bench/peers.sh

for img in big many; do
  if [ ! -f "$OUT/$img/index.json" ]; then
    echo "missing $OUT/$img: run bench/make-images.sh" >&2; continue
  fi
  echo "## $img: $(du -sh "$OUT/$img" | cut -f1) layout"
  echo
  echo "Cold (empty caches before every run):"
  echo
  cmds=(
    "bosun sbom=$BOSUN sbom -q --cache-dir $CACHE/bosun oci:$OUT/$img:$img -f cyclonedx-json"
    "trivy sbom=$(trivy_sbom "$OUT/$img")"
  )
  if [ "${SYFT_TOO:-0}" = 1 ]; then
    cmds+=("syft sbom=$(syft_sbom "$OUT/$img")")
  fi
  python3 bench/compare.py --runs "$RUNS" --setup "rm -rf $CACHE/trivy $CACHE/bosun" "${cmds[@]}"
  echo
  echo "Warm (bosun's second run of the unchanged image):"
  echo
  "$BOSUN" sbom -q --cache-dir "$CACHE/warm" "oci:$OUT/$img:$img" -f cyclonedx-json > /dev/null
  python3 bench/compare.py --runs "$RUNS" \
    "bosun sbom (cached)=$BOSUN sbom -q --cache-dir $CACHE/warm oci:$OUT/$img:$img -f cyclonedx-json"
  echo
  echo "Per-layer cache only (the image's own entry removed before every run):"
  echo
  python3 bench/compare.py --runs "$RUNS" --setup "rm -f $CACHE/warm/sbom-*" \
    "bosun sbom (layers cached)=$BOSUN sbom -q --cache-dir $CACHE/warm oci:$OUT/$img:$img -f cyclonedx-json"
  echo
done
