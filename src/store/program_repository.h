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
  // True when a program with `id` exists (one indexed lookup, no row read).
  bool Exists(std::int64_t id);
  // The program's name and kind alone (for lists of memberships), if it exists.
  struct Label {
    std::string name;
    ProgramKind kind = ProgramKind::kCohort;
  };
  std::optional<Label> FindLabel(std::int64_t id);
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
