//! Pulling: manifests and indexes (verified against the digest asked for
//! and the `Docker-Content-Digest` the registry states), platform selection,
//! and blobs streamed into the cache with hashing, resume after a broken
//! transfer (`Range: bytes=N-`) and parallel downloads.

use std::io::{BufWriter, Read, Seek, SeekFrom, Write};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Mutex, PoisonError};

use bosun_image::spec::{Descriptor, Index, Manifest, media_type};
use bosun_image::{Digest, Hasher, Platform};
use reqwest::StatusCode;
use reqwest::header::{ACCEPT, CONTENT_TYPE, RANGE};

use crate::cache::{BlobCache, TempBlob};
use crate::client::{Call, Client, read_limited, status_error};
use crate::error::{Error, Result};
use crate::reference::Reference;

/// Largest manifest or index accepted (distribution's own limit is 4 MiB).
pub const MAX_MANIFEST: u64 = 16 << 20;
/// Nested indexes deeper than this are refused.
const MAX_DEPTH: usize = 4;

const ACCEPT_MANIFESTS: &str = "application/vnd.oci.image.index.v1+json, \
application/vnd.docker.distribution.manifest.list.v2+json, \
application/vnd.oci.image.manifest.v1+json, \
application/vnd.docker.distribution.manifest.v2+json, \
application/vnd.docker.distribution.manifest.v1+prettyjws;q=0.5, \
application/vnd.docker.distribution.manifest.v1+json;q=0.5";

/// What to pull.
#[derive(Debug, Clone, Default)]
pub struct PullOptions {
    /// The platform to take from an index (`None`: linux/amd64).
    pub platform: Option<Platform>,
    /// Every platform of an index (for copies).
    pub all_platforms: bool,
    /// Only manifests and indexes, no configs or layers (a copy between
    /// repositories of one registry mounts blobs instead).
    pub manifests_only: bool,
}

/// A manifest or index document as stored.
#[derive(Debug, Clone)]
pub struct Document {
    /// Its digest.
    pub digest: Digest,
    /// Its media type.
    pub media_type: String,
    /// Its bytes, exactly as received.
    pub bytes: Vec<u8>,
}

impl Document {
    /// Whether it is an index or manifest list.
    pub fn is_index(&self) -> bool {
        matches!(
            self.media_type.as_str(),
            media_type::OCI_INDEX | media_type::DOCKER_LIST
        )
    }
}

/// What a pull fetched.
#[derive(Debug, Clone)]
pub struct Pulled {
    /// The document the reference names (an index or a manifest).
    pub top: Document,
    /// The image manifests selected (the top one itself when it is not an
    /// index), with their parent indexes before them.
    pub documents: Vec<Document>,
    /// Config and layer descriptors of the selected manifests, deduplicated.
    pub blobs: Vec<Descriptor>,
    /// Blobs downloaded now.
    pub fetched: usize,
    /// Blobs already in the cache.
    pub cached: usize,
    /// Bytes downloaded now.
    pub bytes: u64,
}

impl Pulled {
    /// The digest to open: the top document, unless one platform of an
    /// index was selected for a copy.
    pub fn top_digest(&self) -> &Digest {
        &self.top.digest
    }
}

pub(crate) fn repo_scope(r: &Reference, actions: &str) -> String {
    format!("repository:{}:{actions}", r.repository())
}

impl Client {
    /// Pulls the image `r` names into `cache`: its manifest (or index and the
    /// selected manifests), configuration and layers. Blobs already cached
    /// are not downloaded again; a reference by digest whose document is
    /// cached makes no request for it at all.
    pub fn pull(&self, r: &Reference, cache: &BlobCache, opts: &PullOptions) -> Result<Pulled> {
        let top = self.resolve(r, cache)?;
        let mut documents = Vec::new();
        let platform = opts.platform.clone().unwrap_or_default();
        select(
            &top,
            &|d| self.document(r, cache, d),
            if opts.all_platforms {
                None
            } else {
                Some(&platform)
            },
            &r.to_string(),
            0,
            &mut documents,
        )?;
        let blobs = blobs_of(&documents)?;
        let mut pulled = Pulled {
            top,
            documents,
            blobs,
            fetched: 0,
            cached: 0,
            bytes: 0,
        };
        if !opts.manifests_only {
            let (fetched, cached, bytes) = self.fetch_blobs(r, cache, &pulled.blobs)?;
            pulled.fetched = fetched;
            pulled.cached = cached;
            pulled.bytes = bytes;
        }
        Ok(pulled)
    }

