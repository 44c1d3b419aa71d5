-- Tandem schema, version 18: a program's people are listed a page at a time.
-- Same text on SQLite and PostgreSQL.

-- Whether an enrollment's profile has what matching needs
-- (Enrollment.profile_complete, core's IsProfileComplete), stored with the
-- enrollment by the writes that save its profile (a profile save, an
-- import), instead of being worked out in SQL for every row of every listing.
ALTER TABLE enrollments ADD COLUMN profile_complete INTEGER NOT NULL DEFAULT 0;

-- Profiles saved before this version, by the same rule: a time zone, an
-- interest and an availability window.
UPDATE enrollments SET profile_complete = 1
WHERE EXISTS (SELECT 1 FROM profiles p
              WHERE p.enrollment_id = enrollments.id AND p.time_zone <> '')
  AND EXISTS (SELECT 1 FROM profile_tags t
              WHERE t.enrollment_id = enrollments.id AND t.kind = 'interest')
  AND EXISTS (SELECT 1 FROM availability_windows w
              WHERE w.enrollment_id = enrollments.id);

-- A program's enrollments in id order (the listing's order), so a page is
-- read without sorting the whole program first.
CREATE INDEX enrollments_program ON enrollments(program_id, id);
