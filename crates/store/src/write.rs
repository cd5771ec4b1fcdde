//! Adding initiatives to the register: all or nothing, in bulk.
//!
//! An import runs in one transaction. Rows travel to the database as JSON
//! arrays, unpacked by `json_each` (SQLite) or `jsonb_to_recordset`
//! (PostgreSQL), so a batch of a thousand initiatives is a handful of
//! statements instead of tens of thousands of round trips, with SQL that
//! stays constant whatever the batch size.

use std::collections::{HashMap, HashSet};

use serde::Serialize;
use serde_json::json;
use sqlx::{Any, Row, Transaction};
use wsis_register::{Initiative, organization_id};

use crate::error::{Error, Result};
use crate::{Engine, Store, sql};

/// Initiatives per batch of statements.
const BATCH: usize = 5000;
/// Imports of at least this many initiatives tidy PostgreSQL's text indexes
/// and refresh its planner statistics before they commit (see
/// [`sql::CLEAN_TEXT_INDEXES_PG`] and [`sql::ANALYZE_REGISTER_PG`]).
const ANALYZE_AFTER: usize = 1000;

impl Store {
    /// Adds checked initiatives (see `wsis_register::validate_all`) in one
    /// transaction. If any id is taken or an organization contradicts the
    /// stored one, nothing is written and the error names the record.
    /// `progress` is called with the number of initiatives written so far.
    pub async fn import_initiatives(
        &self,
        items: &[Initiative],
        progress: &mut dyn FnMut(usize),
    ) -> Result<usize> {
        let mut tx = self.pool.begin().await?;
        self.check_ids_free(&mut tx, items).await?;
        self.insert_organizations(&mut tx, items).await?;
        let mut seqs = Vec::with_capacity(items.len());
        let chunks: Vec<&[Initiative]> = items.chunks(BATCH).collect();
        // The database writes one batch while this thread writes the next
        // one's rows as JSON: the two took turns before, and on SQLite,
        // whose work for a batch runs on a thread of its own, that left the
        // second core idle for a tenth of the import. The insert is polled
        // first (`biased`), so its statement is on its way before this
        // thread turns to the JSON. (On PostgreSQL a batch is megabytes of
        // parameter, which may not all be sent before then: there the
        // overlap is partial.)
        let mut rows = match chunks.first() {
            Some(chunk) => initiative_rows(chunk)?,
            None => String::new(),
        };
        for (n, chunk) in chunks.iter().enumerate() {
            let (keys, next) = tokio::join!(biased; self.insert_batch(&mut tx, chunk, &rows), async {
                chunks.get(n + 1).map(|c| initiative_rows(c)).transpose()
            });
            seqs.extend(keys?);
            rows = next?.unwrap_or_default();
            progress(n * BATCH + chunk.len());
        }
        if self.engine == Engine::Postgres && items.len() >= ANALYZE_AFTER {
            sqlx::query(sql::CLEAN_TEXT_INDEXES_PG)
                .execute(&mut *tx)
                .await?;
            sqlx::query(sql::ANALYZE_REGISTER_PG)
                .execute(&mut *tx)
                .await?;
        }
        // The revision is bumped last, so the lock on its row is held for
        // the shortest time.
        self.record_changes(&mut tx, &seqs).await?;
        tx.commit().await?;
        Ok(items.len())
    }

    async fn check_ids_free(
        &self,
        tx: &mut Transaction<'_, Any>,
        items: &[Initiative],
    ) -> Result<()> {
        let q = self.pick(sql::EXISTING_IDS_SQLITE, sql::EXISTING_IDS_PG);
        for chunk in items.chunks(BATCH * 10) {
            let ids: Vec<&str> = chunk.iter().map(|i| i.id.as_str()).collect();
            let rows = sqlx::query(q)
                .bind(to_json(&ids)?)
                .fetch_all(&mut **tx)
                .await?;
            let taken: HashSet<String> = rows
                .iter()
                .map(|r| r.try_get(0))
                .collect::<std::result::Result<_, _>>()?;
            if let Some(index) = items.iter().position(|i| taken.contains(&i.id)) {
                return Err(Error::Exists {
                    index,
                    id: items[index].id.clone(),
                });
            }
        }
        Ok(())
    }

