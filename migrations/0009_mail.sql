-- Tandem schema, version 9: e-mail delivery (docs/email.md). Both dialects.
--
-- Each outbox message is sent by one "send_mail" job: queued until sent,
-- failed (a permanent refusal, or 24 hours of temporary ones), or kept (no
-- SMTP server was configured when its turn came; an admin can resend it).
-- Messages written before delivery existed are kept: they were never meant
-- to go out by themselves.
ALTER TABLE outbox ADD COLUMN status TEXT NOT NULL DEFAULT 'queued'
  CHECK (status IN ('queued', 'sent', 'failed', 'kept'));
ALTER TABLE outbox ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE outbox ADD COLUMN last_error TEXT;
ALTER TABLE outbox ADD COLUMN smtp_reply TEXT;
ALTER TABLE outbox ADD COLUMN message_id TEXT;
UPDATE outbox SET status = 'kept';
CREATE INDEX outbox_status ON outbox(status, id);

-- Reminders and "log your meeting" prompts are jobs planned when a meeting is
-- scheduled; the SEQUENCE they were sent for is recorded with the message, in
-- one transaction, so that each goes once per version of the meeting even if
-- a job runs twice.
ALTER TABLE meetings ADD COLUMN reminded_sequence INTEGER;
ALTER TABLE meetings ADD COLUMN log_prompted_sequence INTEGER;

-- Nudges about a pair's health (docs/email.md): one per pair, kind ("at_risk"
-- to the pair, "stalled" to its coordinators) and episode — the day it last
-- met, or started — so that a daily check tells each once.
CREATE TABLE pair_nudges (
  pair_id BIGINT NOT NULL REFERENCES pairs(id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  since TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (pair_id, kind, since)
);
