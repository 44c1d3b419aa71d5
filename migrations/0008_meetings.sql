-- Tandem schema, version 8: meetings, meeting logs, calendar feeds and
-- per-program pair-health thresholds (docs/meetings.md). SQLite dialect;
-- 0008_meetings.postgresql.sql differs only in the id columns.

-- A meeting of a pair, from its proposal on. Times are UTC. `uid` is the
-- iCalendar UID, stable for the meeting's life; `sequence` grows with every
-- change (RFC 5546). Each side's answer is an iCalendar PARTSTAT.
CREATE TABLE meetings (
  id INTEGER PRIMARY KEY,
  pair_id BIGINT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  uid TEXT NOT NULL UNIQUE,
  sequence INTEGER NOT NULL DEFAULT 0,
  starts_at TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 480),
  mode TEXT NOT NULL CHECK (mode IN ('video', 'phone', 'in_person')),
  location TEXT NOT NULL DEFAULT '',
  agenda TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('proposed', 'scheduled', 'declined', 'cancelled')),
  mentor_answer TEXT NOT NULL DEFAULT 'needs-action'
    CHECK (mentor_answer IN ('needs-action', 'accepted', 'declined')),
  mentee_answer TEXT NOT NULL DEFAULT 'needs-action'
    CHECK (mentee_answer IN ('needs-action', 'accepted', 'declined')),
  proposed_by BIGINT REFERENCES users(id),
  note TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX meetings_pair ON meetings(pair_id, starts_at);
CREATE INDEX meetings_program ON meetings(program_id, starts_at);

-- What a partner reported of a meeting (scheduled or not): held or not and
-- why, how long, topics (a JSON array), notes shared with the partner and the
-- coordinator, and private notes only the author reads.
CREATE TABLE meeting_logs (
  id INTEGER PRIMARY KEY,
  pair_id BIGINT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  meeting_id BIGINT REFERENCES meetings(id) ON DELETE SET NULL,
  author_enrollment_id BIGINT NOT NULL REFERENCES enrollments(id),
  met_at TEXT NOT NULL,
  held INTEGER NOT NULL CHECK (held IN (0, 1)),
  not_held_reason TEXT CHECK (not_held_reason IN ('rescheduled', 'no_show', 'cancelled')),
  minutes INTEGER CHECK (minutes BETWEEN 1 AND 1440),
  topics TEXT NOT NULL DEFAULT '[]',
  shared_notes TEXT NOT NULL DEFAULT '',
  private_notes TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX meeting_logs_pair ON meeting_logs(pair_id, met_at);
CREATE UNIQUE INDEX meeting_logs_once ON meeting_logs(meeting_id, author_enrollment_id);

-- A person's private calendar feed: the hash of the secret in its address.
ALTER TABLE users ADD COLUMN calendar_token_hash TEXT;
CREATE UNIQUE INDEX users_calendar_token ON users(calendar_token_hash);

-- Days without a held meeting at which a pair is due, at risk, stalled;
-- NULL: from the cadence (3/4, 1.5x, 2x).
ALTER TABLE programs ADD COLUMN health_due_days INTEGER;
ALTER TABLE programs ADD COLUMN health_at_risk_days INTEGER;
ALTER TABLE programs ADD COLUMN health_stalled_days INTEGER;

-- A message may carry one attachment (a meeting's invitation.ics): file
-- name, MIME type with its parameters, and the text.
ALTER TABLE outbox ADD COLUMN attachment_name TEXT;
ALTER TABLE outbox ADD COLUMN attachment_type TEXT;
ALTER TABLE outbox ADD COLUMN attachment TEXT;
