// Matching instances written as the files a coordinator gives `tandem match`
// (a participant CSV and, for given scores, a scores CSV), and a child process
// measured from outside (wall time and peak memory). Shared by the whole-
// process benchmark and the whole-process test. Deterministic for the same
// parameters and seed.
#pragma once

#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <charconv>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "bench/matching_instances.h"
#include "bench/profile_instances.h"
#include "core/participant_csv.h"

namespace tandem::bench {

// Buffered writing of a text file; throws std::runtime_error when it fails.
class TextFile {
 public:
  explicit TextFile(const std::string& path) : path_(path), file_(std::fopen(path.c_str(), "wbe")) {
    if (file_ == nullptr) throw std::runtime_error("cannot write " + path);
  }
  TextFile(const TextFile&) = delete;
  TextFile& operator=(const TextFile&) = delete;
  ~TextFile() {
    if (file_ != nullptr) std::fclose(file_);
  }
  TextFile& operator<<(std::string_view text) {
    if (std::fwrite(text.data(), 1, text.size(), file_) != text.size()) Fail();
    return *this;
  }
  TextFile& operator<<(long long number) {
    char digits[24];
    const auto end = std::to_chars(digits, digits + sizeof digits, number).ptr;
    return *this << std::string_view(digits, end - digits);
  }
  void Close() {
    if (std::fclose(file_) != 0) {
      file_ = nullptr;
      Fail();
    }
    file_ = nullptr;
  }

 private:
  [[noreturn]] void Fail() const { throw std::runtime_error("cannot write " + path_); }
  std::string path_;
  std::FILE* file_;
};

// The large pool of issue 4 as files: `graph` (LargePool) gives mentees e0,
// e1, … and mentors m0, m1, … with their capacities, and the scores file one
// row per arc with score = 1000 + weight (i.e. 1000 - cost), so the best
// total score is 1000 * matched - (LEMON's minimum cost).
inline void WriteGivenScoreFiles(const matching::BipartiteGraph& graph,
                                 const std::string& participants_path,
                                 const std::string& scores_path) {
  TextFile people(participants_path);
  people << "role,id,name,capacity\n";
  for (int i = 0; i < graph.left_count; ++i) {
    people << "mentee,e" << i << ",Mentee " << i << "," << graph.left_capacity[i] << "\n";
  }
  for (int r = 0; r < graph.right_count; ++r) {
    people << "mentor,m" << r << ",Mentor " << r << "," << graph.right_capacity[r] << "\n";
  }
  people.Close();
  TextFile scores(scores_path);
  scores << "mentee,mentor,score\n";
  for (int i = 0; i < graph.left_count; ++i) {
    for (int a = graph.arc_begin[i]; a < graph.arc_begin[i + 1]; ++a) {
      scores << "e" << i << ",m" << graph.arc_right[a] << "," << 1000 + graph.arc_weight[a] << "\n";
    }
  }
  scores.Close();
}

// A participant CSV of the profiles instance (ProfilePool).
inline void WriteProfileFile(const std::vector<Participant>& people, const std::string& path) {
  std::ofstream out(path, std::ios::binary);
  WriteParticipantCsv(out, people);
  out.close();
  if (!out) throw std::runtime_error("cannot write " + path);
}

// How a child process ran.
struct ChildRun {
  double wall_seconds = 0;
  double cpu_seconds = 0;  // user + system
  long peak_kb = 0;        // peak resident memory (ru_maxrss)
  int exit_status = -1;    // -1 when it did not exit normally
};

// Runs `argv` (argv[0] a path) with stdout sent to `stdout_path` ("" keeps
// ours) and measures it from the outside: the whole process, start to exit.
inline ChildRun RunChild(const std::vector<std::string>& argv, const std::string& stdout_path) {
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  const auto start = std::chrono::steady_clock::now();
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    if (!stdout_path.empty() && std::freopen(stdout_path.c_str(), "w", stdout) == nullptr)
      _exit(127);
    execv(args[0], args.data());
    _exit(127);
  }
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid) throw std::runtime_error("wait4 failed");
  ChildRun run;
  run.wall_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  run.cpu_seconds = static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) +
                    static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
  run.peak_kb = usage.ru_maxrss;
  run.exit_status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

}  // namespace tandem::bench
