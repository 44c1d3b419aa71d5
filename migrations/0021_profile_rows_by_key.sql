-- Tandem schema, version 21: a profile's rows stored in their key's order.
-- SQLite only; 0021_profile_rows_by_key.postgresql.sql does nothing.

-- A profile's tags, background, availability, answers and preferences each
-- have a primary key that starts with the enrollment. As ordinary SQLite
-- tables every row lived twice — in the table by its hidden rowid and in the
-- primary key's index — so reading a profile went down two trees per row and
-- saving one wrote both. WITHOUT ROWID tables are stored in primary-key
-- order: a profile's rows are read from one tree, in the order they are
-- shown, and written once. The columns, keys, checks and foreign keys are
-- those of 0001 and 0017; only the storage changes (a table definition, which
-- migrations/README.md lets differ between the databases). PostgreSQL's
-- tables have no rowid and are unchanged.
CREATE TABLE profile_tags_by_key (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('interest', 'specialty', 'goal', 'language', 'match_on')),
  position INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (enrollment_id, kind, position)
) WITHOUT ROWID;
INSERT INTO profile_tags_by_key (enrollment_id, kind, position, value)
  SELECT enrollment_id, kind, position, value FROM profile_tags;
DROP TABLE profile_tags;
ALTER TABLE profile_tags_by_key RENAME TO profile_tags;
CREATE INDEX profile_tags_value ON profile_tags(kind, value);

CREATE TABLE background_attributes_by_key (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  key TEXT NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (enrollment_id, position),
  UNIQUE (enrollment_id, key)
) WITHOUT ROWID;
INSERT INTO background_attributes_by_key (enrollment_id, position, key, value)
  SELECT enrollment_id, position, key, value FROM background_attributes;
DROP TABLE background_attributes;
ALTER TABLE background_attributes_by_key RENAME TO background_attributes;

CREATE TABLE availability_windows_by_key (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  start_minute INTEGER NOT NULL CHECK (start_minute >= 0 AND start_minute < 10080),
  minutes INTEGER NOT NULL CHECK (minutes > 0 AND minutes <= 1440),
  PRIMARY KEY (enrollment_id, position)
) WITHOUT ROWID;
INSERT INTO availability_windows_by_key (enrollment_id, position, start_minute, minutes)
  SELECT enrollment_id, position, start_minute, minutes FROM availability_windows;
DROP TABLE availability_windows;
ALTER TABLE availability_windows_by_key RENAME TO availability_windows;

CREATE TABLE profile_answers_by_key (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  question TEXT NOT NULL,
  position INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (enrollment_id, question, position)
) WITHOUT ROWID;
INSERT INTO profile_answers_by_key (enrollment_id, question, position, value)
  SELECT enrollment_id, question, position, value FROM profile_answers;
DROP TABLE profile_answers;
ALTER TABLE profile_answers_by_key RENAME TO profile_answers;
CREATE INDEX profile_answers_question ON profile_answers(question, value);

CREATE TABLE preferences_by_key (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  other_enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  kind TEXT NOT NULL CHECK (kind IN ('prefer', 'avoid')),
  rank INTEGER NOT NULL,
  PRIMARY KEY (enrollment_id, kind, other_enrollment_id)
) WITHOUT ROWID;
INSERT INTO preferences_by_key (enrollment_id, other_enrollment_id, kind, rank)
  SELECT enrollment_id, other_enrollment_id, kind, rank FROM preferences;
DROP TABLE preferences;
ALTER TABLE preferences_by_key RENAME TO preferences;
