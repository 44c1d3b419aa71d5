// Peer support (docs/peer-support.md) through the service layer, once per
// database: the public form's bad inputs, one account per e-mail and its
// limit per address; the queue and its overdue marker in working days;
// suggestions that keep every hard rule and stay right when volunteers
// change on another instance; offers that show no health details, accepted,
// declined or lapsing on the test clock; introductions and check-ins; load
// balancing over a sequence of requests; and who may see what, logged.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <set>
#include <sstream>

#include "core/clock.h"
#include "error_of.h"
#include "service/demo_peer.h"
#include "service/pairs.h"
#include "service/peer_support.h"
#include "service/programs.h"
#include "store/enrollment_repository.h"
#include "store/outbox.h"
#include "store/participant_repository.h"
#include "store/peer_repository.h"
#include "store/testing.h"

namespace tandem {
namespace {

using service::Actor;

std::string CodeOf(const Error& e) {
  return std::string(ErrorCodeName(e.code())) + "/" + e.field();
}

PeerProfile Profile(const std::string& cancer = "breast") {
  PeerProfile p;
  p.person = "patient";
  p.cancer_type = cancer;
  p.treatments = {"surgery", "chemotherapy"};
  p.age_group = "40_49";
  p.gender = "woman";
  p.topics = {"fertility"};
  p.languages = {"english"};
  p.contact = {"phone"};
  p.time_zone = "America/New_York";
  return p;
}

class PeerSupportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    test_db_ = std::make_unique<store::TestDatabaseUrl>(
        "peer-test-" +
        std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    // A fixed Monday, whatever today is: working days count from it.
    clock_ = std::make_shared<MovableClock>(*ParseUtc("2026-12-07T14:00:00Z"));
    db_ = store::Database::Open(test_db_->url(), 4, clock_);
    db_->Migrate();
    Program p;
    p.name = "Survivor Connect";
    p.field = "oncology";
    p.kind = ProgramKind::kPeerSupport;
    p.status = ProgramStatus::kActive;
    program_ = service::CreateProgram(*db_, Actor::CommandLine(), p).id;
    store::Transaction tx = db_->Begin();
    const std::int64_t specialist = store::InsertTestUser(tx, "spec@example.org", "Spec Ialist");
    store::InsertTestEnrollment(tx, program_, specialist, Role::kCoordinator, "S1");
    admin_ = Actor::User(store::InsertTestUser(tx, "admin@example.org", "Ad Min"), true);
    tx.Commit();
    specialist_ = Actor::User(specialist, false);
  }

  // Volunteer `id` with `profile`, trained and cleared, room for `capacity`.
  std::int64_t AddVolunteer(const std::string& id, PeerProfile profile, int capacity = 1) {
    std::int64_t enrollment = 0;
    {
      store::Transaction tx = db_->Begin();
      const std::int64_t user = store::InsertTestUser(tx, id + "@example.org", id + " Volunteer");
      enrollment = store::InsertTestEnrollment(tx, program_, user, Role::kMentor, id);
      users_[id] = user;
      tx.Commit();
    }
    profile.person = profile.person == "patient" ? "survivor" : profile.person;
    service::SavePeerProfile(*db_, specialist_, enrollment, profile);
    service::UpdateVolunteerStanding(
        *db_, specialist_, enrollment,
        {.trained_on = "2026-01-10", .screening = Screening::kCleared, .paused = false});
    if (capacity != 1) {
      store::Transaction tx = db_->Begin();
      store::ParticipantRepository participants(tx);
      Participant p = *participants.LoadProfile(enrollment);
      p.capacity = capacity;
      participants.SaveProfile(enrollment, p);
      service::NoteVolunteerChange(tx, program_, enrollment);
      tx.Commit();
    }
    volunteers_[id] = enrollment;
    return enrollment;
  }

  service::SubmittedPeerRequest Ask(const std::string& email, PeerProfile profile = Profile(),
                                    const std::string& address = "203.0.113.7") {
    service::PeerRequestInput in;
    in.name = "Pat " + email.substr(0, email.find('@'));
    in.email = email;
    in.phone = "+1 617 555 0100";
    in.consent_contact = true;
    in.consent_share = true;
    in.note = "Just diagnosed and scared.";
    in.profile = std::move(profile);
    return service::SubmitPeerRequest(*db_, Actor::Anonymous(), program_, in, address);
  }

