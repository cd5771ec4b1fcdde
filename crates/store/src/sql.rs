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
     FROM json_each($1)";
pub const INSERT_INITIATIVES_PG: &str = "INSERT INTO initiatives (id, title, description, \
     organization_id, kind, status, start_date, end_date, countries, links, attribution, sample) \
     SELECT x.id, x.title, x.description, x.organization_id, x.kind, x.status, x.start_date, \
     x.end_date, x.countries, x.links, x.attribution, x.sample FROM jsonb_to_recordset($1::jsonb) \
     AS x(id text, title text, description text, organization_id text, kind text, status text, \
     start_date text, end_date text, countries text, links text, attribution text, sample bigint)";

pub const INSERT_CODES_SQLITE: &str = "INSERT INTO initiative_codes (seq, code, origin, score, \
     evidence, engine_version) SELECT i.seq, j.value->>'code', j.value->>'origin', \
     j.value->>'score', j.value->>'evidence', j.value->>'engine_version' \
     FROM json_each($1) j JOIN initiatives i ON i.id = j.value->>'id'";
pub const INSERT_CODES_PG: &str = "INSERT INTO initiative_codes (seq, code, origin, score, \
     evidence, engine_version) SELECT i.seq, x.code, x.origin, x.score, x.evidence, \
     x.engine_version FROM jsonb_to_recordset($1::jsonb) AS x(id text, code text, origin text, \
     score double precision, evidence text, engine_version text) JOIN initiatives i ON i.id = x.id";

pub const INSERT_FACETS_SQLITE: &str = "INSERT INTO initiative_facets (facet, value, seq) \
     SELECT j.value->>'facet', j.value->>'value', i.seq \
     FROM json_each($1) j JOIN initiatives i ON i.id = j.value->>'id'";
pub const INSERT_FACETS_PG: &str = "INSERT INTO initiative_facets (facet, value, seq) \
     SELECT x.facet, x.value, i.seq FROM jsonb_to_recordset($1::jsonb) \
     AS x(id text, facet text, value text) JOIN initiatives i ON i.id = x.id";

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

pub const INITIATIVE_BY_ID: &str = concat!(
    "SELECT ",
    initiative_columns!(),
    " FROM initiatives i JOIN organizations o ON o.id = i.organization_id WHERE i.id = $1"
);

/// A page of the export, in key order, after a given key.
pub const INITIATIVES_AFTER: &str = concat!(
    "SELECT ",
    initiative_columns!(),
    " FROM initiatives i JOIN organizations o ON o.id = i.organization_id \
     WHERE i.seq > $1 ORDER BY i.seq LIMIT $2"
);

pub const CODES_OF_SQLITE: &str = "SELECT seq, code, origin, score, evidence, engine_version \
     FROM initiative_codes WHERE seq IN (SELECT value FROM json_each($1))";
pub const CODES_OF_PG: &str = "SELECT seq, code, origin, score, evidence, engine_version \
     FROM initiative_codes WHERE seq IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)";

pub const COUNT_INITIATIVES: &str = "SELECT COUNT(*) FROM initiatives";
pub const COUNT_ORGANIZATIONS: &str = "SELECT COUNT(*) FROM organizations";
pub const COUNT_SUGGESTED: &str =
    "SELECT COUNT(DISTINCT seq) FROM initiative_codes WHERE origin = 'suggested'";

// ---- search -------------------------------------------------------------

/// The filters: `$2`…`$10` are action line, SDG, GDC objective, stakeholder
/// group, region, country, kind, year and status; each is skipped when NULL.
macro_rules! filters {
    () => {
        " AND (CAST($2 AS TEXT) IS NULL OR i.seq IN (SELECT seq FROM initiative_facets \
             WHERE facet = 'action_line' AND value = $2)) \
          AND (CAST($3 AS TEXT) IS NULL OR i.seq IN (SELECT seq FROM initiative_facets \
             WHERE facet = 'sdg' AND value = $3)) \
          AND (CAST($4 AS TEXT) IS NULL OR i.seq IN (SELECT seq FROM initiative_facets \
             WHERE facet = 'gdc' AND value = $4)) \
          AND (CAST($5 AS TEXT) IS NULL OR i.seq IN (SELECT seq FROM initiative_facets \
             WHERE facet = 'group' AND value = $5)) \
          AND (CAST($6 AS TEXT) IS NULL OR i.seq IN (SELECT seq FROM initiative_facets \
             WHERE facet = 'region' AND value = $6)) \
          AND (CAST($7 AS TEXT) IS NULL OR i.seq IN (SELECT seq FROM initiative_facets \
             WHERE facet = 'country' AND value = $7)) \
          AND (CAST($8 AS TEXT) IS NULL OR i.seq IN (SELECT seq FROM initiative_facets \
             WHERE facet = 'kind' AND value = $8)) \
          AND (CAST($9 AS TEXT) IS NULL OR i.seq IN (SELECT seq FROM initiative_facets \
             WHERE facet = 'year' AND value = $9)) \
          AND (CAST($10 AS TEXT) IS NULL OR i.seq IN (SELECT seq FROM initiative_facets \
             WHERE facet = 'status' AND value = $10))"
    };
}

