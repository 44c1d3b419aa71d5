-- Tandem schema, version 16: peer support (docs/peer-support.md) — profiles
-- of people seeking support and of volunteers, volunteers' standing and the
-- log of their changes that every instance's suggestion index follows,
-- requests and their offers, check-ins, each program's targets, the access
-- log of staff views of health information, and the public form's attempts.
-- SQLite dialect; the PostgreSQL file differs only in the id columns.

CREATE TABLE peer_settings (
  program_id BIGINT PRIMARY KEY REFERENCES programs(id) ON DELETE CASCADE,
  target_working_days INTEGER NOT NULL,
  offer_hours INTEGER NOT NULL,
  updated_at TEXT NOT NULL
);

-- A peer-support profile (JSON, core PeerProfile) per enrollment.
CREATE TABLE peer_profiles (
  enrollment_id BIGINT PRIMARY KEY REFERENCES enrollments(id) ON DELETE CASCADE,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  profile TEXT NOT NULL,
  updated_at TEXT NOT NULL
);

CREATE TABLE peer_volunteers (
  enrollment_id BIGINT PRIMARY KEY REFERENCES enrollments(id) ON DELETE CASCADE,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  trained_on TEXT,
  screening TEXT NOT NULL CHECK (screening IN ('pending', 'cleared', 'expired')),
  screening_expires_on TEXT,
  paused INTEGER NOT NULL DEFAULT 0 CHECK (paused IN (0, 1)),
  last_matched_at TEXT,
  updated_at TEXT NOT NULL
);

-- Every change to a volunteer that suggestions depend on (profile,
-- standing, load), in order: each instance's index applies the ones it has
-- not seen.
CREATE TABLE peer_volunteer_changes (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  enrollment_id BIGINT NOT NULL,
  changed_at TEXT NOT NULL
);
CREATE INDEX peer_volunteer_changes_program ON peer_volunteer_changes (program_id, id);

CREATE TABLE peer_requests (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('new', 'suggested', 'offered', 'accepted',
    'introduced', 'active', 'waitlisted', 'withdrawn', 'closed')),
  urgent INTEGER NOT NULL DEFAULT 0 CHECK (urgent IN (0, 1)),
  source TEXT NOT NULL CHECK (source IN ('form', 'specialist')),
  phone TEXT NOT NULL DEFAULT '',
  note TEXT NOT NULL DEFAULT '',
  consent_contact INTEGER NOT NULL CHECK (consent_contact IN (0, 1)),
  consent_share INTEGER NOT NULL CHECK (consent_share IN (0, 1)),
  follow_token_hash TEXT NOT NULL UNIQUE,
  suggested_volunteer_id BIGINT REFERENCES enrollments(id) ON DELETE SET NULL,
  pair_id BIGINT REFERENCES pairs(id) ON DELETE SET NULL,
  entered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  introduced_at TEXT
);
CREATE INDEX peer_requests_queue ON peer_requests (program_id, status, created_at);
CREATE INDEX peer_requests_enrollment ON peer_requests (enrollment_id);

CREATE TABLE peer_offers (
  id INTEGER PRIMARY KEY,
  request_id BIGINT NOT NULL REFERENCES peer_requests(id) ON DELETE CASCADE,
  volunteer_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  status TEXT NOT NULL CHECK (status IN ('pending', 'accepted', 'declined', 'expired', 'withdrawn')),
  reason TEXT NOT NULL DEFAULT '',
  offered_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at TEXT NOT NULL,
  respond_by TEXT NOT NULL,
  answered_at TEXT
);
CREATE INDEX peer_offers_request ON peer_offers (request_id, id);
CREATE INDEX peer_offers_volunteer ON peer_offers (volunteer_id, status);
CREATE INDEX peer_offers_due ON peer_offers (status, respond_by);
-- One pending offer per request.
CREATE UNIQUE INDEX peer_offers_one_pending ON peer_offers (request_id) WHERE status = 'pending';

-- The check-ins 2 and 6 weeks after an introduction: one per person.
CREATE TABLE peer_checkins (
  id INTEGER PRIMARY KEY,
  request_id BIGINT NOT NULL REFERENCES peer_requests(id) ON DELETE CASCADE,
  enrollment_id BIGINT NOT NULL REFERENCES enrollments(id) ON DELETE CASCADE,
  week INTEGER NOT NULL CHECK (week IN (2, 6)),
  token_hash TEXT NOT NULL UNIQUE,
  sent_at TEXT NOT NULL,
  answered_at TEXT,
  connected INTEGER CHECK (connected IN (0, 1)),
  UNIQUE (request_id, enrollment_id, week)
);

-- Who looked at whose health information, when (admins read it).
CREATE TABLE peer_access_log (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  viewer_user_id BIGINT REFERENCES users(id) ON DELETE SET NULL,
  viewer TEXT NOT NULL,
  subject_enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE SET NULL,
  request_id BIGINT,
  what TEXT NOT NULL,
  viewed_at TEXT NOT NULL
);
CREATE INDEX peer_access_log_program ON peer_access_log (program_id, id);

-- The public form's submissions, for its limit per address and e-mail.
CREATE TABLE peer_request_attempts (
  id INTEGER PRIMARY KEY,
  address TEXT NOT NULL,
  email TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX peer_request_attempts_address ON peer_request_attempts (address, created_at);
CREATE INDEX peer_request_attempts_email ON peer_request_attempts (email, created_at);
