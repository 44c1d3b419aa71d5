#include "api_harness.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <thread>

#include "api/api.h"
#include "http/server.h"
#include "jobs/worker.h"
#include "service/accounts.h"
#include "service/actor.h"
#include "store/testing.h"

namespace tandem::testing {
namespace {

class RunningServer : public ApiServer {
 public:
  RunningServer() {
    test_db_ = std::make_unique<store::TestDatabaseUrl>("api-test");
    const std::string url = test_db_->url();
    db_ = store::Database::Open(url, 6);
    db_->Migrate();
    service::NewUser admin{std::string(kAdminEmail), "Ada Admin", std::string(kAdminPassword),
                           true};
    service::CreateUser(*db_, service::Actor::CommandLine(), admin);

    jobs::WorkerOptions worker_options;
    worker_options.poll_interval = std::chrono::milliseconds(50);
    worker_options.name = "api-test";
    worker_ = std::make_unique<jobs::Worker>(*db_, jobs::StandardHandlers(*db_), worker_options);
    worker_->Start();

    api::ApiOptions options;
    jobs::Worker* worker = worker_.get();
    options.job_queued = [worker] { worker->Notify(); };
    api::AddRoutes(router_, *db_, options);

    http::ServerOptions server_options;
    server_options.host = "127.0.0.1";
    server_options.port = 0;
    server_options.access_log = std::getenv("TANDEM_TEST_ACCESS_LOG") ? "-" : "";
    server_options.worker_threads = 4;
    store::Database* db = db_.get();
    http::ServerHooks hooks;
    hooks.ready = [db] { return db->Ping(); };
    server_ = std::make_unique<http::Server>(server_options, router_, hooks);
    thread_ = std::thread([this] { server_->Run(false); });
  }

  ~RunningServer() override {
    server_->Stop();
    if (thread_.joinable()) thread_.join();
    server_.reset();
    worker_.reset();
    db_.reset();
    test_db_.reset();
  }

  store::Database& db() override { return *db_; }
  std::uint16_t port() const override { return server_->port(); }
  std::vector<std::string> routes() const override {
    std::vector<std::string> out;
    for (const auto& r : router_.routes()) out.push_back(r.method + " " + r.pattern);
    return out;
  }

 private:
  std::unique_ptr<store::TestDatabaseUrl> test_db_;  // after db_ is closed
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<jobs::Worker> worker_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
  std::thread thread_;
};

std::unique_ptr<RunningServer>& Instance() {
  static std::unique_ptr<RunningServer> server;
  return server;
}

// Stops the server after the last test (before static destruction).
class StopServer : public ::testing::Environment {
 public:
  void TearDown() override { Instance().reset(); }
};
[[maybe_unused]] ::testing::Environment* const kStopServer =
    ::testing::AddGlobalTestEnvironment(new StopServer);

}  // namespace

ApiServer& ApiServer::Get() {
  auto& server = Instance();
  if (!server) server = std::make_unique<RunningServer>();
  return *server;
}

std::string Backend() { return store::TestBackend(); }

std::string Reply::ErrorField() const {
  if (!body.is_object() || !body.contains("error")) return "";
  const json& e = body["error"];
  return e.contains("field") && e["field"].is_string() ? e["field"].get<std::string>() : "";
}

std::string Reply::ErrorCode() const {
  if (!body.is_object() || !body.contains("error")) return "";
  return body["error"].value("code", "");
}

ApiClient::ApiClient() : http_("127.0.0.1", ApiServer::Get().port()) {}

Reply ApiClient::Call(std::string_view method, std::string_view target, std::string_view body,
                      const HeaderList& extra) {
  HeaderList headers = extra;
  bool has_type = false;
  for (const auto& [name, value] : extra) {
    if (name == "Content-Type") has_type = true;
  }
  if (!has_type && !body.empty()) headers.emplace_back("Content-Type", "application/json");
  headers.emplace_back("Accept", "application/json");
  if (method != "GET" && method != "HEAD" && !csrf_.empty()) {
    bool has_csrf = false;
    for (const auto& [name, value] : extra) {
      if (name == "X-CSRF-Token") has_csrf = true;
    }
    if (!has_csrf) headers.emplace_back("X-CSRF-Token", csrf_);
  }
  Reply reply;
  reply.raw = http_.Send(method, target, body, headers);
  reply.status = reply.raw.status;
  auto type = reply.raw.Header("content-type");
  if (type && type->find("json") != std::string::npos && !reply.raw.body.empty()) {
    reply.body = json::parse(reply.raw.body, nullptr, false);
    if (reply.body.is_discarded()) reply.body = nullptr;
  }
  return reply;
}

void ApiClient::Remember(const Reply& reply) {
  if (reply.body.is_object() && reply.body.contains("csrf_token")) {
    csrf_ = reply.body["csrf_token"].get<std::string>();
  }
}

void ApiClient::SignIn(std::string_view email, std::string_view password) {
  Reply reply = Post("/api/v1/session", {{"email", email}, {"password", password}});
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  Remember(reply);
}

void ApiClient::AcceptInvitation(const std::string& link, std::string_view password) {
  Reply reply = Post("/api/v1/invitations/" + TokenOf(link) + "/accept", {{"password", password}});
  ASSERT_EQ(reply.status, 200) << reply.raw.body;
  Remember(reply);
}

std::string TokenOf(const std::string& link) {
  std::string token = link.substr(link.find_last_of("/=#") + 1);
  return token;
}

std::string Unique(std::string_view prefix) {
  static std::atomic<int> counter{0};
  return std::string(prefix) + "-" + std::to_string(++counter);
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace tandem::testing

namespace tandem::testing {

Reply Must(Reply reply, int status, std::string_view what) {
  if (reply.status != status) {
    throw std::runtime_error(std::string(what) + ": expected HTTP " + std::to_string(status) +
                             ", got " + std::to_string(reply.status) + ": " + reply.raw.body);
  }
  return reply;
}

json WaitForRun(ApiClient& client, std::int64_t run_id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (true) {
    Reply reply = Must(client.Get("/api/v1/matching-runs/" + std::to_string(run_id)), 200,
                       "GET matching run");
    std::string status = reply.body["status"];
    if (status == "done" || status == "failed" || status == "published") return reply.body;
    if (std::chrono::steady_clock::now() > deadline) {
      throw std::runtime_error("matching run still " + status + " after 60 s");
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
}

}  // namespace tandem::testing
