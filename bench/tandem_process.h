// What the benchmarks through the server share: the `tandem` binary run as a
// user runs it (`tandem migrate`, `tandem user create`, a `tandem serve`
// listening on loopback), a signed-in API caller, and p50/p99 of timings.
// Header-only; the including target defines TANDEM_BINARY (the path of the
// built `tandem`) and links tandem_test_http_client and nlohmann_json.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "http_client.h"

namespace tandem::bench {

using SteadyClock = std::chrono::steady_clock;

// Seconds since `since` on the steady clock.
inline double SecondsSince(SteadyClock::time_point since) {
  return std::chrono::duration<double>(SteadyClock::now() - since).count();
}

struct Percentiles {
  double p50 = 0, p99 = 0;
};
// The median and the 99th percentile (nearest rank) of `values`; zeros when empty.
inline Percentiles PercentilesOf(std::vector<double> values) {
  if (values.empty()) return {};
  std::sort(values.begin(), values.end());
  return {values[values.size() / 2], values[values.size() * 99 / 100]};
}

// A loopback port for a server of this process: from a range the tests do
// not use, by pid (binding port 0 in the server would need its output).
inline std::uint16_t FreePort() {
  return static_cast<std::uint16_t>(20000 + (getpid() * 7) % 20000);
}

// Runs `tandem ARGS...` on the database `db_url` (TANDEM_DB) with `input` on
// its standard input and its output discarded, and waits for it. Throws
// std::runtime_error when it does not exit with 0.
inline void RunTandem(const std::string& db_url, const std::vector<std::string>& args,
                      const std::string& input = {}) {
  int in[2];
  if (pipe(in) != 0) throw std::runtime_error("pipe failed");
  const pid_t child = fork();
  if (child == 0) {
    dup2(in[0], STDIN_FILENO);
    close(in[0]);
    close(in[1]);
    const int null = open("/dev/null", O_WRONLY);
    dup2(null, STDOUT_FILENO);
    setenv("TANDEM_DB", db_url.c_str(), 1);
    std::vector<char*> argv{const_cast<char*>(TANDEM_BINARY)};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(TANDEM_BINARY, argv.data());
    _exit(127);
  }
  close(in[0]);
  if (!input.empty() && write(in[1], input.data(), input.size()) < 0) {
    close(in[1]);
    throw std::runtime_error("cannot write to tandem's standard input");
  }
  close(in[1]);
  int status = 0;
  waitpid(child, &status, 0);
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
    throw std::runtime_error("tandem " + (args.empty() ? std::string() : args[0]) + " failed");
  }
}

// A `tandem serve --listen 127.0.0.1:PORT` process on `db_url`, started by
// the constructor, which returns once /healthz answers (throws
// std::runtime_error after 10 s without an answer), and stopped with SIGTERM
// by the destructor. `log_path`, when not empty, receives the server's
// standard output and error (its access log and its JSON log lines). Not
// copyable.
class TandemServer {
 public:
  explicit TandemServer(const std::string& db_url, const std::string& log_path = {})
      : port_(FreePort()) {
    pid_ = fork();
    if (pid_ == 0) {
      if (!log_path.empty()) {
        const int log = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (log >= 0) {
          dup2(log, STDOUT_FILENO);
          dup2(log, STDERR_FILENO);
        }
      }
      setenv("TANDEM_DB", db_url.c_str(), 1);
      const std::string listen = "127.0.0.1:" + std::to_string(port_);
      execl(TANDEM_BINARY, TANDEM_BINARY, "serve", "--listen", listen.c_str(), nullptr);
      _exit(127);
    }
    testing::HttpClient http("127.0.0.1", port_);
    for (int k = 0; k < 200; ++k) {
      try {
        if (http.Send("GET", "/healthz").status == 200) return;
      } catch (const std::exception&) {
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    Stop();
    throw std::runtime_error("tandem serve did not answer /healthz within 10 s");
  }
  ~TandemServer() { Stop(); }
  TandemServer(const TandemServer&) = delete;
  TandemServer& operator=(const TandemServer&) = delete;

  std::uint16_t port() const { return port_; }

  void Stop() {
    if (pid_ <= 0) return;
    kill(pid_, SIGTERM);
    waitpid(pid_, nullptr, 0);
    pid_ = 0;
  }

 private:
  std::uint16_t port_;
  pid_t pid_ = 0;
};

// One person's API session on a TandemServer: signs in (or accepts an
// invitation) and sends the CSRF token with every write. Each call is a new
// loopback connection (testing::HttpClient). Calls throw std::runtime_error
// naming the call when the status is not the one expected.
class ApiCaller {
 public:
  explicit ApiCaller(std::uint16_t port) : http_("127.0.0.1", port) {
    http_.set_timeout(std::chrono::minutes(10));
  }

  void SignIn(const std::string& email, const std::string& password) {
    const auto r = Expect(200, "sign-in", "POST", "/api/v1/session",
                          nlohmann::json{{"email", email}, {"password", password}}.dump());
    csrf_ = nlohmann::json::parse(r.body).at("csrf_token");
  }
  // Accepts the invitation at `link` (…/invitations/TOKEN) choosing `password`.
  void AcceptInvitation(const std::string& link, const std::string& password) {
    const std::string token = link.substr(link.rfind('/') + 1);
    const auto r =
        Expect(200, "accepting the invitation", "POST", "/api/v1/invitations/" + token + "/accept",
               nlohmann::json{{"password", password}}.dump());
    csrf_ = nlohmann::json::parse(r.body).at("csrf_token");
  }

  // Sends the request (JSON unless `content_type` says otherwise) and
  // returns the answer when its status is `status`.
  testing::HttpResponse Expect(int status, const std::string& what, const std::string& method,
                               const std::string& target, const std::string& body = {},
                               const std::string& content_type = "application/json") {
    testing::HeaderList headers;
    if (!body.empty()) headers.emplace_back("Content-Type", content_type);
    if (!csrf_.empty() && method != "GET") headers.emplace_back("X-CSRF-Token", csrf_);
    testing::HttpResponse r = http_.Send(method, target, body, headers);
    if (r.status != status) {
      throw std::runtime_error(what + ": " + std::to_string(r.status) + " " +
                               r.body.substr(0, 500));
    }
    return r;
  }
  nlohmann::json Json(int status, const std::string& what, const std::string& method,
                      const std::string& target, const nlohmann::json& body = nullptr) {
    return nlohmann::json::parse(
        Expect(status, what, method, target, body.is_null() ? std::string() : body.dump()).body);
  }

 private:
  testing::HttpClient http_;
  std::string csrf_;
};

}  // namespace tandem::bench
