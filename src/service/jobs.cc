#include "service/jobs.h"

#include "core/error.h"
#include "service/authorization.h"

namespace tandem::service {

std::vector<store::Job> ListJobs(store::Database& db, const Actor& actor,
                                 const store::JobFilter& filter) {
  RequireAdmin(actor, "see background jobs");
  store::Transaction tx = db.Begin(false);
  std::vector<store::Job> jobs = store::JobRepository(tx).List(filter);
  tx.Commit();
  return jobs;
}

SysSeconds AdvanceTestClock(const Actor& actor, MovableClock& clock, std::chrono::seconds by) {
  RequireAdmin(actor, "move the test clock");
  constexpr std::chrono::seconds kMax = std::chrono::hours(24 * 400);
  if (by < std::chrono::seconds(1) || by > kMax) {
    throw InvalidArgument("advance the clock by 1 second to 400 days", "advance_seconds");
  }
  clock.Advance(by);
  return clock.Now();
}

}  // namespace tandem::service
