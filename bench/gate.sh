#!/usr/bin/env bash
# The gate benchmark of issue 15, on the big benchmark image:
#   - `gate` against `scan` of the same image, both warm (catalog cached),
#     so the difference is the policy's own cost (target: under 50 ms);
#   - a second `gate` of the unchanged image (target: under 0.2 s);
#   - `promote` of a passing image to a fresh OCI layout against `gate`
#     plus `copy` (target: promote costs at most their sum).
# The policy is examples/policies/dev.yaml (it warns on what strict.yaml
# stops on and stops only on a fixable CRITICAL, which the big image does
# not have, so it passes and promote copies it). The database is imported once
# from ../shared/data/advisories.
#
#   bench/make-images.sh big     # once
#   bench/gate.sh                # RUNS=5 by default
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/bench/out}
RUNS=${RUNS:-5}
ADVISORIES=${ADVISORIES:-$PWD/../shared/data/advisories}
POLICY=$PWD/examples/policies/dev.yaml
# shellcheck source=bench/peers.sh
. bench/peers.sh

img=big
if [ ! -f "$OUT/$img/index.json" ]; then
  echo "missing $OUT/$img: run bench/make-images.sh $img" >&2; exit 1
fi
DB=$CACHE/db.sqlite
"$BOSUN" -q --db "$DB" db import "$ADVISORIES" > /dev/null 2>&1
SRC="oci:$OUT/$img:$img"
B="$BOSUN -q --db $DB"
echo "## gate of $img ($(du -sh "$OUT/$img" | cut -f1) layout), policy examples/policies/dev.yaml; load: $(uptime | sed 's/.*load/load/')"
echo
# Warm both: the catalog cache is shared by scan and gate.
$B scan --cache-dir "$CACHE/warm" "$SRC" -f json > /dev/null
$B gate --cache-dir "$CACHE/warm" --policy "$POLICY" "$SRC" -f json > /dev/null
echo "Warm (catalog cached): the policy's own cost is gate minus scan"
echo
python3 bench/compare.py --runs "$RUNS" \
  "bosun scan=$B scan --cache-dir $CACHE/warm $SRC -f json" \
  "bosun gate=$B gate --cache-dir $CACHE/warm --policy $POLICY $SRC -f json"
echo
echo "Promote to a fresh OCI layout against gate + copy (catalog cached):"
echo
python3 bench/compare.py --runs "$RUNS" --setup "rm -rf $CACHE/dst" \
  "bosun promote=$B promote --cache-dir $CACHE/warm --policy $POLICY $SRC oci:$CACHE/dst:$img" \
  "bosun gate + copy=$B gate --cache-dir $CACHE/warm --policy $POLICY $SRC -f json > /dev/null && $B copy $SRC oci:$CACHE/dst:$img"
