// Internal to store/: multi-row INSERTs for bulk writes, and id reservation so
// that bulk-inserted rows can reference each other without a round trip per
// row. On PostgreSQL values are sent as multi-row VALUES of quoted text
// literals; on SQLite one prepared statement is stepped per row. Both
// databases convert the text to the column's type.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "store/internal.h"

namespace tandem::store {

class BatchInsert {
 public:
  // Inserts into `table` (`columns` in order); flushes every `rows_per_statement` rows.
  BatchInsert(soci::session& session, std::string table, std::vector<std::string> columns,
              int rows_per_statement = 500);
  // The same in `tx`; on SQLite the row statement stays prepared on the
  // transaction's pooled connection (its statement cache), so a use case that
  // writes a few rows each time does not parse the INSERT again.
  BatchInsert(Transaction& tx, std::string table, std::vector<std::string> columns,
              int rows_per_statement = 500);
  BatchInsert(const BatchInsert&) = delete;
  BatchInsert& operator=(const BatchInsert&) = delete;
  // Does not write: a destructor cannot report the database's errors. Call
  // Flush() before the batch goes; debug builds assert that nothing is
  // pending unless an exception is unwinding (the transaction then rolls back).
  ~BatchInsert();

  // Adds one row: one value per column, nullopt for NULL.
  void Add(std::vector<std::optional<std::string>> row);
  // Writes the pending rows. Throws what the database throws.
  void Flush();

 private:
  soci::session& session_;
  Transaction* tx_ = nullptr;  // when given: its statement cache keeps the SQLite statement
  std::string table_;
  std::vector<std::string> columns_;
  int rows_per_statement_;
  std::vector<std::optional<std::string>> pending_;  // row-major
};

// Reserves `count` new ids for `table`'s id column, in increasing order.
// On SQLite the caller must hold the write lock (a write Transaction).
std::vector<long long> ReserveIds(Transaction& tx, const std::string& table, int count);

}  // namespace tandem::store
