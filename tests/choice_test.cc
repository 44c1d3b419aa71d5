// Mentees choosing (docs/matching.md#how-people-are-matched) through the
// service layer, once per database: the matching mode, the shortlist (never
// an ineligible mentor, on random pools), requests and their answers, expiry
// on the test clock, acceptances racing on two connections pools, and how
// load balancing spreads requests.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <random>
#include <set>
#include <thread>

#include "calendar/weekly.h"
#include "error_of.h"
#include "program_fixture.h"
#include "request_spread.h"
#include "service/enrollments.h"
#include "service/matching_runs.h"
#include "service/mentor_choice.h"
#include "store/outbox.h"
#include "store/pair_repository.h"

namespace tandem {
namespace {

using service::Actor;
using testing::ErrorOf;
using testing::TestPerson;

// "code/field" of an error.
std::string CodeOf(const Error& e) {
  return std::string(ErrorCodeName(e.code())) + "/" + e.field();
}

class ChoiceTest : public testing::ProgramFixture {
 protected:
  // M1-E1 and M2-E2 are paired (full); M3 and M4 have room (M4 for two);
  // M5 works where E3 does; the program pairs across institutions.
  void SetUp() override {
    Program p;
    p.name = "Research Mentoring";
    p.field = "oncology";
    p.starts_on = "2026-09-01";
    p.cross_institution = true;
    p.status = ProgramStatus::kMatching;
    std::vector<Participant> people = {
        TestPerson(Role::kMentor, "M1"), TestPerson(Role::kMentee, "E1"),
        TestPerson(Role::kMentor, "M2"), TestPerson(Role::kMentee, "E2"),
        TestPerson(Role::kMentor, "M3"), TestPerson(Role::kMentor, "M4"),
        TestPerson(Role::kMentor, "M5"), TestPerson(Role::kMentee, "E3"),
        TestPerson(Role::kMentee, "E4"), TestPerson(Role::kMentee, "E5")};
    for (Participant& person : people) {
      if (person.id == "M4") {
        person.capacity = 2;
        person.interests = {"thrombosis", "hemophilia"};
        person.time_zone = "America/Chicago";
      }
      if (person.id == "M5") person.institution = "Inst E3";
      if (person.id == "E3") person.interests = {"thrombosis", "hemophilia"};
    }
    SetUpProgram("choice-test-", p, people);
  }

  void SetMode(MatchingMode mode, int max_open_requests = 3) {
    ChoiceSettings s;
    s.mode = mode;
    s.max_open_requests = max_open_requests;
    service::UpdateChoiceSettings(*db_, coordinator_, program_, s);
  }

  std::vector<std::string> MentorsOn(const service::Shortlist& list) {
    std::vector<std::string> out;
    for (const service::ShortlistEntry& e : list.mentors) out.push_back(e.mentor);
    return out;
  }

  // Subject and body of the outbox's messages of `kind` to `address`.
  // Newest first.
  std::vector<std::string> Mail(const std::string& kind, const std::string& address) {
    std::vector<std::string> out;
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.kind == kind && e.to_address == address) out.push_back(e.subject + "\n" + e.body);
    }
    tx.Commit();
    return out;
  }

  int OpenPairsOf(const std::string& id) {
    store::Transaction tx = db_->Begin(false);
    const int open = store::PairRepository(tx).Candidates(program_).at(id).open_pairs;
    tx.Commit();
    return open;
  }
};

