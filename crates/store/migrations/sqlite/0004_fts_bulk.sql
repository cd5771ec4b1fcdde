-- Full-text index settings for bulk imports. FTS5 writes each transaction's
-- terms as a new segment and merges segments as they pile up; with the
-- defaults (4 KB pages, a merge once 4 segments share a level) an import
-- spends a large part of its time re-merging. Larger pages and merging at
-- 16 segments cut that work by about a quarter (scripts/bench-register.sh)
-- without changing what a search finds or how it ranks.
INSERT INTO initiatives_fts (initiatives_fts, rank) VALUES ('pgsz', 8000);
INSERT INTO initiatives_fts (initiatives_fts, rank) VALUES ('automerge', 16);
