//! The use cases of calls for inputs, shared by the pages and the API:
//! each checks who asks, applies the rules of `wsis-calls`, and makes one
//! store call. Handlers only translate requests and answers.

use std::collections::BTreeMap;

use wsis_calls::access::{Actor, Decision, concerns};
use wsis_calls::account::{self, NewUser, Role, User};
use wsis_calls::call::{Call, CallChange, CallDraft};
use wsis_calls::submission::{self, Attachment, Submission, SubmissionStatus};
use wsis_calls::{secret, time};
use wsis_register::Organization;
use wsis_store::{Moderation, NewSubmission};

use crate::AppState;
use crate::filter;

/// Largest attached file.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// Most files on one input.
pub const MAX_FILES: usize = 5;
/// Largest request carrying files (all files plus the answers).
pub const MAX_UPLOAD_BYTES: usize = MAX_FILES * MAX_FILE_BYTES + 1024 * 1024;

/// Sign-in attempts per e-mail and per address in [`LIMIT_WINDOW`].
pub const SIGN_IN_LIMIT: i64 = 10;
/// Registrations per address in [`LIMIT_WINDOW`].
pub const REGISTER_LIMIT: i64 = 10;
/// Inputs saved or submitted per account in [`LIMIT_WINDOW`].
pub const SUBMIT_LIMIT: i64 = 30;
/// The rate limits' window, in seconds.
pub const LIMIT_WINDOW: i64 = 15 * 60;

