//! The HTTP server of wsis-hub.
//!
//! Server-rendered HTML pages that work without JavaScript (`pages`), and a
//! JSON API under `/api/v1` described by an OpenAPI document generated from
//! the handlers (`api`). Handlers are thin: they extract the request, call
//! one store or framework function, and render a typed template or JSON.
#![forbid(unsafe_code)]

pub mod api;
pub mod auth;
pub mod consult;
pub mod filter;
mod i18n;
pub mod pages;
mod state;
mod upload;

use std::time::Duration;

use axum::Router;
use axum::http::{HeaderValue, header};
use tower_http::compression::predicate::{NotForContentType, Predicate};
use tower_http::compression::{CompressionLayer, DefaultPredicate};
use tower_http::limit::RequestBodyLimitLayer;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::timeout::TimeoutLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

pub use state::{AppState, MAX_DOWNLOADS, Mapper};

/// Largest request body the server reads, except on the routes that take
/// attached files (see [`consult::MAX_UPLOAD_BYTES`]).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

/// Marks a response whose body holds a secret (a form's CSRF token), so
/// that it is sent uncompressed. Compressing a secret together with text
/// that a third party can choose (a search text shown back on the page) lets
/// one who watches the sizes of the encrypted responses guess the secret a
/// character at a time (the BREACH attack).
#[derive(Clone, Copy, Debug)]
pub struct CarriesSecret;

/// What is compressed: text answers of some size (the default predicate),
/// except those that carry a secret and files that are compressed already
/// (PDF, and DOCX, which is a zip).
fn compressible() -> impl Predicate {
    DefaultPredicate::new()
        .and(NotForContentType::const_new("application/pdf"))
        .and(NotForContentType::const_new(
            "application/vnd.openxmlformats",
        ))
        .and(|_, _, _: &_, extensions: &axum::http::Extensions| {
            extensions.get::<CarriesSecret>().is_none()
        })
}

/// The whole application: pages, API, static files and the security headers
/// every response carries.
pub fn router(state: AppState) -> Router {
    let uploads = Router::new()
        .merge(pages::upload_routes())
        .merge(api::upload_routes())
        .layer(axum::extract::DefaultBodyLimit::max(
            consult::MAX_UPLOAD_BYTES,
        ))
        .layer(RequestBodyLimitLayer::new(consult::MAX_UPLOAD_BYTES));
    Router::new()
        .merge(pages::routes())
        .merge(api::routes())
        .layer(RequestBodyLimitLayer::new(MAX_BODY_BYTES))
        .merge(uploads)
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            auth::csrf_layer,
        ))
        .layer(TimeoutLayer::with_status_code(
            axum::http::StatusCode::REQUEST_TIMEOUT,
            Duration::from_secs(30),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(
                "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; \
                 frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
            ),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        ))
        .layer(axum::middleware::from_fn(api::json_errors))
        // One line per request (method, path, status, time) for operators
        // who ask for it: `WSIS_HUB_LOG=warn,wsis=info,tower_http=info`.
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_response(DefaultOnResponse::new().level(Level::INFO)),
        )
        .layer(CompressionLayer::new().compress_when(compressible()))
        .with_state(state)
}
