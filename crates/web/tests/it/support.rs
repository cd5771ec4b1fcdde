//! A router over a fresh database with the demo data, and request helpers.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use tower::ServiceExt;
use wsis_framework::Framework;
use wsis_store::testing::{self, TestDb};
use wsis_web::{AppState, router};

/// A database loaded with the shipped demo data.
pub async fn demo_db(db: TestDb) -> TestDb {
    let fw = Framework::embedded();
    let text = include_str!("../../../../data/demo/initiatives.json");
    let batch = wsis_register::interchange::read_json(text.as_bytes(), fw).expect("demo data");
    db.store
        .import_initiatives(&batch.items, &mut |_| {})
        .await
        .expect("import demo");
    db
}

/// A router over a test database, which lives as long as the router.
pub struct App {
    /// The engine's name, for messages.
    pub name: &'static str,
    /// The application.
    pub router: Router,
    /// The database behind it.
    pub db: TestDb,
}

/// One application per engine, each over its own database with the demo data.
pub async fn apps() -> Vec<App> {
    let mut out = Vec::new();
    for db in testing::both().await {
        let db = demo_db(db).await;
        let router = router(AppState::new(Arc::clone(&db.store)));
        out.push(App {
            name: db.name,
            router,
            db,
        });
    }
    out
}

/// A response's status, content type and body.
pub struct Reply {
    pub status: StatusCode,
    pub content_type: String,
    pub body: String,
}

impl Reply {
    /// Fails the test, naming `context` and the body, unless the status is
    /// `status`.
    #[track_caller]
    pub fn expect_status(&self, status: StatusCode, context: &str) {
        assert_eq!(self.status, status, "{context}: {}", self.body);
    }

    /// The body parsed as JSON.
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.body))
    }
}

/// Sends a request to the router.
pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.expect("router answers");
    let status = response.status();
    let content_type = response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let bytes = axum::body::to_bytes(response.into_body(), 16 * 1024 * 1024)
        .await
        .expect("body");
    Reply {
        status,
        content_type,
        body: String::from_utf8_lossy(&bytes).into_owned(),
    }
}

/// GET a path.
pub async fn get(app: &Router, path: &str) -> Reply {
    send(
        app,
        Request::get(path).body(Body::empty()).expect("request"),
    )
    .await
}
