//! The rules every initiative must follow before the store accepts it.

use std::collections::HashSet;

use wsis_framework::Framework;

use crate::error::{Error, Result};
use crate::model::Initiative;
use crate::vocab::Origin;

/// Longest accepted title, in characters.
pub const MAX_TITLE: usize = 500;
/// Longest accepted description, in characters.
pub const MAX_DESCRIPTION: usize = 20_000;
/// Most countries on one initiative (every country of the world fits).
pub const MAX_COUNTRIES: usize = 260;
/// Most links on one initiative.
pub const MAX_LINKS: usize = 20;

/// Checks one initiative against the framework; `location` names it in the error.
pub fn validate(i: &Initiative, fw: &Framework, location: &str) -> Result<()> {
    let err = |field: &str, msg: String| Err(Error::at(location, field, msg));
    if !valid_id(&i.id) {
        return err("id", "must be 1–64 letters, digits, `.`, `_` or `-`".into());
    }
    check_text(&i.title, "title", MAX_TITLE, location)?;
    check_text(&i.description, "description", MAX_DESCRIPTION, location)?;
    check_text(&i.organization.name, "organization", MAX_TITLE, location)?;
    if let Some(c) = &i.organization.country
        && fw.country(c).is_none()
    {
        return err(
            "organization_country",
            format!("`{c}` is not an ISO 3166-1 alpha-3 code"),
        );
    }
    if i.countries.len() > MAX_COUNTRIES {
        return err("countries", format!("at most {MAX_COUNTRIES} countries"));
    }
    let mut seen = HashSet::new();
    for c in &i.countries {
        if fw.country(c).is_none() {
            return err(
                "countries",
                format!("`{c}` is not an ISO 3166-1 alpha-3 code"),
            );
        }
        if !seen.insert(c) {
            return err("countries", format!("`{c}` is listed twice"));
        }
    }
    for (field, d) in [("start_date", &i.start_date), ("end_date", &i.end_date)] {
        if let Some(d) = d
            && !valid_date(d)
        {
            return err(
                field,
                format!("`{d}` is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD"),
            );
        }
    }
    if let (Some(s), Some(e)) = (&i.start_date, &i.end_date)
        && e < s
    {
        return err("end_date", format!("ends ({e}) before it starts ({s})"));
    }
    if i.links.len() > MAX_LINKS {
        return err("links", format!("at most {MAX_LINKS} links"));
    }
    for l in &i.links {
        let web = l.starts_with("https://") || l.starts_with("http://");
        if !web || l.len() > 2000 || l.chars().any(char::is_whitespace) {
            return err("links", format!("`{l}` is not an http(s) address"));
        }
    }
    check_codes(i, fw, location)
}

fn check_codes(i: &Initiative, fw: &Framework, location: &str) -> Result<()> {
    let mut seen = HashSet::new();
    for c in &i.codes {
        if !fw.has_code(&c.code) {
            let msg = format!(
                "`{}` is not a framework code (C1…C11, C7.e-…, SDG1…SDG17, GDC1…GDC5)",
                c.code
            );
            return Err(Error::at(location, "codes", msg));
        }
        if !seen.insert((&c.code, c.origin)) {
            let msg = format!("`{}` is given twice as {}", c.code, c.origin);
            return Err(Error::at(location, "codes", msg));
        }
        if let Some(s) = c.score
            && !(0.0..=1.0).contains(&s)
        {
            let msg = format!("score {s} of `{}` is outside 0…1", c.code);
            return Err(Error::at(location, "codes", msg));
        }
        if c.origin == Origin::Suggested && c.score.is_none() {
            let msg = format!("suggested code `{}` needs a score", c.code);
            return Err(Error::at(location, "codes", msg));
        }
    }
    Ok(())
}

/// Checks a whole file's worth of initiatives, including that no id repeats.
/// `locate` turns an index into the file into `line 12` or `element 3`.
pub fn validate_all(
    items: &[Initiative],
    fw: &Framework,
    locate: impl Fn(usize) -> String,
) -> Result<()> {
    let mut ids = HashSet::new();
    for (n, i) in items.iter().enumerate() {
        validate(i, fw, &locate(n))?;
        if !ids.insert(i.id.as_str()) {
            return Err(Error::at(
                locate(n),
                "id",
                format!("`{}` appears twice in the file", i.id),
            ));
        }
    }
    Ok(())
}

fn check_text(s: &str, field: &str, max: usize, location: &str) -> Result<()> {
    if s.trim().is_empty() {
        return Err(Error::at(location, field, "must not be empty"));
    }
    if s.chars().count() > max {
        return Err(Error::at(
            location,
            field,
            format!("longer than {max} characters"),
        ));
    }
    Ok(())
}

fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 64
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn valid_date(d: &str) -> bool {
    let parts: Vec<&str> = d.split('-').collect();
    let num = |s: &str, len: usize, lo: u32, hi: u32| {
        s.len() == len && s.parse::<u32>().is_ok_and(|n| (lo..=hi).contains(&n))
    };
    match parts.as_slice() {
        [y] => num(y, 4, 1900, 2100),
        [y, m] => num(y, 4, 1900, 2100) && num(m, 2, 1, 12),
        [y, m, dd] => num(y, 4, 1900, 2100) && num(m, 2, 1, 12) && num(dd, 2, 1, 31),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_take_three_precisions_and_nothing_else() {
        for ok in ["2021", "2021-03", "2021-03-09"] {
            assert!(valid_date(ok), "{ok}");
        }
        for bad in [
            "21",
            "2021-13",
            "2021-3-1",
            "2021/03/01",
            "yesterday",
            "2021-02-32",
        ] {
            assert!(!valid_date(bad), "{bad}");
        }
    }

    #[test]
    fn ids_are_url_safe() {
        assert!(valid_id("demo-0001") && valid_id("ini-1a2b.x_y"));
        assert!(
            !valid_id("") && !valid_id("a b") && !valid_id("a/b") && !valid_id(&"x".repeat(65))
        );
    }
}
