//! The facet values an initiative is filed under.

use std::collections::BTreeSet;

use wsis_framework::{CodeKind, Framework, classify_code};
use wsis_register::{Initiative, Origin};

/// The facets of the register, in the order pages show them; the same names
/// as the API's query parameters.
pub const FACETS: [&str; 9] = [
    "action_line",
    "sdg",
    "gdc",
    "group",
    "region",
    "country",
    "kind",
    "year",
    "status",
];

/// The (facet, value) pairs an initiative is found under.
///
/// Codes count when declared or confirmed, or suggested and not rejected by a
/// reviewer. A C7 sub-line also files the initiative under C7, so that a
/// filter on C7 finds e-health work. Regions are the UN M49 regions of the
/// initiative's countries.
pub fn derive_facets(i: &Initiative, fw: &Framework) -> BTreeSet<(&'static str, String)> {
    let mut out = BTreeSet::new();
    out.insert((
        "group",
        i.organization.stakeholder_group.as_str().to_string(),
    ));
    out.insert(("kind", i.kind.as_str().to_string()));
    out.insert(("status", i.status.as_str().to_string()));
    if let Some(y) = i.start_year() {
        out.insert(("year", y.to_string()));
    }
    for c in &i.countries {
        out.insert(("country", c.clone()));
        if let Some(country) = fw.country(c).filter(|c| !c.region.is_empty()) {
            out.insert(("region", country.region.clone()));
        }
    }
    let rejected = |code: &str| {
        i.codes
            .iter()
            .any(|c| c.code == code && c.origin == Origin::Rejected)
    };
    for c in &i.codes {
        let active = match c.origin {
            Origin::Declared | Origin::Confirmed => true,
            Origin::Suggested => !rejected(&c.code),
            Origin::Rejected => false,
        };
        let Some(kind) = classify_code(&c.code).filter(|_| active) else {
            continue;
        };
        out.insert((kind.facet(), c.code.clone()));
        if kind == CodeKind::ActionLine
            && let Some((parent, _)) = c.code.split_once('.')
        {
            out.insert((kind.facet(), parent.to_string()));
        }
    }
    out
}