    /// Adds the organizations not yet stored. An organization is known by its
    /// name; a file that gives it another stakeholder group or country than
    /// the register (or than an earlier row of the same file) is refused, as
    /// silently keeping either version would lose information.
    async fn insert_organizations(
        &self,
        tx: &mut Transaction<'_, Any>,
        items: &[Initiative],
    ) -> Result<()> {
        let describe = |group: &str, country: Option<&str>| {
            format!("group {group}, country {}", country.unwrap_or("none"))
        };
        let mut first: HashMap<String, (usize, String)> = HashMap::new();
        let mut rows = Vec::new();
        for (index, i) in items.iter().enumerate() {
            let o = &i.organization;
            let id = organization_id(&o.name);
            let given = describe(o.stakeholder_group.as_str(), o.country.as_deref());
            match first.get(&id) {
                Some((_, seen)) if *seen != given => {
                    let (name, stored) = (o.name.clone(), seen.clone());
                    return Err(Error::OrganizationMismatch {
                        index,
                        name,
                        stored,
                        given,
                    });
                }
                Some(_) => {}
                None => {
                    rows.push(json!({"id": id, "name": o.name.trim(),
                        "stakeholder_group": o.stakeholder_group.as_str(), "country": o.country}));
                    first.insert(id, (index, given));
                }
            }
        }
        let ids: Vec<&String> = first.keys().collect();
        let q = self.pick(sql::EXISTING_ORGS_SQLITE, sql::EXISTING_ORGS_PG);
        for row in sqlx::query(q)
            .bind(to_json(&ids)?)
            .fetch_all(&mut **tx)
            .await?
        {
            let id: String = row.try_get(0)?;
            let country: Option<String> = row.try_get(2)?;
            let stored = describe(&row.try_get::<String, _>(1)?, country.as_deref());
            if let Some((index, given)) = first.get(&id)
                && *given != stored
            {
                let name = items[*index].organization.name.clone();
                let (index, given) = (*index, given.clone());
                return Err(Error::OrganizationMismatch {
                    index,
                    name,
                    stored,
                    given,
                });
            }
        }
        let q = self.pick(sql::INSERT_ORGS_SQLITE, sql::INSERT_ORGS_PG);
        for chunk in rows.chunks(BATCH) {
            sqlx::query(q)
                .bind(to_json(&chunk)?)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Inserts a batch with its codes, given the batch's rows as
    /// [`initiative_rows`] writes them; returns the keys given to it.
    async fn insert_batch(
        &self,
        tx: &mut Transaction<'_, Any>,
        items: &[Initiative],
        rows: &str,
    ) -> Result<Vec<i64>> {
        let mut codes = Vec::new();
        let mut keys = Vec::with_capacity(items.len());
        let q = self.pick(sql::INSERT_INITIATIVES_SQLITE, sql::INSERT_INITIATIVES_PG);
        let inserted = sqlx::query(q).bind(rows).fetch_all(&mut **tx).await?;
        let mut seqs = HashMap::with_capacity(inserted.len());
        for row in &inserted {
            seqs.insert(row.try_get::<String, _>(1)?, row.try_get::<i64, _>(0)?);
        }
        for i in items {
            let seq = *seqs
                .get(&i.id)
                .ok_or_else(|| Error::Corrupt(format!("{} not inserted", i.id)))?;
            codes.extend(code_rows(seq, i)?);
            keys.push(seq);
        }
        self.insert_codes(tx, &codes).await?;
        Ok(keys)
    }

    /// Writes code rows keyed by initiative `seq`.
    pub(crate) async fn insert_codes(
        &self,
        tx: &mut Transaction<'_, Any>,
        codes: &[CodeRow<'_>],
    ) -> Result<()> {
        if !codes.is_empty() {
            let q = self.pick(sql::INSERT_CODES_SQLITE, sql::INSERT_CODES_PG);
            sqlx::query(q)
                .bind(to_json(&codes)?)
                .execute(&mut **tx)
                .await?;
        }
        Ok(())
    }

    /// Bumps the revision and files the changed initiatives under it, for
    /// the servers' facet indexes (see `index/refresh.rs`).
    pub(crate) async fn record_changes(
        &self,
        tx: &mut Transaction<'_, Any>,
        seqs: &[i64],
    ) -> Result<i64> {
        let revision: i64 = sqlx::query(sql::BUMP_REVISION_RETURNING)
            .fetch_one(&mut **tx)
            .await?
            .try_get(0)?;
        self.file_changes(tx, revision, seqs).await?;
        Ok(revision)
    }

    /// Files changed initiatives under a revision already bumped.
    pub(crate) async fn file_changes(
        &self,
        tx: &mut Transaction<'_, Any>,
        revision: i64,
        seqs: &[i64],
    ) -> Result<()> {
        let q = self.pick(sql::INSERT_CHANGES_SQLITE, sql::INSERT_CHANGES_PG);
        for chunk in seqs.chunks(BATCH * 10) {
            sqlx::query(q)
                .bind(revision)
                .bind(to_json(chunk)?)
                .execute(&mut **tx)
                .await?;
        }
        // The log only needs the recent past: a server further behind than
        // half of it rebuilds its index from the tables instead.
        sqlx::query(sql::PRUNE_CHANGES)
            .bind(revision - crate::index::KEPT_REVISIONS)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

/// The rows of a batch of initiatives as the insert statements read them:
/// a JSON array of [`InitiativeRow`].
fn initiative_rows(items: &[Initiative]) -> Result<String> {
    let rows = items
        .iter()
        .map(|i| {
            Ok(InitiativeRow {
                id: &i.id,
                title: &i.title,
                description: &i.description,
                organization_id: organization_id(&i.organization.name),
                kind: i.kind.as_str(),
                status: i.status.as_str(),
                start_date: i.start_date.as_deref(),
                end_date: i.end_date.as_deref(),
                countries: to_json(&i.countries)?,
                links: to_json(&i.links)?,
                attribution: i.attribution.as_deref(),
                sample: i64::from(i.sample),
            })
        })
        .collect::<Result<Vec<_>>>()?;
    to_json(&rows)
}

/// An initiative as the insert statements read it. Typed rows serialise
/// without building a JSON tree first, which showed in bulk imports.
#[derive(Serialize)]
struct InitiativeRow<'a> {
    id: &'a str,
    title: &'a str,
    description: &'a str,
    organization_id: String,
    kind: &'static str,
    status: &'static str,
    start_date: Option<&'a str>,
    end_date: Option<&'a str>,
    countries: String,
    links: String,
    attribution: Option<&'a str>,
    sample: i64,
}

/// A code assignment as the insert statements read it.
#[derive(Serialize)]
pub(crate) struct CodeRow<'a> {
    seq: i64,
    code: &'a str,
    origin: &'static str,
    score: Option<f32>,
    evidence: String,
    engine_version: Option<&'a str>,
}

/// The code rows of an initiative.
pub(crate) fn code_rows(seq: i64, i: &Initiative) -> Result<Vec<CodeRow<'_>>> {
    i.codes
        .iter()
        .map(|c| {
            Ok(CodeRow {
                seq,
                code: &c.code,
                origin: c.origin.as_str(),
                score: c.score,
                evidence: to_json(&c.evidence)?,
                engine_version: c.engine_version.as_deref(),
            })
        })
        .collect()
}

pub(crate) fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<String> {
    serde_json::to_string(value).map_err(|e| Error::Corrupt(e.to_string()))
}
