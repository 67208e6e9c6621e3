//! Against real CNCF distribution servers (`docker-registry`) on 127.0.0.1:
//! one anonymous, one with htpasswd basic auth, one with token auth served
//! by a small token server in this file. Test images are pushed with
//! skopeo. Skipped when the tools are missing, unless BOSUN_REQUIRE_TOOLS is
//! set.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use base64::Engine;
use base64::engine::general_purpose::{STANDARD, URL_SAFE_NO_PAD};
use bosun_image::{Digest, Image, ImageRef, OpenOptions, Platform};
use bosun_registry::{
    BlobCache, Client, ClientOptions, CopyOptions, Credential, CredentialStore, Error, PullOptions,
    Reference, Secret,
};
use bosun_testkit::{ImageSpec, Layer, OciLayout, require_tools as tools};

use bosun_registry::testing::{LocalRegistry as Registry, htpasswd, htpasswd_auth};

/// Signs RS256 JWTs with a throwaway key whose self-signed certificate the
/// registry trusts, and serves them at /token to callers with the right
/// basic credentials.
struct TokenServer {
    port: u16,
    cert: PathBuf,
}

fn openssl(args: &[&str], input: Option<&[u8]>) -> Vec<u8> {
    let mut c = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdin = c.stdin.take().unwrap();
    if let Some(i) = input {
        stdin.write_all(i).unwrap();
    }
    drop(stdin);
    let out = c.wait_with_output().unwrap();
    assert!(out.status.success(), "openssl {args:?}");
    out.stdout
}

impl TokenServer {
    fn start(dir: &Path, user: &'static str, pass: &'static str) -> Self {
        let key = dir.join("token.key");
        let cert = dir.join("token.crt");
        openssl(
            &[
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-days",
                "1",
                "-subj",
                "/CN=bosun-test-token",
                "-keyout",
                key.to_str().unwrap(),
                "-out",
                cert.to_str().unwrap(),
            ],
            None,
        );
        let der = openssl(
            &["x509", "-in", cert.to_str().unwrap(), "-outform", "DER"],
            None,
        );
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let good = format!("Basic {}", STANDARD.encode(format!("{user}:{pass}")));
        std::thread::spawn(move || {
            for s in l.incoming().take(200) {
                let Ok(mut s) = s else { continue };
                let mut r = BufReader::new(s.try_clone().unwrap());
                let mut line = String::new();
                r.read_line(&mut line).unwrap_or(0);
                let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
                let mut auth = None;
                loop {
                    let mut h = String::new();
                    if r.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
                        break;
                    }
                    if let Some((k, v)) = h.split_once(':')
                        && k.eq_ignore_ascii_case("authorization")
                    {
                        auth = Some(v.trim().to_owned());
                    }
                }
                let (status, body) = if auth.as_deref() == Some(good.as_str()) {
                    let token = sign(&key, &der, user, &path);
                    (200, format!(r#"{{"token":"{token}","expires_in":300}}"#))
                } else {
                    (401, r#"{"details":"bad credentials"}"#.to_owned())
                };
                let _ = write!(
                    s,
                    "HTTP/1.1 {status} X\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
                    body.len()
                );
            }
        });
        Self { port, cert }
    }
}

fn sign(key: &Path, der: &[u8], user: &str, path: &str) -> String {
    let query = path.split_once('?').map_or("", |(_, q)| q);
    let mut access = Vec::new();
    for kv in query.split('&') {
        if let Some(v) = kv.strip_prefix("scope=") {
            let v = v
                .replace("%3A", ":")
                .replace("%2C", ",")
                .replace("%2F", "/");
            let parts: Vec<&str> = v.split(':').collect();
            if parts.len() == 3 {
                access.push(serde_json::json!({
                    "type": parts[0], "name": parts[1], "actions": parts[2].split(',').collect::<Vec<_>>()
                }));
            }
        }
    }
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs();
    let header = serde_json::json!({"typ": "JWT", "alg": "RS256", "x5c": [STANDARD.encode(der)]});
    let claims = serde_json::json!({
        "iss": "bosun-test", "sub": user, "aud": "bosun-registry",
        "exp": now + 300, "nbf": now - 10, "iat": now, "jti": format!("{now}-{}", access.len()),
        "access": access,
    });
    let input = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header.to_string()),
        URL_SAFE_NO_PAD.encode(claims.to_string())
    );
    let sig = openssl(
        &["dgst", "-sha256", "-sign", key.to_str().unwrap()],
        Some(input.as_bytes()),
    );
    format!("{input}.{}", URL_SAFE_NO_PAD.encode(sig))
}

