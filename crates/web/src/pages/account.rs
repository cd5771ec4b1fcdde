//! `/account`, `/register`, `/sign-in`, `/sign-out`.

use askama::Template;
use axum::Form;
use axum::extract::{Query, State};
use axum::http::header::{LOCATION, SET_COOKIE};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use wsis_calls::account::User;

use crate::AppState;
use crate::auth::{ClientAddr, SESSION_COOKIE, SESSION_SECONDS, Viewer, set_cookie};
use crate::consult::{self, ConsultError, Registration};
use crate::i18n::Tr;
use crate::pages::{PageError, render};

/// Where to go after signing in: a local path only, so the parameter cannot
/// send people to another site. Browsers drop tabs and line breaks from a
/// `Location` and read `\\` as `/`, so `/<TAB>/evil.example` would be
/// `//evil.example` to them: no control character or backslash may pass.
fn local_path(next: Option<&str>) -> &str {
    match next {
        Some(n)
            if n.starts_with('/')
                && !n.starts_with("//")
                && !n.chars().any(|c| c == '\\' || c.is_control()) =>
        {
            n
        }
        _ => "/account",
    }
}

/// A redirect after a form post.
pub fn see_other(to: &str) -> Response {
    let mut h = HeaderMap::new();
    if let Ok(v) = to.parse() {
        h.insert(LOCATION, v);
    }
    (StatusCode::SEE_OTHER, h).into_response()
}

/// The sign-in page's address, coming back to `path`.
pub fn sign_in_to(path: &str) -> Response {
    let mut encoded = String::new();
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || b"/-_.".contains(&b) {
            encoded.push(b as char);
        } else {
            encoded.push_str(&format!("%{b:02X}"));
        }
    }
    see_other(&format!("/sign-in?next={encoded}"))
}

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    tr: Tr,
    user: Option<User>,
    csrf: String,
}

/// `GET /account`.
pub async fn page(tr: Tr, viewer: Viewer) -> Response {
    render(
        StatusCode::OK,
        &AccountPage {
            tr,
            user: viewer.user,
            csrf: viewer.csrf,
        },
    )
}

/// The countries of the register, for the country menu.
pub struct CountryOption {
    /// ISO alpha-3.
    pub code: String,
    /// English name.
    pub name: String,
}

#[derive(Template)]
#[template(path = "register.html")]
struct RegisterPage {
    tr: Tr,
    csrf: String,
    error: Option<String>,
    form: RegisterForm,
    groups: Vec<&'static str>,
    countries: Vec<CountryOption>,
}

/// The registration form's fields.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct RegisterForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    organization: String,
    #[serde(default)]
    group: String,
    #[serde(default)]
    country: String,
}

const GROUPS: [&str; 6] = [
    "government",
    "international-organization",
    "private-sector",
    "civil-society",
    "academia",
    "technical-community",
];

fn register_page(
    state: &AppState,
    tr: Tr,
    csrf: String,
    error: Option<String>,
    mut form: RegisterForm,
) -> RegisterPage {
    form.password.clear();
    let mut countries: Vec<CountryOption> = state
        .framework
        .countries
        .iter()
        .map(|c| CountryOption {
            code: c.iso3.clone(),
            name: c.name.clone(),
        })
        .collect();
    countries.sort_by(|a, b| a.name.cmp(&b.name));
    RegisterPage {
        tr,
        csrf,
        error,
        form,
        groups: GROUPS.to_vec(),
        countries,
    }
}

/// `GET /register`.
pub async fn register_form(State(s): State<AppState>, tr: Tr, viewer: Viewer) -> Response {
    render(
        StatusCode::OK,
        &register_page(&s, tr, viewer.csrf, None, RegisterForm::default()),
    )
}

