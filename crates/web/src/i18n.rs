//! The language of a page: which locale a request gets, and its strings.
//!
//! Every user-visible string of the pages comes from the Fluent files in
//! `locales/` (compiled into the binary). The locale is taken from `?lang=`,
//! then from `Accept-Language`, and falls back to English; only locales that
//! ship a `.ftl` file are ever chosen, so a page never mixes languages beyond
//! the fallback of a missing key.

use std::borrow::{Borrow, Cow};
use std::collections::HashMap;
use std::convert::Infallible;

use axum::extract::FromRequestParts;
use axum::http::header::ACCEPT_LANGUAGE;
use axum::http::request::Parts;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Bidi isolation marks around arguments would end up inside
        // attributes and test expectations; templates wrap user-supplied
        // names in `<bdi>` instead.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

/// Languages written right to left (ISO 639 codes).
const RTL: &[&str] = &[
    "ar", "arc", "ckb", "dv", "fa", "he", "ps", "sd", "ug", "ur", "yi",
];

/// Scripts written right to left (ISO 15924 codes).
const RTL_SCRIPTS: &[&str] = &["Arab", "Hebr", "Syrc", "Thaa", "Nkoo", "Adlm"];

/// The locale of one request, with lookups of its strings.
#[derive(Debug, Clone)]
pub struct Tr {
    lang: LanguageIdentifier,
}

impl Default for Tr {
    fn default() -> Tr {
        Tr {
            lang: LOCALES.fallback().clone(),
        }
    }
}

impl Tr {
    /// The shipped locale that best serves a `?lang=` value and an
    /// `Accept-Language` header, in that order; English otherwise.
    pub fn negotiate(query_lang: Option<&str>, accept: Option<&str>) -> Tr {
        let wanted = query_lang
            .into_iter()
            .map(|l| (l, 1000))
            .chain(accept_language(accept));
        let mut wanted: Vec<(&str, u32)> = wanted.collect();
        // Stable sort keeps header order among equal weights.
        wanted.sort_by_key(|w| std::cmp::Reverse(w.1));
        wanted
            .into_iter()
            .filter_map(|(tag, _)| tag.parse::<LanguageIdentifier>().ok())
            .find_map(shipped)
            .map_or_else(Tr::default, |lang| Tr { lang })
    }

    /// The string of a key.
    pub fn t(&self, key: &str) -> String {
        LOCALES.lookup(&self.lang, key)
    }

    /// The string of a key with one numeric argument (`$count`, `$page`…),
    /// so plural rules apply. Takes `i64` or `&i64`, as templates pass both.
    pub fn n(&self, key: &str, arg: &str, value: impl Borrow<i64>) -> String {
        let mut args = HashMap::new();
        args.insert(
            Cow::Owned(arg.to_string()),
            FluentValue::from(*value.borrow()),
        );
        LOCALES.lookup_with_args(&self.lang, key, &args)
    }

    /// The string of a key with one text argument.
    pub fn s(&self, key: &str, arg: &str, value: &str) -> String {
        self.with(key, &[(arg, value)])
    }

    /// The string of a key with text arguments.
    pub fn with(&self, key: &str, args: &[(&str, &str)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Owned(k.to_string()), FluentValue::from(v.to_string())))
            .collect();
        LOCALES.lookup_with_args(&self.lang, key, &args)
    }

    /// The BCP 47 tag for `<html lang>`.
    pub fn lang(&self) -> String {
        self.lang.to_string()
    }

    /// `rtl` for right-to-left scripts, else `ltr`, for `<html dir>`.
    pub fn dir(&self) -> &'static str {
        direction(&self.lang)
    }
}

/// `rtl` or `ltr` for a language: its script decides when the tag names
/// one (`az-Arab`, `sd-Deva`), else its language.
fn direction(lang: &LanguageIdentifier) -> &'static str {
    let rtl = match lang.script {
        Some(script) => RTL_SCRIPTS.contains(&script.as_str()),
        None => RTL.contains(&lang.language.as_str()),
    };
    if rtl { "rtl" } else { "ltr" }
}

/// The shipped locale for a requested one: exact match, else same language.
fn shipped(want: LanguageIdentifier) -> Option<LanguageIdentifier> {
    let exact = LOCALES.locales().find(|l| **l == want);
    exact
        .or_else(|| LOCALES.locales().find(|l| l.language == want.language))
        .cloned()
}

/// `fr-CH, fr;q=0.9, *;q=0.5` → tags with weights in thousandths.
fn accept_language(header: Option<&str>) -> impl Iterator<Item = (&str, u32)> {
    header.unwrap_or("").split(',').filter_map(|part| {
        let mut bits = part.split(';');
        let tag = bits.next()?.trim();
        let q = bits
            .find_map(|b| b.trim().strip_prefix("q="))
            .map_or(Some(1.0), |q| q.trim().parse::<f32>().ok())?;
        // The cast cannot truncate: q is clamped to [0, 1] first.
        let weight = (q.clamp(0.0, 1.0) * 999.0) as u32;
        (!tag.is_empty() && tag != "*" && weight > 0).then_some((tag, weight))
    })
}

impl<S: Send + Sync> FromRequestParts<S> for Tr {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Tr, Infallible> {
        let query_lang = parts
            .uri
            .query()
            .unwrap_or("")
            .split('&')
            .find_map(|pair| pair.strip_prefix("lang="))
            .filter(|l| l.len() <= 35 && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
        let accept = parts
            .headers
            .get(ACCEPT_LANGUAGE)
            .and_then(|v| v.to_str().ok());
        Ok(Tr::negotiate(query_lang, accept))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(tag: &str) -> LanguageIdentifier {
        tag.parse().expect("valid tag")
    }

    #[test]
    fn english_is_the_fallback_and_is_complete() {
        let tr = Tr::negotiate(Some("xx"), Some("de-DE, fr;q=0.8"));
        assert_eq!(tr.lang(), "en");
        assert_eq!(tr.dir(), "ltr");
        assert_eq!(tr.t("nav-home"), "Home");
        assert_eq!(tr.n("count-initiatives", "count", 1), "1 initiative");
        assert_eq!(tr.n("count-initiatives", "count", 3), "3 initiatives");
    }

    #[test]
    fn query_and_header_pick_a_shipped_locale() {
        assert_eq!(Tr::negotiate(None, Some("en-GB;q=0.9")).lang(), "en");
        assert_eq!(Tr::negotiate(Some("en"), Some("ar")).lang(), "en");
        assert_eq!(
            accept_language(Some("fr-CH, fr;q=0.9, *;q=0.5, de;q=0")).count(),
            2
        );
    }

    #[test]
    fn right_to_left_languages_get_rtl() {
        assert_eq!(direction(&id("ar")), "rtl");
        assert_eq!(direction(&id("ar-EG")), "rtl");
        assert_eq!(direction(&id("fa")), "rtl");
        assert_eq!(direction(&id("az-Arab")), "rtl");
        assert_eq!(direction(&id("sd-Deva")), "ltr");
        assert_eq!(direction(&id("en")), "ltr");
        assert_eq!(direction(&id("zh-Hans")), "ltr");
        assert_eq!(direction(&id("ru")), "ltr");
    }
}
