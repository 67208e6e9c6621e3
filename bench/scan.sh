#!/usr/bin/env bash
# The scan benchmark of issue 8: `bosun scan` of the big benchmark image
# (cold: empty catalog cache) against Trivy making only its SBOM of the same
# image (Trivy's scan would do more; its SBOM alone is the bar the issue
# sets), and bosun's warm scan of the unchanged image (target < 0.3 s).
# The database is imported once from ../shared/data/advisories.
#
#   bench/make-images.sh big     # once
#   bench/scan.sh                # RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/bench/out}
RUNS=${RUNS:-3}
ADVISORIES=${ADVISORIES:-$PWD/../shared/data/advisories}
# shellcheck source=bench/peers.sh
. bench/peers.sh

img=big
if [ ! -f "$OUT/$img/index.json" ]; then
  echo "missing $OUT/$img: run bench/make-images.sh $img" >&2; exit 1
fi
DB=$CACHE/db.sqlite
"$BOSUN" -q --db "$DB" db import "$ADVISORIES" > /dev/null
echo "## scan of $img: $(du -sh "$OUT/$img" | cut -f1) layout, database $(du -h "$DB" | cut -f1) from $ADVISORIES"
echo
"$BOSUN" -q --db "$DB" scan --no-cache "oci:$OUT/$img:$img" -f json \
  | python3 -c 'import json,sys; r=json.load(sys.stdin); print(r.get("packages_scanned", "?"), "packages,", len(r["findings"]), "findings")'
echo
echo "Cold (empty caches before every run):"
echo
python3 bench/compare.py --runs "$RUNS" --setup "rm -rf $CACHE/trivy $CACHE/bosun" \
  "bosun scan=$BOSUN -q --db $DB scan --cache-dir $CACHE/bosun oci:$OUT/$img:$img -f json" \
  "trivy sbom=$(trivy_sbom "$OUT/$img")"
echo
echo "Warm (bosun's second scan of the unchanged image):"
echo
"$BOSUN" -q --db "$DB" scan --cache-dir "$CACHE/warm" "oci:$OUT/$img:$img" -f json > /dev/null
python3 bench/compare.py --runs "$RUNS" \
  "bosun scan (cached)=$BOSUN -q --db $DB scan --cache-dir $CACHE/warm oci:$OUT/$img:$img -f json"
