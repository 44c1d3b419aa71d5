// The server over real loopback HTTP: a Server with toy routes runs in this
// process and the tests talk to it with plain POSIX sockets (and Beast for
// the TLS request).
#include "http/server.h"

#include <utility>  // before Asio (Boost 1.74 coroutines)

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <map>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "http/access_log.h"

namespace tandem::http {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// --- A minimal HTTP/1.1 client over POSIX sockets ---------------------------

struct ClientResponse {
  int status = 0;
  std::map<std::string, std::string> headers;  // lower-case names
  std::string body;
  std::string Header(const std::string& name) const {
    auto it = headers.find(name);
    return it == headers.end() ? "" : it->second;
  }
};

// Connects to `port` on IPv4 `address` (host byte order; loopback by default).
int Connect(std::uint16_t port, std::uint32_t address = INADDR_LOOPBACK) {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(address);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

bool SendAll(int fd, std::string_view data) {
  while (!data.empty()) {
    ssize_t n = send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n <= 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Reads more bytes into `buffer`, waiting until `deadline`. Returns false on
// EOF, error or timeout; `eof` tells which.
bool ReadMore(int fd, std::string& buffer, Clock::time_point deadline, bool* eof = nullptr) {
  if (eof) *eof = false;
  auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return false;
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(left.count())) <= 0) return false;
  char chunk[16384];
  ssize_t n = recv(fd, chunk, sizeof chunk, 0);
  if (n <= 0) {
    if (eof) *eof = true;
    return false;
  }
  buffer.append(chunk, static_cast<std::size_t>(n));
  return true;
}

// Parses one response from `fd` (bytes beyond it stay in `pending`). A HEAD
// response has no body whatever its Content-Length.
std::optional<ClientResponse> ReadResponse(int fd, std::string& pending, bool head = false,
                                           std::chrono::milliseconds timeout = 5000ms) {
  auto deadline = Clock::now() + timeout;
  std::size_t end;
  while ((end = pending.find("\r\n\r\n")) == std::string::npos) {
    if (!ReadMore(fd, pending, deadline)) return std::nullopt;
  }
  ClientResponse response;
  std::istringstream lines(pending.substr(0, end));
  std::string line;
  std::getline(lines, line);
  if (line.rfind("HTTP/1.", 0) != 0 || line.size() < 12) return std::nullopt;
  response.status = std::stoi(line.substr(9, 3));
  while (std::getline(lines, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    auto colon = line.find(':');
    if (colon == std::string::npos) continue;
    std::string name = line.substr(0, colon);
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string value = line.substr(colon + 1);
    while (!value.empty() && value.front() == ' ') value.erase(0, 1);
    response.headers[name] = value;
  }
  pending.erase(0, end + 4);
  if (response.status == 100) return ReadResponse(fd, pending, head, timeout);
  std::size_t length = 0;
  if (!head && response.headers.count("content-length")) {
    length = std::stoul(response.headers["content-length"]);
  }
  while (pending.size() < length) {
    if (!ReadMore(fd, pending, deadline)) return std::nullopt;
  }
  response.body = pending.substr(0, length);
  pending.erase(0, length);
  return response;
}

// True when the server closes `fd` (EOF or reset) before `timeout`; any
// response bytes read meanwhile are appended to `data`.
bool WaitClosed(int fd, std::chrono::milliseconds timeout, std::string* data = nullptr) {
  auto deadline = Clock::now() + timeout;
  std::string buffer;
  bool eof = false;
  while (ReadMore(fd, buffer, deadline, &eof)) {
  }
  if (data) *data = buffer;
  return eof;
}

std::string RequestText(const std::string& method, const std::string& target,
                        const std::string& body = {}, const std::string& extra_headers = {},
                        bool close = false) {
  std::string text = method + " " + target + " HTTP/1.1\r\nHost: test\r\n" + extra_headers;
  if (close) text += "Connection: close\r\n";
  if (!body.empty() || method == "POST") {
    text += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  }
  return text + "\r\n" + body;
}

// One request on a fresh connection.
std::optional<ClientResponse> Fetch(std::uint16_t port, const std::string& method,
                                    const std::string& target, const std::string& body = {},
                                    const std::string& extra_headers = {},
                                    std::uint32_t address = INADDR_LOOPBACK) {
  int fd = Connect(port, address);
  if (fd < 0) return std::nullopt;
  std::string pending;
  std::optional<ClientResponse> response;
  if (SendAll(fd, RequestText(method, target, body, extra_headers, true))) {
    response = ReadResponse(fd, pending, method == "HEAD");
  }
  close(fd);
  return response;
}

std::string ErrorCodeOf(const ClientResponse& response) {
  auto json = nlohmann::json::parse(response.body, nullptr, false);
  if (json.is_discarded() || !json.contains("error"))
    return "<not an error body: " + response.body + ">";
  return json["error"].value("code", "");
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void WriteFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// --- The server under test ---------------------------------------------------

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("tandem_http_test_" + std::to_string(getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    web_ = dir_ / "web";
    WriteFile(web_ / "index.html", "<!doctype html><title>Tandem</title>");
    WriteFile(web_ / "assets" / "index-3f2a1b.js", "console.log('app')");
    WriteFile(web_ / "assets" / "index-3f2a1b.css", "body{}");
    WriteFile(web_ / "assets" / "index-3f2a1b.js.map", "{}");
    WriteFile(web_ / "assets" / "inter.woff2", "wOF2");
    WriteFile(web_ / "assets" / "worker.mjs", "export {}");
    WriteFile(web_ / "favicon.ico", "ico");
    WriteFile(web_ / "logo.svg", "<svg/>");
    WriteFile(web_ / "logo.png", "png");
    WriteFile(web_ / "manifest.json", "{}");
    WriteFile(web_ / "robots.txt", "User-agent: *");
    WriteFile(web_ / ".env", "TOP-SECRET");  // left in the web root by mistake
    WriteFile(dir_ / "secret.txt", "TOP-SECRET");
    fs::create_symlink(dir_ / "secret.txt", web_ / "leak.txt");
    fs::create_directory_symlink(dir_, web_ / "assets" / "up");

    router_.Add("GET", "/api/v1/hello", [](Request& request) {
      request.user_id = 42;
      return Response::Json(R"({"hello":"world"})");
    });
    router_.Add("GET", "/api/v1/items/{id}", [](Request& request) {
      return Response::Json(
          nlohmann::json{{"id", request.params["id"]}, {"q", request.Query("q").value_or("")}}
              .dump());
    });
    router_.Add("POST", "/api/v1/echo", [this](Request& request) {
      ++echo_calls_;
      Response response = Response::Json(request.body, 201);
      response.content_type = "text/plain";
      return response;
    });
    RouteOptions small;
    small.max_body_bytes = 16;
    router_.Add(
        "POST", "/api/v1/small",
        [this](Request& request) {
          ++small_calls_;
          return Response::Json(request.body);
        },
        small);
    router_.Add("GET", "/api/v1/missing",
                [](Request&) -> Response { throw NotFound("pair 7 does not exist"); });
    router_.Add("GET", "/api/v1/conflict", [](Request&) -> Response {
      throw Error(ErrorCode::kConflict, "already published", "status");
    });
    router_.Add("GET", "/api/v1/crash", [](Request&) -> Response {
      throw std::runtime_error("password=hunter2 connection refused");
    });
    router_.Add("GET", "/api/v1/slow", [this](Request&) {
      slow_started_.set_value();
      std::this_thread::sleep_for(500ms);
      return Response::Json(R"({"slow":true})");
    });
    router_.Add("GET", "/api/v1/inject", [](Request&) {
      Response response = Response::Json("{}");
      response.headers.emplace_back("Location", "/x\r\nSet-Cookie: evil=1");
      response.headers.emplace_back("X-Fine", "yes");
      return response;
    });
    router_.Add("GET", "/api/v1/whoami", [](Request& request) {
      return Response::Json(
          nlohmann::json{{"address", request.remote_address}, {"secure", request.secure}}.dump());
    });
    router_.Add("GET", "/api/v1/session", [](Request& request) {
      Response response = Response::Json(nlohmann::json{
          {"session", request.Cookie("session").value_or("")},
          {"secure", request.secure}}.dump());
      CookieOptions options;
      options.max_age = 60;
      response.headers.emplace_back("Set-Cookie", SetCookieHeader("session", "new1", options));
      return response;
    });
  }

  void TearDown() override {
    StopServer();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  ServerOptions DefaultOptions() {
    ServerOptions options;
    options.port = 0;
    options.web_root = web_.string();
    options.read_timeout = 1s;
    options.idle_timeout = 30s;
    options.worker_threads = 2;
    options.access_log = (dir_ / "access.log").string();
    return options;
  }

  void StartServer(ServerOptions options) {
    ServerHooks hooks;
    hooks.ready = [this]() { return ready_.load(); };
    hooks.metrics = []() { return std::string("tandem_test_extra 1\n"); };
    server_ = std::make_unique<Server>(std::move(options), router_, std::move(hooks));
    port_ = server_->port();
    std::promise<void> returned;
    run_returned_ = returned.get_future();
    thread_ = std::thread([this, returned = std::move(returned)]() mutable {
      server_->Run(false);
      returned.set_value();
    });
  }
  void StartServer() { StartServer(DefaultOptions()); }

  void StopServer() {
    if (!server_) return;
    server_->Stop();
    thread_.join();
    server_.reset();
  }

  fs::path dir_;
  fs::path web_;
  Router router_;
  std::unique_ptr<Server> server_;
  std::uint16_t port_ = 0;
  std::thread thread_;
  std::future<void> run_returned_;
  std::atomic<bool> ready_{true};
  std::atomic<int> echo_calls_{0};
  std::atomic<int> small_calls_{0};
  std::promise<void> slow_started_;
};

TEST_F(ServerTest, GetAndPostRoutes) {
  StartServer();
  auto hello = Fetch(port_, "GET", "/api/v1/hello");
  ASSERT_TRUE(hello);
  EXPECT_EQ(hello->status, 200);
  EXPECT_EQ(hello->Header("content-type"), "application/json");
  EXPECT_EQ(hello->body, R"({"hello":"world"})");
  EXPECT_FALSE(hello->Header("date").empty());

  auto item = Fetch(port_, "GET", "/api/v1/items/J%C3%BCrgen?q=a+b&x=1");
  ASSERT_TRUE(item);
  EXPECT_EQ(item->status, 200);
  EXPECT_EQ(item->body, R"({"id":"Jürgen","q":"a b"})");

  std::string body(100000, 'x');
  auto echo = Fetch(port_, "POST", "/api/v1/echo", body);
  ASSERT_TRUE(echo);
  EXPECT_EQ(echo->status, 201);
  EXPECT_EQ(echo->Header("content-type"), "text/plain");
  EXPECT_EQ(echo->body, body);

  // curl's "Expect: 100-continue" gets its interim response, then the answer.
  auto expect = Fetch(port_, "POST", "/api/v1/echo", "abc", "Expect: 100-continue\r\n");
  ASSERT_TRUE(expect);
  EXPECT_EQ(expect->status, 201);
  EXPECT_EQ(expect->body, "abc");
}

TEST_F(ServerTest, KeepAliveAndPipelining) {
  StartServer();
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  std::string pending;
  for (int i = 0; i < 3; ++i) {
    SCOPED_TRACE(i);
    ASSERT_TRUE(SendAll(fd, RequestText("GET", "/api/v1/items/" + std::to_string(i))));
    auto response = ReadResponse(fd, pending);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, R"({"id":")" + std::to_string(i) + R"(","q":""})");
    EXPECT_NE(response->Header("connection"), "close");
  }
  // Three requests in one write: three answers, in order.
  ASSERT_TRUE(SendAll(fd, RequestText("GET", "/api/v1/items/a") +
                              RequestText("POST", "/api/v1/echo", "pipelined") +
                              RequestText("GET", "/api/v1/items/c")));
  auto first = ReadResponse(fd, pending);
  auto second = ReadResponse(fd, pending);
  auto third = ReadResponse(fd, pending);
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->body, R"({"id":"a","q":""})");
  EXPECT_EQ(second->body, "pipelined");
  EXPECT_EQ(third->body, R"({"id":"c","q":""})");
  close(fd);
}

TEST_F(ServerTest, ConcurrentClientsOnSeveralIoThreads) {
  ServerOptions options = DefaultOptions();
  options.io_threads = 2;
  options.worker_threads = 3;
  StartServer(options);
  constexpr int kClients = 8;
  constexpr int kRequests = 50;
  std::atomic<int> ok{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([this, c, &ok]() {
      int fd = Connect(port_);
      if (fd < 0) return;
      std::string pending;
      for (int i = 0; i < kRequests; ++i) {
        std::string id = std::to_string(c) + "-" + std::to_string(i);
        std::string request = i % 2 == 0 ? RequestText("GET", "/api/v1/items/" + id)
                                         : RequestText("POST", "/api/v1/echo", id);
        if (!SendAll(fd, request)) break;
        auto response = ReadResponse(fd, pending);
        std::string want = i % 2 == 0 ? R"({"id":")" + id + R"(","q":""})" : id;
        if (response && response->body == want) ++ok;
      }
      close(fd);
    });
  }
  for (auto& client : clients) client.join();
  EXPECT_EQ(ok.load(), kClients * kRequests);
}

TEST_F(ServerTest, UnknownApiPathsAndMethods) {
  StartServer();
  auto unknown = Fetch(port_, "GET", "/api/v1/nothing-here");
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->status, 404);
  EXPECT_EQ(unknown->Header("content-type"), "application/json");
  EXPECT_EQ(ErrorCodeOf(*unknown), "not_found");

  auto wrong_method = Fetch(port_, "DELETE", "/api/v1/hello");
  ASSERT_TRUE(wrong_method);
  EXPECT_EQ(wrong_method->status, 405);
  EXPECT_EQ(wrong_method->Header("allow"), "GET, HEAD");
  EXPECT_EQ(ErrorCodeOf(*wrong_method), "method_not_allowed");

  auto head = Fetch(port_, "HEAD", "/api/v1/hello");
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  EXPECT_EQ(head->Header("content-length"), "17");
  EXPECT_TRUE(head->body.empty());

  // A header value with a line break is dropped, not sent split in two.
  auto inject = Fetch(port_, "GET", "/api/v1/inject");
  ASSERT_TRUE(inject);
  EXPECT_EQ(inject->status, 200);
  EXPECT_EQ(inject->Header("set-cookie"), "");
  EXPECT_EQ(inject->Header("location"), "");
  EXPECT_EQ(inject->Header("x-fine"), "yes");

  auto bad_target = Fetch(port_, "GET", "/api/v1/items/%zz");
  ASSERT_TRUE(bad_target);
  EXPECT_EQ(bad_target->status, 400);
}

TEST_F(ServerTest, OversizedBodiesAreRefusedBeforeTheHandler) {
  StartServer();
  // Content-Length too big: 413 at once, without the client sending the body.
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "POST /api/v1/small HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n"));
  std::string pending;
  auto refused = ReadResponse(fd, pending);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 413);
  EXPECT_EQ(ErrorCodeOf(*refused), "payload_too_large");
  EXPECT_EQ(refused->Header("connection"), "close");
  EXPECT_TRUE(WaitClosed(fd, 3000ms));
  close(fd);

  // Just over the limit, body sent.
  auto over = Fetch(port_, "POST", "/api/v1/small", std::string(17, 'x'));
  ASSERT_TRUE(over);
  EXPECT_EQ(over->status, 413);

  // A chunked body that grows past the limit.
  fd = Connect(port_);
  ASSERT_GE(fd, 0);
  pending.clear();
  ASSERT_TRUE(SendAll(fd,
                      "POST /api/v1/small HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "a\r\n0123456789\r\na\r\n0123456789\r\n0\r\n\r\n"));
  auto chunked = ReadResponse(fd, pending);
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 413);
  close(fd);

  // The default limit is 1 MiB.
  fd = Connect(port_);
  ASSERT_GE(fd, 0);
  pending.clear();
  ASSERT_TRUE(SendAll(fd, "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Length: " +
                              std::to_string((1 << 20) + 1) + "\r\n\r\n"));
  auto big = ReadResponse(fd, pending);
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  close(fd);

  EXPECT_EQ(small_calls_.load(), 0);
  EXPECT_EQ(echo_calls_.load(), 0);

  // Within the limit, chunked or not, the handler runs.
  auto fits = Fetch(port_, "POST", "/api/v1/small", std::string(16, 'y'));
  ASSERT_TRUE(fits);
  EXPECT_EQ(fits->status, 200);
  EXPECT_EQ(fits->body, std::string(16, 'y'));
  EXPECT_EQ(small_calls_.load(), 1);
}