fn skopeo_push(layout: &Path, tag: &str, dst: &str, creds: Option<&str>) {
    bosun_registry::testing::skopeo_push(&format!("oci:{}:{tag}", layout.display()), dst, creds)
        .unwrap();
}

fn layer(name: &str, size: usize) -> Layer {
    let data: Vec<u8> = (0..size)
        .map(|i| (i % 253) as u8 ^ name.len() as u8)
        .collect();
    Layer::build(|t| t.file(name, &data))
}

/// A two-platform index tagged `multi` and a single image tagged `single`.
fn test_layout(dir: &Path) -> (PathBuf, String) {
    let path = dir.join("layout");
    let mut l = OciLayout::create(&path);
    let (index_digest, _) = l.add_index(
        &[
            ImageSpec::new()
                .layer(layer("amd", 200_000))
                .platform("linux", "amd64", None),
            ImageSpec::new()
                .layer(layer("arm", 150_000))
                .platform("linux", "arm64", Some("v8")),
        ],
        Some("multi"),
    );
    l.add_image(
        &ImageSpec::new()
            .layer(layer("single", 50_000))
            .layer(layer("two", 1000)),
        Some("single"),
    );
    l.finish();
    (path, index_digest)
}

fn client(insecure: &[String], credentials: CredentialStore) -> Client {
    Client::new(ClientOptions {
        insecure: insecure.to_vec(),
        credentials,
        backoff: Duration::from_millis(20),
        ..Default::default()
    })
    .unwrap()
}

fn creds(u: &str, p: &str) -> CredentialStore {
    CredentialStore {
        env: Some(Credential {
            username: u.into(),
            password: Secret::new(p),
        }),
        ..Default::default()
    }
}

fn open(cache: &BlobCache, top: &Digest, platform: Option<&str>) -> Image {
    Image::open_blobs(
        ImageRef::Registry("test".into()),
        cache.root(),
        top,
        &OpenOptions {
            platform: platform.map(|p| p.parse::<Platform>().unwrap()),
        },
    )
    .unwrap()
}

