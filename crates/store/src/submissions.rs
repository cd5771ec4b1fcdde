//! Inputs to calls: written by stakeholders, moderated, published.

use std::collections::HashMap;

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use wsis_calls::account::User;
use wsis_calls::audit::NewAuditEntry;
use wsis_calls::submission::{Attachment, AttachmentMeta, Submission, SubmissionStatus};
use wsis_calls::time;
use wsis_register::{CodeAssignment, Organization, Origin};

use crate::calls::to_json;
use crate::error::{Error, Result};
use crate::search::{fts5_query, pg_query};
use crate::{Store, sql_calls as sql};

/// A new input, as its author sends it.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    /// The call it answers.
    pub call_id: i64,
    /// One answer per question.
    pub answers: Vec<String>,
    /// Files with their extracted text.
    pub attachments: Vec<Attachment>,
    /// Submit now, or keep as a draft.
    pub submit: bool,
    /// Codes the mapping engine suggests for its text.
    pub codes: Vec<CodeAssignment>,
}

impl NewSubmission {
    /// The status the input takes: submitted, or still a draft.
    fn status(&self) -> SubmissionStatus {
        if self.submit {
            SubmissionStatus::Submitted
        } else {
            SubmissionStatus::Draft
        }
    }

    /// The audit log's name for saving it.
    fn audit_action(&self) -> &'static str {
        if self.submit {
            "submission.submit"
        } else {
            "submission.save_draft"
        }
    }
}

/// What a moderator does to an input.
#[derive(Debug, Clone)]
pub enum Moderation {
    /// Make it public.
    Publish,
    /// Refuse it, with the reason its author will read.
    Reject(String),
    /// Confirm a code (adding it if no one suggested it) or reject one.
    Code {
        /// The framework code.
        code: String,
        /// Confirm (true) or reject (false).
        confirm: bool,
    },
}

impl Moderation {
    fn action(&self) -> &'static str {
        match self {
            Moderation::Publish => "submission.publish",
            Moderation::Reject(_) => "submission.reject",
            Moderation::Code { confirm: true, .. } => "submission.confirm_code",
            Moderation::Code { confirm: false, .. } => "submission.reject_code",
        }
    }
}

fn submission_row(row: &AnyRow) -> Result<Submission> {
    let corrupt = |what: &str, e: String| Error::Corrupt(format!("{what}: {e}"));
    Ok(Submission {
        id: row.try_get(0)?,
        call_id: row.try_get(1)?,
        user_id: row.try_get(2)?,
        organization: Organization {
            name: row.try_get(3)?,
            stakeholder_group: row
                .try_get::<String, _>(4)?
                .parse()
                .map_err(|e| corrupt("group", e))?,
            country: row.try_get(5)?,
        },
        answers: serde_json::from_str(&row.try_get::<String, _>(6)?)
            .map_err(|e| corrupt("answers", e.to_string()))?,
        attachments: Vec::new(),
        status: row
            .try_get::<String, _>(7)?
            .parse()
            .map_err(|e| corrupt("status", e))?,
        reason: row.try_get(8)?,
        codes: serde_json::from_str(&row.try_get::<String, _>(9)?)
            .map_err(|e| corrupt("codes", e.to_string()))?,
        version: row.try_get(10)?,
        created_at: row.try_get(11)?,
        submitted_at: row.try_get(12)?,
        updated_at: row.try_get(13)?,
    })
}

/// Applies a moderator's decision on one code: the decision is kept beside
/// the suggestion it was about, and replaces an earlier opposite decision.
pub fn decide_code(codes: &mut Vec<CodeAssignment>, code: &str, confirm: bool) {
    let (keep, drop) = if confirm {
        (Origin::Confirmed, Origin::Rejected)
    } else {
        (Origin::Rejected, Origin::Confirmed)
    };
    codes.retain(|c| !(c.code == code && (c.origin == drop || c.origin == keep)));
    codes.push(CodeAssignment {
        code: code.to_string(),
        origin: keep,
        score: None,
        evidence: Vec::new(),
        engine_version: None,
    });
}

impl Store {
    /// Fills in the attachments of a list of inputs with one query.
    async fn attach_files(&self, items: &mut [Submission]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let keys: Vec<i64> = items.iter().map(|s| s.id).collect();
        let q = self.pick(sql::ATTACHMENTS_OF_SQLITE, sql::ATTACHMENTS_OF_PG);
        let rows = sqlx::query(q)
            .bind(to_json(&keys)?)
            .fetch_all(&self.pool)
            .await?;
        let mut by_input: HashMap<i64, Vec<AttachmentMeta>> = HashMap::new();
        for r in &rows {
            by_input
                .entry(r.try_get(0)?)
                .or_default()
                .push(AttachmentMeta {
                    id: r.try_get(1)?,
                    file_name: r.try_get(2)?,
                    kind: r.try_get(3)?,
                    size: r.try_get(4)?,
                    text: r.try_get(5)?,
                });
        }
        for s in items {
            s.attachments = by_input.remove(&s.id).unwrap_or_default();
        }
        Ok(())
    }

