//! Every API route, on SQLite and PostgreSQL.

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use wsis_web::{AppState, router};

use tower::ServiceExt;

use crate::support::{apps, get, send};

#[tokio::test]
async fn framework_routes_answer_the_complete_framework() {
    for app in apps().await {
        let r = get(&app.router, "/api/v1/framework/action-lines").await;
        assert_eq!(r.status, StatusCode::OK);
        assert!(r.content_type.starts_with("application/json"));
        let lines = r.json();
        let codes: Vec<&str> = lines
            .as_array()
            .expect("array")
            .iter()
            .filter_map(|a| a["code"].as_str())
            .collect();
        assert_eq!(codes.len(), 19, "11 action lines and 8 C7 sub-lines");
        assert!(codes.contains(&"C7.e-health") && codes.contains(&"C11"));
        let sdgs = get(&app.router, "/api/v1/framework/sdgs").await.json();
        assert_eq!(sdgs.as_array().map(Vec::len), Some(17));
        assert_eq!(sdgs[4]["code"], "SDG5");
        let gdc = get(&app.router, "/api/v1/framework/gdc-objectives")
            .await
            .json();
        assert_eq!(gdc.as_array().map(Vec::len), Some(5));
        let links = get(&app.router, "/api/v1/framework/crosswalk").await.json();
        let links = links.as_array().expect("links");
        assert!(
            links
                .iter()
                .any(|l| l["from"] == "GDC1" && l["kind"] == "gdc-action-line")
        );
        assert!(
            links
                .iter()
                .all(|l| l["source"].as_str().is_some_and(|s| !s.is_empty())),
            "{}",
            app.name
        );
    }
}

#[tokio::test]
async fn initiatives_search_returns_total_items_and_facets() {
    for app in apps().await {
        let all = get(&app.router, "/api/v1/initiatives").await;
        assert_eq!(all.status, StatusCode::OK, "{}", all.body);
        let all = all.json();
        let total = all["total"].as_i64().expect("total");
        assert!(total >= 40, "{}", app.name);
        assert_eq!(
            all["items"].as_array().map(Vec::len),
            Some(20),
            "default page size"
        );
        for facet in [
            "action_line",
            "sdg",
            "gdc",
            "group",
            "region",
            "country",
            "kind",
            "year",
        ] {
            assert!(
                all["facets"][facet]
                    .as_array()
                    .is_some_and(|v| !v.is_empty()),
                "facet {facet}"
            );
        }
        let group = &all["facets"]["group"][0];
        let (value, count) = (
            group["value"].as_str().expect("value"),
            group["count"].as_i64().expect("count"),
        );
        let narrowed = get(
            &app.router,
            &format!("/api/v1/initiatives?group={value}&per_page=100"),
        )
        .await
        .json();
        assert_eq!(
            narrowed["total"].as_i64(),
            Some(count),
            "facet count = filtered total ({})",
            app.name
        );
        let items = narrowed["items"].as_array().expect("items");
        assert!(
            items
                .iter()
                .all(|i| i["organization"]["stakeholder_group"] == value)
        );
        let first = &all["items"][0];
        let word = first["title"]
            .as_str()
            .expect("title")
            .split_whitespace()
            .find(|w| w.len() > 5)
            .expect("word");
        let found = get(
            &app.router,
            &format!(
                "/api/v1/initiatives?q={}",
                word.trim_matches(|c: char| !c.is_alphanumeric())
            ),
        )
        .await
        .json();
        let ids: Vec<&str> = found["items"]
            .as_array()
            .expect("items")
            .iter()
            .filter_map(|i| i["id"].as_str())
            .collect();
        assert!(
            ids.contains(&first["id"].as_str().expect("id")),
            "search by a title word ({})",
            app.name
        );
        let page3 = get(&app.router, "/api/v1/initiatives?page=3&per_page=20")
            .await
            .json();
        assert_eq!(
            page3["items"].as_array().map(Vec::len),
            Some((total as usize - 40).min(20))
        );
        let bad = get(&app.router, "/api/v1/initiatives?page=abc").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad.json()["error"]["status"], 400);
        // The search text is bounded as on the list page: every word costs
        // a phrase of the full-text query.
        let long = format!("/api/v1/initiatives?q={}", "ab%20".repeat(501));
        let bad = get(&app.router, &long).await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST, "{}", app.name);
        assert!(
            bad.json()["error"]["message"]
                .as_str()
                .is_some_and(|m| m.starts_with("q:"))
        );
        let fits = format!("/api/v1/initiatives?q={}", "ab%20".repeat(166));
        assert_eq!(get(&app.router, &fits).await.status, StatusCode::OK);
        // PostgreSQL text cannot hold NUL; it once failed the search there.
        let nul = get(&app.router, &format!("/api/v1/initiatives?q={}%00", word)).await;
        assert_eq!(nul.status, StatusCode::OK, "NUL ({})", app.name);
    }
}

