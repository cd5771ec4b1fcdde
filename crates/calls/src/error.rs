//! Errors of the consultation's rules.

/// Why a record or an action was refused.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A field of a form or an API body is invalid; the message names it.
    #[error("{field}: {message}")]
    Invalid {
        /// The field at fault, as the form or JSON names it.
        field: String,
        /// What is wrong with it.
        message: String,
    },
    /// The call's deadline has passed or the call is not open.
    #[error("{0}")]
    Closed(String),
    /// A password could not be hashed.
    #[error("cannot hash the password: {0}")]
    Hash(String),
    /// The operating system gave no randomness.
    #[error("no randomness from the operating system: {0}")]
    Random(String),
}

impl Error {
    /// An invalid field with its message.
    pub fn invalid(field: impl Into<String>, message: impl Into<String>) -> Error {
        Error::Invalid {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;
