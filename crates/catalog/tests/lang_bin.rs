//! Go, Rust and Java catalogers end to end: real executables (Go built by
//! the Go toolchain for ELF, PE and Mach-O; an ELF with a cargo-auditable
//! `.dep-v0` section built by the C compiler) and jars laid into an image,
//! walked with extractors and cataloged; then the same files against syft.
//!
//! Tools missing: the test says "skipped" on stderr, or fails when
//! `BOSUN_REQUIRE_TOOLS` is set (CI).

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::BTreeSet;
use std::io::{Cursor, Write};
use std::path::Path;
use std::process::Command;
use std::sync::OnceLock;

use bosun_image::{Image, ImageRef, OpenOptions};
use bosun_layers::{NoProgress, WalkOptions, walk};
use bosun_testkit::{ImageSpec, Layer, require_tools, syft_binary};
use serde_json::Value;

type Key = (String, String, String);
/// Image paths and contents.
type Files = Vec<(String, Vec<u8>)>;

/// Builds a Go program with one dependency replaced by a local directory,
/// for linux, windows and darwin.
fn build_go(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let src = dir.join("src");
    std::fs::create_dir_all(src.join("dep")).unwrap();
    std::fs::write(
        src.join("go.mod"),
        "module example.com/app\n\ngo 1.19\n\nrequire example.com/dep v1.2.3\n\nreplace example.com/dep v1.2.3 => ./dep\n",
    )
    .unwrap();
    std::fs::write(
        src.join("main.go"),
        "package main\n\nimport \"example.com/dep\"\n\nfunc main() { println(dep.Hello()) }\n",
    )
    .unwrap();
    std::fs::write(
        src.join("dep/go.mod"),
        "module example.com/dep\n\ngo 1.19\n",
    )
    .unwrap();
    std::fs::write(
        src.join("dep/dep.go"),
        "package dep\n\nfunc Hello() string { return \"hi\" }\n",
    )
    .unwrap();
    let mut out = Vec::new();
    for (goos, name, ldflags) in [
        ("linux", "app-linux", ""),
        ("windows", "app.exe", ""),
        ("darwin", "app-darwin", ""),
        ("linux", "app-ldflags", "-X main.version=v1.0.0"),
    ] {
        let target = dir.join(name);
        let st = Command::new("go")
            .args(["build", "-ldflags", ldflags, "-o"])
            .arg(&target)
            .arg(".")
            .current_dir(&src)
            .env("GOOS", goos)
            .env("GOARCH", "amd64")
            .env("CGO_ENABLED", "0")
            .env("GOFLAGS", "-mod=mod")
            .env("GOPROXY", "off")
            .env("GOTOOLCHAIN", "local")
            .status()
            .unwrap();
        assert!(st.success(), "go build for {goos}");
        out.push((name.to_owned(), std::fs::read(&target).unwrap()));
    }
    out
}

fn zlib(b: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(b).unwrap();
    e.finish().unwrap()
}

/// An ELF executable with a cargo-auditable `.dep-v0` section, as the
/// cargo-auditable linker step leaves it.
fn build_auditable(dir: &Path) -> Vec<u8> {
    let json = br#"{"packages":[{"name":"hello","version":"0.1.0","source":"local","dependencies":[1],"root":true},{"name":"serde","version":"1.0.215","source":"crates.io"},{"name":"cc","version":"1.2.0","source":"crates.io","kind":"build"}]}"#;
    let bytes: Vec<String> = zlib(json).iter().map(|b| format!("{b}")).collect();
    let c = format!(
        "__attribute__((section(\".dep-v0\"), used)) static const unsigned char dep[] = {{{}}};\nint main(void) {{ return 0; }}\n",
        bytes.join(",")
    );
    std::fs::write(dir.join("aud.c"), c).unwrap();
    let st = Command::new("cc")
        .arg("-o")
        .arg(dir.join("rusty"))
        .arg(dir.join("aud.c"))
        .status()
        .unwrap();
    assert!(st.success(), "cc");
    std::fs::read(dir.join("rusty")).unwrap()
}

