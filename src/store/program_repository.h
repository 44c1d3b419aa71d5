// Programs: create, read, update. All calls run inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/program.h"
#include "store/database.h"

namespace tandem::store {

class ProgramRepository {
 public:
  // `tx` must outlive the repository.
  explicit ProgramRepository(Transaction& tx) : tx_(tx) {}

  // Inserts `program` (its id and created_at are ignored) and returns the new
  // id. Throws tandem::Error(kConflict) when the name is taken.
  std::int64_t Insert(const Program& program);
  // Overwrites every field of the program with `program.id`. Throws kNotFound.
  void Update(const Program& program);
  std::optional<Program> Find(std::int64_t id, RowLock lock = RowLock::kNone);
  // The version of the program's list of pairs, or none when the program does
  // not exist. Database triggers change it whenever what ListByProgram shows
  // changes (a pair; a member's name, participant id or user), on any
  // instance, so a kept copy of the list is current exactly while the version
  // read in the same transaction equals the copy's.
  std::optional<std::int64_t> PairsVersion(std::int64_t id);
  // By name, ignoring case (ASCII on SQLite), so that "Fellows" and
  // "fellows" are not two programs.
  std::optional<Program> FindByName(const std::string& name);
  // Every program, newest first.
  std::vector<Program> List();

 private:
  Transaction& tx_;
};

// Program as JSON text, for the audit log ("before"/"after").
std::string ProgramJson(const Program& program);

}  // namespace tandem::store
