-- Tandem schema, version 5 (see 0005_account_safety.sql): changing an
-- account's e-mail address cancels its unused invitation and password-reset
-- links. PostgreSQL dialect: the same trigger, through a function on one line.
CREATE OR REPLACE FUNCTION tandem_tokens_revoked_on_email_change() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.email IS DISTINCT FROM NEW.email THEN UPDATE one_time_tokens SET used_at = to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') WHERE user_id = NEW.id AND used_at IS NULL; END IF; RETURN NULL; END $$;
CREATE TRIGGER tokens_revoked_on_email_change AFTER UPDATE OF email ON users FOR EACH ROW EXECUTE FUNCTION tandem_tokens_revoked_on_email_change();
