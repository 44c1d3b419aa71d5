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

#include "store/database.h"

namespace tandem::store {

enum class JobStatus { kQueued, kRunning, kDone, kFailed };
std::string_view JobStatusName(JobStatus status);  // "queued", "running", "done", "failed"

struct Job {
  std::int64_t id = 0;
  std::string kind;     // "matching_run", later "reminder", "email"
  std::string payload;  // JSON text, e.g. {"run_id": 7}
  JobStatus status = JobStatus::kQueued;
  int attempts = 0;  // claims so far, including the current one
  int max_attempts = 3;
  std::string claimed_by;   // worker name "host:pid:n"
  std::string lease_until;  // UTC
  std::string last_error;
  std::string created_at;
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
  std::int64_t Enqueue(const std::string& kind, const std::string& payload, int max_attempts = 3);
  std::optional<Job> Find(std::int64_t id);
  JobCounts Count();

 private:
  Transaction& tx_;
};

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
