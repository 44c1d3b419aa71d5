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
  int people = 0;  // profiles naming it (ListInstitutions only)
};

// Every institution by name. Admins and coordinators (of any program):
// kPermissionDenied for others — the list tells where people work or are
// treated.
std::vector<Institution> ListInstitutions(store::Database& db, const Actor& actor);

// Adds an institution. Admins only. Throws kInvalidArgument (field "name"),
// kConflict when the name exists.
Institution CreateInstitution(store::Database& db, const Actor& actor, const std::string& name);

// Renames an institution. Admins only. Audited as "institution.rename";
// unchanged, nothing is written. Throws kInvalidArgument (field "name"),
// kNotFound, kConflict when another institution has the name (merge them
// instead), kPermissionDenied.
Institution RenameInstitution(store::Database& db, const Actor& actor, std::int64_t id,
                              const std::string& name);

struct InstitutionMerge {
  Institution into;  // the institution that remains
  int moved = 0;     // profiles that named the removed one
};

// Merges institution `from` into `into` (two names for the same place):
// everyone whose profile names `from` now names `into`, and `from` is
// deleted, in one transaction audited as "institution.merge". Admins only.
// Throws kNotFound (`from`; field "into" for `into`), kInvalidArgument
// (field "into") when both are the same, kPermissionDenied.
InstitutionMerge MergeInstitutions(store::Database& db, const Actor& actor, std::int64_t from,
                                   std::int64_t into);

}  // namespace tandem::service
