#include "store/database.h"

#include <soci/postgresql/soci-postgresql.h>
#include <soci/sqlite3/soci-sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

#include "core/clock.h"
#include "store/internal.h"
#include "store/migrations.h"

namespace tandem::store {
namespace {

// Arbitrary constant: the advisory lock key under which PostgreSQL migrates.
constexpr long long kMigrationLockKey = 727274001;

// libpq key=value text for a postgresql:// URL (SOCI does not pass URIs through
// intact). Percent-escapes are decoded; query parameters become keys.
std::string PostgresConnInfo(const std::string& url) {
  const auto decode = [](std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '%' && i + 2 < text.size() &&
          std::isxdigit(static_cast<unsigned char>(text[i + 1])) &&
          std::isxdigit(static_cast<unsigned char>(text[i + 2]))) {
        out.push_back(
            static_cast<char>(std::stoi(std::string(text.substr(i + 1, 2)), nullptr, 16)));
        i += 2;
      } else {
        out.push_back(text[i]);
      }
    }
    return out;
  };
  const auto quote = [](const std::string& v) {
    std::string out = "'";
    for (char c : v) {
      if (c == '\\' || c == '\'') out.push_back('\\');
      out.push_back(c);
    }
    return out + "'";
  };
  std::string_view rest(url);
  rest.remove_prefix(rest.find("://") + 3);
  std::string query;
  if (size_t q = rest.find('?'); q != std::string_view::npos) {
    query = std::string(rest.substr(q + 1));
    rest = rest.substr(0, q);
  }
  std::string db;
  if (size_t slash = rest.find('/'); slash != std::string_view::npos) {
    db = decode(rest.substr(slash + 1));
    rest = rest.substr(0, slash);
  }
  std::string user, password;
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) {
    std::string_view cred = rest.substr(0, at);
    rest = rest.substr(at + 1);
    if (size_t colon = cred.find(':'); colon != std::string_view::npos) {
      user = decode(cred.substr(0, colon));
      password = decode(cred.substr(colon + 1));
    } else {
      user = decode(cred);
    }
  }
  std::string host(rest), port;
  if (size_t colon = host.rfind(':');
      colon != std::string::npos && host.find(']') == std::string::npos) {
    port = host.substr(colon + 1);
    host = host.substr(0, colon);
  }
  std::string info;
  const auto add = [&](const char* key, const std::string& value) {
    if (value.empty()) return;
    if (!info.empty()) info += ' ';
    info += std::string(key) + "=" + quote(value);
  };
  add("host", host);
  add("port", port);
  add("user", user);
  add("password", password);
  add("dbname", db);
  size_t start = 0;
  while (start < query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(start, end - start);
    if (size_t eq = pair.find('='); eq != std::string::npos) {
      add(pair.substr(0, eq).c_str(), decode(pair.substr(eq + 1)));
    }
    start = end + 1;
  }
  return info;
}

struct Target {
  Dialect dialect;
  const soci::backend_factory* backend;
  std::string connect;
};

Target ParseUrl(const std::string& url) {
  if (url.rfind("sqlite:", 0) == 0) {
    std::string path = url.substr(7);
    if (path.rfind("//", 0) == 0) path = path.substr(2);  // sqlite://PATH
    if (path.empty()) throw InvalidArgument("sqlite: URL needs a file path", "db");
    if (path != ":memory:") {
      const std::filesystem::path parent = std::filesystem::path(path).parent_path();
      std::error_code ec;
      if (!parent.empty()) std::filesystem::create_directories(parent, ec);
    }
    return {Dialect::kSqlite, &soci::sqlite3, "db=\"" + path + "\" timeout=10"};
  }
  if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0) {
    return {Dialect::kPostgresql, &soci::postgresql, PostgresConnInfo(url)};
  }
  throw InvalidArgument(
      "unknown database URL \"" + url + "\": use sqlite:PATH or postgresql://USER@HOST:PORT/DB",
      "db");
}

}  // namespace

