#include "http/server.h"

// <utility> must come before Asio with Boost 1.74 and C++20 coroutines.
#include <utility>

#include <time.h>

#include <algorithm>
#include <atomic>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/stream_traits.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <cctype>
#include <chrono>
#include <csignal>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <vector>

#include "core/error.h"
#include "core/log.h"
#include "core/text.h"
#include "http/access_log.h"
#include "http/metrics.h"
#include "http/static_files.h"
#include "http/status.h"

namespace tandem::http {
namespace {

// The Content-Security-Policy of HTML pages (the web app): scripts, styles,
// images and API calls from this origin only; inline style attributes are
// allowed (the components set widths), inline scripts are not.
constexpr const char* kPageSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";
// Pages use no camera, microphone, location, payment or USB, and no page of
// another origin may embed them with those powers.
constexpr const char* kPagePermissionsPolicy =
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), display-capture=(), "
    "interest-cohort=()";

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using Clock = std::chrono::steady_clock;
using boost::system::error_code;

constexpr auto kUseAwaitable = asio::use_awaitable;
constexpr std::chrono::seconds kLingerTime{2};
constexpr std::size_t kFirstReadBytes = 2048;
constexpr std::size_t kIdleBufferCapacity = 16 * 1024;

auto Redirect(error_code& ec) { return asio::redirect_error(kUseAwaitable, ec); }

bool IsApiPath(std::string_view path) { return path == "/api" || path.substr(0, 5) == "/api/"; }

// "Sun, 06 Nov 1994 08:49:37 GMT", formatted once per second per thread.
const std::string& HttpDate() {
  thread_local time_t cached_second = 0;
  thread_local std::string cached;
  time_t now = time(nullptr);
  if (now != cached_second) {
    struct tm tm;
    gmtime_r(&now, &tm);
    char buffer[64];
    std::size_t n = strftime(buffer, sizeof buffer, "%a, %d %b %Y %H:%M:%S GMT", &tm);
    cached.assign(buffer, n);
    cached_second = now;
  }
  return cached;
}

// Logs a failure (a handler's exception, ...); the client only sees a generic
// message.
void LogFailure(std::string_view route, std::string_view what) {
  Log(LogLevel::kError, "http", what, {{"route", route}});
}

class ConnectionBase {
 public:
  virtual ~ConnectionBase() = default;
  virtual asio::any_io_executor executor() = 0;
  // Runs on the connection's executor once shutdown begins: an idle connection
  // closes now; a busy one after its response.
  virtual void OnStop() = 0;
  // Runs on the connection's executor when the grace period is over: the
  // response still being sent is cut off (and logged as aborted).
  virtual void OnForceStop() = 0;
};

}  // namespace

// The server's state; Server::Impl is this (a named type the connections can use).
struct ServerCore {
  ServerCore(ServerOptions opts, const Router& r, ServerHooks h);
  ~ServerCore();

  // Route ids for metrics: router routes first, then these.
  int StaticRoute() const { return static_cast<int>(router.routes().size()); }
  int UnmatchedRoute() const { return StaticRoute() + 1; }
  int HealthzRoute() const { return StaticRoute() + 2; }
  int ReadyzRoute() const { return StaticRoute() + 3; }
  int MetricsRoute() const { return StaticRoute() + 4; }
  std::string_view RouteLabel(int id) const;

  asio::awaitable<void> Accept();
  void StartConnection(tcp::socket socket);
  void Register(const std::shared_ptr<ConnectionBase>& connection);
  void Unregister(ConnectionBase* connection);
  // Posts `call` to every open connection on its own executor; returns how many.
  std::size_t ForEachConnection(void (ConnectionBase::*call)());
  void BeginShutdown();
  asio::awaitable<void> FlushLogPeriodically();

  ServerOptions options;
  const Router& router;
  ServerHooks hooks;
  StaticFiles static_files;
  AccessLog access_log;
  Metrics metrics;
  std::vector<std::string> route_labels;

  std::mutex connections_mutex;
  std::unordered_map<ConnectionBase*, std::weak_ptr<ConnectionBase>> connections;
  std::atomic<bool> stopping{false};
  std::atomic<bool> destroying{false};

