//! Splits a big JSON feed into its records without running every byte
//! through serde: NVD's yearly feeds are hundreds of megabytes, and
//! serde_json's reader-based parser pulls them one byte at a time. This
//! scanner only tracks strings and nesting to find where each record of the
//! feed's array begins and ends; each record is then parsed from a slice,
//! so memory stays bounded by the largest record, not the feed.

use std::io::{self, BufRead};

/// Largest single record accepted: a real NVD record is under 1 MiB.
pub(crate) const MAX_RECORD: usize = 16 << 20;

/// What a top-level member of the feed object is to the caller.
pub(crate) enum Member {
    /// Hand every element of this array to the callback.
    Elements,
    /// Hand this whole value to the callback.
    Whole,
    /// Not wanted.
    Skip,
}

/// Why a feed could not be split: the JSON structure is broken (the
/// records themselves are checked by whoever parses them).
#[derive(Debug)]
pub(crate) enum SplitError {
    Io(io::Error),
    Syntax { offset: u64, what: String },
    Stopped,
}

impl std::fmt::Display for SplitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SplitError::Io(e) => write!(f, "{e}"),
            SplitError::Syntax { offset, what } => write!(f, "{what} at byte {offset}"),
            SplitError::Stopped => f.write_str("stopped"),
        }
    }
}

impl From<io::Error> for SplitError {
    fn from(e: io::Error) -> Self {
        SplitError::Io(e)
    }
}

/// A byte source over a chunk buffer: one virtual read per 64 KiB instead
/// of one per byte.
struct Src<'r> {
    r: &'r mut dyn BufRead,
    chunk: Vec<u8>,
    pos: usize,
    len: usize,
    offset: u64,
    back: Option<u8>,
}

impl Src<'_> {
    #[inline]
    fn next(&mut self) -> io::Result<Option<u8>> {
        if let Some(b) = self.back.take() {
            return Ok(Some(b));
        }
        if self.pos == self.len {
            self.len = self.r.read(&mut self.chunk)?;
            self.pos = 0;
            if self.len == 0 {
                return Ok(None);
            }
        }
        let b = self.chunk[self.pos];
        self.pos += 1;
        self.offset += 1;
        Ok(Some(b))
    }

    fn next_non_ws(&mut self) -> io::Result<Option<u8>> {
        while let Some(b) = self.next()? {
            if !b.is_ascii_whitespace() {
                return Ok(Some(b));
            }
        }
        Ok(None)
    }

    fn syntax(&self, what: impl Into<String>) -> SplitError {
        SplitError::Syntax {
            offset: self.offset,
            what: what.into(),
        }
    }

    fn expect_more(&mut self, what: &str) -> Result<u8, SplitError> {
        self.next_non_ws()?
            .ok_or_else(|| self.syntax(format!("unexpected end of file, expected {what}")))
    }

    /// Reads one value whose first byte is `first`, into `cap` when given.
    /// A scalar ends at the byte after it, which is pushed back.
    fn value(&mut self, first: u8, mut cap: Option<&mut Vec<u8>>) -> Result<(), SplitError> {
        let push = |cap: &mut Option<&mut Vec<u8>>, b: u8, src: &Self| {
            if let Some(c) = cap.as_deref_mut() {
                if c.len() >= MAX_RECORD {
                    return Err(src.syntax(format!("a record over {MAX_RECORD} bytes")));
                }
                c.push(b);
            }
            Ok(())
        };
        push(&mut cap, first, self)?;
        match first {
            b'{' | b'[' => {
                let (mut depth, mut in_str, mut esc) = (1u32, false, false);
                while let Some(b) = self.next()? {
                    push(&mut cap, b, self)?;
                    if in_str {
                        if esc {
                            esc = false;
                        } else if b == b'\\' {
                            esc = true;
                        } else if b == b'"' {
                            in_str = false;
                        }
                        continue;
                    }
                    match b {
                        b'"' => in_str = true,
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                return Ok(());
                            }
                        }
                        _ => {}
                    }
                }
                Err(self.syntax("unexpected end of file inside a value"))
            }
            b'"' => {
                let mut esc = false;
                while let Some(b) = self.next()? {
                    push(&mut cap, b, self)?;
                    if esc {
                        esc = false;
                    } else if b == b'\\' {
                        esc = true;
                    } else if b == b'"' {
                        return Ok(());
                    }
                }
                Err(self.syntax("unexpected end of file inside a string"))
            }
            b'-' | b'0'..=b'9' | b't' | b'f' | b'n' => {
                while let Some(b) = self.next()? {
                    if matches!(b, b',' | b'}' | b']') || b.is_ascii_whitespace() {
                        self.back = Some(b);
                        self.offset -= 1;
                        return Ok(());
                    }
                    push(&mut cap, b, self)?;
                }
                Ok(())
            }
            other => Err(self.syntax(format!("unexpected byte {:?}", other as char))),
        }
    }

    /// A member key (the opening quote already read), unescaped only as far
    /// as comparing it with plain ASCII names needs.
    fn key(&mut self) -> Result<Vec<u8>, SplitError> {
        let mut key = Vec::new();
        let mut esc = false;
        while let Some(b) = self.next()? {
            if esc {
                esc = false;
            } else if b == b'\\' {
                esc = true;
            } else if b == b'"' {
                return Ok(key);
            }
            if key.len() < 256 {
                key.push(b);
            }
        }
        Err(self.syntax("unexpected end of file inside a key"))
    }
}

