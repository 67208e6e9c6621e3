//! The HTTP side of the distribution API: which scheme and TLS settings a
//! host gets, authentication (anonymous, basic, bearer tokens with their
//! cache), and retries with exponential backoff and jitter that honour
//! `Retry-After`.
//!
//! The client is blocking: layers download on a small pool of scoped
//! threads, which keeps the library free of an async runtime (the image and
//! layer crates are blocking too) while saturating a link with a handful of
//! concurrent streams, which is all a pull needs.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use reqwest::StatusCode;
use reqwest::blocking::{Client as Http, RequestBuilder, Response};
use reqwest::header::{AUTHORIZATION, HeaderMap, RETRY_AFTER, WWW_AUTHENTICATE};
use serde::Deserialize;

use crate::challenge::{Challenge, parse_challenges};
use crate::credentials::{Credential, CredentialStore};
use crate::error::{Error, Result};
use crate::secret::Secret;

/// How the client connects and retries.
#[derive(Debug, Clone)]
pub struct ClientOptions {
    /// Hosts (`HOST` or `HOST:PORT`) allowed plain HTTP or unverified TLS.
    pub insecure: Vec<String>,
    /// Extra CA certificates (PEM bundle) trusted besides the system's.
    pub ca_file: Option<std::path::PathBuf>,
    /// Where credentials come from.
    pub credentials: CredentialStore,
    /// Attempts per request before giving up on 429, 5xx or a broken connection.
    pub max_attempts: u32,
    /// First backoff delay; doubled on each retry, with jitter.
    pub backoff: Duration,
    /// Longest wait between attempts (also caps `Retry-After`).
    pub max_backoff: Duration,
    /// Blobs downloaded or uploaded at once.
    pub concurrency: usize,
    /// Longest silence on a connection before it counts as broken.
    pub read_timeout: Duration,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            insecure: Vec::new(),
            ca_file: None,
            credentials: CredentialStore::default(),
            max_attempts: 5,
            backoff: Duration::from_millis(500),
            max_backoff: Duration::from_secs(30),
            concurrency: 6,
            read_timeout: Duration::from_secs(60),
        }
    }
}

/// A registry client, shared across threads.
pub struct Client {
    http: Http,
    /// For hosts named insecure: accepts any certificate.
    insecure_http: Http,
    pub(crate) opts: ClientOptions,
    hosts: Mutex<HashMap<String, Arc<HostState>>>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("insecure", &self.opts.insecure)
            .finish_non_exhaustive()
    }
}

/// What we know about one registry host.
#[derive(Default)]
struct HostState {
    /// `https` or `http` once settled (insecure hosts may fall back).
    scheme: Mutex<Option<&'static str>>,
    auth: Mutex<AuthState>,
}

#[derive(Default)]
struct AuthState {
    /// Looked up once per run.
    credential: Option<Option<Credential>>,
    /// The scheme the registry asked for.
    challenge: Option<Challenge>,
    /// Bearer tokens by scope set.
    tokens: HashMap<String, Token>,
}

struct Token {
    value: Secret,
    expires: Instant,
}

