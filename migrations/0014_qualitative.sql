-- Tandem schema, version 14: qualitative analysis (docs/evaluation.md) —
-- documents (de-identified transcripts and survey answers), the codebook,
-- the segments coders mark (coder_id NULL: the agreed coding) and themes
-- with their codes and quotes. SQLite dialect; the PostgreSQL file differs only in the id columns.
CREATE TABLE qual_documents (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  source TEXT NOT NULL,
  body TEXT NOT NULL,
  created_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX qual_documents_program ON qual_documents (program_id, id);

CREATE TABLE qual_codes (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  parent_id BIGINT REFERENCES qual_codes(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  definition TEXT NOT NULL,
  example TEXT NOT NULL,
  UNIQUE (program_id, name)
);

CREATE TABLE qual_segments (
  id INTEGER PRIMARY KEY,
  document_id BIGINT NOT NULL REFERENCES qual_documents(id) ON DELETE CASCADE,
  code_id BIGINT NOT NULL REFERENCES qual_codes(id) ON DELETE CASCADE,
  coder_id BIGINT REFERENCES users(id) ON DELETE CASCADE,
  start_at INTEGER NOT NULL,
  end_at INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX qual_segments_document ON qual_segments (document_id, id);

CREATE TABLE qual_themes (
  id INTEGER PRIMARY KEY,
  program_id BIGINT NOT NULL REFERENCES programs(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL,
  code_ids TEXT NOT NULL,
  quote_ids TEXT NOT NULL,
  UNIQUE (program_id, name)
);
