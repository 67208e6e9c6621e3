//! Language packages through `bosun sbom`: a layered image built here
//! (installed Python, npm, gem, Composer and .NET packages, plus a lockfile
//! that image scans must ignore) as a table snapshot; a `dir:` source tree
//! honouring nested `.gitignore` files; and the (ecosystem, name, version)
//! sets against syft on that image and on syft's own fixture directories.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use bosun_testkit::{ImageSpec, Layer, oci_layout, shared_data, syft_binary};
use serde_json::Value;

fn bosun(dir: &Path, args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_bosun"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("SOURCE_DATE_EPOCH", "1704164645")
        .env_remove("BOSUN_CONFIG")
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

const SITE: &str = "usr/local/lib/python3.11/site-packages";

/// Two layers: Python and npm packages, then a gem, Composer packages, a
/// .NET app and an upgraded npm package.
fn lang_image(dir: &Path) {
    let base = Layer::build(|t| {
        t.file(
            &format!("{SITE}/requests-2.25.0.dist-info/METADATA"),
            b"Metadata-Version: 2.1\nName: requests\nVersion: 2.25.0\nLicense: Apache 2.0\n\nbody\n",
        )?;
        t.file(
            &format!("{SITE}/requests-2.25.0.dist-info/RECORD"),
            b"requests/__init__.py,sha256=x,10\nrequests-2.25.0.dist-info/METADATA,,\n../../../bin/req,,\n",
        )?;
        t.file(
            &format!("{SITE}/PyYAML-5.3.1-py3.11.egg-info/PKG-INFO"),
            b"Metadata-Version: 1.1\nName: PyYAML\nVersion: 5.3.1\nLicense: MIT\n",
        )?;
        t.file(
            "app/node_modules/lodash/package.json",
            br#"{"name":"lodash","version":"4.17.15","license":"MIT"}"#,
        )?;
        t.file(
            "app/node_modules/@babel/core/package.json",
            br#"{"name":"@babel/core","version":"7.1.0"}"#,
        )?;
        t.file(
            "app/node_modules/@babel/core/lib/package.json",
            br#"{"type":"commonjs"}"#,
        )?;
        t.file("app/requirements.txt", b"django==1.11\n")?;
        t.file(
            "app/package-lock.json",
            br#"{"lockfileVersion":3,"packages":{"node_modules/left-pad":{"version":"1.0.0"}}}"#,
        )
    })
    .created_by("/bin/sh -c pip install requests pyyaml && npm ci");
    let more = Layer::build(|t| {
        t.file(
            "usr/local/bundle/specifications/rack-2.2.3.gemspec",
            b"Gem::Specification.new do |s|\n  s.name = \"rack\".freeze\n  s.version = \"2.2.3\"\n  s.licenses = [\"MIT\".freeze]\nend\n",
        )?;
        t.file(
            "srv/php/vendor/composer/installed.json",
            br#"{"packages":[{"name":"monolog/monolog","version":"2.1.1","license":["MIT"]}],"dev-package-names":[]}"#,
        )?;
        t.file(
            "srv/dotnet/App.deps.json",
            br#"{"libraries":{"App/1.0.0":{"type":"project"},"Newtonsoft.Json/12.0.1":{"type":"package"}}}"#,
        )?;
        t.file(
            "app/node_modules/lodash/package.json",
            br#"{"name":"lodash","version":"4.17.21","license":"MIT"}"#,
        )
    })
    .created_by("/bin/sh -c gem install rack && composer install && npm i lodash@4.17.21");
    oci_layout(dir, &ImageSpec::new().layer(base).layer(more), "latest");
}

#[test]
fn lang_image_table() {
    let tmp = tempfile::tempdir().unwrap();
    lang_image(&tmp.path().join("img"));
    let (code, out, err) = bosun(tmp.path(), &["sbom", "--no-cache", "oci:img:latest"]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("sbom_lang_table", out);

    let (_, json, _) = bosun(
        tmp.path(),
        &["sbom", "--no-cache", "--format", "json", "oci:img:latest"],
    );
    let v: Value = serde_json::from_str(&json).unwrap();
    let pkgs = v["packages"].as_array().unwrap();
    let find = |name: &str| pkgs.iter().find(|p| p["name"] == name).unwrap();
    let req = find("requests");
    assert_eq!(req["purl"], "pkg:pypi/requests@2.25.0");
    assert_eq!(req["introduced_layer"]["index"], 0);
    assert!(
        req["files"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f == "/usr/local/bin/req")
    );
    assert_eq!(find("PyYAML")["purl"], "pkg:pypi/pyyaml@5.3.1");
    let lodash = find("lodash");
    assert_eq!(lodash["version"], "4.17.21");
    assert_eq!(lodash["introduced_layer"]["index"], 1);
    assert_eq!(
        lodash["locations"][0]["path"],
        "/app/node_modules/lodash/package.json"
    );
    // Lockfiles and requirements are declarations: image scans skip them.
    assert!(
        pkgs.iter()
            .all(|p| p["name"] != "django" && p["name"] != "left-pad")
    );
}

#[test]
fn dir_source_tree_honours_gitignore() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("src");
    let put = |rel: &str, data: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, data).unwrap();
    };
    put(".gitignore", "build/\n*-old-requirements.txt\n");
    put("requirements.txt", "flask==2.0.1\n");
    put("a-old-requirements.txt", "flask==0.1\n");
    put("build/requirements.txt", "django==1.0\n");
    put("svc/.gitignore", "!b-old-requirements.txt\nlocal/\n");
    put("svc/b-old-requirements.txt", "six==1.16.0\n");
    put("svc/local/requirements.txt", "rsa==4.0\n");
    put(
        "svc/package-lock.json",
        r#"{"lockfileVersion":3,"packages":{"node_modules/minimist":{"version":"1.2.5","dev":true}}}"#,
    );
    put(".git/package.json", r#"{"name":"nope","version":"1.0.0"}"#);
    let names = |extra: &[&str]| -> BTreeSet<String> {
        let mut args = vec!["sbom", "--format", "json"];
        args.extend_from_slice(extra);
        args.push("dir:src");
        let (code, out, err) = bosun(tmp.path(), &args);
        assert_eq!(code, 0, "{err}");
        let v: Value = serde_json::from_str(&out).unwrap();
        v["packages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| {
                let dev = if p["properties"]["dev"] == "true" {
                    " (dev)"
                } else {
                    ""
                };
                format!(
                    "{}@{}{dev}",
                    p["name"].as_str().unwrap(),
                    p["version"].as_str().unwrap()
                )
            })
            .collect()
    };
    let set = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<BTreeSet<_>>();
    assert_eq!(
        names(&[]),
        set(&["flask@2.0.1", "minimist@1.2.5 (dev)", "six@1.16.0"])
    );
    assert_eq!(
        names(&["--no-gitignore"]),
        set(&[
            "django@1.0",
            "flask@0.1",
            "flask@2.0.1",
            "minimist@1.2.5 (dev)",
            "nope@1.0.0",
            "rsa@4.0",
            "six@1.16.0"
        ])
    );
}