  // Destroyed before the members above (pending handlers own connections, whose
  // destructors call Unregister).
  asio::io_context ioc;
  asio::thread_pool workers;
  tcp::acceptor acceptor;
  std::unique_ptr<asio::ssl::context> tls;
  asio::signal_set signals;
  asio::steady_timer shutdown_timer;
  std::uint16_t bound_port = 0;
};

namespace {

std::vector<std::string> RouteLabels(const Router& router) {
  std::vector<std::string> labels;
  for (const Route& route : router.routes()) labels.push_back(route.pattern);
  for (const char* extra : {"static", "unmatched", "/healthz", "/readyz", "/metrics"}) {
    labels.emplace_back(extra);
  }
  return labels;
}

// Runs `fn` (which must not throw) on the worker pool and resumes the calling
// coroutine on its own executor with the result.
template <class Fn>
asio::awaitable<Response> OnPool(asio::thread_pool& pool, Fn fn) {
  return asio::async_initiate<decltype(kUseAwaitable), void(Response)>(
      [&pool, fn = std::move(fn)](auto handler) mutable {
        asio::post(pool, [handler = std::move(handler), fn = std::move(fn)]() mutable {
          Response response = fn();
          auto executor = asio::get_associated_executor(handler);
          asio::dispatch(executor,
                         [handler = std::move(handler), response = std::move(response)]() mutable {
                           std::move(handler)(std::move(response));
                         });
        });
      },
      kUseAwaitable);
}

// One client connection: reads requests one after another (pipelined ones
// too), runs handlers on the worker pool, writes responses. A watchdog
// coroutine enforces the idle and read deadlines by cancelling socket I/O.
template <class Stream>
class Connection : public ConnectionBase {
 public:
  static constexpr bool kTls = !std::is_same_v<Stream, tcp::socket>;

  Connection(ServerCore& server, Stream stream)
      : server_(server),
        stream_(std::move(stream)),
        timer_(stream_.get_executor()),
        deadline_(Clock::now() + server.options.read_timeout) {
    error_code ec;
    auto endpoint = socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
    const auto& proxies = server.options.trusted_proxies;
    peer_is_proxy_ = std::find(proxies.begin(), proxies.end(), remote_address_) != proxies.end();
  }
  ~Connection() override { server_.Unregister(this); }

  asio::any_io_executor executor() override { return stream_.get_executor(); }

  void OnStop() override {
    if (idle_) {
      error_code ec;
      socket().cancel(ec);
    }
  }

  void OnForceStop() override {
    error_code ec;
    socket().cancel(ec);
  }

  // `self` keeps the connection alive while the coroutine runs.
  asio::awaitable<void> Run(std::shared_ptr<Connection> self) {
    asio::co_spawn(stream_.get_executor(), Watchdog(self), asio::detached);
    bool ok = true;
    if constexpr (kTls) {
      error_code ec;
      SetDeadline(server_.options.read_timeout);
      co_await stream_.async_handshake(asio::ssl::stream_base::server, Redirect(ec));
      ok = !ec;
    }
    beast::flat_buffer buffer;
    try {
      while (ok) {
        ok = co_await ServeOne(buffer);
      }
    } catch (const std::exception& e) {
      // A bug or out of memory: drop this connection, keep the server.
      LogFailure("connection", e.what());
    }
    closed_ = true;
    timer_.cancel();
    error_code ec;
    socket().shutdown(tcp::socket::shutdown_both, ec);
    socket().close(ec);
  }

 private:
  tcp::socket& socket() { return beast::get_lowest_layer(stream_); }

  void SetDeadline(std::chrono::steady_clock::duration after) {
    deadline_ = Clock::now() + after;
    timed_out_ = false;
    // The watchdog sleeps until the old deadline; wake it if the new one is
    // sooner. Later deadlines need no wake-up (it re-checks when it fires).
    if (deadline_ < timer_.expiry()) timer_.cancel();
  }

  asio::awaitable<void> Watchdog([[maybe_unused]] std::shared_ptr<Connection> self) {
    while (!closed_) {
      if (deadline_ <= Clock::now()) {
        timed_out_ = true;
        error_code ec;
        socket().cancel(ec);
        timer_.expires_after(std::chrono::seconds(1));
      } else {
        timer_.expires_at(deadline_);
      }
      error_code ec;
      co_await timer_.async_wait(Redirect(ec));
    }
  }