#[test]
fn anonymous_registry() {
    if !tools(&["docker-registry", "skopeo"]) {
        return;
    }
    let reg = Registry::start("").unwrap();
    let t = tempfile::tempdir().unwrap();
    let (layout, index_digest) = test_layout(t.path());
    skopeo_push(&layout, "multi", &format!("{}/app:multi", reg.host()), None);
    skopeo_push(
        &layout,
        "single",
        &format!("{}/app:single", reg.host()),
        None,
    );
    let insecure = [reg.host()];
    let cache = BlobCache::open(t.path().join("cache")).unwrap();
    let c = client(&insecure, CredentialStore::default());
    let multi = Reference::parse(&format!("{}/app:multi", reg.host())).unwrap();

    // Multi-arch index selection.
    let arm = c
        .pull(
            &multi,
            &cache,
            &PullOptions {
                platform: Some("linux/arm64".parse().unwrap()),
                ..Default::default()
            },
        )
        .unwrap();
    assert_eq!(
        arm.top.digest.to_string(),
        index_digest,
        "skopeo kept the index digest"
    );
    assert_eq!(arm.fetched, 2);
    assert_eq!(
        open(&cache, &arm.top.digest, Some("linux/arm64"))
            .config
            .architecture,
        "arm64"
    );
    let amd = c.pull(&multi, &cache, &PullOptions::default()).unwrap();
    assert_eq!(
        (amd.fetched, amd.cached),
        (2, 0),
        "only the amd64 blobs were left to fetch"
    );
    assert_eq!(
        open(&cache, &amd.top.digest, None).config.architecture,
        "amd64"
    );
    let e = c
        .pull(
            &multi,
            &cache,
            &PullOptions {
                platform: Some("linux/s390x".parse().unwrap()),
                ..Default::default()
            },
        )
        .unwrap_err();
    assert!(
        e.to_string().contains("linux/amd64") && e.to_string().contains("linux/arm64"),
        "{e}"
    );

    // Cache reuse: nothing is downloaded the second time.
    let again = c.pull(&multi, &cache, &PullOptions::default()).unwrap();
    assert_eq!((again.fetched, again.bytes), (0, 0));

    // Concurrent pulls of one image into one cache, each with its own client.
    let cache2 = BlobCache::open(t.path().join("cache2")).unwrap();
    let single = Reference::parse(&format!("{}/app:single", reg.host())).unwrap();
    let tops: Vec<Digest> = std::thread::scope(|s| {
        let hs: Vec<_> = (0..4)
            .map(|_| {
                s.spawn(|| {
                    let c = client(&insecure, CredentialStore::default());
                    c.pull(&single, &cache2, &PullOptions::default())
                        .unwrap()
                        .top
                        .digest
                })
            })
            .collect();
        hs.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(tops.windows(2).all(|w| w[0] == w[1]));
    let img = open(&cache2, &tops[0], None);
    for i in 0..img.layers.len() {
        let mut s = img.open_layer(i, None).unwrap();
        std::io::copy(&mut s, &mut std::io::sink()).unwrap();
        s.finish().unwrap();
    }
    assert_eq!(
        std::fs::read_dir(cache2.root().join("tmp"))
            .unwrap()
            .count(),
        0
    );

    // Copy registry -> registry (mounts within one registry) keeps the digest.
    let src = ImageRef::Registry(format!("{}/app:multi", reg.host()));
    let dst = ImageRef::Registry(format!("{}/copy/app:multi", reg.host()));
    let rep = bosun_registry::copy(
        &c,
        &cache,
        &src,
        &dst,
        &CopyOptions {
            all_platforms: true,
            platform: None,
        },
    )
    .unwrap();
    assert_eq!(rep.digest.to_string(), index_digest);
    assert_eq!(rep.manifests, 3);
    assert_eq!(rep.blobs_mounted, 4, "{rep:?}");
    let copied = Reference::parse(&format!("{}/copy/app:multi", reg.host())).unwrap();
    assert_eq!(
        c.head_manifest(&copied).unwrap().unwrap().to_string(),
        index_digest
    );

    // Registry -> OCI layout -> another repository.
    let out = t.path().join("out");
    let rep = bosun_registry::copy(
        &c,
        &cache,
        &src,
        &ImageRef::OciLayout {
            path: out.clone(),
            selector: Some(bosun_image::Selector::Tag("m".into())),
        },
        &CopyOptions {
            all_platforms: true,
            platform: None,
        },
    )
    .unwrap();
    assert_eq!(rep.digest.to_string(), index_digest);
    let from_layout = Image::open(
        &ImageRef::parse(&format!("oci:{}:m", out.display())).unwrap(),
        &OpenOptions {
            platform: Some("linux/arm64".parse().unwrap()),
        },
    )
    .unwrap();
    assert_eq!(
        from_layout
            .index_digest
            .as_ref()
            .map(ToString::to_string)
            .as_deref(),
        Some(index_digest.as_str())
    );
    let back = ImageRef::Registry(format!("{}/back:v1", reg.host()));
    let rep = bosun_registry::copy(
        &c,
        &cache,
        &ImageRef::parse(&format!("oci:{}:m", out.display())).unwrap(),
        &back,
        &CopyOptions {
            all_platforms: true,
            platform: None,
        },
    )
    .unwrap();
    assert_eq!(rep.digest.to_string(), index_digest);
    assert_eq!(rep.blobs_copied, 4);
}

#[test]
fn basic_auth_registry() {
    if !tools(&["docker-registry", "skopeo", "htpasswd"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let pw = htpasswd(t.path(), "alice", "s3cret-basic").unwrap();
    let reg = Registry::start(&htpasswd_auth(&pw)).unwrap();
    let (layout, _) = test_layout(t.path());
    skopeo_push(
        &layout,
        "single",
        &format!("{}/app:single", reg.host()),
        Some("alice:s3cret-basic"),
    );
    let insecure = [reg.host()];
    let r = Reference::parse(&format!("{}/app:single", reg.host())).unwrap();
    let cache = BlobCache::open(t.path().join("cache")).unwrap();

    let e = client(&insecure, CredentialStore::default())
        .pull(&r, &cache, &PullOptions::default())
        .unwrap_err();
    assert!(matches!(e, Error::Unauthorized { .. }), "{e}");
    assert!(
        e.to_string()
            .contains(&format!("bosun registry login {}", reg.host())),
        "{e}"
    );

    let e = client(&insecure, creds("alice", "wrong-pass-123"))
        .pull(&r, &cache, &PullOptions::default())
        .unwrap_err();
    assert!(!format!("{e} {e:?}").contains("wrong-pass-123"));

    let p = client(&insecure, creds("alice", "s3cret-basic"))
        .pull(&r, &cache, &PullOptions::default())
        .unwrap();
    assert_eq!(p.fetched, 3);

    // Credentials from a docker config.json.
    let cfg = t.path().join("docker.json");
    bosun_registry::store_login(
        &cfg,
        &reg.host(),
        &Credential {
            username: "alice".into(),
            password: Secret::new("s3cret-basic"),
        },
    )
    .unwrap();
    let store = CredentialStore {
        docker_config: Some(cfg),
        ..Default::default()
    };
    client(&insecure, store)
        .check_login(&reg.host(), &reg.host())
        .unwrap();
}

#[test]
fn token_auth_registry() {
    if !tools(&["docker-registry", "skopeo", "openssl"]) {
        return;
    }
    let t = tempfile::tempdir().unwrap();
    let ts = TokenServer::start(t.path(), "bob", "t0ken-pass");
    let reg = Registry::start(&format!(
        "auth:\n  token:\n    realm: http://127.0.0.1:{}/token\n    service: bosun-registry\n    issuer: bosun-test\n    rootcertbundle: {}\n",
        ts.port,
        ts.cert.display()
    ))
    .unwrap();
    let (layout, index_digest) = test_layout(t.path());
    skopeo_push(
        &layout,
        "multi",
        &format!("{}/app:multi", reg.host()),
        Some("bob:t0ken-pass"),
    );
    let insecure = [reg.host(), format!("127.0.0.1:{}", ts.port)];
    let r = Reference::parse(&format!("{}/app:multi", reg.host())).unwrap();
    let cache = BlobCache::open(t.path().join("cache")).unwrap();

    let e = client(&insecure, CredentialStore::default())
        .pull(&r, &cache, &PullOptions::default())
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::Unauthorized {
                had_credentials: false,
                ..
            }
        ),
        "{e}"
    );

    let c = client(&insecure, creds("bob", "t0ken-pass"));
    let p = c.pull(&r, &cache, &PullOptions::default()).unwrap();
    assert_eq!(p.top.digest.to_string(), index_digest);
    assert_eq!(p.fetched, 2);

    // Push needs a pull,push token; copying within the registry mounts.
    let dst = ImageRef::Registry(format!("{}/other:multi", reg.host()));
    let rep = bosun_registry::copy(
        &c,
        &cache,
        &ImageRef::Registry(r.to_string()),
        &dst,
        &CopyOptions {
            all_platforms: true,
            platform: None,
        },
    )
    .unwrap();
    assert_eq!(rep.digest.to_string(), index_digest);
    assert_eq!(rep.blobs_mounted + rep.blobs_copied, 4);
}
