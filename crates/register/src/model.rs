//! The register's records as they are imported, stored and exported.

use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::xxh3_64;

use crate::vocab::{Kind, Origin, StakeholderGroup, Status};

/// An organization behind initiatives. Its name identifies it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Organization {
    /// The organization's name, as it writes it.
    pub name: String,
    /// Its stakeholder group.
    pub stakeholder_group: StakeholderGroup,
    /// ISO 3166-1 alpha-3 code of its seat, if it has one (international
    /// organizations often do not).
    pub country: Option<String>,
}

/// A framework code on a record, with who put it there and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct CodeAssignment {
    /// `C3`, `C7.e-health`, `SDG5`, `GDC2`…
    pub code: String,
    /// Declared, suggested, confirmed or rejected.
    pub origin: Origin,
    /// The engine's score in \[0, 1\] for a suggestion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<f32>,
    /// The terms or clauses of the text that drove a suggestion.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// The mapping engine and model that made a suggestion.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub engine_version: Option<String>,
}

/// The codes a reviewer confirmed and did not later reject, each once, in
/// order: what a person vouches for, and so what may train the mapping model.
pub fn confirmed_codes(codes: &[CodeAssignment]) -> Vec<String> {
    let rejected = |code: &str| {
        codes
            .iter()
            .any(|c| c.code == code && c.origin == Origin::Rejected)
    };
    let mut out: Vec<String> = codes
        .iter()
        .filter(|c| c.origin == Origin::Confirmed && !rejected(&c.code))
        .map(|c| c.code.clone())
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A stocktaking initiative: a project, programme, training, platform,
/// policy, event or publication that implements the WSIS framework.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Initiative {
    /// Stable identifier, used in URLs (`/initiatives/{id}`).
    pub id: String,
    /// Title.
    pub title: String,
    /// What the initiative does.
    pub description: String,
    /// Who runs it.
    pub organization: Organization,
    /// What kind of initiative it is.
    pub kind: Kind,
    /// ISO 3166-1 alpha-3 codes of the countries where it takes place.
    pub countries: Vec<String>,
    /// Start: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
    pub start_date: Option<String>,
    /// End, in the same forms.
    pub end_date: Option<String>,
    /// Planned, ongoing or completed.
    pub status: Status,
    /// Web pages about it.
    pub links: Vec<String>,
    /// Framework codes of every origin.
    pub codes: Vec<CodeAssignment>,
    /// Where the text comes from, for texts quoted from public sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attribution: Option<String>,
    /// True for illustrative records that describe no real initiative.
    #[serde(default)]
    pub sample: bool,
}

impl Initiative {
    /// The year the initiative started, if its start date is known.
    pub fn start_year(&self) -> Option<i32> {
        self.start_date
            .as_deref()
            .and_then(|d| d.get(..4))
            .and_then(|y| y.parse().ok())
    }

    /// Puts codes in a canonical order (by origin, then code), so that
    /// exports are byte-for-byte reproducible.
    pub fn sort_codes(&mut self) {
        self.codes
            .sort_by(|a, b| (a.origin, &a.code).cmp(&(b.origin, &b.code)));
    }
}

/// The stable identifier of an organization, derived from its name so that
/// the same organization gets the same id in every database.
pub fn organization_id(name: &str) -> String {
    let key = name.trim().to_lowercase();
    format!("org-{:012x}", xxh3_64(key.as_bytes()) >> 16)
}

/// An identifier for an imported initiative that came without one: derived
/// from its title and organization, so re-importing the same file is caught
/// as a duplicate instead of silently doubling the register.
pub(crate) fn derived_initiative_id(title: &str, organization: &str) -> String {
    let key = format!(
        "{}\u{1f}{}",
        title.trim().to_lowercase(),
        organization.trim().to_lowercase()
    );
    format!("ini-{:012x}", xxh3_64(key.as_bytes()) >> 16)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn code(code: &str, origin: Origin) -> CodeAssignment {
        CodeAssignment {
            code: code.into(),
            origin,
            score: None,
            evidence: Vec::new(),
            engine_version: None,
        }
    }

    #[test]
    fn only_confirmations_that_stand_count() {
        let codes = [
            code("SDG3", Origin::Suggested),
            code("SDG3", Origin::Confirmed),
            code("C4", Origin::Declared),
            code("C7.e-health", Origin::Confirmed),
            code("SDG5", Origin::Confirmed),
            code("SDG5", Origin::Rejected),
        ];
        assert_eq!(confirmed_codes(&codes), ["C7.e-health", "SDG3"]);
    }
}