TEST_F(ChoiceTest, TheModeDecidesWhoMayChoose) {
  // Coordinator-led by default: no shortlist for mentees, no requests.
  EXPECT_EQ(service::GetChoiceSettings(*db_, As("E3"), program_).mode, MatchingMode::kCoordinator);
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetShortlist(*db_, As("E3"), program_, {}); })),
            "failed_precondition/");
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::SendRequest(*db_, As("E3"), program_, "M3", ""); })),
            "failed_precondition/");
  // A coordinator looks at any mentee's shortlist in any mode.
  EXPECT_EQ(MentorsOn(service::GetShortlist(*db_, coordinator_, program_, {.mentee = "E3"})),
            (std::vector<std::string>{"M4", "M3"}));
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetShortlist(*db_, coordinator_, program_, {}); })),
            "invalid_argument/mentee");
  // Only coordinators set the mode; bad settings name their field.
  EXPECT_EQ(CodeOf(ErrorOf([&] {
              service::UpdateChoiceSettings(*db_, As("E3"), program_,
                                            {.mode = MatchingMode::kBoth});
            })),
            "permission_denied/");
  const struct {
    ChoiceSettings settings;
    const char* expected;
  } bad[] = {
      {{.shortlist_size = 0}, "invalid_argument/shortlist_size"},
      {{.max_open_requests = 11}, "invalid_argument/max_open_requests"},
      {{.answer_days = 0}, "invalid_argument/answer_days"},
      {{.opens_on = "2026-13-01"}, "invalid_argument/opens_on"},
      {{.opens_on = "2026-10-01", .closes_on = "2026-09-30"}, "invalid_argument/closes_on"},
  };
  for (const auto& c : bad) {
    EXPECT_EQ(CodeOf(ErrorOf([&] {
                service::UpdateChoiceSettings(*db_, coordinator_, program_, c.settings);
              })),
              c.expected);
  }
  // Both: mentees see and rank a shortlist, but do not request.
  SetMode(MatchingMode::kBoth);
  EXPECT_TRUE(service::GetShortlist(*db_, As("E3"), program_, {}).open);
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::SendRequest(*db_, As("E3"), program_, "M3", ""); })),
            "failed_precondition/");
  // Dates: before opens_on the shortlist is closed to mentees.
  service::UpdateChoiceSettings(*db_, coordinator_, program_,
                                {.mode = MatchingMode::kMenteeLed, .opens_on = "2099-01-01"});
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetShortlist(*db_, As("E3"), program_, {}); })),
            "failed_precondition/");
  // Mentors and evaluators have no shortlist.
  SetMode(MatchingMode::kMenteeLed);
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetShortlist(*db_, As("M3"), program_, {}); })),
            "permission_denied/");
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetShortlist(*db_, evaluator_, program_, {}); })),
            "permission_denied/");
}

TEST_F(ChoiceTest, TheShortlistShowsOnlyEligibleMentorsWithWhyAndNothingHidden) {
  SetMode(MatchingMode::kMenteeLed);
  // M1, M2 are full; M5 is at E3's institution; so M4 (more shared
  // interests) then M3.
  service::Shortlist list = service::GetShortlist(*db_, As("E3"), program_, {});
  ASSERT_EQ(MentorsOn(list), (std::vector<std::string>{"M4", "M3"}));
  EXPECT_EQ(list.eligible, 2);
  const service::ShortlistEntry& m4 = list.mentors[0];
  EXPECT_EQ(m4.rank, 1);
  EXPECT_EQ(m4.capacity, 2);
  EXPECT_EQ(m4.mentees, 0);
  EXPECT_EQ(m4.breakdown.count("background"), 0u);
  EXPECT_EQ(m4.breakdown.count("preference"), 0u);
  double sum = 0;
  for (const auto& [facet, points] : m4.breakdown) sum += points;
  EXPECT_NEAR(m4.score, sum, 1e-6);
  ASSERT_FALSE(m4.reasons.empty());
  EXPECT_EQ(m4.reasons[0], "2 shared interests: thrombosis, hemophilia");
  EXPECT_NE(std::find(m4.reasons.begin(), m4.reasons.end(), "at another institution"),
            m4.reasons.end());
  // Both are free Tuesdays 10:00-12:00 in their own zones: an hour apart, so
  // one hour in common, from 11:00 New York time.
  EXPECT_NE(std::find(m4.reasons.begin(), m4.reasons.end(),
                      "both free Tue 11:00–12:00 your time (1 h a week in all)"),
            m4.reasons.end())
      << ::testing::PrintToString(m4.reasons);
  // An avoid on either side and a dissolved pair keep a mentor off.
  service::SetPreferences(*db_, As("M3"), Enrolment("M3"), {}, {"E3"});
  EXPECT_EQ(MentorsOn(service::GetShortlist(*db_, As("E3"), program_, {})),
            (std::vector<std::string>{"M4"}));
  service::SetPreferences(*db_, As("M3"), Enrolment("M3"), {}, {});
  service::DissolvePair(*db_, coordinator_, pair1_, "schedule");
  {
    const std::vector<std::string> mentors =
        MentorsOn(service::GetShortlist(*db_, As("E1"), program_, {}));
    EXPECT_EQ(std::set<std::string>(mentors.begin(), mentors.end()),
              (std::set<std::string>{"M3", "M4", "M5"}))
        << "M1 has room again, but not for E1; M5 is not at E1's institution";
  }
  EXPECT_EQ(MentorsOn(service::GetShortlist(*db_, As("E3"), program_, {})),
            (std::vector<std::string>{"M4", "M1", "M3"}));
  // Filters search every eligible mentor.
  EXPECT_EQ(MentorsOn(service::GetShortlist(*db_, As("E3"), program_, {.interest = "Hemophilia"})),
            (std::vector<std::string>{"M4"}));
  EXPECT_EQ(
      MentorsOn(service::GetShortlist(*db_, As("E3"), program_, {.time_zone = "America/Chicago"})),
      (std::vector<std::string>{"M4"}));
  EXPECT_EQ(MentorsOn(service::GetShortlist(*db_, As("E3"), program_, {.text = "m3 person"})),
            (std::vector<std::string>{"M3"}));
  EXPECT_TRUE(
      service::GetShortlist(*db_, As("E3"), program_, {.institution = "same"}).mentors.empty());
  service::Shortlist one = service::GetShortlist(*db_, As("E3"), program_, {.limit = 1});
  EXPECT_EQ(one.mentors.size(), 1u);
  EXPECT_EQ(one.eligible, 3);
  for (const auto& [query, field] : std::vector<std::pair<service::ShortlistQuery, std::string>>{
           {{.limit = 51}, "limit"},
           {{.institution = "elsewhere"}, "institution"},
           {{.time_zone = "Mars/Olympus"}, "time_zone"},
           {{.mentee = "E4"}, "mentee"}}) {
    EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetShortlist(*db_, As("E3"), program_, query); })),
              field == "mentee" ? "permission_denied/mentee" : "invalid_argument/" + field);
  }
}

