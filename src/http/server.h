// The HTTP server: Boost.Beast on Asio with C++20 coroutines. Network I/O runs
// on a few I/O threads; handlers run on a bounded worker pool, so slow or idle
// clients hold no worker. Serves /healthz, /readyz, /metrics, the routes of a
// Router, and the web app's static files.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "http/router.h"

namespace tandem::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  std::uint16_t port = 8080;  // 0: any free port (see Server::port())
  // Folder with the built web app (index.html, assets/); empty: none. Unknown
  // non-API GET paths get index.html so the app's own router can show them.
  std::string web_root;
  std::size_t max_header_bytes = 16 * 1024;
  // Time allowed to receive a whole request (header and body) once its first
  // byte arrives, and how long an idle keep-alive connection is kept.
  std::chrono::seconds read_timeout{15};
  std::chrono::seconds idle_timeout{60};
  // At shutdown, how long responses in progress may take before their
  // connections are closed and Run() returns.
  std::chrono::milliseconds shutdown_grace{10000};
  // Connections served at once; beyond it new ones wait in the listen queue
  // until one closes, so that the process keeps file descriptors for its
  // database and files.
  std::size_t max_connections = 10000;
  std::size_t io_threads = 1;
  std::size_t worker_threads = 4;
  // PEM files; both set: serve HTTPS only.
  std::string tls_cert;
  std::string tls_key;
  // JSON-lines access log: "-" for stderr, a path, or empty for none.
  std::string access_log = "-";
  // Peer addresses of reverse proxies (nginx) whose forwarding headers are
  // believed, e.g. {"127.0.0.1"}. For a request from one of them,
  // Request::remote_address is the rightmost X-Forwarded-For address that is
  // not itself a trusted proxy, and Request::secure is true when
  // X-Forwarded-Proto is "https". Empty: the headers are ignored.
  std::vector<std::string> trusted_proxies;
  // /metrics: non-empty, answered only to "Authorization: Bearer <token>"
  // (401 otherwise); empty, only to a loopback peer that sends no
  // X-Forwarded-For or Forwarded header, i.e. not through a proxy (403).
  std::string metrics_token;
};

// What the server asks of the application for its built-in endpoints.
struct ServerHooks {
  // /readyz: true when the database answers. Called on a worker thread.
  std::function<bool()> ready;
  // Extra Prometheus text appended to /metrics (database pool, jobs).
  std::function<std::string()> metrics;
};

class Server {
 public:
  // Binds the listening socket now. Throws tandem::Error(kUnavailable) when the
  // address is taken and kInvalidArgument for bad options or TLS files.
  // `router` must outlive the server.
  Server(ServerOptions options, const Router& router, ServerHooks hooks = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound port (useful with port 0).
  std::uint16_t port() const;

  // Serves until Stop() or SIGTERM/SIGINT (when `handle_signals`): then stops
  // accepting, closes idle connections, lets in-flight requests finish (up to
  // shutdown_grace, 10 s by default; their responses say "Connection:
  // close"; a client still reading then is cut off), and returns. Blocks the
  // calling thread, which becomes one of the io_threads. Call at most once;
  // the server must not be destroyed while Run() is in progress.
  void Run(bool handle_signals = true);
  // Asks Run() to return as above. Thread-safe; callable from any thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace tandem::http
