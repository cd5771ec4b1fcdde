-- Kept in step with the PostgreSQL migrations, whose 0006 splits the text
-- search vector into tables laid out for listing matches, the title tier
-- and ranking. FTS5 lists matches from its index without reading rows, and
-- SQLite's title index is migration 0005: nothing changes here.
SELECT 1;
