-- Tandem schema, version 6: recurring jobs (docs/jobs.md). Both dialects.
--
-- A recurring job (e.g. purge expired sign-ins daily at 03:00 UTC) is planned
-- as one ordinary job per slot, the scheduled moment it stands for, in UTC.
-- One job per kind and slot: two instances planning the same slot, or one
-- planning it again after a restart, make one job, so a slot never runs twice.
-- One-off jobs have no slot (NULLs never collide in a unique index).
ALTER TABLE jobs ADD COLUMN slot TEXT;
CREATE UNIQUE INDEX jobs_slot ON jobs(kind, slot);
CREATE INDEX jobs_recent ON jobs(created_at, id);
