//! Globs written by users (the ignore file's `path:`, and later policy
//! files): checked and bounded before they are compiled. `globset` turns a
//! glob into a regex and panics when that regex cannot be built — a pattern
//! like `{a,{a,{a,…}}}` nested a few hundred deep exceeds the regex
//! parser's nesting limit. Within the bounds below the generated regex is
//! small and shallow (each brace level adds two groups, so 8 levels stay far
//! below regex-syntax's nest limit of 250, and 1 KiB of glob makes a regex of
//! a few KiB), so compiling it cannot fail; a pattern outside them is an
//! error that says which bound it broke.

use globset::{Glob, GlobMatcher};

/// The longest glob accepted, in bytes.
pub const MAX_LEN: usize = 1024;
/// The deepest nesting of `{…}` alternations accepted.
pub const MAX_BRACE_DEPTH: usize = 8;
/// The most `,`-separated alternatives across a glob's braces.
pub const MAX_ALTERNATIVES: usize = 256;

/// Why a user's glob was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GlobError {
    /// Longer than [`MAX_LEN`].
    #[error("glob is {0} bytes long; at most {MAX_LEN} are accepted")]
    TooLong(usize),
    /// Braces nested deeper than [`MAX_BRACE_DEPTH`].
    #[error("glob nests {{…}} alternations deeper than {MAX_BRACE_DEPTH} levels")]
    TooDeep,
    /// More than [`MAX_ALTERNATIVES`] alternatives.
    #[error("glob has more than {MAX_ALTERNATIVES} {{…}} alternatives")]
    TooManyAlternatives,
    /// Not a glob (unclosed `[`, `{`, dangling `\`…).
    #[error("invalid glob: {0}")]
    Syntax(String),
}

/// Checks `pattern` against the bounds and compiles it.
pub fn compile(pattern: &str) -> Result<GlobMatcher, GlobError> {
    check_bounds(pattern)?;
    let glob = Glob::new(pattern).map_err(|e| GlobError::Syntax(e.kind().to_string()))?;
    Ok(glob.compile_matcher())
}

fn check_bounds(pattern: &str) -> Result<(), GlobError> {
    if pattern.len() > MAX_LEN {
        return Err(GlobError::TooLong(pattern.len()));
    }
    let (mut depth, mut alternatives, mut escaped) = (0usize, 0usize, false);
    for b in pattern.bytes() {
        if escaped {
            escaped = false;
            continue;
        }
        match b {
            b'\\' => escaped = true,
            // Braces inside `[…]` are literal to globset; counting them
            // anyway can only refuse a pattern, never let one through.
            b'{' => {
                depth += 1;
                alternatives += 1;
                if depth > MAX_BRACE_DEPTH {
                    return Err(GlobError::TooDeep);
                }
            }
            b'}' => depth = depth.saturating_sub(1),
            b',' if depth > 0 => alternatives += 1,
            _ => {}
        }
        if alternatives > MAX_ALTERNATIVES {
            return Err(GlobError::TooManyAlternatives);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_globs_compile() {
        let g = compile("/usr/lib/python3*/**").unwrap();
        assert!(g.is_match("/usr/lib/python3.11/site-packages/x"));
        assert!(compile("/opt/{a,b/{c,d}}/*.jar").is_ok());
        assert!(compile(r"/literal\{").is_ok());
    }

    #[test]
    fn hostile_globs_are_errors_not_panics() {
        let deep = format!("{}a{}", "{a,".repeat(100), "}".repeat(100));
        assert_eq!(compile(&deep).unwrap_err(), GlobError::TooDeep);
        // The issue's pattern, 300 deep, is refused too (by its length).
        let deeper = format!("{}a{}", "{a,".repeat(300), "}".repeat(300));
        assert!(compile(&deeper).is_err());
        assert!(matches!(
            compile(&"a".repeat(MAX_LEN + 1)),
            Err(GlobError::TooLong(_))
        ));
        let wide = format!("{{{}}}", vec!["a"; 300].join(","));
        assert_eq!(compile(&wide).unwrap_err(), GlobError::TooManyAlternatives);
        assert!(matches!(compile("[a"), Err(GlobError::Syntax(_))));
        assert!(matches!(compile("{a"), Err(GlobError::Syntax(_))));
    }

    /// The largest patterns within every bound still compile: the bounds,
    /// not luck, keep `compile_matcher` from panicking.
    #[test]
    fn worst_cases_within_bounds_compile() {
        let depth = MAX_BRACE_DEPTH;
        let nested = format!("{}*{}", "{**/[!a-z]*?,".repeat(depth), "}".repeat(depth));
        let pad = MAX_LEN - nested.len();
        let worst = format!("{nested}{}", "*?".repeat(pad / 2));
        assert!(worst.len() <= MAX_LEN);
        assert!(compile(&worst).is_ok());
        let per = (MAX_LEN - 2) / 2;
        let wide = format!("{{{}}}", vec!["*"; per.min(MAX_ALTERNATIVES)].join(","));
        assert!(compile(&wide).is_ok(), "{}", wide.len());
        assert!(compile(&"**/".repeat(MAX_LEN / 3)).is_ok());
        assert!(compile(&"[!/]".repeat(MAX_LEN / 4)).is_ok());
    }
}