/// The API once answered a filter value the register does not know with
/// an empty list (200), where the list page refuses it, and counted a
/// blank parameter (`sdg=`) as a value that matches nothing.
#[tokio::test]
async fn unknown_filter_values_are_refused_and_blank_ones_ignored_issue2() {
    for app in apps().await {
        let all = get(&app.router, "/api/v1/initiatives").await.json();
        let blank = get(&app.router, "/api/v1/initiatives?q=&sdg=&group=%20").await;
        assert_eq!(blank.status, StatusCode::OK, "{}", app.name);
        assert_eq!(blank.json()["total"], all["total"], "{}", app.name);
        for (name, value) in [
            ("action_line", "C12"),
            ("sdg", "SDG99"),
            ("sdg", "C3"),
            ("gdc", "GDC9"),
            ("group", "aliens"),
            ("region", "Mars"),
            ("country", "ZZZ"),
            ("kind", "essay"),
            ("status", "lost"),
            ("year", "20x4"),
        ] {
            let r = get(&app.router, &format!("/api/v1/initiatives?{name}={value}")).await;
            assert_eq!(
                r.status,
                StatusCode::BAD_REQUEST,
                "{name}={value} ({})",
                app.name
            );
            let message = r.json()["error"]["message"]
                .as_str()
                .unwrap_or("")
                .to_string();
            assert!(
                message.starts_with(&format!("{name}:")) && message.contains(value),
                "{name}={value}: {message}"
            );
        }
        // Known values of every kind still filter.
        let ok = get(
            &app.router,
            "/api/v1/initiatives?action_line=C7.e-health&sdg=SDG3&region=Asia&kind=project&status=ongoing",
        )
        .await;
        assert_eq!(ok.status, StatusCode::OK, "{}: {}", app.name, ok.body);
    }
}

/// Errors the framework answers by itself came as an empty body (405) or
/// plain text (413), where every other API error is JSON.
#[tokio::test]
async fn the_frameworks_own_errors_are_json_too_issue2() {
    let app = &apps().await[0];
    let res = app
        .router
        .clone()
        .oneshot(
            Request::delete("/api/v1/initiatives")
                .body(Body::empty())
                .expect("request"),
        )
        .await
        .expect("answers");
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    let allow = res
        .headers()
        .get(header::ALLOW)
        .and_then(|v| v.to_str().ok());
    assert!(allow.is_some_and(|a| a.contains("GET")), "{allow:?}");
    let body = axum::body::to_bytes(res.into_body(), 1 << 16)
        .await
        .expect("body");
    let v: serde_json::Value = serde_json::from_slice(&body).expect("JSON");
    assert_eq!(v["error"]["status"], 405);

    let big = vec![b'a'; wsis_web::MAX_BODY_BYTES + 1];
    let r = send(
        &app.router,
        Request::post("/api/v1/calls")
            .header(header::CONTENT_TYPE, "application/json")
            .header(header::CONTENT_LENGTH, big.len())
            .body(Body::from(big))
            .expect("request"),
    )
    .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    assert!(
        r.content_type.starts_with("application/json"),
        "{}",
        r.content_type
    );
    let message = r.json()["error"]["message"]
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(
        message.contains(&wsis_web::MAX_BODY_BYTES.to_string()),
        "{message}"
    );
    // An error a handler answers keeps its own message.
    let page = get(&app.router, "/api/v1/initiatives?page=abc").await;
    assert_eq!(page.json()["error"]["status"], 400);
}