/// One request to a registry: where, which scopes it needs, and how to
/// build it again for each attempt.
pub(crate) struct Call<'a> {
    /// The registry as named in references (credential lookup key).
    pub(crate) registry: &'a str,
    /// The host to connect to.
    pub(crate) host: &'a str,
    /// The repository, for credential lookup.
    pub(crate) repository: &'a str,
    /// Token scopes (`repository:NAME:pull`).
    pub(crate) scopes: &'a [String],
    /// For messages: what this request is for.
    pub(crate) what: &'a str,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Client {
    /// A client with these options.
    pub fn new(opts: ClientOptions) -> Result<Self> {
        let mut certs = Vec::new();
        if let Some(p) = &opts.ca_file {
            let pem = std::fs::read(p).map_err(|e| Error::io(p, e))?;
            certs = reqwest::Certificate::from_pem_bundle(&pem).map_err(|e| {
                Error::Config(format!(
                    "{}: not a PEM certificate bundle: {e}",
                    p.display()
                ))
            })?;
            if certs.is_empty() {
                return Err(Error::Config(format!(
                    "{}: no certificates in it",
                    p.display()
                )));
            }
        }
        let base = || {
            Http::builder()
                .user_agent(concat!("bosun/", env!("CARGO_PKG_VERSION")))
                .timeout(opts.read_timeout)
                .connect_timeout(Duration::from_secs(30))
                // Blobs are already compressed; asking for gzip would only
                // make servers re-encode manifests.
                .redirect(reqwest::redirect::Policy::limited(10))
        };
        let build_err = |e: reqwest::Error| Error::Config(format!("HTTP client: {e}"));
        let http = base()
            .tls_certs_merge(certs.clone())
            .build()
            .map_err(build_err)?;
        let insecure_http = base()
            .tls_danger_accept_invalid_certs(true)
            .build()
            .map_err(build_err)?;
        Ok(Self {
            http,
            insecure_http,
            opts,
            hosts: Mutex::new(HashMap::new()),
        })
    }

    /// Whether `host` (`HOST[:PORT]`) was named insecure.
    pub fn is_insecure(&self, host: &str) -> bool {
        self.opts
            .insecure
            .iter()
            .any(|h| h == host || (!h.contains(':') && host.split(':').next() == Some(h.as_str())))
    }

    fn host_state(&self, host: &str) -> Arc<HostState> {
        lock(&self.hosts)
            .entry(host.to_owned())
            .or_default()
            .clone()
    }

    fn http_for(&self, host: &str) -> &Http {
        if self.is_insecure(host) {
            &self.insecure_http
        } else {
            &self.http
        }
    }

    /// Sends a request built by `build(http, base_url)`, authenticating and
    /// retrying as needed. Returns any response that is not 401, 429 or 5xx
    /// (after retries), so callers judge 404s and the like themselves.
    pub(crate) fn send(
        &self,
        call: &Call<'_>,
        build: &dyn Fn(&Http, &str) -> Result<RequestBuilder>,
    ) -> Result<Response> {
        let state = self.host_state(call.host);
        let http = self.http_for(call.host);
        let mut attempt = 0u32;
        let mut reauthed = false;
        loop {
            attempt += 1;
            let scheme = lock(&state.scheme).unwrap_or("https");
            let base = format!("{scheme}://{}", call.host);
            let mut req = build(http, &base)?;
            if let Some(h) = self.auth_header(&state, call) {
                req = req.header(AUTHORIZATION, h.expose());
            }
            let resp = match req.send() {
                Ok(r) => r,
                Err(e) => {
                    // An insecure host that does not speak TLS gets plain HTTP.
                    if scheme == "https"
                        && self.is_insecure(call.host)
                        && lock(&state.scheme).is_none()
                        && e.is_connect()
                    {
                        *lock(&state.scheme) = Some("http");
                        attempt -= 1;
                        continue;
                    }
                    if attempt < self.opts.max_attempts && retryable_error(&e) {
                        std::thread::sleep(self.backoff(attempt, None));
                        continue;
                    }
                    let mut err = transport(call, &e);
                    if let Error::Transport { message, .. } = &mut err
                        && !self.is_insecure(call.host)
                        && looks_like_tls(message)
                    {
                        message.push_str(&format!(
                            " (if {} serves plain HTTP or a certificate from a private CA, pass --insecure-registry {} or --ca-file)",
                            call.host, call.host
                        ));
                    }
                    return Err(err);
                }
            };
            lock(&state.scheme).get_or_insert(scheme);
            let status = resp.status();
            if status == StatusCode::UNAUTHORIZED {
                if reauthed {
                    return Err(self.unauthorized(&state, call));
                }
                reauthed = true;
                self.authenticate(&state, call, resp.headers())?;
                attempt -= 1;
                continue;
            }
            if (status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error())
                && attempt < self.opts.max_attempts
            {
                let after = retry_after(resp.headers());
                std::thread::sleep(self.backoff(attempt, after));
                continue;
            }
            return Ok(resp);
        }
    }

    /// Delay before attempt `attempt + 1`.
    pub(crate) fn backoff(&self, attempt: u32, retry_after: Option<Duration>) -> Duration {
        if let Some(d) = retry_after {
            return d.min(self.opts.max_backoff);
        }
        let exp = self
            .opts
            .backoff
            .saturating_mul(1u32 << attempt.saturating_sub(1).min(16));
        let capped = exp.min(self.opts.max_backoff);
        // Full jitter in [d/2, d): spreads retries of parallel downloads.
        let half = capped / 2;
        half + half.mul_f64(jitter())
    }

    fn credential(&self, state: &HostState, call: &Call<'_>) -> Result<Option<Credential>> {
        let mut a = lock(&state.auth);
        if let Some(c) = &a.credential {
            return Ok(c.clone());
        }
        let c = self
            .opts
            .credentials
            .lookup(call.registry, call.repository)?;
        a.credential = Some(c.clone());
        Ok(c)
    }

    fn auth_header(&self, state: &HostState, call: &Call<'_>) -> Option<Secret> {
        let a = lock(&state.auth);
        match a.challenge.as_ref()?.scheme.as_str() {
            "bearer" => {
                let t = a.tokens.get(&scope_key(call.scopes))?;
                (t.expires > Instant::now())
                    .then(|| Secret::new(format!("Bearer {}", t.value.expose())))
            }
            "basic" => {
                let c = a.credential.as_ref()?.as_ref()?;
                Some(basic(c))
            }
            _ => None,
        }
    }

    /// Answers a 401: remembers the challenge and, for bearer auth, fetches
    /// a token for the call's scopes.
    fn authenticate(&self, state: &HostState, call: &Call<'_>, headers: &HeaderMap) -> Result<()> {
        let challenges: Vec<Challenge> = headers
            .get_all(WWW_AUTHENTICATE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(parse_challenges)
            .collect();
        let ch = challenges
            .iter()
            .find(|c| c.scheme == "bearer")
            .or_else(|| challenges.iter().find(|c| c.scheme == "basic"))
            .cloned()
            .ok_or_else(|| self.unauthorized(state, call))?;
        let cred = self.credential(state, call)?;
        lock(&state.auth).challenge = Some(ch.clone());
        match ch.scheme.as_str() {
            "basic" => {
                if cred.is_none() {
                    return Err(self.unauthorized(state, call));
                }
                Ok(())
            }
            _ => {
                let token = self.fetch_token(&ch, call, cred.as_ref())?;
                lock(&state.auth)
                    .tokens
                    .insert(scope_key(call.scopes), token);
                Ok(())
            }
        }
    }

    fn fetch_token(
        &self,
        ch: &Challenge,
        call: &Call<'_>,
        cred: Option<&Credential>,
    ) -> Result<Token> {
        let realm = ch.param("realm").ok_or_else(|| {
            Error::invalid(
                format!("{}: WWW-Authenticate", call.registry),
                "bearer challenge without a realm",
            )
        })?;
        let mut url = reqwest::Url::parse(realm).map_err(|_| {
            Error::invalid(
                format!("{}: WWW-Authenticate", call.registry),
                "bearer realm is not a URL",
            )
        })?;
        if !matches!(url.scheme(), "https" | "http") {
            return Err(Error::invalid(
                format!("{}: WWW-Authenticate", call.registry),
                "bearer realm is not an http(s) URL",
            ));
        }
        let realm_host = match url.port() {
            Some(p) => format!("{}:{p}", url.host_str().unwrap_or_default()),
            None => url.host_str().unwrap_or_default().to_owned(),
        };
        // Credentials go to a plain-HTTP token server only on a host the
        // user named insecure.
        if url.scheme() == "http"
            && cred.is_some()
            && !self.is_insecure(&realm_host)
            && !self.is_insecure(call.host)
        {
            return Err(Error::Config(format!(
                "{}: token server {realm_host} is plain HTTP; name it with --insecure-registry to send credentials there",
                call.registry
            )));
        }
        {
            let mut q = url.query_pairs_mut();
            if let Some(s) = ch.param("service") {
                q.append_pair("service", s);
            }
            if call.scopes.is_empty()
                && let Some(s) = ch.param("scope")
            {
                q.append_pair("scope", s);
            }
            for s in call.scopes {
                q.append_pair("scope", s);
            }
        }
        let http = self.http_for(&realm_host);
        let mut attempt = 0;
        let resp = loop {
            attempt += 1;
            let mut req = http.get(url.clone());
            if let Some(c) = cred {
                req = req.header(AUTHORIZATION, basic(c).expose());
            }
            match req.send() {
                Ok(r)
                    if (r.status() == StatusCode::TOO_MANY_REQUESTS
                        || r.status().is_server_error())
                        && attempt < self.opts.max_attempts =>
                {
                    std::thread::sleep(self.backoff(attempt, retry_after(r.headers())));
                }
                Ok(r) => break r,
                Err(e) if attempt < self.opts.max_attempts && retryable_error(&e) => {
                    std::thread::sleep(self.backoff(attempt, None));
                }
                Err(e) => {
                    return Err(Error::Transport {
                        registry: call.registry.to_owned(),
                        what: format!("token from {realm_host}"),
                        message: strip_url(&e),
                    });
                }
            }
        };
        let status = resp.status();
        if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            return Err(Error::Unauthorized {
                registry: call.registry.to_owned(),
                what: call.what.to_owned(),
                had_credentials: cred.is_some(),
            });
        }
        if !status.is_success() {
            return Err(Error::Status {
                registry: call.registry.to_owned(),
                what: format!("token from {realm_host}"),
                status: status.as_u16(),
                body: String::new(),
            });
        }
        #[derive(Deserialize)]
        struct TokenResponse {
            #[serde(default)]
            token: Option<Secret>,
            #[serde(default)]
            access_token: Option<Secret>,
            #[serde(default)]
            expires_in: Option<u64>,
        }
        let body = read_limited(resp, 1 << 20).map_err(|e| Error::Transport {
            registry: call.registry.to_owned(),
            what: format!("token from {realm_host}"),
            message: e.to_string(),
        })?;
        let t: TokenResponse = serde_json::from_slice(&body).map_err(|_| {
            Error::invalid(format!("token from {realm_host}"), "not a token response")
        })?;
        let value = t
            .token
            .filter(|t| !t.is_empty())
            .or(t.access_token)
            .filter(|t| !t.is_empty())
            .ok_or_else(|| {
                Error::invalid(
                    format!("token from {realm_host}"),
                    "no token in the response",
                )
            })?;
        // The specification's default lifetime is 60 s; renew a little early.
        let life = Duration::from_secs(t.expires_in.unwrap_or(60).max(10));
        Ok(Token {
            value,
            expires: Instant::now() + life - Duration::from_secs(5),
        })
    }

    fn unauthorized(&self, state: &HostState, call: &Call<'_>) -> Error {
        let had = matches!(lock(&state.auth).credential, Some(Some(_)));
        Error::Unauthorized {
            registry: call.registry.to_owned(),
            what: call.what.to_owned(),
            had_credentials: had,
        }
    }

    /// Checks that the registry accepts the credentials the store has (or
    /// that it needs none), as `docker login` does.
    pub fn check_login(&self, registry: &str, host: &str) -> Result<()> {
        let call = Call {
            registry,
            host,
            repository: "",
            scopes: &[],
            what: "the API root /v2/",
        };
        let resp = self.send(&call, &|h, base| Ok(h.get(format!("{base}/v2/"))))?;
        if resp.status().is_success() {
            Ok(())
        } else {
            Err(status_error(&call, resp))
        }
    }
}

