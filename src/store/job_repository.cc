#include "store/job_repository.h"

#include <algorithm>
#include <chrono>

#include "core/clock.h"
#include "store/internal.h"

namespace tandem::store {

std::optional<JobStatus> ParseJobStatus(std::string_view text) {
  for (auto s : {JobStatus::kQueued, JobStatus::kRunning, JobStatus::kDone, JobStatus::kFailed}) {
    if (text == JobStatusName(s)) return s;
  }
  return std::nullopt;
}

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

// The columns Read takes, in its order.
constexpr const char* kJobColumns =
    "id, kind, payload, status, attempts, max_attempts, claimed_by, lease_until, last_error, "
    "available_at, slot, created_at, updated_at, finished_at";

// One row of kJobColumns, bound to a statement by Bind and turned into a Job.
struct JobRow {
  long long id = 0;
  std::string kind, payload, status, claimed_by, lease_until, last_error, available_at, slot,
      created_at, updated_at, finished_at;
  int attempts = 0, max_attempts = 0;
  soci::indicator claimed_ind{}, lease_ind{}, error_ind{}, slot_ind{}, finished_ind{};

  void Bind(soci::statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(kind));
    st.exchange(soci::into(payload));
    st.exchange(soci::into(status));
    st.exchange(soci::into(attempts));
    st.exchange(soci::into(max_attempts));
    st.exchange(soci::into(claimed_by, claimed_ind));
    st.exchange(soci::into(lease_until, lease_ind));
    st.exchange(soci::into(last_error, error_ind));
    st.exchange(soci::into(available_at));
    st.exchange(soci::into(slot, slot_ind));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(updated_at));
    st.exchange(soci::into(finished_at, finished_ind));
  }
  Job ToJob() const {
    Job job;
    job.id = id;
    job.kind = kind;
    job.payload = payload;
    job.status = ParseJobStatus(status).value_or(JobStatus::kFailed);
    job.attempts = attempts;
    job.max_attempts = max_attempts;
    if (claimed_ind == soci::i_ok) job.claimed_by = claimed_by;
    if (lease_ind == soci::i_ok) job.lease_until = lease_until;
    if (error_ind == soci::i_ok) job.last_error = last_error;
    job.available_at = available_at;
    if (slot_ind == soci::i_ok) job.slot = slot;
    job.created_at = created_at;
    job.updated_at = updated_at;
    if (finished_ind == soci::i_ok) job.finished_at = finished_at;
    return job;
  }
};

// `seconds` after the transaction's now, as stored.
std::string InSeconds(const Transaction& tx, int seconds) {
  return FormatUtc(tx.now() + std::chrono::seconds(std::max(0, seconds)));
}

std::optional<Job> Select(soci::session& s, std::int64_t id) {
  long long key = id;
  JobRow row;
  soci::statement st(s);
  row.Bind(st);
  st.exchange(soci::use(key));
  st.alloc();
  st.prepare(std::string("SELECT ") + kJobColumns + " FROM jobs WHERE id = :id");
  st.define_and_bind();
  if (!st.execute(true)) return std::nullopt;
  return row.ToJob();
}

}  // namespace

std::int64_t JobRepository::Enqueue(const std::string& kind, const std::string& payload,
                                    int max_attempts, std::optional<SysSeconds> not_before) {
  return Guard("queueing a job", [&] {
    soci::session& s = SessionOf(tx_);
    const std::string now = tx_.now_text();
    const std::string available = not_before ? FormatUtc(*not_before) : now;
    int attempts = std::max(1, max_attempts);
    long long id = 0;
    s << "INSERT INTO jobs (kind, payload, status, attempts, max_attempts, available_at, "
         "created_at, updated_at) VALUES (:k, :p, 'queued', 0, :m, :a, :c, :u) RETURNING id",
        soci::use(kind), soci::use(payload), soci::use(attempts), soci::use(available),
        soci::use(now), soci::use(now), soci::into(id);
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
      switch (ParseJobStatus(status).value_or(JobStatus::kFailed)) {
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

std::vector<Job> JobRepository::List(const JobFilter& filter) {
  return Guard("listing jobs", [&] {
    soci::session& s = SessionOf(tx_);
    std::string status = filter.status ? std::string(JobStatusName(*filter.status)) : "";
    std::string kind = filter.kind;
    int limit = std::clamp(filter.limit, 1, 1000);
    JobRow row;
    soci::statement st(s);
    row.Bind(st);
    std::string sql = std::string("SELECT ") + kJobColumns + " FROM jobs WHERE 1 = 1";
    if (!status.empty()) {
      sql += " AND status = :s";
      st.exchange(soci::use(status));
    }
    if (!kind.empty()) {
      sql += " AND kind = :k";
      st.exchange(soci::use(kind));
    }
    sql += " ORDER BY created_at DESC, id DESC LIMIT :l";
    st.exchange(soci::use(limit));
    st.alloc();
    st.prepare(sql);
    st.define_and_bind();
    std::vector<Job> jobs;
    if (st.execute(true)) {
      do {
        jobs.push_back(row.ToJob());
      } while (st.fetch());
    }
    return jobs;
  });
}

bool PlanRecurringJob(Database& db, const std::string& kind, SysSeconds slot,
                      const std::string& payload, int max_attempts) {
  return Guard("planning a recurring job", [&] {
    Transaction tx = db.Begin(true);
    soci::session& s = SessionOf(tx);
    const std::string now = tx.now_text();
    const std::string at = FormatUtc(slot);
    int attempts = std::max(1, max_attempts);
    std::string k = kind, p = payload;
    soci::statement st =
        (s.prepare << "INSERT INTO jobs (kind, payload, status, attempts, max_attempts, "
                      "available_at, slot, created_at, updated_at) VALUES (:k, :p, 'queued', 0, "
                      ":m, :a, :s, :c, :u) ON CONFLICT (kind, slot) DO NOTHING",
         soci::use(k), soci::use(p), soci::use(attempts), soci::use(at), soci::use(at),
         soci::use(now), soci::use(now));
    st.execute(true);
    const bool planned = st.get_affected_rows() > 0;
    tx.Commit();
    return planned;
  });
}

std::optional<Job> ClaimJob(Database& db, const std::string& worker, int lease_seconds) {
  return Guard("claiming a job", [&]() -> std::optional<Job> {
    // A cheap read first, so that idle workers do not take the write lock.
    {
      Transaction probe = db.Begin(false);
      const std::string now = probe.now_text();
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
    const std::string now = tx.now_text();
    const std::string lease = InSeconds(tx, lease_seconds);
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
    const std::string now = tx.now_text();
    const std::string lease = InSeconds(tx, lease_seconds);
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
    const std::string now = tx.now_text();
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
    const std::string now = tx.now_text();
    const std::string available = InSeconds(tx, retry_after_seconds);
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