/// An ELF laid out as Go before 1.18 left it: the `.go.buildinfo` header
/// holds pointers to Go string headers (resolved here by the static
/// linker), not inline strings.
fn build_old_go(dir: &Path) -> Vec<u8> {
    let c = r#"
struct gostr { const char *p; long n; };
static const char ver[] = "go1.16.5";
static const char mod[] = "0123456789abcdef"
    "path\told.example/tool\nmod\told.example/tool\tv0.3.0\th1:t=\n"
    "dep\tgithub.com/pkg/errors\tv0.9.1\th1:e=\n"
    "0123456789abcdef";
static const struct gostr vs = { ver, sizeof ver - 1 };
static const struct gostr ms = { mod, sizeof mod - 1 };
struct hdr { char magic[14]; char ptrsize; char flags; const struct gostr *v; const struct gostr *m; };
__attribute__((section(".go.buildinfo"), used, aligned(16)))
static const struct hdr h = { "\xff Go buildinf:", 8, 0, &vs, &ms };
int main(void) { return 0; }
"#;
    std::fs::write(dir.join("old.c"), c).unwrap();
    let st = Command::new("cc")
        .args(["-no-pie", "-o"])
        .arg(dir.join("old-go"))
        .arg(dir.join("old.c"))
        .status()
        .unwrap();
    assert!(st.success(), "cc");
    std::fs::read(dir.join("old-go")).unwrap()
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (n, d) in entries {
        w.start_file(*n, zip::write::SimpleFileOptions::default())
            .unwrap();
        w.write_all(d).unwrap();
    }
    w.finish().unwrap().into_inner()
}

/// A Spring-Boot-like jar: its own pom.properties, a shaded dependency and a
/// nested jar known only by its manifest and file name.
fn jar() -> Vec<u8> {
    let nested = zip(&[
        (
            "META-INF/MANIFEST.MF",
            b"Manifest-Version: 1.0\r\nImplementation-Title: joda-time\r\nImplementation-Version: 2.9.2\r\n",
        ),
        (
            "META-INF/maven/joda-time/joda-time/pom.properties",
            b"groupId=joda-time\nartifactId=joda-time\nversion=2.9.2\n",
        ),
    ]);
    let plain = zip(&[(
        "META-INF/MANIFEST.MF",
        b"Manifest-Version: 1.0\r\nImplementation-Title: plain\r\nImplementation-Version: 3.1\r\n",
    )]);
    zip(&[
        (
            "META-INF/MANIFEST.MF",
            b"Manifest-Version: 1.0\r\nMain-Class: org.x.App\r\n",
        ),
        (
            "META-INF/maven/org.example/app/pom.properties",
            b"groupId=org.example\nartifactId=app\nversion=1.0.0\n",
        ),
        (
            "META-INF/maven/com.google.guava/guava/pom.properties",
            b"groupId=com.google.guava\nartifactId=guava\nversion=31.1-jre\n",
        ),
        ("BOOT-INF/lib/joda-time-2.9.2.jar", &nested),
        ("BOOT-INF/lib/plain-3.1.jar", &plain),
    ])
}

/// The files, built once for all tests of this binary.
fn files() -> Option<&'static [(String, Vec<u8>)]> {
    static FILES: OnceLock<Option<Files>> = OnceLock::new();
    FILES
        .get_or_init(|| {
            if !require_tools(&["go", "cc"]) {
                return None;
            }
            let tmp = tempfile::tempdir().unwrap();
            Some(build(tmp.path()))
        })
        .as_deref()
}

fn build(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = build_go(dir)
        .into_iter()
        .map(|(n, b)| (format!("usr/local/bin/{n}"), b))
        .collect();
    out.push(("usr/bin/rusty".into(), build_auditable(dir)));
    out.push(("usr/bin/old-go".into(), build_old_go(dir)));
    out.push(("opt/app/app-1.0.0.jar".into(), jar()));
    out
}

