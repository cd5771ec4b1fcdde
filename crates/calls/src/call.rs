//! Calls for inputs: what the secretariat asks, and until when.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::time;

/// Where a call is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CallStatus {
    /// Being written; only administrators see it.
    Draft,
    /// Public and taking inputs until its deadline.
    Open,
    /// Public, taking no more inputs.
    Closed,
}

impl CallStatus {
    /// The status's name in forms, the API and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            CallStatus::Draft => "draft",
            CallStatus::Open => "open",
            CallStatus::Closed => "closed",
        }
    }
}

impl fmt::Display for CallStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for CallStatus {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<CallStatus, String> {
        match s {
            "draft" => Ok(CallStatus::Draft),
            "open" => Ok(CallStatus::Open),
            "closed" => Ok(CallStatus::Closed),
            other => Err(format!(
                "`{other}` is not a call status: use draft, open or closed"
            )),
        }
    }
}

/// One question of a call.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Question {
    /// The question as stakeholders read it.
    pub text: String,
    /// Most words an answer may have, if limited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub word_limit: Option<u32>,
}

/// A call as stored and shown.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Call {
    /// Database key, used in URLs (`/calls/{id}`).
    pub id: i64,
    /// Title.
    pub title: String,
    /// What the call is about and how inputs will be used.
    pub description: String,
    /// The questions, in order.
    pub questions: Vec<Question>,
    /// Deadline, RFC 3339 in UTC.
    pub deadline: String,
    /// Draft, open or closed.
    pub status: CallStatus,
    /// The languages inputs may be written in (ISO 639-1 codes of the UN
    /// languages).
    pub languages: Vec<String>,
    /// When it was created, RFC 3339 in UTC.
    pub created_at: String,
}

impl Call {
    /// Whether the public may see the call.
    pub fn is_public(&self) -> bool {
        self.status != CallStatus::Draft
    }

    /// Checks that the call takes inputs at `now` (Unix seconds), with the
    /// message a stakeholder reads when it does not.
    pub fn check_accepts(&self, now: i64) -> Result<()> {
        match self.status {
            CallStatus::Open => {}
            CallStatus::Draft => return Err(Error::Closed("this call is not open yet".into())),
            CallStatus::Closed => return Err(Error::Closed("this call is closed".into())),
        }
        match time::parse(&self.deadline) {
            Some(deadline) if now <= deadline => Ok(()),
            _ => Err(Error::Closed(format!(
                "the deadline of this call passed on {}; inputs are no longer accepted",
                self.deadline
            ))),
        }
    }
}

/// A call as an administrator writes it, before it has a key.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallDraft {
    /// Title.
    pub title: String,
    /// Description.
    #[serde(default)]
    pub description: String,
    /// The questions.
    pub questions: Vec<Question>,
    /// Deadline: RFC 3339, a date-time without offset (UTC), or a date (its end, UTC).
    pub deadline: String,
    /// Status; draft when not given.
    #[serde(default = "draft")]
    pub status: CallStatus,
    /// The languages inputs may be written in: codes of the six UN languages
    /// (`ar`, `zh`, `en`, `fr`, `ru`, `es`); English when not given.
    #[serde(default = "english")]
    pub languages: Vec<String>,
}

fn draft() -> CallStatus {
    CallStatus::Draft
}

fn english() -> Vec<String> {
    vec!["en".into()]
}

/// The six official languages of the United Nations, as ISO 639-1 codes, in
/// the order the UN lists them.
pub const UN_LANGUAGES: [&str; 6] = ["ar", "zh", "en", "fr", "ru", "es"];

/// Longest title.
pub const MAX_TITLE_CHARS: usize = 300;
/// Longest description.
pub const MAX_DESCRIPTION_CHARS: usize = 20_000;
/// Most questions in a call.
pub const MAX_QUESTIONS: usize = 30;
/// Longest question.
pub const MAX_QUESTION_CHARS: usize = 2_000;

