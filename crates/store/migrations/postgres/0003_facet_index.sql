-- Facets move out of the database into each server's in-memory index,
-- derived from the initiatives and their codes. What the index needs from
-- the database is which initiatives each write touched: every write files
-- the keys it changed under the revision it bumped the counter to. A
-- server's first index build reads everything, so no history is needed.

DROP TABLE initiative_facets;

CREATE TABLE initiative_changes (
    revision BIGINT NOT NULL,
    seq BIGINT NOT NULL,
    PRIMARY KEY (revision, seq)
);


-- The text vector moves to a narrow table of its own. In `initiatives` it
-- made rows wider than PostgreSQL's inline limit, so every vector lived in
-- TOAST and a broad search fetched and decompressed 100,000 of them (half a
-- second for a common word). Stored inline (MAIN) in a narrow table, a scan
-- reads a fraction of the pages.
CREATE TABLE initiative_search (
    seq BIGINT PRIMARY KEY REFERENCES initiatives(seq) ON DELETE CASCADE,
    search TSVECTOR NOT NULL
);
ALTER TABLE initiative_search ALTER COLUMN search SET STORAGE MAIN;

INSERT INTO initiative_search (seq, search) SELECT seq, search FROM initiatives;
ALTER TABLE initiatives DROP COLUMN search;
CREATE INDEX initiative_search_gin ON initiative_search USING GIN (search);

-- Title terms weigh more than description terms in the ranking.
CREATE FUNCTION initiative_vector(title TEXT, description TEXT) RETURNS TSVECTOR
LANGUAGE sql IMMUTABLE AS $$
    SELECT setweight(to_tsvector('english', title), 'A')
        || setweight(to_tsvector('english', description), 'B')
$$;

-- New initiatives, a statement at a time (an import is one statement per
-- batch of thousands).
CREATE FUNCTION initiative_search_added() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO initiative_search (seq, search)
    SELECT seq, initiative_vector(title, description) FROM added;
    RETURN NULL;
END
$$;
CREATE TRIGGER initiative_search_added AFTER INSERT ON initiatives
REFERENCING NEW TABLE AS added FOR EACH STATEMENT EXECUTE FUNCTION initiative_search_added();

-- A changed title or description, a row at a time.
CREATE FUNCTION initiative_search_changed() RETURNS TRIGGER LANGUAGE plpgsql AS $$
BEGIN
    UPDATE initiative_search SET search = initiative_vector(NEW.title, NEW.description)
    WHERE seq = NEW.seq;
    RETURN NULL;
END
$$;
CREATE TRIGGER initiative_search_changed AFTER UPDATE OF title, description ON initiatives
FOR EACH ROW EXECUTE FUNCTION initiative_search_changed();
