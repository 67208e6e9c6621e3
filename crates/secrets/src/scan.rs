//! The scanner: keyword prefilter, windowed regexes, plausibility checks,
//! allow rules and masking.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};
use bosun_types::SecretFinding;
use bosun_types::mask::mask_value;
use globset::{GlobBuilder, GlobMatcher};
use regex::bytes::Regex;
use serde::{Deserialize, Serialize};

use crate::Error;
use crate::config::SecretsConfig;
use crate::rules::{self, DEFAULT_WINDOW, Rule};

/// Files larger than this are not scanned unless the configuration says
/// otherwise: secrets live in small text files, and the cap bounds the time
/// one file can take.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 << 20;

/// Files that packages ship rather than teams write: documentation, man
/// pages, translations, interpreter libraries, vendored modules and test
/// or example data, and the package managers' own databases (checksums
/// next to file names). Trivy skips these paths for every rule; bosun only for
/// loose rules, so an AWS key under `/usr/lib` is still found.
const SHIPPED_PATHS: &str = r"(?i-u)^/?usr/(?:share|include)/|^/?var/lib/(?:dpkg|rpm|pacman|apk)/|^/?lib/apk/db/|/(?:site|dist)-packages/|/node_modules/|/vendor/|\.dist-info/|^/?usr/(?:local/)?lib/(?:python[0-9.]*|ruby|perl5?|node|gems|jvm|go)/|^/?usr/local/go/|/(?:tests?|testdata|examples?|docs?|man|locales?)/|\.(?:md|rst|html?|pod|[1-9]|[1-9]\.gz)$";

/// How far back a NUL byte marks a file as binary (git's heuristic).
const BINARY_PROBE: usize = 8000;

/// Keyword hits looked at per file; beyond this a file is almost certainly
/// data (a dictionary, a minified bundle of keywords), and the windows
/// already cover it.
const MAX_HITS: usize = 100_000;

/// Findings kept per file: enough to show a leak, bounded for hostile input.
const MAX_FINDINGS: usize = 1_000;

/// A window is widened to whole lines when the line ends are this close,
/// so that `^`/`$` anchored rules see their line.
const LINE_SNAP: usize = 256;

/// One raw match before it becomes a finding: for tests and callers that
/// want offsets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Match {
    /// Index of the rule in the scanner.
    pub rule: usize,
    /// Byte offset of the secret in the file.
    pub start: usize,
    /// Byte offset just past the secret.
    pub end: usize,
    /// 1-based line of `start`.
    pub line: u32,
}

struct Allow {
    path: Option<GlobMatcher>,
    rule: Option<String>,
    regex: Option<Regex>,
}

impl Allow {
    /// Whether the allow rule's path (if any) covers `path`, written with
    /// or without its leading slash.
    fn covers(&self, path: &str) -> bool {
        self.path
            .as_ref()
            .is_none_or(|g| g.is_match(path.trim_start_matches('/')) || g.is_match(path))
    }
}

/// A compiled rule table ready to scan files.
pub struct Scanner {
    rules: Vec<Rule>,
    keywords: AhoCorasick,
    /// For each keyword pattern, the rules it triggers.
    keyword_rules: Vec<Vec<usize>>,
    /// Rules without keywords: their regex runs on the whole file.
    always: Vec<usize>,
    allow: Vec<Allow>,
    placeholder: Regex,
    identifier: Regex,
    version: Regex,
    /// Paths where packages ship documentation, libraries and test data:
    /// loose rules skip them unless the configuration asks otherwise.
    shipped: Option<Regex>,
    max_file_size: u64,
    fingerprint: String,
}

/// A finding of [`Scanner::scan_unplaced`]: what the layer walk keeps (and
/// caches) per file until the path is attached. Holds the masked value
/// only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unplaced {
    /// The rule id.
    pub rule: String,
    /// 1-based line.
    pub line: u32,
    /// The masked value.
    pub masked: String,
    /// Allow rules whose rule and value conditions hold; they drop the
    /// finding if their path glob matches too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<usize>,
}