#[tokio::test]
async fn one_initiative_and_unknown_ids() {
    for app in apps().await {
        let list = get(&app.router, "/api/v1/initiatives?per_page=1")
            .await
            .json();
        let id = list["items"][0]["id"].as_str().expect("id").to_string();
        let one = get(&app.router, &format!("/api/v1/initiatives/{id}")).await;
        assert_eq!(one.status, StatusCode::OK);
        assert_eq!(one.json()["id"], id.as_str());
        let missing = get(&app.router, "/api/v1/initiatives/no-such-id").await;
        assert_eq!(missing.status, StatusCode::NOT_FOUND);
        assert!(
            missing.json()["error"]["message"]
                .as_str()
                .is_some_and(|m| m.contains("no-such-id"))
        );
        let nowhere = get(&app.router, "/api/v1/nowhere").await;
        assert_eq!(nowhere.status, StatusCode::NOT_FOUND);
        assert!(
            nowhere.content_type.starts_with("application/json"),
            "{}",
            app.name
        );
    }
}

#[tokio::test]
async fn openapi_document_describes_every_route() {
    let app = &apps().await[0];
    let doc = get(&app.router, "/api/v1/openapi.json").await;
    assert_eq!(doc.status, StatusCode::OK);
    let doc = doc.json();
    assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.")));
    for path in [
        "/api/v1/framework/action-lines",
        "/api/v1/framework/sdgs",
        "/api/v1/framework/gdc-objectives",
        "/api/v1/framework/crosswalk",
        "/api/v1/initiatives",
        "/api/v1/initiatives/{id}",
        "/api/v1/initiatives/{id}/codes/{code}/confirm",
        "/api/v1/initiatives/{id}/codes/{code}/reject",
        "/healthz",
    ] {
        assert!(doc["paths"][path].is_object(), "{path} is documented");
    }
    let params = doc["paths"]["/api/v1/initiatives"]["get"]["parameters"]
        .as_array()
        .expect("params");
    let names: Vec<&str> = params.iter().filter_map(|p| p["name"].as_str()).collect();
    for p in [
        "q",
        "action_line",
        "sdg",
        "gdc",
        "group",
        "region",
        "country",
        "kind",
        "page",
    ] {
        assert!(names.contains(&p), "parameter {p}");
    }
    assert!(doc["components"]["schemas"]["Initiative"].is_object());
}

/// An OpenAPI validator (openapi-spec-validator 0.7) once found 61 errors
/// in the document: responses without the description the specification
/// requires, three operation ids shared by two operations (`list`, `one`,
/// `reject`: client generators then name two methods alike), and the audit
/// log's `page` declared as a path parameter. These are the rules it broke.
#[tokio::test]
async fn openapi_document_follows_the_specification_issue2() {
    let app = &apps().await[0];
    let doc = get(&app.router, "/api/v1/openapi.json").await.json();
    let mut ids = std::collections::BTreeSet::new();
    let paths = doc["paths"].as_object().expect("paths");
    for (path, item) in paths {
        for (method, op) in item.as_object().expect("path item") {
            let at = format!("{method} {path}");
            let id = op["operationId"].as_str().expect("an operation id");
            assert!(
                ids.insert(id.to_string()),
                "{at}: operation id {id} used twice"
            );
            for (status, r) in op["responses"].as_object().expect("responses") {
                assert!(
                    r["description"].as_str().is_some_and(|d| !d.is_empty()),
                    "{at} {status}: no description"
                );
            }
            let params = op["parameters"].as_array().cloned().unwrap_or_default();
            for p in &params {
                let name = p["name"].as_str().expect("name");
                let in_path = path.contains(&format!("{{{name}}}"));
                assert_eq!(p["in"] == "path", in_path, "{at}: parameter {name}");
            }
            for name in path.split('{').skip(1).filter_map(|s| s.split('}').next()) {
                assert!(
                    params
                        .iter()
                        .any(|p| p["name"] == name && p["in"] == "path"),
                    "{at}: path parameter {name} not declared"
                );
            }
        }
    }
    assert_eq!(ids.len(), 20, "every operation: {ids:?}");
}