/// `POST /register`: creates a stakeholder account and signs it in.
pub async fn register(
    State(s): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    ClientAddr(addr): ClientAddr,
    Form(form): Form<RegisterForm>,
) -> Result<Response, PageError> {
    if !viewer.csrf_ok(&form.csrf) {
        return Err(PageError::consult(&tr, ConsultError::Csrf));
    }
    let reg = Registration {
        email: form.email.clone(),
        password: form.password.clone(),
        name: form.name.clone(),
        organization: form.organization.clone(),
        group: form.group.clone(),
        country: form.country.clone(),
    };
    match consult::register(&s, reg, &addr).await {
        Ok(user) => signed_in(&s, &tr, &user, "/calls").await,
        Err(e @ ConsultError::Invalid(_)) => {
            let page = register_page(&s, tr, viewer.csrf, Some(e.to_string()), form);
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::consult(&tr, e)),
    }
}

async fn signed_in(s: &AppState, tr: &Tr, user: &User, to: &str) -> Result<Response, PageError> {
    let token = consult::open_session(s, user)
        .await
        .map_err(|e| PageError::consult(tr, e))?;
    let mut res = see_other(to);
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(SESSION_COOKIE, &token, SESSION_SECONDS, s.secure_cookies),
    );
    Ok(res)
}

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    tr: Tr,
    csrf: String,
    error: Option<String>,
    email: String,
    next: String,
}

/// `?next=` of the sign-in page.
#[derive(Debug, Default, Deserialize)]
pub struct Next {
    #[serde(default)]
    next: Option<String>,
}

/// `GET /sign-in`.
pub async fn sign_in_form(tr: Tr, viewer: Viewer, Query(q): Query<Next>) -> Response {
    let page = SignInPage {
        tr,
        csrf: viewer.csrf,
        error: None,
        email: String::new(),
        next: local_path(q.next.as_deref()).to_string(),
    };
    render(StatusCode::OK, &page)
}

/// The sign-in form's fields.
#[derive(Debug, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: Option<String>,
}

/// `POST /sign-in`.
pub async fn sign_in(
    State(s): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    ClientAddr(addr): ClientAddr,
    Form(form): Form<SignInForm>,
) -> Result<Response, PageError> {
    if !viewer.csrf_ok(&form.csrf) {
        return Err(PageError::consult(&tr, ConsultError::Csrf));
    }
    let next = local_path(form.next.as_deref()).to_string();
    match consult::sign_in(&s, &form.email, &form.password, &addr).await {
        Ok(user) => signed_in(&s, &tr, &user, &next).await,
        Err(e @ ConsultError::BadCredentials) => {
            let page = SignInPage {
                tr,
                csrf: viewer.csrf,
                error: Some(e.to_string()),
                email: form.email,
                next,
            };
            Ok(render(StatusCode::UNAUTHORIZED, &page))
        }
        Err(e) => Err(PageError::consult(&tr, e)),
    }
}

/// The sign-out form's field.
#[derive(Debug, Deserialize)]
pub struct CsrfOnly {
    #[serde(default)]
    csrf: String,
}

/// `POST /sign-out`: ends the session in the database and clears the cookie.
pub async fn sign_out(
    State(s): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Form(form): Form<CsrfOnly>,
) -> Result<Response, PageError> {
    if !viewer.csrf_ok(&form.csrf) {
        return Err(PageError::consult(&tr, ConsultError::Csrf));
    }
    if let Some(hash) = &viewer.session {
        s.store
            .delete_session(hash)
            .await
            .map_err(|e| PageError::internal(&tr, e))?;
    }
    let mut res = see_other("/");
    res.headers_mut().append(
        SET_COOKIE,
        set_cookie(SESSION_COOKIE, "", 0, s.secure_cookies),
    );
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::local_path;

    /// After signing in, only a path of this site is followed.
    #[test]
    fn sign_in_returns_to_local_paths_only() {
        assert_eq!(local_path(Some("/calls/3")), "/calls/3");
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r//evil.example",
        ] {
            assert_eq!(local_path(Some(bad)), "/account", "{bad:?}");
        }
        assert_eq!(local_path(None), "/account");
    }
}
