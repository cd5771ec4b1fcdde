//! SQL of the calls for inputs, as constants with `$N` placeholders. The
//! same text runs on both engines except for full-text search.

pub const INSERT_USER: &str = "INSERT INTO users (email, name, password_hash, role, action_lines, \
     organization, stakeholder_group, country, created_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id";
macro_rules! user_columns {
    () => {
        "SELECT u.id, u.email, u.name, u.role, u.action_lines, u.organization, \
         u.stakeholder_group, u.country, u.password_hash FROM users u "
    };
}
pub const USER_BY_EMAIL: &str = concat!(user_columns!(), "WHERE u.email = $1");
pub const USER_BY_SESSION: &str = concat!(
    user_columns!(),
    ", sessions s WHERE s.user_id = u.id AND s.token_hash = $1 AND s.expires > $2"
);
pub const USER_BY_TOKEN: &str = concat!(
    user_columns!(),
    ", api_tokens t WHERE t.user_id = u.id AND t.token_hash = $1"
);
pub const SESSION_CSRF: &str = "SELECT csrf FROM sessions WHERE token_hash = $1";
pub const INSERT_SESSION: &str =
    "INSERT INTO sessions (token_hash, user_id, csrf, expires) VALUES ($1, $2, $3, $4)";
pub const DELETE_SESSION: &str = "DELETE FROM sessions WHERE token_hash = $1";
pub const DELETE_EXPIRED_SESSIONS: &str = "DELETE FROM sessions WHERE expires <= $1";
pub const INSERT_TOKEN: &str =
    "INSERT INTO api_tokens (token_hash, user_id, created_at) VALUES ($1, $2, $3)";

/// PostgreSQL: serialises the attempts at one action and key until the
/// transaction ends. Without it, parallel attempts would each count before
/// the others insert, and all go ahead. It works only under READ COMMITTED,
/// where the count after the lock sees what the previous holder committed
/// ([`READ_COMMITTED_PG`] makes sure of that). (The count gives the lock,
/// which returns `void`, a column type every driver reads.)
pub const LOCK_ATTEMPTS_PG: &str = "SELECT count(*) FROM \
     (SELECT pg_advisory_xact_lock(hashtextextended($1 || chr(31) || $2, 0))) AS l";
/// PostgreSQL: the first statement of a transaction whose later statements
/// must see what others committed while it waited, whatever the database's
/// default isolation level.
pub const READ_COMMITTED_PG: &str = "SET TRANSACTION ISOLATION LEVEL READ COMMITTED";
pub const FORGET_ATTEMPTS: &str =
    "DELETE FROM attempts WHERE bucket = $1 AND key = $2 AND at <= $3";
pub const COUNT_ATTEMPTS: &str = "SELECT COUNT(*) FROM attempts WHERE bucket = $1 AND key = $2";
pub const INSERT_ATTEMPT: &str = "INSERT INTO attempts (bucket, key, at) VALUES ($1, $2, $3)";

pub const INSERT_CALL: &str = "INSERT INTO calls (title, description, questions, deadline, \
     status, created_at, languages) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id";
pub const UPDATE_CALL: &str =
    "UPDATE calls SET status = $2, deadline = $3 WHERE id = $1 AND status = $4 AND deadline = $5";
macro_rules! call_columns {
    () => {
        "SELECT id, title, description, questions, deadline, status, created_at, languages \
         FROM calls "
    };
}
pub const CALL_BY_ID: &str = concat!(call_columns!(), "WHERE id = $1");
pub const CALLS_ALL: &str = concat!(call_columns!(), "ORDER BY deadline DESC, id DESC");
pub const CALLS_PUBLIC: &str = concat!(
    call_columns!(),
    "WHERE status <> 'draft' ORDER BY deadline DESC, id DESC"
);

pub const INSERT_SUBMISSION: &str = "INSERT INTO submissions (call_id, user_id, organization, \
     stakeholder_group, country, answers, status, codes, created_at, submitted_at, updated_at) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $9) RETURNING id";