  std::vector<std::string> Suggested(std::int64_t request, int limit = 10) {
    std::vector<std::string> out;
    for (const auto& s : service::SuggestVolunteers(*db_, specialist_, request, limit)) {
      out.push_back(s.participant_id);
    }
    return out;
  }

  // Subject + body of the newest message of `kind` to `address`.
  std::string Mail(const std::string& kind, const std::string& address) {
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.kind == kind && e.to_address == address) return e.subject + "\n" + e.body;
    }
    return "";
  }

  // The token of the newest link `prefix` in a message to `address`.
  std::string LinkToken(const std::string& address, const std::string& prefix) {
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      const auto at = e.body.find(prefix);
      if (e.to_address == address && at != std::string::npos) {
        return e.body.substr(at + prefix.size(), 43);
      }
    }
    return "";
  }

  std::shared_ptr<MovableClock> clock_ = std::make_shared<MovableClock>();
  std::unique_ptr<store::TestDatabaseUrl> test_db_;
  std::unique_ptr<store::Database> db_;
  std::int64_t program_ = 0;
  Actor specialist_, admin_;
  std::map<std::string, std::int64_t> users_, volunteers_;
};

TEST_F(PeerSupportTest, TheFormNamesEveryBadFieldAndNeverMakesAnAccountTwice) {
  const struct {
    void (*edit)(service::PeerRequestInput&);
    const char* expected;
  } cases[] = {
      {[](service::PeerRequestInput& in) { in.name = " "; }, "invalid_argument/name"},
      {[](service::PeerRequestInput& in) { in.email = "not an address"; },
       "invalid_argument/email"},
      {[](service::PeerRequestInput& in) { in.phone = "call me"; }, "invalid_argument/phone"},
      {[](service::PeerRequestInput& in) { in.consent_contact = false; },
       "invalid_argument/consent_contact"},
      {[](service::PeerRequestInput& in) { in.consent_share = false; },
       "invalid_argument/consent_share"},
      {[](service::PeerRequestInput& in) { in.note = std::string(2001, 'x'); },
       "invalid_argument/note"},
      {[](service::PeerRequestInput& in) { in.profile.cancer_type = "heart"; },
       "invalid_argument/cancer_type"},
      {[](service::PeerRequestInput& in) { in.profile.languages = {}; },
       "invalid_argument/languages"},
      {[](service::PeerRequestInput& in) { in.profile.treatments = {"magic"}; },
       "invalid_argument/treatments[0]"},
      {[](service::PeerRequestInput& in) { in.urgent = true; }, "permission_denied/urgent"},
  };
  for (const auto& c : cases) {
    service::PeerRequestInput in;
    in.name = "Pat";
    in.email = "pat@example.org";
    in.consent_contact = in.consent_share = true;
    in.profile = Profile();
    c.edit(in);
    EXPECT_EQ(CodeOf(testing::ErrorOf([&] {
                service::SubmitPeerRequest(*db_, Actor::Anonymous(), program_, in, "198.51.100.1");
              })),
              c.expected);
  }
  // None of those made an account or counted against the limit.
  const auto first = Ask("Pat@Example.org");
  EXPECT_NE(first.follow_link.find("/peer/follow/"), std::string::npos);
  EXPECT_NE(Mail("peer_request", "pat@example.org").find(first.follow_link), std::string::npos);
  // The same address again: the same account, and a request still open is a conflict.
  EXPECT_EQ(CodeOf(testing::ErrorOf([&] { Ask("pat@example.org"); })), "conflict/email");
  {
    store::Transaction tx = db_->Begin(false);
    EXPECT_EQ(store::EnrollmentRepository(tx).List(program_).size(), 2u);  // specialist, Pat
  }
  // Withdrawn through the follow link, the person may ask again: still one account.
  const std::string token = first.follow_link.substr(first.follow_link.rfind('/') + 1);
  EXPECT_EQ(service::FollowPeerRequest(*db_, token).status, PeerRequestStatus::kNew);
  EXPECT_EQ(service::WithdrawFollowedRequest(*db_, token).status, PeerRequestStatus::kWithdrawn);
  const auto again = Ask("pat@example.org");
  EXPECT_EQ(again.request.enrollment_id, first.request.enrollment_id);
  // Five an hour from one address: the sixth waits (3 so far from it).
  Ask("a@example.org");
  Ask("b@example.org");
  Ask("c@example.org");
  EXPECT_EQ(CodeOf(testing::ErrorOf([&] { Ask("d@example.org"); })), "permission_denied/");
  EXPECT_NO_THROW(Ask("d@example.org", Profile(), "203.0.113.8"));  // another address
  clock_->Advance(std::chrono::minutes(61));
  EXPECT_NO_THROW(Ask("e@example.org"));
  EXPECT_EQ(
      CodeOf(testing::ErrorOf([&] { service::FollowPeerRequest(*db_, std::string(43, 'A')); })),
      "not_found/");
}

