// A matching run as a coordinator of a national program makes it (issue 15,
// "From the database"): a real `tandem serve` on a fresh database, set up
// only through the product's own paths — `tandem migrate`, `tandem user
// create` for the admin, the admin creates the program and invites the
// coordinator, who accepts, imports 5,000 mentees and 2,500 mentors
// (capacity 2, ~17 tags each from the built-in taxonomy, time zones,
// availability, languages, career stages) as a participant CSV through
// POST /api/v1/programs/{id}/participants/import, and starts matching runs
// through POST /api/v1/programs/{id}/matching-runs, polling
// GET /api/v1/matching-runs/{id} until done. Reported per run: the whole
// time from the POST to the poll that sees it done, and the phases the job
// logs (queued, reading profiles, scoring, solving, storing proposals); then
// opening the run's result page as the web app does (the program, its
// matching mode, its vocabulary, the runs list and the run with its first 50
// proposals and unmatched), p50 and p99 over 50 openings, and beside it the
// page's next page, a search, and the whole run unpaged (the command line's
// and older clients' answer). On SQLite, and on PostgreSQL
// when TANDEM_TEST_POSTGRES is set (make bench runs it under
// scripts/with-postgres.sh):
//
//   scripts/with-postgres.sh build/release/bench/matching_server_benchmark
#include <fmt/core.h>
#include <sys/resource.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "bench/profile_instances.h"
#include "bench/tandem_process.h"
#include "core/participant_csv.h"
#include "store/testing.h"

