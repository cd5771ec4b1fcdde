//! Errors of the store.

/// What can go wrong in the database layer.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database URL names no engine wsis-hub supports.
    #[error("unsupported database URL `{0}`: use sqlite://PATH or postgres://...")]
    BadUrl(String),
    /// The database could not be reached or opened.
    #[error("cannot open the database: {0}")]
    Connect(sqlx::Error),
    /// A migration failed.
    #[error("migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A query failed.
    #[error("database error: {0}")]
    Sql(#[from] sqlx::Error),
    /// A computation handed to a worker thread did not finish (it panicked
    /// or the runtime is shutting down).
    #[error("a worker thread failed: {0}")]
    Worker(String),
    /// A stored JSON column could not be read back.
    #[error("stored data is corrupt: {0}")]
    Corrupt(String),
    /// An imported initiative's id is already in the register.
    #[error("record {index}: an initiative with id `{id}` already exists")]
    Exists {
        /// Position of the record in the imported batch (0-based).
        index: usize,
        /// The id that is taken.
        id: String,
    },
    /// An imported organization contradicts the one of the same name already stored.
    #[error("record {index}: organization `{name}` is stored with {stored}; the file says {given}")]
    OrganizationMismatch {
        /// Position of the record in the imported batch (0-based).
        index: usize,
        /// The organization's name.
        name: String,
        /// Stakeholder group and country as stored.
        stored: String,
        /// Stakeholder group and country as imported.
        given: String,
    },
    /// An account with this e-mail exists already.
    #[error("an account with the e-mail `{0}` exists already")]
    Taken(String),
    /// Someone else changed the record first; the change was made on an
    /// older version and is refused.
    #[error(
        "input {id} was changed by someone else (now at version {current}); reload it and try again"
    )]
    Conflict {
        /// The record's key.
        id: i64,
        /// Its version now.
        current: i64,
    },
    /// A record other than an input was changed by someone else between
    /// reading and writing it; the write is refused.
    #[error("{0} was changed by someone else; reload it and try again")]
    Changed(String),
    /// No record has this key.
    #[error("no {0}")]
    Missing(String),
    /// No initiative has this id.
    #[error("no initiative with id `{0}`")]
    NotFound(String),
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// The position of the imported record at fault, for errors that have one.
    pub fn record_index(&self) -> Option<usize> {
        match self {
            Error::Exists { index, .. } | Error::OrganizationMismatch { index, .. } => Some(*index),
            _ => None,
        }
    }
}
