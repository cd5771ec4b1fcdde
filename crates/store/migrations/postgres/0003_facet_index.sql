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

