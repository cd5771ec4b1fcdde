//! Who may do what: one function per decision, so that the web pages, the
//! API and the tests ask the same question the same way.

use crate::account::{Role, User};
use crate::call::Call;
use crate::submission::{Submission, SubmissionStatus};

/// Whoever makes a request: a signed-in account, or the anonymous public.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a>(pub Option<&'a User>);

/// The answer to "may this actor do this?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Decision {
    /// Go ahead.
    Allow,
    /// Only someone signed in could; the public is asked to sign in (401).
    SignIn,
    /// This account's role may not (403).
    Deny,
}

impl Decision {
    fn of(actor: Actor<'_>, allowed: impl FnOnce(&User) -> bool) -> Decision {
        match actor.0 {
            None => Decision::SignIn,
            Some(u) if allowed(u) => Decision::Allow,
            Some(_) => Decision::Deny,
        }
    }
}

/// Whether a facilitator's action line covers a code: a line covers itself,
/// and `C7` covers its sub-lines.
pub fn line_covers(line: &str, code: &str) -> bool {
    code == line
        || code
            .strip_prefix(line)
            .is_some_and(|rest| rest.starts_with('.'))
}

impl Actor<'_> {
    /// The account's role, if signed in.
    pub fn role(&self) -> Option<Role> {
        self.0.map(|u| u.role)
    }

    /// Creating and editing calls, reading drafts and the audit log.
    pub fn administer(&self) -> Decision {
        Decision::of(*self, |u| u.role == Role::Admin)
    }

    /// Seeing a call: public unless it is a draft.
    pub fn see_call(&self, call: &Call) -> Decision {
        if call.is_public() {
            Decision::Allow
        } else {
            self.administer()
        }
    }

    /// Answering calls: stakeholders, who speak for an organization.
    pub fn answer(&self) -> Decision {
        Decision::of(*self, |u| {
            u.role == Role::Stakeholder && u.organization.is_some()
        })
    }

    /// Whether this account moderates inputs of a call at all.
    pub fn moderate_any(&self) -> Decision {
        Decision::of(*self, |u| matches!(u.role, Role::Admin | Role::Facilitator))
    }

    /// Moderating one input: administrators always; facilitators when the
    /// input concerns one of their action lines. Drafts are their author's.
    pub fn moderate(&self, s: &Submission) -> Decision {
        Decision::of(*self, |u| {
            s.status != SubmissionStatus::Draft
                && match u.role {
                    Role::Admin => true,
                    Role::Facilitator => concerns(u, s),
                    Role::Stakeholder => false,
                }
        })
    }

    /// Confirming or rejecting a code of an initiative in the register:
    /// administrators any code, facilitators the action lines they moderate.
    pub fn review_code(&self, code: &str) -> Decision {
        Decision::of(*self, |u| match u.role {
            Role::Admin => true,
            Role::Facilitator => u.action_lines.iter().any(|l| line_covers(l, code)),
            Role::Stakeholder => false,
        })
    }

    /// Reading one input: anyone once published; otherwise its author and
    /// its moderators.
    pub fn see_submission(&self, s: &Submission) -> Decision {
        if s.status == SubmissionStatus::Published {
            return Decision::Allow;
        }
        match self.moderate(s) {
            Decision::Allow => Decision::Allow,
            _ => Decision::of(*self, |u| u.id == s.user_id),
        }
    }

    /// Editing one input: its author, while it is a draft.
    pub fn edit_submission(&self, s: &Submission) -> Decision {
        Decision::of(*self, |u| {
            u.id == s.user_id && s.status == SubmissionStatus::Draft
        })
    }
}

/// Whether an input concerns one of a facilitator's action lines.
pub fn concerns(user: &User, s: &Submission) -> bool {
    s.action_lines()
        .iter()
        .any(|code| user.action_lines.iter().any(|l| line_covers(l, code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_cover_their_sub_lines_only() {
        assert!(line_covers("C7", "C7.e-health"));
        assert!(line_covers("C7", "C7"));
        assert!(line_covers("C7.e-health", "C7.e-health"));
        assert!(!line_covers("C7.e-health", "C7"));
        assert!(!line_covers("C1", "C10"));
    }
}
