//! Errors raised while loading the framework data.

/// What can go wrong when the framework data is read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A JSON data file does not match the expected shape.
    #[error("framework file {file}: {source}")]
    Json {
        /// The data file at fault.
        file: &'static str,
        /// The parser's message.
        source: serde_json::Error,
    },
    /// The countries CSV file does not match the expected shape.
    #[error("framework file {file}: {source}")]
    Csv {
        /// The data file at fault.
        file: &'static str,
        /// The parser's message.
        source: csv::Error,
    },
    /// A crosswalk link names a code that the framework does not define.
    #[error("crosswalk link {from} -> {to} names an unknown code")]
    UnknownLinkCode {
        /// Source code of the link.
        from: String,
        /// Target code of the link.
        to: String,
    },
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
