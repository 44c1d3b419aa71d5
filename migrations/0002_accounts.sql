-- Tandem schema, version 2: sign-in sessions, login attempts (throttling),
-- one-time tokens (invitations, password resets) and the outbox of messages
-- to send. Tokens are stored only as SHA-256 hashes (hex). Times are UTC
-- ISO-8601 text, so that comparing them as text compares them in time.
-- SQLite dialect; 0002_accounts.postgresql.sql differs only in id columns.

-- One row per signed-in browser. expires_at slides forward while the session
-- is used (by idle_seconds); csrf_token is sent back in X-CSRF-Token.
CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token TEXT NOT NULL,
  idle_seconds INTEGER NOT NULL CHECK (idle_seconds > 0),
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);
CREATE INDEX sessions_expires ON sessions(expires_at);

-- Every sign-in attempt, for throttling per account (e-mail) and per remote
-- address. An attempt is written as a failure before the password is checked
-- and turned into a success after; throttled attempts are kept but not counted.
CREATE TABLE login_attempts (
  id INTEGER PRIMARY KEY,
  email TEXT NOT NULL,
  remote_address TEXT NOT NULL,
  at TEXT NOT NULL,
  succeeded INTEGER NOT NULL DEFAULT 0,
  throttled INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX login_attempts_email ON login_attempts(email, at);
CREATE INDEX login_attempts_address ON login_attempts(remote_address, at);
CREATE INDEX login_attempts_at ON login_attempts(at);

-- Links sent by e-mail that work once: an invitation to a program (with the
-- enrolment it activates) or a password reset.
CREATE TABLE one_time_tokens (
  id INTEGER PRIMARY KEY,
  token_hash TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL CHECK (kind IN ('invitation', 'password_reset')),
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE CASCADE,
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  used_at TEXT
);
CREATE INDEX one_time_tokens_user ON one_time_tokens(user_id, kind);

-- Messages waiting to be sent by e-mail (sent_at NULL), and those sent.
CREATE TABLE outbox (
  id INTEGER PRIMARY KEY,
  to_address TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  kind TEXT NOT NULL,
  created_at TEXT NOT NULL,
  sent_at TEXT
);
CREATE INDEX outbox_unsent ON outbox(sent_at, id);
