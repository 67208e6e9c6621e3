//! Helpers shared by the integration tests: hand-made SBOMs and stores
//! built from advisory directories.

#![allow(dead_code, unreachable_pub)] // each test binary uses a subset

use std::path::{Path, PathBuf};

use bosun_catalog::{
    ImageInfo, LayerInfo, LayerRef, Location, Package, SBOM_SCHEMA, Sbom, SourcePackage,
};
use bosun_vulndb::{NoProgress, Store};

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A store at `dir/db.sqlite` holding every directory of `sources`.
pub fn store(dir: &Path, sources: &[PathBuf]) -> Store {
    let db = dir.join("db.sqlite");
    for s in sources {
        bosun_vulndb::import(&db, s, &NoProgress).unwrap();
    }
    Store::open(&db).unwrap()
}

pub fn layer(index: usize) -> LayerRef {
    LayerRef {
        index,
        digest: Some(format!("sha256:{index:064}")),
        diff_id: None,
    }
}

/// A language package as a language cataloger would record it.
pub fn lang(
    kind: &str,
    ecosystem: &str,
    name: &str,
    version: &str,
    path: &str,
    layer_index: usize,
) -> Package {
    let mut p = Package::new(kind, name, version, kind);
    p.ecosystem = Some(ecosystem.to_owned());
    p.purl = format!("pkg:{kind}/{}@{version}", name.replace('@', "%40"));
    p.locations = vec![Location {
        path: path.to_owned(),
        layer: Some(layer(layer_index)),
    }];
    p.introduced_layer = Some(layer(layer_index));
    p
}

/// A Debian binary package built from `source`.
pub fn deb(name: &str, version: &str, source: &str, source_version: &str) -> Package {
    let mut p = Package::new("deb", name, version, "dpkg");
    p.ecosystem = Some("Debian:12".to_owned());
    p.purl = format!("pkg:deb/debian/{name}@{version}?distro=debian-12");
    p.source = Some(SourcePackage {
        name: source.to_owned(),
        version: Some(source_version.to_owned()),
    });
    p.locations = vec![Location {
        path: "/var/lib/dpkg/status".to_owned(),
        layer: Some(layer(0)),
    }];
    p.introduced_layer = Some(layer(0));
    p
}

pub fn sbom(packages: Vec<Package>) -> Sbom {
    Sbom {
        schema: SBOM_SCHEMA.to_owned(),
        tool_version: "test".to_owned(),
        image: ImageInfo {
            reference: "example.invalid/app:1".to_owned(),
            manifest_digest: Some(format!("sha256:{:064}", 7)),
            config_digest: None,
            platform: Some("linux/amd64".to_owned()),
        },
        distro: None,
        layers: vec![
            LayerInfo {
                layer: layer(0),
                created_by: Some("/bin/sh -c #(nop) ADD file:rootfs in /".to_owned()),
            },
            LayerInfo {
                layer: layer(1),
                created_by: Some("RUN pip install -r requirements.txt".to_owned()),
            },
            LayerInfo {
                layer: layer(2),
                created_by: Some("RUN npm install".to_owned()),
            },
        ],
        packages,
        problems: Vec::new(),
        users: None,
    }
}

/// The Python packages the benchmark image pins (bench/make-images.sh).
pub const BENCH_PIP: &[(&str, &str)] = &[
    ("Django", "3.2.0"),
    ("asgiref", "3.3.4"),
    ("pytz", "2021.1"),
    ("sqlparse", "0.4.1"),
    ("requests", "2.19.0"),
    ("urllib3", "1.24.1"),
    ("chardet", "3.0.4"),
    ("idna", "2.7"),
    ("certifi", "2018.4.16"),
    ("Jinja2", "2.10"),
    ("MarkupSafe", "1.1.1"),
    ("PyYAML", "5.1"),
    ("Flask", "0.12"),
    ("Werkzeug", "0.15.3"),
    ("itsdangerous", "0.24"),
    ("click", "7.0"),
];

/// The npm tree the benchmark image installs (`lodash@4.17.15
/// minimist@1.2.0 express@4.16.0`), as read from its /app/node_modules.
pub const BENCH_NPM: &[(&str, &str, &str)] = &[
    ("", "accepts", "1.3.8"),
    ("", "array-flatten", "1.1.1"),
    ("", "body-parser", "1.18.2"),
    ("", "bytes", "3.0.0"),
    ("", "content-disposition", "0.5.2"),
    ("", "content-type", "1.0.5"),
    ("", "cookie", "0.3.1"),
    ("", "cookie-signature", "1.0.6"),
    ("", "debug", "2.6.9"),
    ("", "depd", "1.1.2"),
    ("", "destroy", "1.0.4"),
    ("", "ee-first", "1.1.1"),
    ("", "encodeurl", "1.0.4"),
    ("", "escape-html", "1.0.3"),
    ("", "etag", "1.8.1"),
    ("", "express", "4.16.0"),
    ("", "finalhandler", "1.1.0"),
    ("", "forwarded", "0.2.0"),
    ("", "fresh", "0.5.2"),
    ("", "http-errors", "1.6.3"),
    ("", "iconv-lite", "0.4.19"),
    ("", "inherits", "2.0.3"),
    ("", "ipaddr.js", "1.9.1"),
    ("", "lodash", "4.17.15"),
    ("", "media-typer", "0.3.0"),
    ("", "merge-descriptors", "1.0.1"),
    ("", "methods", "1.1.2"),
    ("", "mime", "1.4.1"),
    ("", "mime-db", "1.52.0"),
    ("", "mime-types", "2.1.35"),
    ("", "minimist", "1.2.0"),
    ("", "ms", "2.0.0"),
    ("", "negotiator", "0.6.3"),
    ("", "on-finished", "2.3.0"),
    ("", "parseurl", "1.3.3"),
    ("", "path-to-regexp", "0.1.7"),
    ("", "proxy-addr", "2.0.8"),
    ("", "qs", "6.5.1"),
    ("", "range-parser", "1.2.1"),
    ("", "raw-body", "2.3.2"),
    ("", "safe-buffer", "5.1.1"),
    ("", "send", "0.16.0"),
    ("", "serve-static", "1.13.0"),
    ("", "setprototypeof", "1.1.0"),
    ("", "statuses", "1.3.1"),
    ("", "type-is", "1.6.18"),
    ("", "unpipe", "1.0.0"),
    ("", "utils-merge", "1.0.1"),
    ("", "vary", "1.1.2"),
    ("http-errors/", "statuses", "1.5.0"),
    ("raw-body/", "depd", "1.1.1"),
    ("raw-body/", "http-errors", "1.6.2"),
    ("raw-body/", "setprototypeof", "1.0.3"),
];

/// The benchmark image's language packages as a hand-made SBOM.
pub fn bench_packages() -> Vec<Package> {
    let mut out = Vec::new();
    for (name, version) in BENCH_PIP {
        out.push(lang(
            "pypi",
            "PyPI",
            name,
            version,
            &format!("/usr/local/lib/python3.11/dist-packages/{name}-{version}.dist-info/METADATA"),
            1,
        ));
    }
    for (parent, name, version) in BENCH_NPM {
        let dir = if parent.is_empty() {
            String::new()
        } else {
            format!("{parent}node_modules/")
        };
        out.push(lang(
            "npm",
            "npm",
            name,
            version,
            &format!("/app/node_modules/{dir}{name}/package.json"),
            2,
        ));
    }
    out
}