impl std::fmt::Debug for Scanner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Scanner")
            .field("rules", &self.rules.len())
            .field("max_file_size", &self.max_file_size)
            .finish_non_exhaustive()
    }
}

/// Shannon entropy of `bytes` in bits per byte.
pub fn entropy(bytes: &[u8]) -> f64 {
    if bytes.is_empty() {
        return 0.0;
    }
    let mut counts = [0u32; 256];
    for &b in bytes {
        counts[usize::from(b)] += 1;
    }
    let n = bytes.len() as f64;
    counts
        .iter()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = f64::from(c) / n;
            -p * p.log2()
        })
        .sum()
}

/// Whether `data` looks binary: a NUL byte near the start, as git decides.
pub fn is_binary(data: &[u8]) -> bool {
    data[..data.len().min(BINARY_PROBE)].contains(&0)
}

impl Scanner {
    /// The built-in rules alone.
    pub fn builtin() -> Result<Scanner, Error> {
        Scanner::new(&SecretsConfig::default())
    }

    /// The built-in rules plus the configuration's custom rules, minus the
    /// disabled ones, with its allow rules.
    pub fn new(config: &SecretsConfig) -> Result<Scanner, Error> {
        let mut all = rules::builtin()?;
        for custom in &config.rules {
            all.push(rules::custom(custom)?);
        }
        all.retain(|r| {
            !config.disable_rules.contains(&r.id)
                && config
                    .enable_rules
                    .as_ref()
                    .is_none_or(|only| only.contains(&r.id))
        });
        let mut patterns: Vec<String> = Vec::new();
        let mut keyword_rules: Vec<Vec<usize>> = Vec::new();
        let mut always = Vec::new();
        for (i, rule) in all.iter().enumerate() {
            if rule.keywords.is_empty() {
                always.push(i);
            }
            for k in &rule.keywords {
                match patterns.iter().position(|p| p == k) {
                    Some(p) => keyword_rules[p].push(i),
                    None => {
                        patterns.push(k.clone());
                        keyword_rules.push(vec![i]);
                    }
                }
            }
        }
        // A full DFA: it costs memory once (a few hundred short keywords)
        // and scans every byte of every layer several times faster than
        // the default NFA in overlapping mode.
        let keywords = AhoCorasickBuilder::new()
            .kind(Some(AhoCorasickKind::DFA))
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|e| Error::Keywords(e.to_string()))?;
        let mut allow = Vec::new();
        for a in &config.allow_rules {
            if a.path.is_none() && a.rule.is_none() && a.regex.is_none() {
                return Err(Error::Invalid {
                    rule: a.id.clone(),
                    message: "an allow rule needs a path, a rule or a regex".into(),
                });
            }
            let path = a
                .path
                .as_deref()
                .map(|g| {
                    GlobBuilder::new(g)
                        .literal_separator(true)
                        .build()
                        .map(|g| g.compile_matcher())
                        .map_err(|e| Error::Glob {
                            rule: a.id.clone(),
                            glob: g.to_owned(),
                            message: e.to_string(),
                        })
                })
                .transpose()?;
            let regex = a
                .regex
                .as_deref()
                .map(|r| {
                    Regex::new(r).map_err(|e| Error::Regex {
                        rule: a.id.clone(),
                        message: e.to_string(),
                    })
                })
                .transpose()?;
            allow.push(Allow {
                path,
                rule: a.rule.clone(),
                regex,
            });
        }
        // Values nobody would deploy: documentation placeholders and
        // template references that a build fills in later.
        let placeholder = Regex::new(
            r"(?i)example|xxxxx|changeme|change_me|placeholder|dummy|your[_-]|redacted|\$\{|\{\{|\$\(|^\$|^%|\*\*\*\*|<[a-z_-]+>",
        )
        .map_err(|e| Error::Builtin(e.to_string()))?;
        // `Foo.bar_baz`, `X25519.secret_length`: code, not a value.
        let identifier = Regex::new(r"^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)+$")
            .map_err(|e| Error::Builtin(e.to_string()))?;
        // `jjwt-jackson-0.11.2`: a package coordinate, not a value.
        let version =
            Regex::new(r"[-_.]v?\d+\.\d+\.\d+$").map_err(|e| Error::Builtin(e.to_string()))?;
        // `password=hunter2` in a man page, `https://user:pass@host` in a
        // library's docstring: every Debian image has hundreds. Specific
        // token formats (AKIA…, ghp_…, private keys) still run here.
        let shipped = (!config.scan_shipped_files)
            .then(|| Regex::new(SHIPPED_PATHS).map_err(|e| Error::Builtin(e.to_string())))
            .transpose()?;
        let fingerprint = {
            use std::hash::{DefaultHasher, Hash, Hasher};
            let mut h = DefaultHasher::new();
            rules::BUILTIN.hash(&mut h);
            format!("{config:?}").hash(&mut h);
            format!("secrets-{:016x}", h.finish())
        };
        Ok(Scanner {
            rules: all,
            keywords,
            keyword_rules,
            always,
            allow,
            placeholder,
            identifier,
            version,
            shipped,
            max_file_size: config.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            fingerprint,
        })
    }

    /// The rules, in the order findings refer to them.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// The largest file scanned.
    pub fn max_file_size(&self) -> u64 {
        self.max_file_size
    }

    /// Whether a file of this size is scanned at all; lets a caller skip
    /// reading big files.
    pub fn wants_size(&self, size: u64) -> bool {
        size <= self.max_file_size
    }

    /// Whether allow rules drop every finding under `path` (a path-only
    /// allow rule), so the file need not be read.
    pub fn path_allowed(&self, path: &str) -> bool {
        self.allow
            .iter()
            .any(|a| a.rule.is_none() && a.regex.is_none() && a.path.is_some() && a.covers(path))
    }

    /// Scans one file's bytes. `path` is used for path-restricted rules,
    /// allow rules and the findings' `file`. Binary and oversized files
    /// yield nothing.
    pub fn scan(&self, path: &str, data: &[u8]) -> Vec<SecretFinding> {
        self.scan_matches(path, data)
            .into_iter()
            .map(|(m, value)| {
                self.rules[m.rule].finding(
                    mask_value(&String::from_utf8_lossy(value)),
                    path,
                    m.line,
                )
            })
            .collect()
    }

    /// Scans one file and returns raw matches with the secret bytes, allow
    /// rules applied.
    pub fn scan_matches<'d>(&self, path: &str, data: &'d [u8]) -> Vec<(Match, &'d [u8])> {
        if self.path_allowed(path) {
            return Vec::new();
        }
        let mut found = self.raw(Some(path), data);
        found.retain(|(m, value)| !self.allowed(path, &self.rules[m.rule].id, value));
        found
    }

    /// Scans a file whose path is not known yet (the layer walk's
    /// extractors see only content): path-restricted rules all run, and
    /// allow rules are checked as far as they can be without the path.
    /// [`Scanner::place`] finishes the job once the path is known.
    pub fn scan_unplaced(&self, data: &[u8]) -> Vec<Unplaced> {
        self.raw(None, data)
            .into_iter()
            .filter_map(|(m, value)| {
                let rule = &self.rules[m.rule];
                let mut allow = Vec::new();
                for (i, a) in self.allow.iter().enumerate() {
                    if a.rule.as_deref().is_none_or(|r| r == rule.id)
                        && a.regex.as_ref().is_none_or(|re| re.is_match(value))
                        && (a.rule.is_some() || a.regex.is_some())
                    {
                        // An allow rule without a path settles it now.
                        a.path.as_ref()?;
                        allow.push(i);
                    }
                }
                Some(Unplaced {
                    rule: rule.id.clone(),
                    line: m.line,
                    masked: mask_value(&String::from_utf8_lossy(value)),
                    allow,
                })
            })
            .collect()
    }

    /// The findings of [`Scanner::scan_unplaced`] for a file at `path`:
    /// path-restricted rules that do not apply there and allow rules whose
    /// path matches drop theirs.
    pub fn place(&self, path: &str, found: Vec<Unplaced>) -> Vec<SecretFinding> {
        if self.path_allowed(path) {
            return Vec::new();
        }
        found
            .into_iter()
            .filter_map(|u| {
                let rule = self.rules.iter().find(|r| r.id == u.rule)?;
                if !self.applies(rule, path) {
                    return None;
                }
                let allowed = u
                    .allow
                    .iter()
                    .any(|&i| self.allow.get(i).is_some_and(|a| a.covers(path)));
                (!allowed).then(|| rule.finding(u.masked, path, u.line))
            })
            .collect()
    }

    /// A string that changes whenever the rules or the configuration
    /// change: part of the layer cache key, so cached secret results are
    /// never those of another rule table.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    fn raw<'d>(&self, path: Option<&str>, data: &'d [u8]) -> Vec<(Match, &'d [u8])> {
        if data.len() as u64 > self.max_file_size || is_binary(data) {
            return Vec::new();
        }
        // Windows per rule, from keyword hits.
        let mut windows: Vec<Vec<(usize, usize)>> = vec![Vec::new(); self.rules.len()];
        for (n, hit) in self.keywords.find_overlapping_iter(data).enumerate() {
            if n >= MAX_HITS {
                break;
            }
            for &r in &self.keyword_rules[hit.pattern().as_usize()] {
                let rule = &self.rules[r];
                let start = snap_back(data, hit.start().saturating_sub(DEFAULT_WINDOW));
                let end = snap_forward(data, (hit.end() + rule.window).min(data.len()));
                let w = &mut windows[r];
                match w.last_mut() {
                    Some(last) if start <= last.1 => last.1 = last.1.max(end),
                    _ => w.push((start, end)),
                }
            }
        }
        for &r in &self.always {
            windows[r] = vec![(0, data.len())];
        }
        let mut found: Vec<(Match, &'d [u8])> = Vec::new();
        for (r, ws) in windows.iter().enumerate() {
            if ws.is_empty() {
                continue;
            }
            let rule = &self.rules[r];
            if let Some(path) = path
                && !self.applies(rule, path)
            {
                continue;
            }
            for &(ws, we) in ws {
                for caps in rule.regex.captures_iter(&data[ws..we]) {
                    // The secret: the first named group that took part
                    // (`secret` or an alternative's), else the whole match.
                    let names = rule.regex.capture_names();
                    let group = names
                        .enumerate()
                        .skip(1)
                        .filter(|(_, n)| n.is_some_and(|n| n != "name"))
                        .find_map(|(i, _)| caps.get(i))
                        .or_else(|| caps.get(0));
                    let Some(g) = group else { continue };
                    // Leading blanks (a key body after its BEGIN line) are
                    // not part of what the mask shows.
                    let value = g.as_bytes().trim_ascii();
                    if !self.plausible(rule, value, caps.name("name").map(|n| n.as_bytes())) {
                        continue;
                    }
                    let start = ws
                        + g.start()
                        + (g.as_bytes().len() - g.as_bytes().trim_ascii_start().len());
                    if found.iter().any(|(m, _)| m.rule == r && m.start == start) {
                        continue;
                    }
                    found.push((
                        Match {
                            rule: r,
                            start,
                            end: start + value.len(),
                            line: 0,
                        },
                        value,
                    ));
                    if found.len() >= MAX_FINDINGS {
                        break;
                    }
                }
            }
        }
        // A generic assignment over a value a specific rule already named
        // (`aws_secret_access_key = …`) is the same secret reported twice.
        // Only rules that apply everywhere count: a path-restricted rule's
        // match may be dropped once the layer walk learns the path, and its
        // overlap must not have taken the loose finding with it.
        let specific: Vec<(usize, usize)> = found
            .iter()
            .filter(|(m, _)| !self.rules[m.rule].loose && self.rules[m.rule].path.is_none())
            .map(|(m, _)| (m.start, m.end))
            .collect();
        found.retain(|(m, _)| {
            !self.rules[m.rule].loose || !specific.iter().any(|&(s, e)| m.start < e && s < m.end)
        });
        // One pass to number the lines, in offset order.
        found.sort_by_key(|(m, _)| (m.start, m.rule));
        let (mut line, mut at) = (1u32, 0usize);
        for (m, _) in &mut found {
            line += data[at..m.start].iter().filter(|&&b| b == b'\n').count() as u32;
            at = m.start;
            m.line = line;
        }
        found
    }

    /// Whether `rule` runs on a file at `path`: its own path restriction,
    /// and loose rules not on shipped files.
    fn applies(&self, rule: &Rule, path: &str) -> bool {
        rule.path
            .as_ref()
            .is_none_or(|p| p.is_match(path.as_bytes()))
            && !(rule.loose
                && self
                    .shipped
                    .as_ref()
                    .is_some_and(|s| s.is_match(path.as_bytes())))
    }

    fn plausible(&self, rule: &Rule, value: &[u8], name: Option<&[u8]>) -> bool {
        if value.is_empty() || self.placeholder.is_match(value) {
            return false;
        }
        if let Some(min) = rule.entropy
            && entropy(value) < min
        {
            return false;
        }
        if let (Some(deny), Some(name)) = (&rule.name_deny, name)
            && deny.is_match(name)
        {
            return false;
        }
        if rule.generic {
            let digit = value.iter().any(u8::is_ascii_digit);
            let alpha = value.iter().any(u8::is_ascii_alphabetic);
            // A UUID is allowed (many services issue them as keys); the
            // rule's `name_deny` already drops `…_id` names.
            if !digit || !alpha || self.looks_like_code(value) {
                return false;
            }
            // A path or file name (`env/cert.p12`), not a value.
            if value.contains(&b'/')
                && value
                    .rsplit(|&b| b == b'/')
                    .next()
                    .is_some_and(has_extension)
            {
                return false;
            }
            if has_extension(value) && !value.contains(&b'=') {
                return false;
            }
        }
        true
    }

    /// `XSalsa20.key_length`, `kVK_Return.u16`: a dotted identifier with
    /// an underscore or hardly any digits is code, while a dotted token
    /// (`pat.q4tk….mpgf…`) has digits throughout; `x-1.2.3` is a version.
    fn looks_like_code(&self, value: &[u8]) -> bool {
        (self.identifier.is_match(value)
            && (value.contains(&b'_') || value.iter().filter(|b| b.is_ascii_digit()).count() < 3))
            || self.version.is_match(value)
    }

    fn allowed(&self, path: &str, rule: &str, value: &[u8]) -> bool {
        self.allow.iter().any(|a| {
            a.covers(path)
                && a.rule.as_deref().is_none_or(|r| r == rule)
                && a.regex.as_ref().is_none_or(|re| re.is_match(value))
        })
    }
}

