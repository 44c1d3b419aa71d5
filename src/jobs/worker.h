// Runs background jobs claimed from the jobs table (store/job_repository.h)
// on a few threads, renewing each job's lease while it runs.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <string>

#include "store/database.h"
#include "store/job_repository.h"

namespace tandem::jobs {

// Works one job. Throwing tandem::Error(kUnavailable) or any non-Error
// exception retries the job later; other tandem::Errors fail it for good.
using JobHandler = std::function<void(const store::Job&)>;

struct WorkerOptions {
  std::size_t threads = 1;
  std::chrono::milliseconds poll_interval{200};
  int lease_seconds = 30;  // renewed every lease/3 while the handler runs
  std::string name;        // default "host:pid"; thread n claims as "NAME:n"
  // How long a job that failed with a transient error waits before its next
  // attempt.
  std::chrono::seconds retry_delay{5};
  // Where the worker reports failed jobs and database trouble; default: one
  // line on standard error.
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

// The handlers Tandem runs: "matching_run" -> service::ExecuteMatchingRun.
std::map<std::string, JobHandler> StandardHandlers(store::Database& db);

}  // namespace tandem::jobs
