#include "smtp_test_server.h"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <stdexcept>

namespace tandem::testing {

namespace fs = std::filesystem;

SmtpTestServer::SmtpTestServer(fs::path dir, std::vector<std::string> extra, int port)
    : dir_(std::move(dir)) {
  fs::create_directories(dir_);
  const fs::path cert = dir_.parent_path() / "smtp-cert.pem";
  const fs::path key = dir_.parent_path() / "smtp-key.pem";
  if (!fs::exists(cert)) {
    const std::string command =
        "openssl req -x509 -newkey rsa:2048 -nodes -keyout " + key.string() + " -out " +
        cert.string() +
        " -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1,DNS:localhost "
        "2>/dev/null";
    if (std::system(command.c_str()) != 0)
      throw std::runtime_error("openssl could not make a certificate");
  }
  int out[2];
  if (::pipe(out) != 0) throw std::runtime_error("pipe");
  std::vector<std::string> argv = {"/usr/bin/python3",
                                   "tests/smtp_server.py",
                                   "--dir",
                                   (dir_ / "mail").string(),
                                   "--port",
                                   std::to_string(port),
                                   "--cert",
                                   cert.string(),
                                   "--key",
                                   key.string(),
                                   "--user",
                                   "tandem",
                                   "--password",
                                   "s3cret-relay"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  pid_ = ::fork();
  if (pid_ == 0) {
    ::dup2(out[1], 1);
    ::close(out[0]);
    std::vector<char*> args;
    for (std::string& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    ::execv(args[0], args.data());
    ::_exit(127);
  }
  ::close(out[1]);
  FILE* f = ::fdopen(out[0], "r");
  char line[256] = {0};
  const bool started =
      std::fgets(line, sizeof line, f) && std::sscanf(line, "listening on %d", &port_) == 1;
  std::fclose(f);
  if (!started) {
    Stop();
    throw std::runtime_error(
        "tests/smtp_server.py did not start (is python3-aiosmtpd "
        "installed? scripts/install-deps.sh installs it)");
  }
}

SmtpTestServer::~SmtpTestServer() { Stop(); }

void SmtpTestServer::Stop() {
  if (pid_ > 0) {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    pid_ = -1;
  }
}

notify::SmtpSettings SmtpTestServer::Settings(const std::string& password) const {
  notify::SmtpSettings s;
  s.url = "smtp://127.0.0.1:" + std::to_string(port_);
  s.user = "tandem";
  s.password = password;
  s.ca_file = (dir_.parent_path() / "smtp-cert.pem").string();
  s.from = {"Hematology Fellows", "program@tandem.test"};
  s.reply_to = {"", "coordinator@tandem.test"};
  s.timeout_seconds = 10;
  return s;
}

std::vector<nlohmann::json> SmtpTestServer::Received() const {
  std::vector<nlohmann::json> out;
  for (int n = 1;; ++n) {
    std::ifstream in(dir_ / "mail" / (std::to_string(n) + ".json"));
    if (!in) break;
    out.push_back(nlohmann::json::parse(in));
  }
  return out;
}

int SmtpTestServer::Count() const {
  int n = 0;
  while (fs::exists(dir_ / "mail" / (std::to_string(n + 1) + ".json"))) ++n;
  return n;
}

}  // namespace tandem::testing
