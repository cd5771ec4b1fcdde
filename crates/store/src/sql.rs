//! Every SQL statement of the store, as constants with `$N` placeholders.
//!
//! Statements shared by both engines have one constant; where the engines
//! differ, the constant names end in `_SQLITE` or `_PG`. Search statements
//! share one WHERE clause, assembled at compile time by `concat!`, so the
//! filters are written once. Every filter is a static clause of the form
//! `($N IS NULL OR ...)`: no SQL is ever built from user input.

/// Connection settings for SQLite: WAL so readers never wait for the writer,
/// foreign keys on, and a busy timeout instead of immediate lock errors.
/// The page cache is 64 MiB per connection (the default 2 MiB thrashes on
/// bulk imports and broad searches of a register of 100,000 initiatives).
pub const SQLITE_PRAGMAS: &str = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
     PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; PRAGMA cache_size = -65536; \
     PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 268435456;";

/// PostgreSQL: settings of every connection the store opens. JIT
/// compilation is off: of the store's statements, only the read of every
/// initiative's facet facts (a server's first search, or the first after a
/// large write) costs enough for PostgreSQL to compile it, and compiling
/// made it slower: the benchmark's first search after importing 100,000
/// initiatives took 1,187 / 1,255 / 1,065 / 1,341 ms before this setting
/// and 986 / 1,057 / 934 / 920 ms with it (four alternating pairs). With
/// `auto_explain` logging every statement over 3 ms, no other plan of the
/// benchmark (imports, searches, reads) was compiled.
pub const PG_SESSION: &str = "SET jit = off";

pub const PING: &str = "SELECT 1";

pub const REVISION: &str = "SELECT value FROM revision WHERE id = 1";

// ---- writing ------------------------------------------------------------

pub const EXISTING_IDS_SQLITE: &str =
    "SELECT id FROM initiatives WHERE id IN (SELECT value FROM json_each($1))";
pub const EXISTING_IDS_PG: &str =
    "SELECT id FROM initiatives WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))";

pub const EXISTING_ORGS_SQLITE: &str = "SELECT id, stakeholder_group, country FROM organizations \
     WHERE id IN (SELECT value FROM json_each($1))";
pub const EXISTING_ORGS_PG: &str = "SELECT id, stakeholder_group, country FROM organizations \
     WHERE id IN (SELECT jsonb_array_elements_text($1::jsonb))";

pub const INSERT_ORGS_SQLITE: &str = "INSERT INTO organizations (id, name, stakeholder_group, country) \
     SELECT value->>'id', value->>'name', value->>'stakeholder_group', value->>'country' \
     FROM jsonb_each($1) WHERE true ON CONFLICT (id) DO NOTHING";
pub const INSERT_ORGS_PG: &str = "INSERT INTO organizations (id, name, stakeholder_group, country) \
     SELECT x.id, x.name, x.stakeholder_group, x.country FROM jsonb_to_recordset($1::jsonb) \
     AS x(id text, name text, stakeholder_group text, country text) ON CONFLICT (id) DO NOTHING";

pub const INSERT_INITIATIVES_SQLITE: &str = "INSERT INTO initiatives (id, title, description, \
     organization_id, kind, status, start_date, end_date, countries, links, attribution, sample) \
     SELECT value->>'id', value->>'title', value->>'description', value->>'organization_id', \
     value->>'kind', value->>'status', value->>'start_date', value->>'end_date', \
     value->>'countries', value->>'links', value->>'attribution', value->>'sample' \
     FROM jsonb_each($1) RETURNING seq, id";
pub const INSERT_INITIATIVES_PG: &str = "INSERT INTO initiatives (id, title, description, \
     organization_id, kind, status, start_date, end_date, countries, links, attribution, sample) \
     SELECT x.id, x.title, x.description, x.organization_id, x.kind, x.status, x.start_date, \
     x.end_date, x.countries, x.links, x.attribution, x.sample FROM jsonb_to_recordset($1::jsonb) \
     AS x(id text, title text, description text, organization_id text, kind text, status text, \
     start_date text, end_date text, countries text, links text, attribution text, sample bigint) \
     RETURNING seq, id";

