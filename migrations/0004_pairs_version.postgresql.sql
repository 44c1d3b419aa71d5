-- Tandem schema, version 4: a version number for each program's list of
-- pairs (see 0004_pairs_version.sql). PostgreSQL dialect: the same triggers,
-- through functions. Each function is one line: the runner splits
-- statements at a ';' that ends a line.
ALTER TABLE programs ADD COLUMN pairs_version BIGINT NOT NULL DEFAULT 0;

CREATE OR REPLACE FUNCTION tandem_pairs_version_pair() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF TG_OP <> 'INSERT' THEN UPDATE programs SET pairs_version = pairs_version + 1 WHERE id = OLD.program_id; END IF; IF TG_OP <> 'DELETE' THEN UPDATE programs SET pairs_version = pairs_version + 1 WHERE id = NEW.program_id; END IF; RETURN NULL; END $$;
CREATE TRIGGER pairs_version_pair AFTER INSERT OR UPDATE OR DELETE ON pairs FOR EACH ROW EXECUTE FUNCTION tandem_pairs_version_pair();
CREATE OR REPLACE FUNCTION tandem_pairs_version_user() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE programs SET pairs_version = pairs_version + 1 WHERE id IN (SELECT program_id FROM enrollments WHERE user_id = NEW.id); RETURN NULL; END $$;
CREATE TRIGGER pairs_version_user_name AFTER UPDATE OF name ON users FOR EACH ROW EXECUTE FUNCTION tandem_pairs_version_user();
CREATE OR REPLACE FUNCTION tandem_pairs_version_enrollment() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN UPDATE programs SET pairs_version = pairs_version + 1 WHERE id = NEW.program_id; RETURN NULL; END $$;
CREATE TRIGGER pairs_version_enrollment AFTER UPDATE OF external_id, user_id ON enrollments FOR EACH ROW EXECUTE FUNCTION tandem_pairs_version_enrollment();
