-- Tandem schema, version 13: the evaluation (docs/evaluation.md) — each
-- program's smallest shown count in de-identified tables, and the PDF
-- reports the server renders as jobs. SQLite dialect; the PostgreSQL file
-- differs only in the id column.
ALTER TABLE program_journey ADD COLUMN small_cell_k INTEGER NOT NULL DEFAULT 5;

CREATE TABLE evaluation_reports (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  requested_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  status TEXT NOT NULL,
  error TEXT,
  pdf TEXT,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE INDEX evaluation_reports_program ON evaluation_reports (program_id, id);
