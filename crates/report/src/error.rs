//! Why a document could not be rendered: its serialisation failed. A
//! renderer never answers an empty document instead.

/// A rendering failure.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The document could not be serialised as JSON.
    #[error("cannot serialise the {format} document: {source}")]
    Json {
        /// The format being written.
        format: &'static str,
        /// Why.
        #[source]
        source: serde_json::Error,
    },
}

/// `v` as pretty JSON, or the error naming `format`.
pub(crate) fn to_json<T: serde::Serialize + ?Sized>(
    format: &'static str,
    v: &T,
) -> Result<String, Error> {
    serde_json::to_string_pretty(v).map_err(|source| Error::Json { format, source })
}
