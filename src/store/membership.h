// Who holds which role where: a user's active enrollments, for authorization.
// Runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <vector>

#include "core/participant.h"
#include "store/database.h"

namespace tandem::store {

struct Membership {
  std::int64_t enrollment_id = 0;
  std::int64_t program_id = 0;
  Role role = Role::kMentee;
};

// The user's active enrollments in `program_id`, oldest first.
std::vector<Membership> ActiveMemberships(Transaction& tx, std::int64_t user_id,
                                          std::int64_t program_id);
// The user's active enrollments in every program, oldest first.
std::vector<Membership> ActiveMemberships(Transaction& tx, std::int64_t user_id);

}  // namespace tandem::store
