// Institutions (the places people work). Runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace tandem::store {

struct InstitutionRecord {
  std::int64_t id = 0;
  std::string name;
  std::string created_at;
  int people = 0;  // profiles naming it (filled by List only)
};

class InstitutionRepository {
 public:
  // `tx` must outlive the repository.
  explicit InstitutionRepository(Transaction& tx) : tx_(tx) {}

  // Inserts an institution and returns its id. Throws kConflict when the name exists.
  std::int64_t Insert(const std::string& name);
  std::optional<InstitutionRecord> Find(std::int64_t id);
  std::optional<InstitutionRecord> FindByName(const std::string& name);
  // Every institution, by name, with how many profiles name it.
  std::vector<InstitutionRecord> List();
  // Renames institution `id`. Throws kNotFound, kConflict when the name exists.
  void Rename(std::int64_t id, const std::string& name);
  // Points every profile naming `from` at `into`; returns how many moved.
  int MoveProfiles(std::int64_t from, std::int64_t into);
  // Deletes institution `id` (no profile may name it). Throws kNotFound.
  void Delete(std::int64_t id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