namespace {

// The constraint a violation names — "users.email" (SQLite) or
// "users_email_key" (PostgreSQL) — never the statement or its values.
std::string ConstraintOf(const std::string& message) {
  for (const char* marker : {"constraint failed: ", "constraint \""}) {
    const size_t at = message.find(marker);
    if (at == std::string::npos) continue;
    const size_t start = at + std::string_view(marker).size();
    size_t end = start;
    while (end < message.size() &&
           (std::isalnum(static_cast<unsigned char>(message[end])) || message[end] == '_' ||
            message[end] == '.' || message[end] == ',' || message[end] == ' ')) {
      if (message.compare(end, 6, " while") == 0) break;
      ++end;
    }
    return message.substr(start, end - start);
  }
  return "";
}

}  // namespace

Error TranslateDbError(const std::exception& e, const std::string& what) {
  const std::string message = e.what();
  const auto has = [&](const char* s) { return message.find(s) != std::string::npos; };
  // Constraint violations: said plainly, without SQL or bound values (which
  // may be personal data).
  const std::string constraint = ConstraintOf(message);
  const std::string named = constraint.empty() ? "" : " (" + constraint + ")";
  if (has("UNIQUE constraint") || has("duplicate key")) {
    return Error(ErrorCode::kConflict, what + ": that already exists" + named);
  }
  if (has("FOREIGN KEY constraint") || has("violates foreign key")) {
    return Error(ErrorCode::kConflict,
                 what + ": it refers to something that does not exist or is still in use" + named);
  }
  if (has("CHECK constraint") || has("violates check")) {
    return Error(ErrorCode::kConflict, what + ": a value is out of its allowed range" + named);
  }
  if (has("connection") || has("Connection") || has("could not connect") || has("server closed") ||
      has("database is locked") || has("no connection") || has("terminating")) {
    return Error(ErrorCode::kUnavailable, what + ": database unavailable (" + message + ")");
  }
  return Error(ErrorCode::kInternal, what + ": " + message);
}

namespace {

// BEGIN, COMMIT and ROLLBACK. On SQLite each is stepped from a statement kept
// prepared on the connection: through SOCI every one prepared, ran and
// finalized a statement, a sixth of a short read's time.
void RunControl(Transaction::Impl& tx, const char* sql) {
  if (tx.dialect != Dialect::kSqlite) {
    *tx.session << sql;
    return;
  }
  using namespace ::sqlite_api;  // SOCI wraps sqlite3.h in this namespace
  sqlite3* db = static_cast<soci::sqlite3_session_backend*>(tx.session->get_backend())->conn_;
  const auto fail = [&] { throw soci::soci_error(std::string(sql) + ": " + sqlite3_errmsg(db)); };
  std::shared_ptr<void>& kept = tx.cache->sqlite_rows[sql];
  if (!kept) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
      tx.cache->sqlite_rows.erase(sql);
      fail();
    }
    kept = std::shared_ptr<void>(
        stmt, [](void* st) { sqlite3_finalize(static_cast<sqlite3_stmt*>(st)); });
  }
  auto* stmt = static_cast<sqlite3_stmt*>(kept.get());
  if (sqlite3_step(stmt) != SQLITE_DONE) {
    const std::string message = std::string(sql) + ": " + sqlite3_errmsg(db);
    sqlite3_reset(stmt);
    throw soci::soci_error(message);
  }
  sqlite3_reset(stmt);
}

// Per-connection settings, after opening and after reconnecting.
void ConfigureSession(soci::session& s, Dialect dialect) {
  if (dialect == Dialect::kSqlite) {
    s << "PRAGMA journal_mode=WAL";
    s << "PRAGMA foreign_keys=ON";
    s << "PRAGMA synchronous=NORMAL";
    s << "PRAGMA busy_timeout=10000";
  } else {
    s << "SET client_min_messages TO WARNING";
    s << "SET standard_conforming_strings TO on";  // batch.cc relies on it
  }
}

}  // namespace

std::size_t detail::NextQueryId() {
  static std::atomic<std::size_t> next{0};
  return next++;
}

