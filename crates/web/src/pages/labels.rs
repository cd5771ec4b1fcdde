//! Translated labels of the consultation's vocabularies, for templates.

use wsis_calls::call::CallStatus;
use wsis_calls::submission::SubmissionStatus;

use crate::i18n::Tr;

/// "Submitted: waiting for a moderator", etc.
pub fn submission_status(tr: &Tr, s: &SubmissionStatus) -> String {
    tr.t(&format!("submission-status-{}", s.as_str()))
}

/// "Open", "Closed", "Draft".
pub fn call_status(tr: &Tr, s: &CallStatus) -> String {
    tr.t(&format!("call-status-{}", s.as_str()))
}

/// A language by its own name ("Français"), from its ISO 639-1 code.
pub fn language(tr: &Tr, code: &str) -> String {
    tr.t(&format!("language-{code}"))
}

/// "Civil society", etc.
pub fn group(tr: &Tr, g: &str) -> String {
    tr.t(&format!("group-{g}"))
}

/// The name of a facet.
pub fn facet(tr: &Tr, key: &str) -> String {
    tr.t(key)
}
