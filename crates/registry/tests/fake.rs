//! The client against a hand-rolled registry on 127.0.0.1 that misbehaves
//! on purpose: wrong digests, cut transfers, 429s, 401s, schema 1,
//! redirects to another host.

#![allow(clippy::unwrap_used, clippy::print_stderr)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bosun_image::{Algorithm, Digest, Image, ImageRef, OpenOptions};
use bosun_registry::{
    BlobCache, Client, ClientOptions, Credential, CredentialStore, Error, PullOptions, Reference,
    Secret,
};

#[derive(Debug, Clone)]
struct Req {
    method: String,
    path: String,
    headers: HashMap<String, String>,
}

struct Resp {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Send the full Content-Length but close after this many body bytes.
    cut_after: Option<usize>,
}

impl Resp {
    fn new(status: u16, body: impl Into<Vec<u8>>) -> Self {
        Self {
            status,
            headers: Vec::new(),
            body: body.into(),
            cut_after: None,
        }
    }
    fn header(mut self, k: &str, v: &str) -> Self {
        self.headers.push((k.into(), v.into()));
        self
    }
}

type Handler = dyn Fn(&Req, usize) -> Resp + Send + Sync;

struct Server {
    port: u16,
    log: Arc<Mutex<Vec<Req>>>,
}

impl Server {
    fn start(handler: impl Fn(&Req, usize) -> Resp + Send + Sync + 'static) -> Self {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = l.local_addr().unwrap().port();
        let log: Arc<Mutex<Vec<Req>>> = Arc::default();
        let h: Arc<Handler> = Arc::new(handler);
        let log2 = log.clone();
        std::thread::spawn(move || {
            for s in l.incoming().take(500) {
                let Ok(s) = s else { continue };
                let h = h.clone();
                let log = log2.clone();
                std::thread::spawn(move || serve(s, &*h, &log));
            }
        });
        Self { port, log }
    }
    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }
    fn requests(&self) -> Vec<Req> {
        self.log.lock().unwrap().clone()
    }
}

fn serve(s: TcpStream, h: &Handler, log: &Mutex<Vec<Req>>) {
    s.set_read_timeout(Some(Duration::from_secs(5))).ok();
    let mut r = BufReader::new(s.try_clone().unwrap());
    let mut w = s;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).unwrap_or(0) == 0 {
            return;
        }
        let mut parts = line.split_whitespace();
        let (Some(method), Some(path)) = (parts.next(), parts.next()) else {
            return;
        };
        let mut headers = HashMap::new();
        loop {
            let mut l = String::new();
            if r.read_line(&mut l).unwrap_or(0) == 0 {
                return;
            }
            let l = l.trim_end();
            if l.is_empty() {
                break;
            }
            if let Some((k, v)) = l.split_once(':') {
                headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
            }
        }
        if let Some(n) = headers
            .get("content-length")
            .and_then(|n| n.parse::<usize>().ok())
        {
            let mut body = vec![0; n];
            if r.read_exact(&mut body).is_err() {
                return;
            }
        }
        let req = Req {
            method: method.into(),
            path: path.into(),
            headers,
        };
        let nth = {
            let mut l = log.lock().unwrap();
            l.push(req.clone());
            l.iter()
                .filter(|x| x.method == req.method && x.path == req.path)
                .count()
        };
        let resp = h(&req, nth);
        let mut head = format!(
            "HTTP/1.1 {} X\r\nContent-Length: {}\r\n",
            resp.status,
            resp.body.len()
        );
        for (k, v) in &resp.headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        if w.write_all(head.as_bytes()).is_err() {
            return;
        }
        if req.method != "HEAD" {
            let n = resp.cut_after.unwrap_or(resp.body.len());
            if w.write_all(&resp.body[..n]).is_err() {
                return;
            }
            if resp.cut_after.is_some() {
                let _ = w.flush();
                let _ = w.shutdown(std::net::Shutdown::Both);
                return;
            }
        }
    }
}