TEST_F(ServerTest, OversizedHeaderIsRefused) {
  StartServer();
  auto response =
      Fetch(port_, "GET", "/api/v1/hello", {}, "X-Big: " + std::string(20000, 'h') + "\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
}

TEST_F(ServerTest, SlowHeaderIsCutOffAfterReadTimeout) {
  StartServer();  // read_timeout 1 s
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  auto start = Clock::now();
  ASSERT_TRUE(SendAll(fd, "GET /api/v1/hello HTTP/1.1\r\nHost: t\r\n"));  // never finished
  std::string data;
  EXPECT_TRUE(WaitClosed(fd, 5000ms, &data));
  auto elapsed = Clock::now() - start;
  EXPECT_GE(elapsed, 900ms);
  EXPECT_LT(elapsed, 3000ms);
  EXPECT_EQ(data.substr(0, 12), "HTTP/1.1 408");
  close(fd);
  // The server goes on serving.
  auto next = Fetch(port_, "GET", "/api/v1/hello");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  ServerOptions options = DefaultOptions();
  options.idle_timeout = 1s;
  options.read_timeout = 10s;
  StartServer(options);
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  std::string pending;
  ASSERT_TRUE(SendAll(fd, RequestText("GET", "/api/v1/hello")));
  ASSERT_TRUE(ReadResponse(fd, pending));
  auto start = Clock::now();
  EXPECT_TRUE(WaitClosed(fd, 5000ms));
  EXPECT_GE(Clock::now() - start, 900ms);
  close(fd);
}

TEST_F(ServerTest, ClientDisconnectingMidRequestDoesNotHurtTheServer) {
  StartServer();
  // Gone in the middle of the header, and in the middle of a body.
  for (std::string partial :
       {std::string("GET /api/v1/hel"), std::string("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\n"
                                                    "Content-Length: 1000\r\n\r\nonly part")}) {
    int fd = Connect(port_);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, partial));
    close(fd);
  }
  // Gone while its handler runs.
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, RequestText("GET", "/api/v1/slow")));
  slow_started_.get_future().wait();
  close(fd);

  auto next = Fetch(port_, "GET", "/api/v1/hello");
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
  EXPECT_EQ(echo_calls_.load(), 0);
}

