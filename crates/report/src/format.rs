//! One registry per kind of output (scan, SBOM, lint): a const list of
//! format descriptors. The command line parses `--format` and lists the
//! formats in `--help` from these lists, so a new format is one renderer
//! file, one enum variant and one line here — never a copy in the binary.

/// A format of one kind of output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormatInfo<F: 'static> {
    /// Its command-line name (`cyclonedx-json`).
    pub name: &'static str,
    /// One line for `--help`.
    pub description: &'static str,
    /// The format.
    pub format: F,
}

/// The format named `name` in `formats`.
pub fn find<F: Copy>(formats: &[FormatInfo<F>], name: &str) -> Option<F> {
    formats.iter().find(|f| f.name == name).map(|f| f.format)
}

/// The command-line name of `format` in `formats`.
pub fn name_of<F: Copy + PartialEq>(formats: &[FormatInfo<F>], format: F) -> &'static str {
    formats
        .iter()
        .find(|f| f.format == format)
        .map_or("", |f| f.name)
}