/// A small image: config and one layer, OCI media types.
struct Img {
    manifest: Vec<u8>,
    manifest_digest: Digest,
    config: Vec<u8>,
    config_digest: Digest,
    layer: Vec<u8>,
    layer_digest: Digest,
}

fn image(layer_len: usize) -> Img {
    // Not a real tar: pulling does not look inside layers.
    let layer: Vec<u8> = (0..layer_len).map(|i| (i * 7 % 251) as u8).collect();
    let layer_digest = Digest::of(Algorithm::Sha256, &layer);
    let config = serde_json::to_vec(&serde_json::json!({
        "architecture": "amd64", "os": "linux",
        "rootfs": {"type": "layers", "diff_ids": [layer_digest.to_string()]},
    }))
    .unwrap();
    let config_digest = Digest::of(Algorithm::Sha256, &config);
    let manifest = serde_json::to_vec(&serde_json::json!({
        "schemaVersion": 2,
        "mediaType": "application/vnd.oci.image.manifest.v1+json",
        "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": config_digest.to_string(), "size": config.len()},
        "layers": [{"mediaType": "application/vnd.oci.image.layer.v1.tar", "digest": layer_digest.to_string(), "size": layer.len()}],
    }))
    .unwrap();
    let manifest_digest = Digest::of(Algorithm::Sha256, &manifest);
    Img {
        manifest,
        manifest_digest,
        config,
        config_digest,
        layer,
        layer_digest,
    }
}

