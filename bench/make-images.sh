#!/usr/bin/env bash
# Builds the benchmark images without a container engine (idempotent; reruns
# reuse what exists). Needs root, Debian's debootstrap, umoci and skopeo, and
# access to the Debian mirror apt uses, PyPI and the npm registry.
#
#   $OUT/big   ~1 GB OCI layout (tag "big"), 10+ gzip layers: debootstrap
#              bookworm minbase, then one layer per build step (Python, build
#              tools, a JRE, Node, old pip and npm packages, app files, a fake
#              secret added and deleted, apt cleanup) — made with umoci.
#   $OUT/many  1,000,000 small files in four gzip layers (tag "many"), made by
#              bosun-testkit's generator.
#
# usage: bench/make-images.sh [big|many|all]     (OUT=bench/out by default)
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-$PWD/bench/out}
WHAT=${1:-all}
SUITE=bookworm
mkdir -p "$OUT"
log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

need=()
for p in debootstrap umoci skopeo; do command -v "$p" >/dev/null || need+=("$p"); done
if ((${#need[@]})); then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${need[@]}"; fi

mirror() {   # the Debian mirror apt is configured with
  local u
  u=$(awk 'tolower($1)=="uris:"{for(i=2;i<=NF;i++) if ($i ~ /\/debian\/?$/) {print $i; exit}}' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
  [ -n "$u" ] || u=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  echo "${u%/}"
}

many() {
  if [ -f "$OUT/many/index.json" ]; then log "many: exists"; return; fi
  log "many: generating 1,000,000 files in four layers"
  cargo run -q --release -p bosun-testkit --bin bosun-bench-image -- many "$OUT/many"
}

# Runs a command in the bundle's rootfs with /proc and /dev available and the
# host's resolver and CA bundle (TLS may be intercepted here).
in_root() {
  local r=$BUNDLE/rootfs
  mount --bind /dev "$r/dev"; mount -t proc proc "$r/proc"
  cp /etc/resolv.conf "$r/etc/resolv.conf"
  mkdir -p "$r/tmp/hostca" && cp /etc/ssl/certs/ca-certificates.crt "$r/tmp/hostca/ca.crt"
  local rc=0
  chroot "$r" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    HOME=/root DEBIAN_FRONTEND=noninteractive PIP_CERT=/tmp/hostca/ca.crt \
    NODE_EXTRA_CA_CERTS=/tmp/hostca/ca.crt /bin/sh -ec "$1" || rc=$?
  umount "$r/proc" "$r/dev"
  rm -rf "$r/tmp/hostca"; : > "$r/etc/resolv.conf"
  return $rc
}

step() {   # $1 = created_by text, $2 = shell run in the rootfs (or "host:CMD" on the host)
  log "big: $1"
  case "$2" in
    host:*) (eval "${2#host:}") ;;
    *) in_root "$2" ;;
  esac
  umoci repack --refresh-bundle --image "$OUT/big:big" --history.created_by "$1" "$BUNDLE"
}

big() {
  if [ -f "$OUT/big.done" ]; then log "big: exists"; return; fi
  local rootfs=$OUT/rootfs-$SUITE
  if [ ! -f "$rootfs.done" ]; then
    log "big: debootstrap --variant=minbase $SUITE"
    rm -rf "$rootfs"
    debootstrap --variant=minbase "$SUITE" "$rootfs" "$(mirror)" > "$OUT/debootstrap.log" 2>&1 \
      || { tail -20 "$OUT/debootstrap.log" >&2; exit 1; }
    chroot "$rootfs" apt-get clean
    find "$rootfs/dev" -mindepth 1 -delete
    touch "$rootfs.done"
  fi
  rm -rf "$OUT/big" "$OUT/bundle"
  BUNDLE=$OUT/bundle
  umoci init --layout "$OUT/big"
  umoci new --image "$OUT/big:big"
  umoci unpack --image "$OUT/big:big" "$BUNDLE" >/dev/null
  cp -a "$rootfs/." "$BUNDLE/rootfs/"
  umoci repack --refresh-bundle --image "$OUT/big:big" --history.created_by "debootstrap --variant=minbase $SUITE" "$BUNDLE"
  step "RUN apt-get install python3 python3-pip python3-venv ca-certificates curl" \
    "apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends python3 python3-pip python3-venv ca-certificates curl >/dev/null"
  step "RUN apt-get install build-essential" "apt-get install -y -q --no-install-recommends build-essential >/dev/null"
  step "RUN apt-get install default-jre-headless" "apt-get install -y -q --no-install-recommends default-jre-headless >/dev/null"
  step "RUN apt-get install nodejs npm" "apt-get install -y -q --no-install-recommends nodejs npm >/dev/null"
  step "RUN pip install (old, vulnerable pins)" \
    "pip3 install -q --no-cache-dir --break-system-packages --no-deps django==3.2.0 asgiref==3.3.4 pytz==2021.1 sqlparse==0.4.1 requests==2.19.0 urllib3==1.24.1 chardet==3.0.4 idna==2.7 certifi==2018.4.16 jinja2==2.10 markupsafe==1.1.1 pyyaml==5.1 flask==0.12 werkzeug==0.15.3 itsdangerous==0.24 click==7.0"
  step "RUN npm install (old, vulnerable pins)" \
    "mkdir -p /app && cd /app && printf '{\"name\":\"bench-app\",\"version\":\"1.0.0\",\"private\":true}' > package.json && npm install -q --no-audit --no-fund --save-exact --cafile /tmp/hostca/ca.crt lodash@4.17.15 minimist@1.2.0 express@4.16.0 >/dev/null"
  step "COPY app.py secrets /app/" \
    "printf 'print(1)\\n' > /app/app.py && mkdir -p /root/.aws && printf '[default]\\naws_access_key_id = AKIAQYLPMN5HZRT4WX7B\\naws_secret_access_key = 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\\n' > /root/.aws/credentials"
  step "RUN rm -f /root/.aws/credentials" "rm -f /root/.aws/credentials"
  step "RUN apt-get clean && rm -rf /var/lib/apt/lists/*" "apt-get clean && rm -rf /var/lib/apt/lists/* /usr/share/doc/*/changelog*"
  umoci config --image "$OUT/big:big" --os linux --architecture amd64 \
    --config.env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    --config.workingdir /app --config.cmd python3 --history.created_by 'CMD ["python3"]'
  umoci gc --layout "$OUT/big"
  rm -rf "$BUNDLE"
  touch "$OUT/big.done"
  du -sh "$OUT/big" >&2
}

case "$WHAT" in
  big) big ;;
  many) many ;;
  all) many; big ;;
  *) echo "usage: $0 [big|many|all]" >&2; exit 2 ;;
esac
