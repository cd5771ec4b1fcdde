//! Search filters as callers send them: blank values dropped, and every
//! value checked against the framework and the register's vocabularies.
//!
//! The list page, the register's API and the search of a call's inputs all
//! read the same facets. A value the register does not know ("SDG99", a
//! misspelt stakeholder group) is refused with its parameter named, on the
//! API as on the pages: answering it with an empty list would tell a caller
//! that nothing matched when nothing could.

use std::str::FromStr;

use wsis_framework::{CodeKind, Framework};
use wsis_register::{Kind, StakeholderGroup, Status};
use wsis_store::{FACETS, Filter};

/// Turns blank facet values and a blank search text into none: a search
/// form sends `q=` for an empty box, and clients often send `sdg=` for no
/// SDG.
pub fn drop_blanks(f: &mut Filter) {
    let blank = |v: &mut Option<String>| {
        if v.as_deref().is_some_and(|s| s.trim().is_empty()) {
            *v = None;
        }
    };
    blank(&mut f.q);
    for name in FACETS {
        blank(slot(f, name));
    }
}

/// True when `v` is a value facet `name` can take: a code of the right
/// framework, a stakeholder group, kind or status of the register, a
/// country's ISO 3166-1 alpha-3 code, an M49 region, or a four-digit year.
pub fn known(fw: &Framework, name: &str, v: &str) -> bool {
    match name {
        "action_line" => fw.kind(v) == Some(CodeKind::ActionLine),
        "sdg" => fw.kind(v) == Some(CodeKind::Sdg),
        "gdc" => fw.kind(v) == Some(CodeKind::Gdc),
        "group" => StakeholderGroup::from_str(v).is_ok(),
        "kind" => Kind::from_str(v).is_ok(),
        "status" => Status::from_str(v).is_ok(),
        "country" => fw.country(v).is_some(),
        "region" => fw.countries.iter().any(|c| c.region == v),
        "year" => v.len() == 4 && v.bytes().all(|b| b.is_ascii_digit()),
        _ => false,
    }
}

/// Checks the search text's length and every facet value; the error names
/// the parameter and the bad value (`"…"` for a search text too long).
pub fn check<'a>(f: &'a Filter, fw: &Framework) -> Result<(), (&'static str, &'a str)> {
    if !wsis_store::query_fits(f.q.as_deref()) {
        return Err(("q", "…"));
    }
    for name in FACETS {
        if let Some(v) = value(f, name)
            && !known(fw, name, v)
        {
            return Err((name, v));
        }
    }
    Ok(())
}

/// The value of a facet in a filter.
pub fn value<'a>(f: &'a Filter, name: &str) -> Option<&'a String> {
    let v = match name {
        "action_line" => &f.action_line,
        "sdg" => &f.sdg,
        "gdc" => &f.gdc,
        "group" => &f.group,
        "region" => &f.region,
        "country" => &f.country,
        "kind" => &f.kind,
        "year" => &f.year,
        _ => &f.status,
    };
    v.as_ref()
}

/// The place of a facet's value in a filter.
pub fn slot<'a>(f: &'a mut Filter, name: &str) -> &'a mut Option<String> {
    match name {
        "action_line" => &mut f.action_line,
        "sdg" => &mut f.sdg,
        "gdc" => &mut f.gdc,
        "group" => &mut f.group,
        "region" => &mut f.region,
        "country" => &mut f.country,
        "kind" => &mut f.kind,
        "year" => &mut f.year,
        _ => &mut f.status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_values_are_dropped_and_bad_ones_named() {
        let fw = Framework::embedded();
        let mut f = Filter {
            q: Some(" ".into()),
            kind: Some(String::new()),
            sdg: Some("SDG5".into()),
            ..Filter::default()
        };
        drop_blanks(&mut f);
        assert_eq!((f.q, f.kind, f.sdg.as_deref()), (None, None, Some("SDG5")));
        let ok = Filter {
            action_line: Some("C7.e-health".into()),
            country: Some("KEN".into()),
            region: Some("Africa".into()),
            year: Some("2024".into()),
            ..Filter::default()
        };
        assert_eq!(check(&ok, fw), Ok(()));
        let bad = Filter {
            sdg: Some("C3".into()),
            ..Filter::default()
        };
        assert!(check(&bad, fw).is_err_and(|e| e == ("sdg", "C3")));
        let bad = Filter {
            group: Some("<b>".into()),
            ..Filter::default()
        };
        assert!(check(&bad, fw).is_err());
        let long = Filter {
            q: Some("ab ".repeat(501)),
            ..Filter::default()
        };
        assert_eq!(check(&long, fw), Err(("q", "…")));
    }

    /// Every facet the store filters on has a rule here: a facet added to
    /// the store without one would refuse every value.
    #[test]
    fn every_facet_knows_some_value() {
        let fw = Framework::embedded();
        let sample = |name: &str| match name {
            "action_line" => "C1",
            "sdg" => "SDG1",
            "gdc" => "GDC1",
            "group" => "academia",
            "kind" => "project",
            "status" => "ongoing",
            "country" => "KEN",
            "region" => "Africa",
            "year" => "2024",
            _ => "",
        };
        for name in FACETS {
            assert!(known(fw, name, sample(name)), "{name}");
        }
    }
}
