//! Turning database rows back into register records.

use std::collections::HashMap;

use sqlx::AnyConnection;
use sqlx::Row;
use sqlx::any::AnyRow;
use wsis_register::{CodeAssignment, Initiative, Organization};

use crate::error::{Error, Result};
use crate::{Store, sql};

/// Reads a row selected with `initiative_columns!`, codes left empty.
pub(crate) fn initiative_row(row: &AnyRow) -> Result<(i64, Initiative)> {
    let seq: i64 = row.try_get(0)?;
    let vocab = |i: usize| -> Result<String> { Ok(row.try_get::<String, _>(i)?) };
    let parse = |i: usize, what: &str| -> Result<String> {
        let v = vocab(i)?;
        if v.is_empty() {
            Err(Error::Corrupt(format!("empty {what}")))
        } else {
            Ok(v)
        }
    };
    let item = Initiative {
        id: row.try_get(1)?,
        title: row.try_get(2)?,
        description: row.try_get(3)?,
        kind: parse(4, "kind")?.parse().map_err(Error::Corrupt)?,
        status: parse(5, "status")?.parse().map_err(Error::Corrupt)?,
        start_date: row.try_get(6)?,
        end_date: row.try_get(7)?,
        countries: json_list(&row.try_get::<String, _>(8)?)?,
        links: json_list(&row.try_get::<String, _>(9)?)?,
        attribution: row.try_get(10)?,
        sample: row.try_get::<i64, _>(11)? != 0,
        organization: Organization {
            name: row.try_get(12)?,
            stakeholder_group: parse(13, "stakeholder group")?
                .parse()
                .map_err(Error::Corrupt)?,
            country: row.try_get(14)?,
        },
        codes: Vec::new(),
    };
    Ok((seq, item))
}

fn json_list(text: &str) -> Result<Vec<String>> {
    serde_json::from_str(text).map_err(|e| Error::Corrupt(format!("list column: {e}")))
}

impl Store {
    /// Fills in the codes of the given (key, initiative) pairs.
    pub(crate) async fn attach_codes(&self, items: &mut [(i64, Initiative)]) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let mut conn = self.pool.acquire().await?;
        self.attach_codes_on(&mut conn, items).await
    }

    /// Fills in the codes on a given connection (or inside a transaction).
    pub(crate) async fn attach_codes_on(
        &self,
        conn: &mut AnyConnection,
        items: &mut [(i64, Initiative)],
    ) -> Result<()> {
        if items.is_empty() {
            return Ok(());
        }
        let keys: Vec<i64> = items.iter().map(|(s, _)| *s).collect();
        let codes = self.codes_on(conn, &keys).await?;
        fill_codes(items, codes);
        Ok(())
    }

    /// The codes of the initiatives `keys`, by key, read on `conn`.
    pub(crate) async fn codes_on(
        &self,
        conn: &mut AnyConnection,
        keys: &[i64],
    ) -> Result<HashMap<i64, Vec<CodeAssignment>>> {
        let keys = serde_json::to_string(keys).map_err(|e| Error::Corrupt(e.to_string()))?;
        let q = self.pick(sql::CODES_OF_SQLITE, sql::CODES_OF_PG);
        let rows = sqlx::query(q).bind(keys).fetch_all(&mut *conn).await?;
        let mut by_seq: HashMap<i64, Vec<CodeAssignment>> = HashMap::new();
        for row in rows {
            let evidence: String = row.try_get(4)?;
            let code = CodeAssignment {
                code: row.try_get(1)?,
                origin: row
                    .try_get::<String, _>(2)?
                    .parse()
                    .map_err(Error::Corrupt)?,
                score: row.try_get::<Option<f64>, _>(3)?.map(|s| s as f32),
                evidence: json_list(&evidence)?,
                engine_version: row.try_get(5)?,
            };
            by_seq.entry(row.try_get(0)?).or_default().push(code);
        }
        Ok(by_seq)
    }
}

/// Gives each (key, initiative) pair its codes from `by_seq`, in the
/// register's order.
pub(crate) fn fill_codes(
    items: &mut [(i64, Initiative)],
    mut by_seq: HashMap<i64, Vec<CodeAssignment>>,
) {
    for (seq, item) in items.iter_mut() {
        item.codes = by_seq.remove(seq).unwrap_or_default();
        item.sort_codes();
    }
}
