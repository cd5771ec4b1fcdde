-- Kept in step with the PostgreSQL migrations, whose 0007 splits the
-- tables that list the matches and the title tier in two, so that two
-- connections share a broad search. SQLite runs a search on one
-- connection's thread and its FTS5 tables stay whole: nothing changes here.
SELECT 1;
