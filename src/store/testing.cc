#include "store/testing.h"

#include <algorithm>
#include <cstdlib>
#include <vector>

#include <unistd.h>

#include "core/clock.h"
#include "core/error.h"
#include "store/internal.h"

namespace tandem::store {

void DropAllTables(Transaction& tx) {
  Guard("dropping tables", [&] {
    soci::session& s = SessionOf(tx);
    std::vector<std::string> tables;
    std::string name;
    soci::statement st =
        tx.dialect() == Dialect::kSqlite
            ? (s.prepare << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                            "LIKE 'sqlite_%' ORDER BY rowid DESC",
               soci::into(name))
            : (s.prepare << "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
               soci::into(name));
    st.execute();
    while (st.fetch()) tables.push_back(name);
    for (const std::string& t : tables) {
      s << "DROP TABLE IF EXISTS " + t + (tx.dialect() == Dialect::kPostgresql ? " CASCADE" : "");
    }
  });
}

void UndoMigration(Transaction& tx, int version, const std::string& undo) {
  Guard("undoing a migration", [&] {
    soci::session& s = SessionOf(tx);
    int newest = 0;
    s << "SELECT MAX(version) FROM schema_migrations", soci::into(newest);
    if (newest != version) {
      throw InvalidArgument("only the newest migration (" + std::to_string(newest) +
                            ") can be undone, not " + std::to_string(version));
    }
    std::size_t start = 0;
    for (std::size_t end; (end = undo.find(';', start)) != std::string::npos; start = end + 1) {
      s << undo.substr(start, end - start);
    }
    long long key = version;
    s << "DELETE FROM schema_migrations WHERE version = :v", soci::use(key);
  });
}

std::int64_t InsertTestUser(Transaction& tx, const std::string& email, const std::string& name,
                            bool is_admin) {
  return Guard("adding a test user", [&] {
    const std::string now = tx.now_text();
    int admin = is_admin ? 1 : 0;
    long long id = 0;
    SessionOf(tx) << "INSERT INTO users (email, name, is_admin, created_at) VALUES "
                     "(:e, :n, :a, :t) RETURNING id",
        soci::use(email), soci::use(name), soci::use(admin), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::int64_t InsertTestEnrollment(Transaction& tx, std::int64_t program_id, std::int64_t user_id,
                                  Role role, const std::string& external_id) {
  return Guard("adding a test enrollment", [&] {
    const std::string now = tx.now_text();
    long long program = program_id, user = user_id, id = 0;
    std::string r(RoleName(role));
    SessionOf(tx) << "INSERT INTO enrollments (program_id, user_id, role, external_id, status, "
                     "capacity, created_at, updated_at) VALUES (:p, :u, :r, :x, 'active', 1, "
                     ":c, :t) RETURNING id",
        soci::use(program), soci::use(user), soci::use(r), soci::use(external_id), soci::use(now),
        soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::int64_t TestUserOf(Transaction& tx, std::int64_t program_id, const std::string& external_id) {
  return Guard("reading a test user", [&] {
    long long program = program_id, user = 0;
    soci::statement st = (SessionOf(tx).prepare << "SELECT user_id FROM enrollments WHERE "
                                                   "program_id = :p AND external_id = :x",
                          soci::use(program), soci::use(external_id), soci::into(user));
    return st.execute(true) ? static_cast<std::int64_t>(user) : 0;
  });
}

void SetTestEnrollmentStatus(Transaction& tx, std::int64_t program_id,
                             const std::string& external_id, const std::string& status) {
  Guard("changing a test enrollment", [&] {
    long long program = program_id;
    SessionOf(tx) << "UPDATE enrollments SET status = :s WHERE program_id = :p AND "
                     "external_id = :x",
        soci::use(status), soci::use(program), soci::use(external_id);
  });
}

void SetTestUserEmail(Transaction& tx, std::int64_t user_id, const std::string& email) {
  Guard("changing a test user's e-mail", [&] {
    long long user = user_id;
    SessionOf(tx) << "UPDATE users SET email = :e WHERE id = :u", soci::use(email), soci::use(user);
  });
}

std::int64_t CountRows(Transaction& tx, const std::string& table) {
  return Guard("counting rows", [&] {
    long long n = 0;
    SessionOf(tx) << "SELECT COUNT(*) FROM " + table, soci::into(n);
    return static_cast<std::int64_t>(n);
  });
}

std::string SqliteTableDefinition(Transaction& tx, const std::string& table) {
  return Guard("reading the schema", [&] {
    if (tx.dialect() != Dialect::kSqlite) return std::string();
    std::string sql;
    soci::indicator ind{};
    SessionOf(tx) << "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = :n",
        soci::use(table), soci::into(sql, ind);
    return ind == soci::i_ok ? sql : std::string();
  });
}

std::vector<std::string> SqliteSchemaOf(Transaction& tx, const std::string& table) {
  return Guard("reading the schema", [&] {
    std::vector<std::string> out;
    if (tx.dialect() != Dialect::kSqlite) return out;
    std::string type, name, sql;
    soci::indicator sql_ind{};
    soci::statement st =
        (SessionOf(tx).prepare << "SELECT type, name, sql FROM sqlite_master WHERE tbl_name = :t",
         soci::use(table), soci::into(type), soci::into(name), soci::into(sql, sql_ind));
    st.execute();
    while (st.fetch()) out.push_back(type + " " + (sql_ind == soci::i_ok ? sql : name));
    std::sort(out.begin(), out.end());
    return out;
  });
}

std::string TestBackend() {
  const char* b = std::getenv("TANDEM_TEST_BACKEND");
  return b != nullptr && *b != '\0' ? b : "sqlite";
}

TestDatabaseUrl::TestDatabaseUrl(const std::string& name) {
  if (TestBackend() == "postgresql") {
    const char* pg = std::getenv("TANDEM_TEST_POSTGRES");
    if (pg == nullptr || *pg == '\0') {
      throw InvalidArgument(
          "TANDEM_TEST_POSTGRES is not set: run through scripts/with-postgres.sh (make test)");
    }
    url_ = pg;
    auto db = Database::Open(url_, 1);
    Transaction tx = db->Begin();
    DropAllTables(tx);
    tx.Commit();
  } else {
    dir_ = std::filesystem::temp_directory_path() /
           ("tandem-" + name + "-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    url_ = "sqlite:" + (dir_ / "tandem.db").string();
  }
}

TestDatabaseUrl::~TestDatabaseUrl() {
  std::error_code ignored;
  if (!dir_.empty()) std::filesystem::remove_all(dir_, ignored);
}

}  // namespace tandem::store
