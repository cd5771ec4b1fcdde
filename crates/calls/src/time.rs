//! Instants as Unix seconds and as RFC 3339 text in UTC.
//!
//! Deadlines and audit times are stored as both: seconds to compare, text to
//! show. Only UTC and fixed offsets are read; the civil-date arithmetic is
//! the proleptic Gregorian calendar, which is all RFC 3339 needs.

use std::time::{SystemTime, UNIX_EPOCH};

/// Seconds since 1970-01-01T00:00:00Z, now.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

/// Days since the epoch of a civil date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date of a day since the epoch.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Formats Unix seconds as `YYYY-MM-DDTHH:MM:SSZ`.
pub fn format(secs: i64) -> String {
    let (y, m, d) = civil_from_days(secs.div_euclid(86_400));
    let s = secs.rem_euclid(86_400);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        s / 3600,
        s % 3600 / 60,
        s % 60
    )
}

/// Reads `YYYY-MM-DDTHH:MM[:SS][.frac](Z|±HH:MM)`, a date-time without an
/// offset (as an HTML `datetime-local` field sends it, read as UTC), or a
/// bare date (the end of that day, UTC, which is what a deadline given as a
/// date means).
pub fn parse(text: &str) -> Option<i64> {
    let t = text.trim();
    let num = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (date, rest) = match t.find(['T', 't', ' ']) {
        Some(i) => (&t[..i], Some(&t[i + 1..])),
        None => (t, None),
    };
    let mut parts = date.splitn(3, '-');
    let y = num(parts.next()?).filter(|y| (1970..=9999).contains(y))?;
    let m = num(parts.next()?).filter(|m| (1..=12).contains(m))?;
    let d = num(parts.next()?).filter(|d| (1..=31).contains(d))?;
    let days = days_from_civil(y, m, d);
    if civil_from_days(days) != (y, m, d) {
        return None;
    }
    let Some(rest) = rest else {
        return Some(days * 86_400 + 86_399);
    };
    let (clock, offset) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else if let Some(i) = rest.rfind(['+', '-']) {
        let (c, o) = rest.split_at(i);
        let sign = if o.starts_with('-') { -1 } else { 1 };
        let (oh, om) = o[1..].split_once(':')?;
        let (oh, om) = (num(oh)?, num(om)?);
        if oh > 23 || om > 59 {
            return None;
        }
        (c, sign * (oh * 3600 + om * 60))
    } else {
        (rest, 0)
    };
    let clock = clock.split('.').next()?;
    let mut hms = clock.split(':');
    let h = num(hms.next()?).filter(|h| *h < 24)?;
    let mi = num(hms.next()?).filter(|m| *m < 60)?;
    let s = match hms.next() {
        Some(s) => num(s).filter(|s| *s < 61)?,
        None => 0,
    };
    if hms.next().is_some() {
        return None;
    }
    Some(days * 86_400 + h * 3600 + mi * 60 + s - offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_known_instants() {
        assert_eq!(parse("1970-01-01T00:00:00Z"), Some(0));
        assert_eq!(parse("2000-03-01T00:00:00Z"), Some(951_868_800));
        assert_eq!(format(951_868_800), "2000-03-01T00:00:00Z");
        assert_eq!(format(1_798_761_599), "2026-12-31T23:59:59Z");
        assert_eq!(parse("2026-12-31T23:59:59Z"), Some(1_798_761_599));
    }

    #[test]
    fn reads_offsets_local_times_and_dates() {
        assert_eq!(parse("2026-12-31T23:59"), parse("2026-12-31T23:59:00Z"));
        assert_eq!(
            parse("2027-01-01T01:59:59+02:00"),
            parse("2026-12-31T23:59:59Z")
        );
        assert_eq!(parse("2026-12-31"), parse("2026-12-31T23:59:59Z"));
        assert_eq!(
            parse("2026-06-01T10:00:00.250Z"),
            parse("2026-06-01T10:00:00Z")
        );
    }

    #[test]
    fn refuses_impossible_dates() {
        for bad in [
            "2026-02-30",
            "2026-13-01",
            "26-01-01",
            "2026-01-01T25:00Z",
            "soon",
            "",
        ] {
            assert_eq!(parse(bad), None, "{bad}");
        }
    }
}
