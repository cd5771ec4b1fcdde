//! Text search on PostgreSQL: the listing of every match and the ranked
//! page, on two connections at once when the pool has one to spare.

use std::cmp::Ordering;

use sqlx::AnyConnection;
use sqlx::{AssertSqlSafe, Connection, Row};

use crate::error::{Error, Result};
use crate::search::{TextMatches, key_list};
use crate::{Store, sql};

impl Store {
    /// The matches of a text query for `websearch_to_tsquery`, among the
    /// keys `filtered` if given (ascending), and a page of them, best
    /// first: first the title tier, then, when it runs out within the
    /// page, the rest ([`sql::REST_PART_PG`]).
    ///
    /// The work is split so that two connections, and so the server's two
    /// cores, share it. The tables that list the matches and rank the
    /// title tier hold the even keys and the odd keys apart (migration
    /// 0007), and each connection lists the matches and ranks the title
    /// tier of one half ([`sql::HALF_SEARCH_PG`]); the halves of the tier
    /// are merged by rank. A common word of the 100,000-initiative
    /// benchmark spends most of its time listing its matches (for the
    /// total and the facet counts): about 11 ms on one connection while
    /// the other ranked the whole title page in 4, where each half takes
    /// 7.5 to 8 ms. A search of two words has few matches and fewer titles
    /// that hold both, and its time goes into ranking the rest, about 2 µs
    /// a candidate: each connection ranks the listed matches of one parity
    /// of key and the two best-first lists are merged. Both transactions
    /// see one snapshot of the register: the first, repeatable read,
    /// exports its snapshot and the second adopts it.
    ///
    /// A search with facet filters hands its keys to both halves as a
    /// bitmap ([`sql::HALF_WITHIN_PG`]), so that each lists and ranks only
    /// its matches within them. A list of keys cost each statement the
    /// unpacking of thousands of keys: in four benchmark runs so, the p99
    /// of a word and an SDG was 34 to 41 ms, against 24 to 31 ms in one
    /// statement; and dropping the matches outside the filters here, after
    /// every match had been written out and every title of the tier
    /// ranked, left a word and an SDG the slowest searches of the
    /// benchmark.
    ///
    /// One statement on one connection ([`sql::TEXT_SEARCH_PG`]) does the
    /// same work when the pool has no idle connection, which is when other
    /// requests keep the cores busy anyway. Taking a second connection
    /// only when one is idle means searches never wait on each other for
    /// it.
    pub(crate) async fn pg_text_search(
        &self,
        q: &str,
        filtered: Option<&[i64]>,
        per_page: u32,
        offset: usize,
    ) -> Result<TextMatches> {
        let window = (per_page as usize, offset);
        let mut tx = self.pool.begin_with(sql::BEGIN_SEARCH_PG).await?;
        let mut spare = self.pool.try_acquire();
        // The spare comes without the pool's check that it still works
        // (that check waits on the server): one the server has closed fails
        // to begin and leaves the search to one statement, and the pool's
        // check drops it when a caller next acquires it.
        let tx2 = match spare.as_mut() {
            Some(conn) => (**conn).begin_with(sql::BEGIN_SEARCH_PG).await.ok(),
            None => None,
        };
        let (listed, page) = match tx2 {
            Some(mut tx2) => {
                let snapshot: String = sqlx::query(sql::EXPORT_SNAPSHOT_PG)
                    .fetch_one(&mut *tx)
                    .await?
                    .try_get(0)?;
                sqlx::raw_sql(AssertSqlSafe(adopt_snapshot(&snapshot)?))
                    .execute(&mut *tx2)
                    .await?;
                // A half ranks no further into its tier than the page
                // reaches.
                let reach = offset + per_page as usize;
                let bits = filtered.map(bitmap);
                let statements = match bits {
                    None => sql::HALF_SEARCH_PG,
                    Some(_) => sql::HALF_WITHIN_PG,
                };
                let (even, odd) = tokio::try_join!(
                    half_search(&mut tx, statements[0], q, reach, bits.as_deref()),
                    half_search(&mut tx2, statements[1], q, reach, bits.as_deref())
                )?;
                let (listed, ranked, tier) = join_halves(even, odd);
                let mut page = page_of(ranked, window);
                if let Some((from, need)) = rest_window(window, page.len(), tier, listed.len()) {
                    let (odd, even): (Vec<i64>, Vec<i64>) =
                        listed.iter().partition(|&&k| k % 2 == 1);
                    let (odd, even) = tokio::try_join!(
                        rest_part(&mut tx, q, &odd, from + need),
                        rest_part(&mut tx2, q, &even, from + need)
                    )?;
                    page.extend(merge(odd, even).skip(from).take(need).map(|(k, _)| k));
                }
                tx2.commit().await?;
                (listed, page)
            }
            None => {
                sqlx::query(sql::NO_SEQ_SCANS_PG).execute(&mut *tx).await?;
                let row = sqlx::query(sql::TEXT_SEARCH_PG)
                    .bind(q)
                    .bind(i64::from(filtered.is_some()))
                    .bind(filtered.map(bitmap).unwrap_or_default())
                    .bind(i64::from(per_page))
                    .bind(offset as i64)
                    .fetch_one(&mut *tx)
                    .await?;
                let mut page = key_list(row.try_get(1)?)?;
                page.extend(key_list(row.try_get(2)?)?);
                (key_list(row.try_get(0)?)?, page)
            }
        };
        tx.commit().await?;
        let mut all = listed;
        // Each half lists its matches in the order of its table, which is
        // mostly the order of the keys: a stable sort finds the ascending
        // runs and merges them. Sorting the 45,000 keys of two such runs
        // took 0.12 to 0.18 ms so, and 0.54 to 0.60 ms unstably.
        all.sort();
        Ok(TextMatches { all, page })
    }
}