#[tokio::test]
async fn healthz_reports_the_engine() {
    for app in apps().await {
        let r = get(&app.router, "/healthz").await;
        assert_eq!(r.status, StatusCode::OK);
        assert_eq!(r.json()["status"], "ok");
        assert_eq!(r.json()["database"], app.name);
    }
}

#[tokio::test]
async fn reviews_need_the_administrator_token() {
    for app in apps().await {
        let state =
            AppState::new(app.db.store.clone()).with_admin_token(Some("s3cret-token".into()));
        let secured = router(state);
        let id = get(&secured, "/api/v1/initiatives?per_page=1").await.json()["items"][0]["id"]
            .as_str()
            .expect("id")
            .to_string();
        let post = |path: String, token: Option<&str>| {
            let mut r = Request::post(path);
            if let Some(t) = token {
                r = r.header(header::AUTHORIZATION, format!("Bearer {t}"));
            }
            r.body(Body::empty()).expect("request")
        };
        let path = format!("/api/v1/initiatives/{id}/codes/SDG5/confirm");
        assert_eq!(
            send(&secured, post(path.clone(), None)).await.status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            send(&secured, post(path.clone(), Some("wrong")))
                .await
                .status,
            StatusCode::UNAUTHORIZED
        );
        assert_eq!(
            send(&app.router, post(path.clone(), Some("s3cret-token")))
                .await
                .status,
            StatusCode::UNAUTHORIZED,
            "a server without a token accepts none"
        );
        let before = get(&secured, &format!("/api/v1/initiatives/{id}"))
            .await
            .json();
        let confirmed = send(&secured, post(path, Some("s3cret-token"))).await;
        assert_eq!(confirmed.status, StatusCode::OK, "{}", confirmed.body);
        let codes = confirmed.json()["codes"].as_array().expect("codes").clone();
        assert!(
            codes
                .iter()
                .any(|c| c["code"] == "SDG5" && c["origin"] == "confirmed")
        );
        assert_eq!(
            codes.len(),
            before["codes"].as_array().map_or(0, Vec::len) + 1,
            "nothing else changed"
        );
        let reject = format!("/api/v1/initiatives/{id}/codes/SDG5/reject");
        let rejected = send(&secured, post(reject, Some("s3cret-token")))
            .await
            .json();
        let codes = rejected["codes"].as_array().expect("codes");
        assert!(
            codes
                .iter()
                .any(|c| c["code"] == "SDG5" && c["origin"] == "rejected")
        );
        assert!(
            !codes
                .iter()
                .any(|c| c["code"] == "SDG5" && c["origin"] == "confirmed")
        );
        let bad_code = format!("/api/v1/initiatives/{id}/codes/SDG99/confirm");
        assert_eq!(
            send(&secured, post(bad_code, Some("s3cret-token")))
                .await
                .status,
            StatusCode::BAD_REQUEST
        );
        let missing = "/api/v1/initiatives/nope/codes/SDG5/confirm".to_string();
        assert_eq!(
            send(&secured, post(missing, Some("s3cret-token")))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
    }
}

#[tokio::test]
async fn reviews_take_an_administrator_account_token_and_refuse_other_roles() {
    use wsis_calls::account::{NewUser, Role};
    use wsis_calls::secret;
    for app in apps().await {
        let mut tokens = Vec::new();
        for (email, role) in [
            ("review-admin@example.org", Role::Admin),
            ("review-fac@example.org", Role::Facilitator),
        ] {
            let new = NewUser {
                email: email.into(),
                name: email.into(),
                password_hash: secret::hash_password("a long enough password").expect("hash"),
                role,
                action_lines: if role == Role::Facilitator {
                    vec!["C5".into()]
                } else {
                    Vec::new()
                },
                organization: None,
            };
            let user = app.db.store.create_user(&new, "test").await.expect("user");
            let token = secret::new_token().expect("token");
            app.db
                .store
                .create_api_token(&user, &secret::token_hash(&token), "test")
                .await
                .expect("token");
            tokens.push(token);
        }
        let id = get(&app.router, "/api/v1/initiatives?per_page=1")
            .await
            .json()["items"][0]["id"]
            .as_str()
            .expect("id")
            .to_string();
        let path = format!("/api/v1/initiatives/{id}/codes/SDG9/confirm");
        let post = |token: &str| {
            Request::post(path.clone())
                .header(header::AUTHORIZATION, format!("Bearer {token}"))
                .body(Body::empty())
                .expect("request")
        };
        let before = get(&app.router, &format!("/api/v1/initiatives/{id}"))
            .await
            .json();
        let refused = send(&app.router, post(&tokens[1])).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{}", app.name);
        let unknown = send(&app.router, post(&"0".repeat(64))).await;
        assert_eq!(unknown.status, StatusCode::UNAUTHORIZED, "{}", app.name);
        let after = get(&app.router, &format!("/api/v1/initiatives/{id}"))
            .await
            .json();
        assert_eq!(
            before, after,
            "{}: a refused review changed nothing",
            app.name
        );
        let done = send(&app.router, post(&tokens[0])).await;
        assert_eq!(done.status, StatusCode::OK, "{}: {}", app.name, done.body);
        assert!(
            done.json()["codes"]
                .as_array()
                .expect("codes")
                .iter()
                .any(|c| c["code"] == "SDG9" && c["origin"] == "confirmed")
        );
    }
}

/// The register as one download, in the layout of `wsis-hub export`: more
/// initiatives than one page of the stream, the same bytes as the export
/// written at once, in both formats and on both engines.
#[tokio::test]
async fn the_whole_register_downloads_as_one_file_issue2() {
    use wsis_register::interchange::{Format, write};
    for app in apps().await {
        let demo = app.db.store.export_initiatives().await.expect("demo");
        let more: Vec<_> = (0..2100)
            .map(|n| wsis_register::Initiative {
                id: format!("bulk-{n:05}"),
                ..demo[n % demo.len()].clone()
            })
            .collect();
        app.db
            .store
            .import_initiatives(&more, &mut |_| {})
            .await
            .expect("import");
        let all = app.db.store.export_initiatives().await.expect("all");
        assert_eq!(all.len(), demo.len() + 2100);
        for (format, query, kind) in [
            (Format::Json, "", "application/json"),
            (Format::Csv, "?format=csv", "text/csv"),
        ] {
            let r = get(&app.router, &format!("/api/v1/export/initiatives{query}")).await;
            assert_eq!(r.status, StatusCode::OK, "{}", app.name);
            assert!(r.content_type.starts_with(kind), "{}", r.content_type);
            let mut whole = Vec::new();
            write(format, &all, &mut whole).expect("write");
            assert!(r.body.as_bytes() == whole, "{format:?} ({})", app.name);
        }
        let bad = get(&app.router, "/api/v1/export/initiatives?format=xml").await;
        assert_eq!(bad.status, StatusCode::BAD_REQUEST);
        assert_eq!(bad.json()["error"]["status"], 400);
    }
}

/// The open data could not be read by a page of another site: no CORS
/// header. Reads are now open to any origin; writes and credentials are not.
#[tokio::test]
async fn other_sites_may_read_the_open_data_but_not_write_issue2() {
    let app = &apps().await[0];
    let ask = |req: axum::http::request::Builder| {
        let router = app.router.clone();
        async move {
            router
                .oneshot(req.body(Body::empty()).expect("request"))
                .await
                .expect("answers")
        }
    };
    let origin = "https://dashboard.example.org";
    let res = ask(Request::get("/api/v1/initiatives").header(header::ORIGIN, origin)).await;
    assert_eq!(res.status(), StatusCode::OK);
    let allow = res.headers().get(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    assert_eq!(allow.and_then(|v| v.to_str().ok()), Some("*"));
    assert!(
        res.headers()
            .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
            .is_none()
    );
    // A page of the site itself is not offered to other sites.
    let page = ask(Request::get("/initiatives").header(header::ORIGIN, origin)).await;
    assert!(
        page.headers()
            .get(header::ACCESS_CONTROL_ALLOW_ORIGIN)
            .is_none()
    );
    // A preflight for a write, or for a request with a token, grants neither.
    let pre = ask(Request::options("/api/v1/calls")
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "authorization"))
    .await;
    let methods = pre
        .headers()
        .get(header::ACCESS_CONTROL_ALLOW_METHODS)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    assert!(!methods.contains("POST"), "{methods}");
    assert!(
        pre.headers()
            .get(header::ACCESS_CONTROL_ALLOW_HEADERS)
            .is_none()
    );
}

/// A client that polls the download is told "not modified" until the
/// register changes, rather than fetching it whole each time.
#[tokio::test]
async fn the_download_is_not_sent_again_until_the_register_changes_issue2() {
    for app in apps().await {
        let fetch = |tag: Option<String>| {
            let router = app.router.clone();
            async move {
                let mut req = Request::get("/api/v1/export/initiatives?format=csv");
                if let Some(t) = tag {
                    req = req.header(header::IF_NONE_MATCH, t);
                }
                let res = router
                    .oneshot(req.body(Body::empty()).expect("request"))
                    .await
                    .expect("answers");
                let tag = res
                    .headers()
                    .get(header::ETAG)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string);
                let status = res.status();
                let body = axum::body::to_bytes(res.into_body(), 1 << 24)
                    .await
                    .expect("body");
                (status, tag, body.len())
            }
        };
        let (status, tag, len) = fetch(None).await;
        assert_eq!(status, StatusCode::OK, "{}", app.name);
        assert!(len > 1000);
        let tag = tag.expect("an ETag");
        let (status, again, len) = fetch(Some(tag.clone())).await;
        assert_eq!((status, len), (StatusCode::NOT_MODIFIED, 0), "{}", app.name);
        assert_eq!(again.as_deref(), Some(tag.as_str()));
        // Another format is another file: the CSV's tag does not match it.
        let json = send(
            &app.router,
            Request::get("/api/v1/export/initiatives")
                .header(header::IF_NONE_MATCH, &tag)
                .body(Body::empty())
                .expect("request"),
        )
        .await;
        assert_eq!(json.status, StatusCode::OK);
        // A write changes the register's state, and the file is sent again.
        let one = app.db.store.export_initiatives().await.expect("demo")[0].clone();
        let added = wsis_register::Initiative {
            id: "poll-1".into(),
            ..one
        };
        app.db
            .store
            .import_initiatives(&[added], &mut |_| {})
            .await
            .expect("import");
        let (status, newer, _) = fetch(Some(tag.clone())).await;
        assert_eq!(status, StatusCode::OK, "{}", app.name);
        assert_ne!(newer, Some(tag));
    }
}

/// Each download reads the whole register: a server sends a few at once
/// and answers 429 beyond, and a place comes back when a client goes away.
#[tokio::test]
async fn downloads_at_once_are_limited_issue2() {
    let app = &apps().await[0];
    let start = || {
        app.router.clone().oneshot(
            Request::get("/api/v1/export/initiatives")
                .body(Body::empty())
                .expect("request"),
        )
    };
    let mut open = Vec::new();
    for _ in 0..wsis_web::MAX_DOWNLOADS {
        let res = start().await.expect("answers");
        assert_eq!(res.status(), StatusCode::OK);
        open.push(res);
    }
    let refused = start().await.expect("answers");
    assert_eq!(refused.status(), StatusCode::TOO_MANY_REQUESTS);
    drop(open.pop());
    let res = start().await.expect("answers");
    assert_eq!(res.status(), StatusCode::OK, "a place came back");
    let body = axum::body::to_bytes(res.into_body(), 1 << 24)
        .await
        .expect("body");
    assert!(serde_json::from_slice::<serde_json::Value>(&body).is_ok_and(|v| v.is_array()));
}
