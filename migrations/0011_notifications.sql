-- Tandem schema, version 11: notifications in the app (the bell), each
-- person's e-mail choices per category, one-click unsubscribe (RFC 8058) and
-- the daily digest (docs/email.md). SQLite dialect; 0011_notifications.postgresql.sql differs
-- only in the id column.

-- Everything Tandem tells a person, also when it is not e-mailed. delivery:
-- email (sent at once), digest (waiting for the daily digest), digested,
-- app (the person chose no e-mail for its category).
CREATE TABLE notifications (
  id INTEGER PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  subject TEXT NOT NULL,
  body TEXT NOT NULL,
  delivery TEXT NOT NULL CHECK (delivery IN ('email', 'digest', 'digested', 'app')),
  created_at TEXT NOT NULL,
  read_at TEXT
);
CREATE INDEX notifications_user ON notifications(user_id, id);
CREATE INDEX notifications_digest ON notifications(delivery, user_id);

-- A person's choice per category; none: immediately.
CREATE TABLE notification_preferences (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  choice TEXT NOT NULL CHECK (choice IN ('immediately', 'daily', 'off')),
  PRIMARY KEY (user_id, category)
);

-- The one-click unsubscribe address of a person and category. The token is
-- kept as it is (it is put in every message of the category, and can only
-- turn that category's e-mail off).
CREATE TABLE unsubscribe_tokens (
  token TEXT PRIMARY KEY,
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  category TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX unsubscribe_tokens_user ON unsubscribe_tokens(user_id, category);

-- The List-Unsubscribe address a message carries (NULL: essential).
ALTER TABLE outbox ADD COLUMN list_unsubscribe TEXT;

-- The zone a person's digests follow (08:00 there); none: their profile's,
-- else UTC. Coordinators have no profile, so they set it here.
CREATE TABLE user_settings (
  user_id BIGINT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
  time_zone TEXT
);

-- Which weekly digest went to whom: one per person and week (the Monday's
-- date in their zone), whatever runs the hourly check again.
CREATE TABLE digests_sent (
  user_id BIGINT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  period TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (user_id, kind, period)
);
