#include "jobs/worker.h"

#include <unistd.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "core/error.h"
#include "core/log.h"
#include "jobs/pdf.h"
#include "service/accounts.h"
#include "service/mail.h"
#include "service/matching_runs.h"
#include "service/meetings.h"
#include "service/mentor_choice.h"
#include "service/notifications.h"
#include "service/participants.h"
#include "service/peer_support.h"
#include "service/report.h"
#include "service/surveys.h"
#include "store/outbox.h"

namespace tandem::jobs {
namespace {

std::string DefaultName() {
  char host[256] = {};
  if (::gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  return std::string(host[0] != '\0' ? host : "localhost") + ":" + std::to_string(::getpid());
}

}  // namespace

struct Worker::Impl {
  store::Database& db;
  std::map<std::string, JobHandler> handlers;
  WorkerOptions options;

  std::mutex mutex;
  std::condition_variable wake;          // idle claimers: Notify, Stop
  std::condition_variable renewer_wake;  // the lease renewer: Stop
  bool started = false;
  bool stopping = false;
  std::uint64_t notifications = 0;
  std::map<std::int64_t, std::string> held;   // running jobs -> claiming name
  std::map<std::string, SysSeconds> planned;  // recurring kind -> last slot planned (thread 0)
  std::vector<std::thread> threads;
  std::thread renewer;

  Impl(store::Database& d, std::map<std::string, JobHandler> h, WorkerOptions o)
      : db(d), handlers(std::move(h)), options(std::move(o)) {
    if (options.name.empty()) options.name = DefaultName();
    if (options.threads == 0) options.threads = 1;
    options.lease_seconds = std::max(1, options.lease_seconds);
    if (!options.log) {
      options.log = [](const std::string& line) { tandem::Log(LogLevel::kError, "jobs", line); };
    }
  }

  void Log(const std::string& line) {
    try {
      options.log(line);
    } catch (...) {
    }
  }

  // Waits up to the poll interval, or until Notify/Stop. False when stopping.
  bool Idle(std::uint64_t seen) {
    std::unique_lock lock(mutex);
    wake.wait_for(lock, options.poll_interval, [&] { return stopping || notifications != seen; });
    return !stopping;
  }

  void Claimer(std::size_t index) {
    const std::string name = options.name + ":" + std::to_string(index);
    for (;;) {
      std::uint64_t seen = 0;
      {
        std::lock_guard lock(mutex);
        if (stopping) return;
        seen = notifications;
      }
      if (index == 0) PlanDue();
      std::optional<store::Job> job;
      try {
        job = store::ClaimJob(db, name, options.lease_seconds);
      } catch (const std::exception& e) {
        Log(std::string("cannot claim a job: ") + e.what());
      }
      if (!job) {
        if (!Idle(seen)) return;
        continue;
      }
      Work(*job, name);
    }
  }

  // Plans the latest due slot of each recurring job, once per slot per
  // process (the database keeps it once across processes).
  void PlanDue() {
    const SysSeconds now = db.clock().Now();
    for (const RecurringJob& r : options.recurring) {
      const SysSeconds slot = calendar::LatestSlot(r.when, now);
      auto& last = planned[r.kind];
      if (last == slot) continue;
      try {
        store::PlanRecurringJob(db, r.kind, slot, r.payload, r.max_attempts);
        last = slot;
      } catch (const std::exception& e) {
        Log("cannot plan recurring job " + r.kind + ": " + e.what());
      }
    }
  }

  void Work(const store::Job& job, const std::string& name) {
    {
      std::lock_guard lock(mutex);
      held[job.id] = name;
    }
    std::string error;
    bool retry = false;
    auto handler = handlers.find(job.kind);
    if (handler == handlers.end()) {
      error = "no handler for jobs of kind \"" + job.kind + "\"";
    } else {
      try {
        handler->second(job);
      } catch (const Error& e) {
        error = e.message().empty() ? std::string(ErrorCodeName(e.code())) : e.message();
        retry = e.code() == ErrorCode::kUnavailable;
      } catch (const std::exception& e) {
        error = e.what();
        retry = true;
      } catch (...) {
        error = "unknown exception";
        retry = true;
      }
    }
    {
      std::lock_guard lock(mutex);
      held.erase(job.id);
    }
    try {
      if (error.empty()) {
        store::FinishJob(db, job.id, name);
      } else {
        Log("job " + std::to_string(job.id) + " (" + job.kind + ", attempt " +
            std::to_string(job.attempts) + " of " + std::to_string(job.max_attempts) +
            ") failed: " + error);
        store::FailJob(db, job.id, name, error, retry,
                       static_cast<int>(RetryDelay(options, job.attempts).count()));
      }
    } catch (const std::exception& e) {
      // The lease runs out and another worker (or this one) tries again.
      Log("cannot record the end of job " + std::to_string(job.id) + ": " + e.what());
    }
  }

