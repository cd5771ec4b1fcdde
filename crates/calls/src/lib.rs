//! Calls for inputs: how the WSIS+20 review hears every stakeholder.
//!
//! The records and rules of the consultation, without I/O: accounts and
//! their roles ([`account`]), calls with their questions and deadline
//! ([`call`]), submissions and their life cycle ([`submission`]), who may do
//! what ([`access`]), the audit trail's entries ([`audit`]), and the secrets
//! that authenticate people ([`secret`]). The store keeps these records; the
//! web server and the CLI apply these rules.
#![forbid(unsafe_code)]

pub mod access;
pub mod account;
pub mod audit;
pub mod call;
mod error;
pub mod export;
pub mod secret;
pub mod submission;
pub mod time;

pub use access::Actor;
pub use account::{NewUser, Role, User};
pub use audit::AuditEntry;
pub use call::{Call, CallChange, CallDraft, CallStatus, Question};
pub use error::{Error, Result};
pub use submission::{Attachment, AttachmentMeta, Submission, SubmissionStatus};
