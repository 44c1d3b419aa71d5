-- Tandem schema, version 7: the pair list's version number goes (see
-- 0007_drop_pairs_version.sql). PostgreSQL dialect: triggers, their
-- functions, then the column.
DROP TRIGGER IF EXISTS pairs_version_pair ON pairs;
DROP TRIGGER IF EXISTS pairs_version_user_name ON users;
DROP TRIGGER IF EXISTS pairs_version_enrollment ON enrollments;
DROP FUNCTION IF EXISTS tandem_pairs_version_pair();
DROP FUNCTION IF EXISTS tandem_pairs_version_user();
DROP FUNCTION IF EXISTS tandem_pairs_version_enrollment();
ALTER TABLE programs DROP COLUMN pairs_version;