TEST_F(ServerTest, HandlerErrorsBecomeStatusesAndJson) {
  StartServer();
  auto missing = Fetch(port_, "GET", "/api/v1/missing");
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->status, 404);
  EXPECT_EQ(missing->body, R"({"error":{"code":"not_found","message":"pair 7 does not exist"}})");

  auto conflict = Fetch(port_, "GET", "/api/v1/conflict");
  ASSERT_TRUE(conflict);
  EXPECT_EQ(conflict->status, 409);
  EXPECT_EQ(conflict->body,
            R"({"error":{"code":"conflict","field":"status","message":"already published"}})");

  testing::internal::CaptureStderr();
  auto crash = Fetch(port_, "GET", "/api/v1/crash");
  std::string log = testing::internal::GetCapturedStderr();
  ASSERT_TRUE(crash);
  EXPECT_EQ(crash->status, 500);
  EXPECT_EQ(crash->Header("content-type"), "application/json");
  EXPECT_EQ(ErrorCodeOf(*crash), "internal");
  EXPECT_EQ(crash->body.find("hunter2"), std::string::npos) << crash->body;
  // The details go to the log only.
  EXPECT_NE(log.find("hunter2"), std::string::npos) << log;
}

TEST_F(ServerTest, StaticFiles) {
  StartServer();
  const std::string kImmutable = "public, max-age=31536000, immutable";
  struct Case {
    std::string target;
    int status;
    std::string content_type;  // "" when not checked
    std::string cache_control;
    std::string body;  // "" when not checked
  };
  const Case cases[] = {
      {"/", 200, "text/html; charset=utf-8", "no-cache", "<!doctype html><title>Tandem</title>"},
      {"/index.html", 200, "text/html; charset=utf-8", "no-cache", ""},
      {"/assets/index-3f2a1b.js", 200, "text/javascript; charset=utf-8", kImmutable,
       "console.log('app')"},
      {"/assets/index-3f2a1b.css", 200, "text/css; charset=utf-8", kImmutable, ""},
      {"/assets/index-3f2a1b.js.map", 200, "application/json", kImmutable, ""},
      {"/assets/inter.woff2", 200, "font/woff2", kImmutable, ""},
      {"/assets/worker.mjs", 200, "text/javascript; charset=utf-8", kImmutable, ""},
      {"/favicon.ico", 200, "image/x-icon", "no-cache", ""},
      {"/logo.svg", 200, "image/svg+xml", "no-cache", ""},
      {"/logo.png", 200, "image/png", "no-cache", ""},
      {"/manifest.json", 200, "application/json", "no-cache", ""},
      {"/robots.txt", 200, "text/plain; charset=utf-8", "no-cache", ""},
      // The app's own routes get index.html.
      {"/programs/3/pairs", 200, "text/html; charset=utf-8", "no-cache",
       "<!doctype html><title>Tandem</title>"},
      {"/programs/3/pairs?tab=health", 200, "text/html; charset=utf-8", "no-cache", ""},
      // Not for the API nor for missing hashed assets.
      {"/api/v1/unknown", 404, "application/json", "", ""},
      {"/assets/index-000000.js", 404, "application/json", "", ""},
      // Nothing outside the root, however spelled.
      {"/../secret.txt", 400, "", "", ""},
      {"/%2e%2e/secret.txt", 400, "", "", ""},
      {"/assets/..%2f..%2fsecret.txt", 400, "", "", ""},
      {"/assets/%2E%2E/%2E%2E/secret.txt", 400, "", "", ""},
      {"/leak.txt", 404, "", "", ""},
      {"/.env", 404, "", "", ""},
      {"/.git/config", 404, "application/json", "", ""},  // hidden: no index.html either
      {"/assets/up/secret.txt", 404, "", "", ""},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.target);
    auto response = Fetch(port_, "GET", c.target);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, c.status);
    if (!c.content_type.empty()) {
      EXPECT_EQ(response->Header("content-type"), c.content_type);
    }
    if (!c.cache_control.empty()) {
      EXPECT_EQ(response->Header("cache-control"), c.cache_control);
    }
    if (!c.body.empty()) {
      EXPECT_EQ(response->body, c.body);
    }
    EXPECT_EQ(response->body.find("TOP-SECRET"), std::string::npos);
    // Every answer: no sniffing, no framing; pages also get the CSP.
    EXPECT_EQ(response->Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(response->Header("x-frame-options"), "DENY");
    EXPECT_EQ(response->Header("cross-origin-resource-policy"), "same-origin");
    const bool page = c.content_type.rfind("text/html", 0) == 0;
    EXPECT_EQ(response->Header("content-security-policy").find("frame-ancestors 'none'") !=
                  std::string::npos,
              page);
    // Pages: no powerful features, no opener handle across origins.
    EXPECT_EQ(response->Header("permissions-policy").find("camera=()") != std::string::npos, page);
    EXPECT_EQ(response->Header("cross-origin-opener-policy"), page ? "same-origin" : "");
  }

  // Revalidation with the ETag.
  auto first = Fetch(port_, "GET", "/assets/index-3f2a1b.js");
  ASSERT_TRUE(first);
  ASSERT_FALSE(first->Header("etag").empty());
  auto again = Fetch(port_, "GET", "/assets/index-3f2a1b.js", {},
                     "If-None-Match: " + first->Header("etag") + "\r\n");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 304);
  EXPECT_TRUE(again->body.empty());
  EXPECT_EQ(again->Header("content-length"), "") << "a 304 must not give another length";
  EXPECT_EQ(again->Header("etag"), first->Header("etag"));

  // Static files are read-only: 405 with what is allowed.
  for (const char* method : {"POST", "PUT", "DELETE", "OPTIONS"}) {
    auto wrong = Fetch(port_, method, "/index.html", "x");
    ASSERT_TRUE(wrong);
    EXPECT_EQ(wrong->status, 405) << method;
    EXPECT_EQ(wrong->Header("allow"), "GET, HEAD") << method;
  }
  // Static answers may be cached; the application's never are.
  auto api = Fetch(port_, "GET", "/api/v1/hello");
  ASSERT_TRUE(api);
  EXPECT_EQ(api->Header("cache-control"), "no-store");
  // Error answers too, the handlers' and the server's own.
  for (const auto& [method, target, status] :
       {std::tuple{"GET", "/api/v1/missing", 404}, std::tuple{"PUT", "/api/v1/hello", 405},
        std::tuple{"GET", "/api/v1/nothing-here", 404}, std::tuple{"GET", "/healthz", 200}}) {
    auto answer = Fetch(port_, method, target, method == std::string("PUT") ? "{}" : "");
    ASSERT_TRUE(answer);
    EXPECT_EQ(answer->status, status) << target;
    EXPECT_EQ(answer->Header("cache-control"), "no-store") << method << " " << target;
  }
  EXPECT_EQ(api->Header("strict-transport-security"), "") << "plain HTTP";
}

