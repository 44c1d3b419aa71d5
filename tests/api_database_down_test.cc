// The API while the database is away: PostgreSQL only (the test stops and
// restarts the throwaway cluster of scripts/with-postgres.sh, found through
// TANDEM_TEST_PGBIN and its postmaster.pid). Requests answer 503
// "unavailable" (never 500, never a hang) and the server recovers once the
// database is back. Runs last in the program: it needs nothing else.
#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <regex>
#include <thread>

#include "api_harness.h"

namespace tandem::testing {
namespace {

// The data folder of the cluster listening on `port`, from postmaster.pid
// (line 4 is the port) under /tmp/tandem-pg.*.
std::string DataDirForPort(const std::string& port) {
  for (const auto& entry : std::filesystem::directory_iterator("/tmp")) {
    if (entry.path().filename().string().rfind("tandem-pg.", 0) != 0) continue;
    std::ifstream pid(entry.path() / "data" / "postmaster.pid");
    std::string line;
    for (int i = 0; i < 4 && std::getline(pid, line); ++i) {
    }
    if (line == port) return (entry.path() / "data").string();
  }
  return "";
}

int RunAsPostgres(const std::string& command) {
  std::string full = ::geteuid() == 0 ? "runuser -u postgres -- " + command : command;
  return std::system((full + " >/dev/null 2>&1").c_str());
}

TEST(ApiDatabaseDown, AnswersUnavailableAndRecovers) {
  if (Backend() != "postgresql") {
    GTEST_SKIP() << "stopping the database is tested on PostgreSQL only";
  }
  const char* pgbin = std::getenv("TANDEM_TEST_PGBIN");
  const char* url = std::getenv("TANDEM_TEST_POSTGRES");
  if (pgbin == nullptr || url == nullptr) GTEST_SKIP() << "needs scripts/with-postgres.sh";
  std::smatch match;
  std::string url_text = url;
  ASSERT_TRUE(std::regex_search(url_text, match, std::regex(R"(:(\d+)/)")));
  const std::string port = match[1];
  const std::string data = DataDirForPort(port);
  if (data.empty()) GTEST_SKIP() << "cluster folder for port " << port << " not found";
  const std::string dir = std::filesystem::path(data).parent_path().string();

  ApiClient admin;
  admin.SignIn(ApiServer::kAdminEmail, ApiServer::kAdminPassword);
  Must(admin.Get("/api/v1/programs"), 200, "before");

  ASSERT_EQ(RunAsPostgres(std::string(pgbin) + "/pg_ctl -D " + data + " -m fast -w stop"), 0);
  auto start = [&] {
    return RunAsPostgres(std::string(pgbin) + "/pg_ctl -D " + data + " -l " + dir +
                         "/server.log -w -t 60 -o \"-h 127.0.0.1 -p " + port + " -k " + dir +
                         " -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c "
                         "max_connections=200\" start");
  };
  // Whatever happens below, the cluster is started again for the tests after.
  struct Restart {
    std::function<int()> start;
    bool done = false;
    ~Restart() {
      if (!done) start();
    }
  } restart{start};

  const auto began = std::chrono::steady_clock::now();
  for (const char* target : {"/api/v1/programs", "/api/v1/me", "/api/v1/institutions"}) {
    SCOPED_TRACE(target);
    Reply reply = admin.Get(target);
    EXPECT_EQ(reply.status, 503) << reply.raw.body;
    EXPECT_EQ(reply.ErrorCode(), "unavailable") << reply.raw.body;
  }
  Reply signin = ApiClient().Post("/api/v1/session", {{"email", ApiServer::kAdminEmail},
                                                      {"password", ApiServer::kAdminPassword}});
  EXPECT_EQ(signin.status, 503) << signin.raw.body;
  EXPECT_LT(std::chrono::steady_clock::now() - began, std::chrono::seconds(60));

  ASSERT_EQ(start(), 0);
  restart.done = true;
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  int status = 0;
  while (std::chrono::steady_clock::now() < deadline) {
    status = admin.Get("/api/v1/programs").status;
    if (status == 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  EXPECT_EQ(status, 200) << "the server did not recover after the database came back";
}

}  // namespace
}  // namespace tandem::testing
