//! Inputs: a stakeholder's answers to a call, with their attachments.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use wsis_framework::CodeKind;
use wsis_register::{CodeAssignment, Organization, Origin};

use crate::call::Call;
use crate::error::{Error, Result};

/// Where an input is on its way to publication.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum SubmissionStatus {
    /// Saved by its author, not yet sent.
    Draft,
    /// Sent, waiting for a moderator.
    Submitted,
    /// Public.
    Published,
    /// Refused by a moderator, with a reason.
    Rejected,
}

impl SubmissionStatus {
    /// The status's name in forms, the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            SubmissionStatus::Draft => "draft",
            SubmissionStatus::Submitted => "submitted",
            SubmissionStatus::Published => "published",
            SubmissionStatus::Rejected => "rejected",
        }
    }
}

impl fmt::Display for SubmissionStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for SubmissionStatus {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<SubmissionStatus, String> {
        match s {
            "draft" => Ok(SubmissionStatus::Draft),
            "submitted" => Ok(SubmissionStatus::Submitted),
            "published" => Ok(SubmissionStatus::Published),
            "rejected" => Ok(SubmissionStatus::Rejected),
            other => Err(format!("`{other}` is not a submission status")),
        }
    }
}

/// An attached file as listed with its input (without its bytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct AttachmentMeta {
    /// Database key, used to download it.
    pub id: i64,
    /// The file's name as uploaded.
    pub file_name: String,
    /// `pdf`, `docx` or `text`, as detected from its content.
    pub kind: String,
    /// Size in bytes.
    pub size: i64,
    /// The text extracted from it.
    pub text: String,
}

/// An attachment to store: the file and its extracted text.
#[derive(Debug, Clone)]
pub struct Attachment {
    /// The file's name as uploaded.
    pub file_name: String,
    /// `pdf`, `docx` or `text`.
    pub kind: String,
    /// The file as uploaded.
    pub bytes: Vec<u8>,
    /// Its extracted text.
    pub text: String,
}

/// An input as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Submission {
    /// Database key, used in URLs (`/submissions/{id}`).
    pub id: i64,
    /// The call it answers.
    pub call_id: i64,
    /// Its author's account.
    #[serde(skip)]
    pub user_id: i64,
    /// The organization it speaks for, as it was when submitted.
    pub organization: Organization,
    /// One answer per question of the call, in order.
    pub answers: Vec<String>,
    /// Attached files with their extracted text.
    pub attachments: Vec<AttachmentMeta>,
    /// Draft, submitted, published or rejected.
    pub status: SubmissionStatus,
    /// Why a moderator rejected it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Framework codes: suggested by the mapping engine, confirmed or
    /// rejected by moderators, kept side by side.
    pub codes: Vec<CodeAssignment>,
    /// Changes with every write; a moderator's update names the version it
    /// was made on, so that a stale one is refused.
    pub version: i64,
    /// When the author created it.
    pub created_at: String,
    /// When the author submitted it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub submitted_at: Option<String>,
    /// Last change.
    pub updated_at: String,
}

impl Submission {
    /// Everything the input says: answers, then the attachments' text. This
    /// is what is mapped and searched.
    pub fn full_text(&self) -> String {
        full_text(
            &self.answers,
            self.attachments.iter().map(|a| a.text.as_str()),
        )
    }

    /// The action lines the input concerns: its codes of that kind that no
    /// moderator rejected.
    pub fn action_lines(&self) -> Vec<&str> {
        live_codes(&self.codes, CodeKind::ActionLine)
    }

    /// The SDGs it concerns, likewise.
    pub fn sdgs(&self) -> Vec<&str> {
        live_codes(&self.codes, CodeKind::Sdg)
    }
}

