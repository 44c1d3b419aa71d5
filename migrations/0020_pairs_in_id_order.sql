-- Tandem schema, version 20: a program's pairs read in id order from an index.
-- Same text on SQLite and PostgreSQL.

-- A program's pairs in id order, with their status: the pair list (every
-- status, or one) is read in the order it is shown without sorting the
-- joined rows afterwards, and the counts by status come from the index alone.
-- Before, the index was (program_id, status), and each list was sorted by id
-- in a temporary tree: a third of SQLite's work on a 60-pair list.
DROP INDEX pairs_program;
CREATE INDEX pairs_program ON pairs(program_id, id, status);