TEST_F(ChoiceTest, RequestsAreAnsweredAndWhatCannotBeMetIsWithdrawn) {
  SetMode(MatchingMode::kMenteeLed, 2);
  const MentorRequest to_m3 = service::SendRequest(*db_, As("E3"), program_, "M3", "  Hello!  ");
  EXPECT_EQ(to_m3.status, RequestStatus::kPending);
  EXPECT_EQ(to_m3.note, "Hello!");
  EXPECT_EQ(to_m3.mentor_name, "M3 Person");
  ASSERT_EQ(Mail("mentor_request", "m3@example.org").size(), 1u);
  EXPECT_NE(Mail("mentor_request", "m3@example.org")[0].find("Hello!"), std::string::npos);
  // Refusals, each naming its field.
  const struct {
    const char* who;
    const char* mentor;
    std::string note;
    const char* expected;
  } bad[] = {
      {"E3", "M3", "", "conflict/mentor"},             // already asked
      {"E3", "M1", "", "failed_precondition/mentor"},  // full
      {"E3", "M5", "", "failed_precondition/mentor"},  // same institution
      {"E3", "NOBODY", "", "not_found/mentor"},
      {"E3", "E4", "", "not_found/mentor"},  // a mentee
      {"E3", "", "", "invalid_argument/mentor"},
      {"E3", "M4", std::string(2001, 'x'), "invalid_argument/note"},
      {"E1", "M3", "", "failed_precondition/"},  // has their mentor
      {"M3", "M4", "", "permission_denied/"},    // not a mentee
  };
  for (const auto& c : bad) {
    EXPECT_EQ(
        CodeOf(ErrorOf([&] { service::SendRequest(*db_, As(c.who), program_, c.mentor, c.note); })),
        c.expected)
        << c.who << " -> " << c.mentor;
  }
  const MentorRequest to_m4 = service::SendRequest(*db_, As("E3"), program_, "M4", "");
  // Two at once is this program's limit; a third waits.
  service::SetPreferences(*db_, As("M5"), Enrolment("M5"), {}, {});
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::SendRequest(*db_, As("E4"), program_, "M9", ""); })),
            "not_found/mentor");
  service::SendRequest(*db_, As("E4"), program_, "M4", "");
  // M3 declines kindly; only the mentor asked may answer.
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::AcceptRequest(*db_, As("M4"), to_m3.id); })),
            "permission_denied/");
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::DeclineRequest(*db_, As("M3"), to_m3.id, "busy", ""); })),
            "invalid_argument/reason");
  const MentorRequest declined =
      service::DeclineRequest(*db_, As("M3"), to_m3.id, "not_a_fit", "Ask M4, she knows more.");
  EXPECT_EQ(declined.status, RequestStatus::kDeclined);
  const std::vector<std::string> mail = Mail("mentor_request", "e3@example.org");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].find(DeclineReasonText(DeclineReason::kNotAFit)), std::string::npos);
  EXPECT_NE(mail[0].find("Ask M4, she knows more."), std::string::npos);
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::AcceptRequest(*db_, As("M3"), to_m3.id); })),
            "failed_precondition/");
  // E3 asks M3 again and E5 asks M3 too; then M4 accepts E3.
  const MentorRequest again = service::SendRequest(*db_, As("E3"), program_, "M3", "");
  const MentorRequest e5 = service::SendRequest(*db_, As("E5"), program_, "M3", "");
  const MentorRequest accepted = service::AcceptRequest(*db_, As("M4"), to_m4.id);
  EXPECT_EQ(accepted.status, RequestStatus::kAccepted);
  ASSERT_TRUE(accepted.pair_id);
  const Pair pair = service::GetPair(*db_, coordinator_, *accepted.pair_id);
  EXPECT_EQ(pair.status, PairStatus::kActive);
  EXPECT_EQ(pair.mentee, "E3");
  EXPECT_EQ(pair.mentor, "M4");
  EXPECT_EQ(Mail("introduction", "e3@example.org").size(), 1u);
  EXPECT_EQ(Mail("introduction", "m4@example.org").size(), 1u);
  // E3 has their one mentor: their request to M3 is withdrawn and M3 told.
  EXPECT_EQ(service::GetRequest(*db_, As("E3"), again.id).status, RequestStatus::kWithdrawn);
  EXPECT_EQ(service::GetRequest(*db_, As("E3"), again.id).reason, kWithdrawnPaired);
  EXPECT_NE(Mail("mentor_request", "m3@example.org").front().find("has found a mentor"),
            std::string::npos);
  // M4 has room for one more (E4's request stays); M3 still has E5's.
  EXPECT_EQ(service::ListRequests(*db_, As("M4"), program_, RequestStatus::kPending).size(), 1u);
  EXPECT_EQ(service::GetRequest(*db_, As("M3"), e5.id).status, RequestStatus::kPending);
  // M4 accepts E4 and is full: nothing else was pending for M4.
  service::AcceptRequest(
      *db_, As("M4"),
      service::ListRequests(*db_, As("M4"), program_, RequestStatus::kPending).front().id);
  EXPECT_EQ(OpenPairsOf("M4"), 2);
  // Who sees which requests.
  EXPECT_EQ(service::ListRequests(*db_, As("E5"), program_).size(), 1u);
  EXPECT_EQ(service::ListRequests(*db_, coordinator_, program_).size(), 5u);
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::ListRequests(*db_, evaluator_, program_); })),
            "permission_denied/");
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetRequest(*db_, As("E4"), e5.id); })),
            "permission_denied/");
  // E5 withdraws; M3 is told; a withdrawn request cannot be withdrawn again.
  EXPECT_EQ(service::WithdrawRequest(*db_, As("E5"), e5.id).status, RequestStatus::kWithdrawn);
  EXPECT_NE(Mail("mentor_request", "m3@example.org").front().find("withdrew"), std::string::npos);
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::WithdrawRequest(*db_, As("E5"), e5.id); })),
            "failed_precondition/");
  // Leaving mentee-led mode withdraws what is pending.
  const MentorRequest last = service::SendRequest(*db_, As("E5"), program_, "M3", "");
  SetMode(MatchingMode::kCoordinator);
  EXPECT_EQ(service::GetRequest(*db_, As("E5"), last.id).reason, kWithdrawnClosed);
}

