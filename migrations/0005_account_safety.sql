-- Tandem schema, version 5: changing an account's e-mail address cancels its
-- unused invitation and password-reset links, which went to the old address
-- (a mistyped address, or a mailbox someone else now reads). A trigger, so
-- that every way of changing the address does it. SQLite dialect;
-- 0005_account_safety.postgresql.sql does the same there.
CREATE TRIGGER tokens_revoked_on_email_change AFTER UPDATE OF email ON users WHEN OLD.email IS NOT NEW.email BEGIN UPDATE one_time_tokens SET used_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE user_id = NEW.id AND used_at IS NULL; END;
