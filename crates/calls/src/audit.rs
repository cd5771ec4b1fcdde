//! The audit trail: who changed what, when, from what to what.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// One change, as administrators read it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AuditEntry {
    /// Database key; entries are listed newest first.
    pub id: i64,
    /// When, RFC 3339 in UTC.
    pub at: String,
    /// The e-mail of the account that acted (`cli` for the command line).
    pub actor: String,
    /// What was done: `call.create`, `submission.publish`, `user.create`…
    pub action: String,
    /// What it was done to: `call:3`, `submission:12`, `user:5`.
    pub subject: String,
    /// The record before the change, if it existed.
    #[schema(value_type = Object)]
    pub before: Option<Value>,
    /// The record after the change.
    #[schema(value_type = Object)]
    pub after: Option<Value>,
}

/// A change to record, before it has a key and a time.
#[derive(Debug, Clone)]
pub struct NewAuditEntry {
    /// Account that acted.
    pub actor: String,
    /// What was done.
    pub action: String,
    /// What it was done to.
    pub subject: String,
    /// Before.
    pub before: Option<Value>,
    /// After.
    pub after: Option<Value>,
}
