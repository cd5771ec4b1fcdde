//! Calls for inputs: created by administrators, read by everyone.

use serde::Serialize;
use sqlx::Row;
use sqlx::any::AnyRow;
use wsis_calls::audit::NewAuditEntry;
use wsis_calls::call::{Call, CallDraft};
use wsis_calls::time;

use crate::error::{Error, Result};
use crate::{Store, sql_calls as sql};

/// Serialises a value for a JSON text column.
pub(crate) fn to_json<T: Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}

/// Serialises a value for the audit log.
pub(crate) fn to_value<T: Serialize + ?Sized>(value: &T) -> Result<serde_json::Value> {
    serde_json::to_value(value).map_err(|e| Error::Corrupt(e.to_string()))
}

fn call_row(row: &AnyRow) -> Result<Call> {
    Ok(Call {
        id: row.try_get(0)?,
        title: row.try_get(1)?,
        description: row.try_get(2)?,
        questions: serde_json::from_str(&row.try_get::<String, _>(3)?)
            .map_err(|e| Error::Corrupt(format!("questions: {e}")))?,
        deadline: row.try_get(4)?,
        status: row
            .try_get::<String, _>(5)?
            .parse()
            .map_err(Error::Corrupt)?,
        created_at: row.try_get(6)?,
        languages: serde_json::from_str(&row.try_get::<String, _>(7)?)
            .map_err(|e| Error::Corrupt(format!("languages: {e}")))?,
    })
}

impl Store {
    /// Stores a validated call, with an audit entry naming who created it.
    pub async fn create_call(&self, draft: &CallDraft, actor: &str) -> Result<Call> {
        let mut tx = self.pool.begin().await?;
        let created_at = time::format(time::now());
        let id: i64 = sqlx::query(sql::INSERT_CALL)
            .bind(&draft.title)
            .bind(&draft.description)
            .bind(to_json(&draft.questions)?)
            .bind(&draft.deadline)
            .bind(draft.status.as_str())
            .bind(&created_at)
            .bind(to_json(&draft.languages)?)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let call = Call {
            id,
            title: draft.title.clone(),
            description: draft.description.clone(),
            questions: draft.questions.clone(),
            deadline: draft.deadline.clone(),
            status: draft.status,
            languages: draft.languages.clone(),
            created_at,
        };
        let entry = NewAuditEntry {
            actor: actor.to_string(),
            action: "call.create".into(),
            subject: format!("call:{id}"),
            before: None,
            after: Some(to_value(&call)?),
        };
        crate::audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(call)
    }

    /// Stores a call's new status and deadline (`after`, made from `before`
    /// by `CallChange::apply`), with an audit entry holding both. A call
    /// changed by someone else since `before` was read is [`Error::Changed`].
    pub async fn update_call(&self, before: &Call, after: &Call, actor: &str) -> Result<Call> {
        let mut tx = self.pool.begin().await?;
        let done = sqlx::query(sql::UPDATE_CALL)
            .bind(before.id)
            .bind(after.status.as_str())
            .bind(&after.deadline)
            .bind(before.status.as_str())
            .bind(&before.deadline)
            .execute(&mut *tx)
            .await?;
        if done.rows_affected() == 0 {
            return Err(Error::Changed(format!("call {}", before.id)));
        }
        let entry = NewAuditEntry {
            actor: actor.to_string(),
            action: "call.update".into(),
            subject: format!("call:{}", before.id),
            before: Some(to_value(before)?),
            after: Some(to_value(after)?),
        };
        crate::audit::record(&mut tx, &entry).await?;
        tx.commit().await?;
        Ok(after.clone())
    }

    /// One call by key.
    pub async fn get_call(&self, id: i64) -> Result<Option<Call>> {
        let row = sqlx::query(sql::CALL_BY_ID)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(call_row).transpose()
    }

    /// Calls, latest deadline first; drafts only when asked for.
    pub async fn list_calls(&self, with_drafts: bool) -> Result<Vec<Call>> {
        let q = if with_drafts {
            sql::CALLS_ALL
        } else {
            sql::CALLS_PUBLIC
        };
        sqlx::query(q)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(call_row)
            .collect()
    }
}
