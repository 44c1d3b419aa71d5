// Internal to store/: the SOCI session behind a Transaction, the statements
// kept prepared per pooled connection, and the mapping
// of SOCI errors to tandem::Error. Never include this outside src/store/.
#pragma once

#include <soci/soci.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "store/database.h"

namespace tandem::store {

// A query kept prepared on one pooled connection (see Prepared below).
struct CachedQuery {
  virtual ~CachedQuery() = default;
  virtual soci::statement& statement() = 0;
  bool used = false;  // executed in the connection's current transaction
};

// The queries prepared on one pooled connection, by query type. Used only by
// the thread holding the connection.
struct StatementCache {
  std::vector<std::unique_ptr<CachedQuery>> queries;                      // indexed by QueryId<Q>()
  std::unordered_map<std::string, std::unique_ptr<CachedQuery>> by_text;  // see Reuse
  std::vector<CachedQuery*> used;  // in the current transaction
  // SQLite statements (sqlite3_stmt, finalized when dropped) stepped without
  // SOCI, by SQL text: BatchInsert's rows, BEGIN and COMMIT; reset after
  // every step.
  std::unordered_map<std::string, std::shared_ptr<void>> sqlite_rows;

  // Ends the current use of every statement executed since the last call, so
  // no statement holds a read snapshot past its transaction (SQLite keeps a
  // read transaction open while a statement is not reset).
  void ResetUsed(Dialect dialect) noexcept;
  // Drops every statement: before the connection is reopened, whose old
  // handle the statements refer to.
  void Clear() noexcept;
};

// A SQLite write transaction's turn in this process's writer queue (see
// Database::Begin): held from before BEGIN IMMEDIATE until the transaction
// ends, released on the thread that took it.
struct WriterTurn {
  std::unique_lock<std::timed_mutex> lock;
  std::uint64_t database = 0;  // Database::instance_id()
  WriterTurn() = default;
  WriterTurn(const WriterTurn&) = delete;
  WriterTurn& operator=(const WriterTurn&) = delete;
  ~WriterTurn() { Release(); }
  void Release() noexcept;
};

struct Transaction::Impl {
  soci::session* session = nullptr;  // pool.at(position), leased
  soci::connection_pool* pool = nullptr;
  std::size_t position = 0;
  StatementCache* cache = nullptr;  // of this connection
  Dialect dialect;
  bool open = false;
  std::size_t* in_use = nullptr;  // pool counter, guarded by the pool mutex
  std::mutex* mutex = nullptr;
  SysSeconds now;        // from the Database's clock at Begin
  std::string now_text;  // FormatUtc(now)
  WriterTurn writer;     // SQLite write transactions only
};

inline soci::session& SessionOf(Transaction& tx) { return *tx.impl().session; }

// The clause that locks the rows of table `alias` read by a SELECT as `lock`
// asks: " FOR UPDATE OF alias" for RowLock::kForUpdate on PostgreSQL, else ""
// (SQLite's write transactions already hold the database).
std::string ForUpdateOf(soci::session& s, const char* alias, RowLock lock);

namespace detail {
std::size_t NextQueryId();
template <typename Q>
std::size_t QueryId() {
  static const std::size_t id = NextQueryId();
  return id;
}
template <typename Q>
struct CachedQueryOf final : CachedQuery {
  explicit CachedQueryOf(soci::session& s) : query(s) {}
  soci::statement& statement() override { return query.st; }
  Q query;
};
}  // namespace detail

// The query Q, prepared once per pooled connection and reused by every later
// transaction on that connection, so hot reads skip parsing and planning
// their SQL. Q holds the variables its statement is bound to and a
// `soci::statement st`, built in Q's constructor from a soci::session& (Q is
// never moved, so the bindings stay valid). Set Q's inputs, then execute and
// fetch `st` as usual; the statement is reset when the transaction ends.
template <typename Q>
Q& Prepared(Transaction& tx) {
  Transaction::Impl& impl = tx.impl();
  StatementCache& cache = *impl.cache;
  const std::size_t id = detail::QueryId<Q>();
  if (id >= cache.queries.size()) cache.queries.resize(id + 1);
  std::unique_ptr<CachedQuery>& slot = cache.queries[id];
  if (!slot) slot = std::make_unique<detail::CachedQueryOf<Q>>(*impl.session);
  if (!slot->used) {
    slot->used = true;
    cache.used.push_back(slot.get());
  }
  return static_cast<detail::CachedQueryOf<Q>&>(*slot).query;
}

namespace detail {
// The statement for `sql` on this transaction's connection, prepared the
// first time and kept, with no variables bound.
soci::statement& StatementFor(Transaction& tx, const std::string& sql);
}  // namespace detail

// Like `session.prepare << sql, bindings...`, but the statement is prepared
// once per pooled connection and kept by its SQL text: later uses only bind
// the new variables, skipping parsing and planning. `bindings` are soci::into
// and soci::use of the caller's variables, which must outlive the last
// execute or fetch; the statement is valid until the next Reuse of the same
// text (so never reuse a text while iterating its rows) and is reset when the
// transaction ends. `sql` comes from a fixed set of texts: never build it from
// values (bind them), or the cache grows without bound.
template <typename... Bindings>
soci::statement& Reuse(Transaction& tx, const std::string& sql, Bindings&&... bindings) {
  soci::statement& st = detail::StatementFor(tx, sql);
  (st.exchange(std::forward<Bindings>(bindings)), ...);
  st.define_and_bind();
  return st;
}

// Turns a database error into a tandem::Error: unique/foreign-key violations
// become kConflict, lost connections kUnavailable, anything else kInternal.
// `what` says what was being done ("saving the program").
Error TranslateDbError(const std::exception& e, const std::string& what);

// Runs `fn`, translating database exceptions (tandem::Error passes through).
template <typename F>
auto Guard(const std::string& what, F&& fn) -> decltype(fn()) {
  try {
    return fn();
  } catch (const Error&) {
    throw;
  } catch (const std::exception& e) {
    throw TranslateDbError(e, what);
  }
}

}  // namespace tandem::store