namespace {
struct TextStatement final : CachedQuery {
  explicit TextStatement(soci::session& s) : st(s) {}
  soci::statement& statement() override { return st; }
  soci::statement st;
};
}  // namespace

soci::statement& detail::StatementFor(Transaction& tx, const std::string& sql) {
  Transaction::Impl& impl = tx.impl();
  StatementCache& cache = *impl.cache;
  auto it = cache.by_text.find(sql);
  if (it == cache.by_text.end()) {
    auto fresh = std::make_unique<TextStatement>(*impl.session);
    fresh->st.alloc();
    fresh->st.prepare(sql);
    it = cache.by_text.emplace(sql, std::move(fresh)).first;
  } else {
    it->second->statement().bind_clean_up();  // the last use's variables are gone
  }
  CachedQuery& q = *it->second;
  if (!q.used) {
    q.used = true;
    cache.used.push_back(&q);
  }
  return q.statement();
}

std::string ForUpdateOf(soci::session& s, const char* alias, RowLock lock) {
  return lock == RowLock::kForUpdate && s.get_backend_name() == "postgresql"
             ? std::string(" FOR UPDATE OF ") + alias
             : "";
}

void StatementCache::ResetUsed(Dialect dialect) noexcept {
  for (CachedQuery* q : used) {
    q->used = false;
    if (dialect != Dialect::kSqlite) continue;  // PostgreSQL results are already client-side
    auto* backend = static_cast<soci::sqlite3_statement_backend*>(q->statement().get_backend());
    if (backend != nullptr && backend->stmt_ != nullptr) sqlite_api::sqlite3_reset(backend->stmt_);
  }
  used.clear();
}

void StatementCache::Clear() noexcept {
  used.clear();
  queries.clear();  // a statement's destructor swallows errors from a broken connection
  by_text.clear();
  sqlite_rows.clear();
}

struct Database::Impl {
  Dialect dialect;
  std::size_t size;
  soci::connection_pool pool;
  std::vector<StatementCache> caches;  // by pool position
  std::mutex mutex;
  std::size_t in_use = 0;
  // Held by this process's SQLite write transaction, from BEGIN IMMEDIATE to
  // its end (see Begin).
  std::timed_mutex writer;
  std::uint64_t instance_id;
  std::shared_ptr<const Clock> clock;
  std::shared_mutex attached_mutex;
  std::unordered_map<std::type_index, std::shared_ptr<void>> attached;  // see Attached
  Impl(Dialect d, std::size_t n) : dialect(d), size(n), pool(n), caches(n) {
    static std::atomic<std::uint64_t> next{1};
    instance_id = next++;
  }
};

void* Database::AttachedSlot(std::type_index type, std::shared_ptr<void> (*make)()) {
  {
    std::shared_lock lock(impl_->attached_mutex);
    if (auto it = impl_->attached.find(type); it != impl_->attached.end()) return it->second.get();
  }
  std::unique_lock lock(impl_->attached_mutex);
  std::shared_ptr<void>& slot = impl_->attached[type];
  if (!slot) slot = make();
  return slot.get();
}

