// Issue 15: matching measured as users run it. Writes the large pool (100,000
// mentees, 50,000 mentors of capacity 2, 50 given scores each) as a
// participant file and a scores file, and the 20,000 x 10,000 profiles
// instance as a participant file, then times the whole `tandem match ...
// --json` process on them (wall time, CPU time and peak memory of the child,
// from wait4) side by side with a LEMON program reading the same two files
// (matching_lemon_files: NetworkSimplex and CostScaling). Each run is one
// child process started from scratch; the files stay in the page cache.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "bench/matching_files.h"

namespace {

namespace fs = std::filesystem;
using tandem::bench::ChildRun;

// A fresh folder for the instance files, removed at exit.
class Workspace {
 public:
  Workspace() {
    std::string pattern = (fs::temp_directory_path() / "tandem-match-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    dir_ = pattern;
  }
  ~Workspace() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }

 private:
  fs::path dir_;
};

Workspace& Files() {
  static Workspace workspace;
  return workspace;
}

// The large pool's files, written on first use.
void EnsureLargePool() {
  static bool written = false;
  if (written) return;
  const auto start = std::chrono::steady_clock::now();
  tandem::bench::WriteGivenScoreFiles(tandem::bench::LargePool(), Files().Path("people.csv"),
                                      Files().Path("scores.csv"));
  std::cerr << "wrote the large pool (" << fs::file_size(Files().Path("scores.csv")) / 1000000
            << " MB of scores) in "
            << std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count()
            << " s\n";
  written = true;
}

void EnsureProfiles() {
  static bool written = false;
  if (written) return;
  tandem::bench::WriteProfileFile(tandem::bench::ProfilePool(20'000, 10'000, 7),
                                  Files().Path("profiles.csv"));
  written = true;
}

// "total_score" from a JSON answer (ours or the LEMON program's); NaN if absent.
double TotalScore(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  const std::string s = text.str();
  const size_t at = s.find("\"total_score\":");
  return at == std::string::npos ? NAN : std::strtod(s.c_str() + at + 14, nullptr);
}

struct Row {
  ChildRun run;
  double total = 0;
};
std::map<std::string, Row>& Results() {
  static std::map<std::string, Row> results;
  return results;
}

void RunProcess(benchmark::State& state, const std::string& name,
                const std::vector<std::string>& argv) {
  for (auto _ : state) {
    const std::string out = Files().Path(name + ".json");
    const ChildRun run = tandem::bench::RunChild(argv, out);
    if (run.exit_status != 0) {
      state.SkipWithError((name + " failed").c_str());
      return;
    }
    state.SetIterationTime(run.wall_seconds);
    const double total = TotalScore(out);
    state.counters["cpu_s"] = run.cpu_seconds;
    state.counters["peak_MB"] = static_cast<double>(run.peak_kb) / 1024.0;
    state.counters["total_score"] = total;
    Results()[name] = {run, total};
  }
}

void BM_LargePoolFiles_Tandem(benchmark::State& state) {
  EnsureLargePool();
  RunProcess(state, "tandem",
             {TANDEM_BINARY, "match", "--participants", Files().Path("people.csv"), "--scores",
              Files().Path("scores.csv"), "--json"});
}

#ifdef MATCHING_LEMON_FILES
void BM_LargePoolFiles_LemonNetworkSimplex(benchmark::State& state) {
  EnsureLargePool();
  RunProcess(state, "lemon_network_simplex",
             {MATCHING_LEMON_FILES, Files().Path("people.csv"), Files().Path("scores.csv"),
              "network-simplex"});
}

void BM_LargePoolFiles_LemonCostScaling(benchmark::State& state) {
  EnsureLargePool();
  RunProcess(state, "lemon_cost_scaling",
             {MATCHING_LEMON_FILES, Files().Path("people.csv"), Files().Path("scores.csv"),
              "cost-scaling"});
}
#endif

void BM_ProfilesFile_Tandem(benchmark::State& state) {
  EnsureProfiles();
  RunProcess(state, "tandem_profiles",
             {TANDEM_BINARY, "match", "--participants", Files().Path("profiles.csv"),
              "--cross-institution", "--start-date", "2025-09-01", "--json"});
}

BENCHMARK(BM_LargePoolFiles_Tandem)->UseManualTime()->Iterations(1)->Unit(benchmark::kSecond);
#ifdef MATCHING_LEMON_FILES
BENCHMARK(BM_LargePoolFiles_LemonNetworkSimplex)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
BENCHMARK(BM_LargePoolFiles_LemonCostScaling)
    ->UseManualTime()
    ->Iterations(1)
    ->Unit(benchmark::kSecond);
#endif
BENCHMARK(BM_ProfilesFile_Tandem)->UseManualTime()->Iterations(1)->Unit(benchmark::kSecond);

// The targets of issue 15, from the runs above.
void PrintVerdict() {
  const auto& r = Results();
  const auto find = [&](const std::string& name) -> const Row* {
    auto it = r.find(name);
    return it == r.end() ? nullptr : &it->second;
  };
  const Row* ours = find("tandem");
  const Row* simplex = find("lemon_network_simplex");
  const Row* scaling = find("lemon_cost_scaling");
  if (ours && simplex && scaling) {
    const double faster = std::min(simplex->run.wall_seconds, scaling->run.wall_seconds);
    std::cout << "large pool, whole process: Tandem " << ours->run.wall_seconds << " s, "
              << ours->run.peak_kb / 1024 << " MB; LEMON NetworkSimplex "
              << simplex->run.wall_seconds << " s, " << simplex->run.peak_kb / 1024
              << " MB; CostScaling " << scaling->run.wall_seconds << " s, "
              << scaling->run.peak_kb / 1024 << " MB\n"
              << "  faster LEMON / Tandem = " << faster / ours->run.wall_seconds
              << "x (target >= 3), peak memory below NetworkSimplex's: "
              << (ours->run.peak_kb < simplex->run.peak_kb ? "yes" : "NO") << ", same total score: "
              << (ours->total == simplex->total && ours->total == scaling->total ? "yes" : "NO")
              << "\n";
  }
  if (const Row* profiles = find("tandem_profiles")) {
    std::cout << "profiles 20,000 x 10,000, whole process: " << profiles->run.wall_seconds
              << " s wall (target < 2), " << profiles->run.cpu_seconds << " s CPU, "
              << profiles->run.peak_kb / 1024 << " MB\n";
  }
  double load[3] = {0, 0, 0};
  if (getloadavg(load, 3) > 0) std::cout << "load average (1 min): " << load[0] << "\n";
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  PrintVerdict();
  return 0;
}