type Key = (String, String, String);

const ECOSYSTEMS: [(&str, &str); 5] = [
    ("python", "PyPI"),
    ("npm", "npm"),
    ("gem", "RubyGems"),
    ("php-composer", "Packagist"),
    ("dotnet", "NuGet"),
];

fn pep503(name: &str) -> String {
    bosun_catalog::lang::file::pep503(name)
}

fn key(eco: &str, name: &str, version: &str) -> Key {
    let name = if eco == "PyPI" {
        pep503(name)
    } else {
        name.to_owned()
    };
    (eco.to_owned(), name, version.to_owned())
}

fn syft_set(syft: &Path, target: &str) -> BTreeSet<Key> {
    let out = Command::new(syft)
        .args(["-q", target, "-o", "syft-json"])
        .env("SYFT_CHECK_FOR_APP_UPDATE", "false")
        .output()
        .unwrap();
    assert!(out.status.success(), "syft {target}");
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    v["artifacts"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| {
            let (_, eco) = ECOSYSTEMS.iter().find(|(t, _)| a["type"] == *t)?;
            Some(key(eco, a["name"].as_str()?, a["version"].as_str()?))
        })
        .collect()
}

/// Catalogers syft runs on images only; on directories bosun runs them too
/// (a `dir:` may be an unpacked root filesystem), so they are left out of
/// directory comparisons.
const IMAGE_ONLY_IN_SYFT: [&str; 3] = [
    "javascript-package",
    "php-composer-installed",
    "ruby-gemspec",
];

/// syft reads `*.deps.json` on directories only (in images it reads the
/// .NET assemblies themselves); bosun reads them in images too.
const DIR_ONLY_IN_SYFT: [&str; 1] = ["dotnet-deps"];

/// syft keeps development dependencies of these formats (and drops those
/// of package-lock, Pipfile.lock and composer.lock).
const SYFT_KEEPS_DEV: [&str; 2] = ["javascript-pnpm-lock", "python-poetry-lock"];

