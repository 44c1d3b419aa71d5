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
};

class InstitutionRepository {
 public:
  // `tx` must outlive the repository.
  explicit InstitutionRepository(Transaction& tx) : tx_(tx) {}

  // Inserts an institution and returns its id. Throws kConflict when the name exists.
  std::int64_t Insert(const std::string& name);
  std::optional<InstitutionRecord> Find(std::int64_t id);
  std::optional<InstitutionRecord> FindByName(const std::string& name);
  // Every institution, by name.
  std::vector<InstitutionRecord> List();

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
