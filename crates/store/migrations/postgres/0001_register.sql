-- The stocktaking register (PostgreSQL).
-- `seq` is the integer key every child table refers to; `id` is the stable
-- public identifier used in URLs and files.

CREATE TABLE organizations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    stakeholder_group TEXT NOT NULL,
    country TEXT
);

CREATE TABLE initiatives (
    seq BIGSERIAL PRIMARY KEY,
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
    sample BIGINT NOT NULL DEFAULT 0,
    -- Title terms weigh more than description terms in the ranking.
    search TSVECTOR GENERATED ALWAYS AS (
        setweight(to_tsvector('english', title), 'A') ||
        setweight(to_tsvector('english', description), 'B')
    ) STORED
);
CREATE INDEX initiatives_search ON initiatives USING GIN (search);

CREATE TABLE initiative_codes (
    seq BIGINT NOT NULL REFERENCES initiatives(seq) ON DELETE CASCADE,
    code TEXT NOT NULL,
    origin TEXT NOT NULL,
    score DOUBLE PRECISION,
    evidence TEXT NOT NULL DEFAULT '[]',
    engine_version TEXT,
    PRIMARY KEY (seq, code, origin)
);

CREATE TABLE initiative_facets (
    facet TEXT NOT NULL,
    value TEXT NOT NULL,
    seq BIGINT NOT NULL REFERENCES initiatives(seq) ON DELETE CASCADE,
    PRIMARY KEY (facet, value, seq)
);
CREATE INDEX initiative_facets_seq ON initiative_facets (seq);

CREATE TABLE revision (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    value BIGINT NOT NULL
);
INSERT INTO revision (id, value) VALUES (1, 0);
