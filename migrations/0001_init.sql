-- Tandem schema, version 1: people, programs, enrolment, profiles, matching
-- runs, pairs and the audit log. Times are UTC ISO-8601 text
-- ("2026-11-23T10:00:00Z"), dates "YYYY-MM-DD". Booleans are 0/1.
-- SQLite dialect; 0001_init.postgresql.sql differs only in id columns.

CREATE TABLE institutions (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL
);

CREATE TABLE users (
  id INTEGER PRIMARY KEY,
  email TEXT UNIQUE,
  name TEXT NOT NULL,
  password_hash TEXT,
  is_admin INTEGER NOT NULL DEFAULT 0,
  disabled INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);

CREATE TABLE programs (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  field TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('cohort', 'peer_support')),
  objectives TEXT NOT NULL DEFAULT '',
  starts_on TEXT,
  ends_on TEXT,
  cadence_days INTEGER NOT NULL DEFAULT 30,
  meeting_mode TEXT NOT NULL DEFAULT 'virtual',
  cross_institution INTEGER NOT NULL DEFAULT 0,
  status TEXT NOT NULL DEFAULT 'draft'
    CHECK (status IN ('draft', 'enrolling', 'matching', 'active', 'closed')),
  weights TEXT NOT NULL,
  max_time_zone_difference_hours DOUBLE PRECISION,
  min_score DOUBLE PRECISION,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

-- A person's part in one program. external_id is the participant id of the
-- import file (unique within the program) and the key of prefer/avoid/lock.
CREATE TABLE enrollments (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  user_id BIGINT NOT NULL REFERENCES users(id),
  role TEXT NOT NULL CHECK (role IN ('mentor', 'mentee', 'coordinator', 'evaluator')),
  external_id TEXT NOT NULL,
  status TEXT NOT NULL DEFAULT 'active'
    CHECK (status IN ('invited', 'applied', 'active', 'withdrawn')),
  capacity INTEGER NOT NULL DEFAULT 1 CHECK (capacity >= 1),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (program_id, external_id),
  UNIQUE (program_id, user_id, role)
);
CREATE INDEX enrollments_user ON enrollments(user_id);

CREATE TABLE profiles (
  enrollment_id BIGINT PRIMARY KEY REFERENCES enrollments(id) ON DELETE CASCADE,
  institution_id BIGINT REFERENCES institutions(id),
  career_stage TEXT NOT NULL DEFAULT '',
  time_zone TEXT NOT NULL DEFAULT '',
  years_experience INTEGER,
  bio TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL
);

-- Tagged facets, in the order given: kind is interest, specialty, goal,
-- language or match_on (a background key the mentee asks to be matched on).
CREATE TABLE profile_tags (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('interest', 'specialty', 'goal', 'language', 'match_on')),
  position INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (enrollment_id, kind, position)
);
CREATE INDEX profile_tags_value ON profile_tags(kind, value);

CREATE TABLE background_attributes (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (enrollment_id, position),
  UNIQUE (enrollment_id, key)
);

-- Weekly windows in the person's own time zone: start minute after Monday 00:00.
CREATE TABLE availability_windows (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  start_minute INTEGER NOT NULL CHECK (start_minute >= 0 AND start_minute < 10080),
  minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
  PRIMARY KEY (enrollment_id, position)
);

-- Ranked preferences (kind 'prefer', rank 1 = most preferred) and exclusions
-- (kind 'avoid': conflicts of interest, never to be paired).
CREATE TABLE preferences (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  other_enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('prefer', 'avoid')),
  rank INTEGER NOT NULL,
  PRIMARY KEY (enrollment_id, kind, other_enrollment_id)
);

CREATE TABLE matching_runs (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  status TEXT NOT NULL DEFAULT 'queued'
    CHECK (status IN ('queued', 'running', 'done', 'failed', 'published')),
  objective TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}',
  result TEXT,
  error TEXT,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX matching_runs_program ON matching_runs(program_id);

CREATE TABLE pairs (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  mentor_enrollment_id BIGINT NOT NULL REFERENCES enrollments(id),
  mentee_enrollment_id BIGINT NOT NULL REFERENCES enrollments(id),
  status TEXT NOT NULL DEFAULT 'proposed'
    CHECK (status IN ('proposed', 'active', 'completed', 'dissolved')),
  score DOUBLE PRECISION,
  breakdown TEXT NOT NULL DEFAULT '{}',
  matching_run_id BIGINT REFERENCES matching_runs(id),
  created_at TEXT NOT NULL,
  started_on TEXT,
  ended_on TEXT,
  end_reason TEXT
);
CREATE INDEX pairs_program ON pairs(program_id, status);
CREATE INDEX pairs_mentor ON pairs(mentor_enrollment_id);
CREATE INDEX pairs_mentee ON pairs(mentee_enrollment_id);

-- Every change: who (NULL actor = the command line or the system), what, when,
-- and the entity before and after as JSON.
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor_user_id BIGINT REFERENCES users(id),
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  entity TEXT NOT NULL,
  entity_id BIGINT,
  program_id BIGINT,
  before_json TEXT,
  after_json TEXT
);
CREATE INDEX audit_log_program ON audit_log(program_id, id);
CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);