/// Receives `(key, bytes)` of each record found; `Err(())` stops the walk
/// (the caller keeps its own error).
pub(crate) type Found<'f> = dyn FnMut(&[u8], &[u8]) -> Result<(), ()> + 'f;

/// Walks the top-level object of `reader`: `choose` says what each member
/// (by key) is; `found` gets the bytes of each element of an
/// [`Member::Elements`] array and of each [`Member::Whole`] value, with the
/// key they came under. An error from `found` stops the walk.
pub(crate) fn split(
    reader: &mut dyn BufRead,
    choose: &dyn Fn(&[u8]) -> Member,
    found: &mut Found<'_>,
) -> Result<(), SplitError> {
    let mut src = Src {
        r: reader,
        chunk: vec![0; 1 << 16],
        pos: 0,
        len: 0,
        offset: 0,
        back: None,
    };
    if src.expect_more("'{'")? != b'{' {
        return Err(src.syntax("not a JSON object"));
    }
    let mut buf = Vec::new();
    let mut first = true;
    loop {
        let b = src.expect_more("a key or '}'")?;
        if b == b'}' && first {
            break;
        }
        if b != b'"' {
            return Err(src.syntax("expected a key"));
        }
        let key = src.key()?;
        if src.expect_more("':'")? != b':' {
            return Err(src.syntax("expected ':'"));
        }
        let v = src.expect_more("a value")?;
        match (choose(&key), v) {
            (Member::Elements, b'[') => {
                let mut b = src.expect_more("an element or ']'")?;
                if b != b']' {
                    loop {
                        buf.clear();
                        src.value(b, Some(&mut buf))?;
                        found(&key, &buf).map_err(|()| SplitError::Stopped)?;
                        match src.expect_more("',' or ']'")? {
                            b',' => b = src.expect_more("an element")?,
                            b']' => break,
                            _ => return Err(src.syntax("expected ',' or ']'")),
                        }
                    }
                }
            }
            (Member::Whole, v) => {
                buf.clear();
                src.value(v, Some(&mut buf))?;
                found(&key, &buf).map_err(|()| SplitError::Stopped)?;
            }
            (_, v) => src.value(v, None)?,
        }
        first = false;
        match src.expect_more("',' or '}'")? {
            b',' => {}
            b'}' => break,
            _ => return Err(src.syntax("expected ',' or '}'")),
        }
    }
    if src.next_non_ws()?.is_some() {
        return Err(src.syntax("data after the top-level object"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(text: &str) -> Result<Vec<String>, SplitError> {
        let mut out = Vec::new();
        let choose = |k: &[u8]| match k {
            b"items" => Member::Elements,
            b"one" => Member::Whole,
            _ => Member::Skip,
        };
        split(&mut text.as_bytes(), &choose, &mut |k, v| {
            out.push(format!(
                "{}={}",
                String::from_utf8_lossy(k),
                String::from_utf8_lossy(v)
            ));
            Ok(())
        })?;
        Ok(out)
    }

    #[test]
    fn elements_and_whole_values_come_out_as_written() {
        let got = run(
            r#" {"skip": {"a": [1, "]}"]}, "items": [ {"x": "a\"}b"}, 12, "s", [1,[2]] ],
               "one": {"k": true}, "n": -1.5e3 } "#,
        )
        .unwrap();
        assert_eq!(
            got,
            [
                r#"items={"x": "a\"}b"}"#,
                "items=12",
                r#"items="s""#,
                "items=[1,[2]]",
                r#"one={"k": true}"#,
            ]
        );
        assert!(run("{}").unwrap().is_empty());
        assert!(run(r#"{"items": []}"#).unwrap().is_empty());
    }

    #[test]
    fn broken_structure_is_an_error_with_its_offset() {
        for bad in [
            "",
            "[1]",
            r#"{"items": [{"x": 1}"#,
            r#"{"items": [1 2]}"#,
            r#"{"a" 1}"#,
            r#"{"a": 1} x"#,
            r#"{"a": "open"#,
            r#"{"a": @}"#,
        ] {
            let e = run(bad).unwrap_err();
            assert!(matches!(e, SplitError::Syntax { .. }), "{bad}: {e}");
        }
    }

    #[test]
    fn hostile_feeds_are_bounded() {
        // One record over the cap: refused by size, not read to the end.
        let big = format!(r#"{{"items": ["{}"]}}"#, "a".repeat(MAX_RECORD + 10));
        let e = run(&big).unwrap_err();
        assert!(e.to_string().contains("a record over"), "{e}");
        // Nesting deeper than serde's limit is only counted here; the
        // record's own parse refuses it later.
        let deep = format!(
            r#"{{"items": [{}{}]}}"#,
            "[".repeat(100_000),
            "]".repeat(100_000)
        );
        assert_eq!(run(&deep).unwrap().len(), 1);
        let unbalanced = format!(r#"{{"items": [{}]}}"#, "[".repeat(1000));
        assert!(run(&unbalanced).is_err());
        // A key that never ends, and one that is huge, fail or pass cheaply.
        assert!(run(&format!(r#"{{"{}"#, "k".repeat(100_000))).is_err());
        let long_key = format!(r#"{{"{}": 1, "one": 2}}"#, "k".repeat(100_000));
        assert_eq!(run(&long_key).unwrap(), ["one=2"]);
    }
}
