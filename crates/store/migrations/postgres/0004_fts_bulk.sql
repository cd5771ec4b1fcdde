-- Kept in step with the SQLite migrations, whose 0004 tunes FTS5 for bulk
-- imports; PostgreSQL's GIN index needs no such setting.
SELECT 1;