// Where a request ends must be clear to every proxy in front, or a second
// request could be hidden in a body (request smuggling): a Transfer-Encoding
// not ending with chunked, other codings, and a missing or doubled Host are
// refused, and the connection is closed.
TEST_F(ServerTest, AmbiguousFramingIsRefusedAndTheConnectionClosed) {
  StartServer();
  const std::string smuggled = "GET /api/v1/hello HTTP/1.1\r\nHost: test\r\n\r\n";
  struct Case {
    std::string head;
    int status;
  };
  const Case cases[] = {
      {"POST /api/v1/echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked, gzip\r\n", 400},
      {"POST /api/v1/echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip\r\n", 400},
      {"GET /api/v1/hello HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: xchunked\r\n", 400},
      {"POST /api/v1/echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: identity\r\n"
       "Content-Length: 0\r\n",
       400},
      {"POST /api/v1/echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: gzip, chunked\r\n", 501},
      {"GET /api/v1/hello HTTP/1.1\r\n", 400},
      {"GET /api/v1/hello HTTP/1.1\r\nHost: a\r\nHost: b\r\n", 400},
      {"GET /api/v1/hello HTTP/9.9\r\nHost: test\r\n", 505},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.head);
    int fd = Connect(port_);
    ASSERT_GE(fd, 0);
    ASSERT_TRUE(SendAll(fd, c.head + "\r\n" + smuggled));
    std::string pending;
    auto response = ReadResponse(fd, pending);
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, c.status);
    EXPECT_EQ(response->Header("connection"), "close");
    std::string rest;
    EXPECT_TRUE(WaitClosed(fd, 3000ms, &rest));
    EXPECT_EQ((pending + rest).find("hello"), std::string::npos) << "the hidden request ran";
    close(fd);
  }
  // Plain chunked and HTTP/1.0 without Host are fine.
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd,
                      "POST /api/v1/echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n"
                      "Connection: close\r\n\r\n2\r\nok\r\n0\r\n\r\n"));
  std::string pending;
  auto chunked = ReadResponse(fd, pending);
  ASSERT_TRUE(chunked);
  EXPECT_EQ(chunked->status, 201);
  EXPECT_EQ(chunked->body, "ok");
  close(fd);
  fd = Connect(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, "GET /api/v1/hello HTTP/1.0\r\n\r\n"));
  pending.clear();
  auto old = ReadResponse(fd, pending);
  ASSERT_TRUE(old);
  EXPECT_EQ(old->status, 200);
  close(fd);
}

