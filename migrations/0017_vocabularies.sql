-- Tandem schema, version 17: each program's own vocabulary and intake
-- questions (docs/programs.md). Same text on SQLite and PostgreSQL.

-- A program without a row here uses the built-in hematology and oncology
-- taxonomy and asks no questions of its own. revision counts saved changes.
CREATE TABLE program_vocabularies (
  program_id BIGINT PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
  source TEXT NOT NULL DEFAULT '',
  revision INTEGER NOT NULL DEFAULT 1,
  updated_at TEXT NOT NULL
);

-- The taxonomy's entries as its file lists them: list is topic, goal,
-- career_stage or language; parent only for topics; position orders each list.
CREATE TABLE program_taxonomy_entries (
  program_id BIGINT NOT NULL REFERENCES program_vocabularies(program_id) ON DELETE CASCADE,
  list TEXT NOT NULL CHECK (list IN ('topic', 'goal', 'career_stage', 'language')),
  position INTEGER NOT NULL,
  value TEXT NOT NULL,
  parent TEXT NOT NULL DEFAULT '',
  PRIMARY KEY (program_id, list, value)
);

CREATE TABLE program_questions (
  program_id BIGINT NOT NULL REFERENCES program_vocabularies(program_id) ON DELETE CASCADE,
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  text TEXT NOT NULL,
  help TEXT NOT NULL DEFAULT '',
  kind TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'scale', 'text', 'yes_no')),
  scale_min INTEGER NOT NULL DEFAULT 1,
  scale_max INTEGER NOT NULL DEFAULT 5,
  required INTEGER NOT NULL DEFAULT 0,
  audience TEXT NOT NULL CHECK (audience IN ('mentors', 'mentees', 'both')),
  match_rule TEXT NOT NULL
    CHECK (match_rule IN ('none', 'same', 'overlap', 'closeness', 'must_match')),
  compare_with TEXT NOT NULL DEFAULT '',
  weight DOUBLE PRECISION NOT NULL DEFAULT 0,
  retired INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (program_id, code)
);

CREATE TABLE program_question_options (
  program_id BIGINT NOT NULL,
  question TEXT NOT NULL,
  position INTEGER NOT NULL,
  code TEXT NOT NULL,
  label TEXT NOT NULL,
  PRIMARY KEY (program_id, question, code),
  FOREIGN KEY (program_id, question) REFERENCES program_questions(program_id, code)
    ON DELETE CASCADE
);

-- Answers to a program's intake questions: one row per value (several for a
-- multiple-choice question), in the order given.
CREATE TABLE profile_answers (
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  question TEXT NOT NULL,
  position INTEGER NOT NULL,
  value TEXT NOT NULL,
  PRIMARY KEY (enrollment_id, question, position)
);
CREATE INDEX profile_answers_question ON profile_answers(question, value);
