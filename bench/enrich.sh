#!/usr/bin/env bash
# enrich.sh - issue 16's performance figures:
#   1. NVD import throughput and peak memory: a year-sized NVD API 2.0 feed
#      assembled from the published records in ../shared/data/advisories/nvd
#      (each record as published, the set repeated with renumbered ids up to
#      YEAR_RECORDS), imported with `bosun db import --type nvd`, timed by
#      /usr/bin/time -v (records/s and maximum resident set size).
#   2. Scan matching time with and without enrichment: the same image scanned
#      against a database of the OSV data alone and one with NVD, CVE List and
#      KEV added (median of RUNS, catalog cache warm, so the difference is
#      matching and enrichment lookups).
# usage: bench/enrich.sh [IMAGE]   (default: the vulnapp OCI layout of make-images.sh)
# Report `uptime` next to the figures: the machine is shared.
set -euo pipefail
cd "$(dirname "$0")/.."
DATA=${BOSUN_SHARED_DATA:-../shared/data}/advisories
IMAGE=${1:-oci:${P:-${TMPDIR:-/tmp}/bosun-images}/oci/vulnapp:latest}
YEAR_RECORDS=${YEAR_RECORDS:-40000}
RUNS=${RUNS:-5}
OUT=${OUT:-bench/out/enrich}
TARGET=${CARGO_TARGET_DIR:-target}
mkdir -p "$OUT"
cargo build -q --release -p bosun
BOSUN=$TARGET/release/bosun

echo "== uptime: $(uptime)"
python3 - "$DATA/nvd/records" "$OUT/nvd-year.json" "$YEAR_RECORDS" <<'PY'
import os, re, sys
src, out, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
recs = [open(os.path.join(src, f)).read().strip() for f in sorted(os.listdir(src)) if f.endswith('.json')]
with open(out, 'w') as w:
    w.write('{"resultsPerPage":%d,"startIndex":0,"totalResults":%d,"format":"NVD_CVE","version":"2.0","vulnerabilities":[' % (want, want))
    n = 0
    while n < want:
        for r in recs:
            if n == want: break
            # Renumber copies past the first so every id is distinct.
            # (CVE-2021-1234 -> CVE-2021-11234: the year stays a year).
            rec = r if n < len(recs) else re.sub(r'"id":"CVE-(\d{4})-', lambda m: '"id":"CVE-%s-%d' % (m.group(1), n // len(recs)), r, count=1)
            w.write((',' if n else '') + rec)
            n += 1
    w.write(']}')
PY
ls -l "$OUT/nvd-year.json"
rm -f "$OUT/nvd.db"
/usr/bin/time -v "$BOSUN" -q --db "$OUT/nvd.db" db import --type nvd "$OUT/nvd-year.json" 2> "$OUT/time.txt" >/dev/null
secs=$(awk -F': ' '/Elapsed \(wall clock\)/ {print $2}' "$OUT/time.txt")
rss=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$OUT/time.txt")
python3 - "$secs" "$rss" "$YEAR_RECORDS" <<'PY'
import sys
t, rss, n = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
parts = [float(p) for p in t.split(':')]
s = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
print(f"NVD import: {n} records in {s:.2f} s = {n / s:,.0f} records/s, peak RSS {rss / 1024:.0f} MB")
PY

echo "== scan matching, without and with enrichment"
rm -f "$OUT/osv.db" "$OUT/all.db"
for d in pypi debian12-osv debian-osv npm-osv; do
  "$BOSUN" -q --db "$OUT/osv.db" db import "$DATA/$d" >/dev/null
done
cp "$OUT/osv.db" "$OUT/all.db"
"$BOSUN" -q --db "$OUT/all.db" db import --type nvd "$DATA/nvd/records" >/dev/null
"$BOSUN" -q --db "$OUT/all.db" db import --type nvd "$DATA/nvd/feeds/nvdcve-modified.json.gz" >/dev/null
"$BOSUN" -q --db "$OUT/all.db" db import --type cve5 "$DATA/cvelist" >/dev/null
"$BOSUN" -q --db "$OUT/all.db" db import --type kev "$DATA/kev/known_exploited_vulnerabilities.json" >/dev/null
"$BOSUN" -q --db "$OUT/osv.db" sbom "$IMAGE" -f cyclonedx-json -o "$OUT/sbom.json" >/dev/null
for db in osv all; do
  for i in $(seq "$RUNS"); do
    s=$(date +%s.%N)
    "$BOSUN" -q --db "$OUT/$db.db" scan "sbom:$OUT/sbom.json" -f json -o /dev/null
    e=$(date +%s.%N)
    echo "$db $(echo "$e - $s" | bc)"
  done
done | sort -k1,1 -k2,2n | awk '{a[$1]=a[$1]" "$2} END {for (k in a) print k":"a[k]}'
echo "== uptime: $(uptime)"