impl CallDraft {
    /// Checks every field and returns the draft with trimmed texts and the
    /// deadline normalised to RFC 3339 UTC.
    pub fn validate(mut self) -> Result<CallDraft> {
        self.title = self.title.trim().to_string();
        self.description = self.description.trim().to_string();
        if self.title.is_empty() {
            return Err(Error::invalid("title", "a call needs a title"));
        }
        if self.title.chars().count() > MAX_TITLE_CHARS {
            return Err(Error::invalid(
                "title",
                format!("at most {MAX_TITLE_CHARS} characters"),
            ));
        }
        if self.description.chars().count() > MAX_DESCRIPTION_CHARS {
            return Err(Error::invalid(
                "description",
                format!("at most {MAX_DESCRIPTION_CHARS} characters"),
            ));
        }
        if self.questions.is_empty() {
            return Err(Error::invalid(
                "questions",
                "a call asks at least one question",
            ));
        }
        if self.questions.len() > MAX_QUESTIONS {
            return Err(Error::invalid(
                "questions",
                format!("at most {MAX_QUESTIONS} questions"),
            ));
        }
        for (i, q) in self.questions.iter_mut().enumerate() {
            q.text = q.text.trim().to_string();
            let field = format!("questions[{i}]");
            if q.text.is_empty() {
                return Err(Error::invalid(field, "a question cannot be empty"));
            }
            if q.text.chars().count() > MAX_QUESTION_CHARS {
                return Err(Error::invalid(
                    field,
                    format!("at most {MAX_QUESTION_CHARS} characters"),
                ));
            }
            if q.word_limit == Some(0) {
                return Err(Error::invalid(field, "a word limit must be at least 1"));
            }
        }
        let deadline = time::parse(&self.deadline).ok_or_else(|| {
            Error::invalid(
                "deadline",
                "give a date-time like 2026-12-31T23:59:59Z or a date",
            )
        })?;
        self.deadline = time::format(deadline);
        self.languages = check_languages(&self.languages)?;
        Ok(self)
    }
}

/// Languages in the UN's order, each once; at least one, each a UN language.
pub fn check_languages(given: &[String]) -> Result<Vec<String>> {
    if let Some(bad) = given
        .iter()
        .find(|l| !UN_LANGUAGES.contains(&l.trim().to_ascii_lowercase().as_str()))
    {
        return Err(Error::invalid(
            "languages",
            format!(
                "`{bad}` is not one of the UN languages: {}",
                UN_LANGUAGES.join(", ")
            ),
        ));
    }
    let out: Vec<String> = UN_LANGUAGES
        .iter()
        .filter(|l| given.iter().any(|g| g.trim().eq_ignore_ascii_case(l)))
        .map(|l| l.to_string())
        .collect();
    if out.is_empty() {
        return Err(Error::invalid("languages", "name at least one language"));
    }
    Ok(out)
}

/// A change to a call after it was created: its status and its deadline.
///
/// The title, description and questions stay as they were published, since
/// the inputs already given answer those questions in that order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CallChange {
    /// The new status: open a draft, close a call, reopen it.
    #[serde(default)]
    pub status: Option<CallStatus>,
    /// The new deadline (RFC 3339, or a date).
    #[serde(default)]
    pub deadline: Option<String>,
}

impl CallChange {
    /// The call with the change applied, its deadline normalised to RFC 3339
    /// UTC; a change that changes nothing is refused.
    pub fn apply(&self, call: &Call) -> Result<Call> {
        if self.status.is_none() && self.deadline.is_none() {
            return Err(Error::invalid("status", "give a new status or deadline"));
        }
        let mut out = call.clone();
        if let Some(status) = self.status {
            out.status = status;
        }
        if let Some(deadline) = &self.deadline {
            let at = time::parse(deadline).ok_or_else(|| {
                Error::invalid(
                    "deadline",
                    "give a date-time like 2026-12-31T23:59:59Z or a date",
                )
            })?;
            out.deadline = time::format(at);
        }
        Ok(out)
    }
}