TEST_F(ServerTest, HealthReadinessAndMetrics) {
  StartServer();
  auto health = Fetch(port_, "GET", "/healthz");
  ASSERT_TRUE(health);
  EXPECT_EQ(health->status, 200);
  EXPECT_EQ(health->body, R"({"status":"ok"})");

  auto ready = Fetch(port_, "GET", "/readyz");
  ASSERT_TRUE(ready);
  EXPECT_EQ(ready->status, 200);
  ready_ = false;
  auto not_ready = Fetch(port_, "GET", "/readyz");
  ASSERT_TRUE(not_ready);
  EXPECT_EQ(not_ready->status, 503);
  EXPECT_EQ(ErrorCodeOf(*not_ready), "unavailable");

  ASSERT_TRUE(Fetch(port_, "GET", "/api/v1/items/1"));
  ASSERT_TRUE(Fetch(port_, "GET", "/api/v1/items/2"));
  ASSERT_TRUE(Fetch(port_, "GET", "/api/v1/nothing"));
  ASSERT_TRUE(Fetch(port_, "GET", "/logo.svg"));
  auto metrics = Fetch(port_, "GET", "/metrics");
  ASSERT_TRUE(metrics);
  EXPECT_EQ(metrics->status, 200);
  EXPECT_EQ(metrics->Header("content-type"), "text/plain; version=0.0.4; charset=utf-8");
  const std::string& text = metrics->body;
  for (const char* want : {
           "# TYPE tandem_http_requests_total counter\n",
           "tandem_http_requests_total{route=\"/api/v1/items/{id}\",method=\"GET\",status=\"200\"} "
           "2\n",
           "tandem_http_requests_total{route=\"unmatched\",method=\"GET\",status=\"404\"} 1\n",
           "tandem_http_requests_total{route=\"static\",method=\"GET\",status=\"200\"} 1\n",
           "tandem_http_requests_total{route=\"/readyz\",method=\"GET\",status=\"503\"} 1\n",
           "# TYPE tandem_http_request_duration_seconds histogram\n",
           "tandem_http_request_duration_seconds_bucket{route=\"/api/v1/items/{id}\",le=\"+Inf\"} "
           "2\n",
           "tandem_http_request_duration_seconds_count{route=\"/api/v1/items/{id}\"} 2\n",
           "# TYPE tandem_http_connections_open gauge\ntandem_http_connections_open ",
           "# TYPE tandem_http_requests_in_flight gauge\ntandem_http_requests_in_flight 1\n",
           "tandem_test_extra 1\n",
       }) {
    EXPECT_NE(text.find(want), std::string::npos) << "missing: " << want << "\nin:\n" << text;
  }
}

