-- The stocktaking register (SQLite).
-- `seq` is the integer key every child table and the FTS5 index refer to;
-- `id` is the stable public identifier used in URLs and files.

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    stakeholder_group TEXT NOT NULL,
    country TEXT
);

CREATE TABLE initiatives (
    seq INTEGER PRIMARY KEY,
    id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    organization_id TEXT NOT NULL REFERENCES organizations(id),
    kind TEXT NOT NULL,
    status TEXT NOT NULL,
    start_date TEXT,
    end_date TEXT,
    countries TEXT NOT NULL DEFAULT '[]',
    links TEXT NOT NULL DEFAULT '[]',
    attribution TEXT,
    sample INTEGER NOT NULL DEFAULT 0
);

-- Codes of every origin side by side: a suggestion never overwrites a
-- declared or confirmed code.
CREATE TABLE initiative_codes (
    seq INTEGER NOT NULL REFERENCES initiatives(seq) ON DELETE CASCADE,
    code TEXT NOT NULL,
    origin TEXT NOT NULL,
    score REAL,
    evidence TEXT NOT NULL DEFAULT '[]',
    engine_version TEXT,
    PRIMARY KEY (seq, code, origin)
) WITHOUT ROWID;

-- Derived from the rows above at every write: one row per (facet, value) of
-- an initiative, so that every filter and every facet count is the same
-- indexed lookup on both engines.
CREATE TABLE initiative_facets (
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    seq INTEGER NOT NULL REFERENCES initiatives(seq) ON DELETE CASCADE,
    PRIMARY KEY (facet, value, seq)
) WITHOUT ROWID;
CREATE INDEX initiative_facets_seq ON initiative_facets (seq);

CREATE VIRTUAL TABLE initiatives_fts USING fts5(
    title, description,
    content = 'initiatives', content_rowid = 'seq',
    tokenize = 'porter unicode61 remove_diacritics 2'
);

CREATE TRIGGER initiatives_fts_insert AFTER INSERT ON initiatives BEGIN
    INSERT INTO initiatives_fts (rowid, title, description)
    VALUES (new.seq, new.title, new.description);
END;
CREATE TRIGGER initiatives_fts_delete AFTER DELETE ON initiatives BEGIN
    INSERT INTO initiatives_fts (initiatives_fts, rowid, title, description)
    VALUES ('delete', old.seq, old.title, old.description);
END;
CREATE TRIGGER initiatives_fts_update AFTER UPDATE OF title, description ON initiatives BEGIN
    INSERT INTO initiatives_fts (initiatives_fts, rowid, title, description)
    VALUES ('delete', old.seq, old.title, old.description);
    INSERT INTO initiatives_fts (rowid, title, description)
    VALUES (new.seq, new.title, new.description);
END;

-- A counter bumped by every write, so that servers can cache what is
-- expensive to count and still see each other's writes.
CREATE TABLE revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value INTEGER NOT NULL
);
INSERT INTO revision (id, value) VALUES (1, 0);
