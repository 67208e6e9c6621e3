//! Content digests (`sha256:…`, `sha512:…`) and readers that verify them
//! while streaming, so no blob is trusted before it has been hashed.

use std::fmt;
use std::io::{self, BufRead, Read};
use std::str::FromStr;

use sha2::{Digest as _, Sha256, Sha512};

use crate::error::Error;

/// A hash algorithm that OCI digests may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Algorithm {
    /// SHA-256 (64 hex digits).
    Sha256,
    /// SHA-512 (128 hex digits).
    Sha512,
}

impl Algorithm {
    /// The name used in digests.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha256 => "sha256",
            Algorithm::Sha512 => "sha512",
        }
    }

    fn hex_len(self) -> usize {
        match self {
            Algorithm::Sha256 => 64,
            Algorithm::Sha512 => 128,
        }
    }
}

/// A validated content digest: algorithm and lowercase hex.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Digest {
    algorithm: Algorithm,
    hex: Box<str>,
}

impl Digest {
    /// The algorithm.
    pub fn algorithm(&self) -> Algorithm {
        self.algorithm
    }

    /// The hex part, always lowercase and of the algorithm's length (so it
    /// is safe to use as a file name).
    pub fn hex(&self) -> &str {
        &self.hex
    }

    /// The digest of `data` with `algorithm`.
    pub fn of(algorithm: Algorithm, data: &[u8]) -> Self {
        let mut h = Hasher::new(algorithm);
        h.update(data);
        h.finish()
    }

    /// A short form for tables: `sha256:0123456789ab`.
    pub fn short(&self) -> String {
        format!("{}:{}", self.algorithm.name(), &self.hex[..12])
    }
}

impl fmt::Display for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.algorithm.name(), self.hex)
    }
}

impl fmt::Debug for Digest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl FromStr for Digest {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self, Error> {
        let bad = |reason: &str| Error::Reference {
            reference: s.to_owned(),
            reason: reason.to_owned(),
        };
        let (alg, hex) = s
            .split_once(':')
            .ok_or_else(|| bad("a digest is ALGORITHM:HEX"))?;
        let algorithm = match alg {
            "sha256" => Algorithm::Sha256,
            "sha512" => Algorithm::Sha512,
            _ => return Err(bad("unsupported digest algorithm (sha256 and sha512 are)")),
        };
        if hex.len() != algorithm.hex_len()
            || !hex
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
        {
            return Err(bad("digest hex has the wrong length or characters"));
        }
        Ok(Self {
            algorithm,
            hex: hex.into(),
        })
    }
}

impl serde::Serialize for Digest {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> serde::Deserialize<'de> for Digest {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// An incremental hasher for either algorithm.
#[derive(Clone)]
pub enum Hasher {
    /// SHA-256 state.
    Sha256(Sha256),
    /// SHA-512 state.
    Sha512(Sha512),
}

impl Hasher {
    /// A fresh hasher.
    pub fn new(algorithm: Algorithm) -> Self {
        match algorithm {
            Algorithm::Sha256 => Hasher::Sha256(Sha256::new()),
            Algorithm::Sha512 => Hasher::Sha512(Sha512::new()),
        }
    }

    /// Adds bytes.
    pub fn update(&mut self, data: &[u8]) {
        match self {
            Hasher::Sha256(h) => h.update(data),
            Hasher::Sha512(h) => h.update(data),
        }
    }

    /// The digest of everything added.
    pub fn finish(self) -> Digest {
        let (algorithm, bytes) = match self {
            Hasher::Sha256(h) => (Algorithm::Sha256, h.finalize().to_vec()),
            Hasher::Sha512(h) => (Algorithm::Sha512, h.finalize().to_vec()),
        };
        Digest {
            algorithm,
            hex: hex(&bytes).into(),
        }
    }
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(bytes.len() * 2);
    for &b in bytes {
        s.push(DIGITS[usize::from(b >> 4)] as char);
        s.push(DIGITS[usize::from(b & 15)] as char);
    }
    s
}

/// What a verifying reader checks at the end of its stream.
#[derive(Debug, Clone)]
pub(crate) struct Expect {
    /// Names the blob in errors ("layer 3 (sha256:…)").
    pub(crate) what: String,
    /// The digest to verify, if known; otherwise one is only computed.
    pub(crate) digest: Option<Digest>,
    /// Algorithm to compute when `digest` is None.
    pub(crate) algorithm: Algorithm,
    /// Exact size, if known.
    pub(crate) size: Option<u64>,
    /// A cap on the number of bytes (decompression bombs).
    pub(crate) limit: Option<(u64, &'static str)>,
}

impl Expect {
    fn check_len(&self, n: u64) -> io::Result<()> {
        if let Some(size) = self.size
            && n > size
        {
            return Err(io::Error::other(Error::SizeMismatch {
                what: self.what.clone(),
                expected: size,
                actual: n,
            }));
        }
        if let Some((limit, name)) = self.limit
            && n > limit
        {
            return Err(io::Error::other(Error::Limit {
                what: self.what.clone(),
                reason: format!("more than {limit} bytes ({name})"),
            }));
        }
        Ok(())
    }

