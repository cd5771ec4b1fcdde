//! `/calls`: the list, a call's public page with its published inputs,
//! the form to open a call, and the form to answer one.

use std::collections::BTreeMap;

use askama::Template;
use axum::Form;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use wsis_calls::access::Decision;
use wsis_calls::call::{self, Call, CallChange, CallDraft, CallStatus};
use wsis_calls::submission::Submission;

use crate::AppState;
use crate::auth::Viewer;
use crate::consult::{self, Answering, ConsultError, InputFilter};
use crate::i18n::Tr;
use crate::pages::account::{see_other, sign_in_to};
use crate::pages::{PageError, render};

#[derive(Template)]
#[template(path = "calls.html")]
struct CallsPage {
    tr: Tr,
    calls: Vec<Call>,
    admin: bool,
}

/// `GET /calls`.
pub async fn list(
    State(s): State<AppState>,
    tr: Tr,
    viewer: Viewer,
) -> Result<Response, PageError> {
    let calls = consult::calls(&s, viewer.actor())
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    let admin = viewer.actor().administer() == Decision::Allow;
    Ok(render(StatusCode::OK, &CallsPage { tr, calls, admin }))
}

#[derive(Template)]
#[template(path = "call_new.html")]
struct NewCallPage {
    tr: Tr,
    csrf: String,
    error: Option<String>,
    form: NewCallForm,
}

impl NewCallPage {
    /// The UN languages with whether each is ticked on the form.
    fn languages(&self) -> Vec<(&'static str, bool)> {
        let ticked = self.form.languages();
        call::UN_LANGUAGES
            .iter()
            .map(|l| (*l, ticked.iter().any(|t| t == l)))
            .collect()
    }
}

/// The new-call form's fields.
#[derive(Debug, Default, Clone, Deserialize)]
pub struct NewCallForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default)]
    questions: String,
    #[serde(default)]
    deadline: String,
    #[serde(default)]
    status: String,
    /// The `language-{code}` checkboxes that are ticked, among other fields.
    #[serde(flatten)]
    rest: BTreeMap<String, String>,
}

impl NewCallForm {
    /// The language codes ticked on the form.
    fn languages(&self) -> Vec<String> {
        self.rest
            .keys()
            .filter_map(|k| k.strip_prefix("language-"))
            .map(str::to_string)
            .collect()
    }
}

/// `GET /calls/new` (administrators).
pub async fn new_form(tr: Tr, viewer: Viewer) -> Result<Response, PageError> {
    match viewer.actor().administer() {
        Decision::Allow => {}
        Decision::SignIn => return Ok(sign_in_to("/calls/new")),
        Decision::Deny => return Err(PageError::consult(&tr, ConsultError::Forbidden)),
    }
    let form = NewCallForm {
        status: "open".into(),
        rest: [("language-en".to_string(), "1".to_string())].into(),
        ..NewCallForm::default()
    };
    Ok(render(
        StatusCode::OK,
        &NewCallPage {
            tr,
            csrf: viewer.csrf,
            error: None,
            form,
        },
    ))
}

