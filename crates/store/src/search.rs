//! Full-text search with facets over the register.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use sqlx::Row;
use wsis_register::Initiative;

use crate::error::{Error, Result};
use crate::facets::FACETS;
use crate::rows::{fill_codes, initiative_row};
use crate::write::to_json;
use crate::{Engine, Store, sql};

/// Largest page a caller may ask for.
pub const MAX_PER_PAGE: u32 = 100;
/// Page size when the caller names none.
pub const DEFAULT_PER_PAGE: u32 = 20;
/// Longest search text the web pages and the API accept, in characters:
/// every word becomes a phrase of the text query, and a query is read more
/// than once (title tier, rest), so its length bounds a search's work.
pub const MAX_QUERY_CHARS: usize = 500;

/// True when a search text, if any, is within [`MAX_QUERY_CHARS`].
pub fn query_fits(q: Option<&str>) -> bool {
    q.is_none_or(|q| q.chars().count() <= MAX_QUERY_CHARS)
}

/// What a search asks for: a text query, one value per facet, and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct Filter {
    /// Words to find in titles and descriptions (all must occur; `"..."` for a
    /// phrase, `word*` for a prefix). Results whose title alone matches come
    /// first, then the others, each by relevance.
    pub q: Option<String>,
    /// An action line code (`C7` also finds its sub-lines).
    pub action_line: Option<String>,
    /// An SDG code.
    pub sdg: Option<String>,
    /// A GDC objective code.
    pub gdc: Option<String>,
    /// A stakeholder group.
    pub group: Option<String>,
    /// A UN M49 region name.
    pub region: Option<String>,
    /// An ISO 3166-1 alpha-3 country code.
    pub country: Option<String>,
    /// A kind of initiative.
    pub kind: Option<String>,
    /// A start year.
    pub year: Option<String>,
    /// A status.
    pub status: Option<String>,
    /// 1-based page number.
    pub page: u32,
    /// Items per page: [`DEFAULT_PER_PAGE`] when 0, at most [`MAX_PER_PAGE`].
    pub per_page: u32,
}

impl Filter {
    /// The facet filters in the order of [`FACETS`].
    fn facet_values(&self) -> [&Option<String>; 9] {
        [
            &self.action_line,
            &self.sdg,
            &self.gdc,
            &self.group,
            &self.region,
            &self.country,
            &self.kind,
            &self.year,
            &self.status,
        ]
    }

    /// The filters that are set, as `[facet, value]` pairs.
    fn pairs(&self) -> Vec<[&str; 2]> {
        FACETS
            .iter()
            .zip(self.facet_values())
            .filter_map(|(facet, v)| v.as_deref().map(|v| [*facet, v]))
            .collect()
    }
}

/// One value of a facet with the number of matching initiatives.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct FacetValue {
    /// The value, e.g. `C3` or `civil-society`.
    pub value: String,
    /// Matching initiatives filed under it.
    pub count: i64,
}

/// Facet name → its values, most frequent first.
pub type Facets = BTreeMap<String, Vec<FacetValue>>;

/// One page of search results.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
pub struct SearchPage {
    /// Matching initiatives in all.
    pub total: i64,
    /// The initiatives of this page.
    pub items: Vec<Initiative>,
    /// Counts per facet value over all matching initiatives.
    pub facets: Facets,
}

impl Store {
    /// Searches the register.
    ///
    /// Facet filters and counts come from the server's facet index; the
    /// database's full-text engine says which initiatives match the words
    /// and ranks the page among those also within the filters.
    pub async fn list_initiatives(&self, filter: &Filter) -> Result<SearchPage> {
        let q = filter.q.as_deref().and_then(|q| match self.engine {
            Engine::Sqlite => fts5_query(q),
            Engine::Postgres => pg_query(q),
        });
        let per_page = match filter.per_page {
            0 => DEFAULT_PER_PAGE,
            n => n.min(MAX_PER_PAGE),
        };
        let offset = (filter.page.max(1) - 1) as usize * per_page as usize;
        let index = self.facet_index().await?;
        let pairs = filter.pairs();
        let mut matches = index.matching(&pairs);
        let keys = match q {
            None => index.newest(&matches, offset, per_page as usize),
            // Facet filters that nothing is filed under leave nothing for
            // the words to match: no need to ask the database.
            Some(_) if !pairs.is_empty() && matches.len() == 0 => Vec::new(),
            Some(q) => {
                let filtered = (!pairs.is_empty()).then(|| index.seqs_of(&matches));
                let found = self
                    .text_search(&q, filtered.as_deref(), per_page, offset)
                    .await?;
                matches.intersect(&index.docs_of(&found.all));
                // The text is read after the index was taken: an initiative
                // written in between is left off the page, as it is off the
                // total and the counts, until the next search takes it in.
                found
                    .page
                    .into_iter()
                    .filter(|&k| index.holds(&matches, k))
                    .collect()
            }
        };
        // The facet counts, a millisecond or so of work on a large
        // register, are made on a worker thread while this task reads the
        // page's rows. Counted on this task beside the reads (a `join!`),
        // they held up the reads' round trips until they were done: for
        // the common words of the 100,000-initiative benchmark the reads
        // could not even take their connections for the first 0.9 ms.
        let total = matches.len() as i64;
        let counting = tokio::task::spawn_blocking(move || index.facets(&matches));
        let items = self.initiatives_by_keys(&keys).await;
        let facets = counting.await.map_err(|e| Error::Worker(e.to_string()))?;
        Ok(SearchPage {
            total,
            items: items?,
            facets,
        })
    }

