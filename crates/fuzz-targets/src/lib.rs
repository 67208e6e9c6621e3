//! The bodies of bosun's fuzz targets, one plain function per target, and
//! [`TARGETS`], the one list that names them.
//!
//! `fuzz/fuzz_targets/NAME.rs` is a one-line libFuzzer wrapper around
//! `bosun_fuzz_targets::NAME`; keeping the bodies here, in the main
//! workspace, lets `cargo test` replay every file of `fuzz/corpus/NAME/`
//! through its target (tests/corpus.rs), so a crash once found and fixed
//! stays fixed, and keeps the targets compiling with the crates they test.
//!
//! A target returns nothing: any input is fine except one that panics,
//! overflows the stack or runs away with memory or time. Assertions inside
//! a target state properties that must hold for every input.

#![allow(
    clippy::expect_used,
    clippy::panic,
    reason = "a target's assertions are its oracle: a panic is the finding"
)]

mod catalog;
mod checks;
mod container;
mod report;
mod secrets;
mod text;
mod version;
mod vulndb;

pub use catalog::*;
pub use checks::*;
pub use container::*;
pub use report::*;
pub use secrets::*;
pub use text::*;
pub use version::*;
pub use vulndb::*;

/// A fuzz target's body.
pub type Target = fn(&[u8]);

/// Every target by name; the name is also its file in `fuzz/fuzz_targets/`
/// and its corpus directory in `fuzz/corpus/`.
pub const TARGETS: &[(&str, Target)] = &[
    ("catalog_apk", catalog_apk),
    ("catalog_cargo_auditable", catalog_cargo_auditable),
    ("catalog_cargo_lock", catalog_cargo_lock),
    ("catalog_composer_installed", catalog_composer_installed),
    ("catalog_composer_lock", catalog_composer_lock),
    ("catalog_distro", catalog_distro),
    ("catalog_dotnet_deps", catalog_dotnet_deps),
    ("catalog_dotnet_packages_lock", catalog_dotnet_packages_lock),
    ("catalog_dpkg", catalog_dpkg),
    ("catalog_exe", catalog_exe),
    ("catalog_gemfile_lock", catalog_gemfile_lock),
    ("catalog_gemspec", catalog_gemspec),
    ("catalog_go_buildinfo", catalog_go_buildinfo),
    ("catalog_go_mod", catalog_go_mod),
    ("catalog_gradle_lockfile", catalog_gradle_lockfile),
    ("catalog_java_archive", catalog_java_archive),
    ("catalog_npm_package_json", catalog_npm_package_json),
    ("catalog_npm_package_lock", catalog_npm_package_lock),
    ("catalog_pnpm_lock", catalog_pnpm_lock),
    ("catalog_pom_xml", catalog_pom_xml),
    ("catalog_python_egg", catalog_python_egg),
    ("catalog_python_metadata", catalog_python_metadata),
    ("catalog_python_pipfile", catalog_python_pipfile),
    ("catalog_python_poetry", catalog_python_poetry),
    ("catalog_python_record", catalog_python_record),
    ("catalog_python_requirements", catalog_python_requirements),
    ("catalog_python_uv", catalog_python_uv),
    ("catalog_rpm_bdb", catalog_rpm_bdb),
    ("catalog_rpm_header", catalog_rpm_header),
    ("catalog_rpm_ndb", catalog_rpm_ndb),
    ("catalog_rpm_sqlite", catalog_rpm_sqlite),
    ("catalog_yarn_lock", catalog_yarn_lock),
    ("checks_config", checks_config),
    ("checks_efficiency", checks_efficiency),
    ("config_file", config_file),
    ("cvss_parse", cvss_parse),
    ("dockerfile_parser", dockerfile_parser),
    ("dockerfile_shell", dockerfile_shell),
    ("image_documents", image_documents),
    ("layers_walk", layers_walk),
    ("match_ignore", match_ignore),
    ("match_vex", match_vex),
    ("registry_archives", registry_archives),
    ("registry_challenge", registry_challenge),
    ("registry_reference", registry_reference),
    ("report_purl", report_purl),
    ("report_sbom_cyclonedx", report_sbom_cyclonedx),
    ("report_sbom_spdx", report_sbom_spdx),
    ("report_sbom_syft", report_sbom_syft),
    ("secrets_scan", secrets_scan),
    ("tar_reader", tar_reader),
    ("version_apk", version_apk),
    ("version_cargo", version_cargo),
    ("version_composer", version_composer),
    ("version_dpkg", version_dpkg),
    ("version_generic", version_generic),
    ("version_go", version_go),
    ("version_hex", version_hex),
    ("version_maven", version_maven),
    ("version_npm", version_npm),
    ("version_nuget", version_nuget),
    ("version_osv", version_osv),
    ("version_pep440", version_pep440),
    ("version_pub", version_pub),
    ("version_rpm", version_rpm),
    ("version_rubygems", version_rubygems),
    ("vulndb_cve5", vulndb_cve5),
    ("vulndb_debian_tracker", vulndb_debian_tracker),
    ("vulndb_epss", vulndb_epss),
    ("vulndb_kev", vulndb_kev),
    ("vulndb_nvd", vulndb_nvd),
    ("vulndb_osv", vulndb_osv),
    ("vulndb_zip", vulndb_zip),
];

/// The target called `name`, if there is one.
pub fn find(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|&(_, t)| t)
}
