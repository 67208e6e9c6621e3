//! Splitting a vector string into `KEY:VALUE` metrics, checked against one
//! version's table of metrics and values.

/// Why a vector string was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid CVSS vector {vector:?}: {reason}")]
pub struct ParseError {
    /// The vector as given.
    pub vector: String,
    /// What is wrong.
    pub reason: String,
}

impl ParseError {
    pub(crate) fn new(vector: &str, reason: impl Into<String>) -> Self {
        Self {
            vector: vector.to_owned(),
            reason: reason.into(),
        }
    }
}

/// One metric of a version: its key, its allowed values and whether a
/// vector must have it.
pub(crate) struct MetricDef {
    pub(crate) key: &'static str,
    pub(crate) values: &'static [&'static str],
    pub(crate) required: bool,
}

impl MetricDef {
    /// A metric every vector of the version must have.
    pub(crate) const fn required(key: &'static str, values: &'static [&'static str]) -> Self {
        Self {
            key,
            values,
            required: true,
        }
    }

    /// A metric a vector may have.
    pub(crate) const fn optional(key: &'static str, values: &'static [&'static str]) -> Self {
        Self {
            key,
            values,
            required: false,
        }
    }
}

/// Parses `body` (the vector without its prefix). Returns, for each entry
/// of `defs`, the value given (as the table's `'static` string) or `None`.
/// Unknown metrics, unknown values, repeats and missing required metrics
/// are errors; the order of metrics is free.
pub(crate) fn parse_metrics(
    vector: &str,
    body: &str,
    defs: &[MetricDef],
) -> Result<Vec<Option<&'static str>>, ParseError> {
    let mut out = vec![None; defs.len()];
    if body.is_empty() {
        return Err(ParseError::new(vector, "no metrics"));
    }
    for part in body.split('/') {
        let (key, value) = part
            .split_once(':')
            .ok_or_else(|| ParseError::new(vector, format!("{part:?} is not KEY:VALUE")))?;
        let i = defs
            .iter()
            .position(|d| d.key == key)
            .ok_or_else(|| ParseError::new(vector, format!("unknown metric {key:?}")))?;
        let v = defs[i]
            .values
            .iter()
            .find(|v| **v == value)
            .ok_or_else(|| ParseError::new(vector, format!("invalid value {value:?} for {key}")))?;
        if out[i].replace(*v).is_some() {
            return Err(ParseError::new(
                vector,
                format!("metric {key} appears twice"),
            ));
        }
    }
    if let Some(d) = defs
        .iter()
        .zip(&out)
        .find(|(d, v)| d.required && v.is_none())
    {
        return Err(ParseError::new(
            vector,
            format!("missing metric {}", d.0.key),
        ));
    }
    Ok(out)
}

/// Writes `prefix` and the given metrics in the table's order.
pub(crate) fn format_metrics(
    f: &mut std::fmt::Formatter<'_>,
    prefix: &str,
    defs: &[MetricDef],
    values: &[Option<&'static str>],
) -> std::fmt::Result {
    f.write_str(prefix)?;
    let mut first = true;
    for (d, v) in defs.iter().zip(values) {
        if let Some(v) = v {
            if !first {
                f.write_str("/")?;
            }
            first = false;
            write!(f, "{}:{v}", d.key)?;
        }
    }
    Ok(())
}
