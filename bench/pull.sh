#!/usr/bin/env bash
# The pull benchmark of issue 3: the 1 GB benchmark image pushed into a local
# docker-registry, then pulled into an empty cache by `bosun copy … oci:DIR`
# and by `skopeo copy docker://… oci:DIR`, interleaved in the same run.
#
#   bench/make-images.sh big     # once (or BIG=path/to/layout)
#   bench/pull.sh                # RUNS=3 by default
set -euo pipefail
cd "$(dirname "$0")/.."
BIG=${BIG:-$PWD/bench/out/big}
RUNS=${RUNS:-3}
[ -f "$BIG/index.json" ] || { echo "missing $BIG: run bench/make-images.sh" >&2; exit 1; }
cargo build -q --release -p bosun
BOSUN=${CARGO_TARGET_DIR:-$PWD/target}/release/bosun
WORK=$(mktemp -d)
PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cat > "$WORK/config.yml" <<YML
version: 0.1
log:
  level: error
  accesslog:
    disabled: true
storage:
  filesystem:
    rootdirectory: $WORK/registry
http:
  addr: 127.0.0.1:$PORT
YML
docker-registry serve "$WORK/config.yml" >/dev/null 2>&1 &
REG=$!
trap 'kill $REG; rm -rf "$WORK"' EXIT
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && break; sleep 0.1; done
skopeo copy --quiet --dest-tls-verify=false "oci:$BIG:big" "docker://127.0.0.1:$PORT/big:big"
echo "## pull of $(du -sh "$BIG" | cut -f1) from a local docker-registry into an empty cache/layout"
echo
python3 bench/compare.py --runs "$RUNS" \
  --setup "rm -rf $WORK/cache $WORK/out-bosun $WORK/out-skopeo" \
  "bosun copy=$BOSUN -q --cache-dir $WORK/cache --insecure-registry 127.0.0.1:$PORT copy 127.0.0.1:$PORT/big:big oci:$WORK/out-bosun:big" \
  "skopeo copy=skopeo copy --quiet --src-tls-verify=false docker://127.0.0.1:$PORT/big:big oci:$WORK/out-skopeo:big"