    fn verify(&self, n: u64, got: &Digest) -> io::Result<()> {
        if let Some(size) = self.size
            && n != size
        {
            return Err(io::Error::other(Error::SizeMismatch {
                what: self.what.clone(),
                expected: size,
                actual: n,
            }));
        }
        if let Some(want) = &self.digest
            && want != got
        {
            return Err(io::Error::other(Error::DigestMismatch {
                what: self.what.clone(),
                expected: want.to_string(),
                actual: got.to_string(),
            }));
        }
        Ok(())
    }
}

/// Shared result of a verifying reader, filled in when its stream ends.
#[derive(Debug, Default, Clone)]
pub struct Verified {
    /// The digest the content hashed to.
    pub digest: Option<Digest>,
    /// Bytes read.
    pub size: u64,
}

/// Hashing and counting shared by the verifying readers; checks the size
/// cap while streaming and digest and exact size at the end.
struct Verifier {
    hasher: Option<Hasher>,
    n: u64,
    expect: Expect,
    result: Verified,
}

impl Verifier {
    fn new(expect: Expect) -> Self {
        let alg = expect
            .digest
            .as_ref()
            .map_or(expect.algorithm, Digest::algorithm);
        Self {
            hasher: Some(Hasher::new(alg)),
            n: 0,
            expect,
            result: Verified::default(),
        }
    }

    fn update(&mut self, data: &[u8]) {
        if let Some(h) = self.hasher.as_mut() {
            h.update(data);
        }
        self.n += data.len() as u64;
    }

    fn finish(&mut self) -> io::Result<()> {
        if let Some(h) = self.hasher.take() {
            let d = h.finish();
            self.expect.verify(self.n, &d)?;
            self.result = Verified {
                digest: Some(d),
                size: self.n,
            };
        }
        Ok(())
    }
}

/// A `BufRead` adapter that hashes what its consumer consumes and verifies
/// digest and size at EOF (reported as an `io::Error` wrapping [`Error`]).
pub(crate) struct VerifyBufRead<R> {
    inner: R,
    v: Verifier,
}

impl<R: BufRead> VerifyBufRead<R> {
    pub(crate) fn new(inner: R, expect: Expect) -> Self {
        Self {
            inner,
            v: Verifier::new(expect),
        }
    }

    pub(crate) fn result(&self) -> &Verified {
        &self.v.result
    }

    /// Reads and hashes everything left, then verifies.
    pub(crate) fn drain(&mut self) -> io::Result<()> {
        loop {
            let n = self.fill_buf()?.len();
            if n == 0 {
                return Ok(());
            }
            self.consume(n);
        }
    }
}

impl<R: BufRead> Read for VerifyBufRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let avail = self.fill_buf()?;
        let n = avail.len().min(buf.len());
        buf[..n].copy_from_slice(&avail[..n]);
        self.consume(n);
        Ok(n)
    }
}

impl<R: BufRead> BufRead for VerifyBufRead<R> {
    fn fill_buf(&mut self) -> io::Result<&[u8]> {
        // `consume` cannot fail, so an oversized stream is reported here.
        self.v.expect.check_len(self.v.n)?;
        if self.inner.fill_buf()?.is_empty() {
            self.v.finish()?;
            return Ok(&[]);
        }
        self.inner.fill_buf()
    }

    fn consume(&mut self, amt: usize) {
        if amt == 0 {
            return;
        }
        if let Ok(buf) = self.inner.fill_buf() {
            let amt = amt.min(buf.len());
            self.v.update(&buf[..amt]);
            self.inner.consume(amt);
        }
    }
}

/// A `Read` adapter that hashes everything read and verifies at EOF; it
/// also enforces the size cap while streaming.
pub(crate) struct VerifyRead<R> {
    inner: R,
    v: Verifier,
}

impl<R: Read> VerifyRead<R> {
    pub(crate) fn new(inner: R, expect: Expect) -> Self {
        Self {
            inner,
            v: Verifier::new(expect),
        }
    }

    pub(crate) fn result(&self) -> &Verified {
        &self.v.result
    }

    pub(crate) fn inner_mut(&mut self) -> &mut R {
        &mut self.inner
    }
}

impl<R: Read> Read for VerifyRead<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n == 0 {
            self.v.finish()?;
            return Ok(0);
        }
        self.v.update(&buf[..n]);
        self.v.expect.check_len(self.v.n)?;
        Ok(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_rejects() {
        let d: Digest = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
            .parse()
            .unwrap();
        assert_eq!(d, Digest::of(Algorithm::Sha256, b""));
        for bad in [
            "sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855",
            "sha256:abc",
            "md5:d41d8cd98f00b204e9800998ecf8427e",
            "sha256",
            "sha256:../../../../etc/passwd/../../../../../../../../../../../../../../../..",
        ] {
            assert!(bad.parse::<Digest>().is_err(), "{bad}");
        }
        let d512 = Digest::of(Algorithm::Sha512, b"x");
        assert_eq!(d512.to_string().parse::<Digest>().unwrap(), d512);
    }

    #[test]
    fn verify_read_detects_mismatch() {
        let expect = Expect {
            what: "blob".into(),
            digest: Some(Digest::of(Algorithm::Sha256, b"hello")),
            algorithm: Algorithm::Sha256,
            size: Some(5),
            limit: None,
        };
        let mut r = VerifyRead::new(&b"hellp"[..], expect.clone());
        let err = io::copy(&mut r, &mut io::sink()).unwrap_err();
        assert!(matches!(
            Error::from_io("x", err),
            Error::DigestMismatch { .. }
        ));
        let mut r = VerifyRead::new(&b"hello"[..], expect.clone());
        io::copy(&mut r, &mut io::sink()).unwrap();
        let mut r = VerifyBufRead::new(&b"hello!"[..], expect);
        let err = r.drain().unwrap_err();
        assert!(matches!(
            Error::from_io("x", err),
            Error::SizeMismatch { .. }
        ));
    }
}
