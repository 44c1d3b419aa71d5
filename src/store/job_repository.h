// Background jobs in a table, so that several server processes share the work
// and never run the same job twice: a worker claims a job with a lease
// (PostgreSQL: SELECT ... FOR UPDATE SKIP LOCKED; SQLite: inside BEGIN
// IMMEDIATE) and renews it while working; a job whose lease ran out (its
// worker died) is claimed again, up to max_attempts.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/database.h"

namespace tandem::store {

enum class JobStatus { kQueued, kRunning, kDone, kFailed };
std::string_view JobStatusName(JobStatus status);  // "queued", "running", "done", "failed"
// The status JobStatusName names; nullopt for any other text.
std::optional<JobStatus> ParseJobStatus(std::string_view text);

struct Job {
  std::int64_t id = 0;
  std::string kind;     // "matching_run", "purge_sign_ins", later "reminder", "email"
  std::string payload;  // JSON text, e.g. {"run_id": 7}
  JobStatus status = JobStatus::kQueued;
  int attempts = 0;  // claims so far, including the current one
  int max_attempts = 3;
  std::string claimed_by;   // worker name "host:pid:n"
  std::string lease_until;  // UTC
  std::string last_error;
  std::string available_at;  // UTC: not claimed before
  std::string slot;          // recurring jobs: the slot it runs for (UTC); else ""
  std::string created_at;
  std::string updated_at;
  std::string finished_at;  // "" until done or failed
};

// Which jobs List returns: newest first.
struct JobFilter {
  std::optional<JobStatus> status;
  std::string kind;  // "" for every kind
  int limit = 100;
};

// Counts by status, for /metrics.
struct JobCounts {
  std::int64_t queued = 0, running = 0, done = 0, failed = 0;
};

class JobRepository {
 public:
  explicit JobRepository(Transaction& tx) : tx_(tx) {}

  // Adds a queued job in the caller's transaction (so a job and the row it
  // works on commit together). Returns its id.
  // It is claimable from `not_before` (default: the transaction's now).
  std::int64_t Enqueue(const std::string& kind, const std::string& payload, int max_attempts = 3,
                       std::optional<SysSeconds> not_before = std::nullopt);
  std::optional<Job> Find(std::int64_t id);
  JobCounts Count();
  // Jobs matching `filter`, newest first (at most filter.limit, 1..1000).
  std::vector<Job> List(const JobFilter& filter);

 private:
  Transaction& tx_;
};

// Plans the run of recurring job `kind` for `slot`: a queued job available
// from `slot`, unless one for this kind and slot exists already (planned by
// this or another instance, before or after a restart, whatever its status).
// Returns whether it was planned now. Thread-safe and safe across processes.
bool PlanRecurringJob(Database& db, const std::string& kind, SysSeconds slot,
                      const std::string& payload = "{}", int max_attempts = 3);

// Claims the oldest runnable job (queued, or running with an expired lease
// and attempts left) for `worker`, with a lease of `lease_seconds`, in its own
// short transaction. Jobs whose lease expired with no attempts left are marked
// failed on the way. nullopt when there is nothing to do. Thread-safe and safe
// across processes.
std::optional<Job> ClaimJob(Database& db, const std::string& worker, int lease_seconds);
// Extends the lease of a job `worker` holds. False when it no longer holds it.
bool RenewJobLease(Database& db, std::int64_t job_id, const std::string& worker, int lease_seconds);
// Marks a held job done, or failed with `error`: when `retry` and attempts
// are left it is queued again, claimable after `retry_after_seconds`;
// otherwise it is failed for good. No effect when `worker` no longer holds
// the job (its lease ran out and another worker claimed it).
void FinishJob(Database& db, std::int64_t job_id, const std::string& worker);
void FailJob(Database& db, std::int64_t job_id, const std::string& worker, const std::string& error,
             bool retry, int retry_after_seconds = 0);

}  // namespace tandem::store