/// Walks and catalogs `img` with every cataloger (declared ones included,
/// whatever the source), through [`bosun_catalog::catalog`] so request
/// numbering is this test's own.
fn catalog_all(img: &Image) -> (bosun_layers::Walk, bosun_catalog::Sbom) {
    let cats = bosun_catalog::catalogers();
    let (reqs, _) = bosun_catalog::requests(&cats);
    let w = walk(img, &reqs, &WalkOptions::default(), &NoProgress).unwrap();
    let files: Vec<(Vec<usize>, bosun_catalog::DbFile)> = w
        .files
        .iter()
        .map(|f| {
            (
                f.requests.clone(),
                bosun_catalog::DbFile {
                    path: f.path.clone(),
                    layer: f.layer,
                    requests: Vec::new(),
                    content: f.content.clone(),
                    visible: f.visible,
                },
            )
        })
        .collect();
    let mut layers = bosun_catalog::image_layers(img);
    if layers.is_empty() {
        layers.push(bosun_catalog::LayerInfo {
            layer: bosun_catalog::LayerRef {
                index: 0,
                digest: None,
                diff_id: None,
            },
            created_by: None,
        });
    }
    let sbom = bosun_catalog::catalog(&cats, &files, bosun_catalog::ImageInfo::default(), layers);
    (w, sbom)
}

fn bosun_keys(files: &[(String, Vec<u8>)], tmp: &Path) -> BTreeSet<Key> {
    let spec = ImageSpec::new().layer(Layer::build(|t| {
        for (p, b) in files {
            t.file(p, b)?;
        }
        Ok(())
    }));
    bosun_testkit::oci_layout(&tmp.join("layout"), &spec, "t");
    let img = Image::open(
        &ImageRef::parse(&format!("oci:{}:t", tmp.join("layout").display())).unwrap(),
        &OpenOptions::default(),
    )
    .unwrap();
    let (w, sbom) = catalog_all(&img);
    // Only extractions are kept: nothing near a whole binary's size.
    for f in &w.files {
        assert!(
            f.content.len() < 64 << 10,
            "{} kept {} bytes",
            f.path,
            f.content.len()
        );
    }
    assert!(sbom.problems.is_empty(), "{:?}", sbom.problems);
    for p in &sbom.packages {
        assert_eq!(p.introduced_layer.as_ref().map(|l| l.index), Some(0));
        assert!(!p.locations.is_empty());
    }
    sbom.packages
        .iter()
        .map(|p| (p.kind.clone(), p.name.clone(), p.version.clone()))
        .collect()
}

fn key(kind: &str, name: &str, version: &str) -> Key {
    (kind.into(), name.into(), version.into())
}