/// Codes of one kind that stand: suggested, declared or confirmed, and not
/// rejected by a moderator.
pub fn live_codes(codes: &[CodeAssignment], kind: CodeKind) -> Vec<&str> {
    let rejected = |code: &str| {
        codes
            .iter()
            .any(|c| c.code == code && c.origin == Origin::Rejected)
    };
    let mut out: Vec<&str> = codes
        .iter()
        .filter(|c| c.origin != Origin::Rejected)
        .filter(|c| wsis_framework::classify_code(&c.code) == Some(kind))
        .filter(|c| !rejected(&c.code))
        .map(|c| c.code.as_str())
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// Joins answers and attachment texts into one text, blank lines between.
pub fn full_text<'a>(answers: &'a [String], attachments: impl Iterator<Item = &'a str>) -> String {
    let mut parts: Vec<&str> = answers.iter().map(|a| a.trim()).collect();
    parts.extend(attachments.map(str::trim));
    parts.retain(|p| !p.is_empty());
    parts.join("\n\n")
}

/// Longest answer, in characters, whatever the word limit.
pub const MAX_ANSWER_CHARS: usize = 50_000;

/// Counts words as runs of non-space characters, as people count them.
pub fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// Checks answers against a call: one per question, within each word limit.
/// A submission (not a draft) must say something: an answer or a file.
pub fn check_answers(call: &Call, answers: &[String], has_files: bool, submit: bool) -> Result<()> {
    if answers.len() != call.questions.len() {
        return Err(Error::invalid(
            "answers",
            format!(
                "the call has {} questions; {} answers were given",
                call.questions.len(),
                answers.len()
            ),
        ));
    }
    for (i, (q, a)) in call.questions.iter().zip(answers).enumerate() {
        let field = format!("answers[{i}]");
        if a.chars().count() > MAX_ANSWER_CHARS {
            return Err(Error::invalid(
                field,
                format!("at most {MAX_ANSWER_CHARS} characters"),
            ));
        }
        if let Some(limit) = q.word_limit {
            let n = word_count(a);
            if n > limit as usize {
                return Err(Error::invalid(
                    field,
                    format!("this answer has {n} words; the limit is {limit}"),
                ));
            }
        }
    }
    if submit && !has_files && answers.iter().all(|a| a.trim().is_empty()) {
        return Err(Error::invalid(
            "answers",
            "answer at least one question or attach a file",
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::call::{CallStatus, Question};

    fn call() -> Call {
        Call {
            id: 1,
            title: "t".into(),
            description: String::new(),
            questions: vec![
                Question {
                    text: "a".into(),
                    word_limit: Some(3),
                },
                Question {
                    text: "b".into(),
                    word_limit: None,
                },
            ],
            deadline: "2030-01-01T00:00:00Z".into(),
            languages: vec!["en".into()],
            status: CallStatus::Open,
            created_at: "2026-01-01T00:00:00Z".into(),
        }
    }

    #[test]
    fn word_limits_and_answer_counts_are_enforced() {
        let ok = vec!["one two three".to_string(), String::new()];
        assert!(check_answers(&call(), &ok, false, true).is_ok());
        let long = vec!["one two three four".to_string(), String::new()];
        let e = check_answers(&call(), &long, false, true).expect_err("too long");
        assert!(
            e.to_string().contains("answers[0]") && e.to_string().contains("4 words"),
            "{e}"
        );
        assert!(check_answers(&call(), &ok[..1], false, true).is_err());
        let empty = vec![String::new(), " ".to_string()];
        assert!(check_answers(&call(), &empty, false, true).is_err());
        assert!(check_answers(&call(), &empty, true, true).is_ok());
        assert!(check_answers(&call(), &empty, false, false).is_ok());
    }

    #[test]
    fn rejected_codes_do_not_count() {
        let code = |c: &str, o: Origin| CodeAssignment {
            code: c.into(),
            origin: o,
            score: None,
            evidence: vec![],
            engine_version: None,
        };
        let codes = vec![
            code("C5", Origin::Suggested),
            code("C5", Origin::Rejected),
            code("C7.e-health", Origin::Suggested),
            code("C7.e-health", Origin::Confirmed),
            code("SDG3", Origin::Suggested),
        ];
        assert_eq!(
            live_codes(&codes, CodeKind::ActionLine),
            vec!["C7.e-health"]
        );
        assert_eq!(live_codes(&codes, CodeKind::Sdg), vec!["SDG3"]);
    }
}