  struct Outcome {
    Response response;
    int route = 0;
    bool keep_alive = false;
    bool unread_body = false;  // the client may still be sending a body
  };

  // Reads, handles and answers one request. Returns whether to go on with the
  // connection.
  asio::awaitable<bool> ServeOne(beast::flat_buffer& buffer) {
    error_code ec;
    if (buffer.size() == 0) {
      if (server_.stopping.load(std::memory_order_relaxed)) co_return false;
      if (buffer.capacity() > kIdleBufferCapacity) buffer.shrink_to_fit();
      idle_ = true;
      SetDeadline(server_.options.idle_timeout);
      std::size_t n =
          co_await stream_.async_read_some(buffer.prepare(kFirstReadBytes), Redirect(ec));
      idle_ = false;
      if (ec) co_return false;  // closed by the client, idle timeout, or shutdown
      buffer.commit(n);
    }

    Clock::time_point start = Clock::now();
    auto wall_start = std::chrono::system_clock::now();
    SetDeadline(server_.options.read_timeout);
    server_.metrics.requests_in_flight.fetch_add(1, std::memory_order_relaxed);
    struct InFlight {
      Metrics& metrics;
      ~InFlight() { metrics.requests_in_flight.fetch_sub(1, std::memory_order_relaxed); }
    } in_flight{server_.metrics};

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(server_.options.max_header_bytes));
    // Checked per route below (Beast 1.74 mishandles an unset limit).
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    co_await bhttp::async_read_header(stream_, buffer, parser, Redirect(ec));

    Outcome out;
    out.route = server_.UnmatchedRoute();
    std::string method = "other";
    Request request;
    unsigned version = 11;
    bool head = false;
    if (ec) {
      if (ec == bhttp::error::header_limit) {
        out.response = ErrorResponse(431, "header_too_large", "request header too large");
      } else if (timed_out_) {
        out.response = ErrorResponse(408, "timeout", "request not received in time");
      } else if (ec == bhttp::error::end_of_stream || ec == asio::error::eof ||
                 ec == asio::error::operation_aborted || ec == asio::error::connection_reset ||
                 ec == bhttp::error::partial_message) {
        co_return false;  // the client went away
      } else if (ec == bhttp::error::bad_version) {
        out.response =
            ErrorResponse(505, "http_version_not_supported", "only HTTP/1.0 and 1.1 are served");
      } else {
        out.response = ErrorResponse(400, "invalid_argument", "malformed request");
      }
      out.unread_body = true;
    } else {
      auto& header = parser.get();
      version = header.version();
      head = header.method() == bhttp::verb::head;
      method.assign(header.method_string().data(), header.method_string().size());
      request.method = method;
      request.target.assign(header.target().data(), header.target().size());
      request.headers.reserve(16);
      for (const auto& field : header) {
        std::string name(field.name_string().data(), field.name_string().size());
        for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        request.headers.emplace_back(std::move(name),
                                     std::string(field.value().data(), field.value().size()));
      }
      request.remote_address = remote_address_;
      request.secure = kTls;
      if (peer_is_proxy_) ApplyForwardedHeaders(request);
      out.keep_alive = header.keep_alive();
      out.unread_body = !parser.is_done();
      if (auto refusal = CheckFraming(header, parser.chunked())) {
        out.response = std::move(*refusal);
        out.keep_alive = false;  // where this request ends is not known
      } else {
        co_await Dispatch(parser, buffer, request, out);
      }
    }