// In "both" mode a mentee's ranking is their prefer list, and the
// coordinator's stable run follows it: E3's best by score is M4, but ranked
// first M3 (who ranks E3 first too) is who E3 gets.
TEST_F(ChoiceTest, RanksFromTheShortlistLeadTheCoordinatorsStableRun) {
  SetMode(MatchingMode::kBoth);
  const auto stable_mentor_of_e3 = [&] {
    MatchingRunSettings settings;
    settings.objective = "stable-mentee";
    const MatchingRun run = service::StartMatchingRun(*db_, coordinator_, program_, settings);
    service::ExecuteMatchingRun(*db_, run.id);
    const MatchingRun done = service::GetMatchingRun(*db_, coordinator_, run.id);
    EXPECT_TRUE(done.result) << done.error;
    if (done.result) {
      for (const Proposal& p : done.result->proposals) {
        if (p.mentee == "E3") return p.mentor;
      }
    }
    return std::string();
  };
  ASSERT_EQ(service::GetShortlist(*db_, As("E3"), program_, {}).mentors.front().mentor, "M4");
  EXPECT_EQ(stable_mentor_of_e3(), "M4");
  service::SetPreferences(*db_, As("E3"), Enrolment("E3"), {"M3", "M4"}, {});
  service::SetPreferences(*db_, As("M3"), Enrolment("M3"), {"E3"}, {});
  EXPECT_EQ(stable_mentor_of_e3(), "M3");
}

