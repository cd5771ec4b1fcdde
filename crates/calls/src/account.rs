//! People who sign in, and what their role lets them do.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use wsis_framework::{CodeKind, Framework};
use wsis_register::Organization;

use crate::error::{Error, Result};

/// What a signed-in person is to the consultation. The anonymous public has
/// no account and no role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The secretariat: opens calls, moderates everything, reads the audit log.
    Admin,
    /// Facilitator of one or more action lines: moderates the inputs that
    /// concern them.
    Facilitator,
    /// A member of an organization that answers calls.
    Stakeholder,
}

impl Role {
    /// The role's name in forms, the CLI and the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Facilitator => "facilitator",
            Role::Stakeholder => "stakeholder",
        }
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Role {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Role, String> {
        match s {
            "admin" => Ok(Role::Admin),
            "facilitator" => Ok(Role::Facilitator),
            "stakeholder" => Ok(Role::Stakeholder),
            other => Err(format!(
                "`{other}` is not a role: use admin, facilitator or stakeholder"
            )),
        }
    }
}

/// An account as the platform knows it (never with its password hash).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct User {
    /// Database key.
    pub id: i64,
    /// Sign-in e-mail, lower-cased.
    pub email: String,
    /// The person's name, as shown to moderators.
    pub name: String,
    /// Their role.
    pub role: Role,
    /// The action lines a facilitator moderates (empty for other roles).
    pub action_lines: Vec<String>,
    /// The organization a stakeholder speaks for.
    pub organization: Option<Organization>,
}

/// An account to create, already validated.
#[derive(Debug, Clone)]
pub struct NewUser {
    /// Sign-in e-mail, lower-cased.
    pub email: String,
    /// The person's name.
    pub name: String,
    /// Argon2id PHC string of the password.
    pub password_hash: String,
    /// Role.
    pub role: Role,
    /// Action lines of a facilitator.
    pub action_lines: Vec<String>,
    /// Organization of a stakeholder.
    pub organization: Option<Organization>,
}

/// Shortest password accepted. Length matters more than character classes
/// (NIST SP 800-63B), so there are no composition rules.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Longest password accepted, so hashing stays cheap to refuse.
pub const MAX_PASSWORD_CHARS: usize = 256;

/// Checks and normalises an e-mail address: trimmed, lower-cased, one `@`
/// with text on both sides and a dot in the domain.
pub fn normalize_email(email: &str) -> Result<String> {
    let e = email.trim().to_lowercase();
    let ok = e.len() <= 254
        && !e.contains(char::is_whitespace)
        && e.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains('@')
        });
    if ok {
        Ok(e)
    } else {
        Err(Error::invalid(
            "email",
            "enter an e-mail address like name@example.org",
        ))
    }
}

/// Checks a new password's length.
pub fn check_password(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(Error::invalid(
            "password",
            format!("use at least {MIN_PASSWORD_CHARS} characters"),
        ))
    } else if n > MAX_PASSWORD_CHARS {
        Err(Error::invalid(
            "password",
            format!("use at most {MAX_PASSWORD_CHARS} characters"),
        ))
    } else {
        Ok(())
    }
}

/// Checks a facilitator's action lines against the framework; other roles
/// must have none.
pub fn check_action_lines(role: Role, lines: &[String], fw: &Framework) -> Result<()> {
    match role {
        Role::Facilitator if lines.is_empty() => Err(Error::invalid(
            "action_lines",
            "a facilitator moderates at least one action line",
        )),
        Role::Facilitator => {
            for l in lines {
                if !fw.has_code(l) || wsis_framework::classify_code(l) != Some(CodeKind::ActionLine)
                {
                    return Err(Error::invalid(
                        "action_lines",
                        format!("`{l}` is not an action line (C1…C11, C7.e-health…)"),
                    ));
                }
            }
            Ok(())
        }
        _ if !lines.is_empty() => Err(Error::invalid(
            "action_lines",
            "only facilitators are bound to action lines",
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised_or_refused() {
        assert_eq!(
            normalize_email(" Ana@Example.ORG ").ok().as_deref(),
            Some("ana@example.org")
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@example.org",
            "ana@example",
            "a b@example.org",
            "a@b@c.org",
        ] {
            assert!(normalize_email(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn facilitators_need_real_action_lines() {
        let fw = Framework::embedded();
        let lines = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert!(check_action_lines(Role::Facilitator, &lines(&["C5", "C7.e-health"]), fw).is_ok());
        assert!(check_action_lines(Role::Facilitator, &lines(&["SDG5"]), fw).is_err());
        assert!(check_action_lines(Role::Facilitator, &[], fw).is_err());
        assert!(check_action_lines(Role::Admin, &lines(&["C5"]), fw).is_err());
        assert!(check_action_lines(Role::Stakeholder, &[], fw).is_ok());
    }
}
