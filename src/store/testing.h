// Test support: lets tests reset a shared PostgreSQL database and set up
// people and roles directly. Never called by Tandem itself.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/participant.h"
#include "store/database.h"

namespace tandem::store {

// Drops every table of the current schema, including schema_migrations.
void DropAllTables(Transaction& tx);

// The database a test run targets, from TANDEM_TEST_BACKEND: "sqlite" (the
// default) or "postgresql".
std::string TestBackend();

// An empty database for one test, on TestBackend(): for SQLite a new file in
// a fresh folder under the temporary directory (removed on destruction), for
// PostgreSQL the database at TANDEM_TEST_POSTGRES (set by
// scripts/with-postgres.sh) with every table dropped. Not migrated. `name`
// keeps concurrent tests' folders apart. Throws tandem::Error(kInvalidArgument)
// when PostgreSQL is asked for without TANDEM_TEST_POSTGRES.
class TestDatabaseUrl {
 public:
  explicit TestDatabaseUrl(const std::string& name);
  ~TestDatabaseUrl();
  TestDatabaseUrl(const TestDatabaseUrl&) = delete;
  TestDatabaseUrl& operator=(const TestDatabaseUrl&) = delete;

  const std::string& url() const { return url_; }

 private:
  std::string url_;
  std::filesystem::path dir_;  // empty for PostgreSQL
};

// Inserts a user (no password) and returns its id.
std::int64_t InsertTestUser(Transaction& tx, const std::string& email, const std::string& name,
                            bool is_admin = false);
// Enrols `user_id` in a program in `role` with status active (capacity 1)
// under participant id `external_id`; returns the enrollment id.
std::int64_t InsertTestEnrollment(Transaction& tx, std::int64_t program_id, std::int64_t user_id,
                                  Role role, const std::string& external_id);
// The user behind participant `external_id` of a program; 0 when none.
std::int64_t TestUserOf(Transaction& tx, std::int64_t program_id, const std::string& external_id);
// Sets the status of a participant's enrollment ("withdrawn", ...).
void SetTestEnrollmentStatus(Transaction& tx, std::int64_t program_id,
                             const std::string& external_id, const std::string& status);
// Changes a user's e-mail address with a plain UPDATE (as any future path
// would), so that tests see what the database itself does on such a change.
void SetTestUserEmail(Transaction& tx, std::int64_t user_id, const std::string& email);
// Takes the database back to before migration `version` for a test of what it
// does to rows written earlier: runs `undo` (statements reversing its schema
// change, each ending in ";") and forgets the migration, so the next
// Database::Migrate() applies it again. Only the newest migration can be undone.
void UndoMigration(Transaction& tx, int version, const std::string& undo);
// The number of rows in `table` (a name from the schema, not user input).
std::int64_t CountRows(Transaction& tx, const std::string& table);
// SQLite: the CREATE TABLE text of `table` as the schema holds it; "" on
// PostgreSQL or when there is no such table.
std::string SqliteTableDefinition(Transaction& tx, const std::string& table);
// SQLite: what the schema holds for `table` — its CREATE TABLE text and each
// of its indexes' (an automatic index by its name), sorted; empty on PostgreSQL.
std::vector<std::string> SqliteSchemaOf(Transaction& tx, const std::string& table);

}  // namespace tandem::store