/// Turns an unexpected response into an error with the start of its body
/// (registries explain themselves in JSON there).
pub(crate) fn status_error(call: &Call<'_>, resp: Response) -> Error {
    let status = resp.status();
    match status {
        StatusCode::NOT_FOUND => Error::NotFound {
            registry: call.registry.to_owned(),
            what: call.what.to_owned(),
        },
        StatusCode::FORBIDDEN => Error::Denied {
            registry: call.registry.to_owned(),
            what: call.what.to_owned(),
            status: status.as_u16(),
        },
        _ => {
            let body = read_limited(resp, 4096).unwrap_or_default();
            let text: String = String::from_utf8_lossy(&body)
                .chars()
                .filter(|c| !c.is_control())
                .take(300)
                .collect();
            Error::Status {
                registry: call.registry.to_owned(),
                what: call.what.to_owned(),
                status: status.as_u16(),
                body: text,
            }
        }
    }
}

pub(crate) fn transport(call: &Call<'_>, e: &reqwest::Error) -> Error {
    Error::Transport {
        registry: call.registry.to_owned(),
        what: call.what.to_owned(),
        message: strip_url(e),
    }
}

/// The error's text without the URL (which may carry a token in a query).
fn strip_url(e: &reqwest::Error) -> String {
    let mut first = e.to_string();
    if let Some(u) = e.url() {
        first = first.replace(u.as_str(), "<url>");
    }
    let mut parts = vec![first];
    let mut src = std::error::Error::source(e);
    while let Some(s) = src {
        let t = s.to_string();
        if !parts.iter().any(|p| p.contains(&t)) {
            parts.push(t);
        }
        src = s.source();
    }
    parts.join(": ")
}