/// The matching initiatives without a text query (`$1` is NULL and unused).
macro_rules! match_all {
    () => {
        concat!(
            " FROM initiatives i WHERE CAST($1 AS TEXT) IS NULL",
            filters!()
        )
    };
}

/// The initiatives matching a text query on SQLite (FTS5 syntax in `$1`).
macro_rules! match_fts_sqlite {
    () => {
        concat!(
            " FROM initiatives_fts f JOIN initiatives i ON i.seq = f.rowid \
              WHERE initiatives_fts MATCH $1",
            filters!()
        )
    };
}

/// The initiatives matching a text query on PostgreSQL (web-search syntax in `$1`).
macro_rules! match_fts_pg {
    () => {
        concat!(
            " FROM initiatives i WHERE i.search @@ websearch_to_tsquery('english', $1)",
            filters!()
        )
    };
}

pub const PAGE_ALL: &str = concat!(
    "SELECT i.seq",
    match_all!(),
    " ORDER BY i.seq DESC LIMIT $11 OFFSET $12"
);
pub const PAGE_FTS_SQLITE: &str = concat!(
    "SELECT i.seq",
    match_fts_sqlite!(),
    " ORDER BY bm25(initiatives_fts, 4.0, 1.0), i.seq LIMIT $11 OFFSET $12"
);
pub const PAGE_FTS_PG: &str = concat!(
    "SELECT i.seq",
    match_fts_pg!(),
    " ORDER BY ts_rank(i.search, websearch_to_tsquery('english', $1)) DESC, i.seq \
      LIMIT $11 OFFSET $12"
);

pub const TOTAL_ALL: &str = concat!("SELECT COUNT(*)", match_all!());
pub const TOTAL_FTS_SQLITE: &str = concat!("SELECT COUNT(*)", match_fts_sqlite!());
pub const TOTAL_FTS_PG: &str = concat!("SELECT COUNT(*)", match_fts_pg!());

// Facet counts walk from the matched set to its facet rows through the
// `seq` index (`CROSS JOIN` fixes that order on SQLite), so their cost grows
// with the number of matches, not with the size of the register.
pub const FACETS_ALL_SQLITE: &str = concat!(
    "SELECT fa.facet, fa.value, COUNT(*) FROM (SELECT i.seq AS seq",
    match_all!(),
    ") m CROSS JOIN initiative_facets fa ON fa.seq = m.seq GROUP BY fa.facet, fa.value"
);
pub const FACETS_ALL_PG: &str = concat!(
    "SELECT fa.facet, fa.value, COUNT(*) FROM (SELECT i.seq AS seq",
    match_all!(),
    ") m JOIN initiative_facets fa ON fa.seq = m.seq GROUP BY fa.facet, fa.value"
);
pub const FACETS_FTS_SQLITE: &str = concat!(
    "SELECT fa.facet, fa.value, COUNT(*) FROM (SELECT i.seq AS seq",
    match_fts_sqlite!(),
    ") m CROSS JOIN initiative_facets fa ON fa.seq = m.seq GROUP BY fa.facet, fa.value"
);
pub const FACETS_FTS_PG: &str = concat!(
    "SELECT fa.facet, fa.value, COUNT(*) FROM (SELECT i.seq AS seq",
    match_fts_pg!(),
    ") m JOIN initiative_facets fa ON fa.seq = m.seq GROUP BY fa.facet, fa.value"
);

/// Facet counts of the whole register, without any filter.
pub const FACETS_TOTAL: &str =
    "SELECT facet, value, COUNT(*) FROM initiative_facets GROUP BY facet, value";

/// Fetches the rows of a page of keys, in the page's order.
pub const INITIATIVES_BY_SEQ_SQLITE: &str = concat!(
    "SELECT ",
    initiative_columns!(),
    " FROM initiatives i JOIN organizations o ON o.id = i.organization_id \
     WHERE i.seq IN (SELECT value FROM json_each($1))"
);
pub const INITIATIVES_BY_SEQ_PG: &str = concat!(
    "SELECT ",
    initiative_columns!(),
    " FROM initiatives i JOIN organizations o ON o.id = i.organization_id \
     WHERE i.seq IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)"
);

pub const DELETE_CODES_OF_SQLITE: &str = "DELETE FROM initiative_codes \
     WHERE seq IN (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT value FROM json_each($1)))";
pub const DELETE_CODES_OF_PG: &str = "DELETE FROM initiative_codes WHERE seq IN \
     (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT jsonb_array_elements_text($1::jsonb)))";
pub const DELETE_FACETS_OF_SQLITE: &str = "DELETE FROM initiative_facets \
     WHERE seq IN (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT value FROM json_each($1)))";
pub const DELETE_FACETS_OF_PG: &str = "DELETE FROM initiative_facets WHERE seq IN \
     (SELECT i.seq FROM initiatives i WHERE i.id IN (SELECT jsonb_array_elements_text($1::jsonb)))";