/// Serves `img` as `app:v1`; `tweak` may override any answer.
fn registry(
    img: Img,
    tweak: impl Fn(&Req, usize, &Img) -> Option<Resp> + Send + Sync + 'static,
) -> Server {
    Server::start(move |req, nth| {
        if let Some(r) = tweak(req, nth, &img) {
            return r;
        }
        let md = img.manifest_digest.to_string();
        match req.path.as_str() {
            "/v2/" => Resp::new(200, "{}"),
            p if p == "/v2/app/manifests/v1" || p == format!("/v2/app/manifests/{md}") => {
                Resp::new(200, img.manifest.clone())
                    .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                    .header("Docker-Content-Digest", &md)
            }
            p if p == format!("/v2/app/blobs/{}", img.config_digest) => {
                Resp::new(200, img.config.clone())
            }
            p if p == format!("/v2/app/blobs/{}", img.layer_digest) => range_resp(req, &img.layer),
            _ => Resp::new(404, r#"{"errors":[{"code":"NOT_FOUND"}]}"#),
        }
    })
}

fn range_resp(req: &Req, data: &[u8]) -> Resp {
    match req
        .headers
        .get("range")
        .and_then(|r| r.strip_prefix("bytes="))
        .and_then(|r| r.strip_suffix('-'))
    {
        Some(start) => {
            let s: usize = start.parse().unwrap();
            Resp::new(206, data[s..].to_vec()).header(
                "Content-Range",
                &format!("bytes {s}-{}/{}", data.len() - 1, data.len()),
            )
        }
        None => Resp::new(200, data.to_vec()),
    }
}

fn client(host: &str, credentials: CredentialStore) -> Client {
    Client::new(ClientOptions {
        insecure: vec![host.to_owned()],
        credentials,
        backoff: Duration::from_millis(10),
        max_backoff: Duration::from_millis(50),
        ..Default::default()
    })
    .unwrap()
}

fn reference(s: &Server) -> Reference {
    Reference::parse(&format!("{}/app:v1", s.host())).unwrap()
}

#[test]
fn pulls_into_the_cache_and_reuses_it() {
    let img = image(5000);
    let md = img.manifest_digest.clone();
    let s = registry(img, |_, _, _| None);
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    let c = client(&s.host(), CredentialStore::default());
    let p = c
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap();
    assert_eq!(p.top.digest, md);
    assert_eq!(
        (p.fetched, p.cached, p.bytes),
        (2, 0, 5000 + p.blobs[0].size)
    );
    let image = Image::open_blobs(
        ImageRef::Registry("x".into()),
        cache.root(),
        &md,
        &OpenOptions::default(),
    )
    .unwrap();
    assert_eq!(image.layers.len(), 1);

    let before = s.requests().len();
    let p = c
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap();
    assert_eq!((p.fetched, p.cached), (0, 2));
    let again: Vec<String> = s.requests()[before..]
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    assert_eq!(
        again,
        ["HEAD /v2/app/manifests/v1"],
        "a second look downloads nothing"
    );

    // By digest, a cached image needs no request at all.
    let before = s.requests().len();
    let by_digest = Reference::parse(&format!("{}/app@{md}", s.host())).unwrap();
    c.pull(&by_digest, &cache, &PullOptions::default()).unwrap();
    assert_eq!(s.requests().len(), before);
}

#[test]
fn wrong_blob_digest_is_rejected() {
    let img = image(3000);
    let layer_path = format!("/v2/app/blobs/{}", img.layer_digest);
    let layer_digest = img.layer_digest.clone();
    let s = registry(img, move |req, _, _| {
        (req.path == layer_path).then(|| Resp::new(200, vec![b'x'; 3000]))
    });
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    let e = client(&s.host(), CredentialStore::default())
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap_err();
    assert!(matches!(e, Error::DigestMismatch { .. }), "{e}");
    assert!(!cache.contains(&layer_digest));
    assert_eq!(
        std::fs::read_dir(t.path().join("tmp")).unwrap().count(),
        0,
        "partial files removed"
    );
}

#[test]
fn wrong_manifest_digest_is_rejected() {
    let img = image(10);
    let s = registry(img, |req, _, img| {
        (req.path == "/v2/app/manifests/v1").then(|| {
            let mut m = img.manifest.clone();
            m.push(b' ');
            Resp::new(200, m).header("Docker-Content-Digest", &img.manifest_digest.to_string())
        })
    });
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    let c = client(&s.host(), CredentialStore::default());
    let e = c
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap_err();
    assert!(matches!(e, Error::DigestMismatch { .. }), "{e}");
    // Asked for by digest, content hashing to something else is refused too.
    let other = Digest::of(Algorithm::Sha256, b"other");
    let e = c
        .get_manifest(&reference(&s), "v1", Some(&other))
        .unwrap_err();
    assert!(matches!(e, Error::DigestMismatch { .. }), "{e}");
}

#[test]
fn interrupted_download_is_resumed() {
    let img = image(1 << 20);
    let layer_path = format!("/v2/app/blobs/{}", img.layer_digest);
    let lp = layer_path.clone();
    let s = registry(img, move |req, nth, img| {
        (req.path == lp && nth == 1).then(|| {
            let mut r = range_resp(req, &img.layer);
            r.cut_after = Some(300_000);
            r
        })
    });
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    let p = client(&s.host(), CredentialStore::default())
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap();
    assert_eq!(p.fetched, 2);
    let gets: Vec<Req> = s
        .requests()
        .into_iter()
        .filter(|r| r.path == layer_path)
        .collect();
    assert_eq!(gets.len(), 2, "{gets:?}");
    let range = gets[1].headers.get("range").cloned().unwrap_or_default();
    let start: u64 = range
        .trim_start_matches("bytes=")
        .trim_end_matches('-')
        .parse()
        .unwrap();
    assert!(start > 0 && start <= 300_000, "resumed from {range}");
}

#[test]
fn retries_429_and_5xx() {
    let img = image(10);
    let s = registry(img, |req, nth, _| match (req.path.as_str(), nth) {
        ("/v2/app/manifests/v1", 1) => Some(Resp::new(429, "slow down").header("Retry-After", "0")),
        ("/v2/app/manifests/v1", 2) => Some(Resp::new(503, "busy")),
        _ => None,
    });
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    client(&s.host(), CredentialStore::default())
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap();
}

#[test]
fn gives_up_after_bounded_attempts() {
    let img = image(10);
    let s = registry(img, |req, _, _| {
        (req.path == "/v2/app/manifests/v1").then(|| Resp::new(500, "down"))
    });
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    let e = client(&s.host(), CredentialStore::default())
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap_err();
    assert!(e.to_string().contains("500"), "{e}");
    assert_eq!(
        s.requests()
            .iter()
            .filter(|r| r.path == "/v2/app/manifests/v1")
            .count(),
        5
    );
}

fn basic_protected(img: Img, password: &'static str) -> Server {
    use base64::Engine;
    let good = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("user:{password}"))
    );
    registry(img, move |req, _, _| {
        (req.headers.get("authorization") != Some(&good))
            .then(|| Resp::new(401, "{}").header("WWW-Authenticate", r#"Basic realm="test""#))
    })
}

#[test]
fn unauthorized_names_the_registry_and_login() {
    let s = basic_protected(image(10), "right");
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    let e = client(&s.host(), CredentialStore::default())
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap_err();
    let msg = e.to_string();
    assert!(
        matches!(
            e,
            Error::Unauthorized {
                had_credentials: false,
                ..
            }
        ),
        "{msg}"
    );
    assert!(
        msg.contains(&s.host()) && msg.contains(&format!("bosun registry login {}", s.host())),
        "{msg}"
    );
}

#[test]
fn basic_auth_and_no_secret_in_errors() {
    let s = basic_protected(image(10), "right-password");
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    let creds = |p: &str| CredentialStore {
        env: Some(Credential {
            username: "user".into(),
            password: Secret::new(p),
        }),
        ..Default::default()
    };
    client(&s.host(), creds("right-password"))
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap();
    let c = client(&s.host(), creds("wrong-password-xyz"));
    let e = c.get_manifest(&reference(&s), "v1", None).unwrap_err();
    let all = format!("{e} {e:?} {c:?} {:?}", creds("wrong-password-xyz"));
    assert!(
        matches!(
            e,
            Error::Unauthorized {
                had_credentials: true,
                ..
            }
        ),
        "{all}"
    );
    assert!(!all.contains("wrong-password-xyz"), "{all}");
    assert!(
        !all.contains("d3Jvbmc"),
        "base64 of the password leaked: {all}"
    );
}

#[test]
fn schema1_is_a_clear_error() {
    let s = registry(image(10), |req, _, _| {
        (req.path == "/v2/app/manifests/v1").then(|| {
            Resp::new(
                200,
                r#"{"schemaVersion":1,"name":"app","tag":"v1","fsLayers":[]}"#,
            )
            .header(
                "Content-Type",
                "application/vnd.docker.distribution.manifest.v1+prettyjws",
            )
        })
    });
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    let e = client(&s.host(), CredentialStore::default())
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap_err();
    assert!(matches!(e, Error::Schema1 { .. }), "{e}");
    assert!(e.to_string().contains("schema 1"), "{e}");
}

#[test]
fn redirect_to_storage_drops_authorization() {
    let storage_img = image(2000);
    let layer = storage_img.layer.clone();
    let storage = Server::start(move |req, _| range_resp(req, &layer));
    // "localhost" is another host than 127.0.0.1 to the client.
    let target = format!("http://localhost:{}/blob", storage.port);
    use base64::Engine;
    let good = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode("user:pw")
    );
    let s = registry(storage_img, move |req, _, img| {
        if req.headers.get("authorization") != Some(&good) {
            return Some(Resp::new(401, "{}").header("WWW-Authenticate", r#"Basic realm="test""#));
        }
        (req.path == format!("/v2/app/blobs/{}", img.layer_digest))
            .then(|| Resp::new(307, "").header("Location", &target))
    });
    let t = tempfile::tempdir().unwrap();
    let cache = BlobCache::open(t.path()).unwrap();
    let creds = CredentialStore {
        env: Some(Credential {
            username: "user".into(),
            password: Secret::new("pw"),
        }),
        ..Default::default()
    };
    let p = client(&s.host(), creds)
        .pull(&reference(&s), &cache, &PullOptions::default())
        .unwrap();
    assert_eq!(p.fetched, 2);
    let reqs = storage.requests();
    assert_eq!(reqs.len(), 1);
    assert!(
        !reqs[0].headers.contains_key("authorization"),
        "credentials sent to blob storage"
    );
}