Database::Database(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Database::~Database() = default;

std::unique_ptr<Database> Database::Open(const std::string& url, std::size_t pool_size,
                                         std::shared_ptr<const Clock> clock) {
  if (pool_size == 0) pool_size = 1;
  const Target target = ParseUrl(url);
  if (target.dialect == Dialect::kSqlite) {
    // Once per process, before SQLite initialises: no global memory
    // statistics (a process-wide mutex on every allocation), and
    // multi-thread mode (no per-connection mutex on every call) — safe because
    // a pooled connection is only ever used by the one thread holding it.
    // Measured: 5.6k -> 8.5-9.5k req/s on the pairs benchmark
    // (docs/benchmarks.md). A no-op if SQLite was initialised already.
    static std::once_flag configured;
    std::call_once(configured, [] {
      sqlite_api::sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
      sqlite_api::sqlite3_config(SQLITE_CONFIG_MULTITHREAD);
    });
  }
  auto impl = std::make_unique<Impl>(target.dialect, pool_size);
  impl->clock = clock ? std::move(clock) : std::make_shared<SystemClock>();
  for (std::size_t i = 0; i < pool_size; ++i) {
    soci::session& s = impl->pool.at(i);
    try {
      s.open(*target.backend, target.connect);
      ConfigureSession(s, target.dialect);
    } catch (const std::exception& e) {
      throw Error(ErrorCode::kUnavailable, std::string("cannot open the database: ") + e.what(),
                  "db");
    }
  }
  return std::unique_ptr<Database>(new Database(std::move(impl)));
}

Dialect Database::dialect() const { return impl_->dialect; }
std::uint64_t Database::instance_id() const { return impl_->instance_id; }
std::size_t Database::pool_size() const { return impl_->size; }
const Clock& Database::clock() const { return *impl_->clock; }
std::size_t Database::connections_in_use() const {
  std::lock_guard lock(impl_->mutex);
  return impl_->in_use;
}

namespace {
// The SQLite databases whose writer queue this thread holds: a nested write
// transaction on the same thread must not wait for itself (it is left to
// SQLite's busy timeout, as it was before the queue).
thread_local std::vector<std::uint64_t> writer_held_by_thread;

constexpr auto kWriterWait = std::chrono::seconds(10);  // as PRAGMA busy_timeout
}  // namespace

Transaction Database::Begin(bool write) {
  auto tx = std::make_unique<Transaction::Impl>();
  // SQLite lets one writer in at a time; a second BEGIN IMMEDIATE waits in
  // SQLite's busy handler, which sleeps 1, 2, 5, 10... ms between tries
  // whatever the writer's progress. Under the server benchmark's mix (a tenth
  // of requests write) one request in eleven slept so, for a millisecond or
  // more while the write it waited for took a fifth of that
  // (docs/benchmarks.md, "Server"). Writers of this process queue on a mutex
  // instead and go in as soon as the one before ends; other processes still
  // meet the busy handler.
  const bool queue = impl_->dialect == Dialect::kSqlite && write &&
                     std::find(writer_held_by_thread.begin(), writer_held_by_thread.end(),
                               impl_->instance_id) == writer_held_by_thread.end();
  if (queue) {
    tx->writer.lock = std::unique_lock(impl_->writer, std::defer_lock);
    if (!tx->writer.lock.try_lock_for(kWriterWait)) {
      throw Error(ErrorCode::kUnavailable,
                  "starting a transaction: database unavailable (another write has held it for "
                  "10 s)");
    }
    tx->writer.database = impl_->instance_id;
    writer_held_by_thread.push_back(impl_->instance_id);
  }
  tx->dialect = impl_->dialect;
  tx->pool = &impl_->pool;
  tx->position = impl_->pool.lease();  // waits for a free connection
  tx->session = &impl_->pool.at(tx->position);
  tx->cache = &impl_->caches[tx->position];
  tx->in_use = &impl_->in_use;
  tx->mutex = &impl_->mutex;
  tx->now = impl_->clock->Now();
  tx->now_text = FormatUtc(tx->now);
  {
    std::lock_guard lock(impl_->mutex);
    ++impl_->in_use;
  }
  Transaction t(std::move(tx));
  soci::session& s = *t.impl().session;
  const char* begin = impl_->dialect == Dialect::kSqlite && write ? "BEGIN IMMEDIATE" : "BEGIN";
  try {
    RunControl(t.impl(), begin);
  } catch (const std::exception& first) {
    // A PostgreSQL connection broken by a server restart or a network failure
    // is reopened once here, so the pool recovers when the database returns.
    if (impl_->dialect != Dialect::kPostgresql)
      throw TranslateDbError(first, "starting a transaction");
    try {
      t.impl().cache->Clear();  // its statements belong to the old connection
      s.reconnect();
      ConfigureSession(s, impl_->dialect);
      s << begin;
    } catch (const std::exception& again) {
      throw Error(ErrorCode::kUnavailable,
                  std::string("the database is unavailable: ") + again.what());
    }
  }
  t.impl().open = true;
  return t;
}

bool Database::Ping() {
  try {
    Transaction tx = Begin(false);
    int one = 0;
    SessionOf(tx) << "SELECT 1", soci::into(one);
    tx.Commit();
    return one == 1;
  } catch (const std::exception&) {
    return false;
  }
}

std::vector<AppliedMigration> Database::AppliedMigrations() {
  Transaction tx = Begin(false);
  std::vector<AppliedMigration> out;
  Guard("reading applied migrations", [&] {
    soci::session& s = SessionOf(tx);
    soci::rowset<soci::row> rows =
        (s.prepare << "SELECT version, name, applied_at FROM schema_migrations ORDER BY version");
    for (const soci::row& r : rows) {
      out.push_back({r.get<int>(0), r.get<std::string>(1), r.get<std::string>(2)});
    }
  });
  tx.Commit();
  return out;
}

std::vector<AppliedMigration> Database::Migrate() {
  std::vector<AppliedMigration> applied_now;
  // One dedicated connection holds the PostgreSQL advisory lock for the whole run.
  soci::session lock_session(impl_->pool);
  const bool pg = impl_->dialect == Dialect::kPostgresql;
  Guard("preparing migrations", [&] {
    if (pg) lock_session << "SELECT pg_advisory_lock(" << kMigrationLockKey << ")";
    lock_session << "CREATE TABLE IF NOT EXISTS schema_migrations ("
                    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)";
  });
  try {
    for (const Migration& m : MigrationsFor(impl_->dialect)) {
      soci::session& s = lock_session;
      Guard("applying migration " + m.name, [&] {
        s << (pg ? "BEGIN" : "BEGIN IMMEDIATE");
        try {
          int count = 0;
          s << "SELECT COUNT(*) FROM schema_migrations WHERE version = :v", soci::use(m.version),
              soci::into(count);
          if (count == 0) {
            for (const std::string& statement : m.statements) s << statement;
            const std::string now = FormatUtc(impl_->clock->Now());
            s << "INSERT INTO schema_migrations (version, name, applied_at) VALUES (:v, :n, :a)",
                soci::use(m.version), soci::use(m.name), soci::use(now);
            applied_now.push_back({m.version, m.name, now});
          }
          s << "COMMIT";
        } catch (...) {
          s << "ROLLBACK";
          throw;
        }
      });
    }
  } catch (...) {
    if (pg) {
      try {
        lock_session << "SELECT pg_advisory_unlock(" << kMigrationLockKey << ")";
      } catch (...) {
      }
    }
    throw;
  }
  if (pg) lock_session << "SELECT pg_advisory_unlock(" << kMigrationLockKey << ")";
  return applied_now;
}

void WriterTurn::Release() noexcept {
  if (!lock.owns_lock()) return;
  auto& held = writer_held_by_thread;
  if (auto it = std::find(held.begin(), held.end(), database); it != held.end()) held.erase(it);
  lock.unlock();
}

Transaction::Transaction(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Transaction::Transaction(Transaction&&) noexcept = default;

Transaction::~Transaction() {
  if (!impl_) return;
  impl_->cache->ResetUsed(impl_->dialect);
  if (impl_->open) {
    try {
      RunControl(*impl_, "ROLLBACK");
    } catch (...) {
      // The connection is broken; the pool hands it out again and the next use reports it.
    }
  }
  impl_->writer.Release();
  impl_->pool->give_back(impl_->position);
  std::lock_guard lock(*impl_->mutex);
  --*impl_->in_use;
}

void Transaction::Commit() {
  impl_->open = false;
  impl_->cache->ResetUsed(impl_->dialect);
  Guard("committing", [&] { RunControl(*impl_, "COMMIT"); });
  impl_->writer.Release();
}

Dialect Transaction::dialect() const { return impl_->dialect; }
SysSeconds Transaction::now() const { return impl_->now; }
const std::string& Transaction::now_text() const { return impl_->now_text; }

}  // namespace tandem::store
