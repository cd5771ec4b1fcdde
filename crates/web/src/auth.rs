//! Who is asking: sessions for the pages, tokens for the API, and the CSRF
//! defences of every form.
//!
//! A session is a random token in an `HttpOnly; SameSite=Lax` cookie; the
//! database keeps its SHA-256, so any instance of a deployment serves any
//! signed-in person. Forms carry a synchronizer token: the session's own
//! CSRF token once signed in, and before that (registration, sign-in) a
//! random token also set as a cookie (double submit). Unsafe requests whose
//! `Origin` names another site are refused before any handler runs.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header::{AUTHORIZATION, COOKIE, HOST, ORIGIN, SET_COOKIE};
use axum::http::request::Parts;
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use wsis_calls::access::Actor;
use wsis_calls::account::User;
use wsis_calls::secret;

use crate::AppState;
use crate::api::ApiError;

/// The session cookie's name.
pub const SESSION_COOKIE: &str = "wsis_session";
/// The cookie of the pre-session CSRF token.
pub const CSRF_COOKIE: &str = "wsis_csrf";
/// How long a session lasts, in seconds (eight hours: a working day).
pub const SESSION_SECONDS: i64 = 8 * 3600;

/// A cookie's value from the request's `Cookie` headers.
pub fn cookie<'a>(parts: &'a Parts, name: &str) -> Option<&'a str> {
    parts
        .headers
        .get_all(COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find_map(|(k, v)| (k == name).then_some(v))
}

/// A `Set-Cookie` value for a session or CSRF token (`max_age` 0 clears it).
pub fn set_cookie(name: &str, value: &str, max_age: i64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!("{name}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}");
    HeaderValue::from_str(&text).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// The pre-session CSRF token of a request, put there by [`csrf_layer`].
#[derive(Clone)]
struct AnonCsrf(String);

/// The person behind a page request, and the CSRF token their forms carry.
#[derive(Clone)]
pub struct Viewer {
    /// The signed-in account, if any.
    pub user: Option<User>,
    /// The token every form of theirs must send back.
    pub csrf: String,
    /// The hash of their session token, to sign out.
    pub session: Option<String>,
}

impl Viewer {
    /// The viewer as an [`Actor`] for access decisions.
    pub fn actor(&self) -> Actor<'_> {
        Actor(self.user.as_ref())
    }

    /// Whether a form's token is this viewer's.
    pub fn csrf_ok(&self, sent: &str) -> bool {
        !sent.is_empty() && secret::constant_time_eq(sent, &self.csrf)
    }
}

impl FromRequestParts<AppState> for Viewer {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Viewer, Response> {
        if let Some(token) = cookie(parts, SESSION_COOKIE).filter(|t| secret::is_token_shaped(t)) {
            let hash = secret::token_hash(token);
            match state.store.session_user(&hash).await {
                Ok(Some((user, csrf))) => {
                    return Ok(Viewer {
                        user: Some(user),
                        csrf,
                        session: Some(hash),
                    });
                }
                Ok(None) => {}
                Err(e) => {
                    tracing::error!(error = %e, "session lookup failed");
                    return Err(StatusCode::INTERNAL_SERVER_ERROR.into_response());
                }
            }
        }
        let csrf = parts
            .extensions
            .get::<AnonCsrf>()
            .map(|c| c.0.clone())
            .unwrap_or_default();
        Ok(Viewer {
            user: None,
            csrf,
            session: None,
        })
    }
}

/// Gives every request a pre-session CSRF token (setting its cookie when
/// the browser has none) and refuses unsafe requests from other origins.
pub async fn csrf_layer(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method && !req.uri().path().starts_with("/api/") && cross_origin(&req) {
        return (StatusCode::FORBIDDEN, "cross-site form posts are refused").into_response();
    }
    let (mut parts, body) = req.into_parts();
    let existing = cookie(&parts, CSRF_COOKIE)
        .filter(|t| secret::is_token_shaped(t))
        .map(str::to_string);
    let (token, fresh) = match existing {
        Some(t) => (t, false),
        None => match secret::new_token() {
            Ok(t) => (t, true),
            Err(e) => {
                tracing::error!(error = %e, "no randomness for a CSRF token");
                return StatusCode::INTERNAL_SERVER_ERROR.into_response();
            }
        },
    };
    parts.extensions.insert(AnonCsrf(token.clone()));
    req = Request::from_parts(parts, body);
    let mut res = next.run(req).await;
    if fresh {
        let max_age = 24 * 3600;
        res.headers_mut().append(
            SET_COOKIE,
            set_cookie(CSRF_COOKIE, &token, max_age, state.secure_cookies),
        );
    }
    res
}

/// Whether the request's `Origin` names a host other than its own.
fn cross_origin(req: &Request) -> bool {
    let Some(origin) = req.headers().get(ORIGIN).and_then(|o| o.to_str().ok()) else {
        return false;
    };
    let host = req.headers().get(HOST).and_then(|h| h.to_str().ok());
    let origin_host = origin.split_once("://").map(|(_, h)| h);
    match (origin_host, host) {
        (Some(o), Some(h)) => o != h,
        // An opaque (`null`) or unreadable origin is not ours.
        _ => true,
    }
}

/// The caller of an API route: anonymous, or the account of a valid
/// `Authorization: Bearer` token. A present but malformed or unknown token
/// is refused (401), never treated as anonymous.
pub struct ApiActor(pub Option<User>);

impl ApiActor {
    /// The caller as an [`Actor`] for access decisions.
    pub fn actor(&self) -> Actor<'_> {
        Actor(self.0.as_ref())
    }

    /// The caller's e-mail for the audit log.
    pub fn email(&self) -> String {
        self.0
            .as_ref()
            .map_or_else(|| "anonymous".into(), |u| u.email.clone())
    }
}

impl FromRequestParts<AppState> for ApiActor {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<ApiActor, ApiError> {
        let Some(value) = parts.headers.get(AUTHORIZATION) else {
            return Ok(ApiActor(None));
        };
        let token = value
            .to_str()
            .ok()
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|t| secret::is_token_shaped(t))
            .ok_or_else(|| {
                ApiError::Unauthorized(
                    "malformed Authorization header: send `Bearer` and a 64-digit token".into(),
                )
            })?;
        match state.store.token_user(&secret::token_hash(token)).await? {
            Some(user) => Ok(ApiActor(Some(user))),
            None => Err(ApiError::Unauthorized(
                "unknown or revoked API token".into(),
            )),
        }
    }
}

/// The client's address, the key of per-address rate limits (`unknown`
/// when the server runs without connection info, as in tests).
pub struct ClientAddr(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientAddr {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<ClientAddr, Self::Rejection> {
        let addr = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map_or_else(|| "unknown".to_string(), |c| c.0.ip().to_string());
        Ok(ClientAddr(addr))
    }
}
