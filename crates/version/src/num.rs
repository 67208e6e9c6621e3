//! Arbitrary-length decimal comparison shared by the schemes whose
//! reference implementations compare digit strings rather than machine
//! integers (dpkg, rpm, Go, RubyGems, Maven).

use std::cmp::Ordering;

/// Compares two ASCII digit strings as unbounded non-negative integers.
pub(crate) fn cmp_digits(a: &[u8], b: &[u8]) -> Ordering {
    let a = strip_zeros(a);
    let b = strip_zeros(b);
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// The digits without leading zeros (empty for zero).
pub(crate) fn strip_zeros(s: &[u8]) -> &[u8] {
    let start = s.iter().position(|&c| c != b'0').unwrap_or(s.len());
    &s[start..]
}

/// Whether the string is all zeros (or empty).
pub(crate) fn is_zero(s: &[u8]) -> bool {
    s.iter().all(|&c| c == b'0')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_compare_as_numbers() {
        assert_eq!(cmp_digits(b"010", b"9"), Ordering::Greater);
        assert_eq!(cmp_digits(b"000", b""), Ordering::Equal);
        assert_eq!(
            cmp_digits(
                b"123456789012345678901234567890",
                b"123456789012345678901234567891"
            ),
            Ordering::Less
        );
    }
}
