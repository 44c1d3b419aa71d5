-- Tandem schema, version 10: the program journey (docs/journey.md) —
-- agreements, goals, scholarly projects, outputs, career positions and each
-- program's journey settings, the resource library and program events. SQLite dialect; 0010_journey.postgresql.sql
-- differs only in the id columns.

-- A program's agreement template (NULL: Tandem's default) and its version,
-- which grows with every change; its career fields (a JSON array; NULL: the
-- default list) and retention indicator (JSON; NULL: none defined).
CREATE TABLE program_journey (
  program_id BIGINT PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
  agreement_template TEXT,
  agreement_version INTEGER NOT NULL DEFAULT 1,
  career_fields TEXT,
  retention TEXT,
  updated_at TEXT NOT NULL
);

-- A pair's agreement: its specifics (JSON), the revision they are at, and
-- each side's signature (typed name, time, revision signed).
CREATE TABLE agreements (
  pair_id BIGINT PRIMARY KEY REFERENCES pairs(id) ON DELETE CASCADE,
  template_version INTEGER NOT NULL,
  revision INTEGER NOT NULL,
  specifics TEXT NOT NULL,
  mentor_name TEXT, mentor_signed_at TEXT, mentor_revision INTEGER,
  mentee_name TEXT, mentee_signed_at TEXT, mentee_revision INTEGER,
  updated_at TEXT NOT NULL
);

-- A pair's goals; milestones and progress notes are JSON arrays.
CREATE TABLE goals (
  id INTEGER PRIMARY KEY,
  pair_id BIGINT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  category TEXT NOT NULL,
  success TEXT NOT NULL DEFAULT '',
  target_on TEXT,
  status TEXT NOT NULL,
  private INTEGER NOT NULL DEFAULT 0 CHECK (private IN (0, 1)),
  milestones TEXT NOT NULL DEFAULT '[]',
  notes TEXT NOT NULL DEFAULT '[]',
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX goals_pair ON goals(pair_id);
CREATE INDEX goals_program ON goals(program_id);

CREATE TABLE projects (
  id INTEGER PRIMARY KEY,
  pair_id BIGINT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  type TEXT NOT NULL,
  status TEXT NOT NULL,
  starts_on TEXT,
  ends_on TEXT,
  lead TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX projects_pair ON projects(pair_id);
CREATE INDEX projects_program ON projects(program_id);

-- One person's output in a program. The kind-specific fields are JSON in
-- `details`; DOI and PMID are columns so that duplicates are found.
CREATE TABLE outputs (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  pair_id BIGINT REFERENCES pairs(id) ON DELETE SET NULL,
  project_id BIGINT REFERENCES projects(id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  year INTEGER,
  doi TEXT,
  pmid TEXT,
  details TEXT NOT NULL DEFAULT '{}',
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX outputs_program ON outputs(program_id);
CREATE UNIQUE INDEX outputs_doi ON outputs(enrollment_id, doi);
CREATE UNIQUE INDEX outputs_pmid ON outputs(enrollment_id, pmid);

-- A position a person held from starts_on: their career outcomes.
CREATE TABLE positions (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  institution TEXT NOT NULL DEFAULT '',
  field TEXT NOT NULL,
  setting TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL
);
CREATE INDEX positions_program ON positions(program_id, enrollment_id);

-- The resource library: a link or an uploaded file, for one program or (NULL)
-- every program. A file's bytes are kept base64 in resource_files, so that
-- every instance serves them and listing stays light.
CREATE TABLE resources (
  id INTEGER PRIMARY KEY,
  program_id BIGINT REFERENCES programs(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  category TEXT NOT NULL,
  audience TEXT NOT NULL,
  url TEXT NOT NULL DEFAULT '',
  file_name TEXT NOT NULL DEFAULT '',
  content_type TEXT NOT NULL DEFAULT '',
  size BIGINT NOT NULL DEFAULT 0,
  created_by BIGINT REFERENCES users(id),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX resources_program ON resources(program_id);
CREATE TABLE resource_files (
  resource_id BIGINT PRIMARY KEY REFERENCES resources(id) ON DELETE CASCADE,
  content TEXT NOT NULL
);

-- Program events (orientation, webinars, kick-off, closing) and each
-- invitee's RSVP and attendance.
CREATE TABLE program_events (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  title TEXT NOT NULL,
  starts_at TEXT NOT NULL,
  minutes INTEGER NOT NULL CHECK (minutes BETWEEN 5 AND 1440),
  location TEXT NOT NULL DEFAULT '',
  description TEXT NOT NULL DEFAULT '',
  audience TEXT NOT NULL,
  required INTEGER NOT NULL DEFAULT 0 CHECK (required IN (0, 1)),
  recording_url TEXT NOT NULL DEFAULT '',
  materials TEXT NOT NULL DEFAULT '[]',
  uid TEXT NOT NULL UNIQUE,
  sequence INTEGER NOT NULL DEFAULT 0,
  cancelled INTEGER NOT NULL DEFAULT 0 CHECK (cancelled IN (0, 1)),
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX program_events_program ON program_events(program_id, starts_at);
CREATE TABLE event_attendance (
  event_id BIGINT NOT NULL REFERENCES program_events(id) ON DELETE CASCADE,
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  rsvp TEXT NOT NULL DEFAULT '',
  attended INTEGER CHECK (attended IN (0, 1)),
  minutes INTEGER,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (event_id, enrollment_id)
);
