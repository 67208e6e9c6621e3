#!/usr/bin/env bash
# The layer-walk benchmark of issue 2: bosun's walk of every layer against
# `gzip -dc` of the same blobs one after another, and against Trivy and
# syft making an SBOM of the same OCI layout (fresh cache each run).
#
#   bench/make-images.sh all     # once
#   bench/walk.sh                # RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/bench/out}
RUNS=${RUNS:-3}
# shellcheck source=bench/peers.sh
. bench/peers.sh

layers() {   # the layer blobs of OCI layout $1, tag $2, in order
  python3 - "$1" "$2" <<'PY'
import json, sys, os
d, tag = sys.argv[1], sys.argv[2]
idx = json.load(open(os.path.join(d, "index.json")))
m = next(x for x in idx["manifests"] if x.get("annotations", {}).get("org.opencontainers.image.ref.name") == tag)
man = json.load(open(os.path.join(d, "blobs", *m["digest"].split(":"))))
print(" ".join(os.path.join(d, "blobs", *l["digest"].split(":")) for l in man["layers"]))
PY
}

for img in big many; do
  if [ ! -f "$OUT/$img/index.json" ] || { [ "$img" = big ] && [ ! -f "$OUT/big.done" ]; }; then
    echo "missing $OUT/$img: run bench/make-images.sh" >&2; continue
  fi
  blobs=$(layers "$OUT/$img" "$img")
  echo "## $img: $(du -sh "$OUT/$img" | cut -f1) layout, $(echo $blobs | wc -w) layers"
  echo
  cmds=(
    "gzip -dc (sequential)=for b in $blobs; do gzip -dc < \$b > /dev/null; done"
    "bosun inspect=$BOSUN inspect -q oci:$OUT/$img:$img"
    "trivy sbom=$(trivy_sbom "$OUT/$img")"
  )
  if [ "${SYFT_TOO:-0}" = 1 ]; then
    cmds+=("syft sbom=$(syft_sbom "$OUT/$img")")
  fi
  python3 bench/compare.py --runs "$RUNS" --setup "rm -rf $CACHE/trivy" "${cmds[@]}"
  echo
done
