//! syft's own test expectations (`../shared/data/sbom-fixtures/syft/
//! expected_packages.json`: per syft test function, its fixtures and the
//! packages it expects), loaded once for the fixture tests of the language
//! and binary catalogers. Fixtures are read in place below [`Expected::root`].

#![allow(dead_code, unreachable_pub, clippy::panic)] // each test binary uses a subset; test helpers

use std::path::PathBuf;

use serde_json::Value;

/// The expectations file and the folder its fixture paths are relative to.
pub struct Expected {
    pub root: PathBuf,
    pub groups: Vec<Group>,
}

/// One syft test function's expectations.
pub struct Group {
    /// `TestParseGoMod`…
    pub func: String,
    /// The Go test file, e.g. `syft/pkg/cataloger/golang/parse_go_mod_test.go`.
    pub file: String,
    /// Fixture paths relative to [`Expected::root`].
    pub fixtures: Vec<String>,
    pub packages: Vec<Package>,
}

/// One expected package as syft's test spells it.
pub struct Package {
    /// The Go literal's type: `pkg.Package`, or a metadata entry type.
    pub literal_type: String,
    pub name: Option<String>,
    pub version: Option<String>,
}

/// The expectations, or `None` when the shared data is absent (a failure
/// under `BOSUN_REQUIRE_DATA`). A malformed file fails the test.
pub fn load() -> Option<Expected> {
    let root = bosun_testkit::shared_data("sbom-fixtures/syft")?;
    let path = root.join("expected_packages.json");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let raw: Vec<Value> =
        serde_json::from_slice(&bytes).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let text = |v: &Value| v.as_str().map(str::to_owned);
    let groups = raw
        .iter()
        .map(|g| Group {
            func: text(&g["test_func"]).unwrap_or_default(),
            file: text(&g["test_file"]).unwrap_or_default(),
            fixtures: list(g, "fixtures")
                .iter()
                .filter_map(|f| text(&f["local_path"]))
                .collect(),
            packages: list(g, "packages")
                .iter()
                .map(|p| Package {
                    literal_type: text(&p["literal_type"]).unwrap_or_default(),
                    name: text(&p["Name"]),
                    version: text(&p["Version"]),
                })
                .collect(),
        })
        .collect();
    Some(Expected { root, groups })
}

fn list<'a>(g: &'a Value, key: &str) -> &'a [Value] {
    g[key].as_array().map_or_else(
        || panic!("expected_packages.json: {key} is not a list"),
        Vec::as_slice,
    )
}
