//! The audit log: every change to accounts, calls and inputs, written in the
//! transaction of the change itself so that no change goes unrecorded.

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, Row};
use wsis_calls::audit::{AuditEntry, NewAuditEntry};
use wsis_calls::time;

use crate::error::{Error, Result};
use crate::{Store, sql_calls as sql};

/// Writes one entry on the connection (a transaction) of the change.
pub(crate) async fn record(conn: &mut AnyConnection, entry: &NewAuditEntry) -> Result<()> {
    let text = |v: &Option<serde_json::Value>| v.as_ref().map(|v| v.to_string());
    sqlx::query(sql::INSERT_AUDIT)
        .bind(time::format(time::now()))
        .bind(&entry.actor)
        .bind(&entry.action)
        .bind(&entry.subject)
        .bind(text(&entry.before))
        .bind(text(&entry.after))
        .execute(conn)
        .await?;
    Ok(())
}

fn entry_row(row: &AnyRow) -> Result<AuditEntry> {
    let json = |i: usize| -> Result<Option<serde_json::Value>> {
        row.try_get::<Option<String>, _>(i)?
            .map(|t| serde_json::from_str(&t).map_err(|e| Error::Corrupt(format!("audit: {e}"))))
            .transpose()
    };
    Ok(AuditEntry {
        id: row.try_get(0)?,
        at: row.try_get(1)?,
        actor: row.try_get(2)?,
        action: row.try_get(3)?,
        subject: row.try_get(4)?,
        before: json(5)?,
        after: json(6)?,
    })
}

impl Store {
    /// A page of the audit log, newest first.
    pub async fn audit_log(&self, limit: i64, offset: i64) -> Result<Vec<AuditEntry>> {
        sqlx::query(sql::AUDIT_PAGE)
            .bind(limit)
            .bind(offset)
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(entry_row)
            .collect()
    }
}
