// Who may do what: the roles a person holds in a program and the checks every
// use case makes before touching data. The table of allowed calls per role is
// docs/api.md ("Who may call what"); the API test walks it route by route.
#pragma once

#include <cstdint>
#include <vector>

#include "core/participant.h"
#include "service/actor.h"
#include "store/database.h"
#include "store/user_repository.h"

namespace tandem::service {

// What `actor` holds in one program: admin rights and active enrollments.
struct ProgramAccess {
  bool admin = false;
  bool coordinator = false;  // coordinator of this program, or admin
  bool evaluator = false;
  // The actor's own active mentor/mentee enrollment ids in this program.
  std::vector<std::int64_t> mentor_enrollments;
  std::vector<std::int64_t> mentee_enrollments;
  bool member() const {
    return coordinator || evaluator || !mentor_enrollments.empty() || !mentee_enrollments.empty();
  }
  // True when `enrollment_id` is one of the actor's own enrollments.
  bool Owns(std::int64_t enrollment_id) const;
};

// Loads the actor's access to `program_id` inside `tx`. Enrollments that are
// invited, applied or withdrawn give no rights. Throws
// tandem::Error(kUnauthenticated) for an actor without a user id who is not
// the command line.
ProgramAccess AccessTo(store::Transaction& tx, const Actor& actor, std::int64_t program_id);

// Throws tandem::Error(kPermissionDenied) unless the actor coordinates the
// program (or is an admin). `what` completes "only a coordinator can ...".
void RequireCoordinator(const ProgramAccess& access, const char* what);
// The actor's access, or kPermissionDenied unless they coordinate or
// evaluate the program (or are an admin). `what` completes "only the
// program's coordinators and evaluators can ...".
ProgramAccess RequireStaff(store::Transaction& tx, const Actor& actor, std::int64_t program_id,
                           const char* what);
// Throws kPermissionDenied unless the actor is an admin.
void RequireAdmin(const Actor& actor, const char* what);
// Throws kUnauthenticated unless the actor is signed in (or the command line).
void RequireSignedIn(const Actor& actor);

// Whether a coordinator of a program may still edit an account (its name,
// e-mail, or the first password through an invitation link): only while
// nobody has claimed it and no other program uses it. Every other account
// belongs to its person, and only they change it.
bool CoordinatorMayEditAccount(const store::AccountStanding& standing);
// The same for one stored user, seen from `program_id`; false for an unknown user.
bool CoordinatorMayEditAccount(store::Transaction& tx, std::int64_t program_id,
                               std::int64_t user_id);

}  // namespace tandem::service