// Choosing needs to see the other side: a mentee reads the mentors'
// profiles while mentees choose; a mentor reads the profile of a mentee
// who asked them. Neither sees the hidden parts. The directory names
// people on prefer and avoid lists by id.
TEST_F(ChoiceTest, ChoosingOpensTheOtherSidesProfilesWithoutTheirHiddenParts) {
  service::SetPreferences(*db_, As("E3"), Enrolment("E3"), {"M4"}, {"M5"});
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetProfile(*db_, As("E3"), Enrolment("M4")); })),
            "permission_denied/")
      << "the coordinator matches";
  SetMode(MatchingMode::kMenteeLed);
  EXPECT_EQ(service::GetProfile(*db_, As("E3"), Enrolment("M4")).name, "M4 Person");
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetProfile(*db_, As("M3"), Enrolment("E3")); })),
            "permission_denied/");
  service::SendRequest(*db_, As("E3"), program_, "M3", "");
  const Participant seen = service::GetProfile(*db_, As("M3"), Enrolment("E3"));
  EXPECT_EQ(seen.name, "E3 Person");
  EXPECT_TRUE(seen.prefer.empty());
  EXPECT_TRUE(seen.avoid.empty());
  EXPECT_TRUE(seen.background.empty());
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::GetProfile(*db_, As("M4"), Enrolment("E3")); })),
            "permission_denied/")
      << "not asked";
  std::vector<std::string> named;
  for (const auto& p : service::SearchDirectory(*db_, As("E3"), program_, Role::kMentor, "", 20,
                                                {"M5", "M1", "E4"})) {
    named.push_back(p.id + " " + p.name);
  }
  EXPECT_EQ(named, (std::vector<std::string>{"M1 M1 Person", "M5 M5 Person"}));
}

TEST_F(ChoiceTest, UnansweredRequestsLapseOnTheClock) {
  SetMode(MatchingMode::kMenteeLed);
  const MentorRequest r = service::SendRequest(*db_, As("E4"), program_, "M3", "");
  clock_->Advance(std::chrono::days(6));
  EXPECT_EQ(service::ExpireRequests(*db_), 0);
  clock_->Advance(std::chrono::days(1) + std::chrono::minutes(1));
  // Past answer_by the mentor can no longer accept, even before the job runs.
  EXPECT_EQ(CodeOf(ErrorOf([&] { service::AcceptRequest(*db_, As("M3"), r.id); })),
            "failed_precondition/");
  EXPECT_EQ(service::ExpireRequests(*db_), 1);
  EXPECT_EQ(service::ExpireRequests(*db_), 0);
  EXPECT_EQ(service::GetRequest(*db_, As("E4"), r.id).status, RequestStatus::kExpired);
  const std::vector<std::string> mail = Mail("mentor_request", "e4@example.org");
  ASSERT_EQ(mail.size(), 1u);
  EXPECT_NE(mail[0].find("lapsed"), std::string::npos);
  // The mentee may ask the same mentor again.
  EXPECT_EQ(service::SendRequest(*db_, As("E4"), program_, "M3", "").status,
            RequestStatus::kPending);
}