namespace {

using namespace tandem;
using namespace tandem::bench;
using nlohmann::json;

constexpr int kMentees = 5'000;
constexpr int kMentors = 2'500;
constexpr int kRuns = 3;
constexpr int kPageOpenings = 50;
constexpr int kPageSize = 50;  // rows of a result table a page (web/src/pages/matching.tsx)
constexpr const char* kPassword = "bench-password-2026!";

double LoadAverage() {
  double load[1] = {0};
  return getloadavg(load, 1) == 1 ? load[0] : -1;
}

// The job's log line for `run_id` ("matching run done"), as JSON; waits up
// to 2 s for it (it is written after the commit the poll may already see).
json PhasesOf(const std::string& log_path, std::int64_t run_id) {
  const std::string id = "\"run_id\":\"" + std::to_string(run_id) + "\"";
  for (int k = 0; k < 200; ++k) {
    std::ifstream in(log_path);
    for (std::string line; std::getline(in, line);) {
      if (line.find(id) != std::string::npos &&
          line.find("\"matching run done\"") != std::string::npos) {
        return json::parse(line, nullptr, false);
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return json::object();
}

double Field(const json& line, const char* name) {
  return line.contains(name) ? std::stod(line[name].get<std::string>()) : -1;
}

void Run(const std::string& backend) {
  setenv("TANDEM_TEST_BACKEND", backend.c_str(), 1);
  store::TestDatabaseUrl url("matching-server-bench-" + backend);
  const std::string log_path =
      (std::filesystem::temp_directory_path() /
       ("tandem-matching-server-" + backend + "-" + std::to_string(getpid()) + ".log"))
          .string();
  RunTandem(url.url(), {"migrate"});
  RunTandem(url.url(),
            {"user", "create", "--email", "admin@bench.example", "--name", "Bench Admin", "--admin",
             "--password-stdin"},
            std::string(kPassword) + "\n");
  TandemServer server(url.url(), log_path);

  ApiCaller admin(server.port());
  admin.SignIn("admin@bench.example", kPassword);
  const json program = admin.Json(201, "creating the program", "POST", "/api/v1/programs",
                                  {{"name", "National Fellows Mentoring 2027"},
                                   {"field", "hematology and oncology"},
                                   {"kind", "cohort"},
                                   {"status", "enrolling"},
                                   {"cross_institution", true},
                                   {"starts_on", "2027-07-01"},
                                   {"ends_on", "2028-06-30"}});
  const std::string base = "/api/v1/programs/" + std::to_string(program["id"].get<std::int64_t>());
  const json invited = admin.Json(201, "inviting the coordinator", "POST", base + "/invitations",
                                  {{"email", "coordinator@bench.example"},
                                   {"name", "Bench Coordinator"},
                                   {"role", "coordinator"}});
  ApiCaller coordinator(server.port());
  coordinator.AcceptInvitation(invited["link"], kPassword);

  std::stringstream csv;
  WriteParticipantCsv(csv, ProfilePool(kMentees, kMentors, 2027));
  const auto import_start = SteadyClock::now();
  const json imported =
      json::parse(coordinator
                      .Expect(200, "importing participants", "POST", base + "/participants/import",
                              csv.str(), "text/csv")
                      .body);
  const double import_seconds = SecondsSince(import_start);
  if (imported["added"] != kMentees + kMentors) {
    throw std::runtime_error("import added " + imported["added"].dump());
  }
  coordinator.Json(200, "moving to matching", "POST", base + "/transition",
                   {{"status", "matching"}});
  std::cout << fmt::format("{:<11} import of {} rows ({:.1f} MB CSV) through the API: {:.2f} s\n",
                           backend, kMentees + kMentors, csv.str().size() / 1e6, import_seconds);

  std::int64_t last_run = 0;
  for (int k = 0; k < kRuns; ++k) {
    const double load = LoadAverage();
    const auto start = SteadyClock::now();
    const json queued = coordinator.Json(202, "starting a matching run", "POST",
                                         base + "/matching-runs", json::object());
    last_run = queued["id"].get<std::int64_t>();
    // Polled as the web app polls: with the first page of the result.
    const std::string target =
        "/api/v1/matching-runs/" + std::to_string(last_run) + "?limit=" + std::to_string(kPageSize);
    json run;
    int polls = 0;
    do {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      run = coordinator.Json(200, "polling the run", "GET", target);
      ++polls;
    } while (run["status"] == "queued" || run["status"] == "running");
    const double whole = SecondsSince(start);
    if (run["status"] != "done") throw std::runtime_error("run " + run.dump().substr(0, 500));
    const json phases = PhasesOf(log_path, last_run);
    std::cout
        << fmt::format(
               "{:<11} run {}: whole {:.2f} s (queued→done, {} polls) | outside the job "
               "{:.3f} s | job {:.2f} s: read {:.2f}, score {:.2f}, solve {:.2f}, result {:.2f}, "
               "store {:.2f} s | {} proposals, {} matched, mean score {:.1f} | load {:.1f}\n",
               backend, k + 1, whole, polls, whole - Field(phases, "job_s"), Field(phases, "job_s"),
               Field(phases, "read_s"), Field(phases, "score_s"), Field(phases, "solve_s"),
               Field(phases, "result_s"), Field(phases, "store_s"),
               run["proposals_total"].get<int>(), run["summary"]["matched"].get<int>(),
               run["summary"]["mean_score"].get<double>(), load)
        << std::flush;
  }

  // Opening the result page of the last run, as web/src/pages/matching.tsx
  // does: the program (ProgramFrame), its matching mode, its vocabulary
  // (facet names), the runs, the run with its first page. Then, apart, what
  // the page asks for next (Next, "Find a person") and the whole run.
  const std::string run_target = "/api/v1/matching-runs/" + std::to_string(last_run);
  const std::string limit = "limit=" + std::to_string(kPageSize);
  const std::vector<std::string> page = {base, base + "/matching-mode", base + "/vocabulary",
                                         base + "/matching-runs", run_target + "?" + limit};
  const std::vector<std::string> apart = {run_target + "?offset=50&" + limit,
                                          run_target + "?q=PERSON%20E123&" + limit, run_target};
  std::vector<std::vector<double>> ms(page.size() + apart.size());
  std::vector<std::size_t> bytes(ms.size());
  std::vector<double> total;
  const auto time_call = [&](const std::string& target, std::size_t i) {
    const auto start = SteadyClock::now();
    const auto r = coordinator.Expect(200, "opening " + target, "GET", target);
    const double t = SecondsSince(start) * 1000;
    ms[i].push_back(t);
    bytes[i] = r.body.size();
    return t;
  };
  for (int k = 0; k < kPageOpenings; ++k) {
    double sum = 0;
    for (std::size_t i = 0; i < page.size(); ++i) sum += time_call(page[i], i);
    total.push_back(sum);
    for (std::size_t i = 0; i < apart.size(); ++i) time_call(apart[i], page.size() + i);
  }
  const Percentiles whole_page = PercentilesOf(total);
  std::cout << fmt::format("{:<11} result page ({} openings):", backend, kPageOpenings);
  for (std::size_t i = 0; i < ms.size(); ++i) {
    const Percentiles call = PercentilesOf(ms[i]);
    const std::string& target = i < page.size() ? page[i] : apart[i - page.size()];
    std::cout << fmt::format(" GET {} ({:.1f} kB) p50 {:.1f} / p99 {:.1f} ms |", target.substr(7),
                             bytes[i] / 1e3, call.p50, call.p99);
    if (i + 1 == page.size()) {
      std::cout << fmt::format(
          " the page's {} calls one after another p50 {:.1f} / p99 {:.1f} ms |", page.size(),
          whole_page.p50, whole_page.p99);
    }
  }
  std::cout << fmt::format(" load {:.1f}\n", LoadAverage()) << std::flush;
  server.Stop();
  std::filesystem::remove(log_path);
}

}  // namespace

int main() {
  std::cout << fmt::format(
                   "matching run through tandem serve: {} mentees x {} mentors (capacity 2), "
                   "{} runs, {} openings of the result page\n",
                   kMentees, kMentors, kRuns, kPageOpenings)
            << std::flush;
  try {
    Run("sqlite");
    if (std::getenv("TANDEM_TEST_POSTGRES") != nullptr) Run("postgresql");
  } catch (const std::exception& e) {
    std::cerr << "matching_server_benchmark: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