// Code rows carry the initiative's `seq` (returned by the insert
// of the initiatives), so they are written without a lookup per row.
pub const INSERT_CODES_SQLITE: &str = "INSERT INTO initiative_codes (seq, code, origin, score, \
     evidence, engine_version) SELECT value->>'seq', value->>'code', value->>'origin', \
     value->>'score', value->>'evidence', value->>'engine_version' FROM jsonb_each($1)";
pub const INSERT_CODES_PG: &str = "INSERT INTO initiative_codes (seq, code, origin, score, \
     evidence, engine_version) SELECT x.seq, x.code, x.origin, x.score, x.evidence, \
     x.engine_version FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, code text, origin text, \
     score double precision, evidence text, engine_version text)";

pub const DELETE_CODES: &str = "DELETE FROM initiative_codes WHERE seq = $1";

// ---- reading ------------------------------------------------------------

/// Columns of an initiative row with its organization, in the order
/// `rows::initiative_row` reads them.
macro_rules! initiative_columns {
    () => {
        "i.seq, i.id, i.title, i.description, i.kind, i.status, i.start_date, i.end_date, \
         i.countries, i.links, i.attribution, i.sample, o.name, o.stakeholder_group, o.country"
    };
}

/// Initiative rows with their organization, selected by a WHERE clause.
macro_rules! initiatives_where {
    ($cond:literal) => {
        concat!(
            "SELECT ",
            initiative_columns!(),
            " FROM initiatives i JOIN organizations o ON o.id = i.organization_id WHERE ",
            $cond
        )
    };
}

pub const INITIATIVE_BY_ID: &str = initiatives_where!("i.id = $1");

/// A page of the export, in key order, after a given key.
pub const INITIATIVES_AFTER: &str = initiatives_where!("i.seq > $1 ORDER BY i.seq LIMIT $2");

pub const CODES_OF_SQLITE: &str = "SELECT seq, code, origin, score, evidence, engine_version \
     FROM initiative_codes WHERE seq IN (SELECT value FROM json_each($1))";
pub const CODES_OF_PG: &str = "SELECT seq, code, origin, score, evidence, engine_version \
     FROM initiative_codes WHERE seq IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)";

pub const COUNT_INITIATIVES: &str = "SELECT COUNT(*) FROM initiatives";
pub const COUNT_ORGANIZATIONS: &str = "SELECT COUNT(*) FROM organizations";
pub const COUNT_SUGGESTED: &str =
    "SELECT COUNT(DISTINCT seq) FROM initiative_codes WHERE origin = 'suggested'";

// ---- search -------------------------------------------------------------
//
// Filters and facet counts come from each server's in-memory facet index
// (see `index/`); the database answers the text part: which initiatives
// match, and the ranking of a page among them.

/// SQLite: every initiative matching a text query (`$1`), as one
/// comma-separated string: one row instead of tens of thousands keeps the
/// driver's per-row cost out of broad searches.
pub const TEXT_MATCHES_SQLITE: &str =
    "SELECT group_concat(rowid) FROM initiatives_fts WHERE initiatives_fts MATCH $1";

/// SQLite: the number of initiatives whose title alone matches a text
/// query (parameters `$1`–`$3` as in [`PAGE_TEXT_SQLITE`]).
pub const COUNT_TITLES_SQLITE: &str = "SELECT count(*) FROM initiative_titles_fts \
     WHERE initiative_titles_fts MATCH $1 \
     AND ($2 = 0 OR rowid+0 IN (SELECT value FROM json_each($3)))";

/// SQLite: a page of text matches (see `search::text_search`), best first:
/// `$1` query; `$2` 1 to keep only the keys of the JSON array `$3` (the
/// matches within the facet filters), 0 for all; `$4` limit, `$5` offset.
/// Title words weigh four times description words. `rowid+0` keeps the key
/// list out of FTS5's own lookup, which would otherwise run the text query
/// once per listed key.
pub const PAGE_TEXT_SQLITE: &str = "SELECT rowid FROM initiatives_fts \
     WHERE initiatives_fts MATCH $1 AND ($2 = 0 OR rowid+0 IN (SELECT value FROM json_each($3))) \
     ORDER BY bm25(initiatives_fts, 4.0, 1.0), rowid LIMIT $4 OFFSET $5";

