// Runs background jobs claimed from the jobs table (store/job_repository.h)
// on a few threads, renewing each job's lease while it runs.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "calendar/recurrence.h"
#include "notify/smtp.h"
#include "store/database.h"
#include "store/job_repository.h"

namespace tandem::jobs {

// Works one job. Throwing tandem::Error(kUnavailable) or any non-Error
// exception retries the job later; other tandem::Errors fail it for good.
using JobHandler = std::function<void(const store::Job&)>;

// Work that recurs: one job of `kind` per slot of `when` (the latest slot
// due is planned; slots missed while no instance ran are not made up one by
// one). A slot runs once across instances and restarts
// (store::PlanRecurringJob).
struct RecurringJob {
  std::string kind;
  calendar::Recurrence when;
  std::string payload = "{}";
  int max_attempts = 3;
};

struct WorkerOptions {
  std::size_t threads = 1;
  std::chrono::milliseconds poll_interval{200};
  int lease_seconds = 30;  // renewed every lease/3 while the handler runs
  std::string name;        // default "host:pid"; thread n claims as "NAME:n"
  // How long a job that failed with a transient error waits before its next
  // attempt: retry_delay after the first, doubling with each attempt, at
  // most max_retry_delay.
  std::chrono::seconds retry_delay{5};
  std::chrono::seconds max_retry_delay{3600};
  // Planned by the first thread as their slots come due (by the Database's
  // clock), checked every poll_interval.
  std::vector<RecurringJob> recurring;
  // Where the worker reports failed jobs and database trouble; default: the
  // process log (core/log.h), component "jobs".
  std::function<void(const std::string&)> log;
};

class Worker {
 public:
  // `db` must outlive the worker. Handlers by job kind; a job of an unknown
  // kind fails with a clear error.
  Worker(store::Database& db, std::map<std::string, JobHandler> handlers,
         WorkerOptions options = {});
  ~Worker();  // Stop()s
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void Start();
  // Stops claiming, waits for running handlers to return. Idempotent.
  void Stop();
  // Wakes idle threads to look for work now (after enqueueing locally).
  void Notify();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The handlers Tandem runs: "matching_run" -> service::ExecuteMatchingRun,
// "purge_sign_ins" -> service::PurgeExpiredSignIns, "send_mail" ->
// service::DeliverOutboxMessage with `smtp` (none configured: messages are
// kept in the outbox); "report_pdf" -> service::RunReportJob printing with
// jobs::HtmlToPdf; and the reminders, nudges, digests and survey schedule.
std::map<std::string, JobHandler> StandardHandlers(store::Database& db,
                                                   notify::SmtpSettings smtp = {});
// The recurring work Tandem plans: "purge_sign_ins" daily at 03:00 UTC and
// "pair_nudges" (service::SendPairNudges) daily at 13:00 UTC, the digests and
// survey schedule hourly, and "expire_mentor_requests" every 15 minutes.
std::vector<RecurringJob> StandardRecurringJobs();
// The delay before attempt `attempts` + 1 of a job that failed transiently.
std::chrono::seconds RetryDelay(const WorkerOptions& options, int attempts);

}  // namespace tandem::jobs
