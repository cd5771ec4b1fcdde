//! Errors of the register: a record that breaks a rule, or a file that cannot be read.

use std::fmt;

/// One problem found in an imported file, located by line (or JSON element) and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// Where: `line 12` for CSV (counting the header as line 1), `element 3` for JSON.
    pub location: String,
    /// The field at fault, e.g. `countries`; empty when the whole record is unreadable.
    pub field: String,
    /// What is wrong, in words a person can act on.
    pub message: String,
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.field.is_empty() {
            write!(f, "{}: {}", self.location, self.message)
        } else {
            write!(
                f,
                "{}, field `{}`: {}",
                self.location, self.field, self.message
            )
        }
    }
}

/// What can go wrong in this crate.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A record of an imported file is invalid; nothing from the file is kept.
    #[error("{0}")]
    Invalid(ImportError),
    /// The file could not be read or written.
    #[error("i/o: {0}")]
    Io(#[from] std::io::Error),
    /// Writing CSV failed.
    #[error("csv: {0}")]
    Csv(#[from] csv::Error),
    /// Writing JSON failed.
    #[error("json: {0}")]
    Json(#[from] serde_json::Error),
}

/// Result type of this crate.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    pub(crate) fn at(location: impl Into<String>, field: &str, message: impl Into<String>) -> Self {
        Error::Invalid(ImportError {
            location: location.into(),
            field: field.to_string(),
            message: message.into(),
        })
    }
}