/// SQLite: a page of the initiatives whose title alone matches a text
/// query, ranked by BM25 over titles alone (parameters as in
/// [`PAGE_TEXT_SQLITE`]).
pub const PAGE_TITLES_SQLITE: &str = "SELECT rowid FROM initiative_titles_fts \
     WHERE initiative_titles_fts MATCH $1 \
     AND ($2 = 0 OR rowid+0 IN (SELECT value FROM json_each($3))) \
     ORDER BY bm25(initiative_titles_fts), rowid LIMIT $4 OFFSET $5";

/// PostgreSQL: moves the entries a bulk write left in the GIN indexes'
/// pending lists into the indexes proper. A GIN index takes new entries into
/// an unsorted list of up to 4 MB, which every search must read through: a
/// two-word search with four matches spent 15 ms of its 16 in the two lists
/// after a 100,000-row import, and 1.5 ms in all once they were moved
/// (0.1 s per index). Autovacuum does the same, but only after large writes.
pub const CLEAN_TEXT_INDEXES_PG: &str = "SELECT \
     gin_clean_pending_list('initiative_matches_even_gin'), \
     gin_clean_pending_list('initiative_matches_odd_gin'), \
     gin_clean_pending_list('initiative_titles_even_gin'), \
     gin_clean_pending_list('initiative_titles_odd_gin')";

/// PostgreSQL: samples the register's tables for the planner. Autovacuum
/// does so within a minute or so of a large import; until then the planner
/// knows nothing of the new rows, and in three of four benchmark runs the
/// searches right after a 100,000-row import were several times slower,
/// those without search words as much as the others (a median of 38 ms
/// against 4 ms). Sampling takes a fraction of a second. Run inside the
/// import's transaction, it sees the import's rows, and it makes a second
/// large import wait for the first to commit (it holds a lock that only
/// ANALYZE and VACUUM take); if the import rolls back, the estimates it
/// wrote stay, and the next ANALYZE corrects them.
pub const ANALYZE_REGISTER_PG: &str = "ANALYZE initiatives, organizations, initiative_codes, \
     initiative_search, initiative_matches, initiative_titles";

/// PostgreSQL: opens a search's transaction. Repeatable read makes the
/// listing of the matches and the ranking of a page, two statements, see
/// one snapshot of the register; read only, as a search writes nothing.
pub const BEGIN_SEARCH_PG: &str = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";

/// PostgreSQL: exports the search transaction's snapshot, for a second
/// connection to rank the page while the first lists the matches, and
/// keeps the search's statements on their indexes until the transaction
/// ends (`set_config(…, true)` is `SET LOCAL`; [`NO_SEQ_SCANS_PG`] says
/// why), in one round trip.
pub const EXPORT_SNAPSHOT_PG: &str =
    "SELECT pg_export_snapshot(), set_config('enable_seqscan', 'off', true)";

/// PostgreSQL: keeps the search statements on their indexes until the
/// transaction ends. The planner does not count the cost of reading a value
/// from TOAST, so a scan of `initiative_matches`, whose rows are 50 bytes,
/// looks cheap beside its GIN index, and it chose that scan for common
/// words, most of all before the table's first `ANALYZE` after an import or
/// while the index had a backlog of pending entries: the scan read every
/// vector from TOAST, about 1 s a search (EXPLAIN ANALYZE of a common word
/// on a table without statistics: 1,035 ms, against 43 ms by the index).
pub const NO_SEQ_SCANS_PG: &str = "SET LOCAL enable_seqscan = off";