    async fn submissions(&self, rows: Vec<AnyRow>) -> Result<Vec<Submission>> {
        let mut items = rows
            .iter()
            .map(submission_row)
            .collect::<Result<Vec<_>>>()?;
        self.attach_files(&mut items).await?;
        Ok(items)
    }

    /// One input by key, with its attachments' text.
    pub async fn get_submission(&self, id: i64) -> Result<Option<Submission>> {
        let row = sqlx::query(sql::SUBMISSION_BY_ID)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(self.submissions(row.into_iter().collect()).await?.pop())
    }

    /// Stores a new input of a stakeholder, draft or submitted, with its
    /// files, in one transaction.
    pub async fn create_submission(&self, author: &User, new: NewSubmission) -> Result<Submission> {
        let org = author
            .organization
            .as_ref()
            .ok_or_else(|| Error::Corrupt(format!("account {} has no organization", author.id)))?;
        let now = time::format(time::now());
        let status = new.status();
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query(sql::INSERT_SUBMISSION)
            .bind(new.call_id)
            .bind(author.id)
            .bind(&org.name)
            .bind(org.stakeholder_group.to_string())
            .bind(org.country.clone())
            .bind(to_json(&new.answers)?)
            .bind(status.as_str())
            .bind(to_json(&new.codes)?)
            .bind(&now)
            .bind(new.submit.then(|| now.clone()))
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        insert_files(&mut tx, id, &new.attachments).await?;
        let entry = NewAuditEntry {
            actor: author.email.clone(),
            action: new.audit_action().into(),
            subject: format!("submission:{id}"),
            before: None,
            after: Some(serde_json::json!({
                "call_id": new.call_id, "status": status, "answers": new.answers,
                "attachments": new.attachments.iter().map(|a| &a.file_name).collect::<Vec<_>>(),
            })),
        };
        crate::audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        self.get_submission(id)
            .await?
            .ok_or(Error::Missing(format!("input {id}")))
    }

