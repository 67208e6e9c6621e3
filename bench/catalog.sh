#!/usr/bin/env bash
# The catalog benchmark of issue 6: the full catalog (OS and language
# packages) of the `big` image by `bosun sbom` against Trivy, in the same
# run, fresh caches before every run. Trivy is measured with jars skipped
# (what bench/peers.sh does: its Java DB cannot be fetched offline) and,
# when it manages offline, without.
#
#   bench/make-images.sh big     # once
#   bench/catalog.sh             # RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/bench/out}
RUNS=${RUNS:-3}
# shellcheck source=bench/peers.sh
. bench/peers.sh

img=big
if [ ! -f "$OUT/$img/index.json" ]; then
  echo "missing $OUT/$img: run bench/make-images.sh" >&2; exit 1
fi
echo "## $img: $(du -sh "$OUT/$img" | cut -f1) layout"
echo
cmds=(
  "bosun sbom=$BOSUN sbom -q --cache-dir $CACHE/bosun oci:$OUT/$img:$img -f cyclonedx-json"
  "trivy (jars skipped)=$(trivy_sbom "$OUT/$img")"
)
# Trivy with jars: only when it runs offline at all.
with_jars="$TRIVY image --quiet --input $OUT/$img --cache-dir $CACHE/trivy --skip-db-update --skip-check-update --offline-scan -f cyclonedx"
if rm -rf "$CACHE/trivy" && eval "$with_jars" > /dev/null 2>&1; then
  cmds+=("trivy (with jars)=$with_jars")
else
  echo "(Trivy without --skip-files fails offline: not measured)"
  echo
fi
python3 bench/compare.py --runs "$RUNS" --setup "rm -rf $CACHE/trivy $CACHE/bosun" "${cmds[@]}"
echo
echo "Packages found (bosun json, by type):"
"$BOSUN" sbom -q --no-cache "oci:$OUT/$img:$img" -f json \
  | python3 -c 'import json,sys,collections; d=json.load(sys.stdin); print(dict(collections.Counter(p["type"] for p in d["packages"])))'
