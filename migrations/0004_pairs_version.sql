-- Tandem schema, version 4: a version number for each program's list of
-- pairs, so that a server can keep the list it last answered and know, with
-- one indexed read, whether it is still what is stored — on every instance.
-- Triggers bump it whenever anything the list shows changes: a pair (added,
-- changed, removed), a member's name, an enrolment's participant id or user.
-- SQLite dialect; 0004_pairs_version.postgresql.sql does the same there.
ALTER TABLE programs ADD COLUMN pairs_version INTEGER NOT NULL DEFAULT 0;

CREATE TRIGGER pairs_version_pair_insert AFTER INSERT ON pairs BEGIN UPDATE programs SET pairs_version = pairs_version + 1 WHERE id = NEW.program_id; END;
CREATE TRIGGER pairs_version_pair_update AFTER UPDATE ON pairs BEGIN UPDATE programs SET pairs_version = pairs_version + 1 WHERE id IN (OLD.program_id, NEW.program_id); END;
CREATE TRIGGER pairs_version_pair_delete AFTER DELETE ON pairs BEGIN UPDATE programs SET pairs_version = pairs_version + 1 WHERE id = OLD.program_id; END;
CREATE TRIGGER pairs_version_user_name AFTER UPDATE OF name ON users BEGIN UPDATE programs SET pairs_version = pairs_version + 1 WHERE id IN (SELECT program_id FROM enrollments WHERE user_id = NEW.id); END;
CREATE TRIGGER pairs_version_enrollment AFTER UPDATE OF external_id, user_id ON enrollments BEGIN UPDATE programs SET pairs_version = pairs_version + 1 WHERE id = NEW.program_id; END;
