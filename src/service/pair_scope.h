// Internal to service/: a pair as an actor reaches it (the pair, its
// program, and which side the actor is on), and a pair member's contact
// details. Shared by the meetings and the journey use cases.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/pair.h"
#include "core/participant.h"
#include "core/program.h"
#include "notify/messages.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

enum class Side { kNone, kMentor, kMentee };

struct PairScope {
  Pair pair;
  Program program;
  Side side = Side::kNone;   // the actor's side of the pair
  bool coordinator = false;  // the actor coordinates the program (or is an admin)
};

// Loads pair `pair_id` for `actor`. Throws kNotFound, and kPermissionDenied
// unless the actor is one of its members or coordinates its program; `what`
// completes "only the pair's members and the program's coordinators can ...".
PairScope ScopeOf(store::Transaction& tx, const Actor& actor, std::int64_t pair_id,
                  store::RowLock lock = store::RowLock::kNone,
                  const char* what = "see its meetings");

// The enrollment of `side` in `pair` (side is not kNone).
std::int64_t EnrollmentOf(const Pair& pair, Side side);

struct Member {
  std::int64_t user_id = 0;
  bool reachable = false;  // active in the program, account not disabled
  std::string name;
  std::string email;
  std::string time_zone;
  std::vector<WeeklyWindow> availability;
};

// The member behind `enrollment_id` (empty when there is none).
Member LoadMember(store::Transaction& tx, std::int64_t enrollment_id);

// Tells member `to` `text` of `kind` (service/notifications.h: the bell,
// and e-mail as they chose).
void Queue(store::Transaction& tx, const Member& to, const char* kind, const notify::Message& text);

}  // namespace tandem::service
