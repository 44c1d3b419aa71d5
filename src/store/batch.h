// Internal to store/: multi-row INSERTs for bulk writes, and id reservation so
// that bulk-inserted rows can reference each other without a round trip per
// row. On PostgreSQL values are sent as multi-row VALUES of quoted text
// literals; on SQLite one prepared statement is stepped per row. Both
// databases convert the text to the column's type.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/session.h"

namespace tandem::store {

class BatchInsert {
 public:
  // Inserts into `table` (`columns` in order); flushes every `rows_per_statement` rows.
  BatchInsert(soci::session& session, std::string table, std::vector<std::string> columns,
              int rows_per_statement = 500);
  BatchInsert(const BatchInsert&) = delete;
  BatchInsert& operator=(const BatchInsert&) = delete;
  // Flushes what is left. Errors are only reported by Flush: call it before this runs.
  ~BatchInsert() = default;

  // Adds one row: one value per column, nullopt for NULL.
  void Add(std::vector<std::optional<std::string>> row);
  // Writes the pending rows. Throws what the database throws.
  void Flush();

 private:
  soci::session& session_;
  std::string table_;
  std::vector<std::string> columns_;
  int rows_per_statement_;
  std::vector<std::optional<std::string>> pending_;  // row-major
};

// Reserves `count` new ids for `table`'s id column, in increasing order.
// On SQLite the caller must hold the write lock (a write Transaction).
std::vector<long long> ReserveIds(Transaction& tx, const std::string& table, int count);

}  // namespace tandem::store
