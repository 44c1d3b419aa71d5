// The database: a pool of connections to SQLite (embedded default) or
// PostgreSQL, schema migrations, and transactions. The only module with SQL.
// SOCI stays inside store/*.cc; callers see only these types.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <typeindex>
#include <vector>

#include "core/clock.h"

namespace tandem::store {

enum class Dialect { kSqlite, kPostgresql };

// How a read that precedes a write treats the row it reads. kForUpdate keeps
// the row locked until the transaction ends (PostgreSQL: SELECT ... FOR
// UPDATE), so a concurrent read-modify-write, from this or another instance,
// waits for the first to commit instead of overwriting it. SQLite write
// transactions are serialized already (BEGIN IMMEDIATE), so there it is a
// no-op.
enum class RowLock { kNone, kForUpdate };

class Transaction;

struct AppliedMigration {
  int version = 0;
  std::string name;        // file name, e.g. "0001_init.sql"
  std::string applied_at;  // UTC
};

class Database {
 public:
  // Opens `url`: "sqlite:PATH" (file created if missing; WAL, foreign keys on)
  // or "postgresql://USER@HOST:PORT/DB" (any libpq URI). `pool_size`
  // connections are opened now. Throws tandem::Error(kInvalidArgument) for a
  // malformed URL and (kUnavailable) when the database cannot be reached.
  // `clock` is what every transaction takes its "now" from (null: the
  // system clock); it must be thread-safe.
  static std::unique_ptr<Database> Open(const std::string& url, std::size_t pool_size = 4,
                                        std::shared_ptr<const Clock> clock = nullptr);

  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Dialect dialect() const;
  std::size_t pool_size() const;
  // The clock given to Open. Thread-safe.
  const Clock& clock() const;
  // Unique among the Databases this process opens (never reused): a key for
  // what is kept per database.
  std::uint64_t instance_id() const;
  // Connections currently leased by open transactions (for /metrics).
  std::size_t connections_in_use() const;

  // Applies every embedded migration not yet recorded, each in its own
  // transaction, and returns those applied now (empty when up to date). Safe
  // when several processes call it at once. Throws tandem::Error on failure,
  // leaving the failed migration unapplied.
  std::vector<AppliedMigration> Migrate();
  // Migrations recorded as applied, oldest first.
  std::vector<AppliedMigration> AppliedMigrations();

  // Starts a transaction on a pooled connection, waiting for one to be free.
  // `write` transactions on SQLite take the write lock at once (BEGIN
  // IMMEDIATE), so two writers never deadlock, and this process's writers
  // queue for their turn (at most 10 s, then tandem::Error(kUnavailable))
  // rather than sleep in SQLite's busy handler. Thread-safe; end the
  // transaction on the thread that began it.
  Transaction Begin(bool write = true);

  // True when a trivial query succeeds within the pool's wait.
  bool Ping();

  // The one T of this Database, made by T's default constructor on first
  // use and destroyed with the Database: where the layers above keep what
  // they cache per database (service's session cache), so that nothing
  // cached outlives its database or mixes two. Thread-safe.
  template <typename T>
  T& Attached() {
    return *static_cast<T*>(
        AttachedSlot(typeid(T), [] { return std::shared_ptr<void>(std::make_shared<T>()); }));
  }

 private:
  void* AttachedSlot(std::type_index type, std::shared_ptr<void> (*make)());
  struct Impl;
  explicit Database(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  friend class Transaction;
};

// One transaction on one pooled connection. Not thread-safe: use it from one
// thread. Rolled back on destruction unless committed.
class Transaction {
 public:
  Transaction(Transaction&&) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();

  // Commits. Throws tandem::Error (kConflict on a constraint violation,
  // kUnavailable when the database is gone); the transaction is then over.
  void Commit();
  Dialect dialect() const;
  // The moment the transaction began, from the Database's clock: everything
  // one transaction writes carries this one "now".
  SysSeconds now() const;
  // now() as stored: FormatUtc(now()).
  const std::string& now_text() const;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  friend class Database;
  explicit Transaction(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::store
