# Version comparison oracles for bosun-version's differential tests:
# dpkg's C library, rpm's Python binding (Debian's /usr/bin/python3), Maven's
# ComparableVersion (the maven-artifact jar, compiled against with javac),
# RubyGems, Python's packaging, node's semver, composer/semver (PHP) and
# NuGet.Versioning (inside the official NuGet.exe, repackaged on npm as
# nuget-exe, run under mono; mcs compiles the small oracle program).
APT_PACKAGES+=(dpkg libdpkg-dev libmd-dev gcc python3-rpm maven openjdk-17-jdk-headless ruby nodejs python3-pip php-cli php-composer-semver mono-runtime mono-mcs libmono-system-core4.0-cil)
POST_INSTALL+=(version_oracles)

version_oracles() {
  # node's semver and NuGet.exe go where the tests look for them (git-ignored).
  if ! command -v npm >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends npm >/dev/null
  fi
  local tools=target/oracle-tools
  if [ ! -f "$tools/node_modules/semver/package.json" ] || [ ! -f "$tools/node_modules/nuget-exe/nuget-5.8.0.exe" ]; then
    mkdir -p "$tools"
    npm install --silent --no-audit --no-fund --prefix "$tools" semver nuget-exe@5.8.0 >/dev/null
  fi
  # packaging 26 is the version whose semantics the tests pin.
  if ! python3 -c 'import packaging,sys; sys.exit(int(packaging.__version__.split(".")[0]) < 26)' 2>/dev/null; then
    python3 -m pip install -q --disable-pip-version-check 'packaging>=26' >/dev/null 2>&1 ||
      python3 -m pip install -q --disable-pip-version-check --break-system-packages 'packaging>=26' >/dev/null
  fi
}
