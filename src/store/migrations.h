// Embedded schema migrations (migrations/*.sql, see migrations/README.md).
#pragma once

#include <string>
#include <vector>

#include "store/database.h"

namespace tandem::store {

struct MigrationFile {
  std::string name;  // "0001_init.sql" or "0001_init.postgresql.sql"
  std::string sql;
};

// Every migrations/*.sql file, sorted by name (generated at build time).
const std::vector<MigrationFile>& EmbeddedMigrationFiles();

struct Migration {
  int version = 0;
  std::string name;                     // the generic file name
  std::vector<std::string> statements;  // for the requested dialect
};

// The migrations for `dialect`, by version: a NNNN_x.postgresql.sql file
// replaces NNNN_x.sql on PostgreSQL. Statements are split at ';' ending a line.
std::vector<Migration> MigrationsFor(Dialect dialect);

}  // namespace tandem::store
