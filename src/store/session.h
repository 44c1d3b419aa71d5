// Internal to store/: the SOCI session behind a Transaction and the mapping
// of SOCI errors to tandem::Error. Never include this outside src/store/.
#pragma once

#include <soci/soci.h>

#include <memory>
#include <mutex>

#include <string>

#include "core/error.h"
#include "store/database.h"

namespace tandem::store {

struct Transaction::Impl {
  std::unique_ptr<soci::session> session;  // leased from the pool
  Dialect dialect;
  bool open = false;
  std::size_t* in_use = nullptr;  // pool counter, guarded by the pool mutex
  std::mutex* mutex = nullptr;
};

inline soci::session& SessionOf(Transaction& tx) { return *tx.impl().session; }

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