// Two acceptances at once on two connection pools (two server instances'
// worth): M3 (room for one) accepts E4 and E5 together; E3 (one mentor)
// is accepted by M3 and M4 together. Exactly one of each pair succeeds.
TEST_F(ChoiceTest, AcceptancesRacingForTheLastPlaceNeverOverfill) {
  SetMode(MatchingMode::kMenteeLed);
  std::unique_ptr<store::Database> other = store::Database::Open(test_db_->url(), 4, clock_);
  const auto race = [&](std::int64_t first, const std::string& first_mentor, std::int64_t second,
                        const std::string& second_mentor) {
    std::atomic<int> ready{0}, succeeded{0};
    std::vector<std::string> errors(2);
    const auto accept = [&](store::Database& db, int k, std::int64_t id, const std::string& who) {
      ++ready;
      while (ready < 2) std::this_thread::yield();
      try {
        service::AcceptRequest(db, As(who), id);
        ++succeeded;
      } catch (const Error& e) {
        errors[k] = std::string(ErrorCodeName(e.code()));
        if (e.code() == ErrorCode::kInternal) ADD_FAILURE() << e.message();
      }
    };
    std::thread a(accept, std::ref(*db_), 0, first, first_mentor);
    std::thread b(accept, std::ref(*other), 1, second, second_mentor);
    a.join();
    b.join();
    EXPECT_EQ(succeeded.load(), 1) << errors[0] << " / " << errors[1];
    for (const std::string& e : errors) {
      if (!e.empty()) {
        EXPECT_TRUE(e == "failed_precondition" || e == "conflict") << e;
      }
    }
  };
  // Two mentees asked for M3's last place, and M3 accepts both at once.
  const MentorRequest a = service::SendRequest(*db_, As("E4"), program_, "M3", "");
  const MentorRequest b = service::SendRequest(*db_, As("E5"), program_, "M3", "");
  race(a.id, "M3", b.id, "M3");
  EXPECT_EQ(OpenPairsOf("M3"), 1);
  // One mentee, two mentors accepting at once.
  const MentorRequest to_m4 = service::SendRequest(*db_, As("E3"), program_, "M4", "");
  service::DissolvePair(*db_, coordinator_, pair2_, "free M2");
  const MentorRequest to_m2 = service::SendRequest(*db_, As("E3"), program_, "M2", "");
  race(to_m4.id, "M4", to_m2.id, "M2");
  EXPECT_EQ(OpenPairsOf("E3"), 1);
}

// The same rules as a matching run, checked from the profiles: on random
// programs, every mentee's whole shortlist is exactly the mentors with room
// that no rule keeps apart.
TEST(ChoiceRandomTest, AShortlistIsExactlyTheEligibleMentors) {
  std::mt19937 rng(2027);
  const std::vector<std::string> zones = {"America/New_York", "America/Chicago",
                                          "America/Los_Angeles", "Europe/London"};
  const std::vector<std::string> topics = {"thrombosis", "hemophilia", "lymphoma", "myeloma",
                                           "sickle cell disease"};
  for (int round = 0; round < 3; ++round) {
    SCOPED_TRACE(round);
    store::TestDatabaseUrl url("choice-random-" + std::to_string(round));
    auto clock = std::make_shared<MovableClock>();
    std::unique_ptr<store::Database> db = store::Database::Open(url.url(), 2, clock);
    db->Migrate();
    Program program;
    program.name = "Random " + std::to_string(round);
    program.field = "hematology";
    program.cross_institution = round != 1;
    if (round == 2) program.max_time_zone_difference_hours = 2;
    const std::int64_t id = service::CreateProgram(*db, Actor::CommandLine(), program).id;
    std::vector<Participant> people;
    std::uniform_int_distribution<int> coin(0, 99);
    for (int k = 0; k < 40; ++k) {
      const bool mentor = k < 15;
      Participant p =
          TestPerson(mentor ? Role::kMentor : Role::kMentee,
                     (mentor ? "R" : "E") + std::to_string(k), zones[coin(rng) % zones.size()]);
      p.institution = "Inst " + std::to_string(coin(rng) % 4);
      p.capacity = mentor ? 1 + coin(rng) % 2 : 1;
      p.interests = {topics[coin(rng) % topics.size()], topics[coin(rng) % topics.size()]};
      if (p.interests[0] == p.interests[1]) p.interests.pop_back();
      people.push_back(std::move(p));
    }
    for (int k = 15; k < 40; ++k) {
      if (coin(rng) < 30) people[k].avoid = {"R" + std::to_string(coin(rng) % 15)};
    }
    {
      store::Transaction tx = db->Begin();
      store::ParticipantRepository repo(tx);
      repo.Write(id, people, service::PlanImport(repo.ReadForImport(id, people), people, {}).plan);
      tx.Commit();
    }
    // Some pairs already: use up some mentors' room.
    int made = 0;
    for (int k = 15; k < 40 && made < 8; k += 3) {
      const service::Shortlist s = service::GetShortlist(*db, Actor::CommandLine(), id,
                                                         {.mentee = people[k].id, .limit = 50});
      if (s.mentors.empty()) continue;
      service::CreatePair(*db, Actor::CommandLine(), id, people[k].id, s.mentors.back().mentor);
      ++made;
    }
    std::map<std::string, int> open;
    std::set<std::pair<std::string, std::string>> paired;
    for (const Pair& p : service::ListPairs(*db, Actor::CommandLine(), id)) {
      ++open[p.mentor];
      ++open[p.mentee];
      paired.insert({p.mentee, p.mentor});
    }
    const calendar::Date reference = calendar::ParseDate(FormatUtcDate(clock->Now()));
    for (int k = 15; k < 40; ++k) {
      const Participant& e = people[k];
      SCOPED_TRACE(e.id);
      const service::Shortlist s =
          service::GetShortlist(*db, Actor::CommandLine(), id, {.mentee = e.id, .limit = 50});
      std::set<std::string> shown;
      for (const service::ShortlistEntry& entry : s.mentors) shown.insert(entry.mentor);
      if (open[e.id] >= e.capacity) {
        EXPECT_TRUE(shown.empty()) << "a mentee with their mentors sees no list";
        continue;
      }
      std::set<std::string> expected;
      for (int r = 0; r < 15; ++r) {
        const Participant& m = people[r];
        if (open[m.id] >= m.capacity) continue;
        if (program.cross_institution && m.institution == e.institution) continue;
        if (std::count(e.avoid.begin(), e.avoid.end(), m.id)) continue;
        if (paired.count({e.id, m.id})) continue;
        if (program.max_time_zone_difference_hours &&
            std::abs(calendar::UtcOffsetMinutes(e.time_zone, reference) -
                     calendar::UtcOffsetMinutes(m.time_zone, reference)) >
                *program.max_time_zone_difference_hours * 60) {
          continue;
        }
        expected.insert(m.id);
      }
      EXPECT_EQ(shown, expected);
      EXPECT_EQ(s.eligible, static_cast<int>(expected.size()));
    }
  }
}

