//! Targets of the catalogers' parsers: OS package databases, language
//! manifests and lock files, executables and archives.

use bosun_catalog::lang::java::archive;
use bosun_catalog::lang::{dotnet, go, java, javascript, php, python, ruby, rust};
use bosun_catalog::os::{apk, dpkg, rpm};
use bosun_layers::Content;

fn text(data: &[u8]) -> std::borrow::Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// Arbitrary bytes as an apk installed database.
pub fn catalog_apk(data: &[u8]) {
    let _ = apk::parse_installed(&text(data));
}

/// Arbitrary bytes as a cargo-auditable `.dep-v0` section (zlib + JSON).
pub fn catalog_cargo_auditable(data: &[u8]) {
    let _ = rust::auditable::parse(data, "cargo-auditable");
}

/// Arbitrary text as Cargo.lock.
pub fn catalog_cargo_lock(data: &[u8]) {
    let _ = rust::cargo_lock::parse(&text(data), "cargo-lock");
}

/// Arbitrary bytes as a composer installed.json.
pub fn catalog_composer_installed(data: &[u8]) {
    let _ = php::installed::parse("/installed.json", data);
}

/// Arbitrary bytes as a composer.lock.
pub fn catalog_composer_lock(data: &[u8]) {
    let _ = php::composer_lock::parse("/composer.lock", data);
}

/// Arbitrary bytes as every release file at once.
pub fn catalog_distro(data: &[u8]) {
    let _ = bosun_catalog::distro::detect(|_| Some(data));
}

/// Arbitrary bytes as a .NET deps.json.
pub fn catalog_dotnet_deps(data: &[u8]) {
    let _ = dotnet::deps_json::parse("/App.deps.json", data);
}

/// Arbitrary bytes as a NuGet packages.lock.json.
pub fn catalog_dotnet_packages_lock(data: &[u8]) {
    let _ = dotnet::packages_lock::parse("/packages.lock.json", data);
}

/// Arbitrary bytes as a dpkg status file and as a copyright file.
pub fn catalog_dpkg(data: &[u8]) {
    let t = text(data);
    let _ = dpkg::parse_status(&t);
    let _ = dpkg::copyright_licenses(&t);
}

/// Arbitrary bytes as an executable: the Go buildinfo and cargo-auditable
/// extractors (section tables read through a cache), then their decoders.
pub fn catalog_exe(data: &[u8]) {
    let c = Content::Memory(data.to_vec().into());
    if let Ok(Some(b)) = (go::binary::extractor())(&c) {
        let _ = go::binary::decode(&b, "go-binary");
    }
    if let Ok(Some(b)) = (rust::auditable::extractor())(&c) {
        let _ = rust::auditable::parse(&b, "cargo-auditable");
    }
}

/// Arbitrary bytes as a Gemfile.lock.
pub fn catalog_gemfile_lock(data: &[u8]) {
    let _ = ruby::gemfile_lock::parse("/Gemfile.lock", data);
}

/// Arbitrary bytes as a gemspec.
pub fn catalog_gemspec(data: &[u8]) {
    let _ = ruby::gemspec::parse("/x.gemspec", data);
}

/// Arbitrary bytes as extracted Go build information (version NUL modinfo).
pub fn catalog_go_buildinfo(data: &[u8]) {
    let _ = go::binary::decode(data, "go-binary");
}

/// Arbitrary text as go.mod, and as go.sum beside a fixed go.mod.
pub fn catalog_go_mod(data: &[u8]) {
    let t = text(data);
    let _ = go::gomod::parse(&t, "", "go-mod");
    let _ = go::gomod::parse("require a v1\n", &t, "go-mod");
}

/// Arbitrary text as gradle.lockfile.
pub fn catalog_gradle_lockfile(data: &[u8]) {
    let _ = java::gradle::parse(&text(data), "gradle-lockfile");
}

/// Arbitrary bytes as a Java archive: the bounded zip extractor, then the
/// package decoder on its summary; and the manifest/properties parsers.
pub fn catalog_java_archive(data: &[u8]) {
    let c = Content::Memory(data.to_vec().into());
    if let Ok(Some(s)) = archive::extract(&c, &archive::JavaLimits::default()) {
        let _ = archive::decode(&s, "/a.jar", "java-archive");
    }
    let t = text(data);
    let _ = archive::manifest(&t);
    let _ = archive::pom_properties(&t);
    let _ = archive::file_name_parts(&t);
}

/// Arbitrary bytes as a package.json.
pub fn catalog_npm_package_json(data: &[u8]) {
    let _ = javascript::package_json::parse("/package.json", data);
}

/// Arbitrary bytes as a package-lock.json.
pub fn catalog_npm_package_lock(data: &[u8]) {
    let _ = javascript::package_lock::parse("/package-lock.json", data);
}

/// Arbitrary bytes as a pnpm-lock.yaml.
pub fn catalog_pnpm_lock(data: &[u8]) {
    let _ = javascript::pnpm::parse("/pnpm-lock.yaml", data);
}

/// Arbitrary text as pom.xml.
pub fn catalog_pom_xml(data: &[u8]) {
    let _ = java::pom::parse(&text(data), "java-pom");
}

/// Arbitrary bytes as a zipped Python .egg.
pub fn catalog_python_egg(data: &[u8]) {
    let _ = python::installed::parse_egg("/x.egg", data);
}

/// Arbitrary bytes as Python core metadata (METADATA / PKG-INFO).
pub fn catalog_python_metadata(data: &[u8]) {
    let _ = python::installed::parse_metadata("/METADATA", data);
}

/// Arbitrary bytes as a Pipfile.lock.
pub fn catalog_python_pipfile(data: &[u8]) {
    let _ = python::pipfile::parse("/Pipfile.lock", data);
}

/// Arbitrary bytes as a poetry.lock.
pub fn catalog_python_poetry(data: &[u8]) {
    let _ = python::poetry::parse("/poetry.lock", data);
}

/// Arbitrary bytes as a Python RECORD file.
pub fn catalog_python_record(data: &[u8]) {
    let _ = python::installed::parse_record("usr/lib/python3/site-packages", &text(data));
}

/// Arbitrary bytes as a requirements.txt.
pub fn catalog_python_requirements(data: &[u8]) {
    let _ = python::requirements::parse("/requirements.txt", data);
}

/// Arbitrary bytes as a uv.lock.
pub fn catalog_python_uv(data: &[u8]) {
    let _ = python::uv::parse("/uv.lock", data);
}

/// Arbitrary bytes as a Berkeley DB hash `Packages` database, headers included.
pub fn catalog_rpm_bdb(data: &[u8]) {
    let _ = rpm::read(rpm::Format::Bdb, data);
}

/// Arbitrary bytes as an rpm header blob.
pub fn catalog_rpm_header(data: &[u8]) {
    let _ = rpm::header::parse(data);
}

/// Arbitrary bytes as an NDB `Packages.db` database, headers included.
pub fn catalog_rpm_ndb(data: &[u8]) {
    let _ = rpm::read(rpm::Format::Ndb, data);
}

/// Arbitrary bytes after the SQLite magic as an `rpmdb.sqlite` database.
pub fn catalog_rpm_sqlite(data: &[u8]) {
    let mut db = b"SQLite format 3\0".to_vec();
    db.extend_from_slice(data);
    let _ = rpm::read(rpm::Format::Sqlite, &db);
}

/// Arbitrary bytes as a yarn.lock (v1 or Berry).
pub fn catalog_yarn_lock(data: &[u8]) {
    let _ = javascript::yarn::parse("/yarn.lock", data);
}
