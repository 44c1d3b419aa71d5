// Participant import at scale: a 100,000-row CSV (issue 3: "imports in
// seconds"), parsed and validated alone, then imported end to end into a
// fresh SQLite database and, when TANDEM_TEST_POSTGRES is set (make bench runs
// under scripts/with-postgres.sh), into PostgreSQL.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <sstream>

#include "core/participant_csv.h"
#include "service/participants.h"
#include "service/programs.h"
#include "store/database.h"
#include "store/testing.h"

namespace {

using namespace tandem;

// A participant file of `rows` rows: a third mentors, realistic facet counts.
const std::string& File(int rows) {
  static std::map<int, std::string> cache;
  auto it = cache.find(rows);
  if (it != cache.end()) return it->second;
  std::mt19937_64 rng(42);
  const auto pick = [&](const std::vector<std::string>& v) { return v[rng() % v.size()]; };
  const std::vector<std::string> topics = {
      "thrombosis",     "hemophilia", "sickle cell disease", "transfusion medicine",
      "iron disorders", "lymphoma",   "breast cancer",       "fatigue",
      "caregiving",     "fertility"};
  const std::vector<std::string> zones = {"America/New_York", "America/Chicago", "America/Denver",
                                          "America/Los_Angeles", "America/Toronto"};
  std::vector<Participant> people;
  people.reserve(rows);
  for (int i = 0; i < rows; ++i) {
    Participant p;
    p.role = i % 3 == 0 ? Role::kMentor : Role::kMentee;
    p.id = (p.role == Role::kMentor ? "V" : "P") + std::to_string(i);
    p.name = "Person " + std::to_string(i);
    p.email = "person" + std::to_string(i) + "@example.org";
    p.institution = "Centre " + std::to_string(i % 200);
    p.career_stage = p.role == Role::kMentor ? "survivor" : "patient";
    p.time_zone = pick(zones);
    p.capacity = p.role == Role::kMentor ? 2 : 1;
    for (int k = 0; k < 4; ++k) {
      std::string t = pick(topics);
      if (std::find(p.interests.begin(), p.interests.end(), t) == p.interests.end()) {
        p.interests.push_back(t);
      }
    }
    p.goals = {"peer support"};
    p.background = {{"age group", "40-64"}, {"gender", i % 2 ? "woman" : "man"}};
    if (p.role == Role::kMentee) p.match_on = {"gender"};
    p.languages = {"english"};
    p.availability = {{(i % 5) * 1440 + 18 * 60, 120}, {5 * 1440 + 9 * 60, 60}};
    people.push_back(std::move(p));
  }
  std::ostringstream out;
  WriteParticipantCsv(out, people);
  return cache[rows] = out.str();
}

void BM_ParseAndValidate(benchmark::State& state) {
  const std::string& text = File(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    std::istringstream in(text);
    ParticipantFile file = ReadParticipantCsv(in, DefaultTaxonomy());
    if (!file.ok()) state.SkipWithError(FormatProblem(file.errors[0]).c_str());
    benchmark::DoNotOptimize(file.participants.data());
  }
  state.counters["rows"] = static_cast<double>(state.range(0));
}

void Import(benchmark::State& state, const std::string& url) {
  const std::string& text = File(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    state.PauseTiming();
    auto db = store::Database::Open(url, 1);
    {
      store::Transaction tx = db->Begin();
      store::DropAllTables(tx);
      tx.Commit();
    }
    db->Migrate();
    Program program;
    program.name = "Bench";
    program.field = "oncology";
    program = service::CreateProgram(*db, service::Actor::CommandLine(), program);
    std::istringstream in(text);
    state.ResumeTiming();
    auto report = service::ImportParticipants(*db, service::Actor::CommandLine(), program.id, in);
    if (!report.ok() || report.added != state.range(0)) state.SkipWithError("import failed");
  }
  state.counters["rows"] = static_cast<double>(state.range(0));
}

void BM_ImportSqlite(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() / "tandem-import-bench";
  std::filesystem::create_directories(dir);
  Import(state, "sqlite:" + (dir / "bench.db").string());
  std::filesystem::remove_all(dir);
}

void BM_ImportPostgresql(benchmark::State& state) {
  const char* url = std::getenv("TANDEM_TEST_POSTGRES");
  if (url == nullptr || *url == '\0') {
    state.SkipWithError("TANDEM_TEST_POSTGRES not set (run make bench)");
    return;
  }
  Import(state, url);
}

BENCHMARK(BM_ParseAndValidate)->Arg(100000)->Unit(benchmark::kMillisecond)->Iterations(3);
BENCHMARK(BM_ImportSqlite)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(3)
    ->UseRealTime();
BENCHMARK(BM_ImportPostgresql)
    ->Arg(100000)
    ->Unit(benchmark::kMillisecond)
    ->Iterations(1)
    ->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