TEST_F(PeerSupportTest, TheQueueMarksWhatWaitsPastTheTargetInWorkingDays) {
  const auto a = Ask("a@example.org");
  const auto b = Ask("b@example.org");
  service::UpdatePeerRequest(*db_, specialist_, b.request.id, {.urgent = true});
  auto queue = service::ListPeerQueue(*db_, specialist_, program_, {});
  ASSERT_EQ(queue.size(), 2u);
  EXPECT_EQ(queue[0].request.id, b.request.id) << "urgent first";
  EXPECT_FALSE(queue[0].overdue);
  // Monday to Thursday is 3 working days (the default target): not overdue;
  // Friday is 4.
  clock_->Advance(std::chrono::days(3));
  queue = service::ListPeerQueue(*db_, specialist_, program_, {});
  EXPECT_EQ(queue[1].waiting_working_days, 3);
  EXPECT_FALSE(queue[1].overdue);
  clock_->Advance(std::chrono::days(1));
  queue = service::ListPeerQueue(*db_, specialist_, program_, {.overdue_only = true});
  EXPECT_EQ(queue.size(), 2u);
  // A weekend adds nothing; a waitlisted request is not overdue.
  clock_->Advance(std::chrono::days(2));
  EXPECT_EQ(service::ListPeerQueue(*db_, specialist_, program_, {})[1].waiting_working_days, 4);
  service::UpdatePeerRequest(*db_, specialist_, a.request.id,
                             {.status = PeerRequestStatus::kWaitlisted});
  EXPECT_EQ(service::ListPeerQueue(*db_, specialist_, program_, {.overdue_only = true}).size(), 1u);
  EXPECT_EQ(CodeOf(testing::ErrorOf([&] {
              service::UpdatePeerRequest(*db_, specialist_, a.request.id,
                                         {.status = PeerRequestStatus::kClosed});
            })),
            "failed_precondition/status");
}

TEST_F(PeerSupportTest, SuggestionsKeepTheHardRulesAndFollowChangesOnAnotherInstance) {
  PeerProfile spanish = Profile();
  spanish.languages = {"spanish"};
  PeerProfile man = Profile();
  man.gender = "man";
  AddVolunteer("V1", Profile());
  AddVolunteer("V2", Profile("lung"));
  AddVolunteer("V3", spanish);
  AddVolunteer("V4", man);
  const std::int64_t v5 = AddVolunteer("V5", Profile());
  PeerProfile asks = Profile();
  asks.same_gender = true;
  const auto r = Ask("p@example.org", asks);
  // V3 shares no language; V4 is not a woman, asked for.
  EXPECT_EQ(Suggested(r.request.id), (std::vector<std::string>{"V1", "V5", "V2"}));
  // Another instance pauses V5; this one's index follows without a rebuild.
  std::unique_ptr<store::Database> other = store::Database::Open(test_db_->url(), 2, clock_);
  service::UpdateVolunteerStanding(*other, specialist_, v5, {.paused = true});
  EXPECT_EQ(Suggested(r.request.id), (std::vector<std::string>{"V1", "V2"}));
  // Screening that expired yesterday, a volunteer who withdrew.
  service::UpdateVolunteerStanding(*other, specialist_, volunteers_["V1"],
                                   {.screening_expires_on = "2026-12-06"});
  EXPECT_EQ(Suggested(r.request.id), (std::vector<std::string>{"V2"}));
  service::UpdateVolunteerStanding(*db_, specialist_, v5, {.paused = false});
  EXPECT_EQ(Suggested(r.request.id), (std::vector<std::string>{"V5", "V2"}));
  // The same through the other instance's own index.
  std::vector<std::string> there;
  for (const auto& s : service::SuggestVolunteers(*other, specialist_, r.request.id, 10)) {
    there.push_back(s.participant_id);
  }
  EXPECT_EQ(there, (std::vector<std::string>{"V5", "V2"}));
  // Offering someone a rule keeps apart is refused, naming the rule.
  EXPECT_EQ(CodeOf(testing::ErrorOf(
                [&] { service::OfferPeerRequest(*db_, specialist_, r.request.id, "V3"); })),
            "failed_precondition/volunteer");
  EXPECT_EQ(CodeOf(testing::ErrorOf(
                [&] { service::OfferPeerRequest(*db_, specialist_, r.request.id, "V1"); })),
            "failed_precondition/volunteer");
  const auto s = service::SuggestVolunteers(*db_, specialist_, r.request.id, 1);
  ASSERT_EQ(s.size(), 1u);
  EXPECT_EQ(s[0].reasons[0], "same cancer type: Breast cancer");
}