// An IPv4 address of this machine that is not loopback, if it has one.
std::optional<std::uint32_t> NonLoopbackAddress() {
  ifaddrs* list = nullptr;
  if (getifaddrs(&list) != 0) return std::nullopt;
  std::optional<std::uint32_t> found;
  for (ifaddrs* i = list; i != nullptr && !found; i = i->ifa_next) {
    if (i->ifa_addr == nullptr || i->ifa_addr->sa_family != AF_INET) continue;
    std::uint32_t address =
        ntohl(reinterpret_cast<const sockaddr_in*>(i->ifa_addr)->sin_addr.s_addr);
    if ((address >> 24) != 127) found = address;
  }
  freeifaddrs(list);
  return found;
}

TEST_F(ServerTest, MetricsOnlyForThisMachineOrTheToken) {
  ServerOptions options = DefaultOptions();
  options.host = "0.0.0.0";
  StartServer(options);
  // Without a token: this machine directly, not through a proxy.
  EXPECT_EQ(Fetch(port_, "GET", "/metrics")->status, 200);
  auto proxied = Fetch(port_, "GET", "/metrics", {}, "X-Forwarded-For: 203.0.113.7\r\n");
  ASSERT_TRUE(proxied);
  EXPECT_EQ(proxied->status, 403);
  EXPECT_NE(proxied->body.find("--metrics-token-file"), std::string::npos);
  EXPECT_EQ(Fetch(port_, "GET", "/metrics", {}, "Forwarded: for=203.0.113.7\r\n")->status, 403);
  if (auto address = NonLoopbackAddress()) {
    auto remote = Fetch(port_, "GET", "/metrics", {}, {}, *address);
    ASSERT_TRUE(remote);
    EXPECT_EQ(remote->status, 403);
    // /healthz stays open to all.
    EXPECT_EQ(Fetch(port_, "GET", "/healthz", {}, {}, *address)->status, 200);
  }
  StopServer();

  // With a token: only with it, from anywhere.
  options.metrics_token = "s3cret-metrics-token-0123456789";
  StartServer(options);
  auto none = Fetch(port_, "GET", "/metrics");
  ASSERT_TRUE(none);
  EXPECT_EQ(none->status, 401);
  EXPECT_EQ(none->Header("www-authenticate").rfind("Bearer", 0), 0u);
  EXPECT_EQ(none->body.find("tandem_http_requests_total"), std::string::npos);
  for (const char* wrong :
       {"Authorization: Bearer s3cret-metrics-token-012345678X\r\n",
        "Authorization: Bearer s3cret-metrics-token-012345678\r\n",
        "Authorization: Basic s3cret-metrics-token-0123456789\r\n", "Authorization: Bearer \r\n"}) {
    EXPECT_EQ(Fetch(port_, "GET", "/metrics", {}, wrong)->status, 401) << wrong;
  }
  const std::string good = "Authorization: Bearer s3cret-metrics-token-0123456789\r\n";
  auto scraped = Fetch(port_, "GET", "/metrics", {}, good);
  ASSERT_TRUE(scraped);
  EXPECT_EQ(scraped->status, 200);
  EXPECT_NE(scraped->body.find("tandem_http_requests_total"), std::string::npos);
  if (auto address = NonLoopbackAddress()) {
    EXPECT_EQ(Fetch(port_, "GET", "/metrics", {}, good, *address)->status, 200);
  }
}

// The access log's line, exactly: time to the millisecond in UTC, the
// duration to the microsecond, a missing user as null, an aborted response
// marked (the same second formatted again gives the same time).
TEST(AccessLogLine, IsExactJson) {
  using namespace std::chrono;
  AccessRecord r;
  r.time = sys_days(year(2026) / 1 / 2) + hours(3) + minutes(4) + seconds(5) + milliseconds(7);
  r.method = "GET";
  r.route = "/api/v1/pairs/{id}";
  r.status = 200;
  r.duration_ms = 12345.67891;
  r.user_id = 42;
  r.bytes = 512;
  EXPECT_EQ(AccessLog::Format(r),
            R"({"time":"2026-01-02T03:04:05.007Z","method":"GET","route":"/api/v1/pairs/{id}",)"
            R"("status":200,"duration_ms":12345.679,"user_id":42,"bytes":512})");
  r.time += milliseconds(990);
  r.method = "PUT";
  r.route = "unmatched \"x\"";
  r.status = 404;
  r.duration_ms = 0;
  r.user_id.reset();
  r.bytes = 0;
  r.aborted = true;
  EXPECT_EQ(AccessLog::Format(r),
            R"({"time":"2026-01-02T03:04:05.997Z","method":"PUT","route":"unmatched \"x\"",)"
            R"("status":404,"duration_ms":0.000,"user_id":null,"bytes":0,"aborted":true})");
  r.time += milliseconds(3);
  EXPECT_EQ(AccessLog::Format(r).substr(0, 34), R"({"time":"2026-01-02T03:04:06.000Z")");
}

