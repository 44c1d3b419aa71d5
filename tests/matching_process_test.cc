// The whole `tandem match` process on given-score files (issue 15): reading
// the files, building the problem, solving and writing JSON must take time
// linear in what is given. Runs the process on a pool with n given pairs and
// on one with 4n (same degree, same density of people per pair) and checks
// that the CPU time grows about 4x, not 16x as a pass over every mentor for
// every mentee would make it. A complexity check, not a timed bar: only the
// ratio of two runs on the same machine in the same test is compared. The
// objective is stable-mentee, whose solver (deferred acceptance) is linear in
// the pairs, so that the ratio measures the path around the solver; the
// optimal solvers' own growth is theirs (flow_test.cc, benchmarks).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "bench/matching_files.h"

namespace tandem {
namespace {

namespace fs = std::filesystem;

// The tandem binary: the one built with this test, or $TANDEM_UNDER_TEST (to
// check another build, e.g. an older one, against the same bar).
std::string Tandem() {
  const char* other = std::getenv("TANDEM_UNDER_TEST");
  return other != nullptr && *other != '\0' ? other : TANDEM_BINARY;
}

struct Pool {
  int mentees;
  std::string people, scores;
};

// Seconds of CPU (user + system) of the fastest of `runs` whole runs.
double FastestCpuSeconds(const Pool& pool, const std::string& out, int runs) {
  double best = 1e300;
  for (int k = 0; k < runs; ++k) {
    const bench::ChildRun run =
        bench::RunChild({Tandem(), "match", "--participants", pool.people, "--scores", pool.scores,
                         "--objective", "stable-mentee", "--json", "--threads", "1"},
                        out);
    EXPECT_EQ(run.exit_status, 0);
    best = std::min(best, run.cpu_seconds);
  }
  std::ifstream in(out);
  std::stringstream text;
  text << in.rdbuf();
  const std::string json = text.str();
  const size_t at = json.find("\"matched_mentees\":");
  EXPECT_NE(at, std::string::npos) << "a JSON summary";
  if (at != std::string::npos) {
    EXPECT_GT(std::atoi(json.c_str() + at + 18), pool.mentees * 9 / 10) << "most are matched";
  }
  return best;
}

TEST(MatchingProcessTest, GivenScoresTimeGrowsLinearlyWithThePairs) {
  const fs::path dir =
      fs::temp_directory_path() / ("tandem-process-test-" + std::to_string(getpid()));
  fs::create_directories(dir);
  constexpr int kMentees = 20'000, kDegree = 10;
  Pool small{kMentees, (dir / "people1.csv").string(), (dir / "scores1.csv").string()};
  Pool large{4 * kMentees, (dir / "people4.csv").string(), (dir / "scores4.csv").string()};
  bench::WriteGivenScoreFiles(bench::LargePool(small.mentees, small.mentees / 2, 2, kDegree),
                              small.people, small.scores);
  bench::WriteGivenScoreFiles(bench::LargePool(large.mentees, large.mentees / 2, 2, kDegree),
                              large.people, large.scores);
  const std::string out = (dir / "out.json").string();
  // Alternate, so that a burst of load on the machine hits both sizes.
  double n_seconds = 1e300, four_n_seconds = 1e300;
  for (int round = 0; round < 2; ++round) {
    n_seconds = std::min(n_seconds, FastestCpuSeconds(small, out, 2));
    four_n_seconds = std::min(four_n_seconds, FastestCpuSeconds(large, out, 1));
  }
  fs::remove_all(dir);
  const double ratio = four_n_seconds / std::max(n_seconds, 1e-3);
  std::cout << "n = " << kMentees * kDegree << " given pairs: " << n_seconds
            << " s CPU; 4n: " << four_n_seconds << " s CPU; ratio " << ratio
            << " (linear 4, quadratic 16)\n";
  // Halfway (geometrically) between linear and quadratic growth.
  EXPECT_LT(ratio, 8.0) << "the whole process grows faster than linearly in the given pairs";
}

}  // namespace
}  // namespace tandem
