-- Tandem schema, version 12: surveys (docs/surveys.md) — instruments in
-- versions, waves on a program's schedule, each person's invitation to a
-- wave, and responses. SQLite dialect; 0012_surveys.postgresql.sql differs
-- only in the id columns.

-- One version of a survey. series_id is the first version's id; a version
-- that has responses is never changed: an edit adds the next version.
-- items: JSON (core/survey.h). anonymity: identified, confidential, anonymous.
CREATE TABLE surveys (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  series_id BIGINT,
  version INTEGER NOT NULL,
  title TEXT NOT NULL,
  intro TEXT NOT NULL DEFAULT '',
  anonymity TEXT NOT NULL CHECK (anonymity IN ('identified', 'confidential', 'anonymous')),
  items TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX surveys_program ON surveys(program_id);
CREATE UNIQUE INDEX surveys_version ON surveys(series_id, version);

-- A wave: who is asked (audience, the state of their pair) and when — on
-- dates, relative to the program's start or end, to each pair's start
-- (repeating every_days when set), or after each logged meeting — for
-- length_days; reminders reminder_days (JSON array) after each opening.
CREATE TABLE survey_waves (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  series_id BIGINT NOT NULL,
  title TEXT NOT NULL,
  audience TEXT NOT NULL CHECK (audience IN ('mentees', 'mentors', 'both')),
  pair_status TEXT NOT NULL CHECK (pair_status IN ('active', 'completed', 'any')),
  timing TEXT NOT NULL CHECK (timing IN ('dates', 'program_start', 'program_end', 'pair_start', 'after_meeting')),
  opens_on TEXT,
  offset_days INTEGER NOT NULL DEFAULT 0,
  every_days INTEGER NOT NULL DEFAULT 0,
  length_days INTEGER NOT NULL,
  reminder_days TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL CHECK (status IN ('draft', 'open', 'closed')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX survey_waves_program ON survey_waves(program_id);

-- A person asked in a wave, once per cycle ("" for a one-time wave, the
-- opening date for a repeating one, "meeting:ID" after a meeting). Under
-- anonymity, answered_at is the only trace of an answer (to stop reminders).
CREATE TABLE survey_invitations (
  id INTEGER PRIMARY KEY,
  wave_id BIGINT NOT NULL REFERENCES survey_waves(id) ON DELETE CASCADE,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  pair_id BIGINT REFERENCES pairs(id) ON DELETE SET NULL,
  cycle TEXT NOT NULL,
  opens_at TEXT NOT NULL,
  closes_at TEXT NOT NULL,
  reminders_sent INTEGER NOT NULL DEFAULT 0,
  answered_at TEXT
);
CREATE UNIQUE INDEX survey_invitations_once ON survey_invitations(wave_id, enrollment_id, cycle);
CREATE INDEX survey_invitations_person ON survey_invitations(enrollment_id);

-- A response to one survey version. invitation_id, enrollment_id and
-- pair_id are NULL for an anonymous response (whose times are dates only);
-- an imported response has no invitation and names its participant when
-- the file did. answers: JSON object of coded answers.
CREATE TABLE survey_responses (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  survey_id BIGINT NOT NULL REFERENCES surveys(id),
  wave_id BIGINT REFERENCES survey_waves(id) ON DELETE SET NULL,
  invitation_id BIGINT REFERENCES survey_invitations(id) ON DELETE SET NULL,
  enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE SET NULL,
  pair_id BIGINT REFERENCES pairs(id) ON DELETE SET NULL,
  answers TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('draft', 'submitted')),
  source TEXT NOT NULL CHECK (source IN ('app', 'import')),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  submitted_at TEXT
);
CREATE UNIQUE INDEX survey_responses_invitation ON survey_responses(invitation_id);
CREATE INDEX survey_responses_survey ON survey_responses(survey_id);
CREATE INDEX survey_responses_program ON survey_responses(program_id);
