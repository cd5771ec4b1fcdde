//! Keeping a server's facet index in step with the database.
//!
//! Every write to the register bumps the revision counter and records the
//! `seq` of each initiative it touched in `initiative_changes`, under the new
//! revision. A server whose index is at revision `r` reloads only the
//! initiatives changed after `r`; a change of more than half the register (a
//! first import, a re-mapping) rebuilds the index instead, as does a server
//! so far behind that the pruned log may no longer cover its gap.

use std::collections::BTreeSet;
use std::sync::Arc;

use sqlx::Row;
use wsis_framework::Framework;
use wsis_register::{CodeAssignment, Initiative, Organization};

use super::{FacetIndex, KEPT_REVISIONS, Placed};
use crate::error::{Error, Result};
use crate::facets::derive_facets;
use crate::write::to_json;
use crate::{Store, sql};

impl Store {
    /// Brings this server's facet index up to date now rather than at the
    /// next search (a server calls it before it starts listening).
    pub async fn prepare_search(&self) -> Result<()> {
        self.facet_index().await.map(|_| ())
    }

    /// The facet index at the database's current revision.
    pub(crate) async fn facet_index(&self) -> Result<Arc<FacetIndex>> {
        // One refresh at a time: a second search waits for the first one's
        // work instead of repeating it.
        let mut current = self.index.lock().await;
        let revision = self.revision().await?;
        if current.revision == revision {
            return Ok(current.clone());
        }
        let behind = revision.saturating_sub(current.revision);
        let changed: i64 =
            if current.revision < 0 || revision < current.revision || behind > KEPT_REVISIONS / 2 {
                i64::MAX
            } else {
                sqlx::query(sql::COUNT_CHANGES)
                    .bind(current.revision)
                    .bind(revision)
                    .fetch_one(&self.pool)
                    .await?
                    .try_get(0)?
            };
        let fresh = if changed > (current.len() / 2) as i64 {
            self.build_index(revision).await?
        } else {
            let rows = sqlx::query(sql::CHANGED_SEQS)
                .bind(current.revision)
                .bind(revision)
                .fetch_all(&self.pool)
                .await?;
            let seqs: Vec<i64> = rows
                .iter()
                .map(|r| r.try_get(0))
                .collect::<std::result::Result<_, _>>()?;
            let mut index = (**current).clone();
            let mut rebuild = false;
            for (seq, facets) in self.load_facets(Some(&seqs)).await? {
                rebuild |= index.place(seq, &facets) == Placed::Rebuild;
            }
            if rebuild {
                self.build_index(revision).await?
            } else {
                index.revision = revision;
                index
            }
        };
        *current = Arc::new(fresh);
        Ok(current.clone())
    }

    async fn build_index(&self, revision: i64) -> Result<FacetIndex> {
        let mut index = FacetIndex::unbuilt();
        let mut facts = self.load_facets(None).await?;
        facts.sort_by_key(|(seq, _)| *seq);
        for (seq, facets) in facts {
            index.place(seq, &facets);
        }
        index.revision = revision;
        Ok(index)
    }

    /// The facet values of the given initiatives (all when `None`), derived
    /// from their rows and codes exactly as `derive_facets` files them.
    async fn load_facets(&self, seqs: Option<&[i64]>) -> Result<Vec<(i64, Filed)>> {
        let fw = Framework::embedded();
        let row = match seqs {
            None => {
                let q = self.pick(sql::FACTS_ALL_SQLITE, sql::FACTS_ALL_PG);
                sqlx::query(q).fetch_one(&self.pool).await?
            }
            Some(seqs) => {
                let q = self.pick(sql::FACTS_OF_SQLITE, sql::FACTS_OF_PG);
                sqlx::query(q)
                    .bind(to_json(seqs)?)
                    .fetch_one(&self.pool)
                    .await?
            }
        };
        let json: Option<String> = row.try_get(0)?;
        let facts: Vec<Fact> = serde_json::from_str(json.as_deref().unwrap_or("[]"))
            .map_err(|e| Error::Corrupt(format!("facet facts: {e}")))?;
        let mut out = Vec::with_capacity(facts.len());
        for (seq, group, kind, status, start_date, countries, codes) in facts {
            let codes = codes
                .into_iter()
                .map(|(code, origin)| {
                    Ok(CodeAssignment {
                        code,
                        origin: origin.parse().map_err(Error::Corrupt)?,
                        score: None,
                        evidence: Vec::new(),
                        engine_version: None,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            let item = Initiative {
                id: String::new(),
                title: String::new(),
                description: String::new(),
                organization: Organization {
                    name: String::new(),
                    stakeholder_group: group.parse().map_err(Error::Corrupt)?,
                    country: None,
                },
                kind: kind.parse().map_err(Error::Corrupt)?,
                status: status.parse().map_err(Error::Corrupt)?,
                start_date,
                end_date: None,
                countries,
                links: Vec::new(),
                codes,
                attribution: None,
                sample: false,
            };
            out.push((seq, derive_facets(&item, fw)));
        }
        Ok(out)
    }
}

/// One initiative's facts as the facts query lists them.
type Fact = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Vec<String>,
    Vec<(String, String)>,
);

/// The (facet, value) pairs an initiative is filed under.
type Filed = BTreeSet<(&'static str, String)>;