    // Write the response.
    Response& response = out.response;
    bool stopping = server_.stopping.load(std::memory_order_relaxed);
    bool keep_alive = out.keep_alive && !out.unread_body && !stopping && !timed_out_;
    bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(response.status), version};
    res.set(bhttp::field::date, HttpDate());
    if (!response.content_type.empty()) res.set(bhttp::field::content_type, response.content_type);
    // On every answer: no MIME sniffing, no framing (clickjacking), no
    // addresses leaked to other sites; pages may load only our own code.
    res.set("X-Content-Type-Options", "nosniff");
    res.set("X-Frame-Options", "DENY");
    res.set("Referrer-Policy", "same-origin");
    // Other origins may not load our answers as scripts or images.
    res.set("Cross-Origin-Resource-Policy", "same-origin");
    if (response.content_type.rfind("text/html", 0) == 0) {
      res.set("Content-Security-Policy", kPageSecurityPolicy);
      res.set("Permissions-Policy", kPagePermissionsPolicy);
      // A window this page opens (or that opened it) gets no handle on it.
      res.set("Cross-Origin-Opener-Policy", "same-origin");
    }
    // Over HTTPS, browsers are to stay on HTTPS for this host.
    if (request.secure) res.set("Strict-Transport-Security", "max-age=31536000");
    // Answers hold personal data or depend on who asks, and errors pass:
    // no cache keeps an answer unless it says otherwise (static files do).
    if (std::none_of(response.headers.begin(), response.headers.end(),
                     [](const auto& h) { return beast::iequals(h.first, "Cache-Control"); })) {
      res.set(bhttp::field::cache_control, "no-store");
    }
    for (const auto& [name, value] : response.headers) {
      // Never let a value taken from input split the header.
      if (name.empty() || name.find_first_of(":\r\n") != std::string::npos ||
          value.find_first_of("\r\n") != std::string::npos) {
        continue;
      }
      res.insert(name, value);
    }
    res.keep_alive(keep_alive);
    bool bodiless = response.status == 204 || response.status == 304 || response.status < 200;
    std::uint64_t bytes = bodiless ? 0 : response.body.size();
    if (!bodiless) res.body() = std::move(response.body);
    res.prepare_payload();
    // A 304 or 204 has no body and says nothing of its length (a 304's
    // Content-Length would have to be that of the 200).
    if (bodiless) res.erase(bhttp::field::content_length);
    if (head) res.body().clear();  // Content-Length stays that of the GET
    SetDeadline(server_.options.read_timeout);
    co_await bhttp::async_write(stream_, res, Redirect(ec));
    const bool aborted = static_cast<bool>(ec);
    if (ec) keep_alive = false;

