//! Errors of the mapping engine: model files, training data and query syntax.

/// What can go wrong when loading, training or evaluating the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file at fault.
        path: String,
        /// The operating system's message.
        source: std::io::Error,
    },
    /// A model file is not a model written by `train`, or belongs to another engine version.
    #[error("model {path}: {message}")]
    Model {
        /// The model file (or `<embedded>`).
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// A query of a published SDG query system could not be parsed.
    #[error("query {system} {id}: {message}")]
    Query {
        /// The query system (aurora, siris, …).
        system: String,
        /// The query's id in its system.
        id: String,
        /// What the parser could not read.
        message: String,
    },
    /// A line or row of a training or evaluation file is malformed.
    #[error("{path} line {line}: {message}")]
    Data {
        /// The data file.
        path: String,
        /// 1-based line (JSONL) or record (CSV, header = line 1) number.
        line: usize,
        /// What is wrong with it.
        message: String,
    },
    /// A compiled query set (`data/classify/queries.compiled`) is damaged.
    #[error("compiled query set: {0}")]
    Compiled(String),
    /// Training or evaluation was asked for something impossible (e.g. 1 fold).
    #[error("{0}")]
    Invalid(String),
}

/// Result with the engine's [`Error`].
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// An I/O error on `path`.
    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Error {
        Error::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