/// Reads questions written one per line in a form, each optionally ending in
/// a word limit in square brackets: `What did you do? [300]`.
pub fn parse_question_lines(text: &str) -> Result<Vec<Question>> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let (text, limit) = match line.strip_suffix(']').and_then(|l| l.rsplit_once('[')) {
            Some((text, limit)) => {
                let n = limit.trim().trim_end_matches("words").trim();
                let n: u32 = n.parse().map_err(|_| {
                    Error::invalid(
                        "questions",
                        format!("line {}: `[{limit}]` is not a word limit like [300]", i + 1),
                    )
                })?;
                (text.trim(), Some(n))
            }
            None => (line, None),
        };
        out.push(Question {
            text: text.to_string(),
            word_limit: limit,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(deadline: &str) -> CallDraft {
        CallDraft {
            title: " Digital health ".into(),
            description: String::new(),
            questions: vec![Question {
                text: "What did you do?".into(),
                word_limit: Some(300),
            }],
            deadline: deadline.into(),
            status: CallStatus::Open,
            languages: vec!["FR".into(), "en".into(), "fr".into()],
        }
    }

    #[test]
    fn drafts_are_trimmed_and_deadlines_normalised() {
        let d = draft("2030-12-31").validate().expect("valid");
        assert_eq!(d.title, "Digital health");
        assert_eq!(d.deadline, "2030-12-31T23:59:59Z");
        assert_eq!(d.languages, ["en", "fr"], "UN order, each once");
        assert!(draft("next week").validate().is_err());
        let mut latin = draft("2030-12-31");
        latin.languages = vec!["la".into()];
        let e = latin.validate().expect_err("not a UN language");
        assert!(e.to_string().contains("`la`"), "{e}");
        let mut none = draft("2030-12-31");
        none.languages.clear();
        assert!(none.validate().is_err());
        let mut empty = draft("2030-12-31");
        empty.questions.clear();
        assert!(empty.validate().is_err());
    }

    #[test]
    fn a_call_accepts_inputs_until_its_deadline_only_when_open() {
        let d = draft("2030-01-01T00:00:00Z").validate().expect("valid");
        let mut call = Call {
            id: 1,
            title: d.title,
            description: d.description,
            questions: d.questions,
            deadline: d.deadline,
            status: CallStatus::Open,
            languages: d.languages,
            created_at: time::format(0),
        };
        let deadline = time::parse(&call.deadline).expect("deadline");
        assert!(call.check_accepts(deadline).is_ok());
        let late = call.check_accepts(deadline + 1).expect_err("late");
        assert!(late.to_string().contains("deadline"), "{late}");
        call.status = CallStatus::Closed;
        assert!(call.check_accepts(0).is_err());
    }

    #[test]
    fn question_lines_carry_word_limits() {
        let q = parse_question_lines("What did you do? [300]\n\n  What next?  \n").expect("ok");
        assert_eq!(q.len(), 2);
        assert_eq!(q[0].word_limit, Some(300));
        assert_eq!(q[0].text, "What did you do?");
        assert_eq!(q[1].word_limit, None);
        assert!(parse_question_lines("Why? [many]").is_err());
    }

    #[test]
    fn a_change_moves_status_and_deadline_and_nothing_else() {
        let d = draft("2030-01-01").validate().expect("valid");
        let call = Call {
            id: 7,
            title: d.title,
            description: d.description,
            questions: d.questions,
            deadline: d.deadline,
            status: CallStatus::Draft,
            languages: d.languages,
            created_at: time::format(0),
        };
        let open = CallChange {
            status: Some(CallStatus::Open),
            deadline: Some("2031-06-30".into()),
        };
        let changed = open.apply(&call).expect("valid change");
        assert_eq!(changed.status, CallStatus::Open);
        assert_eq!(changed.deadline, "2031-06-30T23:59:59Z");
        assert_eq!(
            (changed.title, changed.questions),
            (call.title.clone(), call.questions.clone())
        );
        let nothing = CallChange {
            status: None,
            deadline: None,
        };
        assert!(nothing.apply(&call).is_err());
        let bad = CallChange {
            status: None,
            deadline: Some("soon".into()),
        };
        let e = bad.apply(&call).expect_err("bad deadline");
        assert!(e.to_string().contains("deadline"), "{e}");
    }
}
