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

pub const PING: &str = "SELECT 1";

pub const REVISION: &str = "SELECT value FROM revision WHERE id = 1";
pub const BUMP_REVISION: &str = "UPDATE revision SET value = value + 1 WHERE id = 1";

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
     FROM json_each($1) WHERE true ON CONFLICT (id) DO NOTHING";
pub const INSERT_ORGS_PG: &str = "INSERT INTO organizations (id, name, stakeholder_group, country) \
     SELECT x.id, x.name, x.stakeholder_group, x.country FROM jsonb_to_recordset($1::jsonb) \
     AS x(id text, name text, stakeholder_group text, country text) ON CONFLICT (id) DO NOTHING";

pub const INSERT_INITIATIVES_SQLITE: &str = "INSERT INTO initiatives (id, title, description, \
     organization_id, kind, status, start_date, end_date, countries, links, attribution, sample) \
     SELECT value->>'id', value->>'title', value->>'description', value->>'organization_id', \
     value->>'kind', value->>'status', value->>'start_date', value->>'end_date', \
     value->>'countries', value->>'links', value->>'attribution', value->>'sample' \
     FROM json_each($1) RETURNING seq, id";
pub const INSERT_INITIATIVES_PG: &str = "INSERT INTO initiatives (id, title, description, \
     organization_id, kind, status, start_date, end_date, countries, links, attribution, sample) \
     SELECT x.id, x.title, x.description, x.organization_id, x.kind, x.status, x.start_date, \
     x.end_date, x.countries, x.links, x.attribution, x.sample FROM jsonb_to_recordset($1::jsonb) \
     AS x(id text, title text, description text, organization_id text, kind text, status text, \
     start_date text, end_date text, countries text, links text, attribution text, sample bigint) \
     RETURNING seq, id";

// Code and facet rows carry the initiative's `seq` (returned by the insert
// of the initiatives), so they are written without a lookup per row.
pub const INSERT_CODES_SQLITE: &str = "INSERT INTO initiative_codes (seq, code, origin, score, \
     evidence, engine_version) SELECT value->>'seq', value->>'code', value->>'origin', \
     value->>'score', value->>'evidence', value->>'engine_version' FROM json_each($1)";
pub const INSERT_CODES_PG: &str = "INSERT INTO initiative_codes (seq, code, origin, score, \
     evidence, engine_version) SELECT x.seq, x.code, x.origin, x.score, x.evidence, \
     x.engine_version FROM jsonb_to_recordset($1::jsonb) AS x(seq bigint, code text, origin text, \
     score double precision, evidence text, engine_version text)";

pub const INSERT_FACETS_SQLITE: &str = "INSERT INTO initiative_facets (facet, value, seq) \
     SELECT value->>'facet', value->>'value', value->>'seq' FROM json_each($1)";
pub const INSERT_FACETS_PG: &str = "INSERT INTO initiative_facets (facet, value, seq) \
     SELECT x.facet, x.value, x.seq FROM jsonb_to_recordset($1::jsonb) \
     AS x(seq bigint, facet text, value text)";

pub const DELETE_FACETS: &str = "DELETE FROM initiative_facets WHERE seq = $1";
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
// Facet filters travel as one JSON array of `[facet, value]` pairs with its
// length: the initiatives filed under every pair are those that appear once
// per pair in the facet table (relational division). Each pair is one range
// of the facet table's primary key, so a filtered search costs what its
// filters select, not what the register holds, and the SQL stays the same
// whatever the number of filters.

/// The initiatives under every filter pair: `$F` is the JSON array, `$N` its length.
macro_rules! filtered_sqlite {
    ($f:literal, $n:literal) => {
        concat!(
            "SELECT f.seq AS seq FROM json_each(", $f, ") j CROSS JOIN initiative_facets f \
             ON f.facet = json_extract(j.value, '$[0]') AND f.value = json_extract(j.value, '$[1]') \
             GROUP BY f.seq HAVING COUNT(*) = ", $n
        )
    };
}
macro_rules! filtered_pg {
    ($f:literal, $n:literal) => {
        concat!(
            "SELECT f.seq AS seq FROM jsonb_array_elements(",
            $f,
            "::jsonb) j \
             JOIN initiative_facets f ON f.facet = j->>0 AND f.value = j->>1 \
             GROUP BY f.seq HAVING COUNT(*) = ",
            $n
        )
    };
}

/// Text matches on SQLite (`$1`, FTS5 syntax), within the filters `$2`/`$3` if any.
macro_rules! text_sqlite {
    () => {
        concat!(
            "SELECT rowid AS seq FROM initiatives_fts WHERE initiatives_fts MATCH $1 \
             AND ($3 = 0 OR rowid IN (",
            filtered_sqlite!("$2", "$3"),
            "))"
        )
    };
}
/// Text matches on PostgreSQL (`$1`, web-search syntax), within the filters if any.
macro_rules! text_pg {
    () => {
        concat!(
            "SELECT i.seq AS seq FROM initiatives i \
             WHERE i.search @@ websearch_to_tsquery('english', $1) \
             AND ($3 = 0 OR i.seq IN (",
            filtered_pg!("$2", "$3"),
            "))"
        )
    };
}