    /// The document the reference names, from the cache when its digest is
    /// known (given, or told by a HEAD request) and cached.
    pub fn resolve(&self, r: &Reference, cache: &BlobCache) -> Result<Document> {
        let digest = match r.digest() {
            Some(d) => Some(d.clone()),
            None => self.head_manifest(r)?,
        };
        if let Some(d) = &digest
            && let Some(doc) = cached_document(cache, d)?
        {
            return Ok(doc);
        }
        let doc = self.get_manifest(r, &r.manifest_ref(), digest.as_ref())?;
        cache.insert_bytes(&doc.digest, &doc.bytes)?;
        Ok(doc)
    }

    /// A manifest by digest, from the cache or the registry.
    pub fn document(&self, r: &Reference, cache: &BlobCache, d: &Digest) -> Result<Document> {
        if let Some(doc) = cached_document(cache, d)? {
            return Ok(doc);
        }
        let doc = self.get_manifest(r, &d.to_string(), Some(d))?;
        cache.insert_bytes(&doc.digest, &doc.bytes)?;
        Ok(doc)
    }

    /// The digest of the manifest a tag points at, if the registry says.
    pub fn head_manifest(&self, r: &Reference) -> Result<Option<Digest>> {
        let what = format!("manifest {r}");
        let scopes = [repo_scope(r, "pull")];
        let call = call(r, &scopes, &what);
        let path = format!("/v2/{}/manifests/{}", r.repository(), r.manifest_ref());
        let resp = self.send(&call, &|h, base| {
            Ok(h.head(format!("{base}{path}"))
                .header(ACCEPT, ACCEPT_MANIFESTS))
        })?;
        if !resp.status().is_success() {
            return Err(status_error(&call, resp));
        }
        Ok(resp
            .headers()
            .get("docker-content-digest")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok()))
    }

    /// Fetches a manifest or index by tag or digest and verifies it: against
    /// `expect` when given, and against the digest the registry states.
    pub fn get_manifest(
        &self,
        r: &Reference,
        reference: &str,
        expect: Option<&Digest>,
    ) -> Result<Document> {
        let what = format!("manifest {}/{}:{reference}", r.registry(), r.repository());
        let scopes = [repo_scope(r, "pull")];
        let call = call(r, &scopes, &what);
        let path = format!("/v2/{}/manifests/{reference}", r.repository());
        let resp = self.send(&call, &|h, base| {
            Ok(h.get(format!("{base}{path}"))
                .header(ACCEPT, ACCEPT_MANIFESTS))
        })?;
        if !resp.status().is_success() {
            return Err(status_error(&call, resp));
        }
        let stated: Option<Digest> = resp
            .headers()
            .get("docker-content-digest")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.parse().ok());
        let content_type = resp
            .headers()
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or_default().trim().to_owned());
        let bytes = read_limited(resp, MAX_MANIFEST).map_err(|e| Error::Transport {
            registry: r.registry().to_owned(),
            what: what.clone(),
            message: e.to_string(),
        })?;
        for want in expect.iter().copied().chain(stated.as_ref()) {
            let actual = Digest::of(want.algorithm(), &bytes);
            if &actual != want {
                return Err(Error::DigestMismatch {
                    what,
                    expected: want.to_string(),
                    actual: actual.to_string(),
                });
            }
        }
        let digest = expect
            .cloned()
            .unwrap_or_else(|| Digest::of(bosun_image::Algorithm::Sha256, &bytes));
        let media_type = detect_media_type(&bytes, content_type.as_deref(), &digest)?;
        Ok(Document {
            digest,
            media_type,
            bytes,
        })
    }

    /// Downloads blobs not yet cached, several at once. Returns (fetched,
    /// already cached, bytes downloaded).
    pub fn fetch_blobs(
        &self,
        r: &Reference,
        cache: &BlobCache,
        blobs: &[Descriptor],
    ) -> Result<(usize, usize, u64)> {
        let todo: Vec<&Descriptor> = blobs
            .iter()
            .filter(|b| !cache.contains(&b.digest))
            .collect();
        let cached = blobs.len() - todo.len();
        // Largest first, so the long downloads overlap.
        let mut todo = todo;
        todo.sort_by_key(|b| std::cmp::Reverse(b.size));
        let sizes = parallel(self.opts.concurrency, &todo, |b| {
            self.fetch_blob(r, cache, b)
        })?;
        Ok((todo.len(), cached, sizes.iter().sum()))
    }

    /// Downloads one blob into the cache, resuming after broken transfers,
    /// and verifies size and digest over the whole file before it is moved
    /// into place. Returns the bytes downloaded.
    pub fn fetch_blob(&self, r: &Reference, cache: &BlobCache, desc: &Descriptor) -> Result<u64> {
        let what = format!("blob {} of {}", desc.digest, r.name());
        let mut t = cache.temp(&desc.digest)?;
        match self.download(r, &what, desc, &mut t) {
            Ok(n) => {
                // `download` hashed every byte it wrote, across resumes; the
                // file's length confirms nothing else was left in it.
                let len = t.file.metadata().map_err(|e| Error::io(&t.path, e))?.len();
                if len != desc.size {
                    t.discard();
                    return Err(Error::SizeMismatch {
                        what,
                        expected: desc.size,
                        actual: len,
                    });
                }
                cache.commit(t, &desc.digest)?;
                Ok(n)
            }
            Err(e) => {
                t.discard();
                Err(e)
            }
        }
    }

    fn download(
        &self,
        r: &Reference,
        what: &str,
        desc: &Descriptor,
        t: &mut TempBlob,
    ) -> Result<u64> {
        let scopes = [repo_scope(r, "pull")];
        let call = call(r, &scopes, what);
        let path = format!("/v2/{}/blobs/{}", r.repository(), desc.digest);
        let mut have: u64 = 0;
        let mut total: u64 = 0;
        let mut hasher = Hasher::new(desc.digest.algorithm());
        let mut failures = 0u32;
        let mut buf = vec![0u8; 256 << 10];
        loop {
            let offset = have;
            let resp = self.send(&call, &|h, base| {
                let mut req = h.get(format!("{base}{path}"));
                if offset > 0 {
                    req = req.header(RANGE, format!("bytes={offset}-"));
                }
                Ok(req)
            })?;
            let status = resp.status();
            if status == StatusCode::OK {
                if have > 0 {
                    // The server ignored the range: start over.
                    t.file.set_len(0).map_err(|e| Error::io(&t.path, e))?;
                    t.file
                        .seek(SeekFrom::Start(0))
                        .map_err(|e| Error::io(&t.path, e))?;
                    have = 0;
                    hasher = Hasher::new(desc.digest.algorithm());
                }
            } else if status == StatusCode::PARTIAL_CONTENT {
                let start = resp
                    .headers()
                    .get(reqwest::header::CONTENT_RANGE)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.strip_prefix("bytes "))
                    .and_then(|v| v.split('-').next())
                    .and_then(|v| v.parse::<u64>().ok());
                if start != Some(have) {
                    return Err(Error::invalid(
                        what,
                        "the registry resumed at the wrong offset",
                    ));
                }
            } else {
                return Err(status_error(&call, resp));
            }
            let mut body = resp;
            let mut progressed = false;
            // Registries hand out small chunks; write in large ones.
            let mut w = BufWriter::with_capacity(1 << 20, &t.file);
            let broke = loop {
                match body.read(&mut buf) {
                    Ok(0) => break None,
                    Ok(k) => {
                        if have + k as u64 > desc.size {
                            return Err(Error::SizeMismatch {
                                what: what.to_owned(),
                                expected: desc.size,
                                actual: have + k as u64,
                            });
                        }
                        w.write_all(&buf[..k]).map_err(|e| Error::io(&t.path, e))?;
                        hasher.update(&buf[..k]);
                        have += k as u64;
                        total += k as u64;
                        progressed = true;
                    }
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => break Some(e),
                }
            };
            w.flush().map_err(|e| Error::io(&t.path, e))?;
            drop(w);
            match broke {
                None if have == desc.size => {
                    let actual = hasher.finish();
                    if actual != desc.digest {
                        return Err(Error::DigestMismatch {
                            what: what.to_owned(),
                            expected: desc.digest.to_string(),
                            actual: actual.to_string(),
                        });
                    }
                    return Ok(total);
                }
                None => {
                    // A clean end before the size: the connection was cut.
                    if have > desc.size {
                        return Err(Error::SizeMismatch {
                            what: what.to_owned(),
                            expected: desc.size,
                            actual: have,
                        });
                    }
                }
                Some(_) => {}
            }
            if !progressed {
                failures += 1;
            } else {
                failures = 0;
            }
            if failures >= self.opts.max_attempts {
                return Err(Error::Transport {
                    registry: r.registry().to_owned(),
                    what: what.to_owned(),
                    message: format!("transfer broken at byte {have} of {}", desc.size),
                });
            }
            std::thread::sleep(self.backoff(failures.max(1), None));
        }
    }
}

