// tandem serve [--listen HOST:PORT] [--web-root DIR] [--tls-cert F --tls-key F] ...
// Runs the HTTP server (src/http) with the JSON API (src/api) and the job
// worker (src/jobs) on one database, until SIGTERM or SIGINT.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <thread>

#include "api/api.h"
#include "cli/commands.h"
#include "core/error.h"
#include "core/text.h"
#include "http/server.h"
#include "jobs/worker.h"
#include "service/accounts.h"
#include "service/resources.h"
#include "store/job_repository.h"

namespace tandem::cli {
namespace {

// "HOST:PORT", "[::1]:PORT" or ":PORT" -> host, port.
std::pair<std::string, std::uint16_t> ParseListen(const std::string& text) {
  const auto colon = text.rfind(':');
  if (colon == std::string::npos) {
    throw InvalidArgument("--listen must be HOST:PORT, e.g. 127.0.0.1:8080", "--listen");
  }
  std::string host = text.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) host = "127.0.0.1";
  const std::string port_text = text.substr(colon + 1);
  unsigned port = 0;
  auto [ptr, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
  if (ec != std::errc() || ptr != port_text.data() + port_text.size() || port > 65535) {
    throw InvalidArgument("--listen port must be a number 0..65535", "--listen");
  }
  return {host, static_cast<std::uint16_t>(port)};
}

// The web app to serve when --web-root is not given: the installed one,
// PREFIX/share/tandem/web beside PREFIX/bin/tandem, else the build tree's,
// BUILD/web/dist beside BUILD/src/cli/tandem; empty (API only) when neither
// holds an index.html.
std::string DefaultWebRoot() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec) return "";
  const fs::path dir = exe.parent_path();
  for (const fs::path& candidate :
       {dir / ".." / "share" / "tandem" / "web", dir / ".." / ".." / "web" / "dist"}) {
    if (fs::is_regular_file(candidate / "index.html", ec)) {
      const fs::path found = fs::weakly_canonical(candidate, ec);
      return ec ? candidate.string() : found.string();
    }
  }
  return "";
}

std::string JobMetrics(store::Database& db) {
  store::Transaction tx = db.Begin(false);
  const store::JobCounts c = store::JobRepository(tx).Count();
  tx.Commit();
  std::string out = "# HELP tandem_jobs Background jobs by status.\n# TYPE tandem_jobs gauge\n";
  out += fmt::format("tandem_jobs{{status=\"queued\"}} {}\n", c.queued);
  out += fmt::format("tandem_jobs{{status=\"running\"}} {}\n", c.running);
  out += fmt::format("tandem_jobs{{status=\"done\"}} {}\n", c.done);
  out += fmt::format("tandem_jobs{{status=\"failed\"}} {}\n", c.failed);
  return out;
}

// The metrics token: the first line of `path`, else $TANDEM_METRICS_TOKEN,
// else none. At least 16 characters, so that it cannot be guessed.
std::string ReadMetricsToken(const std::string& path) {
  std::string token;
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in || !std::getline(in, token)) {
      throw InvalidArgument("cannot read the metrics token file " + path, "--metrics-token-file");
    }
  } else if (const char* env = std::getenv("TANDEM_METRICS_TOKEN")) {
    token = env;
  }
  token = std::string(Trim(token));
  if (!token.empty() && token.size() < 16) {
    throw InvalidArgument(
        "the metrics token must be at least 16 characters (e.g. openssl rand "
        "-hex 32)",
        "--metrics-token-file");
  }
  return token;
}

}  // namespace

