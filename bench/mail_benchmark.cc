// E-mail delivery as a deployment meets it (issue 17: "1,000 queued messages
// to a local SMTP server in under a minute"): 1,000 messages in the outbox of
// a fresh SQLite database (and PostgreSQL when TANDEM_TEST_POSTGRES is set, as
// under `make bench`), sent by the job worker to a real SMTP server on
// loopback (tests/smtp_server.py: aiosmtpd, STARTTLS and AUTH, one connection
// per message, each message parsed as MIME on arrival), timed from the first
// claim to the last message recorded as sent. Run from the repository root.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "jobs/worker.h"
#include "smtp_test_server.h"
#include "store/database.h"
#include "store/job_repository.h"
#include "store/outbox.h"
#include "store/testing.h"

namespace {

using namespace tandem;
using namespace std::chrono_literals;

constexpr int kMessages = 1000;

// Messages recorded as sent: their send_mail jobs are done (the only jobs here).
std::int64_t Done(store::Database& db) {
  store::Transaction tx = db.Begin(false);
  const std::int64_t done = store::JobRepository(tx).Count().done;
  tx.Commit();
  return done;
}

void Deliver(benchmark::State& state, const char* backend) {
  if (std::string(backend) == "postgresql" && !std::getenv("TANDEM_TEST_POSTGRES")) {
    state.SkipWithError("TANDEM_TEST_POSTGRES is not set (run under scripts/with-postgres.sh)");
    return;
  }
  ::setenv("TANDEM_TEST_BACKEND", backend, 1);
  const int threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    state.PauseTiming();
    const auto dir = std::filesystem::temp_directory_path() /
                     ("tandem-mail-bench-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    store::TestDatabaseUrl url("mail-bench");
    auto db = store::Database::Open(url.url(), threads + 2);
    db->Migrate();
    testing::SmtpTestServer server(dir / "server");
    {
      store::Transaction tx = db->Begin();
      store::Outbox outbox(tx);
      for (int i = 0; i < kMessages; ++i) {
        outbox.Add({.to_address = "person" + std::to_string(i) + "@example.org",
                    .subject = "Meet your mentor in Hematology Fellows: Dr. Ana Ruiz",
                    .body = "Hello,\n\nHematology Fellows has paired you with Dr. Ana Ruiz.\n"
                            "Profile: https://tandem.example.org/enrollments/4/profile\n",
                    .kind = "introduction"});
      }
      tx.Commit();
    }
    jobs::Worker worker(*db, jobs::StandardHandlers(*db, server.Settings()),
                        {.threads = static_cast<std::size_t>(threads), .poll_interval = 10ms});
    state.ResumeTiming();
    worker.Start();
    while (Done(*db) < kMessages) std::this_thread::sleep_for(10ms);
    if (server.Count() != kMessages)
      state.SkipWithError("the server did not receive every message once");
    state.PauseTiming();
    worker.Stop();
    server.Stop();
    std::filesystem::remove_all(dir);
    state.ResumeTiming();
  }
  state.counters["messages_per_s"] =
      benchmark::Counter(kMessages * state.iterations(), benchmark::Counter::kIsRate);
}

BENCHMARK_CAPTURE(Deliver, sqlite, "sqlite")
    ->Arg(1)
    ->Arg(4)
    ->ArgName("job_threads")
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();
BENCHMARK_CAPTURE(Deliver, postgresql, "postgresql")
    ->Arg(4)
    ->ArgName("job_threads")
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
