// The process log: one JSON object per line on standard error, whatever the
// message holds.
#include "core/log.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace tandem {
namespace {

// The lines written to standard error while `fn` runs.
template <typename F>
std::vector<std::string> StderrLines(F fn) {
  char path[] = "/tmp/tandem-log-test.XXXXXX";
  const int file = mkstemp(path);
  std::fflush(stderr);
  const int saved = dup(2);
  dup2(file, 2);
  fn();
  std::fflush(stderr);
  dup2(saved, 2);
  close(saved);
  close(file);
  std::ifstream in(path);
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  std::remove(path);
  return lines;
}

TEST(Log, OneJsonObjectPerLine) {
  const auto lines = StderrLines([] {
    Log(LogLevel::kError, "http", "boom: \"quoted\"\nsecond line \x01 Zo\xC3\xAB",
        {{"route", "/api/v1/pairs/{id}"}});
    Log(LogLevel::kWarning, "jobs", "bad \xFF byte");
    Log(LogLevel::kInfo, "jobs", "planned");
  });
  ASSERT_EQ(lines.size(), 3u);
  const auto first = nlohmann::json::parse(lines[0]);
  EXPECT_EQ(first["level"], "error");
  EXPECT_EQ(first["component"], "http");
  EXPECT_EQ(first["message"], "boom: \"quoted\"\nsecond line \x01 Zo\xC3\xAB");
  EXPECT_EQ(first["route"], "/api/v1/pairs/{id}");
  const std::string time = first["time"];
  ASSERT_EQ(time.size(), 24u) << time;  // 2026-12-05T14:03:07.123Z
  EXPECT_EQ(time[10], 'T');
  EXPECT_EQ(time.back(), 'Z');
  const auto second = nlohmann::json::parse(lines[1]);
  EXPECT_EQ(second["level"], "warning");
  EXPECT_EQ(second["message"], "bad \xEF\xBF\xBD byte");
  EXPECT_EQ(nlohmann::json::parse(lines[2])["level"], "info");
}

}  // namespace
}  // namespace tandem