void AddServeCommand(CLI::App& app, GlobalOptions& options) {
  struct Args {
    std::string listen = "127.0.0.1:8080";
    std::string public_url;
    http::ServerOptions server;
    std::size_t pool = 0;
    std::size_t job_threads = 1;
    bool secure_cookies = false;
    bool test_clock = false;
    std::string metrics_token_file;
    MailArgs mail;
    int max_upload_mb = 10;
  };
  auto args = std::make_shared<Args>();
  args->server.worker_threads = std::max(2u, std::thread::hardware_concurrency());
  CLI::App* cmd = app.add_subcommand(
      "serve",
      "Run the web server: the JSON API under /api/v1, the web app, /healthz, /readyz and "
      "/metrics, and the background job worker. Stops cleanly on SIGTERM or Ctrl-C.");
  cmd->add_option("--listen", args->listen, "Address to listen on, HOST:PORT (port 0: any free)")
      ->capture_default_str();
  CLI::Option* web_root = cmd->add_option(
      "--web-root", args->server.web_root,
      "Folder of the built web app; \"\" for the API only. Default: the installed app "
      "(../share/tandem/web from this program), else the build tree's (build/release/web/dist)");
  cmd->add_option("--public-url", args->public_url,
                  "Base URL people open, for links in invitation and reset messages "
                  "(default: http[s]://LISTEN)");
  cmd->add_option("--tls-cert", args->server.tls_cert, "PEM certificate chain: serve HTTPS");
  cmd->add_option("--tls-key", args->server.tls_key, "PEM private key for --tls-cert");
  cmd->add_option("--trusted-proxy", args->server.trusted_proxies,
                  "Address of a reverse proxy (e.g. nginx on 127.0.0.1) whose X-Forwarded-For and "
                  "X-Forwarded-Proto are believed; repeatable");
  cmd->add_flag("--secure-cookies", args->secure_cookies,
                "Mark the session cookie Secure (behind an HTTPS proxy; automatic with TLS)");
  cmd->add_option("--workers", args->server.worker_threads, "Request handler threads")
      ->capture_default_str();
  cmd->add_option("--io-threads", args->server.io_threads, "Network threads")
      ->capture_default_str();
  cmd->add_option("--max-connections", args->server.max_connections,
                  "Client connections served at once; more wait until one closes (keep it below "
                  "the open-file limit, LimitNOFILE)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--pool", args->pool, "Database connections (default: workers + jobs + 2)");
  cmd->add_option("--job-threads", args->job_threads, "Background job threads (0: none)")
      ->capture_default_str();
  cmd->add_option("--access-log", args->server.access_log,
                  "JSON-lines access log: - for stderr, a file, or empty for none")
      ->capture_default_str();
  cmd->add_option("--metrics-token-file", args->metrics_token_file,
                  "File whose first line is the token /metrics asks for (Authorization: Bearer); "
                  "or set TANDEM_METRICS_TOKEN. Without one, /metrics answers this machine only")
      ->envname("TANDEM_METRICS_TOKEN_FILE");
  AddMailOptions(cmd, args->mail);
  cmd->add_option("--max-upload-mb", args->max_upload_mb,
                  "Largest file a coordinator may add to the resource library, in MiB")
      ->check(CLI::Range(1, 100))
      ->envname("TANDEM_MAX_UPLOAD_MB");
  cmd->add_flag("--test-clock", args->test_clock,
                "For tests only: an administrator may move the server's clock forward with "
                "POST /api/v1/test/clock. Refused unless listening on a loopback address "
                "without TLS");
  cmd->callback([&options, args, web_root] {
    const auto [host, port] = ParseListen(args->listen);
    if (web_root->count() == 0) args->server.web_root = DefaultWebRoot();
    args->server.host = host;
    args->server.port = port;
    if (args->server.tls_cert.empty() != args->server.tls_key.empty()) {
      throw InvalidArgument("--tls-cert and --tls-key go together", "--tls-cert");
    }
    const bool tls = !args->server.tls_cert.empty();
    args->server.metrics_token = ReadMetricsToken(args->metrics_token_file);
    const std::size_t pool =
        args->pool > 0 ? args->pool : args->server.worker_threads + args->job_threads + 2;
    std::shared_ptr<MovableClock> test_clock;
    if (args->test_clock) {
      if ((host != "127.0.0.1" && host != "::1" && host != "localhost") || tls) {
        throw InvalidArgument(
            "--test-clock lets an administrator move time: only on a loopback address without "
            "TLS, never in production",
            "--test-clock");
      }
      test_clock = std::make_shared<MovableClock>();
      std::cerr << "tandem serve: --test-clock: POST /api/v1/test/clock moves this server's "
                   "time (tests only)\n";
    }
    const notify::SmtpSettings smtp = MailSettings(args->mail);
    auto db = store::Database::Open(options.db, pool, test_clock);
    db->Migrate();

    std::unique_ptr<jobs::Worker> worker;
    if (args->job_threads > 0) {
      worker = std::make_unique<jobs::Worker>(
          *db, jobs::StandardHandlers(*db, smtp),
          jobs::WorkerOptions{.threads = args->job_threads,
                              .recurring = jobs::StandardRecurringJobs()});
      worker->Start();
    }
    api::ApiOptions api_options;
    api_options.test_clock = test_clock.get();
    api_options.mail_delivery = smtp.configured();
    api_options.secure_cookies = args->secure_cookies || tls;
    api_options.job_queued = [w = worker.get()] {
      if (w != nullptr) w->Notify();
    };
    http::Router router;
    service::SetMaxResourceBytes(std::int64_t{args->max_upload_mb} << 20);
    api::AddRoutes(router, *db, api_options);

    store::Database& database = *db;
    http::ServerHooks hooks;
    hooks.ready = [&database] { return database.Ping(); };
    hooks.metrics = [&database] {
      std::string out =
          "# HELP tandem_db_connections Database connections by state.\n"
          "# TYPE tandem_db_connections gauge\n";
      out += fmt::format("tandem_db_connections{{state=\"in_use\"}} {}\n",
                         database.connections_in_use());
      out += fmt::format("tandem_db_connections{{state=\"total\"}} {}\n", database.pool_size());
      try {
        out += JobMetrics(database);
      } catch (const Error&) {
        // The database is away: /readyz says so; metrics stay available.
      }
      return out;
    };
    http::Server server(args->server, router, hooks);
    const std::string scheme = tls ? "https" : "http";
    service::SetPublicBaseUrl(!args->public_url.empty()
                                  ? args->public_url
                                  : fmt::format("{}://{}:{}", scheme, host, server.port()));
    std::cout << fmt::format(
                     "Tandem is serving on {}://{}:{} (database {}, {} workers, {})\n", scheme,
                     host, server.port(),
                     database.dialect() == store::Dialect::kSqlite ? "SQLite" : "PostgreSQL",
                     args->server.worker_threads,
                     args->server.web_root.empty() ? "API only"
                                                   : "web app from " + args->server.web_root)
              << std::flush;
    server.Run();
    if (worker) worker->Stop();
    std::cout << "Tandem stopped.\n";
  });
}

}  // namespace tandem::cli
