#include "service/authorization.h"

#include <algorithm>
#include <string>

#include "core/error.h"
#include "store/membership.h"

namespace tandem::service {

bool ProgramAccess::Owns(std::int64_t enrollment_id) const {
  const auto has = [&](const std::vector<std::int64_t>& ids) {
    return std::find(ids.begin(), ids.end(), enrollment_id) != ids.end();
  };
  return has(mentor_enrollments) || has(mentee_enrollments);
}

ProgramAccess AccessTo(store::Transaction& tx, const Actor& actor, std::int64_t program_id) {
  RequireSignedIn(actor);
  ProgramAccess access;
  access.admin = actor.is_admin;
  access.coordinator = actor.is_admin;
  if (!actor.user_id) return access;
  for (const store::Membership& m : store::ActiveMemberships(tx, *actor.user_id, program_id)) {
    switch (m.role) {
      case Role::kCoordinator:
        access.coordinator = true;
        break;
      case Role::kEvaluator:
        access.evaluator = true;
        break;
      case Role::kMentor:
        access.mentor_enrollments.push_back(m.enrollment_id);
        break;
      case Role::kMentee:
        access.mentee_enrollments.push_back(m.enrollment_id);
        break;
    }
  }
  return access;
}

void RequireCoordinator(const ProgramAccess& access, const char* what) {
  if (!access.coordinator) {
    throw Error(ErrorCode::kPermissionDenied,
                std::string("only a coordinator of this program can ") + what);
  }
}

void RequireAdmin(const Actor& actor, const char* what) {
  RequireSignedIn(actor);
  if (!actor.is_admin) {
    throw Error(ErrorCode::kPermissionDenied, std::string("only an administrator can ") + what);
  }
}

void RequireSignedIn(const Actor& actor) {
  if (!actor.signed_in()) {
    throw Error(ErrorCode::kUnauthenticated, "sign in first");
  }
}

bool CoordinatorMayEditAccount(const store::AccountStanding& standing) {
  return !standing.claimed && !standing.enrolled_elsewhere;
}

bool CoordinatorMayEditAccount(store::Transaction& tx, std::int64_t program_id,
                               std::int64_t user_id) {
  const auto standing = store::UserRepository(tx).Standing(program_id, {user_id});
  auto it = standing.find(user_id);
  return it != standing.end() && CoordinatorMayEditAccount(it->second);
}

ProgramAccess RequireStaff(store::Transaction& tx, const Actor& actor, std::int64_t program_id,
                           const char* what) {
  ProgramAccess access = AccessTo(tx, actor, program_id);
  if (!access.coordinator && !access.evaluator) {
    throw Error(ErrorCode::kPermissionDenied,
                std::string("only the program's coordinators and evaluators can ") + what);
  }
  return access;
}

}  // namespace tandem::service
