// Use cases on matching runs: start one (queued as a background job), work it
// (called by the job worker), read it, publish its proposals as pairs.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/matching_run.h"
#include "core/pair.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// Validates the settings (objective name, weights non-negative, locks and
// forbids naming active participants of the right sides, top_k 1..1000) and
// queues a run with a job to work it, in one transaction. Coordinator or
// admin; the program must be enrolling, matching or active. Returns the run
// (status queued). Throws kInvalidArgument naming the field ("objective",
// "weights.interests", "locks[0].mentor", ...), kFailedPrecondition,
// kPermissionDenied, kNotFound.
MatchingRun StartMatchingRun(store::Database& db, const Actor& actor, std::int64_t program_id,
                             const MatchingRunSettings& settings);

// Works a queued run: marks it running, loads the participants (active,
// without an active or proposed pair for re-matching purposes: see
// docs/matching.md), solves, and stores the result (done) or the error a
// coordinator can act on (failed: infeasible locks, no participants). Reports
// progress in 0..1 through `progress` (also stored on the run), and logs one
// info line ("matching run done" or "failed") with the wall-clock seconds of
// its phases (read_s, score_s, solve_s, result_s, store_s, job_s). Called by the
// job worker; idempotent for a run that is already done. Throws only for
// database failures (the job is then retried).
void ExecuteMatchingRun(store::Database& db, std::int64_t run_id,
                        const std::function<void(double)>& progress = {});

// Marks a queued or running run failed with `message` (audited as the
// system). For the job worker when a run's job is out of attempts, so that
// the run does not stay running. No effect on a run in any other state.
void FailMatchingRun(store::Database& db, std::int64_t run_id, const std::string& message);

// One run with its result when done. Coordinator or admin of its program.
MatchingRun GetMatchingRun(store::Database& db, const Actor& actor, std::int64_t run_id);

// A run with one page of its result (the result page of the web app).
struct MatchingRunPage {
  MatchingRun run;         // its result, when done, holds only the page
  RunResultTotals totals;  // the whole result's counts and facets (zero without a result)
};

// One run with the page of its proposals and unmatched that `query` chooses
// (RunResultQuery: filtered by text, then offset and limit on each list),
// read without keeping the rest. Coordinator or admin of its program;
// kNotFound, kPermissionDenied as GetMatchingRun.
MatchingRunPage GetMatchingRunPage(store::Database& db, const Actor& actor, std::int64_t run_id,
                                   const RunResultQuery& query);

// The program's runs, newest first, without their proposals (result summary
// only: matched, scores, blocking pairs).
std::vector<MatchingRun> ListMatchingRuns(store::Database& db, const Actor& actor,
                                          std::int64_t program_id);

// Turns a done run's proposals into active pairs (started today), once.
// Coordinator or admin. Throws kFailedPrecondition when the run is not done
// (queued, running, failed) or already published, or when a participant has
// been paired or withdrawn since the run. Returns the new pairs.
std::vector<Pair> PublishMatchingRun(store::Database& db, const Actor& actor, std::int64_t run_id);

}  // namespace tandem::service
