// Background work as an administrator sees it, and the test clock.
#pragma once

#include <chrono>
#include <vector>

#include "core/clock.h"
#include "service/actor.h"
#include "store/database.h"
#include "store/job_repository.h"

namespace tandem::service {

// The deployment's jobs matching `filter`, newest first (GET /api/v1/jobs,
// tandem jobs list): kind, status, due time, attempts, last error. Admins
// only (kPermissionDenied otherwise).
std::vector<store::Job> ListJobs(store::Database& db, const Actor& actor,
                                 const store::JobFilter& filter);

// Moves a test clock (tandem serve --test-clock) forward by `by`, 1 second to
// 400 days, and returns the new now. Admins only; kInvalidArgument naming
// "advance_seconds" outside that range.
SysSeconds AdvanceTestClock(const Actor& actor, MovableClock& clock, std::chrono::seconds by);

}  // namespace tandem::service