    double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    server_.metrics.Record(out.route, method, response.status, seconds);
    if (server_.access_log.enabled()) {
      server_.access_log.Write(AccessRecord{wall_start, method, server_.RouteLabel(out.route),
                                            response.status, seconds * 1000.0, request.user_id,
                                            bytes, aborted});
    }
    if (!keep_alive && !ec && out.unread_body) co_await LingeringClose();
    co_return keep_alive;
  }

  // Routes the request whose header is read; reads the body if the route takes
  // one; runs the handler (or a built-in) on the worker pool.
  asio::awaitable<void> Dispatch(bhttp::request_parser<bhttp::string_body>& parser,
                                 beast::flat_buffer& buffer, Request& request, Outcome& out) {
    ServerCore& s = server_;
    if (!ParseTarget(request)) {
      out.response = ErrorResponse(400, "invalid_argument", "malformed request target");
      co_return;
    }
    const std::string& path = request.path;
    bool get_or_head = request.method == "GET" || request.method == "HEAD";
    if (path == "/healthz" || path == "/readyz" || path == "/metrics") {
      out.route = path == "/healthz"  ? s.HealthzRoute()
                  : path == "/readyz" ? s.ReadyzRoute()
                                      : s.MetricsRoute();
      if (!get_or_head) {
        out.response = ErrorResponse(405, "method_not_allowed", "method not allowed");
        out.response.headers.emplace_back("Allow", "GET, HEAD");
      } else if (out.route == s.HealthzRoute()) {
        out.response = Response::Json("{\"status\":\"ok\"}");
      } else if (out.route == s.ReadyzRoute()) {
        out.response = co_await OnPool(s.workers, [&s]() {
          bool ready = true;
          try {
            ready = !s.hooks.ready || s.hooks.ready();
          } catch (const std::exception& e) {
            LogFailure("/readyz", e.what());
            ready = false;
          }
          return ready ? Response::Json("{\"status\":\"ready\"}")
                       : ErrorResponse(503, "unavailable", "not ready");
        });
      } else if (auto refusal = MetricsRefusal(request)) {
        out.response = std::move(*refusal);
      } else {
        out.response = co_await OnPool(s.workers, [&s]() {
          Response response;
          response.content_type = "text/plain; version=0.0.4; charset=utf-8";
          response.body = s.metrics.Render();
          try {
            if (s.hooks.metrics) response.body += s.hooks.metrics();
          } catch (const std::exception& e) {
            LogFailure("/metrics", e.what());
          }
          return response;
        });
      }
      co_return;
    }

    RouteMatch match = s.router.Match(request.method, path, request.params);
    if (match.route != nullptr) {
      const Route& route = *match.route;
      out.route = static_cast<int>(match.route - s.router.routes().data());
      request.route = route.pattern;
      std::uint64_t limit = route.options.max_body_bytes;
      auto length = parser.content_length();
      if (length && *length > limit) {
        out.response = ErrorResponse(413, "payload_too_large", "request body too large");
        co_return;
      }
      if (!parser.is_done()) {
        error_code ec;
        parser.body_limit(limit);  // also bounds a chunked body as it grows
        auto expect = parser.get()[bhttp::field::expect];
        if (beast::iequals(expect, "100-continue")) {
          bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
          co_await bhttp::async_write(stream_, go_on, Redirect(ec));
        }
        if (!ec) co_await bhttp::async_read(stream_, buffer, parser, Redirect(ec));
        if (ec == bhttp::error::body_limit) {
          out.response = ErrorResponse(413, "payload_too_large", "request body too large");
          co_return;
        }
        if (ec) {
          out.response = timed_out_
                             ? ErrorResponse(408, "timeout", "request not received in time")
                             : ErrorResponse(400, "invalid_argument", "malformed request body");
          co_return;
        }
        out.unread_body = false;
        request.body = std::move(parser.get().body());
      }
      out.response = co_await OnPool(s.workers, [&route, &request]() -> Response {
        try {
          return route.handler(request);
        } catch (const Error& e) {
          if (e.code() == ErrorCode::kInternal) {
            LogFailure(route.pattern, e.message());
            return ErrorResponse(500, "internal", "internal error");
          }
          return ErrorResponse(e);
        } catch (const std::exception& e) {
          LogFailure(route.pattern, e.what());
          return ErrorResponse(500, "internal", "internal error");
        } catch (...) {
          LogFailure(route.pattern, "unknown exception");
          return ErrorResponse(500, "internal", "internal error");
        }
      });
      co_return;
    }
    if (match.path_known) {
      out.response = ErrorResponse(405, "method_not_allowed", "method not allowed");
      std::string allow;
      for (const std::string& m : match.allowed_methods) {
        if (!allow.empty()) allow += ", ";
        allow += m;
      }
      out.response.headers.emplace_back("Allow", std::move(allow));
      co_return;
    }
    if (!IsApiPath(path) && !get_or_head && s.static_files.enabled()) {
      out.route = s.StaticRoute();
      out.response = ErrorResponse(405, "method_not_allowed", "method not allowed");
      out.response.headers.emplace_back("Allow", "GET, HEAD");
      co_return;
    }
    if (!IsApiPath(path) && get_or_head && s.static_files.enabled()) {
      out.route = s.StaticRoute();
      out.response = co_await OnPool(s.workers, [&s, &request]() -> Response {
        try {
          return s.static_files.Serve(request);
        } catch (const std::exception& e) {
          LogFailure("static", e.what());
          return ErrorResponse(500, "internal", "internal error");
        }
      });
      co_return;
    }
    out.response = ErrorResponse(404, "not_found", "no such resource");
  }

  // Refuses a request whose framing or target host is ambiguous, so that no
  // proxy in front can read it differently (request smuggling): a
  // Transfer-Encoding whose last coding is not chunked (400: where the body
  // ends is unknown), codings other than chunked (501), and an HTTP/1.1
  // request without exactly one Host (400, RFC 9112 3.2).
  static std::optional<Response> CheckFraming(const bhttp::request_header<>& header, bool chunked) {
    std::size_t hosts = 0, codings = 0;
    for (const auto& field : header) {
      if (field.name() == bhttp::field::host) ++hosts;
      if (field.name() != bhttp::field::transfer_encoding) continue;
      std::string_view list(field.value().data(), field.value().size());
      while (!list.empty()) {
        std::size_t comma = list.find(',');
        std::string_view item = list.substr(0, comma);
        list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t'))
          item.remove_prefix(1);
        if (!item.empty()) ++codings;
      }
      if (codings == 0) ++codings;  // an empty value is not chunked either
    }
    if (codings > 0 && !chunked) {
      return ErrorResponse(400, "invalid_argument", "Transfer-Encoding must end with chunked");
    }
    if (codings > 1) {
      return ErrorResponse(501, "not_implemented", "only the chunked transfer coding is supported");
    }
    if (header.version() >= 11 && hosts != 1) {
      return ErrorResponse(400, "invalid_argument", "an HTTP/1.1 request needs one Host header");
    }
    return std::nullopt;
  }

  // /metrics tells how busy the server is and which routes fail: with a
  // metrics token, only to requests bearing it; without one, only to this
  // machine (a loopback peer that forwards for no one). nullopt: allowed.
  std::optional<Response> MetricsRefusal(const Request& request) const {
    const std::string& token = server_.options.metrics_token;
    if (!token.empty()) {
      auto sent = request.Header("authorization");
      constexpr std::string_view kBearer = "bearer ";
      if (sent && sent->size() > kBearer.size() &&
          ToLower(sent->substr(0, kBearer.size())) == kBearer &&
          ConstantTimeEquals(sent->substr(kBearer.size()), token)) {
        return std::nullopt;
      }
      Response refusal = ErrorResponse(
          Error(ErrorCode::kUnauthenticated,
                "metrics need the metrics token: send Authorization: Bearer <token>"));
      refusal.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"tandem-metrics\"");
      return refusal;
    }
    error_code ec;
    auto peer = asio::ip::make_address(remote_address_, ec);
    bool local =
        !ec && (peer.is_loopback() ||
                (peer.is_v6() && peer.to_v6().is_v4_mapped() &&
                 asio::ip::make_address_v4(asio::ip::v4_mapped, peer.to_v6()).is_loopback()));
    if (local && !request.Header("x-forwarded-for") && !request.Header("forwarded")) {
      return std::nullopt;
    }
    return ErrorResponse(
        Error(ErrorCode::kPermissionDenied,
              "metrics are served to this machine only; start the server with a "
              "metrics token (--metrics-token-file) to scrape them from elsewhere"));
  }

  // The client's address and scheme as a trusted proxy reports them.
  void ApplyForwardedHeaders(Request& request) {
    const auto& proxies = server_.options.trusted_proxies;
    std::string_view client;
    for (const auto& [name, value] : request.headers) {
      if (name == "x-forwarded-for") {
        // Walk from the right: the nearest hops are proxies we trust.
        std::string_view list = value;
        while (!list.empty()) {
          std::size_t comma = list.rfind(',');
          std::string_view item = comma == std::string_view::npos ? list : list.substr(comma + 1);
          list = comma == std::string_view::npos ? std::string_view() : list.substr(0, comma);
          while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
          while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
          if (item.empty()) continue;
          client = item;
          if (std::find(proxies.begin(), proxies.end(), item) == proxies.end()) break;
        }
      } else if (name == "x-forwarded-proto") {
        request.secure = request.secure || value == "https";
      }
    }
    if (!client.empty() && client.size() <= 64) request.remote_address.assign(client);
  }

  // After refusing a request whose body the client may still be sending:
  // stop sending, then drain what arrives for a moment so that closing does
  // not reset the connection before the client reads the response.
  asio::awaitable<void> LingeringClose() {
    if constexpr (!kTls) {
      error_code ec;
      socket().shutdown(tcp::socket::shutdown_send, ec);
      SetDeadline(kLingerTime);
      char sink[4096];
      std::size_t drained = 0;
      while (!ec && drained < (8u << 20)) {
        drained += co_await socket().async_read_some(asio::buffer(sink), Redirect(ec));
      }
    }
    co_return;
  }

  ServerCore& server_;
  Stream stream_;
  asio::steady_timer timer_;
  Clock::time_point deadline_;
  std::string remote_address_;
  bool peer_is_proxy_ = false;
  bool idle_ = false;
  bool timed_out_ = false;
  bool closed_ = false;
};

}  // namespace