pub(crate) fn call<'a>(r: &'a Reference, scopes: &'a [String], what: &'a str) -> Call<'a> {
    Call {
        registry: r.registry(),
        host: r.api_host(),
        repository: r.repository(),
        scopes,
        what,
    }
}

/// The media type of a manifest: the document's own `mediaType`, else the
/// `Content-Type`, else the shape. Schema 1 is refused here.
pub fn detect_media_type(bytes: &[u8], content_type: Option<&str>, d: &Digest) -> Result<String> {
    #[derive(serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Probe {
        #[serde(default)]
        schema_version: Option<u32>,
        #[serde(default)]
        media_type: Option<String>,
        #[serde(default)]
        manifests: Option<serde_json::Value>,
        #[serde(default)]
        config: Option<serde_json::Value>,
    }
    let what = || format!("manifest {d}");
    let p: Probe = serde_json::from_slice(bytes)
        .map_err(|e| Error::invalid(what(), format!("invalid JSON: {e}")))?;
    let mt = p.media_type.filter(|m| !m.is_empty()).or_else(|| {
        content_type
            .filter(|c| c.starts_with("application/vnd."))
            .map(str::to_owned)
    });
    if p.schema_version == Some(1)
        || matches!(
            mt.as_deref(),
            Some(media_type::DOCKER_MANIFEST_V1 | media_type::DOCKER_MANIFEST_V1_SIGNED)
        )
    {
        return Err(Error::Schema1 {
            what: what(),
            media_type: mt.unwrap_or_else(|| media_type::DOCKER_MANIFEST_V1.to_owned()),
        });
    }
    Ok(match mt {
        Some(m) => m,
        None if p.manifests.is_some() => media_type::OCI_INDEX.to_owned(),
        None if p.config.is_some() => media_type::OCI_MANIFEST.to_owned(),
        None => {
            return Err(Error::invalid(
                what(),
                "neither an image manifest nor an index",
            ));
        }
    })
}

