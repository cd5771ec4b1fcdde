//! Reading single initiatives, the export stream and the register's counts.

use serde::Serialize;
use sqlx::Row;
use wsis_register::Initiative;

use crate::error::Result;
use crate::rows::initiative_row;
use crate::{Store, sql};

/// Headline numbers of the register.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct Counts {
    /// Initiatives in the register.
    pub initiatives: i64,
    /// Organizations behind them.
    pub organizations: i64,
    /// Initiatives with at least one machine-suggested code.
    pub mapped: i64,
}

impl Store {
    /// The initiative with this public id.
    pub async fn get_initiative(&self, id: &str) -> Result<Option<Initiative>> {
        let row = sqlx::query(sql::INITIATIVE_BY_ID)
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        let Some(row) = row else { return Ok(None) };
        let mut items = vec![initiative_row(&row)?];
        self.attach_codes(&mut items).await?;
        Ok(items.pop().map(|(_, i)| i))
    }

    /// Up to `limit` initiatives after the key `after`, in key order, with
    /// the last key read: the export walks the register with it.
    pub async fn initiatives_after(
        &self,
        after: i64,
        limit: i64,
    ) -> Result<(Vec<Initiative>, i64)> {
        let rows = sqlx::query(sql::INITIATIVES_AFTER)
            .bind(after)
            .bind(limit)
            .fetch_all(&self.pool)
            .await?;
        let mut items = rows
            .iter()
            .map(initiative_row)
            .collect::<Result<Vec<_>>>()?;
        self.attach_codes(&mut items).await?;
        let last = items.last().map_or(after, |(s, _)| *s);
        Ok((items.into_iter().map(|(_, i)| i).collect(), last))
    }

    /// Every initiative, in the order they were added.
    pub async fn export_initiatives(&self) -> Result<Vec<Initiative>> {
        let mut all = Vec::new();
        let mut after = 0;
        loop {
            let (batch, last) = self.initiatives_after(after, 2000).await?;
            if batch.is_empty() {
                return Ok(all);
            }
            all.extend(batch);
            after = last;
        }
    }

    /// How many initiatives, organizations and mapped initiatives there are.
    pub async fn counts(&self) -> Result<Counts> {
        let one = |q: &'static str| async move {
            let row = sqlx::query(q).fetch_one(&self.pool).await?;
            Ok::<i64, crate::Error>(row.try_get(0)?)
        };
        Ok(Counts {
            initiatives: one(sql::COUNT_INITIATIVES).await?,
            organizations: one(sql::COUNT_ORGANIZATIONS).await?,
            mapped: one(sql::COUNT_SUGGESTED).await?,
        })
    }

    /// The write counter; it changes whenever the register does.
    pub async fn revision(&self) -> Result<i64> {
        let row = sqlx::query(sql::REVISION).fetch_one(&self.pool).await?;
        Ok(row.try_get(0)?)
    }
}
