#include "service/pair_scope.h"

#include "core/error.h"
#include "service/authorization.h"
#include "service/notifications.h"
#include "service/programs.h"
#include "store/enrollment_repository.h"
#include "store/outbox.h"
#include "store/pair_repository.h"
#include "store/participant_repository.h"
#include "store/user_repository.h"

namespace tandem::service {

PairScope ScopeOf(store::Transaction& tx, const Actor& actor, std::int64_t pair_id,
                  store::RowLock lock, const char* what) {
  auto pair = store::PairRepository(tx).Find(pair_id, lock);
  if (!pair) throw NotFound("pair " + std::to_string(pair_id) + " does not exist");
  PairScope scope{*pair, RequireProgram(tx, pair->program_id)};
  const ProgramAccess access = AccessTo(tx, actor, pair->program_id);
  scope.coordinator = access.coordinator;
  if (access.Owns(pair->mentor_enrollment_id)) scope.side = Side::kMentor;
  if (access.Owns(pair->mentee_enrollment_id)) scope.side = Side::kMentee;
  if (!scope.coordinator && scope.side == Side::kNone) {
    throw Error(ErrorCode::kPermissionDenied,
                std::string("only the pair's members and the program's coordinators can ") + what);
  }
  return scope;
}

std::int64_t EnrollmentOf(const Pair& pair, Side side) {
  return side == Side::kMentor ? pair.mentor_enrollment_id : pair.mentee_enrollment_id;
}

Member LoadMember(store::Transaction& tx, std::int64_t enrollment_id) {
  Member m;
  if (auto e = store::EnrollmentRepository(tx).Find(enrollment_id)) {
    m.user_id = e->user_id;
    m.name = e->name;
    m.email = e->email;
    const auto user = store::UserRepository(tx).Find(e->user_id);
    m.reachable = e->status == EnrollmentStatus::kActive && user && !user->disabled;
  }
  if (auto p = store::ParticipantRepository(tx).LoadProfile(enrollment_id)) {
    m.time_zone = p->time_zone;
    m.availability = p->availability;
  }
  return m;
}

void Queue(store::Transaction& tx, const Member& to, const char* kind,
           const notify::Message& text) {
  Notify(tx, {to.user_id ? std::optional<std::int64_t>(to.user_id) : std::nullopt, to.email}, kind,
         text);
}

}  // namespace tandem::service
