-- The tables that list a text query's matches and rank its title tier are
-- each split in two, by the parity of the key: each half has its own GIN
-- index, and two connections search one half each, at once, on the
-- server's two cores.
--
-- Before, one connection listed every match while the other ranked the
-- title tier. For a common word the listing was the longer by far (the
-- 51,887 matches of "develop" in the 100,000-initiative benchmark: 10.9
-- ms, against 4.3 ms for its title page), and the second core sat idle for
-- most of it. Half the matches and half the titles on each connection took
-- 7.5 to 8.1 ms (pgbench, both halves at once).
--
-- Parity spreads the register evenly over the halves whatever its size,
-- as keys are handed out in order. The tables are partitions of one table
-- of the old name, so the triggers that write them, and any statement
-- that reads all matches at once, are unchanged. A partitioned table takes
-- no primary key on an expression of its columns, so each half has its
-- own; the keys of the halves cannot meet.

ALTER TABLE initiative_matches RENAME TO initiative_matches_whole;
CREATE TABLE initiative_matches (
    seq BIGINT NOT NULL REFERENCES initiatives(seq) ON DELETE CASCADE,
    search TSVECTOR NOT NULL
) PARTITION BY LIST ((seq % 2));
-- Migration 0006 says why rows are kept short and their vectors in TOAST.
CREATE TABLE initiative_matches_even PARTITION OF initiative_matches (PRIMARY KEY (seq))
    FOR VALUES IN (0) WITH (toast_tuple_target = 128);
CREATE TABLE initiative_matches_odd PARTITION OF initiative_matches (PRIMARY KEY (seq))
    FOR VALUES IN (1) WITH (toast_tuple_target = 128);
DO $$
BEGIN
    IF current_setting('server_version_num')::int >= 140000 THEN
        EXECUTE 'ALTER TABLE initiative_matches_even ALTER COLUMN search SET COMPRESSION lz4';
        EXECUTE 'ALTER TABLE initiative_matches_odd ALTER COLUMN search SET COMPRESSION lz4';
    END IF;
EXCEPTION WHEN feature_not_supported THEN
    NULL;
END
$$;
INSERT INTO initiative_matches (seq, search) SELECT seq, search FROM initiative_matches_whole;
DROP TABLE initiative_matches_whole;
CREATE INDEX initiative_matches_even_gin ON initiative_matches_even USING GIN (search);
CREATE INDEX initiative_matches_odd_gin ON initiative_matches_odd USING GIN (search);

ALTER TABLE initiative_titles RENAME TO initiative_titles_whole;
CREATE TABLE initiative_titles (
    seq BIGINT NOT NULL REFERENCES initiatives(seq) ON DELETE CASCADE,
    title TSVECTOR NOT NULL
) PARTITION BY LIST ((seq % 2));
CREATE TABLE initiative_titles_even PARTITION OF initiative_titles (PRIMARY KEY (seq))
    FOR VALUES IN (0);
CREATE TABLE initiative_titles_odd PARTITION OF initiative_titles (PRIMARY KEY (seq))
    FOR VALUES IN (1);
INSERT INTO initiative_titles (seq, title) SELECT seq, title FROM initiative_titles_whole;
DROP TABLE initiative_titles_whole;
CREATE INDEX initiative_titles_even_gin ON initiative_titles_even USING GIN (title);
CREATE INDEX initiative_titles_odd_gin ON initiative_titles_odd USING GIN (title);
