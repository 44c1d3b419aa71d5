// Peer-support suggestions as a specialist meets them (issue 20): a real
// `tandem serve` on a database with 100,000 volunteers, signed in, asking
// GET /api/v1/peer-requests/{id}/suggestions?limit=10 for 200 different
// requests, over and over; on SQLite, and on PostgreSQL when
// TANDEM_TEST_POSTGRES is set (make bench runs it under
// scripts/with-postgres.sh). Reported per database: loading the pool, the
// first request (the instance builds its index), then p50 and p99 of the
// rest; and beside them, in the same run, the engine alone on the same
// requests with the index and with a plain scan of every volunteer.
//
//   scripts/with-postgres.sh build/release/bench/peer_api_benchmark
#include <fmt/core.h>

#include <cstdlib>
#include <iostream>
#include <sstream>
#include <vector>

#include "bench/tandem_process.h"
#include "core/participant_csv.h"
#include "matching/peer.h"
#include "service/accounts.h"
#include "service/demo_peer.h"
#include "service/participants.h"
#include "service/peer_support.h"
#include "service/programs.h"
#include "store/enrollment_repository.h"
#include "store/testing.h"

namespace {

using namespace tandem;
using bench::PercentilesOf;
using bench::SecondsSince;
using Clock = bench::SteadyClock;

constexpr int kVolunteers = 100'000;
constexpr int kRequests = 200;
constexpr int kCalls = 2'000;

volatile std::size_t sink = 0;
void benchmark_sink(std::size_t n) { sink = sink + n; }

void Run(const std::string& backend) {
  setenv("TANDEM_TEST_BACKEND", backend.c_str(), 1);
  store::TestDatabaseUrl url("peer-api-bench-" + backend);
  auto clock = std::make_shared<MovableClock>();
  std::unique_ptr<store::Database> db = store::Database::Open(url.url(), 4, clock);
  db->Migrate();
  const service::Actor cli = service::Actor::CommandLine();

  const auto load_start = Clock::now();
  Program p;
  p.name = "Peer bench";
  p.field = "oncology";
  p.kind = ProgramKind::kPeerSupport;
  p.status = ProgramStatus::kActive;
  const std::int64_t program = service::CreateProgram(*db, cli, p).id;
  service::DemoRng rng(2026);
  const auto volunteers = service::GeneratePeerVolunteers(rng, kVolunteers);
  std::vector<Participant> people;
  for (const auto& v : volunteers) {
    people.push_back(v.person);
    people.back().email.clear();  // no 100,000 invitations for the worker to write meanwhile
  }
  std::stringstream csv;
  WriteParticipantCsv(csv, people);
  const service::ImportReport report = service::ImportParticipants(*db, cli, program, csv);
  if (!report.ok()) throw std::runtime_error(FormatProblem(report.errors[0]));
  std::vector<service::VolunteerProfileRow> rows;
  for (const auto& v : volunteers) rows.push_back({v.person.id, v.profile, v.standing});
  service::SaveVolunteerProfiles(*db, cli, program, rows);
  const User specialist = service::CreateUser(
      *db, cli, {"specialist@bench.example", "Bench Specialist", "bench-password-2026!"});
  {
    store::Transaction tx = db->Begin();
    store::InsertTestEnrollment(tx, program, specialist.id, Role::kCoordinator, "S1");
    tx.Commit();
  }
  std::vector<std::int64_t> requests;
  std::vector<matching::PeerQuery> queries;
  const service::Actor as_specialist = service::Actor::User(specialist.id, false);
  for (const auto& s : service::GeneratePeerSeekers(rng, kRequests)) {
    service::PeerRequestInput in;
    in.name = s.person.name;
    in.email = s.person.email;
    in.consent_contact = in.consent_share = true;
    in.profile = s.profile;
    requests.push_back(
        service::SubmitPeerRequest(*db, as_specialist, program, in, "127.0.0.1").request.id);
    matching::PeerQuery q;
    q.request = ValidatePeerProfile(s.profile);
    queries.push_back(q);
  }
  const double load_seconds = SecondsSince(load_start);
  db.reset();

  // The server, as deployed.
  bench::TandemServer server(url.url());
  bench::ApiCaller specialist_api(server.port());
  specialist_api.SignIn("specialist@bench.example", "bench-password-2026!");
  const auto ask = [&](std::int64_t id) {
    const auto start = Clock::now();
    specialist_api.Expect(200, "suggestions", "GET",
                          "/api/v1/peer-requests/" + std::to_string(id) + "/suggestions?limit=10");
    return SecondsSince(start) * 1000;
  };
  const double first = ask(requests[0]);
  std::vector<double> ms;
  for (int k = 0; k < kCalls; ++k) ms.push_back(ask(requests[(k * 37) % requests.size()]));
  server.Stop();
  const bench::Percentiles api = PercentilesOf(ms);

  // The engine alone on the same pool and requests, index and plain scan.
  matching::PeerIndex index({}, "");
  std::int64_t id = 0;
  for (const auto& v : volunteers) index.Upsert({++id, v.profile, v.standing});
  std::vector<double> with_index, with_scan;
  for (int k = 0; k < kCalls; ++k) {
    matching::PeerQuery q = queries[(k * 37) % queries.size()];
    q.limit = 10;
    q.today = "2026-12-06";
    q.now = "2026-12-06T12:00:00Z";
    auto start = Clock::now();
    benchmark_sink(index.Suggest(q).size());
    with_index.push_back(SecondsSince(start) * 1000);
    start = Clock::now();
    benchmark_sink(index.SuggestByScanning(q).size());
    with_scan.push_back(SecondsSince(start) * 1000);
  }
  const bench::Percentiles engine = PercentilesOf(with_index), scan = PercentilesOf(with_scan);
  std::cout << fmt::format(
                   "{:<11} load {:5.1f} s | API first {:6.2f} ms, p50 {:5.2f} ms, p99 {:5.2f} ms | "
                   "engine "
                   "index p50 {:5.2f} p99 {:5.2f} ms | plain scan p50 {:5.2f} p99 {:5.2f} ms\n",
                   backend, load_seconds, first, api.p50, api.p99, engine.p50, engine.p99, scan.p50,
                   scan.p99)
            << std::flush;
}

}  // namespace

int main() {
  std::cout << fmt::format("peer suggestions, {} volunteers, {} requests, {} calls each",
                           kVolunteers, kRequests, kCalls)
            << std::endl;
  Run("sqlite");
  if (std::getenv("TANDEM_TEST_POSTGRES") != nullptr) Run("postgresql");
  return 0;
}
