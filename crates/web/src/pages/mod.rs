//! The server-rendered HTML pages.
//!
//! Every page works without JavaScript: links and a plain GET form drive
//! search, facets and pagination. Handlers are thin: they extract the request
//! (with its `Tr` locale), make one store or framework call, turn the
//! result into a view struct and render an askama template (auto-escaped).
//! Errors become HTML error pages with the right status ([`PageError`]).

pub(crate) mod account;
mod assets;
mod calls;
mod error;
mod framework;
mod highlight;
mod home;
mod initiative;
mod initiatives;
mod labels;
mod query;
mod submissions;
mod view;

use askama::Template;
use axum::Router;
use axum::http::StatusCode;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, VARY};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub use error::PageError;

use crate::AppState;
use crate::i18n::Tr;

/// Routes of the HTML pages, the static files and the HTML 404 fallback.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home::page))
        .route("/action-lines/{code}", get(framework::action_line))
        .route("/sdgs/{code}", get(framework::sdg))
        .route("/gdc/{code}", get(framework::gdc))
        .route("/initiatives", get(initiatives::page))
        .route("/initiatives/{id}", get(initiative::page))
        .route("/initiatives/{id}/review", post(initiative::review))
        .route("/static/{file}", get(assets::file))
        .route("/account", get(account::page))
        .route(
            "/register",
            get(account::register_form).post(account::register),
        )
        .route(
            "/sign-in",
            get(account::sign_in_form).post(account::sign_in),
        )
        .route("/sign-out", post(account::sign_out))
        .route("/calls", get(calls::list).post(calls::create))
        .route("/calls/new", get(calls::new_form))
        .route("/calls/{id}", get(calls::page))
        .route("/calls/{id}/respond", get(calls::respond_form))
        .route("/calls/{id}/change", post(calls::change))
        .route("/submissions/{id}", get(submissions::page))
        .route("/submissions/{id}/publish", post(submissions::publish))
        .route("/submissions/{id}/reject", post(submissions::reject))
        .route("/submissions/{id}/codes", post(submissions::code))
        .route("/my/inputs", get(submissions::mine))
        .route("/moderation", get(submissions::queue))
        .route("/audit", get(submissions::audit))
        .route("/attachments/{id}", get(submissions::file))
        .fallback(not_found)
}

/// The HTML 404 page for every path no route claims.
async fn not_found(tr: Tr) -> PageError {
    PageError::not_found(&tr)
}

/// The hidden field by which a form carries its CSRF token: a page that
/// holds one is a secret beside text a link may have put there (a search
/// text shown back), and is sent uncompressed (see [`crate::CarriesSecret`]).
const CSRF_FIELD: &str = r#"name="csrf""#;

/// Renders a template into an HTML response with a status. A template that
/// fails to render (a bug, not a user error) gives a plain 500 rather than
/// a panic on the request path.
fn render(status: StatusCode, template: &impl Template) -> Response {
    match template.render() {
        Ok(html) => {
            let headers = [
                (CONTENT_TYPE, "text/html; charset=utf-8"),
                // Pages show live data; let caches revalidate every time.
                (CACHE_CONTROL, "no-cache"),
                // The language comes from this header when `?lang=` is absent.
                (VARY, "Accept-Language"),
            ];
            let carries_secret = html.contains(CSRF_FIELD);
            let mut res = (status, headers, html).into_response();
            if carries_secret {
                res.extensions_mut().insert(crate::CarriesSecret);
            }
            res
        }
        Err(e) => {
            tracing::error!(error = %e, "template failed to render");
            (StatusCode::INTERNAL_SERVER_ERROR, "internal error").into_response()
        }
    }
}

/// Pages that take uploads, with their own (larger) body limit.
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/calls/{id}/respond", post(calls::respond))
}