fn snap_back(data: &[u8], at: usize) -> usize {
    let lo = at.saturating_sub(LINE_SNAP);
    match data[lo..at].iter().rposition(|&b| b == b'\n') {
        Some(p) => lo + p + 1,
        None if lo == 0 => 0,
        None => at,
    }
}

fn snap_forward(data: &[u8], at: usize) -> usize {
    let hi = (at + LINE_SNAP).min(data.len());
    match data[at..hi].iter().position(|&b| b == b'\n') {
        Some(p) => at + p,
        None if hi == data.len() => hi,
        None => at,
    }
}

/// `name.ext` with a short alphabetic extension: a file name.
fn has_extension(v: &[u8]) -> bool {
    match v.iter().rposition(|&b| b == b'.') {
        Some(p) if p > 0 => {
            let ext = &v[p + 1..];
            (2..=5).contains(&ext.len()) && ext.iter().all(u8::is_ascii_lowercase)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_table_compiles() {
        let s = Scanner::builtin().unwrap();
        assert!(s.rules().len() >= 90, "{}", s.rules().len());
    }

    #[test]
    fn aws_key_is_found_and_masked() {
        let s = Scanner::builtin().unwrap();
        let f = s.scan(
            "/app/.env",
            b"# creds\nAWS_ACCESS_KEY_ID=AKIAZ7VRSQ5TJNXWLA3M\n",
        );
        assert_eq!(f.len(), 1, "{f:?}");
        assert_eq!(f[0].rule, "aws-access-key-id");
        assert_eq!(f[0].line, 2);
        assert_eq!(f[0].masked, "AKIA****************");
    }

    #[test]
    fn binary_and_oversized_files_are_skipped() {
        let s = Scanner::builtin().unwrap();
        assert!(
            s.scan("/.env", b"\0AWS_ACCESS_KEY_ID=AKIAZ7VRSQ5TJNXWLA3M")
                .is_empty()
        );
    }

    #[test]
    fn entropy_of_uniform_bytes() {
        assert!((entropy(b"abcd") - 2.0).abs() < 1e-9);
        assert_eq!(entropy(b"aaaa"), 0.0);
    }

    #[test]
    fn loose_rules_skip_shipped_files_but_token_formats_do_not() {
        let s = Scanner::builtin().unwrap();
        let body = b"db_password = \"q8Zr2mXv7Lp4Tn\"\nkey = AKIAZ7VRSQ5TJNXWLA3M\n";
        let rules = |path: &str| -> Vec<String> {
            s.scan(path, body).into_iter().map(|f| f.rule).collect()
        };
        assert_eq!(
            rules("/app/settings.py"),
            ["generic-secret", "aws-access-key-id"]
        );
        for shipped in [
            "/usr/share/doc/foo/README",
            "/usr/lib/python3/dist-packages/foo/conf.py",
            "/app/node_modules/x/index.js",
            "/var/lib/dpkg/info/foo.md5sums",
        ] {
            assert_eq!(rules(shipped), ["aws-access-key-id"], "{shipped}");
        }
        let all = Scanner::new(&SecretsConfig {
            scan_shipped_files: true,
            ..SecretsConfig::default()
        })
        .unwrap();
        assert_eq!(all.scan("/usr/share/doc/foo/README", body).len(), 2);
    }

    #[test]
    fn a_generic_match_over_a_specific_one_is_dropped() {
        let s = Scanner::builtin().unwrap();
        let f = s.scan(
            "/root/.aws/credentials",
            b"aws_secret_access_key = Zq4mXv7Lp2Tn9Rb6Wc3Yd8Kf5Hj1Gs0Ae4Bu7Ni2\n",
        );
        let rules: Vec<&str> = f.iter().map(|f| f.rule.as_str()).collect();
        assert_eq!(rules, ["aws-secret-access-key"]);
    }

    #[test]
    fn a_name_at_a_line_end_does_not_take_the_next_line_as_its_value() {
        let s = Scanner::builtin().unwrap();
        let f = s.scan(
            "/app/sums",
            b"usr/lib/x/token\n4b1d1sty5zgc3NSY2qoOxhqtL1qSrW8\n",
        );
        assert!(f.is_empty(), "{f:?}");
        // An XML element's body does run over lines.
        let f = s.scan(
            "/app/conf.xml",
            b"<apiToken>\n    4b1d1sty5zgc3NSY2qoOxhqtL1qSrW8\n</apiToken>",
        );
        assert_eq!(f.len(), 1, "{f:?}");
    }
}
