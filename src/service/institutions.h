// Use cases on institutions (the places people work, for the
// cross-institution rule).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

struct Institution {
  std::int64_t id = 0;
  std::string name;
  std::string created_at;
};

// Every institution by name. Admins and coordinators (of any program):
// kPermissionDenied for others — the list tells where people work or are
// treated.
std::vector<Institution> ListInstitutions(store::Database& db, const Actor& actor);

// Adds an institution. Admins only. Throws kInvalidArgument (field "name"),
// kConflict when the name exists.
Institution CreateInstitution(store::Database& db, const Actor& actor, const std::string& name);

}  // namespace tandem::service
