-- A text search reads three tables, each laid out for one job.
--
-- `initiative_matches` says which initiatives match the words: the GIN
-- index finds them, and the listing of every match (which the total and
-- the facet counts need) then visits each one's heap row. With the vector
-- stored in the row, rows were 1.3 kB and a common word's 36,000 matches
-- were on 15,600 of 16,900 pages: the listing read the whole table (50 ms).
-- Here the vector lives in TOAST and a row is its key and a pointer, about
-- 50 bytes, so the same listing visits some 740 pages (10 ms). PostgreSQL
-- moves a value out of the row only when the row is longer than about
-- 2 kB, whatever `toast_tuple_target` says; so the vector carries one pad
-- lexeme of 2,040 characters that makes every row that long. No query can
-- match it: PostgreSQL's parser drops words over 2,047 bytes, and a search
-- text is at most 500 characters. The pad compresses to a few bytes.
--
-- `initiative_titles` holds the title words alone, for the first tier of a
-- search (initiatives whose title holds the words), ranked over the title.
-- Ranking the tier with `ts_filter` over the whole vector had to rank every
-- match of a common word to find the page.
--
-- `initiative_search` keeps the whole vector in its row, for ranking the
-- second tier (description matches), which reads it for each candidate;
-- reading it from TOAST cost five times as much. It needs no index of its
-- own any more.

CREATE FUNCTION initiative_match_pad() RETURNS TSVECTOR
LANGUAGE sql IMMUTABLE AS $$ SELECT repeat('~', 2040)::tsvector $$;

CREATE TABLE initiative_matches (
    seq BIGINT PRIMARY KEY REFERENCES initiatives(seq) ON DELETE CASCADE,
    search TSVECTOR NOT NULL
) WITH (toast_tuple_target = 128);
-- Every value is compressed on its way to TOAST: LZ4 wrote 20,000 of them
-- in 0.41 s where the default pglz took 0.95 s. A server without LZ4 (built
-- without it, or older than PostgreSQL 14, which has no per-column
-- compression) keeps the default; the statement is run by EXECUTE so that
-- an older server does not parse it.
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE 'ALTER TABLE initiative_matches ALTER COLUMN search SET COMPRESSION lz4';
    END IF;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
INSERT INTO initiative_matches (seq, search)
SELECT seq, search || initiative_match_pad() FROM initiative_search;
CREATE INDEX initiative_matches_gin ON initiative_matches USING GIN (search);

CREATE TABLE initiative_titles (
    seq BIGINT PRIMARY KEY REFERENCES initiatives(seq) ON DELETE CASCADE,
    title TSVECTOR NOT NULL
);
INSERT INTO initiative_titles (seq, title)
SELECT seq, ts_filter(search, '{a}') FROM initiative_search;
CREATE INDEX initiative_titles_gin ON initiative_titles USING GIN (title);

DROP INDEX initiative_search_gin;

-- New initiatives, a statement at a time: each vector is computed once and
-- written to the three tables.
CREATE OR REPLACE FUNCTION initiative_search_added() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    WITH v AS MATERIALIZED (
        SELECT seq, initiative_vector(title, description) AS search FROM added
    ), whole AS (
        INSERT INTO initiative_search (seq, search) SELECT seq, search FROM v
    ), titles AS (
        INSERT INTO initiative_titles (seq, title) SELECT seq, ts_filter(search, '{a}') FROM v
    )
    INSERT INTO initiative_matches (seq, search)
    SELECT seq, search || initiative_match_pad() FROM v;
    RETURN NULL;
END
$$;

-- A changed title or description, a row at a time.
CREATE OR REPLACE FUNCTION initiative_search_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
DECLARE
    v TSVECTOR := initiative_vector(NEW.title, NEW.description);
BEGIN
    UPDATE initiative_search SET search = v WHERE seq = NEW.seq;
    UPDATE initiative_titles SET title = ts_filter(v, '{a}') WHERE seq = NEW.seq;
    UPDATE initiative_matches SET search = v || initiative_match_pad() WHERE seq = NEW.seq;
    RETURN NULL;
END
$$;
