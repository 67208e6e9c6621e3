# Vulnerability database and CVSS: the `cvss` Python package is the oracle
# of bosun-cvss's differential test (docs/ORACLES.md). python3 comes from
# Debian; pip is only asked when the package is missing.
APT_PACKAGES+=(python3 python3-pip)

vulndb_install_cvss() {
  if python3 -c 'import cvss' >/dev/null 2>&1; then
    return 0
  fi
  python3 -m pip install --quiet --disable-pip-version-check cvss >/dev/null 2>&1 ||
    python3 -m pip install --quiet --disable-pip-version-check --break-system-packages cvss >/dev/null
}
POST_INSTALL+=(vulndb_install_cvss)