// One half's statement; the halves differ only in the tables they read,
// and the statements with facet filters in the condition they add to both.
macro_rules! half_search_pg {
    ($half:literal, $within:expr) => {
        concat!(
            "WITH t AS MATERIALIZED (SELECT seq, \
             ts_rank(title, (SELECT websearch_to_tsquery('english', $1))) AS r \
             FROM initiative_titles_",
            $half,
            " \
             WHERE title @@ (SELECT websearch_to_tsquery('english', $1))",
            $within,
            ") \
             SELECT (SELECT string_agg(seq::text, ',') FROM initiative_matches_",
            $half,
            " \
             WHERE search @@ (SELECT websearch_to_tsquery('english', $1))",
            $within,
            "), \
             (SELECT string_agg(seq::text || ':' || r::float8::text, ',' ORDER BY r DESC, seq) \
             FROM (SELECT seq, r FROM t ORDER BY r DESC, seq LIMIT $2) AS p), \
             (SELECT count(*) FROM t)"
        )
    };
}

// The condition of a search with facet filters: the key's bit is set in
// the bitmap `$3` (bit `k` is bit `k % 8` of byte `k / 8`, as `get_bit`
// numbers them). A key past its end is one written after the filters'
// keys were taken, and outside them; `CASE` keeps `get_bit` from reading
// past the end, which is an error. `seq::int` suits `get_bit` before
// PostgreSQL 14 too, which takes an `int`.
macro_rules! key_in_bits_pg {
    () => {
        "CASE WHEN seq < 8 * octet_length($3) THEN get_bit($3, seq::int) = 1 ELSE false END"
    };
}

/// PostgreSQL: one half of a text query's matches and title tier, for the
/// even keys and for the odd, from the tables of migration 0007 that hold
/// them: every match of the query (`$1`, for `websearch_to_tsquery`) in
/// the half, as one comma-separated string; the best `$2` of the half's
/// title tier, best first by `ts_rank` over the title alone, as `key:rank`
/// pairs; and the size of the half's tier. Two
/// connections run one half each and the caller merges the tiers by rank
/// (written through `float8`, which prints a `real` exactly, so the merge
/// gives the order one ranking of both would).
///
/// The title tier needs no check that its rows are among the matches: a
/// title's vector is part of its initiative's whole vector, so a title
/// that holds the words means an initiative that does, for every query
/// [`crate::search::pg_query`] lets through (it drops negation, the one
/// operator for which that would not hold).
///
/// This and the other text statements read the query as a subquery,
/// `(SELECT websearch_to_tsquery('english', $1))`, which PostgreSQL
/// computes once per statement. Written as a plain call, it is computed
/// once only in a plan made for the given words. The driver prepares a
/// statement once per connection, and from its sixth run PostgreSQL may
/// keep one generic plan for any words, in which `$1` is no constant: the
/// call was then made again for every row ranked, and for every row of a
/// phrase search, whose matches are checked row by row. On the benchmark's
/// register (100,000 initiatives), the title tier of "product" (4,903
/// titles) took 14.9 ms on the generic plan, 6.8 ms with the subquery and
/// 4.9 ms on a plan for the word (which costs 0.3 to 1.7 ms of planning on
/// every run); listing the matches of a quoted phrase, 64 ms against 46.
pub const HALF_SEARCH_PG: [&str; 2] = [half_search_pg!("even", ""), half_search_pg!("odd", "")];

/// PostgreSQL: [`HALF_SEARCH_PG`] within a search's facet filters, whose
/// keys are the bits set in the bitmap `$3`: the half's matches and title
/// tier within them. With the filters applied here, a word and a filter
/// that keeps a tenth of the register neither writes out the keys of
/// every match of the word nor ranks every title that holds it. For
/// "develop" (26,154 matches in the benchmark's even half) within SDG17
/// (6,082 initiatives) a half took 5.6 ms against 9.7 ms for the whole
/// tier and every match (pgbench). A key list in the statement cost more
/// than it saved: each key had to be unpacked and looked up, where a bit
/// is read in place.
pub const HALF_WITHIN_PG: [&str; 2] = [
    half_search_pg!("even", concat!(" AND ", key_in_bits_pg!())),
    half_search_pg!("odd", concat!(" AND ", key_in_bits_pg!())),
];

