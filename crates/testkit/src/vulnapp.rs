//! The `vulnapp` benchmark image of `../shared/tools/make-images.sh`
//! (Debian bookworm, old Python packages, node_modules, an AWS key added in
//! one layer and deleted in the next, USER root, no HEALTHCHECK), built
//! into `<target>/bench-images` on first use and reused afterwards.
//! Building needs root and the script's package sources and takes a few
//! minutes; a file lock keeps two test binaries from building it at once.

#![allow(clippy::print_stderr)] // says what it builds, where the log is

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::need::{missing_data, missing_tool, shared_data_root};

/// The build's target directory: a test binary is
/// `<target>/<profile>/deps/<name>`.
fn target_dir() -> PathBuf {
    std::env::current_exe()
        .ok()
        .and_then(|exe| exe.ancestors().nth(3).map(Path::to_path_buf))
        .unwrap_or_else(std::env::temp_dir)
}

/// The `vulnapp` OCI layout (tag `latest`), or `None` after saying why it
/// is missing (a panic under `BOSUN_REQUIRE_DATA`/`BOSUN_REQUIRE_TOOLS`).
/// The script also starts a local registry, which is stopped again at once.
pub fn vulnapp() -> Option<PathBuf> {
    let dir = target_dir().join("bench-images");
    let layout = dir.join("oci/vulnapp-umoci");
    std::fs::create_dir_all(&dir).unwrap();
    let lock = std::fs::File::create(dir.join(".lock")).unwrap();
    lock.lock().unwrap();
    if layout.join("index.json").is_file() {
        return Some(layout);
    }
    let script = shared_data_root().join("../tools/make-images.sh");
    if !script.is_file() {
        missing_data("../shared/tools/make-images.sh");
        return None;
    }
    eprintln!(
        "building the benchmark image into {} (log: make.log there)",
        dir.display()
    );
    let log = std::fs::File::create(dir.join("make.log")).unwrap();
    let built = Command::new("bash")
        .arg(&script)
        .env("P", &dir)
        .stdout(log.try_clone().unwrap())
        .stderr(log)
        .status()
        .is_ok_and(|s| s.success());
    let _ = Command::new("bash")
        .arg(&script)
        .arg("stop")
        .env("P", &dir)
        .status();
    if !built || !layout.join("index.json").is_file() {
        missing_tool(format_args!(
            "the vulnapp image (make-images.sh failed; see {})",
            dir.join("make.log").display()
        ));
        return None;
    }
    Some(layout)
}