fn bosun_set(cwd: &Path, target: &str, dir: bool) -> BTreeSet<Key> {
    let (code, out, err) = bosun(cwd, &["sbom", "--no-cache", "--format", "json", target]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    v["packages"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| {
            p["properties"]["dev"] != "true" || SYFT_KEEPS_DEV.iter().any(|c| p["cataloger"] == *c)
        })
        .filter(|p| {
            let only = if dir {
                &IMAGE_ONLY_IN_SYFT[..]
            } else {
                &DIR_ONLY_IN_SYFT[..]
            };
            !only.iter().any(|c| p["cataloger"] == *c)
        })
        .filter_map(|p| {
            let eco = p["ecosystem"].as_str()?;
            ECOSYSTEMS.iter().find(|(_, e)| *e == eco)?;
            Some(key(eco, p["name"].as_str()?, p["version"].as_str()?))
        })
        .collect()
}

/// Differences explained by the syft release installed (1.18.1, older
/// than the fixtures' commit): the fixture tests of the newer syft agree
/// with bosun on each (see crates/catalog/tests/lang_fixtures.rs).
fn explained(k: &Key) -> bool {
    let (eco, name, version) = (k.0.as_str(), k.1.as_str(), k.2.as_str());
    matches!(
        (eco, name, version),
        // Old syft keeps pnpm v5 peer suffixes in versions.
        ("npm", "acorn-jsx", "5.3.2" | "5.3.2_acorn@8.8.0")
            | ("npm", "webpack-cli", "4.10.0" | "4.10.0_fzn43tb6bdtdxy2s3aqevve2su")
            // Old syft names yarn v1 entries by the requested alias, not the
            // package its registry URL fetched.
            | ("npm", "resize-observer-polyfill" | "@4lolo/resize-observer-polyfill", "1.5.2")
            | ("npm", "c0n-fab_u.laTION" | "something-i-made-up", "7.7.7")
            // Old syft lists neither the project's own package-lock entry
            // nor a package-lock v1 key spelled node_modules/NAME.
            | ("npm", "npm", "6.14.6")
            | ("npm", "async", "3.2.4")
            // Old syft cannot read multi-document pnpm locks.
            | ("npm", "minimist", "1.2.0")
            // Old syft lists framework reference assemblies of deps.json
            // (not NuGet packages; the newer syft drops them too).
            | ("NuGet", "Microsoft.AspNetCore.DataProtection" | "Microsoft.AspNetCore.DataProtection.Abstractions", "10.0.0.0")
            // An egg-info without a Version header: syft invents `UNKNOWN`,
            // bosun reports the file as a problem (no version to match).
            | ("PyPI", "no-version", "UNKNOWN")
    )
}

#[test]
fn same_language_packages_as_syft() {
    let Some(syft) = syft_binary() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    lang_image(&tmp.path().join("img"));
    let mut cases = vec![(
        "oci:img:latest".to_owned(),
        format!("oci-dir:{}", tmp.path().join("img").display()),
        false,
    )];
    // Without the shared fixtures only the image case runs (shared_data
    // says so, or fails under BOSUN_REQUIRE_DATA).
    let fixtures = shared_data("sbom-fixtures/syft/cataloger");
    if let Some(shared) = &fixtures {
        // Directories whose formats the installed syft release reads
        // (it predates uv.lock and packages.lock.json support).
        for d in [
            "ruby/testdata",
            "javascript/testdata",
            "php/testdata",
            "dotnet/testdata/dir-example-1",
            "dotnet/testdata/deps-with-referenceassembly",
            "python/testdata/pipfile-lock",
            "python/testdata/poetry",
            "python/testdata/site-packages",
        ] {
            let p = shared.join(d);
            cases.push((
                format!("dir:{}", p.display()),
                format!("dir:{}", p.display()),
                true,
            ));
        }
    }
    let mut pairs = 0;
    let mut unexplained = Vec::new();
    for (ours, theirs, dir) in &cases {
        let b = bosun_set(tmp.path(), ours, *dir);
        let s = syft_set(&syft, theirs);
        eprintln!(
            "{theirs}: bosun {} syft {} common {}",
            b.len(),
            s.len(),
            b.intersection(&s).count()
        );
        pairs += b.intersection(&s).count();
        for k in b.symmetric_difference(&s) {
            let side = if b.contains(k) {
                "only bosun"
            } else {
                "only syft"
            };
            if explained(k) {
                eprintln!("  {side} (explained): {k:?}");
            } else {
                eprintln!("  {side}: {k:?}");
                unexplained.push((theirs.clone(), side, k.clone()));
            }
        }
    }
    eprintln!("{pairs} packages in common");
    assert!(unexplained.is_empty(), "{unexplained:#?}");
    if fixtures.is_some() {
        assert_eq!(
            pairs, 202,
            "packages bosun and syft both report; when more agree, update the figure in the same commit"
        );
    }
}