TEST_F(PeerSupportTest, AnOfferShowsNoHealthDetailsUntilAcceptedThenBothAreIntroduced) {
  AddVolunteer("V1", Profile());
  PeerProfile p = Profile();
  p.cancer_subtype = "triple negative";
  p.stage = "2";
  const auto r = Ask("pat@example.org", p);
  service::OfferPeerRequest(*db_, specialist_, r.request.id, "V1");
  const std::string offer_mail = Mail("peer_offer", "V1@example.org");
  EXPECT_NE(offer_mail.find("Breast cancer"), std::string::npos);
  for (const char* secret : {"triple negative", "Stage", "Pat pat", "pat@example.org", "617"}) {
    EXPECT_EQ(offer_mail.find(secret), std::string::npos) << secret;
  }
  const std::string token = LinkToken("V1@example.org", "/peer/offers/");
  ASSERT_EQ(token.size(), 43u);
  service::OfferView v = service::GetPeerOffer(*db_, token);
  EXPECT_TRUE(v.requester_name.empty());
  EXPECT_TRUE(v.contact.empty());
  // The volunteer's view of the request: only after accepting.
  const Actor volunteer = Actor::User(users_["V1"], false);
  EXPECT_EQ(
      CodeOf(testing::ErrorOf([&] { service::GetPeerRequest(*db_, volunteer, r.request.id); })),
      "permission_denied/");
  v = service::AcceptPeerOffer(*db_, token);
  EXPECT_EQ(v.offer.status, OfferStatus::kAccepted);
  EXPECT_EQ(v.requester_name, "Pat pat");
  EXPECT_NE(v.contact.find("+1 617 555 0100"), std::string::npos);
  EXPECT_EQ(service::GetPeerRequest(*db_, volunteer, r.request.id).profile.cancer_subtype,
            "triple negative");
  EXPECT_NE(Mail("introduction", "pat@example.org").find("V1@example.org"), std::string::npos);
  EXPECT_NE(Mail("introduction", "V1@example.org").find("+1 617 555 0100"), std::string::npos);
  const service::PeerRequestView view = service::GetPeerRequest(*db_, specialist_, r.request.id);
  EXPECT_EQ(view.entry.request.status, PeerRequestStatus::kIntroduced);
  ASSERT_TRUE(view.entry.request.pair_id);
  EXPECT_EQ(service::GetPair(*db_, specialist_, *view.entry.request.pair_id).status,
            PairStatus::kActive);
  // At their limit now: not suggested, and a second acceptance is refused.
  const auto r2 = Ask("quinn@example.org");
  EXPECT_TRUE(Suggested(r2.request.id).empty());
  EXPECT_EQ(CodeOf(testing::ErrorOf([&] { service::AcceptPeerOffer(*db_, token); })),
            "failed_precondition/");
  // Check-ins at two weeks: both say yes, the request is active.
  clock_->Advance(std::chrono::days(13));
  EXPECT_EQ(service::SendPeerCheckins(*db_), 0);
  clock_->Advance(std::chrono::days(2));
  EXPECT_EQ(service::SendPeerCheckins(*db_), 2);
  EXPECT_EQ(service::SendPeerCheckins(*db_), 0) << "once per person and week";
  for (const char* to : {"pat@example.org", "V1@example.org"}) {
    const std::string t = LinkToken(to, "/peer/check-ins/");
    ASSERT_EQ(t.size(), 43u) << to;
    EXPECT_TRUE(service::AnswerPeerCheckin(*db_, t, true).connected);
  }
  EXPECT_EQ(service::GetPeerRequest(*db_, specialist_, r.request.id).entry.request.status,
            PeerRequestStatus::kActive);
  clock_->Advance(std::chrono::days(28));
  EXPECT_EQ(service::SendPeerCheckins(*db_), 2) << "six weeks";
}