/// What one half of the register holds for a text query
/// ([`sql::HALF_SEARCH_PG`], [`sql::HALF_WITHIN_PG`]).
struct Half {
    /// Every match in the half (within the filters), unordered.
    listed: Vec<i64>,
    /// The best of the half's title tier (within the filters), best first,
    /// with their ranks.
    titles: Vec<(i64, f64)>,
    /// The size of the half's title tier.
    tier: usize,
}

/// Runs one half's statement: every match, and the best `reach` of the
/// title tier, within the facet filters' `bits` if given.
async fn half_search(
    conn: &mut AnyConnection,
    statement: &'static str,
    q: &str,
    reach: usize,
    bits: Option<&[u8]>,
) -> Result<Half> {
    let query = sqlx::query(statement).bind(q).bind(reach as i64);
    let query = match bits {
        Some(bits) => query.bind(bits.to_vec()),
        None => query,
    };
    let row = query.fetch_one(conn).await?;
    let tier: i64 = row.try_get(2)?;
    Ok(Half {
        listed: key_list(row.try_get(0)?)?,
        titles: ranked_list(row.try_get(1)?)?,
        tier: usize::try_from(tier).unwrap_or(0),
    })
}

/// Keys (positive) as a bitmap in `get_bit`'s numbering: key `k` is bit
/// `k % 8`, counted from the least significant, of byte `k / 8`.
fn bitmap(keys: &[i64]) -> Vec<u8> {
    let end = keys.iter().copied().max().unwrap_or(0).max(0) as usize;
    let mut bits = vec![0u8; end / 8 + 1];
    for &k in keys.iter().filter(|&&k| k >= 0) {
        let k = k as usize;
        bits[k / 8] |= 1 << (k % 8);
    }
    bits
}

/// The two halves as one: every match, the title tier's best in one
/// ranking, and the size of the whole tier.
fn join_halves(even: Half, odd: Half) -> (Vec<i64>, Vec<i64>, usize) {
    let mut listed = even.listed;
    listed.extend(odd.listed);
    let ranked = merge(even.titles, odd.titles).map(|(k, _)| k).collect();
    (listed, ranked, even.tier + odd.tier)
}

/// The page's share of a ranked title tier.
fn page_of(ranked: Vec<i64>, (per_page, offset): (usize, usize)) -> Vec<i64> {
    ranked.into_iter().skip(offset).take(per_page).collect()
}

/// Where in the second tier a page continues and how many it takes from
/// there, or `None` when the title tier fills the page or the page starts
/// at or past the last of the `total` matches.
fn rest_window(
    (per_page, offset): (usize, usize),
    on_page: usize,
    tier: usize,
    total: usize,
) -> Option<(usize, usize)> {
    let need = per_page.saturating_sub(on_page);
    // A page past the last match ranks nothing, however far it asks.
    (need > 0 && offset + on_page < total).then(|| (offset.saturating_sub(tier), need))
}

/// The best `limit` of the second tier among the matches `keys`, best
/// first, with their ranks ([`sql::REST_PART_PG`]).
async fn rest_part(
    conn: &mut AnyConnection,
    q: &str,
    keys: &[i64],
    limit: usize,
) -> Result<Vec<(i64, f64)>> {
    let list = keys
        .iter()
        .map(i64::to_string)
        .collect::<Vec<_>>()
        .join(",");
    let row = sqlx::query(sql::REST_PART_PG)
        .bind(q)
        .bind(list)
        .bind(limit as i64)
        .fetch_one(conn)
        .await?;
    ranked_list(row.try_get(0)?)
}

/// A comma-separated list of `key:rank` pairs, as the statements write it.
fn ranked_list(list: Option<String>) -> Result<Vec<(i64, f64)>> {
    list.unwrap_or_default()
        .split(',')
        .filter(|pair| !pair.is_empty())
        .map(ranked_key)
        .collect()
}

/// A `key:rank` pair of [`sql::HALF_SEARCH_PG`] or [`sql::REST_PART_PG`].
fn ranked_key(pair: &str) -> Result<(i64, f64)> {
    let bad = || Error::Corrupt(format!("ranked text match {pair:?}"));
    let (key, rank) = pair.split_once(':').ok_or_else(bad)?;
    Ok((
        key.parse().map_err(|_| bad())?,
        rank.parse().map_err(|_| bad())?,
    ))
}