    /// The initiatives matching a text query, among the keys `filtered`
    /// (those within the facet filters, ascending) if given, and one page
    /// of them, best first: first the initiatives whose title alone
    /// matches the query, then the others, each tier ranked by relevance.
    /// On PostgreSQL the title tier is ranked by `ts_rank` over the title
    /// alone, and the second by `ts_rank` over title and description (title
    /// words weigh more). On SQLite the second tier is ranked by BM25 over
    /// both (title words weigh four times), and the title tier by BM25 over
    /// an index of titles alone (migration 0005), which counts how often
    /// and how rare the words are in the title and weighs them against its
    /// length: roughly, the shorter a title that holds the words, the
    /// higher it ranks.
    /// On both engines, finding the tier reads titles only, where a title
    /// filter over the whole text would read every match of the query.
    ///
    /// Why tiers: a person who searches "broadband" expects the initiatives
    /// named for it before those that mention it in passing, and relevance
    /// scores alone let a long description that repeats a word outrank a
    /// title. The tiers also bound the work of a broad search, where
    /// ranking costs about 2 µs per match: a first page is mostly ranked
    /// among the title matches, a small share of all matches.
    ///
    /// PostgreSQL shares the listing and the ranking between two
    /// connections on one snapshot when it can (see `text_pg.rs`), reading
    /// three tables laid out for listing the matches, the title tier and
    /// ranking (migration 0006), the first two split in halves that the
    /// connections take one each (migration 0007). On SQLite, whose FTS5 index lists the
    /// matches without reading rows, keeping the ranked matches to
    /// aggregate them costs more than a second lookup.
    async fn text_search(
        &self,
        q: &str,
        filtered: Option<&[i64]>,
        per_page: u32,
        offset: usize,
    ) -> Result<TextMatches> {
        let page_len = per_page as usize;
        match self.engine {
            Engine::Postgres => self.pg_text_search(q, filtered, per_page, offset).await,
            Engine::Sqlite => {
                let (all, titles) = match filtered {
                    // Without facet filters the title tier's page does not
                    // depend on the listing of all matches: the two run at
                    // once, on two connections.
                    None => tokio::try_join!(
                        self.all_text_matches(q),
                        self.text_page(sql::PAGE_TITLES_SQLITE, q, None, page_len, offset)
                    )?,
                    // With them, the title page is ranked among the filtered
                    // matches, a shorter key list for the statement to
                    // unpack than the filters' own (measured: running it at
                    // once with the filters' keys was no faster).
                    Some(keys) => {
                        let mut all = self.all_text_matches(q).await?;
                        all.retain(|k| keys.binary_search(k).is_ok());
                        let titles = if offset < all.len() {
                            let within = Some(&all[..]);
                            self.text_page(sql::PAGE_TITLES_SQLITE, q, within, page_len, offset)
                                .await?
                        } else {
                            Vec::new()
                        };
                        (all, titles)
                    }
                };
                let within = filtered.map(|_| &all[..]);
                let page = self
                    .tiered_page(q, within, all.len(), per_page, offset, titles)
                    .await?;
                Ok(TextMatches { all, page })
            }
        }
    }

    /// SQLite: every initiative matching an FTS5 query, ascending.
    async fn all_text_matches(&self, q: &str) -> Result<Vec<i64>> {
        let row = sqlx::query(sql::TEXT_MATCHES_SQLITE)
            .bind(q)
            .fetch_one(&self.pool)
            .await?;
        let mut all = key_list(row.try_get(0)?)?;
        all.sort_unstable();
        Ok(all)
    }