TEST_F(ServerTest, CookiesAndAccessLog) {
  StartServer();
  auto response = Fetch(port_, "GET", "/api/v1/session?email=someone@example.org", {},
                        "Cookie: theme=dark; session=abc123\r\n");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->body, R"({"secure":false,"session":"abc123"})");
  EXPECT_EQ(response->Header("set-cookie"),
            "session=new1; Path=/; Max-Age=60; HttpOnly; SameSite=Lax");
  ASSERT_TRUE(Fetch(port_, "GET", "/api/v1/hello"));
  ASSERT_TRUE(Fetch(port_, "GET", "/api/v1/items/12345?q=private"));
  StopServer();  // flushes the log

  std::string log = ReadFile(dir_ / "access.log");
  std::istringstream lines(log);
  std::string line;
  std::vector<nlohmann::json> records;
  while (std::getline(lines, line)) {
    auto record = nlohmann::json::parse(line, nullptr, false);
    ASSERT_FALSE(record.is_discarded()) << line;
    records.push_back(record);
  }
  ASSERT_EQ(records.size(), 3u) << log;
  EXPECT_EQ(records[0]["route"], "/api/v1/session");
  EXPECT_EQ(records[0]["method"], "GET");
  EXPECT_EQ(records[0]["status"], 200);
  EXPECT_TRUE(records[0]["user_id"].is_null());
  EXPECT_TRUE(records[0]["duration_ms"].is_number());
  EXPECT_EQ(records[0]["bytes"], response->body.size());
  EXPECT_EQ(records[1]["user_id"], 42);
  EXPECT_EQ(records[2]["route"], "/api/v1/items/{id}");
  std::string time = records[2]["time"];
  EXPECT_EQ(time.size(), 24u) << time;  // 2026-01-02T03:04:05.678Z
  EXPECT_EQ(time.back(), 'Z');
  // No raw path ids, query strings or cookies.
  for (const char* secret : {"12345", "private", "someone", "abc123", "dark"}) {
    EXPECT_EQ(log.find(secret), std::string::npos) << secret << " in " << log;
  }
}

TEST_F(ServerTest, ForwardedHeadersOnlyFromTrustedProxies) {
  const std::string forwarded =
      "X-Forwarded-For: 10.9.9.9, 203.0.113.7, 127.0.0.1\r\nX-Forwarded-Proto: https\r\n";
  StartServer();
  auto direct = Fetch(port_, "GET", "/api/v1/whoami", {}, forwarded);
  ASSERT_TRUE(direct);
  EXPECT_EQ(direct->body, R"({"address":"127.0.0.1","secure":false})");
  StopServer();

  ServerOptions options = DefaultOptions();
  options.trusted_proxies = {"127.0.0.1"};
  StartServer(options);
  // The rightmost address that is not a trusted proxy: the one nginx saw.
  auto proxied = Fetch(port_, "GET", "/api/v1/whoami", {}, forwarded);
  ASSERT_TRUE(proxied);
  EXPECT_EQ(proxied->body, R"({"address":"203.0.113.7","secure":true})");
  auto plain = Fetch(port_, "GET", "/api/v1/whoami");
  ASSERT_TRUE(plain);
  EXPECT_EQ(plain->body, R"({"address":"127.0.0.1","secure":false})");
}

TEST_F(ServerTest, GracefulShutdownFinishesInFlightRequests) {
  StartServer();
  // An idle keep-alive connection is closed at shutdown.
  int idle = Connect(port_);
  ASSERT_GE(idle, 0);
  std::string idle_pending;
  ASSERT_TRUE(SendAll(idle, RequestText("GET", "/healthz")));
  ASSERT_TRUE(ReadResponse(idle, idle_pending));

  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  ASSERT_TRUE(SendAll(fd, RequestText("GET", "/api/v1/slow")));
  slow_started_.get_future().wait();
  auto stop_time = Clock::now();
  server_->Stop();

  std::string pending;
  auto response = ReadResponse(fd, pending);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, R"({"slow":true})");
  EXPECT_EQ(response->Header("connection"), "close");
  close(fd);
  EXPECT_TRUE(WaitClosed(idle, 2000ms));
  close(idle);

  ASSERT_EQ(run_returned_.wait_for(3s), std::future_status::ready);
  EXPECT_LT(Clock::now() - stop_time, 2s);
  // No longer accepting.
  int late = Connect(port_);
  EXPECT_LT(late, 0);
  if (late >= 0) close(late);
}

// A client reading a large answer slowly cannot hold shutdown beyond the
// grace period.
TEST_F(ServerTest, ShutdownDoesNotWaitForASlowReader) {
  router_.Add("GET", "/api/v1/big", [](Request&) {
    Response response;
    response.content_type = "text/csv";
    response.body.assign(64u << 20, 'x');
    return response;
  });
  ServerOptions options = DefaultOptions();
  options.read_timeout = 30s;  // longer than the test: only the grace ends it
  options.shutdown_grace = 1s;
  StartServer(options);
  int fd = Connect(port_);
  ASSERT_GE(fd, 0);
  int small = 4096;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &small, sizeof small);
  ASSERT_TRUE(SendAll(fd, RequestText("GET", "/api/v1/big")));
  char head[1024];
  ASSERT_GT(recv(fd, head, sizeof head, 0), 0);  // the answer has begun
  // Another client gives up half-way.
  int quitter = Connect(port_);
  ASSERT_GE(quitter, 0);
  ASSERT_TRUE(SendAll(quitter, RequestText("GET", "/api/v1/big")));
  ASSERT_GT(recv(quitter, head, sizeof head, 0), 0);
  close(quitter);
  std::this_thread::sleep_for(300ms);
  const auto stop_time = Clock::now();
  server_->Stop();
  EXPECT_EQ(run_returned_.wait_for(5s), std::future_status::ready);
  EXPECT_LT(Clock::now() - stop_time, 3s);
  StopServer();  // and destroyed while the client still holds its end
  EXPECT_LT(Clock::now() - stop_time, 3s);
  close(fd);
  // The access log says both answers were cut off: the quitter's, and the
  // slow reader's at the end of the grace period.
  const std::string log = ReadFile(dir_ / "access.log");
  std::size_t aborted = 0;
  std::istringstream lines(log);
  for (std::string line; std::getline(lines, line);) {
    aborted += line.find(R"("route":"/api/v1/big")") != std::string::npos &&
               line.find(R"("aborted":true})") != std::string::npos;
  }
  EXPECT_EQ(aborted, 2u) << log;
}