fn looks_like_tls(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    [
        "certificate",
        "corrupt message",
        "tls",
        "handshake",
        "invalidcontenttype",
    ]
    .iter()
    .any(|k| m.contains(k))
}

fn retryable_error(e: &reqwest::Error) -> bool {
    e.is_connect() || e.is_timeout() || e.is_request() || e.is_body()
}

fn retry_after(h: &HeaderMap) -> Option<Duration> {
    // Only the delta-seconds form: registries do not send HTTP dates here.
    let v = h
        .get(RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim()
        .parse::<u64>()
        .ok()?;
    Some(Duration::from_secs(v))
}

fn scope_key(scopes: &[String]) -> String {
    let mut s: Vec<&str> = scopes.iter().map(String::as_str).collect();
    s.sort_unstable();
    s.join(" ")
}

fn basic(c: &Credential) -> Secret {
    Secret::new(format!(
        "Basic {}",
        B64.encode(format!("{}:{}", c.username, c.password.expose()))
    ))
}

/// A number in [0, 1) that differs between calls and processes; jitter needs
/// no stronger randomness.
fn jitter() -> f64 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    (h.finish() >> 11) as f64 / (1u64 << 53) as f64
}

/// Reads at most `limit` bytes of a body; more is an error.
pub(crate) fn read_limited(resp: Response, limit: u64) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut buf = Vec::new();
    resp.take(limit + 1).read_to_end(&mut buf)?;
    if buf.len() as u64 > limit {
        return Err(std::io::Error::other(format!(
            "response larger than {limit} bytes"
        )));
    }
    Ok(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_grows_and_is_capped() {
        let c = Client::new(ClientOptions {
            backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(1),
            ..Default::default()
        })
        .unwrap();
        for (attempt, lo, hi) in [(1, 50, 100), (2, 100, 200), (3, 200, 400), (10, 500, 1000)] {
            let d = c.backoff(attempt, None).as_millis();
            assert!((lo..=hi).contains(&d), "attempt {attempt}: {d} ms");
        }
        assert_eq!(
            c.backoff(1, Some(Duration::from_secs(7))),
            Duration::from_secs(1)
        );
    }

    #[test]
    fn insecure_hosts() {
        let c = Client::new(ClientOptions {
            insecure: vec!["localhost:5000".into(), "reg.lan".into()],
            ..Default::default()
        })
        .unwrap();
        assert!(c.is_insecure("localhost:5000"));
        assert!(!c.is_insecure("localhost:5001"));
        assert!(c.is_insecure("reg.lan:443"));
        assert!(!c.is_insecure("docker.io"));
    }
}
