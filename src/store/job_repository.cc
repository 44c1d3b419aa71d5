#include "store/job_repository.h"

#include <algorithm>
#include <chrono>

#include "core/clock.h"
#include "store/session.h"

namespace tandem::store {

std::string_view JobStatusName(JobStatus status) {
  switch (status) {
    case JobStatus::kQueued:
      return "queued";
    case JobStatus::kRunning:
      return "running";
    case JobStatus::kDone:
      return "done";
    case JobStatus::kFailed:
      return "failed";
  }
  return "queued";
}

namespace {

JobStatus ParseJobStatus(const std::string& text) {
  for (auto s : {JobStatus::kQueued, JobStatus::kRunning, JobStatus::kDone, JobStatus::kFailed}) {
    if (text == JobStatusName(s)) return s;
  }
  return JobStatus::kFailed;
}

std::string InSeconds(int seconds) {
  return FormatUtc(NowUtc() + std::chrono::seconds(std::max(0, seconds)));
}

std::optional<Job> Select(soci::session& s, std::int64_t id) {
  long long key = id;
  Job job;
  std::string status, claimed_by, lease_until, last_error;
  soci::indicator claimed_ind{}, lease_ind{}, error_ind{};
  long long row_id = 0;
  soci::statement st =
      (s.prepare << "SELECT id, kind, payload, status, attempts, max_attempts, claimed_by, "
                    "lease_until, last_error, created_at FROM jobs WHERE id = :id",
       soci::use(key), soci::into(row_id), soci::into(job.kind), soci::into(job.payload),
       soci::into(status), soci::into(job.attempts), soci::into(job.max_attempts),
       soci::into(claimed_by, claimed_ind), soci::into(lease_until, lease_ind),
       soci::into(last_error, error_ind), soci::into(job.created_at));
  if (!st.execute(true)) return std::nullopt;
  job.id = row_id;
  job.status = ParseJobStatus(status);
  if (claimed_ind == soci::i_ok) job.claimed_by = claimed_by;
  if (lease_ind == soci::i_ok) job.lease_until = lease_until;
  if (error_ind == soci::i_ok) job.last_error = last_error;
  return job;
}

}  // namespace

std::int64_t JobRepository::Enqueue(const std::string& kind, const std::string& payload,
                                    int max_attempts) {
  return Guard("queueing a job", [&] {
    soci::session& s = SessionOf(tx_);
    const std::string now = UtcTimestamp();
    int attempts = std::max(1, max_attempts);
    long long id = 0;
    s << "INSERT INTO jobs (kind, payload, status, attempts, max_attempts, available_at, "
         "created_at, updated_at) VALUES (:k, :p, 'queued', 0, :m, :a, :c, :u) RETURNING id",
        soci::use(kind), soci::use(payload), soci::use(attempts), soci::use(now), soci::use(now),
        soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::optional<Job> JobRepository::Find(std::int64_t id) {
  return Guard("reading a job", [&] { return Select(SessionOf(tx_), id); });
}

JobCounts JobRepository::Count() {
  return Guard("counting jobs", [&] {
    soci::session& s = SessionOf(tx_);
    JobCounts counts;
    std::string status;
    long long n = 0;
    soci::statement st = (s.prepare << "SELECT status, COUNT(*) FROM jobs GROUP BY status",
                          soci::into(status), soci::into(n));
    st.execute();
    while (st.fetch()) {
      switch (ParseJobStatus(status)) {
        case JobStatus::kQueued:
          counts.queued = n;
          break;
        case JobStatus::kRunning:
          counts.running = n;
          break;
        case JobStatus::kDone:
          counts.done = n;
          break;
        case JobStatus::kFailed:
          counts.failed = n;
          break;
      }
    }
    return counts;
  });
}

std::optional<Job> ClaimJob(Database& db, const std::string& worker, int lease_seconds) {
  return Guard("claiming a job", [&]() -> std::optional<Job> {
    // A cheap read first, so that idle workers do not take the write lock.
    {
      Transaction probe = db.Begin(false);
      const std::string now = UtcTimestamp();
      int runnable = 0;
      SessionOf(probe) << "SELECT COUNT(*) FROM (SELECT id FROM jobs WHERE (status = 'queued' "
                          "AND available_at <= :n) OR (status = 'running' AND lease_until < :n2) "
                          "LIMIT 1) t",
          soci::use(now), soci::use(now), soci::into(runnable);
      probe.Commit();
      if (runnable == 0) return std::nullopt;
    }
    // A write transaction: on SQLite BEGIN IMMEDIATE, so claimers queue for
    // the write lock and each sees the others' claims; on PostgreSQL the
    // candidate row is locked and rows other claimers hold are skipped.
    Transaction tx = db.Begin(true);
    soci::session& s = SessionOf(tx);
    const std::string now = UtcTimestamp();
    const std::string lease = InSeconds(lease_seconds);
    // Jobs whose worker stopped renewing with no attempts left: failed for good.
    s << "UPDATE jobs SET status = 'failed', finished_at = :n, updated_at = :n2, "
         "last_error = 'the lease ran out (its worker stopped) and no attempts are left' "
         "WHERE status = 'running' AND lease_until < :n3 AND attempts >= max_attempts",
        soci::use(now), soci::use(now), soci::use(now);
    std::string sql =
        "SELECT id FROM jobs WHERE (status = 'queued' AND available_at <= :n) OR "
        "(status = 'running' AND lease_until < :n2 AND attempts < max_attempts) "
        "ORDER BY id LIMIT 1";
    if (tx.dialect() == Dialect::kPostgresql) sql += " FOR UPDATE SKIP LOCKED";
    long long id = 0;
    soci::statement st = (s.prepare << sql, soci::use(now), soci::use(now), soci::into(id));
    if (!st.execute(true)) {
      tx.Commit();
      return std::nullopt;
    }
    s << "UPDATE jobs SET status = 'running', attempts = attempts + 1, claimed_by = :w, "
         "lease_until = :l, updated_at = :n WHERE id = :id",
        soci::use(worker), soci::use(lease), soci::use(now), soci::use(id);
    std::optional<Job> job = Select(s, id);
    tx.Commit();
    return job;
  });
}

bool RenewJobLease(Database& db, std::int64_t job_id, const std::string& worker,
                   int lease_seconds) {
  return Guard("renewing a job lease", [&] {
    Transaction tx = db.Begin(true);
    soci::session& s = SessionOf(tx);
    const std::string now = UtcTimestamp();
    const std::string lease = InSeconds(lease_seconds);
    long long id = job_id;
    std::string w = worker;
    soci::statement st =
        (s.prepare << "UPDATE jobs SET lease_until = :l, updated_at = :n WHERE id = :id AND "
                      "status = 'running' AND claimed_by = :w",
         soci::use(lease), soci::use(now), soci::use(id), soci::use(w));
    st.execute(true);
    const bool held = st.get_affected_rows() > 0;
    tx.Commit();
    return held;
  });
}

void FinishJob(Database& db, std::int64_t job_id, const std::string& worker) {
  Guard("finishing a job", [&] {
    Transaction tx = db.Begin(true);
    soci::session& s = SessionOf(tx);
    const std::string now = UtcTimestamp();
    long long id = job_id;
    std::string w = worker;
    s << "UPDATE jobs SET status = 'done', lease_until = NULL, finished_at = :f, updated_at = :n "
         "WHERE id = :id AND status = 'running' AND claimed_by = :w",
        soci::use(now), soci::use(now), soci::use(id), soci::use(w);
    tx.Commit();
  });
}

void FailJob(Database& db, std::int64_t job_id, const std::string& worker, const std::string& error,
             bool retry, int retry_after_seconds) {
  Guard("failing a job", [&] {
    Transaction tx = db.Begin(true);
    soci::session& s = SessionOf(tx);
    const std::string now = UtcTimestamp();
    const std::string available = InSeconds(retry_after_seconds);
    long long id = job_id;
    std::string w = worker;
    std::string message = error.substr(0, 4000);
    int may_retry = retry ? 1 : 0;
    // Back to the queue while attempts are left and the error is transient.
    s << "UPDATE jobs SET status = 'queued', claimed_by = NULL, lease_until = NULL, "
         "available_at = :a, last_error = :e, updated_at = :n WHERE id = :id AND "
         "status = 'running' AND claimed_by = :w AND :r = 1 AND attempts < max_attempts",
        soci::use(available), soci::use(message), soci::use(now), soci::use(id), soci::use(w),
        soci::use(may_retry);
    s << "UPDATE jobs SET status = 'failed', lease_until = NULL, last_error = :e, "
         "finished_at = :f, updated_at = :n WHERE id = :id AND status = 'running' AND "
         "claimed_by = :w",
        soci::use(message), soci::use(now), soci::use(now), soci::use(id), soci::use(w);
    tx.Commit();
  });
}

}  // namespace tandem::store