pub(crate) fn parse_manifest(d: &Document) -> Result<Manifest> {
    serde_json::from_slice(&d.bytes)
        .map_err(|e| Error::invalid(format!("manifest {}", d.digest), e.to_string()))
}

/// Walks an index down to the manifests to take: every entry with
/// `platform: None`, else the best match for the platform. Appends each
/// document visited, parents before children.
pub(crate) fn select(
    doc: &Document,
    get: &dyn Fn(&Digest) -> Result<Document>,
    platform: Option<&Platform>,
    name: &str,
    depth: usize,
    out: &mut Vec<Document>,
) -> Result<()> {
    if !doc.is_index() {
        out.push(doc.clone());
        return Ok(());
    }
    if depth >= MAX_DEPTH {
        return Err(Error::invalid(
            doc.digest.to_string(),
            "indexes nested too deeply",
        ));
    }
    let index: Index = serde_json::from_slice(&doc.bytes)
        .map_err(|e| Error::invalid(format!("index {}", doc.digest), e.to_string()))?;
    out.push(doc.clone());
    let chosen: Vec<&Descriptor> = match platform {
        None => index.manifests.iter().collect(),
        Some(want) => {
            let best = index
                .manifests
                .iter()
                .filter_map(|d| {
                    let p = d.platform.as_ref()?;
                    want.match_score(p).map(|s| (s, d))
                })
                // The first of the best: indexes list preferred entries first.
                .fold(None::<(u8, &Descriptor)>, |acc, (s, d)| match acc {
                    Some((bs, _)) if bs >= s => acc,
                    _ => Some((s, d)),
                });
            match best {
                Some((_, d)) => vec![d],
                None => {
                    let nested: Vec<&Descriptor> =
                        index.manifests.iter().filter(|d| d.is_index()).collect();
                    if nested.is_empty() {
                        let available: Vec<String> = index
                            .manifests
                            .iter()
                            .filter_map(|d| d.platform.as_ref())
                            .filter(|p| !p.is_unknown())
                            .map(ToString::to_string)
                            .collect();
                        return Err(Error::invalid(
                            name,
                            format!(
                                "no image for platform {want} (available: {})",
                                if available.is_empty() {
                                    "none".to_owned()
                                } else {
                                    available.join(", ")
                                }
                            ),
                        ));
                    }
                    nested
                }
            }
        }
    };
    for d in chosen {
        let child = get(&d.digest)?;
        select(&child, get, platform, name, depth + 1, out)?;
    }
    Ok(())
}