ServerCore::ServerCore(ServerOptions opts, const Router& r, ServerHooks h)
    : options(std::move(opts)),
      router(r),
      hooks(std::move(h)),
      static_files(options.web_root),
      access_log(options.access_log),
      metrics(RouteLabels(r)),
      route_labels(RouteLabels(r)),
      ioc(static_cast<int>(std::max<std::size_t>(options.io_threads, 1))),
      workers(std::max<std::size_t>(options.worker_threads, 1)),
      acceptor(ioc),
      signals(ioc),
      shutdown_timer(ioc) {
  if (options.io_threads == 0 || options.worker_threads == 0) {
    throw Error(ErrorCode::kInvalidArgument, "io_threads and worker_threads must be at least 1");
  }
  if (options.max_connections == 0) {
    throw Error(ErrorCode::kInvalidArgument, "max_connections must be at least 1",
                "max_connections");
  }
  if (options.max_header_bytes == 0 || options.max_header_bytes > (1u << 30)) {
    throw Error(ErrorCode::kInvalidArgument, "max_header_bytes out of range", "max_header_bytes");
  }
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    throw Error(ErrorCode::kInvalidArgument, "TLS needs both a certificate and a key", "tls_cert");
  }
  if (!options.tls_cert.empty()) {
    tls = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
    tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                     asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                     asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
    try {
      tls->use_certificate_chain_file(options.tls_cert);
    } catch (const boost::system::system_error& e) {
      throw Error(ErrorCode::kInvalidArgument,
                  "cannot use TLS certificate " + options.tls_cert + ": " + e.what(), "tls_cert");
    }
    try {
      tls->use_private_key_file(options.tls_key, asio::ssl::context::pem);
    } catch (const boost::system::system_error& e) {
      throw Error(ErrorCode::kInvalidArgument,
                  "cannot use TLS key " + options.tls_key + ": " + e.what(), "tls_key");
    }
  }

  error_code ec;
  tcp::endpoint endpoint;
  auto address = asio::ip::make_address(options.host, ec);
  if (!ec) {
    endpoint = tcp::endpoint(address, options.port);
  } else {
    tcp::resolver resolver(ioc);
    auto results =
        resolver.resolve(options.host, std::to_string(options.port), tcp::resolver::passive, ec);
    if (ec || results.empty()) {
      throw Error(ErrorCode::kInvalidArgument, "cannot resolve listen host " + options.host,
                  "host");
    }
    endpoint = results.begin()->endpoint();
  }
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    throw Error(ErrorCode::kUnavailable, "cannot listen on " + options.host + ":" +
                                             std::to_string(options.port) + ": " + ec.message());
  }
  bound_port = acceptor.local_endpoint().port();
}

