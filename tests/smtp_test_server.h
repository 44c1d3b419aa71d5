// tests/smtp_server.py (a real SMTP server on loopback: Debian's aiosmtpd)
// in a child process, with a throwaway certificate for STARTTLS, for the
// e-mail tests and the delivery benchmark.
#pragma once

#include <sys/types.h>

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "notify/smtp.h"

namespace tandem::testing {

class SmtpTestServer {
 public:
  // Makes `dir` (removed by the destructor when `own_dir`) with a self-signed
  // certificate for 127.0.0.1 unless one is there, and starts the server with
  // STARTTLS and AUTH (user "tandem", password "s3cret-relay") plus `extra`
  // options, on `port` (0: a free one). Throws std::runtime_error when it
  // cannot start (python3-aiosmtpd or openssl missing: install-deps.sh).
  SmtpTestServer(std::filesystem::path dir, std::vector<std::string> extra = {}, int port = 0);
  ~SmtpTestServer();
  SmtpTestServer(const SmtpTestServer&) = delete;
  SmtpTestServer& operator=(const SmtpTestServer&) = delete;

  void Stop();
  int port() const { return port_; }
  // Settings that reach this server (`password` to test a wrong one).
  notify::SmtpSettings Settings(const std::string& password = "s3cret-relay") const;
  // The messages received so far as Python's MIME parser read them, in order.
  std::vector<nlohmann::json> Received() const;
  // How many messages have arrived (cheaper than Received()).
  int Count() const;

 private:
  std::filesystem::path dir_;
  pid_t pid_ = -1;
  int port_ = 0;
};

}  // namespace tandem::testing
