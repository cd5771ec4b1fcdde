-- Calls for inputs (SQLite): accounts, sessions, API tokens, calls,
-- submissions with attachments, the audit log and rate-limit attempts.
-- Times are Unix seconds (to compare) and RFC 3339 text (to show).

CREATE TABLE users (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    action_lines TEXT NOT NULL DEFAULT '[]',
    organization TEXT,
    stakeholder_group TEXT,
    country TEXT,
    created_at TEXT NOT NULL
);

-- Only the SHA-256 of a session or API token is kept.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires INTEGER NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);

CREATE TABLE calls (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    questions TEXT NOT NULL,
    deadline TEXT NOT NULL,
    status TEXT NOT NULL,
    -- The languages inputs may be written in, a JSON array of ISO 639-1 codes.
    languages TEXT NOT NULL DEFAULT '["en"]',
    created_at TEXT NOT NULL
);

-- The organization is copied from the author's account when the input is
-- written, so that later account changes do not rewrite published inputs.
CREATE TABLE submissions (
    id INTEGER PRIMARY KEY,
    call_id INTEGER NOT NULL REFERENCES calls(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    organization TEXT NOT NULL,
    stakeholder_group TEXT NOT NULL,
    country TEXT,
    answers TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    codes TEXT NOT NULL DEFAULT '[]',
    version INTEGER NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX submissions_call ON submissions (call_id, status);
CREATE INDEX submissions_user ON submissions (user_id);
CREATE INDEX submissions_status ON submissions (status);

CREATE TABLE attachments (
    id INTEGER PRIMARY KEY,
    submission_id INTEGER NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    size INTEGER NOT NULL,
    text TEXT NOT NULL,
    bytes BLOB NOT NULL
);
CREATE INDEX attachments_submission ON attachments (submission_id);

-- Full text of published inputs only; rowid = submissions.id. Rows are
-- written when an input is published and removed when it is withdrawn.
CREATE VIRTUAL TABLE inputs_fts USING fts5 (body, tokenize = 'porter unicode61');

CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor TEXT NOT NULL,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    before TEXT,
    after TEXT
);

-- Recent attempts per rate-limited action and key (e-mail, address, user),
-- in the database so that every instance counts the same attempts.
CREATE TABLE attempts (
    bucket TEXT NOT NULL,
    key TEXT NOT NULL,
    at INTEGER NOT NULL
);
CREATE INDEX attempts_key ON attempts (bucket, key, at);