TEST_F(PeerSupportTest, ADeclineOrALapseSendsTheRequestBackWithTheNextSuggestion) {
  AddVolunteer("V1", Profile());
  AddVolunteer("V2", Profile());
  const auto r = Ask("pat@example.org");
  EXPECT_EQ(Suggested(r.request.id), (std::vector<std::string>{"V1", "V2"}));
  service::OfferPeerRequest(*db_, specialist_, r.request.id, "V1");
  EXPECT_EQ(CodeOf(testing::ErrorOf(
                [&] { service::OfferPeerRequest(*db_, specialist_, r.request.id, "V2"); })),
            "failed_precondition/")
      << "one offer at a time";
  const std::string t1 = LinkToken("V1@example.org", "/peer/offers/");
  EXPECT_EQ(CodeOf(testing::ErrorOf([&] { service::DeclinePeerOffer(*db_, t1, " "); })),
            "invalid_argument/reason");
  service::DeclinePeerOffer(*db_, t1, "I am travelling this month");
  service::PeerRequestView v = service::GetPeerRequest(*db_, specialist_, r.request.id);
  EXPECT_EQ(v.entry.request.status, PeerRequestStatus::kSuggested);
  EXPECT_EQ(v.entry.request.suggested_volunteer_id, volunteers_["V2"]);
  EXPECT_EQ(Suggested(r.request.id), (std::vector<std::string>{"V2"})) << "V1 declined this one";
  // V2 never answers: 48 hours later the offer lapses.
  service::OfferPeerRequest(*db_, specialist_, r.request.id, "V2");
  clock_->Advance(std::chrono::hours(47));
  EXPECT_EQ(service::ExpirePeerOffers(*db_), 0);
  clock_->Advance(std::chrono::hours(2));
  EXPECT_EQ(service::ExpirePeerOffers(*db_), 1);
  v = service::GetPeerRequest(*db_, specialist_, r.request.id);
  EXPECT_EQ(v.entry.request.status, PeerRequestStatus::kSuggested);
  EXPECT_FALSE(v.entry.request.suggested_volunteer_id) << "nobody left";
  ASSERT_EQ(v.offers.size(), 2u);
  EXPECT_EQ(v.offers[1].status, OfferStatus::kExpired);
  EXPECT_EQ(CodeOf(testing::ErrorOf([&] {
              service::AcceptPeerOffer(*db_, LinkToken("V2@example.org", "/peer/offers/"));
            })),
            "failed_precondition/");
}

// Thirty requests alike and thirty volunteers alike (room for three each):
// each request goes to the best suggestion, who accepts. Balancing spreads
// them so that nobody is asked twice while someone has not been asked.
TEST_F(PeerSupportTest, LoadBalancingSpreadsASequenceOfRequests) {
  for (int i = 0; i < 30; ++i) AddVolunteer("V" + std::to_string(i), Profile(), 3);
  std::map<std::string, int> asked;
  for (int i = 0; i < 30; ++i) {
    const auto r =
        Ask("p" + std::to_string(i) + "@example.org", Profile(), "198.51.100." + std::to_string(i));
    const std::vector<std::string> s = Suggested(r.request.id, 1);
    ASSERT_EQ(s.size(), 1u);
    ++asked[s[0]];
    service::OfferPeerRequest(*db_, specialist_, r.request.id, s[0]);
    service::AcceptPeerOffer(*db_, LinkToken(s[0] + "@example.org", "/peer/offers/"));
    clock_->Advance(std::chrono::hours(1));
  }
  EXPECT_EQ(asked.size(), 30u);
  for (const auto& [v, n] : asked) EXPECT_EQ(n, 1) << v;
}

