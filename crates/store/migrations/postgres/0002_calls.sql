-- Calls for inputs (PostgreSQL): accounts, sessions, API tokens, calls,
-- submissions with attachments, the audit log and rate-limit attempts.
-- Times are Unix seconds (to compare) and RFC 3339 text (to show).

CREATE TABLE users (
    id BIGSERIAL PRIMARY KEY,
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
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    csrf TEXT NOT NULL,
    expires BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_tokens (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL
);

CREATE TABLE calls (
    id BIGSERIAL PRIMARY KEY,
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
-- `search` is set when an input is published and cleared when withdrawn.
CREATE TABLE submissions (
    id BIGSERIAL PRIMARY KEY,
    call_id BIGINT NOT NULL REFERENCES calls(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    organization TEXT NOT NULL,
    stakeholder_group TEXT NOT NULL,
    country TEXT,
    answers TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT,
    codes TEXT NOT NULL DEFAULT '[]',
    version BIGINT NOT NULL DEFAULT 1,
    created_at TEXT NOT NULL,
    submitted_at TEXT,
    updated_at TEXT NOT NULL,
    search TSVECTOR
);
CREATE INDEX submissions_call ON submissions (call_id, status);
CREATE INDEX submissions_user ON submissions (user_id);
CREATE INDEX submissions_status ON submissions (status);
CREATE INDEX submissions_search ON submissions USING GIN (search);

CREATE TABLE attachments (
    id BIGSERIAL PRIMARY KEY,
    submission_id BIGINT NOT NULL REFERENCES submissions(id) ON DELETE CASCADE,
    file_name TEXT NOT NULL,
    kind TEXT NOT NULL,
    size BIGINT NOT NULL,
    text TEXT NOT NULL,
    bytes BYTEA NOT NULL
);
CREATE INDEX attachments_submission ON attachments (submission_id);

CREATE TABLE audit_log (
    id BIGSERIAL PRIMARY KEY,
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
    at BIGINT NOT NULL
);
CREATE INDEX attempts_key ON attempts (bucket, key, at);