    /// SQLite: a page of the `total` text matches (those in `within` when
    /// the search has facet filters), title matches first, given `page`,
    /// the title tier's part of it, ranked from the page's offset. When
    /// the tier runs out within a first page, the page holds all of it, and
    /// the rest is the best of all matches once those are left out: one
    /// ranking of the whole query, cheaper than one that must also exclude
    /// title matches (which FTS5 finds by reading the whole query's matches
    /// again). Later pages rank the second tier on its own; only when the
    /// title tier ran out before the page starts does its size have to be
    /// counted, to know where in the second tier the page begins.
    ///
    /// The two ways agree on the second tier's order because FTS5's BM25
    /// sums over every phrase of a query, and the excluded title phrases
    /// have no hits in a row the `NOT` query returns: they add nothing,
    /// and the row scores exactly as under the whole query (checked on
    /// 14,186 rows of a synthetic table; `title_matches_come_first_issue2`
    /// pages one result at a time to hold it to that).
    async fn tiered_page(
        &self,
        q: &str,
        within: Option<&[i64]>,
        total: usize,
        per_page: u32,
        offset: usize,
        mut page: Vec<i64>,
    ) -> Result<Vec<i64>> {
        let per_page = per_page as usize;
        if offset >= total {
            return Ok(Vec::new());
        }
        let need = per_page - page.len();
        if need == 0 || offset + page.len() >= total {
            return Ok(page);
        }
        if offset == 0 {
            let best = self
                .text_page(sql::PAGE_TEXT_SQLITE, q, within, need + page.len(), 0)
                .await?;
            let rest: Vec<i64> = best.into_iter().filter(|k| !page.contains(k)).collect();
            page.extend(rest.into_iter().take(need));
            return Ok(page);
        }
        let titled = if page.is_empty() {
            self.count_titles(q, within).await?
        } else {
            offset + page.len()
        };
        let from = offset.saturating_sub(titled);
        let rest = second_tier(q);
        page.extend(
            self.text_page(sql::PAGE_TEXT_SQLITE, &rest, within, need, from)
                .await?,
        );
        Ok(page)
    }

    /// The number of initiatives whose title alone matches an FTS5 query,
    /// among the keys `within` if given (SQLite).
    async fn count_titles(&self, q: &str, within: Option<&[i64]>) -> Result<usize> {
        let n: i64 = sqlx::query_scalar(sql::COUNT_TITLES_SQLITE)
            .bind(q)
            .bind(i64::from(within.is_some()))
            .bind(key_json(within)?)
            .fetch_one(&self.pool)
            .await?;
        Ok(usize::try_from(n).unwrap_or(0))
    }

    /// A page of the matches of an FTS5 query, best first, among the keys
    /// `within` if given (SQLite), by `statement`: [`sql::PAGE_TEXT_SQLITE`]
    /// or [`sql::PAGE_TITLES_SQLITE`].
    async fn text_page(
        &self,
        statement: &'static str,
        q: &str,
        within: Option<&[i64]>,
        limit: usize,
        offset: usize,
    ) -> Result<Vec<i64>> {
        let rows = sqlx::query(statement)
            .bind(q)
            .bind(i64::from(within.is_some()))
            .bind(key_json(within)?)
            .bind(limit as i64)
            .bind(offset as i64)
            .fetch_all(&self.pool)
            .await?;
        seqs(&rows)
    }

    async fn initiatives_by_keys(&self, keys: &[i64]) -> Result<Vec<Initiative>> {
        if keys.is_empty() {
            return Ok(Vec::new());
        }
        let json = to_json(keys)?;
        let q = self.pick(sql::INITIATIVES_BY_SEQ_SQLITE, sql::INITIATIVES_BY_SEQ_PG);
        // The rows and their codes are read at once, on two connections.
        let rows_of =
            async { Ok::<_, Error>(sqlx::query(q).bind(json).fetch_all(&self.pool).await?) };
        let codes_of = async {
            let mut conn = self.pool.acquire().await?;
            self.codes_on(&mut conn, keys).await
        };
        let (rows, codes) = tokio::try_join!(rows_of, codes_of)?;
        let mut items = rows
            .iter()
            .map(initiative_row)
            .collect::<Result<Vec<_>>>()?;
        fill_codes(&mut items, codes);
        let mut by_key: HashMap<i64, Initiative> = items.into_iter().collect();
        Ok(keys.iter().filter_map(|k| by_key.remove(k)).collect())
    }
}

/// What a text query found: every match (ascending) and one page, best first.
pub(crate) struct TextMatches {
    pub(crate) all: Vec<i64>,
    pub(crate) page: Vec<i64>,
}

/// The second tier of an FTS5 query (from [`fts5_query`]), for the main
/// index: its matches whose title alone does not hold it. The first tier is
/// the query itself, run on the index of titles.
fn second_tier(q: &str) -> String {
    format!("({q}) NOT ({{title}} : ({q}))")
}

