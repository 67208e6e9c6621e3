# bosun-match's accuracy test: its oracle (crates/match/tests/oracle) is
# Python's packaging (20-version.sh) with PyYAML, and node's semver
# (20-version.sh).
APT_PACKAGES+=(python3-pip)

match_pip_tools() {
  if ! python3 -c 'import yaml' >/dev/null 2>&1; then
    python3 -m pip install --quiet --disable-pip-version-check pyyaml \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages pyyaml
  fi
}
POST_INSTALL+=(match_pip_tools)