    /// Rewrites a draft (answers replaced, files added, the files keyed in
    /// `remove` deleted), keeping it a draft or submitting it. Refused with [`Error::Conflict`] when the draft
    /// changed since `version` or is no longer a draft.
    pub async fn update_draft(
        &self,
        author: &User,
        (id, version): (i64, i64),
        new: NewSubmission,
        remove: &[i64],
    ) -> Result<Submission> {
        let before = self
            .get_submission(id)
            .await?
            .ok_or(Error::Missing(format!("input {id}")))?;
        let now = time::format(time::now());
        let status = new.status();
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(sql::UPDATE_DRAFT)
            .bind(id)
            .bind(version)
            .bind(to_json(&new.answers)?)
            .bind(status.as_str())
            .bind(to_json(&new.codes)?)
            .bind(new.submit.then(|| now.clone()))
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::Conflict {
                id,
                current: before.version,
            });
        }
        for file in remove {
            sqlx::query(sql::DELETE_ATTACHMENT)
                .bind(id)
                .bind(*file)
                .execute(&mut *tx)
                .await?;
        }
        insert_files(&mut tx, id, &new.attachments).await?;
        let before_files: Vec<&str> = before
            .attachments
            .iter()
            .map(|f| f.file_name.as_str())
            .collect();
        let after_files: Vec<&str> = before
            .attachments
            .iter()
            .filter(|f| !remove.contains(&f.id))
            .map(|f| f.file_name.as_str())
            .chain(new.attachments.iter().map(|a| a.file_name.as_str()))
            .collect();
        let entry = NewAuditEntry {
            actor: author.email.clone(),
            action: new.audit_action().into(),
            subject: format!("submission:{id}"),
            before: Some(serde_json::json!({
                "status": before.status, "answers": before.answers,
                "attachments": before_files,
            })),
            after: Some(serde_json::json!({
                "status": status, "answers": new.answers, "attachments": after_files,
            })),
        };
        crate::audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        self.get_submission(id)
            .await?
            .ok_or(Error::Missing(format!("input {id}")))
    }

    /// An attached file's input, name and kind, without its bytes: enough
    /// to decide who may read it before reading up to 5 MB.
    pub async fn attachment_meta(&self, id: i64) -> Result<Option<(i64, String, String)>> {
        let row = sqlx::query(sql::ATTACHMENT_META)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .transpose()
    }

    /// An attached file's bytes.
    pub async fn attachment_bytes(&self, id: i64) -> Result<Option<Vec<u8>>> {
        let row = sqlx::query(sql::ATTACHMENT_BYTES)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok(r.try_get(0)?)).transpose()
    }

    /// An author's inputs, newest first.
    pub async fn submissions_of_user(&self, user_id: i64) -> Result<Vec<Submission>> {
        let rows = sqlx::query(sql::SUBMISSIONS_OF_USER)
            .bind(user_id)
            .fetch_all(&self.pool)
            .await?;
        self.submissions(rows).await
    }

    /// Inputs in one status, oldest submission first (the moderation queue
    /// is `Submitted`).
    pub async fn submissions_with_status(
        &self,
        status: SubmissionStatus,
    ) -> Result<Vec<Submission>> {
        let rows = sqlx::query(sql::SUBMISSIONS_WITH_STATUS)
            .bind(status.as_str())
            .fetch_all(&self.pool)
            .await?;
        self.submissions(rows).await
    }

    /// Published inputs of a call, those matching `q` when given (full-text,
    /// the engine's own index over answers, attachments and organization).
    pub async fn published_inputs(&self, call_id: i64, q: Option<&str>) -> Result<Vec<Submission>> {
        let q = q.map(str::trim).filter(|q| !q.is_empty());
        let rows = match q {
            None => {
                sqlx::query(sql::PUBLISHED_OF_CALL)
                    .bind(call_id)
                    .fetch_all(&self.pool)
                    .await?
            }
            Some(q) => {
                let q = match self.engine {
                    crate::Engine::Sqlite => match fts5_query(q) {
                        Some(q) => q,
                        None => return Ok(Vec::new()),
                    },
                    crate::Engine::Postgres => match pg_query(q) {
                        Some(q) => q,
                        None => return Ok(Vec::new()),
                    },
                };
                sqlx::query(self.pick(sql::PUBLISHED_MATCHING_SQLITE, sql::PUBLISHED_MATCHING_PG))
                    .bind(call_id)
                    .bind(q)
                    .fetch_all(&self.pool)
                    .await?
            }
        };
        self.submissions(rows).await
    }

    /// Applies a moderator's action to an input made on `version`. A stale
    /// version (someone else acted first) is refused with
    /// [`Error::Conflict`] and changes nothing. Publishing indexes the
    /// input's text for search; rejecting a published input withdraws it.
    pub async fn moderate(
        &self,
        id: i64,
        version: i64,
        action: Moderation,
        actor: &str,
    ) -> Result<Submission> {
        let before = self
            .get_submission(id)
            .await?
            .ok_or(Error::Missing(format!("input {id}")))?;
        if before.version != version {
            return Err(Error::Conflict {
                id,
                current: before.version,
            });
        }
        let mut after = before.clone();
        match &action {
            Moderation::Publish => {
                after.status = SubmissionStatus::Published;
                after.reason = None;
            }
            Moderation::Reject(reason) => {
                after.status = SubmissionStatus::Rejected;
                after.reason = Some(reason.clone());
            }
            Moderation::Code { code, confirm } => decide_code(&mut after.codes, code, *confirm),
        }
        after.updated_at = time::format(time::now());
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(sql::MODERATE)
            .bind(id)
            .bind(version)
            .bind(after.status.as_str())
            .bind(after.reason.clone())
            .bind(to_json(&after.codes)?)
            .bind(&after.updated_at)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            let current = self
                .get_submission(id)
                .await?
                .map_or(version, |s| s.version);
            return Err(Error::Conflict { id, current });
        }
        after.version = version + 1;
        let was = before.status == SubmissionStatus::Published;
        let is = after.status == SubmissionStatus::Published;
        if was && !is {
            sqlx::query(self.pick(sql::UNINDEX_INPUT_SQLITE, sql::UNINDEX_INPUT_PG))
                .bind(id)
                .execute(&mut *tx)
                .await?;
        } else if is && !was {
            let body = format!("{}\n\n{}", after.organization.name, after.full_text());
            sqlx::query(self.pick(sql::INDEX_INPUT_SQLITE, sql::INDEX_INPUT_PG))
                .bind(id)
                .bind(body)
                .execute(&mut *tx)
                .await?;
        }
        let view = |s: &Submission| serde_json::json!({ "status": s.status, "reason": s.reason, "codes": s.codes, "version": s.version });
        let entry = NewAuditEntry {
            actor: actor.to_string(),
            action: action.action().into(),
            subject: format!("submission:{id}"),
            before: Some(view(&before)),
            after: Some(view(&after)),
        };
        crate::audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(after)
    }
}

async fn insert_files(conn: &mut AnyConnection, id: i64, files: &[Attachment]) -> Result<()> {
    for a in files {
        sqlx::query(sql::INSERT_ATTACHMENT)
            .bind(id)
            .bind(&a.file_name)
            .bind(&a.kind)
            .bind(a.bytes.len() as i64)
            .bind(&a.text)
            .bind(a.bytes.clone())
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