// The volunteers file: every problem by row and column and nothing saved;
// then, corrected, every row saved and suggested.
TEST_F(PeerSupportTest, TheVolunteersFileIsAllOrNothingWithEveryProblemByRowAndColumn) {
  {
    store::Transaction tx = db_->Begin();
    for (const char* id : {"V1", "V2"}) {
      store::InsertTestEnrollment(tx, program_,
                                  store::InsertTestUser(tx, std::string(id) + "@x.org", id),
                                  Role::kMentor, id);
    }
    tx.Commit();
  }
  std::istringstream bad(
      "id,person,cancer_type,treatments,languages,trained_on,screening,paused\n"
      "V1,survivor,breast,surgery;magic,english,2026-01-10,cleared,no\n"
      "V2,survivor,heart,,english,2026-13-01,cleared,maybe\n"
      "V9,survivor,lung,,english,,,\n"
      "V1,survivor,lung,,english,,,\n");
  const service::VolunteerImport report =
      service::ImportPeerVolunteers(*db_, specialist_, program_, bad);
  std::vector<std::string> problems;
  for (const InputProblem& p : report.errors) {
    problems.push_back(std::to_string(p.row) + ":" + p.column);
  }
  EXPECT_EQ(problems, (std::vector<std::string>{"2:treatments", "3:cancer_type", "4:id", "5:id"}));
  EXPECT_EQ(report.saved, 0);
  std::istringstream unknown("id,cancer_type,favourite_colour\nV1,breast,blue\n");
  EXPECT_EQ(service::ImportPeerVolunteers(*db_, specialist_, program_, unknown).errors.at(0).column,
            "favourite_colour");
  const auto r = Ask("pat@example.org");
  EXPECT_TRUE(Suggested(r.request.id).empty()) << "nothing was saved";
  std::istringstream good(
      "id,person,cancer_type,treatments,languages,trained_on,screening,paused\n"
      "V1,survivor,breast,surgery;chemotherapy,english,2026-01-10,cleared,no\n"
      "V2,survivor,breast,surgery,english;spanish,2026-01-10,cleared,yes\n");
  EXPECT_EQ(service::ImportPeerVolunteers(*db_, specialist_, program_, good).saved, 2);
  EXPECT_EQ(Suggested(r.request.id), (std::vector<std::string>{"V1"})) << "V2 is paused";
  EXPECT_EQ(CodeOf(testing::ErrorOf([&] {
              std::istringstream again("id\nV1\n");
              service::ImportPeerVolunteers(*db_, Actor::User(424242, false), program_, again);
            })).substr(0, 17),
            "permission_denied");
}

TEST_F(PeerSupportTest, HealthDetailsAreForSpecialistsAndEveryViewIsLogged) {
  AddVolunteer("V1", Profile());
  const auto r = Ask("pat@example.org");
  // Outsiders and volunteers cannot read the queue or the request.
  const Actor volunteer = Actor::User(users_["V1"], false);
  EXPECT_EQ(
      CodeOf(testing::ErrorOf([&] { service::ListPeerQueue(*db_, volunteer, program_, {}); })),
      "permission_denied/");
  EXPECT_EQ(CodeOf(testing::ErrorOf(
                [&] { service::GetPeerProfile(*db_, volunteer, r.request.enrollment_id); })),
            "permission_denied/");
  service::GetPeerRequest(*db_, specialist_, r.request.id);
  service::SuggestVolunteers(*db_, specialist_, r.request.id, 5);
  service::GetPeerProfile(*db_, specialist_, r.request.enrollment_id);
  // The export leaves health out unless asked; asked, each row is logged.
  const std::string plain = service::ExportPeerRequests(*db_, specialist_, program_, false);
  EXPECT_EQ(plain.find("breast"), std::string::npos);
  EXPECT_EQ(plain.find("cancer_type"), std::string::npos);
  const std::string full = service::ExportPeerRequests(*db_, specialist_, program_, true);
  EXPECT_NE(full.find("breast"), std::string::npos);
  EXPECT_EQ(CodeOf(testing::ErrorOf([&] { service::ListPeerAccess(*db_, specialist_, program_); })),
            "permission_denied/");
  const auto log = service::ListPeerAccess(*db_, admin_, program_);
  std::multiset<std::string> what;
  for (const auto& a : log) {
    EXPECT_EQ(a.viewer_user_id, specialist_.user_id);
    EXPECT_EQ(a.subject_enrollment_id, r.request.enrollment_id);
    what.insert(a.what);
  }
  EXPECT_EQ(what, (std::multiset<std::string>{"request", "suggestions", "profile", "export"}));
}

}  // namespace
}  // namespace tandem
