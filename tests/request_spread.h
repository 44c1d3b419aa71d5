// For the tests of load balancing: how requests spread over mentors when
// every mentee of a mentee-led program asks the top of their shortlist.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "service/actor.h"
#include "service/mentor_choice.h"
#include "store/database.h"
#include "store/enrollment_repository.h"

namespace tandem::testing {

// Each active mentee of `program_id`, in enrollment order, asks the first
// `per_mentee` mentors of their shortlist (with or without balancing), so
// that every request already sent counts for the next mentee's list. Then
// every pending request is withdrawn again. Returns the share of all
// requests that the tenth of mentors who received the most got.
inline double TopTenthShare(store::Database& db, std::int64_t program_id, bool balance,
                            int per_mentee = 3) {
  std::vector<Enrollment> mentees, mentors;
  {
    store::Transaction tx = db.Begin(false);
    for (const Enrollment& e : store::EnrollmentRepository(tx).List(program_id)) {
      if (e.status != EnrollmentStatus::kActive) continue;
      if (e.role == Role::kMentee) mentees.push_back(e);
      if (e.role == Role::kMentor) mentors.push_back(e);
    }
    tx.Commit();
  }
  std::map<std::string, int> received;
  int total = 0;
  for (const Enrollment& e : mentees) {
    const service::Shortlist s = service::GetShortlist(
        db, service::Actor::CommandLine(), program_id,
        {.mentee = e.participant_id, .limit = per_mentee, .balance = balance});
    for (const service::ShortlistEntry& m : s.mentors) {
      service::SendRequest(db, service::Actor::User(e.user_id, false), program_id, m.mentor, "");
      ++received[m.mentor];
      ++total;
    }
  }
  std::map<std::int64_t, std::int64_t> user_of;
  for (const Enrollment& e : mentees) user_of[e.id] = e.user_id;
  for (const MentorRequest& r : service::ListRequests(db, service::Actor::CommandLine(), program_id,
                                                      RequestStatus::kPending)) {
    service::WithdrawRequest(db, service::Actor::User(user_of.at(r.mentee_enrollment_id), false),
                             r.id);
  }
  std::vector<int> counts;
  for (const auto& [mentor, n] : received) counts.push_back(n);
  counts.resize(std::max(counts.size(), mentors.size()), 0);
  std::sort(counts.rbegin(), counts.rend());
  const size_t tenth = std::max<size_t>(1, (mentors.size() + 5) / 10);
  int top = 0;
  for (size_t k = 0; k < tenth && k < counts.size(); ++k) top += counts[k];
  return total == 0 ? 0 : static_cast<double>(top) / total;
}

}  // namespace tandem::testing
