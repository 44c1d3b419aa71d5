// Pairs of a program. Runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/pair.h"
#include "store/database.h"

namespace tandem::store {

class PairRepository {
 public:
  explicit PairRepository(Transaction& tx) : tx_(tx) {}

  // Inserts a pair between two enrolled participants of `pair.program_id`
  // (named by their participant ids) and returns its id. Throws
  // tandem::Error(kNotFound) when either is not enrolled.
  std::int64_t Insert(const Pair& pair);
  // Saves status, dates and end reason of an existing pair. Throws kNotFound.
  void UpdateStatus(const Pair& pair);
  std::optional<Pair> Find(std::int64_t id);
  // Pairs of a program, oldest first.
  std::vector<Pair> ListByProgram(std::int64_t program_id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
