//! The HTML pages, on both engines: content, status codes, escaping,
//! evidence marks, and the layout every page shares.

use axum::http::StatusCode;
use wsis_framework::Framework;
use wsis_register::{
    CodeAssignment, Initiative, Kind, Organization, Origin, StakeholderGroup, Status,
};

use crate::support::{self, Reply};

/// A page that must answer 200 with HTML in the shared layout.
async fn page(app: &support::App, path: &str) -> Reply {
    let reply = support::get(&app.router, path).await;
    assert_eq!(
        reply.status,
        StatusCode::OK,
        "{} {path}: {}",
        app.name,
        reply.body
    );
    assert!(
        reply.content_type.starts_with("text/html"),
        "{} {path}: {}",
        app.name,
        reply.content_type
    );
    assert!(
        reply.body.contains(r#"<html lang="en" dir="ltr">"#),
        "{} {path}: lang/dir",
        app.name
    );
    assert!(reply.body.contains(r##"href="#main""##) && reply.body.contains(r#"<main id="main""#));
    // The CSP forbids inline styles and scripts: pages must not need them.
    assert!(
        !reply.body.contains("<script") && !reply.body.contains(" style="),
        "{} {path}",
        app.name
    );
    reply
}

/// A path that must answer with an HTML error page of this status.
async fn error(app: &support::App, path: &str, status: StatusCode) -> Reply {
    let reply = support::get(&app.router, path).await;
    assert_eq!(reply.status, status, "{} {path}: {}", app.name, reply.body);
    assert!(
        reply.content_type.starts_with("text/html"),
        "{} {path}",
        app.name
    );
    assert!(reply.body.contains(r#"<html lang="en" dir="ltr">"#));
    reply
}

#[tokio::test]
async fn home_shows_the_framework_with_counts() {
    for app in support::apps().await {
        let body = page(&app, "/").await.body;
        for code in ["C1", "C7", "C11"] {
            assert!(
                body.contains(&format!(r#"href="/action-lines/{code}""#)),
                "{} {code}",
                app.name
            );
        }
        assert!(
            body.contains(r#"href="/action-lines/C7.e-health""#),
            "{} C7 sub-line",
            app.name
        );
        assert!(body.contains(r#"href="/sdgs/SDG17""#) && body.contains(r#"href="/gdc/GDC5""#));
        assert!(
            body.contains("48 initiatives"),
            "{}: headline count",
            app.name
        );
        assert!(body.contains(r#"action="/initiatives""#) && body.contains(r#"name="q""#));
        let stylesheet = body
            .split(r#"<link rel="stylesheet" href=""#)
            .nth(1)
            .and_then(|s| s.split('"').next());
        let css = support::get(&app.router, stylesheet.expect("stylesheet link")).await;
        assert_eq!(css.status, StatusCode::OK);
        assert!(css.content_type.starts_with("text/css"));
        assert_eq!(
            support::get(&app.router, "/static/style.css").await.status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn framework_pages_show_text_links_and_initiatives() {
    for app in support::apps().await {
        let fw = Framework::embedded();
        let c3 = page(&app, "/action-lines/C3").await.body;
        let facilitator = &fw.action_line("C3").expect("C3").facilitators[0];
        assert!(
            c3.contains(facilitator.as_str()),
            "{}: facilitator {facilitator}",
            app.name
        );
        assert!(
            c3.contains(r#"href="/sdgs/SDG"#),
            "{}: crosswalk to SDGs",
            app.name
        );
        assert!(
            c3.contains("National Portal"),
            "{}: an initiative filed under C3",
            app.name
        );
        assert!(c3.contains(r#"href="/initiatives?action_line=C3""#));

        let c7 = page(&app, "/action-lines/C7").await.body;
        assert!(
            c7.contains(r#"href="/action-lines/C7.e-agriculture""#),
            "{}: sub-lines",
            app.name
        );
        page(&app, "/action-lines/C7.e-health").await;

        let sdg = page(&app, "/sdgs/SDG5").await.body;
        assert!(sdg.contains("5.b"), "{}: SDG targets", app.name);
        let gdc = page(&app, "/gdc/GDC2").await.body;
        assert!(
            gdc.contains(r#"href="/action-lines/C"#),
            "{}: GDC → action lines",
            app.name
        );
        assert!(
            gdc.contains("editorial"),
            "{}: editorial links are marked",
            app.name
        );

        for path in [
            "/action-lines/C12",
            "/sdgs/SDG18",
            "/gdc/GDC9",
            "/sdgs/C3",
            "/nowhere",
        ] {
            error(&app, path, StatusCode::NOT_FOUND).await;
        }
    }
}

#[tokio::test]
async fn list_searches_filters_and_pages() {
    for app in support::apps().await {
        let all = page(&app, "/initiatives").await.body;
        assert!(all.contains("48 initiatives"), "{}", app.name);
        assert!(
            all.contains(r#"href="/initiatives?page=2""#),
            "{}: page 2 link",
            app.name
        );
        assert!(all.contains(r#"aria-current="page""#));
        // Facet links carry their counts.
        let link = r#"<a href="/initiatives?group=civil-society"><bdi>Civil society</bdi> <span class="count">8</span>"#;
        assert!(all.contains(link), "{}: facet link with count", app.name);
        // The whole register is one link away, as open data.
        assert!(all.contains(r#"href="/api/v1/export/initiatives?format=csv" download"#));

        let found = page(&app, "/initiatives?q=telemedicine").await.body;
        assert!(
            found.contains("Rural telemedicine network"),
            "{}: full-text search",
            app.name
        );
        assert!(found.contains("1 initiative"), "{}", app.name);
        assert!(
            found.contains("whose title alone matches the search come first"),
            "{}: the page says how text results are ordered",
            app.name
        );
        assert!(
            all.contains("Most recently added first."),
            "{}: and the list without words",
            app.name
        );
        let nothing = page(&app, "/initiatives?q=-%20*").await.body;
        assert!(
            nothing.contains("Most recently added first.") || nothing.contains("No initiative"),
            "{}: a query with nothing searchable does not claim a text order",
            app.name
        );
        assert!(!nothing.contains("whose title alone"), "{}", app.name);

        let filtered = page(&app, "/initiatives?group=civil-society").await.body;
        assert!(
            filtered.contains("8 initiatives"),
            "{}: a facet narrows",
            app.name
        );
        assert!(!filtered.contains("Rural telemedicine network"));
        assert!(
            filtered.contains(r#"<a href="/initiatives">Remove filter Civil society</a>"#),
            "{}",
            app.name
        );

        let kenya = page(&app, "/initiatives?country=KEN").await.body;
        assert!(
            kenya.contains("Country: <bdi>Kenya</bdi>"),
            "{}: countries by name",
            app.name
        );
        assert!(
            kenya.contains("Community network starter training"),
            "{}",
            app.name
        );

        let two = page(&app, "/initiatives?page=2").await.body;
        assert!(two.contains("Showing 21–40"), "{}: second page", app.name);
        assert!(two.contains(r#"href="/initiatives" rel="prev""#));

        let empty = page(&app, "/initiatives?q=&action_line=").await.body;
        assert!(
            empty.contains("48 initiatives"),
            "{}: blank values are no filter",
            app.name
        );

        let bad = error(&app, "/initiatives?sdg=SDG99", StatusCode::BAD_REQUEST)
            .await
            .body;
        assert!(
            bad.contains("“sdg”") && bad.contains("“SDG99”"),
            "{}: names the value",
            app.name
        );
        for bad in [
            "page=abc",
            "page=-1",
            "sdg=SDG99",
            "group=%3Cscript%3E",
            "year=20x4",
            "action_line=SDG5",
        ] {
            error(
                &app,
                &format!("/initiatives?{bad}"),
                StatusCode::BAD_REQUEST,
            )
            .await;
        }
    }
}

#[tokio::test]
async fn detail_shows_every_field() {
    for app in support::apps().await {
        let body = page(&app, "/initiatives/demo-0040").await.body;
        for text in [
            "Rural telemedicine network",
            "Video consultations",
            "India",
            "Private sector",
            "Project",
            "SDG3",
        ] {
            assert!(body.contains(text), "{}: {text}", app.name);
        }
        assert!(
            body.contains("Declared by the submitter"),
            "{}: origin",
            app.name
        );
        assert!(
            body.contains("Illustrative sample data"),
            "{}: attribution",
            app.name
        );
        assert!(body.contains("Sample data."), "{}: sample notice", app.name);
        assert!(body.contains(r#"href="/api/v1/initiatives/demo-0040""#));

        let real = page(&app, "/initiatives/demo-0001").await.body;
        assert!(
            !real.contains("Sample data."),
            "{}: real records carry no notice",
            app.name
        );
        assert!(
            real.contains("Source: https://www.itu.int/"),
            "{}: attribution",
            app.name
        );

        error(&app, "/initiatives/no-such-id", StatusCode::NOT_FOUND).await;
    }
}

#[tokio::test]
async fn user_text_is_escaped_and_evidence_marked() {
    for app in support::apps().await {
        let hostile = Initiative {
            id: "xss-1".into(),
            title: "Hostile <script>alert(1)</script> title".into(),
            description: "Training on <b>cybersecurity</b> & privacy for schools.".into(),
            organization: Organization {
                name: "Org <img src=x onerror=alert(2)>".into(),
                stakeholder_group: StakeholderGroup::CivilSociety,
                country: None,
            },
            kind: Kind::Training,
            countries: vec!["KEN".into()],
            start_date: Some("2024".into()),
            end_date: None,
            status: Status::Ongoing,
            links: vec![
                "javascript:alert(3)".into(),
                "https://example.org/a?b=1&c=2".into(),
            ],
            codes: vec![CodeAssignment {
                code: "C5".into(),
                origin: Origin::Declared,
                score: None,
                evidence: Vec::new(),
                engine_version: None,
            }],
            attribution: None,
            sample: true,
        };
        app.db
            .store
            .import_initiatives(&[hostile], &mut |_| {})
            .await
            .expect("import");
        let suggestion = CodeAssignment {
            code: "SDG4".into(),
            origin: Origin::Suggested,
            score: Some(0.9),
            evidence: vec!["cybersecurity".into(), "<b>".into()],
            engine_version: Some("test-engine 1".into()),
        };
        app.db
            .store
            .replace_suggestions("xss-1", vec![suggestion])
            .await
            .expect("suggest");

        let body = page(&app, "/initiatives/xss-1").await.body;
        assert!(
            !body.contains("<script>alert"),
            "{}: title escaped",
            app.name
        );
        assert!(
            body.contains("&lt;script&gt;") || body.contains("&#60;script&#62;"),
            "{}",
            app.name
        );
        assert!(
            !body.contains("<img src=x"),
            "{}: organization escaped",
            app.name
        );
        assert!(
            !body.contains(r#"href="javascript:"#),
            "{}: no script links",
            app.name
        );
        let marked =
            "Training on <mark>&lt;b&gt;</mark><mark>cybersecurity</mark>&lt;/b&gt; &amp; privacy";
        assert!(
            body.contains(marked),
            "{}: evidence marked in the escaped description",
            app.name
        );
        assert!(
            !body.contains("<b>"),
            "{}: no raw markup from the data",
            app.name
        );
        assert!(body.contains("Suggested by the mapping engine") && body.contains("score 0.90"));

        let list = page(&app, "/initiatives?q=hostile").await.body;
        assert!(
            !list.contains("<script>alert") && list.contains("Hostile"),
            "{}: list escaped",
            app.name
        );
        let search = page(&app, "/initiatives?q=%3Cscript%3E").await.body;
        assert!(
            !search.contains("<script>"),
            "{}: echoed query escaped",
            app.name
        );
    }
}

#[tokio::test]
async fn language_comes_from_the_request_with_english_as_fallback() {
    use axum::body::Body;
    use axum::http::Request;
    for app in support::apps().await {
        let request = Request::get("/initiatives")
            .header("accept-language", "ar, fr;q=0.8")
            .body(Body::empty())
            .expect("request");
        let reply = support::send(&app.router, request).await;
        assert_eq!(reply.status, StatusCode::OK);
        // Only English ships: Arabic falls back to it (and to `ltr`) until
        // locales/ar/ exists.
        assert!(
            reply.body.contains(r#"<html lang="en" dir="ltr">"#),
            "{}",
            app.name
        );
        page(&app, "/initiatives?lang=en-GB").await;
    }
}

/// A GET with `Accept-Encoding: gzip` (or none): the `Content-Encoding`
/// answered and the body as it came, undecoded.
async fn fetch_encoded(app: &axum::Router, path: &str, gzip: bool) -> (Option<String>, Vec<u8>) {
    use tower::ServiceExt;
    let mut req = axum::http::Request::get(path);
    if gzip {
        req = req.header(axum::http::header::ACCEPT_ENCODING, "gzip");
    }
    let res = app
        .clone()
        .oneshot(req.body(axum::body::Body::empty()).expect("request"))
        .await
        .expect("router answers");
    let encoding = res
        .headers()
        .get(axum::http::header::CONTENT_ENCODING)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let body = axum::body::to_bytes(res.into_body(), 16 * 1024 * 1024)
        .await
        .expect("body");
    (encoding, body.to_vec())
}

/// Pages, API answers and the style sheet went out uncompressed: the list
/// page was 30 kB where gzip makes it 5, for users on slow links. A page
/// whose form carries a CSRF token stays uncompressed, so that the token
/// cannot be guessed from compressed sizes (BREACH).
#[tokio::test]
async fn answers_are_gzipped_except_pages_that_carry_a_secret_issue2() {
    use std::io::Read;
    let app = &support::apps().await[0];
    let home = support::get(&app.router, "/").await.body;
    let css = home
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.starts_with("/static/") && h.ends_with(".css"))
        .expect("the style sheet's address")
        .to_string();
    for path in [
        "/initiatives?q=digital",
        "/api/v1/initiatives",
        css.as_str(),
    ] {
        let (none, plain) = fetch_encoded(&app.router, path, false).await;
        assert_eq!(none, None, "{path}: not asked for");
        let (encoding, packed) = fetch_encoded(&app.router, path, true).await;
        assert_eq!(encoding.as_deref(), Some("gzip"), "{path}");
        let mut unpacked = Vec::new();
        flate2::read::GzDecoder::new(&packed[..])
            .read_to_end(&mut unpacked)
            .expect("valid gzip");
        assert_eq!(unpacked, plain, "{path}: the same bytes");
        assert!(
            packed.len() * 2 < plain.len(),
            "{path}: {} of {}",
            packed.len(),
            plain.len()
        );
    }
    let (encoding, body) = fetch_encoded(&app.router, "/sign-in", true).await;
    assert_eq!(encoding, None, "the sign-in form carries a CSRF token");
    assert!(String::from_utf8_lossy(&body).contains("name=\"csrf\""));
}
