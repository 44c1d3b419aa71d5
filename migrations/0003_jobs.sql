-- Tandem schema, version 3: background jobs, and what matching runs need in
-- the server (progress, start and publication times). SQLite dialect;
-- 0003_jobs.postgresql.sql differs only in the jobs id column.

-- Work that must not run on a request thread (docs/jobs.md). A worker claims
-- a runnable job (queued and available, or running with an expired lease and
-- attempts left), holds it under a lease it renews while working, and marks
-- it done or failed. Times are UTC ISO-8601 text, so they compare as text.
CREATE TABLE jobs (
  id INTEGER PRIMARY KEY,
  kind TEXT NOT NULL,
  payload TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  max_attempts INTEGER NOT NULL DEFAULT 3 CHECK (max_attempts >= 1),
  available_at TEXT NOT NULL,
  claimed_by TEXT,
  lease_until TEXT,
  last_error TEXT,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX jobs_claim ON jobs(status, available_at, id);
CREATE INDEX jobs_lease ON jobs(status, lease_until);

ALTER TABLE matching_runs ADD COLUMN progress DOUBLE PRECISION NOT NULL DEFAULT 0;
ALTER TABLE matching_runs ADD COLUMN job_id BIGINT REFERENCES jobs(id);
ALTER TABLE matching_runs ADD COLUMN started_at TEXT;
ALTER TABLE matching_runs ADD COLUMN published_at TEXT;
ALTER TABLE matching_runs ADD COLUMN published_by BIGINT REFERENCES users(id);
ALTER TABLE matching_runs ADD COLUMN updated_at TEXT;
CREATE INDEX matching_runs_status ON matching_runs(program_id, status);

-- A mentor and mentee have at most one open (proposed or active) pair.
CREATE UNIQUE INDEX pairs_open ON pairs(mentor_enrollment_id, mentee_enrollment_id)
  WHERE status IN ('proposed', 'active');
