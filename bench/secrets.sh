#!/usr/bin/env bash
# The secret-scan benchmark of issue 17, on the big benchmark image (cold:
# empty caches before every run):
#   - `bosun scan --scanners secret` against `trivy image --scanners secret`
#     (target: at most 0.3x Trivy's time, less memory);
#   - `bosun scan --scanners all` against `--scanners vuln` (target: at most
#     +25%, since secrets, image checks and efficiency ride on the same
#     layer walk), and the image checks and efficiency alone.
# The findings of both tools are printed first, so a speed-up that misses
# secrets shows.
#
#   bench/make-images.sh big     # once
#   bench/secrets.sh             # RUNS=3 by default
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
SRC="oci:$OUT/$img:$img"
DB=$CACHE/db.sqlite
"$BOSUN" -q --db "$DB" db import "$ADVISORIES" > /dev/null 2>&1
TRIVY_SECRET="$TRIVY image --quiet --input $OUT/$img --cache-dir $CACHE/trivy --skip-db-update --skip-check-update --scanners secret -f json"
echo "## secrets in $img ($(du -sh "$OUT/$img" | cut -f1) layout); load: $(uptime | sed 's/.*load/load/')"
echo
echo "bosun:"
"$BOSUN" -q scan --no-cache --scanners secret "$SRC" -f json \
  | python3 -c 'import json,sys; [print(" ", s["rule"], s["file"], "line", s["line"], "layer", s.get("layer"), "removed in", s.get("removed_in")) for s in json.load(sys.stdin).get("secrets", [])]'
echo "Trivy:"
rm -rf "$CACHE/trivy"
$TRIVY_SECRET \
  | python3 -c 'import json,sys; [print(" ", s["RuleID"], r["Target"], "line", s["StartLine"]) for r in json.load(sys.stdin).get("Results", []) for s in r.get("Secrets", [])]'
echo
echo "Secret scan, cold:"
echo
python3 bench/compare.py --runs "$RUNS" --setup "rm -rf $CACHE/trivy $CACHE/bosun" \
  "bosun secret=$BOSUN -q scan --cache-dir $CACHE/bosun --scanners secret $SRC -f json" \
  "trivy secret=$TRIVY_SECRET"
echo
echo "Vulnerability scan with and without the secret scanner, cold:"
echo
python3 bench/compare.py --runs "$RUNS" --setup "rm -rf $CACHE/bosun" \
  "bosun vuln=$BOSUN -q --db $DB scan --cache-dir $CACHE/bosun --scanners vuln $SRC -f json" \
  "bosun all=$BOSUN -q --db $DB scan --cache-dir $CACHE/bosun --scanners all $SRC -f json" \
  "bosun vuln,config,efficiency=$BOSUN -q --db $DB scan --cache-dir $CACHE/bosun --scanners vuln,config,efficiency $SRC -f json"
