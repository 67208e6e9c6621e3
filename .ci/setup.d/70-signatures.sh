# Signature interop (promote copies signatures; issue 18 verifies them):
# the real cosign 3 and notation binaries. Neither is in bookworm, so they
# are downloaded from Debian sid without touching the system's apt
# configuration and unpacked into /usr/local/bin.
install_signature_tools() {
  if command -v cosign >/dev/null && command -v notation >/dev/null; then return; fi
  local d mirror o
  d=$(mktemp -d)
  mirror=$(awk 'tolower($1)=="uris:"{for(i=2;i<=NF;i++) if ($i ~ /\/debian\/?$/) {print $i; exit}}' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -1)
  [ -n "$mirror" ] || mirror=$(awk '$1=="deb"{print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  [ -n "$mirror" ] || mirror=http://deb.debian.org/debian
  echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] ${mirror%/} sid main" > "$d/sources.list"
  mkdir -p "$d/lists/partial" "$d/cache/archives/partial"
  o=(-o "Dir::Etc::SourceList=$d/sources.list" -o Dir::Etc::SourceParts=/dev/null
     -o "Dir::State::Lists=$d/lists" -o "Dir::Cache=$d/cache")
  apt-get "${o[@]}" update -q >/dev/null
  (cd "$d" && apt-get "${o[@]}" download cosign notation >/dev/null)
  for deb in "$d"/cosign_*.deb "$d"/notation_*.deb; do dpkg -x "$deb" "$d/x"; done
  install -m 0755 "$d/x/usr/bin/cosign" "$d/x/usr/bin/notation" /usr/local/bin/
  rm -rf "$d"
}
POST_INSTALL+=(install_signature_tools)