/// A document from the cache, if it is there intact.
fn cached_document(cache: &BlobCache, d: &Digest) -> Result<Option<Document>> {
    if !cache.contains(d) {
        return Ok(None);
    }
    let Ok(bytes) = cache.read_verified(d, MAX_MANIFEST) else {
        return Ok(None);
    };
    let media_type = detect_media_type(&bytes, None, d)?;
    Ok(Some(Document {
        digest: d.clone(),
        media_type,
        bytes,
    }))
}

/// The config and layer descriptors of the image manifests among `docs`,
/// each blob once.
pub(crate) fn blobs_of(docs: &[Document]) -> Result<Vec<Descriptor>> {
    let mut blobs: Vec<Descriptor> = Vec::new();
    for d in docs.iter().filter(|d| !d.is_index()) {
        let m = parse_manifest(d)?;
        for b in std::iter::once(m.config).chain(m.layers) {
            if !blobs.iter().any(|x| x.digest == b.digest) {
                blobs.push(b);
            }
        }
    }
    Ok(blobs)
}

/// Runs `f` on every item with at most `workers` threads, stopping at the
/// first error (which is returned). Results come back in item order.
pub(crate) fn parallel<T: Sync, R: Send>(
    workers: usize,
    items: &[T],
    f: impl Fn(&T) -> Result<R> + Sync,
) -> Result<Vec<R>> {
    let next = AtomicUsize::new(0);
    let failed = AtomicBool::new(false);
    let results: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::with_capacity(items.len()));
    let first_error: Mutex<Option<Error>> = Mutex::new(None);
    std::thread::scope(|s| {
        for _ in 0..workers.clamp(1, 32).min(items.len().max(1)) {
            s.spawn(|| {
                while !failed.load(Ordering::Relaxed) {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(item) = items.get(i) else { break };
                    match f(item) {
                        Ok(r) => results
                            .lock()
                            .unwrap_or_else(PoisonError::into_inner)
                            .push((i, r)),
                        Err(e) => {
                            failed.store(true, Ordering::Relaxed);
                            first_error
                                .lock()
                                .unwrap_or_else(PoisonError::into_inner)
                                .get_or_insert(e);
                        }
                    }
                }
            });
        }
    });
    if let Some(e) = first_error
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner)
    {
        return Err(e);
    }
    let mut r = results.into_inner().unwrap_or_else(PoisonError::into_inner);
    r.sort_by_key(|(i, _)| *i);
    Ok(r.into_iter().map(|(_, r)| r).collect())
}
