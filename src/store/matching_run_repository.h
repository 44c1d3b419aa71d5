// Matching runs of a program: the coordinator's request (settings), progress
// while a worker solves it, and the result (proposals with breakdowns,
// unmatched with reasons), kept as JSON text. Runs inside the caller's
// transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/matching_run.h"
#include "store/database.h"

namespace tandem::store {

class MatchingRunRepository {
 public:
  // `tx` must outlive the repository.
  explicit MatchingRunRepository(Transaction& tx) : tx_(tx) {}

  // Inserts a queued run of `run.program_id` with `run.settings` and
  // `run.created_by` (other fields are ignored) and returns its id.
  std::int64_t Insert(const MatchingRun& run);
  // Records the job that works the run.
  void SetJob(std::int64_t run_id, std::int64_t job_id);

  // The run; its result has the proposals only when `with_proposals` (the
  // summary and the unmatched always). A queued or running run whose job has
  // failed for good (its workers kept dying) reads as failed, with the job's
  // error. nullopt when absent.
  std::optional<MatchingRun> Find(std::int64_t id, bool with_proposals = true);
  // The run with only the page of its result that `query` chooses (see
  // ReadMatchingRunResult), the whole result counted into `totals` (zero for
  // a run without a result). nullopt when absent.
  std::optional<MatchingRun> FindPage(std::int64_t id, const RunResultQuery& query,
                                      RunResultTotals& totals);
  // The program's runs, newest first, without proposals.
  std::vector<MatchingRun> ListByProgram(std::int64_t program_id);

  // queued or running -> running, progress 0 (running again: a retried job).
  // False when the run is in any other state.
  bool MarkRunning(std::int64_t id);
  // Stores progress (clamped to 0..1) of a running run.
  void SetProgress(std::int64_t id, double progress);
  // running -> done with `result`, progress 1. False when not running.
  bool MarkDone(std::int64_t id, const MatchingRunResult& result);
  // queued or running -> failed with `error`. False otherwise.
  bool MarkFailed(std::int64_t id, const std::string& error);
  // done -> published by `user` (none: the command line). False when the run
  // is not done, so of two concurrent publishers only one succeeds.
  bool MarkPublished(std::int64_t id, std::optional<std::int64_t> user);

 private:
  Transaction& tx_;
};

// JSON text of a run without its proposals and unmatched (settings, status,
// summary), for the audit log.
std::string MatchingRunJson(const MatchingRun& run);

// The stored text of a run's result: a JSON object with the summary first
// (with the number of proposals and their facets), then the unmatched, then
// the proposals, so that a read without proposals stops before them and a
// page without a search stops at its end.
std::string MatchingRunResultText(const MatchingRunResult& result);
// Reads MatchingRunResultText's form, and the older form with its keys in
// alphabetical order, without building a JSON tree. Without `with_proposals`
// the proposals are left out (and, in the current form, not read at all).
// Unknown keys and values of the wrong type are skipped; text that is not
// JSON gives what was read before the fault.
MatchingRunResult ReadMatchingRunResult(const std::string& text, bool with_proposals);
// Reads only the page of the proposals and of the unmatched that `query`
// chooses (RunResultQuery: filtered by its text, then offset and limit on
// each list), without keeping the entries outside it, and sets `totals` to
// the whole result's counts and facets.
MatchingRunResult ReadMatchingRunResult(const std::string& text, const RunResultQuery& query,
                                        RunResultTotals& totals);

}  // namespace tandem::store