/// Why a use case was refused; pages and API answer each with its status.
#[derive(Debug, thiserror::Error)]
pub enum ConsultError {
    /// Sign in first (401).
    #[error("sign in to do this")]
    SignIn,
    /// This account may not (403).
    #[error("your account may not do this")]
    Forbidden,
    /// The form's CSRF token is missing or wrong (403).
    #[error("the form expired or was sent from another page; reload it and try again")]
    Csrf,
    /// No such record, or not visible (404).
    #[error("{0}")]
    NotFound(String),
    /// A field is invalid (422).
    #[error(transparent)]
    Invalid(#[from] wsis_calls::Error),
    /// A file is not a supported document or not what its name says (415).
    #[error("{0}")]
    File(String),
    /// A file or the request is too large (413).
    #[error("{0}")]
    TooLarge(String),
    /// Too many attempts (429).
    #[error("too many attempts; wait a few minutes and try again")]
    TooMany,
    /// Someone else changed the record first (409).
    #[error("{0}")]
    Conflict(String),
    /// Wrong e-mail or password (401, same message for both).
    #[error("the e-mail or password is wrong")]
    BadCredentials,
    /// The database failed (500).
    #[error("the database is unavailable")]
    Store(wsis_store::Error),
}

impl From<wsis_store::Error> for ConsultError {
    fn from(e: wsis_store::Error) -> ConsultError {
        match e {
            wsis_store::Error::Conflict { .. } | wsis_store::Error::Changed(_) => {
                ConsultError::Conflict(e.to_string())
            }
            wsis_store::Error::Missing(_) => ConsultError::NotFound(e.to_string()),
            wsis_store::Error::Taken(_) => {
                ConsultError::Invalid(wsis_calls::Error::invalid("email", e.to_string()))
            }
            e => ConsultError::Store(e),
        }
    }
}

impl From<wsis_extract::Error> for ConsultError {
    fn from(e: wsis_extract::Error) -> ConsultError {
        match e {
            wsis_extract::Error::TooLarge { .. } => ConsultError::TooLarge(e.to_string()),
            e => ConsultError::File(e.to_string()),
        }
    }
}

/// Result of the use cases.
pub type Result<T> = std::result::Result<T, ConsultError>;

/// Turns an access decision into a refusal.
pub fn allow(d: Decision) -> Result<()> {
    match d {
        Decision::Allow => Ok(()),
        Decision::SignIn => Err(ConsultError::SignIn),
        Decision::Deny => Err(ConsultError::Forbidden),
    }
}

async fn limit(state: &AppState, bucket: &str, key: &str, max: i64) -> Result<()> {
    if state
        .store
        .allow_attempt(bucket, key, max, LIMIT_WINDOW)
        .await?
    {
        Ok(())
    } else {
        Err(ConsultError::TooMany)
    }
}

/// What a person types to register as a stakeholder.
pub struct Registration {
    /// E-mail.
    pub email: String,
    /// Password.
    pub password: String,
    /// Their name.
    pub name: String,
    /// Their organization.
    pub organization: String,
    /// Its stakeholder group.
    pub group: String,
    /// Its country (ISO alpha-3), or empty.
    pub country: String,
}

/// Creates a stakeholder account.
pub async fn register(state: &AppState, form: Registration, client: &str) -> Result<User> {
    limit(state, "register", client, REGISTER_LIMIT).await?;
    let email = account::normalize_email(&form.email)?;
    account::check_password(&form.password)?;
    let name = form.name.trim().to_string();
    if name.is_empty() || name.chars().count() > 200 {
        return Err(
            wsis_calls::Error::invalid("name", "give your name (at most 200 characters)").into(),
        );
    }
    let org = form.organization.trim().to_string();
    if org.is_empty() || org.chars().count() > 300 {
        return Err(wsis_calls::Error::invalid(
            "organization",
            "give the organization you speak for (at most 300 characters)",
        )
        .into());
    }
    let group = form
        .group
        .parse()
        .map_err(|e: String| wsis_calls::Error::invalid("group", e))?;
    let country = match form.country.trim() {
        "" => None,
        c if state.framework.country(c).is_some() => Some(c.to_string()),
        c => {
            return Err(wsis_calls::Error::invalid(
                "country",
                format!("`{c}` is not a country code"),
            )
            .into());
        }
    };
    let password = form.password;
    let hash = tokio::task::spawn_blocking(move || secret::hash_password(&password))
        .await
        .map_err(|e| wsis_calls::Error::Hash(e.to_string()))??;
    let new = NewUser {
        email: email.clone(),
        name,
        password_hash: hash,
        role: Role::Stakeholder,
        action_lines: Vec::new(),
        organization: Some(Organization {
            name: org,
            stakeholder_group: group,
            country,
        }),
    };
    Ok(state.store.create_user(&new, &email).await?)
}

/// Checks an e-mail and password, rate-limited per e-mail and per address.
/// Unknown e-mails cost a hash verification too, so timing tells nothing.
pub async fn sign_in(state: &AppState, email: &str, password: &str, client: &str) -> Result<User> {
    let email = email.trim().to_lowercase();
    limit(state, "sign-in-ip", client, SIGN_IN_LIMIT * 5).await?;
    limit(state, "sign-in", &email, SIGN_IN_LIMIT).await?;
    let found = state.store.user_by_email(&email).await?;
    let hash = found
        .as_ref()
        .map_or_else(|| secret::decoy_hash().to_string(), |(_, h)| h.clone());
    let password = password.to_string();
    let ok = tokio::task::spawn_blocking(move || secret::verify_password(&password, &hash))
        .await
        .unwrap_or(false);
    match found {
        Some((user, _)) if ok => Ok(user),
        _ => Err(ConsultError::BadCredentials),
    }
}

/// Opens a session; returns the token for the cookie.
pub async fn open_session(state: &AppState, user: &User) -> Result<String> {
    let token = secret::new_token()?;
    let csrf = secret::new_token()?;
    let expires = time::now() + crate::auth::SESSION_SECONDS;
    state
        .store
        .create_session(user.id, &secret::token_hash(&token), &csrf, expires)
        .await?;
    Ok(token)
}

/// Creates a call (administrators).
pub async fn create_call(state: &AppState, actor: Actor<'_>, draft: CallDraft) -> Result<Call> {
    allow(actor.administer())?;
    let draft = draft.validate()?;
    let who = actor.0.map_or("", |u| u.email.as_str());
    Ok(state.store.create_call(&draft, who).await?)
}

/// Changes a call's status or deadline (administrators).
pub async fn change_call(
    state: &AppState,
    actor: Actor<'_>,
    id: i64,
    change: &CallChange,
) -> Result<Call> {
    allow(actor.administer())?;
    let before = call(state, actor, id).await?;
    let after = change.apply(&before)?;
    let who = actor.0.map_or("", |u| u.email.as_str());
    Ok(state.store.update_call(&before, &after, who).await?)
}

/// A call the actor may see.
pub async fn call(state: &AppState, actor: Actor<'_>, id: i64) -> Result<Call> {
    let call = state
        .store
        .get_call(id)
        .await?
        .ok_or_else(|| ConsultError::NotFound(format!("no call {id}")))?;
    allow(actor.see_call(&call))?;
    Ok(call)
}

/// Calls the actor may see.
pub async fn calls(state: &AppState, actor: Actor<'_>) -> Result<Vec<Call>> {
    let admin = actor.administer() == Decision::Allow;
    Ok(state.store.list_calls(admin).await?)
}

/// A file as uploaded, before its type is checked.
pub struct Upload {
    /// Its name.
    pub file_name: String,
    /// The content type the client declared.
    pub content_type: Option<String>,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// An input as its author sends it.
pub struct Answering {
    /// One answer per question.
    pub answers: Vec<String>,
    /// Files.
    pub files: Vec<Upload>,
    /// Submit (or keep as a draft).
    pub submit: bool,
    /// The draft to update and the version it was loaded at, if any.
    pub draft: Option<(i64, i64)>,
    /// Attachments of that draft to remove, by key.
    pub remove: Vec<i64>,
}

/// Checks files by content and extracts their text. Nothing is stored
/// until every file has passed.
fn read_files(files: Vec<Upload>) -> Result<Vec<Attachment>> {
    if files.len() > MAX_FILES {
        return Err(ConsultError::TooLarge(format!(
            "attach at most {MAX_FILES} files"
        )));
    }
    files
        .into_iter()
        .map(|f| {
            if f.bytes.len() > MAX_FILE_BYTES {
                return Err(ConsultError::TooLarge(format!(
                    "`{}` is larger than the limit of {} MB per file",
                    f.file_name,
                    MAX_FILE_BYTES / (1024 * 1024)
                )));
            }
            let found = wsis_extract::extract(&f.bytes, &f.file_name, f.content_type.as_deref())?;
            Ok(Attachment {
                file_name: f.file_name,
                kind: found.kind.as_str().to_string(),
                bytes: f.bytes,
                text: found.text,
            })
        })
        .collect()
}

/// Saves or submits an input to a call: stakeholders only, before the
/// deadline, answers within their limits, files checked by content. The
/// text (answers and files) is mapped when submitted.
pub async fn answer(
    state: &AppState,
    actor: Actor<'_>,
    call_id: i64,
    a: Answering,
) -> Result<Submission> {
    allow(actor.answer())?;
    let Some(user) = actor.0 else {
        return Err(ConsultError::SignIn);
    };
    let call = call(state, actor, call_id).await?;
    call.check_accepts(time::now())?;
    limit(state, "submit", &user.id.to_string(), SUBMIT_LIMIT).await?;
    let existing = match a.draft {
        Some((id, _)) => {
            let s = state
                .store
                .get_submission(id)
                .await?
                .filter(|s| s.call_id == call_id)
                .ok_or_else(|| ConsultError::NotFound(format!("no input {id} to this call")))?;
            allow(actor.edit_submission(&s))?;
            Some(s)
        }
        None => None,
    };
    let kept: Vec<&submission::AttachmentMeta> = existing
        .iter()
        .flat_map(|s| &s.attachments)
        .filter(|f| !a.remove.contains(&f.id))
        .collect();
    if let Some(stray) = a.remove.iter().find(|id| {
        !existing
            .iter()
            .flat_map(|s| &s.attachments)
            .any(|f| f.id == **id)
    }) {
        return Err(wsis_calls::Error::invalid(
            "remove",
            format!("file {stray} is not attached to this draft"),
        )
        .into());
    }
    // The limit holds for the input, not for each save of its draft.
    if kept.len() + a.files.len() > MAX_FILES {
        return Err(ConsultError::TooLarge(format!(
            "an input holds at most {MAX_FILES} files; remove one first"
        )));
    }
    submission::check_answers(
        &call,
        &a.answers,
        !kept.is_empty() || !a.files.is_empty(),
        a.submit,
    )?;
    let files = tokio::task::spawn_blocking(move || read_files(a.files))
        .await
        .map_err(|e| ConsultError::File(e.to_string()))??;
    let mut codes = Vec::new();
    if a.submit
        && let Some(map) = &state.mapper
    {
        let old = kept.iter().map(|f| f.text.as_str());
        let text =
            submission::full_text(&a.answers, old.chain(files.iter().map(|f| f.text.as_str())));
        let map = map.clone();
        codes = tokio::task::spawn_blocking(move || map(&text))
            .await
            .unwrap_or_default();
    }
    let new = NewSubmission {
        call_id,
        answers: a.answers,
        attachments: files,
        submit: a.submit,
        codes,
    };
    Ok(match a.draft {
        Some((id, version)) => {
            let draft = (id, version);
            state
                .store
                .update_draft(user, draft, new, &a.remove)
                .await?
        }
        None => state.store.create_submission(user, new).await?,
    })
}

/// An input the actor may read.
pub async fn submission(state: &AppState, actor: Actor<'_>, id: i64) -> Result<Submission> {
    let s = state
        .store
        .get_submission(id)
        .await?
        .ok_or_else(|| ConsultError::NotFound(format!("no input {id}")))?;
    allow(actor.see_submission(&s))?;
    Ok(s)
}

/// Publishes, rejects or re-codes an input made on `version`.
pub async fn moderate(
    state: &AppState,
    actor: Actor<'_>,
    id: i64,
    version: i64,
    action: Moderation,
) -> Result<Submission> {
    let s = state
        .store
        .get_submission(id)
        .await?
        .ok_or_else(|| ConsultError::NotFound(format!("no input {id}")))?;
    allow(actor.moderate(&s))?;
    // A facilitator moderates an input that concerns their action lines,
    // but codes it only within them, as in the register: a code outside
    // them would move the input into, or out of, another facilitator's queue.
    if let Moderation::Code { code, .. } = &action {
        allow(actor.review_code(code))?;
    }
    match &action {
        Moderation::Reject(reason) if reason.trim().is_empty() => {
            return Err(
                wsis_calls::Error::invalid("reason", "say why the input is rejected").into(),
            );
        }
        Moderation::Reject(reason) if reason.chars().count() > 2000 => {
            return Err(wsis_calls::Error::invalid("reason", "at most 2000 characters").into());
        }
        Moderation::Code { code, .. } if !state.framework.has_code(code) => {
            return Err(wsis_calls::Error::invalid(
                "code",
                format!("`{code}` is not a framework code"),
            )
            .into());
        }
        _ => {}
    }
    let who = actor.0.map_or("", |u| u.email.as_str());
    Ok(state.store.moderate(id, version, action, who).await?)
}

/// The inputs waiting for this moderator: all for administrators, those of
/// their action lines for facilitators.
pub async fn queue(state: &AppState, actor: Actor<'_>) -> Result<Vec<Submission>> {
    allow(actor.moderate_any())?;
    let all = state
        .store
        .submissions_with_status(SubmissionStatus::Submitted)
        .await?;
    Ok(match actor.0 {
        Some(u) if u.role == Role::Facilitator => {
            all.into_iter().filter(|s| concerns(u, s)).collect()
        }
        _ => all,
    })
}

/// Filters of the published inputs of a call.
#[derive(Debug, Default, Clone, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InputFilter {
    /// Full-text query.
    #[serde(default)]
    pub q: Option<String>,
    /// Stakeholder group.
    #[serde(default)]
    pub group: Option<String>,
    /// UN M49 region.
    #[serde(default)]
    pub region: Option<String>,
    /// Action line.
    #[serde(default)]
    pub action_line: Option<String>,
    /// SDG.
    #[serde(default)]
    pub sdg: Option<String>,
}

/// Counts per value of one facet.
pub type FacetCounts = BTreeMap<String, usize>;

/// Published inputs of a call that match a filter, and the counts of each
/// facet value among the inputs that match the query.
pub struct Inputs {
    /// The matching inputs.
    pub items: Vec<Submission>,
    /// Facet name → value → count.
    pub facets: BTreeMap<&'static str, FacetCounts>,
}

fn facet_values(state: &AppState, s: &Submission) -> Vec<(&'static str, String)> {
    let mut out = vec![("group", s.organization.stakeholder_group.to_string())];
    if let Some(region) = s
        .organization
        .country
        .as_deref()
        .and_then(|c| state.framework.country(c))
        .map(|c| c.region.clone())
    {
        out.push(("region", region));
    }
    out.extend(
        s.action_lines()
            .into_iter()
            .map(|c| ("action_line", c.to_string())),
    );
    out.extend(s.sdgs().into_iter().map(|c| ("sdg", c.to_string())));
    out
}

/// The published inputs of a call, searched and filtered, with facet counts
/// (counted over the query's matches, before the facet filters).
pub async fn inputs(
    state: &AppState,
    actor: Actor<'_>,
    call_id: i64,
    f: &InputFilter,
) -> Result<Inputs> {
    call(state, actor, call_id).await?;
    if !wsis_store::query_fits(f.q.as_deref()) {
        return Err(ConsultError::Invalid(wsis_calls::Error::invalid(
            "q",
            format!("at most {} characters", wsis_store::MAX_QUERY_CHARS),
        )));
    }
    let found = state
        .store
        .published_inputs(call_id, f.q.as_deref())
        .await?;
    let wanted: Vec<(&str, &str)> = [
        ("group", &f.group),
        ("region", &f.region),
        ("action_line", &f.action_line),
        ("sdg", &f.sdg),
    ]
    .into_iter()
    .filter_map(|(k, v)| {
        v.as_deref()
            .filter(|v| !v.trim().is_empty())
            .map(|v| (k, v))
    })
    .collect();
    // A value no input can have is refused, not answered with nothing.
    if let Some((k, v)) = wanted
        .iter()
        .find(|(k, v)| !filter::known(state.framework, k, v))
    {
        return Err(ConsultError::Invalid(wsis_calls::Error::invalid(
            *k,
            format!("the register knows no value `{v}`"),
        )));
    }
    let mut facets: BTreeMap<&'static str, FacetCounts> = BTreeMap::new();
    let mut items = Vec::new();
    for s in found {
        let values = facet_values(state, &s);
        for (k, v) in &values {
            *facets.entry(k).or_default().entry(v.clone()).or_default() += 1;
        }
        if wanted
            .iter()
            .all(|(k, v)| values.iter().any(|(fk, fv)| fk == k && fv == v))
        {
            items.push(s);
        }
    }
    Ok(Inputs { items, facets })
}