/// `POST /calls`: opens a call (administrators).
pub async fn create(
    State(s): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Form(form): Form<NewCallForm>,
) -> Result<Response, PageError> {
    if !viewer.csrf_ok(&form.csrf) {
        return Err(PageError::consult(&tr, ConsultError::Csrf));
    }
    consult::allow(viewer.actor().administer()).map_err(|e| PageError::consult(&tr, e))?;
    let draft = call::parse_question_lines(&form.questions).and_then(|questions| {
        let status: CallStatus = form
            .status
            .parse()
            .map_err(|e: String| wsis_calls::Error::invalid("status", e))?;
        Ok(CallDraft {
            title: form.title.clone(),
            description: form.description.clone(),
            questions,
            deadline: form.deadline.clone(),
            status,
            languages: form.languages(),
        })
    });
    let result = match draft {
        Ok(d) => consult::create_call(&s, viewer.actor(), d).await,
        Err(e) => Err(e.into()),
    };
    match result {
        Ok(call) => Ok(see_other(&format!("/calls/{}", call.id))),
        Err(e @ ConsultError::Invalid(_)) => {
            let page = NewCallPage {
                tr,
                csrf: viewer.csrf,
                error: Some(e.to_string()),
                form,
            };
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(e) => Err(PageError::consult(&tr, e)),
    }
}

/// One facet value as a link that toggles it.
pub struct FacetLink {
    /// The value.
    pub value: String,
    /// Inputs with it.
    pub count: usize,
    /// Whether the filter is on.
    pub active: bool,
    /// The page with the filter toggled.
    pub href: String,
}

/// One facet with its values.
pub struct FacetBlock {
    /// Fluent key of its name.
    pub key: String,
    /// Its values.
    pub values: Vec<FacetLink>,
}

#[derive(Template)]
#[template(path = "call.html")]
struct CallPage {
    tr: Tr,
    call: Call,
    can_answer: bool,
    signed_in: bool,
    inputs: Vec<Submission>,
    q: String,
    facets: Vec<FacetBlock>,
    filtered: bool,
    export_href: String,
    /// The CSRF token of the status-and-deadline form, for administrators.
    manage: Option<String>,
}

impl CallPage {
    /// The deadline as a `datetime-local` field shows it (`YYYY-MM-DDTHH:MM`).
    fn deadline_input(&self) -> &str {
        self.call.deadline.get(..16).unwrap_or(&self.call.deadline)
    }
}

fn query_string(pairs: &[(&str, &str)]) -> String {
    let enc = |s: &str| {
        s.bytes()
            .map(|b| {
                if b.is_ascii_alphanumeric() || b"-_.".contains(&b) {
                    (b as char).to_string()
                } else {
                    format!("%{b:02X}")
                }
            })
            .collect::<String>()
    };
    pairs
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k}={}", enc(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// `GET /calls/{id}`: the call, its questions, and its published inputs
/// with search and facets.
pub async fn page(
    State(s): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(f): Query<InputFilter>,
) -> Result<Response, PageError> {
    let call = consult::call(&s, viewer.actor(), id)
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    let found = consult::inputs(&s, viewer.actor(), id, &f)
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    let q = f.q.clone().unwrap_or_default();
    let current: BTreeMap<&str, String> = [
        ("group", f.group.clone()),
        ("region", f.region.clone()),
        ("action_line", f.action_line.clone()),
        ("sdg", f.sdg.clone()),
    ]
    .into_iter()
    .map(|(k, v)| (k, v.unwrap_or_default()))
    .collect();
    let facets = found
        .facets
        .iter()
        .map(|(name, values)| FacetBlock {
            key: format!("facet-{name}"),
            values: values
                .iter()
                .map(|(value, count)| {
                    let active = current.get(name).is_some_and(|v| v == value);
                    let mut pairs: Vec<(&str, &str)> = vec![("q", q.as_str())];
                    for (k, v) in &current {
                        if k == name {
                            if !active {
                                pairs.push((k, value));
                            }
                        } else {
                            pairs.push((k, v));
                        }
                    }
                    FacetLink {
                        value: value.clone(),
                        count: *count,
                        active,
                        href: format!("/calls/{id}?{}", query_string(&pairs)),
                    }
                })
                .collect(),
        })
        .collect();
    let mut export: Vec<(&str, &str)> = vec![("format", "csv"), ("q", q.as_str())];
    export.extend(current.iter().map(|(k, v)| (*k, v.as_str())));
    let page = CallPage {
        can_answer: viewer.actor().answer() == Decision::Allow && call.status == CallStatus::Open,
        signed_in: viewer.user.is_some(),
        export_href: format!("/api/v1/calls/{id}/inputs?{}", query_string(&export)),
        filtered: current.values().any(|v| !v.is_empty()) || !q.is_empty(),
        manage: (viewer.actor().administer() == Decision::Allow).then(|| viewer.csrf.clone()),
        call,
        inputs: found.items,
        q,
        facets,
        tr,
    };
    Ok(render(StatusCode::OK, &page))
}

/// The fields of the form that changes a call's status and deadline.
#[derive(Debug, Default, Deserialize)]
pub struct ChangeCallForm {
    #[serde(default)]
    csrf: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    deadline: String,
}

/// `POST /calls/{id}/change`: opens, closes or extends a call (administrators).
pub async fn change(
    State(s): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Path(id): Path<i64>,
    Form(form): Form<ChangeCallForm>,
) -> Result<Response, PageError> {
    if !viewer.csrf_ok(&form.csrf) {
        return Err(PageError::consult(&tr, ConsultError::Csrf));
    }
    let status = match form.status.trim() {
        "" => None,
        text => Some(text.parse::<CallStatus>().map_err(|e| {
            PageError::consult(&tr, wsis_calls::Error::invalid("status", e).into())
        })?),
    };
    // The field shows the deadline to the minute: sent back unchanged, it
    // must not cut the seconds off the stored deadline.
    let shown = consult::call(&s, viewer.actor(), id)
        .await
        .map_err(|e| PageError::consult(&tr, e))?
        .deadline;
    let deadline = Some(form.deadline.trim().to_string())
        .filter(|d| !d.is_empty() && shown.get(..16) != Some(d.as_str()));
    let change = CallChange { status, deadline };
    consult::change_call(&s, viewer.actor(), id, &change)
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    Ok(see_other(&format!("/calls/{id}")))
}

#[derive(Template)]
#[template(path = "respond.html")]
struct RespondPage {
    tr: Tr,
    csrf: String,
    call: Call,
    answers: Vec<String>,
    draft: Option<Submission>,
}

/// `?draft=` of the answer form.
#[derive(Debug, Default, Deserialize)]
pub struct DraftQuery {
    #[serde(default)]
    draft: Option<i64>,
}

/// `GET /calls/{id}/respond`: the answer form (stakeholders), empty or
/// filled with a draft.
pub async fn respond_form(
    State(s): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Path(id): Path<i64>,
    Query(q): Query<DraftQuery>,
) -> Result<Response, PageError> {
    match viewer.actor().answer() {
        Decision::Allow => {}
        Decision::SignIn => return Ok(sign_in_to(&format!("/calls/{id}/respond"))),
        Decision::Deny => return Err(PageError::consult(&tr, ConsultError::Forbidden)),
    }
    let call = consult::call(&s, viewer.actor(), id)
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    call.check_accepts(wsis_calls::time::now())
        .map_err(|e| PageError::consult(&tr, e.into()))?;
    let draft = match q.draft {
        Some(d) => {
            let sub = consult::submission(&s, viewer.actor(), d)
                .await
                .map_err(|e| PageError::consult(&tr, e))?;
            consult::allow(viewer.actor().edit_submission(&sub))
                .map_err(|e| PageError::consult(&tr, e))?;
            Some(sub)
        }
        None => None,
    };
    let answers = (0..call.questions.len())
        .map(|i| {
            draft
                .as_ref()
                .and_then(|d| d.answers.get(i).cloned())
                .unwrap_or_default()
        })
        .collect();
    Ok(render(
        StatusCode::OK,
        &RespondPage {
            tr,
            csrf: viewer.csrf,
            call,
            answers,
            draft,
        },
    ))
}

/// `POST /calls/{id}/respond` (multipart): saves a draft or submits.
pub async fn respond(
    State(s): State<AppState>,
    tr: Tr,
    viewer: Viewer,
    Path(id): Path<i64>,
    mp: Multipart,
) -> Result<Response, PageError> {
    // Who may answer is known before the body is read: a caller who may not
    // does not get up to 26 MB held in memory first.
    match viewer.actor().answer() {
        Decision::Allow => {}
        Decision::SignIn => return Ok(sign_in_to(&format!("/calls/{id}/respond"))),
        Decision::Deny => return Err(PageError::consult(&tr, ConsultError::Forbidden)),
    }
    let form = crate::upload::read(mp)
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    if !viewer.csrf_ok(form.field("csrf")) {
        return Err(PageError::consult(&tr, ConsultError::Csrf));
    }
    let call = consult::call(&s, viewer.actor(), id)
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    let draft = match (
        form.field("draft").parse::<i64>(),
        form.field("version").parse::<i64>(),
    ) {
        (Ok(d), Ok(v)) => Some((d, v)),
        _ => None,
    };
    let answers = form.answers(call.questions.len());
    let submit = form.field("action") == "submit";
    // Each attached file of the draft has a `remove-{id}` checkbox.
    let remove = form
        .fields
        .keys()
        .filter_map(|k| k.strip_prefix("remove-")?.parse::<i64>().ok())
        .collect();
    let a = Answering {
        answers,
        files: form.files,
        submit,
        draft,
        remove,
    };
    let saved = consult::answer(&s, viewer.actor(), id, a)
        .await
        .map_err(|e| PageError::consult(&tr, e))?;
    Ok(see_other(&format!("/submissions/{}", saved.id)))
}
