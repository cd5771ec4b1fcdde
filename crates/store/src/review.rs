//! Machine suggestions and reviewers' decisions on an initiative's codes.

use std::collections::HashMap;

use serde_json::Value;
use sqlx::Row;
use wsis_calls::audit::NewAuditEntry;
use wsis_register::{CodeAssignment, Initiative, Origin};

use crate::error::{Error, Result};
use crate::rows::initiative_row;
use crate::write::{code_rows, to_json};
use crate::{Store, sql};

/// What the audit log says of a reviewer's decision on one code.
struct Audit<'a> {
    actor: &'a str,
    action: &'static str,
    code: &'a str,
}

impl Store {
    /// Replaces the machine-suggested codes of an initiative (declared,
    /// confirmed and rejected codes stay as they are); servers see the change at their next search.
    pub async fn replace_suggestions(
        &self,
        id: &str,
        suggestions: Vec<CodeAssignment>,
    ) -> Result<()> {
        self.rewrite_codes(id, None, |item| {
            item.codes.retain(|c| c.origin != Origin::Suggested);
            item.codes.extend(
                suggestions
                    .into_iter()
                    .filter(|c| c.origin == Origin::Suggested),
            );
        })
        .await
    }

    /// Records a reviewer's decision on a code: `confirm` adds it as
    /// confirmed (and withdraws an earlier rejection); otherwise it is marked
    /// rejected (and an earlier confirmation is withdrawn). The suggestion it
    /// was about is kept beside the decision. The audit log names `reviewer`
    /// and holds the code's assignments before and after.
    pub async fn review_code(
        &self,
        id: &str,
        code: &str,
        confirm: bool,
        reviewer: &str,
    ) -> Result<()> {
        let (keep, drop) = if confirm {
            (Origin::Confirmed, Origin::Rejected)
        } else {
            (Origin::Rejected, Origin::Confirmed)
        };
        let action = if confirm {
            "initiative.confirm_code"
        } else {
            "initiative.reject_code"
        };
        let audit = Some(Audit {
            actor: reviewer,
            action,
            code,
        });
        let code = code.to_string();
        self.rewrite_codes(id, audit, move |item| {
            item.codes
                .retain(|c| !(c.code == code && (c.origin == drop || c.origin == keep)));
            item.codes.push(CodeAssignment {
                code,
                origin: keep,
                score: None,
                evidence: Vec::new(),
                engine_version: None,
            });
        })
        .await
    }

    /// Replaces the machine-suggested codes of many initiatives at once (after
    /// re-mapping them) in one transaction: a batch is
    /// either wholly re-mapped or left as it was. The initiatives' other codes
    /// are read inside the transaction, after it has taken the write lock (see
    /// `rewrite_codes`), so a reviewer's decision made while a re-mapping
    /// runs is kept.
    pub async fn replace_suggestions_batch(
        &self,
        batch: Vec<(String, Vec<CodeAssignment>)>,
    ) -> Result<()> {
        let ids: Vec<&str> = batch.iter().map(|(id, _)| id.as_str()).collect();
        let ids = to_json(&ids)?;
        let mut new: HashMap<String, Vec<CodeAssignment>> = batch.into_iter().collect();
        let mut tx = self.pool.begin().await?;
        let revision: i64 = sqlx::query(sql::BUMP_REVISION_RETURNING)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let q = self.pick(sql::INITIATIVES_BY_IDS_SQLITE, sql::INITIATIVES_BY_IDS_PG);
        let rows = sqlx::query(q).bind(ids.clone()).fetch_all(&mut *tx).await?;
        let mut items = rows
            .iter()
            .map(initiative_row)
            .collect::<Result<Vec<_>>>()?;
        self.attach_codes_on(&mut tx, &mut items).await?;
        let mut codes = Vec::new();
        for (seq, item) in &mut items {
            let suggestions = new.remove(&item.id).unwrap_or_default();
            item.codes.retain(|c| c.origin != Origin::Suggested);
            item.codes.extend(
                suggestions
                    .into_iter()
                    .filter(|c| c.origin == Origin::Suggested),
            );
            item.sort_codes();
            codes.extend(code_rows(*seq, item)?);
        }
        let q = self.pick(sql::DELETE_CODES_OF_SQLITE, sql::DELETE_CODES_OF_PG);
        sqlx::query(q).bind(ids).execute(&mut *tx).await?;
        self.insert_codes(&mut tx, &codes).await?;
        let seqs: Vec<i64> = items.iter().map(|(seq, _)| *seq).collect();
        self.file_changes(&mut tx, revision, &seqs).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Loads an initiative, lets `change` edit its codes, and writes its
    /// codes and facets back, all in one transaction. The transaction first
    /// bumps the revision counter: that takes SQLite's write lock, and the
    /// revision row's lock on PostgreSQL, before the initiative is read, so
    /// two reviewers acting at once are applied one after the other instead
    /// of the second overwriting the first.
    async fn rewrite_codes(
        &self,
        id: &str,
        audit: Option<Audit<'_>>,
        change: impl FnOnce(&mut Initiative),
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        let revision: i64 = sqlx::query(sql::BUMP_REVISION_RETURNING)
            .fetch_one(&mut *tx)
            .await?
            .try_get(0)?;
        let row = sqlx::query(sql::INITIATIVE_BY_ID)
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
        let row = row.ok_or_else(|| Error::NotFound(id.into()))?;
        let mut items = vec![initiative_row(&row)?];
        self.attach_codes_on(&mut tx, &mut items).await?;
        let Some((seq, mut item)) = items.pop() else {
            return Err(Error::NotFound(id.into()));
        };
        let of_code = |item: &Initiative, code: &str| -> Value {
            serde_json::json!(
                item.codes
                    .iter()
                    .filter(|c| c.code == code)
                    .collect::<Vec<_>>()
            )
        };
        let before = audit.as_ref().map(|a| of_code(&item, a.code));
        change(&mut item);
        item.sort_codes();
        if let (Some(a), Some(before)) = (&audit, before) {
            let entry = NewAuditEntry {
                actor: a.actor.to_string(),
                action: a.action.to_string(),
                subject: format!("initiative:{id}"),
                before: Some(before),
                after: Some(of_code(&item, a.code)),
            };
            crate::audit::record(&mut tx, &entry).await?;
        }
        sqlx::query(sql::DELETE_CODES)
            .bind(seq)
            .execute(&mut *tx)
            .await?;
        let codes = code_rows(seq, &item)?;
        self.insert_codes(&mut tx, &codes).await?;
        self.file_changes(&mut tx, revision, &[seq]).await?;
        tx.commit().await?;
        Ok(())
    }
}