/// Keys from a comma-separated list (one text value instead of tens of
/// thousands of rows keeps the driver's per-row cost out of broad searches).
pub(crate) fn key_list(list: Option<String>) -> Result<Vec<i64>> {
    list.unwrap_or_default()
        .split(',')
        .filter(|k| !k.is_empty())
        .map(|k| k.parse::<i64>())
        .collect::<std::result::Result<Vec<_>, _>>()
        .map_err(|e| Error::Corrupt(format!("text match key: {e}")))
}

/// Keys as the JSON array the SQLite text statements unpack (empty when
/// the search has no facet filters).
fn key_json(within: Option<&[i64]>) -> Result<String> {
    match within {
        Some(keys) => to_json(keys),
        None => Ok(String::from("[]")),
    }
}

fn seqs(rows: &[sqlx::any::AnyRow]) -> Result<Vec<i64>> {
    Ok(rows
        .iter()
        .map(|r| r.try_get(0))
        .collect::<std::result::Result<_, _>>()?)
}

/// What a person types, for PostgreSQL's `websearch_to_tsquery` (which
/// reads any text without a syntax error): trimmed, with NUL characters,
/// which PostgreSQL text cannot hold, made spaces, and so is every `-` that
/// does not follow a letter or digit. `websearch_to_tsquery` reads such a
/// `-` as "without the next word", the one operator under which a title
/// could match while its whole initiative does not, and the title tier of
/// [`crate::sql::HALF_SEARCH_PG`] and [`crate::sql::TEXT_SEARCH_PG`] relies
/// on that never happening. SQLite's
/// [`fts5_query`] drops it too. (`or` between words still means either on
/// PostgreSQL, which keeps that property; on SQLite it is a word.) `None`
/// when blank.
pub(crate) fn pg_query(input: &str) -> Option<String> {
    let mut q = String::with_capacity(input.len());
    let mut joins = false;
    for c in input.chars() {
        let word_char = c.is_alphanumeric();
        q.push(match c {
            '\0' => ' ',
            '-' if !joins => ' ',
            c => c,
        });
        joins = word_char;
    }
    Some(q.trim().to_string()).filter(|q| !q.is_empty())
}

/// Turns what a person types into an FTS5 query that cannot be a syntax
/// error: every word is quoted (so `AND`, `-` or `:` are plain text), a
/// `"quoted phrase"` stays a phrase, and `word*` stays a prefix search.
/// Returns `None` when nothing searchable is left.
pub(crate) fn fts5_query(input: &str) -> Option<String> {
    let mut parts = Vec::new();
    for (n, chunk) in input.split('"').enumerate() {
        let phrase = n % 2 == 1;
        let words: Vec<(String, bool)> = chunk
            .split(|c: char| !(c.is_alphanumeric() || c == '*'))
            .filter_map(|w| {
                let prefix = w.ends_with('*');
                let w: String = w.chars().filter(|c| c.is_alphanumeric()).collect();
                (!w.is_empty()).then_some((w, prefix))
            })
            .collect();
        if phrase && words.len() > 1 {
            let text: Vec<&str> = words.iter().map(|(w, _)| w.as_str()).collect();
            parts.push(format!("\"{}\"", text.join(" ")));
        } else {
            for (w, prefix) in words {
                parts.push(if prefix {
                    format!("\"{w}\"*")
                } else {
                    format!("\"{w}\"")
                });
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join(" "))
}

#[cfg(test)]
mod tests {
    use super::{fts5_query, pg_query};

    #[test]
    fn user_text_reaches_postgres_without_negation() {
        assert_eq!(
            pg_query(" solar -schools ").as_deref(),
            Some("solar  schools")
        );
        assert_eq!(pg_query("a - b (-c --d").as_deref(), Some("a   b ( c   d"));
        assert_eq!(pg_query("e-health 1-2").as_deref(), Some("e-health 1-2"));
        assert_eq!(pg_query("x\0y").as_deref(), Some("x y"));
        assert_eq!(pg_query(" - ").as_deref(), None);
    }

    #[test]
    fn user_text_becomes_a_safe_fts5_query() {
        assert_eq!(
            fts5_query("digital health").as_deref(),
            Some("\"digital\" \"health\"")
        );
        assert_eq!(
            fts5_query("\"digital health\" ai").as_deref(),
            Some("\"digital health\" \"ai\"")
        );
        assert_eq!(fts5_query("tele*").as_deref(), Some("\"tele\"*"));
        assert_eq!(
            fts5_query("a AND -b: OR (c").as_deref(),
            Some("\"a\" \"AND\" \"b\" \"OR\" \"c\"")
        );
        assert_eq!(fts5_query(" \" - : ").as_deref(), None);
    }
}
