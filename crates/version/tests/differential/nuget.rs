//! NuGet: generated versions against NuGet.Versioning itself, as shipped
//! inside NuGet.exe (the `nuget-exe` npm package, a repackaged official
//! NuGet.exe 5.8), run under mono: `NuGetVersion.TryParse` for validity,
//! `VersionComparer.Default` for order.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;

use bosun_version::Scheme;

use crate::common::*;

const SEEDS: &[&str] = &[
    "1",
    "1.0",
    "1.0.0",
    "1.0.0.0",
    "1.0.0.1",
    "1.2.3",
    "1.2.3.4",
    "1.0.0-alpha",
    "1.0.0-alpha.1",
    "1.0.0-alpha.beta",
    "1.0.0-beta.2",
    "1.0.0-beta.11",
    "1.0.0-rc.1",
    "1.0.0-RC1",
    "1.0.0-rc1",
    "1.0.0-preview.1.20000.1",
    "1.0.0+build.5",
    "1.0.0-beta+exp.sha.5114f85",
    "6.0.0-preview.7.21377.19",
    "13.0.1",
    "4.7.2",
    "2.0.0-beta2-final",
    "3.1.0-ci-20200101",
    "1.0.0-0",
    "1.0.0-00",
    "1.0.0--",
    "01.02.03",
    "1.0.0.0.0",
    "v1.0",
    "1.0-",
    "1.0.0-a..b",
    " 1.0 ",
    "2147483647.0",
    "2147483648.0",
];

const FRAGS: &[&str] = &[
    ".",
    "-",
    "+",
    ".0",
    ".1",
    "0",
    "1",
    "9",
    "00",
    "-alpha",
    "-beta",
    "-rc",
    "-RC",
    ".2",
    "-preview",
    "-1",
    "-01",
    ".a",
    "a",
    "Z",
    "+meta",
    "+1.2",
    "-a.1",
    "-a.b",
    "..",
    "--",
    " ",
    "2147483647",
    "99999999999",
    "-x-y",
];

fn nuget_exe() -> PathBuf {
    oracle_tools().join("node_modules/nuget-exe/nuget-5.8.0.exe")
}

fn compile_oracle() -> Option<PathBuf> {
    if !nuget_exe().is_file() {
        missing_tool("nuget-exe (npm)");
        return None;
    }
    if !require_probe("mcs", Command::new("mcs").arg("--version"))
        || !require_probe("mono", Command::new("mono").arg("--version"))
    {
        return None;
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("nuget-oracle.exe");
    let status = Command::new("mcs")
        .arg(format!("-out:{}", out.display()))
        .arg(oracle_script("NuGetOracle.cs"))
        .stdout(std::process::Stdio::null())
        .status()
        .expect("mcs runs");
    assert!(status.success(), "NuGetOracle.cs compiles");
    Some(out)
}

const N: usize = 25_000;

#[test]
fn nuget_against_nuget_versioning() {
    let Some(exe) = compile_oracle() else { return };
    let oracle = || {
        let mut c = Command::new("mono");
        c.arg(&exe).arg(nuget_exe());
        c
    };
    let set: BTreeSet<String> = SEEDS.iter().map(|s| (*s).to_owned()).collect();
    let pool = pool(set);
    compare_and_validate("nuget", Scheme::NuGet, &oracle, &pool, FRAGS, 0x4e47, N);
    // Most of those pairs must be orderable, not just refused by both.
    let pairs = make_pairs(&mut Rng::new(0x4e47), &pool, FRAGS, N);
    let ordered = pairs
        .iter()
        .filter(|(a, b)| our_cmp(Scheme::NuGet, a, b) != "E")
        .count();
    eprintln!("nuget: {ordered} of {N} pairs ordered by both");
    figure("nuget ordered pairs", ordered);
}
