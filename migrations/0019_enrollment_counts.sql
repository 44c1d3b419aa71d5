-- Tandem schema, version 19: a program's enrollment counts read from an index.
-- Same text on SQLite and PostgreSQL.

-- A program's enrollments in id order, with what the listing counts (role,
-- status, profile_complete): a page is read in id order as before, and the
-- counts of the whole list (total, mentors and mentees, complete profiles)
-- are read from the index alone, without visiting every enrollment's row.
DROP INDEX enrollments_program;
CREATE INDEX enrollments_program ON enrollments(program_id, id, role, status, profile_complete);
