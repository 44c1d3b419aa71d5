-- Tandem schema, version 15: mentees choosing (docs/matching.md#how-people-are-matched)
-- — each program's matching mode and its rules, and mentees' requests to
-- mentors. SQLite dialect; the PostgreSQL file differs only in the id column.

-- A program without a row here is matched by its coordinator.
CREATE TABLE program_choice (
  program_id BIGINT PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
  mode TEXT NOT NULL CHECK (mode IN ('coordinator', 'mentee_led', 'both')),
  shortlist_size INTEGER NOT NULL,
  max_open_requests INTEGER NOT NULL,
  answer_days INTEGER NOT NULL,
  opens_on TEXT,
  closes_on TEXT,
  updated_at TEXT NOT NULL
);

CREATE TABLE mentor_requests (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  mentee_enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  mentor_enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  note TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL
    CHECK (status IN ('pending', 'accepted', 'declined', 'withdrawn', 'expired')),
  reason TEXT NOT NULL DEFAULT '',
  message TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  answer_by TEXT NOT NULL,
  answered_at TEXT,
  pair_id BIGINT REFERENCES pairs(id) ON DELETE SET NULL
);
CREATE INDEX mentor_requests_program ON mentor_requests (program_id, status, answer_by);
CREATE INDEX mentor_requests_mentee ON mentor_requests (mentee_enrollment_id, status);
CREATE INDEX mentor_requests_mentor ON mentor_requests (mentor_enrollment_id, status);
-- One pending request from a mentee to a mentor at a time.
CREATE UNIQUE INDEX mentor_requests_one_pending
  ON mentor_requests (mentee_enrollment_id, mentor_enrollment_id) WHERE status = 'pending';