/// PostgreSQL: the best `$3` of the second tier of a text query (`$1`)
/// among the matches whose keys are in `$2`, comma-separated: the matches whose title does not hold the words,
/// ranked by `ts_rank` over title and description (title words weigh
/// more), as one string of `key:rank` pairs, best first. The caller lists
/// the matches once ([`HALF_SEARCH_PG`]) and hands each connection a
/// share of them, so the phrase check, which reads each candidate's vector
/// from TOAST, is not run again. The rank is a `real` written through
/// `float8`, which prints it exactly, so the shares merge in the order one
/// ranking of all would give.
///
/// The keys come as text made into an array, which the primary key's
/// index sorts and walks in order: with 1,400 keys (half the matches of a two-word
/// query) the statement took 3.3 ms, where a JSON array unpacked row by
/// row and joined to the table took 4.2.
pub const REST_PART_PG: &str = "SELECT string_agg(seq::text || ':' || r::float8::text, ',' \
     ORDER BY r DESC, seq) FROM (SELECT s.seq, ts_rank(s.search, (SELECT websearch_to_tsquery('english', $1))) AS r \
     FROM initiative_search s WHERE s.seq = ANY(string_to_array($2, ',')::bigint[]) \
     AND s.seq NOT IN (SELECT seq FROM initiative_titles \
     WHERE title @@ (SELECT websearch_to_tsquery('english', $1))) \
     ORDER BY r DESC, s.seq LIMIT $3) AS p";

/// PostgreSQL: the matches of a text query and a page of them, best first,
/// in one statement (parameters as in [`PAGE_TEXT_SQLITE`], except that
/// the facet filters' keys `$3` are a bitmap, as in [`HALF_WITHIN_PG`]),
/// as three comma-separated strings: every match; the title tier's part of the page, ranked by
/// `ts_rank` over the title alone; and, when that tier runs out within the
/// page, the rest of the page from the other matches, ranked by `ts_rank`
/// over title and description (title words weigh more). Migrations 0006
/// and 0007 say why each step reads its own table. The title tier needs no check
/// that its rows are among the matches: a title's vector is part of its
/// initiative's whole vector, so a title that holds the words means an
/// initiative that does, for every query [`crate::search::pg_query`] lets
/// through (it drops negation, the one operator for which that would not
/// hold). When the title page is full, the last `LIMIT` is 0 and the
/// second tier is never ranked. [`HALF_SEARCH_PG`] and [`REST_PART_PG`]
/// do the same work in parts that two connections share.
pub const TEXT_SEARCH_PG: &str = concat!(
    "WITH m AS MATERIALIZED (SELECT seq FROM initiative_matches \
     WHERE search @@ (SELECT websearch_to_tsquery('english', $1)) AND ($2 = 0 OR ",
    key_in_bits_pg!(),
    ")), \
     t AS MATERIALIZED (SELECT seq, ts_rank(title, (SELECT websearch_to_tsquery('english', $1))) AS r \
     FROM initiative_titles WHERE title @@ (SELECT websearch_to_tsquery('english', $1)) \
     AND ($2 = 0 OR ",
    key_in_bits_pg!(),
    ")), \
     n AS MATERIALIZED (SELECT count(*) AS n FROM t) \
     SELECT (SELECT string_agg(seq::text, ',') FROM m), \
     (SELECT string_agg(seq::text, ',' ORDER BY r DESC, seq) \
     FROM (SELECT seq, r FROM t ORDER BY r DESC, seq LIMIT $4 OFFSET $5) AS p), \
     (SELECT string_agg(seq::text, ',' ORDER BY r DESC, seq) \
     FROM (SELECT s.seq, ts_rank(s.search, (SELECT websearch_to_tsquery('english', $1))) AS r \
     FROM initiative_search s WHERE s.seq IN (SELECT seq FROM m EXCEPT SELECT seq FROM t) \
     ORDER BY r DESC, s.seq \
     LIMIT $4 - least($4, greatest((SELECT n FROM n) - $5, 0)) \
     OFFSET greatest($5 - (SELECT n FROM n), 0)) AS p2)"
);