// Load balancing, measured: 60 mentees with similar interests each ask the
// top three of their shortlist in turn. Without balancing the same few
// mentors top everyone's list; with it, near-ties rotate and mentors with
// many pending requests move down.
TEST(ChoiceRandomTest, LoadBalancingSpreadsRequests) {
  store::TestDatabaseUrl url("choice-balance");
  auto clock = std::make_shared<MovableClock>();
  std::unique_ptr<store::Database> db = store::Database::Open(url.url(), 2, clock);
  db->Migrate();
  Program program;
  program.name = "Balance";
  program.field = "hematology";
  const std::int64_t id = service::CreateProgram(*db, Actor::CommandLine(), program).id;
  std::mt19937 rng(5);
  const std::vector<std::string> topics = {"thrombosis", "hemophilia", "sickle cell disease",
                                           "iron disorders"};
  std::vector<Participant> people;
  for (int k = 0; k < 90; ++k) {
    const bool mentor = k < 30;
    Participant p = TestPerson(mentor ? Role::kMentor : Role::kMentee,
                               (mentor ? "R" : "E") + std::to_string(k));
    p.capacity = mentor ? 3 : 1;
    p.interests = {topics[rng() % topics.size()], topics[rng() % topics.size()]};
    people.push_back(std::move(p));
  }
  {
    store::Transaction tx = db->Begin();
    store::ParticipantRepository repo(tx);
    repo.Write(id, people, service::PlanImport(repo.ReadForImport(id, people), people, {}).plan);
    tx.Commit();
  }
  service::UpdateChoiceSettings(*db, Actor::CommandLine(), id,
                                {.mode = MatchingMode::kMenteeLed, .max_open_requests = 3});
  const double before = testing::TopTenthShare(*db, id, false);
  const double after = testing::TopTenthShare(*db, id, true);
  std::printf("requests to the top 10%% of mentors: %.1f%% without balancing, %.1f%% with\n",
              100 * before, 100 * after);
  EXPECT_LT(after, before);
  EXPECT_LT(after, 0.25) << "fair share is 10%";
}

}  // namespace
}  // namespace tandem