/// Two best-first lists as one, in the order of one ranking of both:
/// higher rank first, then lower key.
fn merge(a: Vec<(i64, f64)>, b: Vec<(i64, f64)>) -> impl Iterator<Item = (i64, f64)> {
    let mut all = a;
    all.extend(b);
    all.sort_by(|x, y| {
        y.1.partial_cmp(&x.1)
            .unwrap_or(Ordering::Equal)
            .then(x.0.cmp(&y.0))
    });
    all.into_iter()
}

/// The statements that make a second transaction adopt an exported
/// snapshot and keep to the indexes (see [`sql::NO_SEQ_SCANS_PG`]).
/// `SET TRANSACTION SNAPSHOT` takes no parameters, so the identifier, which
/// PostgreSQL writes in hexadecimal digits and dashes, is checked before it
/// is written into the text.
fn adopt_snapshot(id: &str) -> Result<String> {
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_hexdigit() || c == '-') {
        return Err(Error::Corrupt(format!("snapshot identifier {id:?}")));
    }
    Ok(format!(
        "SET TRANSACTION SNAPSHOT '{id}'; {}",
        sql::NO_SEQ_SCANS_PG
    ))
}

#[cfg(test)]
mod tests {
    use super::{
        Half, adopt_snapshot, bitmap, join_halves, merge, page_of, ranked_key, ranked_list,
        rest_window,
    };

    #[test]
    fn only_a_snapshot_identifier_reaches_the_statement() {
        assert_eq!(
            adopt_snapshot("00000003-0000001B-1").ok().as_deref(),
            Some("SET TRANSACTION SNAPSHOT '00000003-0000001B-1'; SET LOCAL enable_seqscan = off")
        );
        assert!(adopt_snapshot("1'; DROP TABLE initiatives; --").is_err());
        assert!(adopt_snapshot("").is_err());
    }

    #[test]
    fn halves_merge_as_one_ranking() {
        let odd = vec![(7, 0.5), (3, 0.25), (9, 0.25)];
        let even = vec![(4, 0.5), (2, 0.25), (8, 0.125)];
        let keys: Vec<i64> = merge(odd, even).map(|(k, _)| k).collect();
        assert_eq!(keys, [4, 7, 2, 3, 9, 8]);
    }

    #[test]
    fn the_halves_of_a_search_join_as_one() {
        let even = Half {
            listed: vec![2, 8, 4],
            titles: vec![(8, 0.5), (2, 0.125)],
            tier: 5,
        };
        let odd = Half {
            listed: vec![1, 3],
            titles: vec![(3, 0.5), (1, 0.25)],
            tier: 2,
        };
        let (listed, ranked, tier) = join_halves(even, odd);
        assert_eq!(listed, [2, 8, 4, 1, 3]);
        // Equal ranks go to the lower key, as in one ranking of both.
        assert_eq!(ranked, [3, 8, 1, 2]);
        assert_eq!(tier, 7);
        assert_eq!(page_of(ranked.clone(), (2, 1)), [8, 1]);
        assert_eq!(page_of(ranked, (2, 4)), Vec::<i64>::new());
    }

    #[test]
    fn ranked_lists_are_read_or_refused() {
        assert_eq!(
            ranked_list(Some("3:0.5,8:0.25".into())).ok(),
            Some(vec![(3, 0.5), (8, 0.25)])
        );
        assert_eq!(ranked_list(None).ok(), Some(vec![]));
        assert!(ranked_list(Some("3:0.5,8".into())).is_err());
    }

    #[test]
    fn ranked_pairs_are_read_or_refused() {
        assert_eq!(
            ranked_key("12:0.0607927106320858").ok(),
            Some((12, 0.0607927106320858))
        );
        assert!(ranked_key("12").is_err());
        assert!(ranked_key("x:0.5").is_err());
    }

    #[test]
    fn facet_filter_keys_become_bits_numbered_as_get_bit_reads_them() {
        // Key 1 is the second lowest bit of byte 0, key 8 the lowest of
        // byte 1, key 17 the second lowest of byte 2.
        assert_eq!(bitmap(&[1, 8, 9, 17]), vec![0b10, 0b11, 0b10]);
        assert_eq!(bitmap(&[7]), vec![0b1000_0000]);
        assert_eq!(bitmap(&[]), vec![0]);
    }

    #[test]
    fn the_second_tier_continues_where_the_titles_end() {
        // A first page with 5 title matches takes 15 from the rest's start.
        assert_eq!(rest_window((20, 0), 5, 5, 90), Some((0, 15)));
        // A full title page needs no rest.
        assert_eq!(rest_window((20, 0), 20, 300, 900), None);
        // Page 3 of a search with 25 title matches starts 15 into the rest.
        assert_eq!(rest_window((20, 40), 0, 25, 90), Some((15, 20)));
        // A page past the last match, or one the title tier ends, ranks
        // nothing.
        assert_eq!(rest_window((20, 100_000), 0, 25, 90), None);
        assert_eq!(rest_window((20, 80), 10, 90, 90), None);
    }
}
