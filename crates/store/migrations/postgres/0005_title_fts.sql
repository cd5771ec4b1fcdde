-- Kept in step with the SQLite migrations, whose 0005 adds a full-text
-- index of titles alone for the first tier of a text search. PostgreSQL
-- finds that tier with `ts_filter` on the title words' weight in the one
-- search vector (see `sql::TEXT_SEARCH_PG`), so it needs no new index.
SELECT 1;