// ---- the facet index ----------------------------------------------------

/// Bumps the revision and returns it, so a write can file its changes under it.
pub const BUMP_REVISION_RETURNING: &str =
    "UPDATE revision SET value = value + 1 WHERE id = 1 RETURNING value";
pub const INSERT_CHANGES_SQLITE: &str = "INSERT INTO initiative_changes (revision, seq) \
     SELECT $1, value FROM json_each($2) WHERE true ON CONFLICT DO NOTHING";
pub const INSERT_CHANGES_PG: &str = "INSERT INTO initiative_changes (revision, seq) \
     SELECT $1, (jsonb_array_elements_text($2::jsonb))::bigint ON CONFLICT DO NOTHING";
/// Forgets the changes filed at revision `$1` or before.
pub const PRUNE_CHANGES: &str = "DELETE FROM initiative_changes WHERE revision <= $1";
/// Changes after revision `$1` up to `$2`.
pub const COUNT_CHANGES: &str =
    "SELECT COUNT(*) FROM initiative_changes WHERE revision > $1 AND revision <= $2";
pub const CHANGED_SEQS: &str =
    "SELECT DISTINCT seq FROM initiative_changes WHERE revision > $1 AND revision <= $2";

/// What the facets of initiatives derive from, as one JSON array of
/// `[seq, stakeholder group, kind, status, start date, [countries],
/// [[code, origin], …]]`: one value instead of a row per initiative and per
/// code keeps the driver's per-row cost out of an index build.
macro_rules! facts_sqlite {
    ($cond:literal) => {
        concat!(
            "SELECT json_group_array(json_array(i.seq, o.stakeholder_group, i.kind, i.status, \
             i.start_date, json(i.countries), (SELECT json_group_array(json_array(c.code, c.origin)) \
             FROM initiative_codes c WHERE c.seq = i.seq))) \
             FROM initiatives i JOIN organizations o ON o.id = i.organization_id",
            $cond
        )
    };
}
macro_rules! facts_pg {
    ($cond:literal) => {
        concat!(
            "SELECT coalesce(json_agg(json_build_array(i.seq, o.stakeholder_group, i.kind, i.status, \
             i.start_date, i.countries::json, (SELECT coalesce(json_agg(json_build_array(c.code, \
             c.origin)), '[]'::json) FROM initiative_codes c WHERE c.seq = i.seq))), '[]'::json)::text \
             FROM initiatives i JOIN organizations o ON o.id = i.organization_id",
            $cond
        )
    };
}
pub const FACTS_ALL_SQLITE: &str = facts_sqlite!("");
pub const FACTS_ALL_PG: &str = facts_pg!("");
pub const FACTS_OF_SQLITE: &str =
    facts_sqlite!(" WHERE i.seq IN (SELECT value FROM json_each($1))");
pub const FACTS_OF_PG: &str =
    facts_pg!(" WHERE i.seq IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)");

/// Fetches the rows of a page of keys, in the page's order.
pub const INITIATIVES_BY_SEQ_SQLITE: &str =
    initiatives_where!("i.seq IN (SELECT value FROM json_each($1))");
pub const INITIATIVES_BY_SEQ_PG: &str =
    initiatives_where!("i.seq IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)");

pub const DELETE_CODES_OF_SQLITE: &str = "DELETE FROM initiative_codes \
     WHERE seq IN (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT value FROM json_each($1)))";
pub const DELETE_CODES_OF_PG: &str = "DELETE FROM initiative_codes WHERE seq IN \
     (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT jsonb_array_elements_text($1::jsonb)))";
pub const INITIATIVES_BY_IDS_SQLITE: &str =
    initiatives_where!("i.id IN (SELECT value FROM json_each($1))");
pub const INITIATIVES_BY_IDS_PG: &str =
    initiatives_where!("i.id IN (SELECT jsonb_array_elements_text($1::jsonb))");