ServerCore::~ServerCore() {
  destroying = true;
  error_code ec;
  acceptor.close(ec);
  // Let running handlers finish before the io_context (their results' target)
  // goes away.
  workers.join();
}

std::string_view ServerCore::RouteLabel(int id) const {
  return route_labels[static_cast<std::size_t>(id)];
}

asio::awaitable<void> ServerCore::Accept() {
  asio::steady_timer pause(ioc);
  for (;;) {
    error_code ec;
    // At the limit, leave new clients in the listen queue until one leaves.
    while (metrics.connections_open.load(std::memory_order_relaxed) >=
               static_cast<std::int64_t>(options.max_connections) &&
           !stopping.load()) {
      pause.expires_after(std::chrono::milliseconds(20));
      co_await pause.async_wait(Redirect(ec));
    }
    tcp::socket socket(options.io_threads > 1 ? asio::any_io_executor(asio::make_strand(ioc))
                                              : asio::any_io_executor(ioc.get_executor()));
    co_await acceptor.async_accept(socket, Redirect(ec));
    if (stopping.load()) co_return;
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor.is_open()) co_return;
      // Out of file descriptors or memory: back off instead of spinning.
      pause.expires_after(std::chrono::milliseconds(50));
      co_await pause.async_wait(Redirect(ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    try {
      StartConnection(std::move(socket));
    } catch (const std::exception& e) {
      LogFailure("accept", e.what());
    }
  }
}

void ServerCore::StartConnection(tcp::socket socket) {
  metrics.connections_open.fetch_add(1, std::memory_order_relaxed);
  if (tls) {
    using TlsStream = beast::ssl_stream<tcp::socket>;
    auto connection =
        std::make_shared<Connection<TlsStream>>(*this, TlsStream(std::move(socket), *tls));
    Register(connection);
    asio::co_spawn(connection->executor(), connection->Run(connection), asio::detached);
  } else {
    auto connection = std::make_shared<Connection<tcp::socket>>(*this, std::move(socket));
    Register(connection);
    asio::co_spawn(connection->executor(), connection->Run(connection), asio::detached);
  }
}

void ServerCore::Register(const std::shared_ptr<ConnectionBase>& connection) {
  std::lock_guard lock(connections_mutex);
  connections.emplace(connection.get(), connection);
}

void ServerCore::Unregister(ConnectionBase* connection) {
  metrics.connections_open.fetch_sub(1, std::memory_order_relaxed);
  bool last;
  {
    std::lock_guard lock(connections_mutex);
    connections.erase(connection);
    last = connections.empty();
  }
  if (last && stopping.load() && !destroying.load()) {
    asio::post(ioc, [this]() { ioc.stop(); });
  }
}

std::size_t ServerCore::ForEachConnection(void (ConnectionBase::*call)()) {
  std::vector<std::shared_ptr<ConnectionBase>> open;
  {
    std::lock_guard lock(connections_mutex);
    for (auto& [raw, weak] : connections) {
      if (auto connection = weak.lock()) open.push_back(std::move(connection));
    }
  }
  for (auto& connection : open) {
    asio::post(connection->executor(), [connection, call]() { ((*connection).*call)(); });
  }
  return open.size();
}

void ServerCore::BeginShutdown() {
  if (stopping.exchange(true)) return;
  error_code ec;
  acceptor.close(ec);
  signals.cancel(ec);
  if (ForEachConnection(&ConnectionBase::OnStop) == 0) {
    ioc.stop();
    return;
  }
  shutdown_timer.expires_after(options.shutdown_grace);
  shutdown_timer.async_wait([this](error_code wait_ec) {
    if (wait_ec) return;
    // Cut off what is still being sent, so that it is logged; the last
    // connection to go stops the loop. Whatever still hangs on is dropped a
    // moment later.
    ForEachConnection(&ConnectionBase::OnForceStop);
    shutdown_timer.expires_after(std::chrono::milliseconds(500));
    shutdown_timer.async_wait([this](error_code ec) {
      if (!ec) ioc.stop();
    });
  });
}

asio::awaitable<void> ServerCore::FlushLogPeriodically() {
  asio::steady_timer timer(ioc);
  while (!stopping.load()) {
    timer.expires_after(std::chrono::seconds(1));
    error_code ec;
    co_await timer.async_wait(Redirect(ec));
    access_log.Flush();
  }
}

struct Server::Impl : ServerCore {
  using ServerCore::ServerCore;
};

Server::Server(ServerOptions options, const Router& router, ServerHooks hooks)
    : impl_(std::make_unique<Impl>(std::move(options), router, std::move(hooks))) {}

Server::~Server() = default;

std::uint16_t Server::port() const { return impl_->bound_port; }

void Server::Run(bool handle_signals) {
  Impl& s = *impl_;
  if (handle_signals) {
    s.signals.add(SIGINT);
    s.signals.add(SIGTERM);
    s.signals.async_wait([&s](error_code ec, int) {
      if (!ec) s.BeginShutdown();
    });
  }
  auto work = asio::make_work_guard(s.ioc);
  asio::co_spawn(s.ioc, s.Accept(), asio::detached);
  if (s.access_log.enabled()) asio::co_spawn(s.ioc, s.FlushLogPeriodically(), asio::detached);
  std::vector<std::thread> threads;
  for (std::size_t i = 1; i < s.options.io_threads; ++i) {
    threads.emplace_back([&s]() { s.ioc.run(); });
  }
  s.ioc.run();
  for (std::thread& thread : threads) thread.join();
  s.access_log.Flush();
}

void Server::Stop() {
  Impl& s = *impl_;
  asio::post(s.ioc, [&s]() { s.BeginShutdown(); });
}

}  // namespace tandem::http
