//! `WWW-Authenticate` challenges (RFC 7235): `Bearer realm="…",service="…",
//! scope="…"` for token auth, `Basic realm="…"` for basic auth. One header
//! may carry several challenges; parameter values are tokens or quoted
//! strings with backslash escapes.

use std::collections::BTreeMap;

/// One authentication challenge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Challenge {
    /// The scheme, lower case (`bearer`, `basic`).
    pub scheme: String,
    /// The parameters, names lower case.
    pub params: BTreeMap<String, String>,
}

impl Challenge {
    /// A parameter by (lower-case) name.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params.get(name).map(String::as_str)
    }
}

/// Parses a `WWW-Authenticate` header value; malformed parts end the list
/// rather than fail, so a registry's odd header still yields what it could.
pub fn parse_challenges(header: &str) -> Vec<Challenge> {
    let mut p = Parser {
        s: header.as_bytes(),
        i: 0,
    };
    let mut out: Vec<Challenge> = Vec::new();
    loop {
        p.skip_ws_commas();
        let Some(scheme) = p.token() else { break };
        let mut ch = Challenge {
            scheme: scheme.to_ascii_lowercase(),
            params: BTreeMap::new(),
        };
        loop {
            p.skip_ws();
            let save = p.i;
            let Some(name) = p.token() else { break };
            p.skip_ws();
            if !p.eat(b'=') {
                // A token not followed by '=' starts the next challenge (or
                // is a token68 credential, which registries do not send).
                p.i = save;
                break;
            }
            p.skip_ws();
            let value = if p.peek() == Some(b'"') {
                p.quoted()
            } else {
                p.token()
            };
            let Some(value) = value else {
                out.push(ch);
                return out;
            };
            ch.params.insert(name.to_ascii_lowercase(), value);
            p.skip_ws();
            if !p.eat(b',') {
                break;
            }
        }
        out.push(ch);
        if p.i >= p.s.len() {
            break;
        }
        let before = p.i;
        p.skip_ws_commas();
        if p.i == before && p.token_peek().is_none() {
            break;
        }
    }
    out
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t')) {
            self.i += 1;
        }
    }

    fn skip_ws_commas(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b',')) {
            self.i += 1;
        }
    }

    fn is_tchar(c: u8) -> bool {
        c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~/:".contains(&c)
    }

    fn token_peek(&self) -> Option<()> {
        self.peek().filter(|&c| Self::is_tchar(c)).map(|_| ())
    }

    fn token(&mut self) -> Option<String> {
        let start = self.i;
        while self.peek().is_some_and(Self::is_tchar) {
            self.i += 1;
        }
        (self.i > start).then(|| String::from_utf8_lossy(&self.s[start..self.i]).into_owned())
    }

    fn quoted(&mut self) -> Option<String> {
        if !self.eat(b'"') {
            return None;
        }
        let mut v = Vec::new();
        loop {
            match self.peek()? {
                b'"' => {
                    self.i += 1;
                    return Some(String::from_utf8_lossy(&v).into_owned());
                }
                b'\\' => {
                    self.i += 1;
                    v.push(self.peek()?);
                    self.i += 1;
                }
                c => {
                    v.push(c);
                    self.i += 1;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn docker_hub() {
        let c = parse_challenges(
            r#"Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/python:pull""#,
        );
        assert_eq!(c.len(), 1);
        assert_eq!(c[0].scheme, "bearer");
        assert_eq!(c[0].param("realm"), Some("https://auth.docker.io/token"));
        assert_eq!(c[0].param("service"), Some("registry.docker.io"));
        assert_eq!(c[0].param("scope"), Some("repository:library/python:pull"));
    }

    #[test]
    fn several_and_odd() {
        let c = parse_challenges(r#"Basic realm="Registry Realm", Bearer realm=x , error="a\"b""#);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].scheme, "basic");
        assert_eq!(c[0].param("realm"), Some("Registry Realm"));
        assert_eq!(c[1].param("realm"), Some("x"));
        assert_eq!(c[1].param("error"), Some("a\"b"));
        assert_eq!(parse_challenges("basic").len(), 1);
        assert!(parse_challenges("").is_empty());
        assert_eq!(parse_challenges(r#"Bearer realm="unterminated"#).len(), 1);
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in ".{0,80}") {
            let _ = parse_challenges(&s);
        }
    }
}