#[test]
fn binaries_and_jars_in_an_image() {
    let Some(files) = files() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let got = bosun_keys(files, tmp.path());
    let want: BTreeSet<Key> = [
        key("golang", "example.com/app", "(devel)"),
        key("golang", "example.com/app", "v1.0.0"),
        key("golang", "./dep", "(devel)"),
        key("golang", "old.example/tool", "v0.3.0"),
        key("golang", "github.com/pkg/errors", "v0.9.1"),
        key("golang", "stdlib", "go1.16.5"),
        key("cargo", "hello", "0.1.0"),
        key("cargo", "serde", "1.0.215"),
        key("maven", "org.example:app", "1.0.0"),
        key("maven", "com.google.guava:guava", "31.1-jre"),
        key("maven", "joda-time:joda-time", "2.9.2"),
        key("maven", "plain:plain", "3.1"),
    ]
    .into_iter()
    .collect();
    let go_version = String::from_utf8(
        Command::new("go")
            .args(["env", "GOVERSION"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let mut want = want;
    want.insert(key("golang", "stdlib", go_version.trim()));
    assert_eq!(got, want);
}

/// syft's (purl type, name as bosun spells it, version): Maven names are
/// `group:artifact` when the purl has a namespace.
fn syft_keys(syft: &Path, target: &str) -> BTreeSet<Key> {
    let out = Command::new(syft)
        .args(["-q", target, "-o", "syft-json"])
        .env("SYFT_CHECK_FOR_APP_UPDATE", "false")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut set = BTreeSet::new();
    for a in v["artifacts"].as_array().unwrap() {
        let purl = a["purl"].as_str().unwrap_or("");
        let Some(rest) = purl.strip_prefix("pkg:") else {
            continue;
        };
        let (kind, path) = rest.split_once('/').unwrap_or((rest, ""));
        let name = a["name"].as_str().unwrap_or("").to_owned();
        let name = if kind == "maven" {
            let path = path.split(['@', '?']).next().unwrap_or("");
            match path.rsplit_once('/') {
                Some((ns, _)) if !ns.is_empty() => format!("{ns}:{name}"),
                _ => name,
            }
        } else {
            name
        };
        set.insert((
            kind.to_owned(),
            name,
            a["version"].as_str().unwrap_or("").to_owned(),
        ));
    }
    set
}

#[test]
fn same_packages_as_syft() {
    let Some(syft) = syft_binary() else { return };
    let Some(files) = files() else {
        return;
    };
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("root");
    for (p, b) in files {
        let f = root.join(p);
        std::fs::create_dir_all(f.parent().unwrap()).unwrap();
        std::fs::write(f, b).unwrap();
    }
    let ours = bosun_keys(files, tmp.path());
    let theirs = syft_keys(&syft, &format!("dir:{}", root.display()));
    let only_ours: Vec<&Key> = ours.difference(&theirs).collect();
    let only_theirs: Vec<&Key> = theirs.difference(&ours).collect();
    eprintln!(
        "bosun {} packages, syft {}; only bosun {only_ours:?}; only syft {only_theirs:?}",
        ours.len(),
        theirs.len()
    );
    assert!(only_ours.is_empty() && only_theirs.is_empty());
}

/// Images named in `BOSUN_LANG_SYFT_IMAGES` (space-separated
/// `BOSUN_REF=SYFT_REF` pairs, e.g.
/// `oci:/work/main/bench/out/big:big=oci-dir:/work/main/bench/out/big`):
/// Go, Rust and Java packages must equal syft's; differences are printed.
#[test]
fn images_against_syft() {
    let Ok(pairs) = std::env::var("BOSUN_LANG_SYFT_IMAGES") else {
        eprintln!("skipped: BOSUN_LANG_SYFT_IMAGES not set");
        return;
    };
    let Some(syft) = syft_binary() else { return };
    let mine = ["golang", "cargo", "maven"];
    for pair in pairs.split_whitespace() {
        let (ours_ref, theirs_ref) = pair.split_once('=').unwrap();
        let img =
            Image::open(&ImageRef::parse(ours_ref).unwrap(), &OpenOptions::default()).unwrap();
        let (w, sbom) = catalog_all(&img);
        let kept: u64 = w.files.iter().map(|f| f.content.len()).sum();
        let ours: BTreeSet<Key> = sbom
            .packages
            .iter()
            .filter(|p| mine.contains(&p.kind.as_str()))
            .map(|p| (p.kind.clone(), p.name.clone(), p.version.clone()))
            .collect();
        let theirs: BTreeSet<Key> = syft_keys(&syft, theirs_ref)
            .into_iter()
            .filter(|k| mine.contains(&k.0.as_str()))
            .collect();
        let only_ours: Vec<&Key> = ours.difference(&theirs).collect();
        let only_theirs: Vec<&Key> = theirs.difference(&ours).collect();
        eprintln!(
            "{ours_ref}: {} found files kept {kept} bytes; bosun {} packages, syft {}, common {}\n only bosun: {only_ours:#?}\n only syft: {only_theirs:#?}\n problems: {:?}",
            w.files.len(),
            ours.len(),
            theirs.len(),
            ours.intersection(&theirs).count(),
            sbom.problems
        );
    }
}

/// Damaged versions of the real executables and jars (truncated, bytes
/// overwritten) go through the extractors and decoders without a panic.
#[test]
fn damaged_files_never_panic() {
    use bosun_catalog::lang::{go, java, rust};
    use bosun_layers::Content;
    let Some(files) = files() else { return };
    let limits = java::archive::JavaLimits::default();
    let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for (path, bytes) in files {
        let mut variants: Vec<Vec<u8>> = (1..24)
            .map(|k| bytes[..bytes.len() * k / 24].to_vec())
            .collect();
        for _ in 0..24 {
            let mut b = bytes.clone();
            for _ in 0..16 {
                let i = (next() as usize) % b.len();
                b[i] = next() as u8;
            }
            variants.push(b);
        }
        for v in variants {
            let c = Content::Memory(v.into());
            if let Ok(Some(x)) = (go::binary::extractor())(&c) {
                let _ = go::binary::decode(&x, "go-binary");
            }
            if let Ok(Some(x)) = (rust::auditable::extractor())(&c) {
                let _ = rust::auditable::parse(&x, "cargo-auditable");
            }
            if let Ok(Some(x)) = java::archive::extract(&c, &limits) {
                java::archive::decode(&x, path, "java-archive").unwrap();
            }
        }
    }
}
