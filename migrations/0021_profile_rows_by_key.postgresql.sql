-- Tandem schema, version 21, PostgreSQL: nothing to change. On SQLite this
-- version stores a profile's rows in primary-key order (WITHOUT ROWID, see
-- 0021_profile_rows_by_key.sql); PostgreSQL's tables have no rowid and are
-- read through their primary-key index already.
SELECT 1;