pub const UPDATE_DRAFT: &str = "UPDATE submissions SET answers = $3, status = $4, codes = $5, \
     submitted_at = $6, updated_at = $7, version = version + 1 \
     WHERE id = $1 AND version = $2 AND status = 'draft'";
pub const DELETE_ATTACHMENT: &str = "DELETE FROM attachments WHERE submission_id = $1 AND id = $2";
pub const INSERT_ATTACHMENT: &str = "INSERT INTO attachments (submission_id, file_name, kind, \
     size, text, bytes) VALUES ($1, $2, $3, $4, $5, $6)";
macro_rules! submission_columns {
    () => {
        "SELECT id, call_id, user_id, organization, stakeholder_group, country, answers, \
         status, reason, codes, version, created_at, submitted_at, updated_at FROM submissions "
    };
}
pub const SUBMISSION_BY_ID: &str = concat!(submission_columns!(), "WHERE id = $1");
pub const SUBMISSIONS_OF_USER: &str =
    concat!(submission_columns!(), "WHERE user_id = $1 ORDER BY id DESC");
pub const SUBMISSIONS_WITH_STATUS: &str = concat!(
    submission_columns!(),
    "WHERE status = $1 ORDER BY submitted_at, id"
);
pub const PUBLISHED_OF_CALL: &str = concat!(
    submission_columns!(),
    "WHERE call_id = $1 AND status = 'published' ORDER BY submitted_at DESC, id DESC"
);
pub const PUBLISHED_MATCHING_SQLITE: &str = concat!(
    submission_columns!(),
    "WHERE call_id = $1 AND status = 'published' AND id IN \
     (SELECT rowid FROM inputs_fts WHERE inputs_fts MATCH $2) ORDER BY submitted_at DESC, id DESC"
);
pub const PUBLISHED_MATCHING_PG: &str = concat!(
    submission_columns!(),
    "WHERE call_id = $1 AND status = 'published' \
     AND search @@ websearch_to_tsquery('english', $2) ORDER BY submitted_at DESC, id DESC"
);
/// The attachments of the inputs whose keys are in the JSON array `$1`.
pub const ATTACHMENTS_OF_SQLITE: &str = "SELECT submission_id, id, file_name, kind, size, text \
     FROM attachments WHERE submission_id IN (SELECT value FROM json_each($1)) ORDER BY id";
pub const ATTACHMENTS_OF_PG: &str = "SELECT submission_id, id, file_name, kind, size, text \
     FROM attachments WHERE submission_id IN \
     (SELECT (jsonb_array_elements_text($1::jsonb))::bigint) ORDER BY id";
pub const ATTACHMENT_META: &str =
    "SELECT submission_id, file_name, kind FROM attachments WHERE id = $1";
pub const ATTACHMENT_BYTES: &str = "SELECT bytes FROM attachments WHERE id = $1";
pub const MODERATE: &str = "UPDATE submissions SET status = $3, reason = $4, codes = $5, \
     updated_at = $6, version = version + 1 WHERE id = $1 AND version = $2";

pub const INDEX_INPUT_SQLITE: &str = "INSERT INTO inputs_fts (rowid, body) VALUES ($1, $2)";
pub const INDEX_INPUT_PG: &str =
    "UPDATE submissions SET search = to_tsvector('english', $2) WHERE id = $1";
pub const UNINDEX_INPUT_SQLITE: &str = "DELETE FROM inputs_fts WHERE rowid = $1";
pub const UNINDEX_INPUT_PG: &str = "UPDATE submissions SET search = NULL WHERE id = $1";

pub const INSERT_AUDIT: &str = "INSERT INTO audit_log (at, actor, action, subject, before, after) \
     VALUES ($1, $2, $3, $4, $5, $6)";
pub const AUDIT_PAGE: &str = "SELECT id, at, actor, action, subject, before, after \
     FROM audit_log ORDER BY id DESC LIMIT $1 OFFSET $2";