/// The newest initiatives: `$1` limit, `$2` offset.
pub const PAGE_PLAIN: &str = "SELECT seq FROM initiatives ORDER BY seq DESC LIMIT $1 OFFSET $2";

/// Filtered, newest first: `$1` filters, `$2` their number, `$3` limit, `$4` offset.
pub const PAGE_FILTERED_SQLITE: &str = concat!(
    filtered_sqlite!("$1", "$2"),
    " ORDER BY f.seq DESC LIMIT $3 OFFSET $4"
);
pub const PAGE_FILTERED_PG: &str = concat!(
    filtered_pg!("$1", "$2"),
    " ORDER BY f.seq DESC LIMIT $3 OFFSET $4"
);
pub const FACETS_FILTERED_SQLITE: &str = concat!(
    "SELECT fa.facet, fa.value, COUNT(*) FROM (",
    filtered_sqlite!("$1", "$2"),
    ") m CROSS JOIN initiative_facets fa ON fa.seq = m.seq GROUP BY fa.facet, fa.value"
);
pub const FACETS_FILTERED_PG: &str = concat!(
    "SELECT fa.facet, fa.value, COUNT(*) FROM (",
    filtered_pg!("$1", "$2"),
    ") m JOIN initiative_facets fa ON fa.seq = m.seq GROUP BY fa.facet, fa.value"
);

/// Text matches, best first: `$1` query, `$2` filters, `$3` their number,
/// `$4` limit, `$5` offset. Title words weigh four times description words.
pub const PAGE_TEXT_SQLITE: &str = "SELECT rowid FROM initiatives_fts \
     WHERE initiatives_fts MATCH $1 AND ($3 = 0 OR rowid IN (SELECT f.seq FROM json_each($2) j \
     CROSS JOIN initiative_facets f ON f.facet = json_extract(j.value, '$[0]') \
     AND f.value = json_extract(j.value, '$[1]') GROUP BY f.seq HAVING COUNT(*) = $3)) \
     ORDER BY bm25(initiatives_fts, 4.0, 1.0), rowid LIMIT $4 OFFSET $5";
pub const PAGE_TEXT_PG: &str = concat!(
    "SELECT t.seq FROM (",
    text_pg!(),
    ") t JOIN initiatives i ON i.seq = t.seq \
     ORDER BY ts_rank(i.search, websearch_to_tsquery('english', $1)) DESC, i.seq \
     LIMIT $4 OFFSET $5"
);
pub const FACETS_TEXT_SQLITE: &str = concat!(
    "SELECT fa.facet, fa.value, COUNT(*) FROM (",
    text_sqlite!(),
    ") m CROSS JOIN initiative_facets fa ON fa.seq = m.seq GROUP BY fa.facet, fa.value"
);
pub const FACETS_TEXT_PG: &str = concat!(
    "SELECT fa.facet, fa.value, COUNT(*) FROM (",
    text_pg!(),
    ") m JOIN initiative_facets fa ON fa.seq = m.seq GROUP BY fa.facet, fa.value"
);

/// Facet counts of the whole register, without any filter.
pub const FACETS_TOTAL: &str =
    "SELECT facet, value, COUNT(*) FROM initiative_facets GROUP BY facet, value";

/// Fetches the rows of a page of keys, in the page's order.
pub const INITIATIVES_BY_SEQ_SQLITE: &str =
    initiatives_where!("i.seq IN (SELECT value FROM json_each($1))");
pub const INITIATIVES_BY_SEQ_PG: &str =
    initiatives_where!("i.seq IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)");

pub const DELETE_CODES_OF_SQLITE: &str = "DELETE FROM initiative_codes \
     WHERE seq IN (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT value FROM json_each($1)))";
pub const DELETE_CODES_OF_PG: &str = "DELETE FROM initiative_codes WHERE seq IN \
     (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT jsonb_array_elements_text($1::jsonb)))";
pub const DELETE_FACETS_OF_SQLITE: &str = "DELETE FROM initiative_facets \
     WHERE seq IN (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT value FROM json_each($1)))";
pub const DELETE_FACETS_OF_PG: &str = "DELETE FROM initiative_facets WHERE seq IN \
     (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT jsonb_array_elements_text($1::jsonb)))";

pub const INITIATIVES_BY_IDS_SQLITE: &str =
    initiatives_where!("i.id IN (SELECT value FROM json_each($1))");
pub const INITIATIVES_BY_IDS_PG: &str =
    initiatives_where!("i.id IN (SELECT jsonb_array_elements_text($1::jsonb))");