  void Renewer() {
    const auto every = std::chrono::milliseconds(std::max(100, options.lease_seconds * 1000 / 3));
    std::unique_lock lock(mutex);
    while (!stopping) {
      renewer_wake.wait_for(lock, every, [&] { return stopping; });
      if (stopping) break;
      const std::map<std::int64_t, std::string> jobs = held;
      lock.unlock();
      for (const auto& [id, name] : jobs) {
        try {
          if (!store::RenewJobLease(db, id, name, options.lease_seconds)) {
            Log("lost the lease of job " + std::to_string(id) + " (it may run twice)");
          }
        } catch (const std::exception& e) {
          Log("cannot renew the lease of job " + std::to_string(id) + ": " + e.what());
        }
      }
      lock.lock();
    }
  }
};

Worker::Worker(store::Database& db, std::map<std::string, JobHandler> handlers,
               WorkerOptions options)
    : impl_(std::make_unique<Impl>(db, std::move(handlers), std::move(options))) {}

Worker::~Worker() { Stop(); }

void Worker::Start() {
  std::lock_guard lock(impl_->mutex);
  if (impl_->started) return;
  impl_->started = true;
  impl_->stopping = false;
  for (std::size_t i = 0; i < impl_->options.threads; ++i) {
    impl_->threads.emplace_back([this, i] { impl_->Claimer(i); });
  }
  impl_->renewer = std::thread([this] { impl_->Renewer(); });
}

void Worker::Stop() {
  {
    std::lock_guard lock(impl_->mutex);
    if (!impl_->started) return;
    impl_->stopping = true;
  }
  impl_->wake.notify_all();
  impl_->renewer_wake.notify_all();
  for (std::thread& t : impl_->threads) t.join();
  impl_->threads.clear();
  if (impl_->renewer.joinable()) impl_->renewer.join();
  std::lock_guard lock(impl_->mutex);
  impl_->started = false;
}

void Worker::Notify() {
  {
    std::lock_guard lock(impl_->mutex);
    ++impl_->notifications;
  }
  impl_->wake.notify_all();
}

std::map<std::string, JobHandler> StandardHandlers(store::Database& db, notify::SmtpSettings smtp) {
  std::map<std::string, JobHandler> handlers;
  handlers[store::kSendMailJob] = [&db, smtp](const store::Job& job) {
    const auto payload = nlohmann::json::parse(job.payload, nullptr, false);
    if (!payload.is_object() || !payload.contains("outbox_id") ||
        !payload["outbox_id"].is_number_integer()) {
      throw InvalidArgument("send_mail job " + std::to_string(job.id) +
                            " has no outbox_id in its payload");
    }
    service::DeliverOutboxMessage(db, smtp, payload["outbox_id"].get<std::int64_t>());
  };
  handlers["matching_run"] = [&db](const store::Job& job) {
    const auto payload = nlohmann::json::parse(job.payload, nullptr, false);
    if (!payload.is_object() || !payload.contains("run_id") ||
        !payload["run_id"].is_number_integer()) {
      throw InvalidArgument("matching_run job " + std::to_string(job.id) +
                            " has no run_id in its payload");
    }
    const std::int64_t run_id = payload["run_id"].get<std::int64_t>();
    // When this attempt is the job's last, or the error is not transient, the
    // run is marked failed too, so that it does not stay running.
    const auto give_up = [&](const std::string& why) {
      try {
        service::FailMatchingRun(db, run_id, "the matching run could not be completed: " + why);
      } catch (const std::exception&) {
      }
    };
    try {
      service::ExecuteMatchingRun(db, run_id);
    } catch (const Error& e) {
      if (e.code() != ErrorCode::kUnavailable || job.attempts >= job.max_attempts) {
        give_up(e.message());
      }
      throw;
    } catch (const std::exception& e) {
      if (job.attempts >= job.max_attempts) give_up(e.what());
      throw;
    }
  };
  handlers[service::kReportPdfJob] = [&db](const store::Job& job) {
    const auto p = nlohmann::json::parse(job.payload, nullptr, false);
    if (!p.is_object() || !p.contains("report_id") || !p["report_id"].is_number_integer()) {
      throw InvalidArgument("report_pdf job " + std::to_string(job.id) +
                            " has no report_id in its payload");
    }
    service::RunReportJob(
        db, p["report_id"].get<std::int64_t>(),
        [](const std::string& html) { return HtmlToPdf(html); }, job.attempts >= job.max_attempts);
  };
  handlers["purge_sign_ins"] = [&db](const store::Job&) { service::PurgeExpiredSignIns(db); };
  handlers[service::kPairNudgesJob] = [&db](const store::Job&) { service::SendPairNudges(db); };
  handlers[service::kDailyDigestJob] = [&db](const store::Job&) {
    service::SendDailyDigests(db);
    service::SendWeeklyDigests(db);
  };
  handlers[service::kSurveyScheduleJob] = [&db](const store::Job&) {
    service::RunSurveySchedule(db);
  };
  handlers[service::kExpireRequestsJob] = [&db](const store::Job&) { service::ExpireRequests(db); };
  handlers[service::kExpirePeerOffersJob] = [&db](const store::Job&) {
    service::ExpirePeerOffers(db);
  };
  handlers[service::kPeerCheckinsJob] = [&db](const store::Job&) { service::SendPeerCheckins(db); };
  handlers[service::kInviteImportedJob] = [&db](const store::Job& job) {
    const auto p = nlohmann::json::parse(job.payload, nullptr, false);
    if (!p.is_object() || !p.contains("program_id") || !p["program_id"].is_number_integer() ||
        !p.contains("enrollment_ids") || !p["enrollment_ids"].is_array()) {
      throw InvalidArgument("invite_imported job " + std::to_string(job.id) +
                            " has no program_id and enrollment_ids in its payload");
    }
    std::vector<std::int64_t> ids;
    for (const auto& id : p["enrollment_ids"]) {
      if (id.is_number_integer()) ids.push_back(id.get<std::int64_t>());
    }
    service::InviteImported(db, p["program_id"].get<std::int64_t>(), ids);
  };
  // A meeting's reminder and its prompt to log it: {"meeting_id", "sequence"}.
  for (const char* kind : {service::kMeetingReminderJob, service::kMeetingLogPromptJob}) {
    handlers[kind] = [&db, kind = std::string(kind)](const store::Job& job) {
      const auto p = nlohmann::json::parse(job.payload, nullptr, false);
      if (!p.is_object() || !p.contains("meeting_id") || !p["meeting_id"].is_number_integer() ||
          !p.contains("sequence") || !p["sequence"].is_number_integer()) {
        throw InvalidArgument(kind + " job " + std::to_string(job.id) +
                              " has no meeting_id and sequence in its payload");
      }
      const std::int64_t id = p["meeting_id"].get<std::int64_t>();
      const int sequence = p["sequence"].get<int>();
      if (kind == service::kMeetingReminderJob) {
        service::SendMeetingReminder(db, id, sequence);
      } else {
        service::SendLogPrompt(db, id, sequence);
      }
    };
  }
  return handlers;
}

std::vector<RecurringJob> StandardRecurringJobs() {
  return {{.kind = "purge_sign_ins", .when = calendar::Recurrence::DailyAt(3, 0, "UTC")},
          // Mornings in the Americas, afternoon in Europe.
          {.kind = service::kPairNudgesJob, .when = calendar::Recurrence::DailyAt(13, 0, "UTC")},
          // Hourly: each person's digest goes at 08:00 in their own zone.
          {.kind = service::kDailyDigestJob,
           .when = calendar::Recurrence::Every(std::chrono::hours(1))},
          // Hourly: surveys open and remind within the hour they are due.
          {.kind = service::kSurveyScheduleJob,
           .when = calendar::Recurrence::Every(std::chrono::hours(1))},
          // Requests lapse within 15 minutes of their answer-by time.
          {.kind = service::kExpireRequestsJob,
           .when = calendar::Recurrence::Every(std::chrono::minutes(15))},
          // Peer support: offers lapse within 15 minutes; check-ins hourly.
          {.kind = service::kExpirePeerOffersJob,
           .when = calendar::Recurrence::Every(std::chrono::minutes(15))},
          {.kind = service::kPeerCheckinsJob,
           .when = calendar::Recurrence::Every(std::chrono::hours(1))}};
}

std::chrono::seconds RetryDelay(const WorkerOptions& options, int attempts) {
  std::chrono::seconds delay = options.retry_delay;
  for (int i = 1; i < attempts && delay < options.max_retry_delay; ++i) delay *= 2;
  return std::min(delay, options.max_retry_delay);
}

}  // namespace tandem::jobs
