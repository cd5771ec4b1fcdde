//! Calls for inputs through the API and the pages (issue 4), on both
//! engines: who may reach what, bad input that must change nothing, real
//! PDF and DOCX files, moderation conflicts and rate limits.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use wsis_calls::account::{NewUser, Role, User};
use wsis_calls::call::{Call, CallDraft, CallStatus, Question};
use wsis_calls::secret;
use wsis_register::{CodeAssignment, Organization, Origin, StakeholderGroup};
use wsis_store::testing::{self, TestDb};
use wsis_store::{Moderation, NewSubmission};
use wsis_web::{AppState, Mapper, router};

use crate::support::{Reply, send};

const PDF: &[u8] = include_bytes!("../../../extract/tests/fixtures/input.pdf");
const DOCX: &[u8] = include_bytes!("../../../extract/tests/fixtures/input.docx");

/// One test world: an app over a fresh database, its accounts and calls.
struct World {
    name: &'static str,
    app: Router,
    db: TestDb,
    admin: Actor,
    owner: Actor,
    other: Actor,
    fac_health: Actor,
    fac_other: Actor,
    open: Call,
    draft: Call,
}

/// An account with its API token.
struct Actor {
    user: User,
    token: String,
}

async fn account(db: &TestDb, email: &str, role: Role, lines: &[&str], org: Option<&str>) -> Actor {
    let new = NewUser {
        email: email.into(),
        name: email.into(),
        password_hash: secret::hash_password("a long enough password").expect("hash"),
        role,
        action_lines: lines.iter().map(|s| s.to_string()).collect(),
        organization: org.map(|name| Organization {
            name: name.into(),
            stakeholder_group: StakeholderGroup::CivilSociety,
            country: Some("KEN".into()),
        }),
    };
    let user = db.store.create_user(&new, "test").await.expect("user");
    let token = secret::new_token().expect("token");
    db.store
        .create_api_token(&user, &secret::token_hash(&token), "test")
        .await
        .expect("token");
    Actor { user, token }
}

fn draft(title: &str, deadline: &str, status: CallStatus) -> CallDraft {
    CallDraft {
        title: title.into(),
        description: "About digital health.".into(),
        questions: vec![
            Question {
                text: "What has your organization done?".into(),
                word_limit: Some(50),
            },
            Question {
                text: "What should the review recommend?".into(),
                word_limit: None,
            },
        ],
        deadline: deadline.into(),
        status,
        languages: vec!["en".into(), "fr".into()],
    }
    .validate()
    .expect("valid call")
}

fn mapper() -> Mapper {
    let engine = Arc::new(wsis_classify::Engine::embedded().expect("engine"));
    Arc::new(move |text: &str| {
        engine
            .classify(text, wsis_classify::Scope::All, false)
            .codes
            .into_iter()
            .map(|c| CodeAssignment {
                code: c.code,
                origin: Origin::Suggested,
                score: Some(c.score),
                evidence: c.evidence,
                engine_version: Some(engine.version().to_string()),
            })
            .collect()
    })
}

async fn worlds() -> Vec<World> {
    let mut out = Vec::new();
    for db in testing::both().await {
        let admin = account(&db, "admin@example.org", Role::Admin, &[], None).await;
        let owner = account(
            &db,
            "owner@example.org",
            Role::Stakeholder,
            &[],
            Some("Rural Health Connect"),
        )
        .await;
        let other = account(
            &db,
            "other@example.org",
            Role::Stakeholder,
            &[],
            Some("Another NGO"),
        )
        .await;
        let fac_health = account(
            &db,
            "health@example.org",
            Role::Facilitator,
            &["C7.e-health"],
            None,
        )
        .await;
        let fac_other = account(&db, "c1@example.org", Role::Facilitator, &["C1"], None).await;
        let open = db
            .store
            .create_call(
                &draft("Digital health", "2030-12-31", CallStatus::Open),
                "test",
            )
            .await
            .expect("call");
        let draft = db
            .store
            .create_call(
                &draft("Not yet public", "2030-12-31", CallStatus::Draft),
                "test",
            )
            .await
            .expect("call");
        let app = router(AppState::new(Arc::clone(&db.store)).with_mapper(mapper()));
        out.push(World {
            name: db.name,
            app,
            db,
            admin,
            owner,
            other,
            fac_health,
            fac_other,
            open,
            draft,
        });
    }
    out
}

