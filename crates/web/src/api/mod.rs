//! The JSON API under `/api/v1`, and its OpenAPI document.
//!
//! The document at `/api/v1/openapi.json` is generated from the handlers'
//! `#[utoipa::path]` annotations and the types' `ToSchema` derives, so it
//! cannot drift from what the code serves.

mod calls;
mod error;
mod export;
mod framework;
mod health;
mod initiatives;
mod review;

use axum::routing::{get, post};
use axum::{Json, Router};
use utoipa::OpenApi;
use wsis_register::interchange::Format as FileFormat;

use crate::AppState;
pub use error::{ApiError, json_errors};

/// `?format=` of a route that answers a file: `json` (the default) or `csv`.
#[derive(Debug, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct FormatQuery {
    /// `json` (default) or `csv`.
    #[serde(default)]
    pub format: Option<String>,
}

impl FormatQuery {
    /// The format asked for; another than json or csv is a 400.
    pub fn get(&self) -> Result<FileFormat, ApiError> {
        match self.format.as_deref() {
            None | Some("json") => Ok(FileFormat::Json),
            Some("csv") => Ok(FileFormat::Csv),
            Some(other) => Err(ApiError::BadRequest(format!(
                "format `{other}`: use json or csv"
            ))),
        }
    }
}

/// The OpenAPI description of the API.
#[derive(OpenApi)]
#[openapi(
    info(
        title = "wsis-hub API",
        description = "Open data of the WSIS stocktaking register and the WSIS framework \
                       (action lines, SDGs, Global Digital Compact objectives and their crosswalks).",
        license(name = "AGPL-3.0-or-later")
    ),
    paths(
        framework::action_lines,
        framework::sdgs,
        framework::gdc_objectives,
        framework::crosswalk,
        initiatives::list,
        initiatives::one,
        export::initiatives,
        review::confirm,
        review::reject,
        health::healthz,
        calls::list,
        calls::create,
        calls::one,
        calls::change,
        calls::inputs,
        calls::submit,
        calls::submission,
        calls::publish,
        calls::reject,
        calls::audit,
    ),
    components(schemas(error::ErrorBody, error::ErrorDetail)),
    modifiers(&BearerToken)
)]
pub struct ApiDoc;

/// Declares the bearer-token scheme the review calls use.
struct BearerToken;

impl utoipa::Modify for BearerToken {
    fn modify(&self, doc: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = doc.components.get_or_insert_with(Default::default);
        let scheme = HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build();
        components.add_security_scheme("admin_token", SecurityScheme::Http(scheme.clone()));
        components.add_security_scheme("bearer", SecurityScheme::Http(scheme));
    }
}

/// The API's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi))
        .route(
            "/api/v1/framework/action-lines",
            get(framework::action_lines),
        )
        .route("/api/v1/framework/sdgs", get(framework::sdgs))
        .route(
            "/api/v1/framework/gdc-objectives",
            get(framework::gdc_objectives),
        )
        .route("/api/v1/framework/crosswalk", get(framework::crosswalk))
        .route("/api/v1/initiatives", get(initiatives::list))
        .route("/api/v1/initiatives/{id}", get(initiatives::one))
        .route("/api/v1/export/initiatives", get(export::initiatives))
        .route(
            "/api/v1/initiatives/{id}/codes/{code}/confirm",
            post(review::confirm),
        )
        .route(
            "/api/v1/initiatives/{id}/codes/{code}/reject",
            post(review::reject),
        )
        .route("/api/v1/calls", get(calls::list).post(calls::create))
        .route("/api/v1/calls/{id}", get(calls::one).patch(calls::change))
        .route("/api/v1/calls/{id}/inputs", get(calls::inputs))
        .route("/api/v1/submissions/{id}", get(calls::submission))
        .route("/api/v1/submissions/{id}/publish", post(calls::publish))
        .route("/api/v1/submissions/{id}/reject", post(calls::reject))
        .route("/api/v1/audit", get(calls::audit))
        .route("/healthz", get(health::healthz))
        .route("/api/{*rest}", axum::routing::any(error::no_such_route))
        .layer(open_data_cors())
}

/// Lets pages of other sites read the API (`Access-Control-Allow-Origin:
/// *`): the register and the framework are open data, and a dashboard or a
/// notebook in a browser elsewhere should be able to fetch them. Only
/// reads, and never with the visitor's credentials: a browser sends no
/// cookie with such a request, and a request that carries a token needs a
/// preflight this does not grant, so what another site can read is what
/// anyone can.
fn open_data_cors() -> tower_http::cors::CorsLayer {
    use axum::http::{Method, header};
    tower_http::cors::CorsLayer::new()
        .allow_origin(tower_http::cors::Any)
        .allow_methods([Method::GET, Method::HEAD])
        .expose_headers([header::CONTENT_DISPOSITION])
        .max_age(std::time::Duration::from_secs(24 * 3600))
}

async fn openapi() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}

/// Routes that take uploads, with their own (larger) body limit.
pub fn upload_routes() -> Router<AppState> {
    Router::new().route("/api/v1/calls/{id}/submissions", post(calls::submit))
}