// Beyond max_connections a client waits until a connection closes.
TEST_F(ServerTest, ConnectionsBeyondTheLimitWaitForOneToClose) {
  ServerOptions options = DefaultOptions();
  options.max_connections = 2;
  StartServer(options);
  int a = Connect(port_), b = Connect(port_);
  ASSERT_GE(a, 0);
  ASSERT_GE(b, 0);
  std::string pending;
  ASSERT_TRUE(SendAll(a, RequestText("GET", "/healthz")));
  ASSERT_TRUE(ReadResponse(a, pending));  // both are served: a is
  int c = Connect(port_);                 // queued by the kernel
  ASSERT_GE(c, 0);
  ASSERT_TRUE(SendAll(c, RequestText("GET", "/healthz")));
  std::string waiting;
  EXPECT_FALSE(ReadResponse(c, waiting, false, 300ms)) << "served beyond the limit";
  close(b);
  auto late = ReadResponse(c, waiting, false, 3000ms);
  ASSERT_TRUE(late) << "still waiting after a connection closed";
  EXPECT_EQ(late->status, 200);
  close(a);
  close(c);
}

TEST_F(ServerTest, ThousandsOfIdleConnectionsDoNotBlockRequests) {
  constexpr int kIdle = 2000;
  rlimit limit;
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &limit), 0);
  rlim_t need = 2 * kIdle + 200;
  if (limit.rlim_cur < need) {
    limit.rlim_cur = std::min<rlim_t>(need, limit.rlim_max);
    setrlimit(RLIMIT_NOFILE, &limit);
  }
  if (limit.rlim_cur < need) GTEST_SKIP() << "RLIMIT_NOFILE hard limit below " << need;
  StartServer();

  std::vector<int> idle;
  for (int i = 0; i < kIdle; ++i) {
    int fd = Connect(port_);
    ASSERT_GE(fd, 0) << "connection " << i;
    idle.push_back(fd);
  }
  // Make sure the server holds them all (each answered one request).
  for (std::size_t i = 0; i < idle.size(); i += 100) {
    ASSERT_TRUE(SendAll(idle[i], RequestText("GET", "/healthz")));
    std::string pending;
    ASSERT_TRUE(ReadResponse(idle[i], pending));
  }
  auto start = Clock::now();
  auto response = Fetch(port_, "GET", "/api/v1/hello");
  auto elapsed = Clock::now() - start;
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_LT(elapsed, 500ms);
  auto metrics = Fetch(port_, "GET", "/metrics");
  ASSERT_TRUE(metrics);
  auto at = metrics->body.find("\ntandem_http_connections_open ");
  ASSERT_NE(at, std::string::npos);
  EXPECT_GE(std::stol(metrics->body.substr(at + 30)), kIdle) << metrics->body.substr(at);
  for (int fd : idle) close(fd);
}

TEST_F(ServerTest, Https) {
  if (std::system("openssl version >/dev/null 2>&1") != 0) {
    GTEST_SKIP() << "the openssl command line is not installed; cannot make a test certificate";
  }
  fs::create_directories(dir_);
  std::string cert = (dir_ / "cert.pem").string();
  std::string key = (dir_ / "key.pem").string();
  std::string command =
      "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost "
      "-keyout " +
      key + " -out " + cert + " >/dev/null 2>&1";
  ASSERT_EQ(std::system(command.c_str()), 0) << command;
  ServerOptions options = DefaultOptions();
  options.tls_cert = cert;
  options.tls_key = key;
  StartServer(options);

  namespace asio = boost::asio;
  namespace beast = boost::beast;
  asio::io_context ioc;
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.set_verify_mode(asio::ssl::verify_none);
  beast::ssl_stream<asio::ip::tcp::socket> stream(ioc, ctx);
  stream.next_layer().connect({asio::ip::make_address("127.0.0.1"), port_});
  stream.handshake(asio::ssl::stream_base::client);
  beast::http::request<beast::http::empty_body> request{beast::http::verb::get, "/api/v1/session",
                                                        11};
  request.set(beast::http::field::host, "localhost");
  beast::http::write(stream, request);
  beast::flat_buffer buffer;
  beast::http::response<beast::http::string_body> response;
  beast::http::read(stream, buffer, response);
  EXPECT_EQ(response.result_int(), 200u);
  EXPECT_EQ(response.body(), R"({"secure":true,"session":""})");
  EXPECT_EQ(response["Strict-Transport-Security"], "max-age=31536000");
  boost::system::error_code ec;
  stream.next_layer().close(ec);

  // Plain HTTP on the TLS port gets nothing useful.
  auto plain = Fetch(port_, "GET", "/healthz");
  EXPECT_FALSE(plain && plain->status == 200);
}

TEST(ServerOptionsTest, BadOptionsAreRefused) {
  Router router;
  ServerOptions taken;
  taken.port = 0;
  taken.access_log = "";
  Server first(taken, router);
  ServerOptions same = taken;
  same.port = first.port();
  try {
    Server second(same, router);
    ADD_FAILURE() << "bound a port already in use";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnavailable);
  }
  ServerOptions half_tls = taken;
  half_tls.tls_cert = "/nonexistent/cert.pem";
  try {
    Server server(half_tls, router);
    ADD_FAILURE() << "accepted a certificate without a key";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
  ServerOptions missing_root = taken;
  missing_root.web_root = "/nonexistent/web";
  EXPECT_THROW(Server(missing_root, router), Error);
}

}  // namespace
}  // namespace tandem::http