#[tokio::test]
async fn issue4_facilitators_code_inputs_only_within_their_lines() {
    for w in worlds().await {
        let sub = submitted(&w).await;
        let (fac, csrf) = sign_in(&w.app, "health@example.org").await;
        let post = |code: &str, decision: &str, version: i64| {
            Request::post(format!("/submissions/{sub}/codes"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &fac)
                .body(Body::from(format!(
                    "version={version}&csrf={csrf}&code={code}&decision={decision}"
                )))
                .expect("req")
        };
        let read = || async {
            w.db.store
                .get_submission(sub)
                .await
                .expect("read")
                .expect("exists")
        };
        let before = read().await;
        // Another facilitator's line: refused, nothing changes.
        for (code, decision) in [("C1", "confirm"), ("SDG3", "reject")] {
            let r = send(&w.app, post(code, decision, before.version)).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{} {code}", w.name);
        }
        assert_eq!(
            before,
            read().await,
            "{}: a refused code changed the input",
            w.name
        );
        // Their own line: allowed.
        let r = send(&w.app, post("C7.e-health", "reject", before.version)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", w.name, r.body);
        assert_ne!(before, read().await, "{}", w.name);
    }
}

/// A submitted input of `owner` to the open call, coded C7.e-health by an
/// administrator so that which facilitator moderates it does not depend on
/// the mapping engine.
async fn submitted(w: &World) -> i64 {
    let new = NewSubmission {
        call_id: w.open.id,
        answers: vec![
            "We run telemedicine for rural clinics.".into(),
            String::new(),
        ],
        attachments: Vec::new(),
        submit: true,
        codes: Vec::new(),
    };
    let s =
        w.db.store
            .create_submission(&w.owner.user, new)
            .await
            .expect("submission");
    let code = Moderation::Code {
        code: "C7.e-health".into(),
        confirm: true,
    };
    w.db.store
        .moderate(s.id, s.version, code, "test")
        .await
        .expect("code")
        .id
}

async fn api(
    app: &Router,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<serde_json::Value>,
) -> Reply {
    let mut req = Request::builder().method(method).uri(path);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    let body = match body {
        Some(v) => {
            req = req.header(header::CONTENT_TYPE, "application/json");
            Body::from(v.to_string())
        }
        None => Body::empty(),
    };
    send(app, req.body(body).expect("request")).await
}

/// A multipart body with text fields and files.
fn multipart(fields: &[(&str, &str)], files: &[(&str, &str, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "wsisboundary7MA4YWxkTrZu0gW";
    let mut body = Vec::new();
    for (name, value) in fields {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
            )
            .as_bytes(),
        );
    }
    for (name, mime, bytes) in files {
        body.extend_from_slice(
            format!(
                "--{boundary}\r\nContent-Disposition: form-data; name=\"attachments\"; filename=\"{name}\"\r\nContent-Type: {mime}\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

async fn upload(
    app: &Router,
    path: &str,
    token: Option<&str>,
    cookie: Option<&str>,
    ct: &str,
    body: Vec<u8>,
) -> Reply {
    let mut req = Request::post(path).header(header::CONTENT_TYPE, ct);
    if let Some(t) = token {
        req = req.header(header::AUTHORIZATION, format!("Bearer {t}"));
    }
    if let Some(c) = cookie {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::from(body)).expect("request")).await
}

async fn count_inputs(w: &World, user: &User) -> usize {
    w.db.store
        .submissions_of_user(user.id)
        .await
        .expect("list")
        .len()
}

#[tokio::test]
async fn issue4_every_api_route_answers_each_role_as_the_access_rules_say() {
    for w in worlds().await {
        let sub = submitted(&w).await;
        let open = w.open.id;
        let draft = w.draft.id;
        // Who: none, owner, other stakeholder, facilitator of the input's
        // line, facilitator of another line, administrator.
        let who: [(&str, Option<&str>); 6] = [
            ("none", None),
            ("owner", Some(&w.owner.token)),
            ("other", Some(&w.other.token)),
            ("fac_health", Some(&w.fac_health.token)),
            ("fac_other", Some(&w.fac_other.token)),
            ("admin", Some(&w.admin.token)),
        ];
        let call_body = serde_json::json!({"title": "New", "questions": [{"text": "Why?"}], "deadline": "2031-01-01", "status": "open"});
        let answer = serde_json::json!({"answers": ["We train nurses in e-health.", ""]});
        let reason = serde_json::json!({"reason": "Off topic"});
        // (method, path, body, expected status per actor in the order above).
        // Moderation routes use a fresh input per actor (below), since an
        // allowed publish changes what the next actor sees.
        let routes: Vec<(&str, String, Option<serde_json::Value>, [u16; 6])> = vec![
            (
                "GET",
                "/api/v1/calls".into(),
                None,
                [200, 200, 200, 200, 200, 200],
            ),
            (
                "POST",
                "/api/v1/calls".into(),
                Some(call_body),
                [401, 403, 403, 403, 403, 201],
            ),
            (
                "GET",
                format!("/api/v1/calls/{open}"),
                None,
                [200, 200, 200, 200, 200, 200],
            ),
            (
                "GET",
                format!("/api/v1/calls/{draft}"),
                None,
                [401, 403, 403, 403, 403, 200],
            ),
            (
                "GET",
                format!("/api/v1/calls/{open}/inputs"),
                None,
                [200, 200, 200, 200, 200, 200],
            ),
            (
                "GET",
                format!("/api/v1/calls/{draft}/inputs"),
                None,
                [401, 403, 403, 403, 403, 200],
            ),
            (
                "POST",
                format!("/api/v1/calls/{open}/submissions"),
                Some(answer),
                [401, 201, 201, 403, 403, 403],
            ),
            (
                "GET",
                format!("/api/v1/submissions/{sub}"),
                None,
                [401, 200, 403, 200, 403, 200],
            ),
            (
                "GET",
                "/api/v1/audit".into(),
                None,
                [401, 403, 403, 403, 403, 200],
            ),
            (
                "PATCH",
                format!("/api/v1/calls/{draft}"),
                Some(serde_json::json!({"deadline": "2031-02-01"})),
                [401, 403, 403, 403, 403, 200],
            ),
            (
                "PATCH",
                format!("/api/v1/calls/{open}"),
                Some(serde_json::json!({"deadline": "2031-03-01"})),
                [401, 403, 403, 403, 403, 200],
            ),
        ];
        for (method, path, body, expected) in &routes {
            for ((name, token), want) in who.iter().zip(expected) {
                let r = api(&w.app, method, path, *token, body.clone()).await;
                assert_eq!(
                    r.status.as_u16(),
                    *want,
                    "{}: {method} {path} as {name}: {}",
                    w.name,
                    r.body
                );
            }
        }
        for (action, body) in [("publish", None), ("reject", Some(reason.clone()))] {
            let expected = [401, 403, 403, 200, 403, 200];
            for ((name, token), want) in who.iter().zip(expected) {
                let id = submitted(&w).await;
                let path = format!("/api/v1/submissions/{id}/{action}");
                let r = api(&w.app, "POST", &path, *token, body.clone()).await;
                assert_eq!(
                    r.status.as_u16(),
                    want,
                    "{}: POST {path} as {name}: {}",
                    w.name,
                    r.body
                );
                let after =
                    w.db.store
                        .get_submission(id)
                        .await
                        .expect("read")
                        .expect("exists");
                let changed = after.status.as_str() != "submitted";
                assert_eq!(
                    changed,
                    want == 200,
                    "{}: {action} as {name} changed the input: {changed}",
                    w.name
                );
            }
        }
        // A malformed or unknown token is refused everywhere, never read as anonymous.
        for token in ["not-a-token", &"0".repeat(64)] {
            let r = api(&w.app, "GET", "/api/v1/calls", Some(token), None).await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{}: token {token}",
                w.name
            );
        }
        let r = send(
            &w.app,
            Request::get("/api/v1/calls")
                .header(header::AUTHORIZATION, "Basic YTpi")
                .body(Body::empty())
                .expect("req"),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}: basic auth", w.name);
    }
}

/// Signs in through the form and returns the cookies to send afterwards.
async fn sign_in(app: &Router, email: &str) -> (String, String) {
    let page = send(
        app,
        Request::get("/sign-in").body(Body::empty()).expect("req"),
    )
    .await;
    let csrf = hidden(&page.body, "csrf");
    let cookie = format!("wsis_csrf={csrf}");
    let form = format!(
        "csrf={csrf}&email={}&password=a+long+enough+password&next=%2Fmy%2Finputs",
        email.replace('@', "%40")
    );
    let req = Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, &cookie)
        .body(Body::from(form))
        .expect("req");
    let res = tower::ServiceExt::oneshot(app.clone(), req)
        .await
        .expect("answer");
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "sign-in of {email}");
    let session = res
        .headers()
        .get_all(header::SET_COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|v| v.strip_prefix("wsis_session="))
        .and_then(|v| v.split(';').next())
        .expect("session cookie")
        .to_string();
    let cookies = format!("wsis_session={session}; {cookie}");
    let account = send(
        app,
        Request::get("/account")
            .header(header::COOKIE, &cookies)
            .body(Body::empty())
            .expect("req"),
    )
    .await;
    (cookies, hidden(&account.body, "csrf"))
}

/// The value of the first hidden input with this name.
fn hidden(html: &str, name: &str) -> String {
    let at = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no {name} in {html}"));
    let rest = &html[at + name.len() + 15..];
    rest[..rest.find('"').expect("quote")].to_string()
}

async fn page(app: &Router, path: &str, cookies: Option<&str>) -> Reply {
    let mut req = Request::get(path);
    if let Some(c) = cookies {
        req = req.header(header::COOKIE, c);
    }
    send(app, req.body(Body::empty()).expect("req")).await
}

#[tokio::test]
async fn issue4_pages_check_who_asks() {
    for w in worlds().await {
        let (owner, _) = sign_in(&w.app, "owner@example.org").await;
        let (fac, _) = sign_in(&w.app, "health@example.org").await;
        let (admin, _) = sign_in(&w.app, "admin@example.org").await;
        let sub = submitted(&w).await;
        let who = [
            ("none", None),
            ("owner", Some(owner.as_str())),
            ("fac", Some(fac.as_str())),
            ("admin", Some(admin.as_str())),
        ];
        let routes: Vec<(String, [u16; 4])> = vec![
            ("/calls".into(), [200, 200, 200, 200]),
            (format!("/calls/{}", w.open.id), [200, 200, 200, 200]),
            (format!("/calls/{}", w.draft.id), [401, 403, 403, 200]),
            ("/calls/new".into(), [303, 403, 403, 200]),
            (
                format!("/calls/{}/respond", w.open.id),
                [303, 200, 403, 403],
            ),
            (format!("/submissions/{sub}"), [303, 200, 200, 200]),
            ("/my/inputs".into(), [303, 200, 200, 200]),
            ("/moderation".into(), [303, 403, 200, 200]),
            ("/audit".into(), [303, 403, 403, 200]),
            ("/account".into(), [200, 200, 200, 200]),
        ];
        for (path, expected) in &routes {
            for ((name, cookies), want) in who.iter().zip(expected) {
                let r = page(&w.app, path, *cookies).await;
                assert_eq!(r.status.as_u16(), *want, "{}: GET {path} as {name}", w.name);
            }
        }
        // The facilitator's queue holds the input of their line; the other
        // facilitator's does not.
        let (c1, _) = sign_in(&w.app, "c1@example.org").await;
        let queue = page(&w.app, "/moderation", Some(&fac)).await;
        assert!(
            queue.body.contains(&format!("/submissions/{sub}")),
            "{}",
            w.name
        );
        let queue = page(&w.app, "/moderation", Some(&c1)).await;
        assert!(
            !queue.body.contains(&format!("/submissions/{sub}")),
            "{}",
            w.name
        );
        let r = page(&w.app, &format!("/submissions/{sub}"), Some(&c1)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", w.name);
    }
}

#[tokio::test]
async fn issue4_forms_without_their_csrf_token_are_refused_and_change_nothing() {
    for w in worlds().await {
        let (fac, csrf) = sign_in(&w.app, "health@example.org").await;
        let sub = submitted(&w).await;
        let before =
            w.db.store
                .get_submission(sub)
                .await
                .expect("read")
                .expect("exists");
        for body in [
            format!("version={}", before.version),
            format!("version={}&csrf=wrong", before.version),
        ] {
            let req = Request::post(format!("/submissions/{sub}/publish"))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, &fac)
                .body(Body::from(body))
                .expect("req");
            let r = send(&w.app, req).await;
            assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", w.name);
        }
        let after =
            w.db.store
                .get_submission(sub)
                .await
                .expect("read")
                .expect("exists");
        assert_eq!(
            before, after,
            "{}: a refused form changed the input",
            w.name
        );
        // A form posted from another site is refused before it is read.
        let req = Request::post(format!("/submissions/{sub}/publish"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &fac)
            .header(header::HOST, "hub.example.org")
            .header(header::ORIGIN, "https://evil.example.com")
            .body(Body::from(format!(
                "version={}&csrf={csrf}",
                before.version
            )))
            .expect("req");
        assert_eq!(
            send(&w.app, req).await.status,
            StatusCode::FORBIDDEN,
            "{}",
            w.name
        );
        // With its token, the same form works.
        let req = Request::post(format!("/submissions/{sub}/publish"))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &fac)
            .body(Body::from(format!(
                "version={}&csrf={csrf}",
                before.version
            )))
            .expect("req");
        assert_eq!(
            send(&w.app, req).await.status,
            StatusCode::SEE_OTHER,
            "{}",
            w.name
        );
        // Nobody signed in: refused before the body is read, so a body that
        // is not even multipart gets the sign-in answer, not a parse error.
        let path = format!("/calls/{}/respond", w.open.id);
        let junk = vec![b'x'; 1024 * 1024];
        let ct = "multipart/form-data; boundary=nothing-here";
        let r = upload(&w.app, &path, None, None, ct, junk).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", w.name, r.body);
        // The answer form (multipart) checks its token too.
        let (owner, owner_csrf) = sign_in(&w.app, "owner@example.org").await;
        let (ct, body) = multipart(
            &[
                ("answer-0", "Hello"),
                ("answer-1", ""),
                ("action", "submit"),
            ],
            &[],
        );
        let path = format!("/calls/{}/respond", w.open.id);
        let r = upload(&w.app, &path, None, Some(&owner), &ct, body).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", w.name);
        assert_eq!(
            count_inputs(&w, &w.owner.user).await,
            1,
            "{}: only the fixture",
            w.name
        );
        let (ct, body) = multipart(
            &[
                ("csrf", &owner_csrf),
                ("answer-0", "Hello"),
                ("answer-1", ""),
                ("action", "submit"),
            ],
            &[],
        );
        let r = upload(&w.app, &path, None, Some(&owner), &ct, body).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", w.name, r.body);
        assert_eq!(count_inputs(&w, &w.owner.user).await, 2, "{}", w.name);
    }
}

#[tokio::test]
async fn issue4_bad_files_late_inputs_and_long_answers_are_refused_and_store_nothing() {
    for w in worlds().await {
        let path = format!("/api/v1/calls/{}/submissions", w.open.id);
        let token = Some(w.owner.token.as_str());
        // A file over the 5 MB limit: 413.
        let big = vec![b'a'; 5 * 1024 * 1024 + 10];
        let (ct, body) = multipart(
            &[("answer-0", "Hi"), ("answer-1", "")],
            &[("notes.txt", "text/plain", &big)],
        );
        let r = upload(&w.app, &path, token, None, &ct, body).await;
        r.expect_status(StatusCode::PAYLOAD_TOO_LARGE, w.name);
        // A request over the whole upload limit: 413 as well.
        let huge = vec![b'a'; wsis_web::consult::MAX_UPLOAD_BYTES + 1];
        let r = upload(
            &w.app,
            &path,
            token,
            None,
            "multipart/form-data; boundary=x",
            huge,
        )
        .await;
        r.expect_status(StatusCode::PAYLOAD_TOO_LARGE, w.name);
        // A PDF named .docx, a DOCX sent as text, an image named .pdf: 415.
        for (name, mime, bytes) in [
            (
                "report.docx",
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                PDF,
            ),
            ("notes.txt", "text/plain", DOCX),
            (
                "scan.pdf",
                "application/pdf",
                &[0x89, b'P', b'N', b'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0][..],
            ),
        ] {
            let (ct, body) = multipart(
                &[("answer-0", "Hi"), ("answer-1", "")],
                &[(name, mime, bytes)],
            );
            let r = upload(&w.app, &path, token, None, &ct, body).await;
            assert_eq!(
                r.status,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "{}: {name}: {}",
                w.name,
                r.body
            );
            assert!(
                r.json()["error"]["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains(name),
                "{}",
                r.body
            );
        }
        // An answer over its word limit: 422 naming the answer.
        let long = "word ".repeat(51);
        let r = api(
            &w.app,
            "POST",
            &path,
            token,
            Some(serde_json::json!({"answers": [long, ""]})),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", w.name);
        assert!(
            r.body.contains("answers[0]") && r.body.contains("51 words"),
            "{}",
            r.body
        );
        // After the deadline: refused with a message saying so.
        let late =
            w.db.store
                .create_call(
                    &draft("Closed yesterday", "2020-01-01T00:00:00Z", CallStatus::Open),
                    "test",
                )
                .await
                .expect("call");
        let late_path = format!("/api/v1/calls/{}/submissions", late.id);
        let r = api(
            &w.app,
            "POST",
            &late_path,
            token,
            Some(serde_json::json!({"answers": ["x", ""]})),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", w.name);
        assert!(
            r.body.contains("deadline") && r.body.contains("2020-01-01"),
            "{}",
            r.body
        );
        assert_eq!(
            count_inputs(&w, &w.owner.user).await,
            0,
            "{}: a refused input was stored",
            w.name
        );
    }
}

#[tokio::test]
async fn issue4_real_pdf_and_docx_are_read_mapped_published_searched_and_exported() {
    for w in worlds().await {
        let path = format!("/api/v1/calls/{}/submissions", w.open.id);
        let (ct, body) = multipart(
            &[
                ("answer-0", "We connect rural clinics to hospitals."),
                ("answer-1", "Fund connectivity."),
            ],
            &[
                ("input.pdf", "application/pdf", PDF),
                ("input.docx", "application/octet-stream", DOCX),
            ],
        );
        let r = upload(&w.app, &path, Some(&w.owner.token), None, &ct, body).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", w.name, r.body);
        let s = r.json();
        let id = s["id"].as_i64().expect("id");
        assert_eq!(s["status"], "submitted");
        let files = s["attachments"].as_array().expect("attachments");
        assert_eq!(files.len(), 2);
        assert_eq!(files[0]["kind"], "pdf");
        assert_eq!(files[1]["kind"], "docx");
        let pdf_text = files[0]["text"].as_str().unwrap_or("");
        assert!(
            pdf_text.contains("Community health workers in Côte d’Ivoire use tablets"),
            "{pdf_text}"
        );
        assert!(
            pdf_text.contains("Mentoring programmes keep young women in technical careers."),
            "page 2: {pdf_text}"
        );
        let docx_text = files[1]["text"].as_str().unwrap_or("");
        assert!(
            docx_text.contains("C7 E-health\tTelemedicine for rural clinics"),
            "{docx_text}"
        );
        // Mapped on submission, each code with evidence from the text.
        let codes = s["codes"].as_array().expect("codes");
        assert!(!codes.is_empty(), "{}: no suggestion", w.name);
        for c in codes {
            assert_eq!(c["origin"], "suggested");
            assert!(
                !c["evidence"].as_array().expect("evidence").is_empty(),
                "{c}"
            );
        }
        assert!(
            codes
                .iter()
                .any(|c| c["code"] == "C7.e-health" || c["code"] == "SDG3"),
            "{codes:?}"
        );
        // Not public before it is published.
        let r = api(
            &w.app,
            "GET",
            &format!("/api/v1/calls/{}/inputs?q=telemedicine", w.open.id),
            None,
            None,
        )
        .await;
        assert_eq!(r.json()["total"], 0, "{}", w.name);
        let r = api(
            &w.app,
            "POST",
            &format!("/api/v1/submissions/{id}/publish"),
            Some(&w.admin.token),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", w.name, r.body);
        // Found by words that only the attachments hold, with facets.
        let r = api(
            &w.app,
            "GET",
            &format!("/api/v1/calls/{}/inputs?q=mentoring", w.open.id),
            None,
            None,
        )
        .await;
        let found = r.json();
        assert_eq!(found["total"], 1, "{}: {}", w.name, r.body);
        assert_eq!(found["facets"]["group"]["civil-society"], 1);
        assert_eq!(found["facets"]["region"]["Africa"], 1);
        // NUL once failed the search on PostgreSQL; the text is bounded.
        let path = format!("/api/v1/calls/{}/inputs?q=mentoring%00", w.open.id);
        let r = api(&w.app, "GET", &path, None, None).await;
        assert_eq!(r.json()["total"], 1, "NUL ({}): {}", w.name, r.body);
        let path = format!(
            "/api/v1/calls/{}/inputs?q={}",
            w.open.id,
            "ab%20".repeat(501)
        );
        let r = api(&w.app, "GET", &path, None, None).await;
        r.expect_status(StatusCode::UNPROCESSABLE_ENTITY, w.name);
        let r = api(
            &w.app,
            "GET",
            &format!(
                "/api/v1/calls/{}/inputs?q=mentoring&group=academia",
                w.open.id
            ),
            None,
            None,
        )
        .await;
        assert_eq!(r.json()["total"], 0, "{}", w.name);
        // A blank filter is no filter; a value no input can have is
        // refused with its parameter named, not answered with nothing.
        let path = format!("/api/v1/calls/{}/inputs?q=mentoring&sdg=&group=", w.open.id);
        let r = api(&w.app, "GET", &path, None, None).await;
        assert_eq!(r.json()["total"], 1, "blank ({}): {}", w.name, r.body);
        let path = format!("/api/v1/calls/{}/inputs?q=mentoring&sdg=SDG99", w.open.id);
        let r = api(&w.app, "GET", &path, None, None).await;
        r.expect_status(StatusCode::UNPROCESSABLE_ENTITY, w.name);
        assert!(
            r.body.contains("sdg") && r.body.contains("SDG99"),
            "{}",
            r.body
        );
        let r = api(
            &w.app,
            "GET",
            &format!("/api/v1/calls/{}/inputs?q=zebra", w.open.id),
            None,
            None,
        )
        .await;
        assert_eq!(r.json()["total"], 0, "{}", w.name);
        // CSV export: the questions head their answers.
        let r = api(
            &w.app,
            "GET",
            &format!("/api/v1/calls/{}/inputs?format=csv", w.open.id),
            None,
            None,
        )
        .await;
        assert!(r.content_type.starts_with("text/csv"), "{}", r.content_type);
        let mut rows = csv::Reader::from_reader(r.body.as_bytes());
        let headers = rows.headers().expect("header").clone();
        assert!(
            headers
                .iter()
                .any(|h| h == "What has your organization done?"),
            "{headers:?}"
        );
        let row = rows.records().next().expect("one row").expect("row");
        assert_eq!(&row[2], "Rural Health Connect");
        assert!(
            row.iter()
                .any(|f| f == "We connect rural clinics to hospitals.")
        );
        // The public input page shows the extracted text.
        let r = page(&w.app, &format!("/submissions/{id}"), None).await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(
            r.body.contains("Mentoring programmes keep young women"),
            "{}",
            w.name
        );
        // A far page is empty: its offset once overflowed (a 500 on PostgreSQL).
        let far = format!("/api/v1/audit?page={}", i64::MAX);
        let r = api(&w.app, "GET", &far, Some(&w.admin.token), None).await;
        assert_eq!(
            (r.status, r.body.as_str()),
            (StatusCode::OK, "[]"),
            "{}",
            w.name
        );
        // The audit log holds the submission and the publication, with before and after.
        let r = api(&w.app, "GET", "/api/v1/audit", Some(&w.admin.token), None).await;
        let log = r.json();
        let entry = log
            .as_array()
            .expect("entries")
            .iter()
            .find(|e| {
                e["action"] == "submission.publish" && e["subject"] == format!("submission:{id}")
            })
            .expect("publish entry")
            .clone();
        assert_eq!(entry["actor"], "admin@example.org");
        assert_eq!(entry["before"]["status"], "submitted");
        assert_eq!(entry["after"]["status"], "published");
    }
}

#[tokio::test]
async fn issue4_a_second_moderators_stale_update_is_a_conflict() {
    for w in worlds().await {
        let id = submitted(&w).await;
        let version =
            w.db.store
                .get_submission(id)
                .await
                .expect("read")
                .expect("exists")
                .version;
        // Both moderators loaded the same version; the first one wins.
        let first = api(
            &w.app,
            "POST",
            &format!("/api/v1/submissions/{id}/publish"),
            Some(&w.fac_health.token),
            Some(serde_json::json!({"version": version})),
        )
        .await;
        assert_eq!(first.status, StatusCode::OK, "{}: {}", w.name, first.body);
        let second = api(
            &w.app,
            "POST",
            &format!("/api/v1/submissions/{id}/reject"),
            Some(&w.admin.token),
            Some(serde_json::json!({"version": version, "reason": "Duplicate"})),
        )
        .await;
        assert_eq!(
            second.status,
            StatusCode::CONFLICT,
            "{}: {}",
            w.name,
            second.body
        );
        let now =
            w.db.store
                .get_submission(id)
                .await
                .expect("read")
                .expect("exists");
        assert_eq!(now.status.as_str(), "published", "{}", w.name);
        assert_eq!(now.reason, None, "{}", w.name);
        // At the same time, through the store: exactly one of two wins.
        let id = submitted(&w).await;
        let v =
            w.db.store
                .get_submission(id)
                .await
                .expect("read")
                .expect("exists")
                .version;
        let (a, b) = tokio::join!(
            w.db.store.moderate(id, v, Moderation::Publish, "a"),
            w.db.store
                .moderate(id, v, Moderation::Reject("no".into()), "b")
        );
        assert!(a.is_ok() != b.is_ok(), "{}: {a:?} / {b:?}", w.name);
        // A rejection needs a reason, and the author reads it.
        let id = submitted(&w).await;
        let r = api(
            &w.app,
            "POST",
            &format!("/api/v1/submissions/{id}/reject"),
            Some(&w.admin.token),
            None,
        )
        .await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", w.name);
        let r = api(
            &w.app,
            "POST",
            &format!("/api/v1/submissions/{id}/reject"),
            Some(&w.admin.token),
            Some(serde_json::json!({"reason": "Please add sources"})),
        )
        .await;
        assert_eq!(r.status, StatusCode::OK, "{}", w.name);
        let mine = api(
            &w.app,
            "GET",
            &format!("/api/v1/submissions/{id}"),
            Some(&w.owner.token),
            None,
        )
        .await;
        assert_eq!(mine.json()["reason"], "Please add sources");
    }
}

#[tokio::test]
async fn issue4_sign_in_is_rate_limited_per_email() {
    for w in worlds().await {
        let page0 = send(
            &w.app,
            Request::get("/sign-in").body(Body::empty()).expect("req"),
        )
        .await;
        let csrf = hidden(&page0.body, "csrf");
        let attempt = |password: &str| {
            Request::post("/sign-in")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, format!("wsis_csrf={csrf}"))
                .body(Body::from(format!(
                    "csrf={csrf}&email=owner%40example.org&password={password}"
                )))
                .expect("req")
        };
        for _ in 0..wsis_web::consult::SIGN_IN_LIMIT {
            assert_eq!(
                send(&w.app, attempt("wrong+password")).await.status,
                StatusCode::UNAUTHORIZED,
                "{}",
                w.name
            );
        }
        // Even the right password waits now.
        let r = send(&w.app, attempt("a+long+enough+password")).await;
        assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", w.name);
    }
}

#[tokio::test]
async fn issue4_an_administrator_opens_closes_and_extends_a_call() {
    for w in worlds().await {
        // Through the API: open the draft with a later deadline.
        let path = format!("/api/v1/calls/{}", w.draft.id);
        let body = serde_json::json!({"status": "open", "deadline": "2032-05-31"});
        let r = api(&w.app, "PATCH", &path, Some(&w.admin.token), Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{}: {}", w.name, r.body);
        assert_eq!(r.json()["status"], "open");
        assert_eq!(r.json()["deadline"], "2032-05-31T23:59:59Z");
        assert_eq!(r.json()["title"], w.draft.title, "the title stays");
        // The public sees it now.
        let public = api(&w.app, "GET", &path, None, None).await;
        assert_eq!(public.status, StatusCode::OK, "{}", w.name);
        // Bad changes are refused and change nothing.
        for (body, want) in [
            (serde_json::json!({}), StatusCode::UNPROCESSABLE_ENTITY),
            (
                serde_json::json!({"deadline": "next spring"}),
                StatusCode::UNPROCESSABLE_ENTITY,
            ),
            (
                serde_json::json!({"status": "archived"}),
                StatusCode::BAD_REQUEST,
            ),
        ] {
            let r = api(&w.app, "PATCH", &path, Some(&w.admin.token), Some(body)).await;
            assert_eq!(r.status, want, "{}: {}", w.name, r.body);
        }
        let missing = api(
            &w.app,
            "PATCH",
            "/api/v1/calls/999999",
            Some(&w.admin.token),
            Some(serde_json::json!({"status": "closed"})),
        )
        .await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND, "{}", w.name);
        let now =
            w.db.store
                .get_call(w.draft.id)
                .await
                .expect("read")
                .expect("call");
        assert_eq!(
            (now.status.as_str(), now.deadline.as_str()),
            ("open", "2032-05-31T23:59:59Z"),
            "{}",
            w.name
        );
        // A change made from a stale read is a conflict.
        let before = now.clone();
        let mut closed = before.clone();
        closed.status = CallStatus::Closed;
        w.db.store
            .update_call(&before, &closed, "a")
            .await
            .expect("first change");
        let mut extended = before.clone();
        extended.deadline = "2033-01-01T00:00:00Z".into();
        let stale = w.db.store.update_call(&before, &extended, "b").await;
        assert!(
            matches!(stale, Err(wsis_store::Error::Changed(_))),
            "{}: {stale:?}",
            w.name
        );
        // Through the page: the form is for administrators only.
        let (admin, csrf) = sign_in(&w.app, "admin@example.org").await;
        let (owner, owner_csrf) = sign_in(&w.app, "owner@example.org").await;
        let call_page = format!("/calls/{}", w.open.id);
        let shown = page(&w.app, &call_page, Some(&admin)).await;
        assert!(shown.body.contains("/change\""), "{}: no form", w.name);
        let hidden_form = page(&w.app, &call_page, Some(&owner)).await;
        assert!(!hidden_form.body.contains("/change\""), "{}", w.name);
        let post = |cookies: &str, csrf: &str, deadline: &str| {
            Request::post(format!("/calls/{}/change", w.open.id))
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, cookies)
                .body(Body::from(format!(
                    "csrf={csrf}&status=closed&deadline={deadline}"
                )))
                .expect("req")
        };
        let refused = send(&w.app, post(&owner, &owner_csrf, "")).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", w.name);
        let before =
            w.db.store
                .get_call(w.open.id)
                .await
                .expect("read")
                .expect("call");
        assert_eq!(before.status, CallStatus::Open, "{}", w.name);
        // The deadline field sent back as shown keeps the stored seconds.
        let shown_deadline = before.deadline[..16].replace(':', "%3A");
        let done = send(&w.app, post(&admin, &csrf, &shown_deadline)).await;
        assert_eq!(
            done.status,
            StatusCode::SEE_OTHER,
            "{}: {}",
            w.name,
            done.body
        );
        let after =
            w.db.store
                .get_call(w.open.id)
                .await
                .expect("read")
                .expect("call");
        assert_eq!(after.status, CallStatus::Closed, "{}", w.name);
        assert_eq!(after.deadline, before.deadline, "{}", w.name);
        // A closed call takes no inputs; the audit log holds every change.
        let answer = serde_json::json!({"answers": ["Late words.", ""]});
        let late = api(
            &w.app,
            "POST",
            &format!("/api/v1/calls/{}/submissions", w.open.id),
            Some(&w.owner.token),
            Some(answer),
        )
        .await;
        assert_eq!(late.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", w.name);
        let log = api(&w.app, "GET", "/api/v1/audit", Some(&w.admin.token), None).await;
        let updates = log
            .json()
            .as_array()
            .expect("entries")
            .iter()
            .filter(|e| e["action"] == "call.update")
            .count();
        assert_eq!(updates, 3, "{}: {}", w.name, log.body);
    }
}

#[tokio::test]
async fn issue4_a_draft_loses_the_files_its_author_removes_and_never_holds_more_than_the_limit() {
    for w in worlds().await {
        let (owner, csrf) = sign_in(&w.app, "owner@example.org").await;
        let path = format!("/calls/{}/respond", w.open.id);
        let note = |n: usize| (format!("note-{n}.txt"), format!("Field note number {n}."));
        let notes: Vec<(String, String)> = (0..4).map(note).collect();
        let files: Vec<(&str, &str, &[u8])> = notes
            .iter()
            .map(|(name, text)| (name.as_str(), "text/plain", text.as_bytes()))
            .collect();
        let fields = [
            ("csrf", csrf.as_str()),
            ("answer-0", "Telemedicine for rural clinics."),
            ("answer-1", ""),
            ("action", "draft"),
        ];
        let (ct, body) = multipart(&fields, &files);
        let r = upload(&w.app, &path, None, Some(&owner), &ct, body).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", w.name, r.body);
        let drafts =
            w.db.store
                .submissions_of_user(w.owner.user.id)
                .await
                .expect("list");
        let draft = drafts
            .iter()
            .find(|s| s.status.as_str() == "draft")
            .expect("a draft")
            .clone();
        let draft =
            w.db.store
                .get_submission(draft.id)
                .await
                .expect("read")
                .expect("draft");
        assert_eq!(draft.attachments.len(), 4, "{}", w.name);
        let (id, version) = (draft.id.to_string(), draft.version.to_string());
        let with_draft = |extra: &[(String, String)]| {
            let mut f: Vec<(String, String)> = fields
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            f.push(("draft".into(), id.clone()));
            f.push(("version".into(), version.clone()));
            f.extend(extra.iter().cloned());
            f
        };
        let send_form = |f: Vec<(String, String)>, files: Vec<(&'static str, &'static [u8])>| {
            let fields: Vec<(&str, &str)> =
                f.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            let files: Vec<(&str, &str, &[u8])> =
                files.iter().map(|(n, b)| (*n, "text/plain", *b)).collect();
            multipart(&fields, &files)
        };
        // Two more files would make six: refused, and the draft is as it was.
        let (ct, body) = send_form(
            with_draft(&[]),
            vec![("five.txt", b"Five." as &[u8]), ("six.txt", b"Six.")],
        );
        let r = upload(&w.app, &path, None, Some(&owner), &ct, body).await;
        r.expect_status(StatusCode::PAYLOAD_TOO_LARGE, w.name);
        let same =
            w.db.store
                .get_submission(draft.id)
                .await
                .expect("read")
                .expect("draft");
        assert_eq!(same, draft, "{}: a refused save changed the draft", w.name);
        // A file of another input cannot be removed through this draft.
        let stray = [("remove-999999".to_string(), "1".to_string())];
        let (ct, body) = send_form(with_draft(&stray), vec![]);
        let r = upload(&w.app, &path, None, Some(&owner), &ct, body).await;
        r.expect_status(StatusCode::UNPROCESSABLE_ENTITY, w.name);
        // Removing two and adding two: four files, the removed ones gone.
        let gone: Vec<i64> = draft.attachments[..2].iter().map(|a| a.id).collect();
        let remove: Vec<(String, String)> = gone
            .iter()
            .map(|id| (format!("remove-{id}"), "1".to_string()))
            .collect();
        let (ct, body) = send_form(
            with_draft(&remove),
            vec![("five.txt", b"Five." as &[u8]), ("six.txt", b"Six.")],
        );
        let r = upload(&w.app, &path, None, Some(&owner), &ct, body).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", w.name, r.body);
        let after =
            w.db.store
                .get_submission(draft.id)
                .await
                .expect("read")
                .expect("draft");
        let mut files: Vec<&str> = after
            .attachments
            .iter()
            .map(|a| a.file_name.as_str())
            .collect();
        files.sort_unstable();
        assert_eq!(
            files,
            ["five.txt", "note-2.txt", "note-3.txt", "six.txt"],
            "{}",
            w.name
        );
        for id in gone {
            let r = page(&w.app, &format!("/attachments/{id}"), Some(&owner)).await;
            assert_eq!(r.status, StatusCode::NOT_FOUND, "{}: file {id}", w.name);
        }
        // A kept file: its author reads it; nobody else reads a draft's.
        let five = after.attachments.iter().find(|a| a.file_name == "five.txt");
        let five = format!("/attachments/{}", five.expect("five.txt").id);
        let r = page(&w.app, &five, Some(&owner)).await;
        assert_eq!(
            (r.status, r.body.as_str()),
            (StatusCode::OK, "Five."),
            "{}",
            w.name
        );
        let (other, _) = sign_in(&w.app, "other@example.org").await;
        for who in [None, Some(other.as_str())] {
            let r = page(&w.app, &five, who).await;
            assert!(
                [StatusCode::UNAUTHORIZED, StatusCode::FORBIDDEN].contains(&r.status),
                "{}: {}",
                w.name,
                r.status
            );
            assert!(!r.body.contains("Five."), "{}", w.name);
        }
        // The respond form offers each remaining file for removal.
        let form = page(&w.app, &format!("{path}?draft={}", draft.id), Some(&owner)).await;
        for a in &after.attachments {
            assert!(
                form.body.contains(&format!("name=\"remove-{}\"", a.id)),
                "{}: no checkbox for {}",
                w.name,
                a.file_name
            );
        }
    }
}

#[tokio::test]
async fn issue4_a_call_names_the_un_languages_it_accepts() {
    for w in worlds().await {
        let (admin, csrf) = sign_in(&w.app, "admin@example.org").await;
        let form = page(&w.app, "/calls/new", Some(&admin)).await;
        assert!(
            form.body.contains("name=\"language-ar\"") && form.body.contains("lang=\"ar\""),
            "{}: the form offers the UN languages by their own names",
            w.name
        );
        let body = format!(
            "csrf={csrf}&title=Languages&description=&questions=Why%3F&deadline=2031-01-01T12%3A00\
             &status=open&language-fr=1&language-ar=1"
        );
        let req = Request::post("/calls")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, &admin)
            .body(Body::from(body))
            .expect("req");
        let r = send(&w.app, req).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", w.name, r.body);
        let calls = w.db.store.list_calls(true).await.expect("calls");
        let made = calls.iter().find(|c| c.title == "Languages").expect("made");
        assert_eq!(made.languages, ["ar", "fr"], "{}", w.name);
        let shown = page(&w.app, &format!("/calls/{}", made.id), None).await;
        assert!(shown.body.contains("Français"), "{}", w.name);
        // Through the API: English by default, and only UN languages.
        let body = serde_json::json!({"title": "Default", "questions": [{"text": "Why?"}], "deadline": "2031-01-01"});
        let r = api(
            &w.app,
            "POST",
            "/api/v1/calls",
            Some(&w.admin.token),
            Some(body),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}: {}", w.name, r.body);
        assert_eq!(r.json()["languages"], serde_json::json!(["en"]));
        let before = w.db.store.list_calls(true).await.expect("calls").len();
        let body = serde_json::json!({"title": "Latin", "questions": [{"text": "Why?"}], "deadline": "2031-01-01", "languages": ["la"]});
        let r = api(
            &w.app,
            "POST",
            "/api/v1/calls",
            Some(&w.admin.token),
            Some(body),
        )
        .await;
        r.expect_status(StatusCode::UNPROCESSABLE_ENTITY, w.name);
        assert!(r.body.contains("languages"), "{}: {}", w.name, r.body);
        let after = w.db.store.list_calls(true).await.expect("calls").len();
        assert_eq!(before, after, "{}: nothing stored", w.name);
    }
}

/// An initiative with two machine suggestions, C7.e-health and SDG3.
async fn suggested_initiative(w: &World, id: &str) {
    let suggestion = |code: &str| CodeAssignment {
        code: code.into(),
        origin: Origin::Suggested,
        score: Some(0.8),
        evidence: vec!["telemedicine".into()],
        engine_version: Some("test".into()),
    };
    let item = wsis_register::Initiative {
        id: id.into(),
        title: "Telemedicine for rural clinics".into(),
        description: "Nurses consult doctors by telemedicine.".into(),
        organization: Organization {
            name: "Rural Health Connect".into(),
            stakeholder_group: StakeholderGroup::CivilSociety,
            country: Some("KEN".into()),
        },
        kind: wsis_register::Kind::Project,
        countries: vec!["KEN".into()],
        start_date: Some("2024".into()),
        end_date: None,
        status: wsis_register::Status::Ongoing,
        links: Vec::new(),
        codes: vec![suggestion("C7.e-health"), suggestion("SDG3")],
        attribution: None,
        sample: true,
    };
    w.db.store
        .import_initiatives(&[item], &mut |_| {})
        .await
        .expect("import");
}

#[tokio::test]
async fn issue3_reviewers_confirm_and_reject_codes_on_the_initiative_page() {
    for w in worlds().await {
        suggested_initiative(&w, "review-1").await;
        let (fac, csrf) = sign_in(&w.app, "health@example.org").await;
        let path = "/initiatives/review-1";
        let button = |code: &str| format!("name=\"code\" value=\"{code}\"");
        let anonymous = page(&w.app, path, None).await;
        assert!(
            !anonymous.body.contains("/review\""),
            "{}: a form for the public",
            w.name
        );
        let mine = page(&w.app, path, Some(&fac)).await;
        assert!(mine.body.contains(&button("C7.e-health")), "{}", w.name);
        assert!(
            !mine.body.contains(&button("SDG3")),
            "{}: SDG3 is not their line",
            w.name
        );
        let post = |cookies: &str, body: String| {
            Request::post("/initiatives/review-1/review")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .header(header::COOKIE, cookies)
                .body(Body::from(body))
                .expect("req")
        };
        let codes = |w: &World| {
            let store = Arc::clone(&w.db.store);
            async move {
                store
                    .get_initiative("review-1")
                    .await
                    .expect("read")
                    .expect("initiative")
                    .codes
            }
        };
        let before = codes(&w).await;
        // Refused: another line, no CSRF token, a decision that is not one.
        for (body, want) in [
            (
                format!("csrf={csrf}&code=SDG3&decision=confirm"),
                StatusCode::FORBIDDEN,
            ),
            (
                "code=C7.e-health&decision=confirm".to_string(),
                StatusCode::FORBIDDEN,
            ),
            (
                format!("csrf={csrf}&code=C7.e-health&decision=maybe"),
                StatusCode::BAD_REQUEST,
            ),
        ] {
            let r = send(&w.app, post(&fac, body.clone())).await;
            assert_eq!(r.status, want, "{}: {body}", w.name);
        }
        assert_eq!(
            codes(&w).await,
            before,
            "{}: a refused review changed codes",
            w.name
        );
        // Allowed: the facilitator confirms their line's suggestion.
        let body = format!("csrf={csrf}&code=C7.e-health&decision=confirm");
        let r = send(&w.app, post(&fac, body)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", w.name, r.body);
        let after = codes(&w).await;
        assert!(
            after
                .iter()
                .any(|c| c.code == "C7.e-health" && c.origin == Origin::Confirmed),
            "{}: {after:?}",
            w.name
        );
        assert!(
            after
                .iter()
                .any(|c| c.code == "C7.e-health" && c.origin == Origin::Suggested),
            "{}: the suggestion stays beside the decision",
            w.name
        );
        // The administrator rejects SDG3; the audit log names both reviewers.
        let (admin, admin_csrf) = sign_in(&w.app, "admin@example.org").await;
        let body = format!("csrf={admin_csrf}&code=SDG3&decision=reject");
        let r = send(&w.app, post(&admin, body)).await;
        assert_eq!(r.status, StatusCode::SEE_OTHER, "{}: {}", w.name, r.body);
        let log = w.db.store.audit_log(50, 0).await.expect("audit");
        let entry = |action: &str| {
            log.iter()
                .find(|e| e.action == action && e.subject == "initiative:review-1")
                .map(|e| e.actor.clone())
        };
        assert_eq!(
            entry("initiative.confirm_code").as_deref(),
            Some("health@example.org"),
            "{}",
            w.name
        );
        assert_eq!(
            entry("initiative.reject_code").as_deref(),
            Some("admin@example.org"),
            "{}",
            w.name
        );
    }
}
