-- Tandem schema, version 7: the pair list's version number (0004) goes. It
-- served a per-process cache of one API route; the mixed-workload benchmark
-- (docs/benchmarks.md, "Server") shows the list answered from the database
-- is fast enough, and every field the list gains would have needed another
-- trigger. SQLite dialect; 0007_drop_pairs_version.postgresql.sql does the
-- same there.
DROP TRIGGER IF EXISTS pairs_version_pair_insert;
DROP TRIGGER IF EXISTS pairs_version_pair_update;
DROP TRIGGER IF EXISTS pairs_version_pair_delete;
DROP TRIGGER IF EXISTS pairs_version_user_name;
DROP TRIGGER IF EXISTS pairs_version_enrollment;
ALTER TABLE programs DROP COLUMN pairs_version;
