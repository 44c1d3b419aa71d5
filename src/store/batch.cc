#include "store/batch.h"

#include <cassert>
#include <exception>

#include <soci/sqlite3/soci-sqlite3.h>

namespace tandem::store {

BatchInsert::BatchInsert(soci::session& session, std::string table,
                         std::vector<std::string> columns, int rows_per_statement)
    : session_(session),
      table_(std::move(table)),
      columns_(std::move(columns)),
      rows_per_statement_(rows_per_statement) {}

BatchInsert::BatchInsert(Transaction& tx, std::string table, std::vector<std::string> columns,
                         int rows_per_statement)
    : BatchInsert(SessionOf(tx), std::move(table), std::move(columns), rows_per_statement) {
  tx_ = &tx;
}

BatchInsert::~BatchInsert() {
  assert((pending_.empty() || std::uncaught_exceptions() > 0) &&
         "BatchInsert destroyed with rows not flushed: call Flush()");
}

void BatchInsert::Add(std::vector<std::optional<std::string>> row) {
  for (auto& v : row) pending_.push_back(std::move(v));
  if (pending_.size() >= columns_.size() * rows_per_statement_) Flush();
}

namespace {

using namespace ::sqlite_api;  // SOCI wraps sqlite3.h in this namespace

// SQLite parses a long VALUES list slowly; one prepared single-row statement
// stepped per row is several times faster there (in-process, no round trips).
// `cache`, when given, keeps the statement prepared for the next flush on
// this connection.
void FlushSqlite(soci::session& session, StatementCache* cache, const std::string& table,
                 const std::vector<std::string>& columns,
                 std::vector<std::optional<std::string>>& pending) {
  auto* backend = static_cast<soci::sqlite3_session_backend*>(session.get_backend());
  sqlite3* db = backend->conn_;
  std::string sql = "INSERT INTO " + table + " (";
  for (size_t c = 0; c < columns.size(); ++c) sql += (c ? ", " : "") + columns[c];
  sql += ") VALUES (";
  for (size_t c = 0; c < columns.size(); ++c) sql += c ? ", ?" : "?";
  sql += ")";
  sqlite3_stmt* stmt = nullptr;
  std::shared_ptr<void> kept;  // owns stmt when it is cached
  const auto fail = [&](const char* what) {
    std::string message = std::string(what) + " " + table + ": " + sqlite3_errmsg(db);
    if (kept) {
      sqlite3_reset(stmt);
      sqlite3_clear_bindings(stmt);
    } else {
      sqlite3_finalize(stmt);
    }
    throw soci::soci_error(message);
  };
  if (cache != nullptr) {
    auto it = cache->sqlite_rows.find(sql);
    if (it != cache->sqlite_rows.end()) kept = it->second;
  }
  if (kept) {
    stmt = static_cast<sqlite3_stmt*>(kept.get());
  } else {
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail("preparing");
    if (cache != nullptr) {
      kept = std::shared_ptr<void>(
          stmt, [](void* s) { sqlite3_finalize(static_cast<sqlite3_stmt*>(s)); });
      cache->sqlite_rows.emplace(sql, kept);
    }
  }
  const size_t width = columns.size();
  for (size_t r = 0; r < pending.size() / width; ++r) {
    for (size_t c = 0; c < width; ++c) {
      const std::optional<std::string>& v = pending[r * width + c];
      const int rc = v ? sqlite3_bind_text(stmt, static_cast<int>(c + 1), v->data(),
                                           static_cast<int>(v->size()), SQLITE_STATIC)
                       : sqlite3_bind_null(stmt, static_cast<int>(c + 1));
      if (rc != SQLITE_OK) fail("binding");
    }
    if (sqlite3_step(stmt) != SQLITE_DONE) fail("inserting into");
    sqlite3_reset(stmt);
  }
  if (kept) {
    sqlite3_clear_bindings(stmt);  // the bound text belongs to `pending`
  } else {
    sqlite3_finalize(stmt);
  }
  pending.clear();
}

}  // namespace

void BatchInsert::Flush() {
  if (pending_.empty()) return;
  if (session_.get_backend_name() == "sqlite3") {
    FlushSqlite(session_, tx_ != nullptr ? tx_->impl().cache : nullptr, table_, columns_, pending_);
    return;
  }
  const size_t width = columns_.size();
  const size_t rows = pending_.size() / width;
  // Values are written as SQL literals rather than bound: binding thousands of
  // parameters per statement costs more than the insert itself. Every value is
  // a quoted string with quotes doubled (standard_conforming_strings is on), so
  // no text can leave its literal.
  std::string sql = "INSERT INTO " + table_ + " (";
  for (size_t c = 0; c < width; ++c) {
    if (c) sql += ", ";
    sql += columns_[c];
  }
  sql += ") VALUES ";
  for (size_t r = 0; r < rows; ++r) {
    sql += r ? ",(" : "(";
    for (size_t c = 0; c < width; ++c) {
      if (c) sql += ',';
      const std::optional<std::string>& v = pending_[r * width + c];
      if (!v) {
        sql += "NULL";
        continue;
      }
      sql += '\'';
      for (char ch : *v) {
        if (ch == '\0') throw InvalidArgument("text contains a NUL character");
        if (ch == '\'') sql += '\'';
        sql += ch;
      }
      sql += '\'';
    }
    sql += ')';
  }
  pending_.clear();
  session_ << sql;
}

std::vector<long long> ReserveIds(Transaction& tx, const std::string& table, int count) {
  std::vector<long long> ids;
  if (count <= 0) return ids;
  ids.reserve(count);
  soci::session& s = SessionOf(tx);
  if (tx.dialect() == Dialect::kSqlite) {
    long long max = 0;
    soci::indicator ind{};
    s << "SELECT MAX(id) FROM " + table, soci::into(max, ind);
    if (ind != soci::i_ok) max = 0;
    for (int i = 1; i <= count; ++i) ids.push_back(max + i);
    return ids;
  }
  long long id = 0;
  int n = count;
  soci::statement st = (s.prepare << "SELECT nextval(pg_get_serial_sequence('" + table +
                                         "', 'id')) FROM generate_series(1, :n)",
                        soci::use(n), soci::into(id));
  st.execute();
  while (st.fetch()) ids.push_back(id);
  return ids;
}

}  // namespace tandem::store
