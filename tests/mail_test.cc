// E-mail delivery against a real SMTP server on loopback (tests/smtp_server.py,
// Debian's aiosmtpd, with STARTTLS and AUTH), once per database: every message
// read back by Python's MIME parser; refusals, retries, a server that comes
// back, wrong credentials, no server at all, and two workers sending each
// message once.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "calendar/local_time.h"
#include "core/error.h"
#include "error_of.h"
#include "jobs/worker.h"
#include "service/accounts.h"
#include "service/events.h"
#include "service/mail.h"
#include "service/meetings.h"
#include "service/notifications.h"
#include "service/pairs.h"
#include "service/participants.h"
#include "service/programs.h"
#include "smtp_test_server.h"
#include "store/database.h"
#include "store/job_repository.h"
#include "store/outbox.h"
#include "store/participant_repository.h"
#include "store/testing.h"

namespace tandem {
namespace {

using namespace std::chrono_literals;
namespace fs = std::filesystem;

using testing::CodeAndField;
using testing::ErrorOf;
using testing::SmtpTestServer;

template <typename F>
bool WaitFor(F&& done, std::chrono::milliseconds limit = 60s) {
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

class MailTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string name = ::testing::UnitTest::GetInstance()->current_test_info()->name();
    test_db_ = std::make_unique<store::TestDatabaseUrl>("mail-test-" + name);
    db_ = store::Database::Open(test_db_->url(), 6);
    db_->Migrate();
    dir_ = fs::temp_directory_path() / ("tandem-mail-" + std::to_string(::getpid()) + "-" + name);
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    db_.reset();
    test_db_.reset();
    fs::remove_all(dir_);
  }

  // Adds a message to the outbox (with its send_mail job).
  std::int64_t Queue(const std::string& to, const std::string& subject,
                     const std::string& calendar = "") {
    store::Transaction tx = db_->Begin();
    store::OutboxEntry e;
    e.to_address = to;
    e.subject = subject;
    e.body = "Hello,\n\nYour pair page: https://tandem.test/pairs/7\n";
    e.kind = calendar.empty() ? "invitation" : "meeting";
    if (!calendar.empty()) {
      e.attachment_name = "invitation.ics";
      e.attachment_type = "text/calendar; charset=utf-8; method=REQUEST";
      e.attachment = calendar;
    }
    const std::int64_t id = store::Outbox(tx).Add(e);
    tx.Commit();
    return id;
  }
  store::OutboxEntry Message(std::int64_t id) {
    store::Transaction tx = db_->Begin(false);
    auto e = store::Outbox(tx).Find(id);
    tx.Commit();
    return *e;
  }
  std::unique_ptr<jobs::Worker> StartWorker(const notify::SmtpSettings& smtp,
                                            store::Database* db = nullptr) {
    auto w = std::make_unique<jobs::Worker>(
        db ? *db : *db_, jobs::StandardHandlers(db ? *db : *db_, smtp),
        jobs::WorkerOptions{.threads = 2, .poll_interval = 20ms, .retry_delay = 1s});
    w->Start();
    return w;
  }

  std::unique_ptr<store::TestDatabaseUrl> test_db_;
  std::unique_ptr<store::Database> db_;
  fs::path dir_;
};

// Each message is well-formed MIME with both parts, the meeting's calendar
// inline, sent over STARTTLS with AUTH, and recorded as sent with the reply.
TEST_F(MailTest, DeliversWellFormedMessagesOverStartTlsWithAuth) {
  SmtpTestServer server(dir_ / "server");
  const std::string ics =
      "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nBEGIN:VEVENT\r\nUID:meeting-1@tandem\r\n"
      "DTSTART:20270112T150000Z\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
  const std::int64_t invitation = Queue("ana@x.test", "Invitation to Hematology Fellows");
  const std::int64_t meeting = Queue("jose@x.test", "Réunion: Tue 12 Jan 2027", ics);
  auto worker = StartWorker(server.Settings());
  ASSERT_TRUE(WaitFor([&] { return server.Received().size() == 2; }));
  ASSERT_TRUE(WaitFor([&] {
    return Message(invitation).status == store::OutboxStatus::kSent &&
           Message(meeting).status == store::OutboxStatus::kSent;
  }));
  const auto received = server.Received();
  for (const nlohmann::json& m : received) {
    SCOPED_TRACE(m.dump());
    EXPECT_TRUE(m["tls"].get<bool>());
    EXPECT_TRUE(m["authenticated"].get<bool>());
    EXPECT_TRUE(m["defects"].empty());
    EXPECT_EQ(m["content_type"], "multipart/alternative");
    for (const char* h : {"Date", "Message-ID", "From", "To", "Subject", "Reply-To"}) {
      EXPECT_TRUE(m["headers"].contains(h)) << h;
    }
    EXPECT_EQ(m["headers"]["From"], "Hematology Fellows <program@tandem.test>");
    EXPECT_EQ(m["mail_from"], "program@tandem.test");
    EXPECT_EQ(m["parts"][0]["type"], "text/plain");
    EXPECT_EQ(m["parts"][1]["type"], "text/html");
    EXPECT_NE(m["parts"][1]["content"].get<std::string>().find(
                  "<a href=\"https://tandem.test/pairs/7\">"),
              std::string::npos);
  }
  const nlohmann::json& mail =
      received[0]["headers"]["Subject"] == "Réunion: Tue 12 Jan 2027" ? received[0] : received[1];
  EXPECT_EQ(mail["headers"]["Subject"], "Réunion: Tue 12 Jan 2027");  // RFC 2047, decoded
  ASSERT_EQ(mail["parts"].size(), 3u);
  EXPECT_EQ(mail["parts"][2]["type"], "text/calendar");
  EXPECT_EQ(mail["parts"][2]["method"], "REQUEST");
  EXPECT_NE(mail["parts"][2]["content"].get<std::string>().find("UID:meeting-1@tandem"),
            std::string::npos);
  const store::OutboxEntry sent = Message(meeting);
  EXPECT_EQ(sent.attempts, 1);
  EXPECT_NE(sent.smtp_reply.find("250 2.0.0 OK queued as"), std::string::npos);
  EXPECT_EQ(sent.message_id, mail["headers"]["Message-ID"]);
  EXPECT_FALSE(sent.sent_at.empty());
}

// A permanent refusal fails the message with the server's words; wrong
// credentials say so; without a server messages are kept; an admin resends.
TEST_F(MailTest, RefusalsAndMissingSettingsAreShownAndCanBeResent) {
  SmtpTestServer server(dir_ / "server");
  const std::int64_t rejected = Queue("reject@x.test", "To nobody");
  {
    auto worker = StartWorker(server.Settings());
    ASSERT_TRUE(WaitFor([&] { return Message(rejected).status == store::OutboxStatus::kFailed; }));
  }
  EXPECT_NE(Message(rejected).last_error.find("550 5.1.1 <reject@x.test>: no such mailbox here"),
            std::string::npos)
      << Message(rejected).last_error;

  const std::int64_t wrong = Queue("ana@x.test", "Wrong password");
  {
    auto worker = StartWorker(server.Settings("not-the-password"));
    ASSERT_TRUE(WaitFor([&] { return Message(wrong).status == store::OutboxStatus::kFailed; }));
  }
  EXPECT_NE(Message(wrong).last_error.find("refused the user name or password"), std::string::npos)
      << Message(wrong).last_error;

  const std::int64_t kept = Queue("ben@x.test", "No server");
  {
    auto worker = StartWorker(notify::SmtpSettings{});
    ASSERT_TRUE(WaitFor([&] { return Message(kept).status == store::OutboxStatus::kKept; }));
  }
  EXPECT_NE(Message(kept).last_error.find("not set up"), std::string::npos);
  EXPECT_TRUE(server.Received().empty());

  // The admin resends the kept and the wrong-password ones once the settings are right.
  const service::Actor admin = service::Actor::CommandLine();
  service::ResendOutboxMessage(*db_, admin, kept);
  service::ResendOutboxMessage(*db_, admin, wrong);
  EXPECT_THROW(service::ResendOutboxMessage(*db_, admin, kept), Error);  // queued already
  auto worker = StartWorker(server.Settings());
  ASSERT_TRUE(WaitFor([&] { return server.Received().size() == 2; }));
  ASSERT_TRUE(WaitFor([&] { return Message(kept).status == store::OutboxStatus::kSent; }));
  EXPECT_THROW(service::ResendOutboxMessage(*db_, admin, kept), Error);  // sent
  EXPECT_THROW(service::ResendOutboxMessage(*db_, service::Actor::Anonymous(), rejected), Error);
}

// Temporary trouble is retried until the message goes: a 451 twice, and a
// server that is down and comes back on the same port.
TEST_F(MailTest, TemporaryFailuresAreRetriedUntilDelivered) {
  notify::SmtpSettings settings;
  int port = 0;
  {
    SmtpTestServer server(dir_ / "busy", {"--fail-first", "2"});
    settings = server.Settings();
    port = server.port();
    const std::int64_t id = Queue("ana@x.test", "Busy server");
    auto worker = StartWorker(settings);
    ASSERT_TRUE(WaitFor([&] { return Message(id).status == store::OutboxStatus::kSent; }));
    EXPECT_EQ(Message(id).attempts, 3);
    EXPECT_EQ(server.Received().size(), 1u);
  }
  // The server is gone: the message waits with the reason, then goes when it is back.
  const std::int64_t id = Queue("ben@x.test", "Server down");
  auto worker = StartWorker(settings);
  ASSERT_TRUE(WaitFor([&] { return Message(id).attempts >= 1; }));
  EXPECT_EQ(Message(id).status, store::OutboxStatus::kQueued);
  EXPECT_NE(Message(id).last_error.find("could not reach the mail server"), std::string::npos)
      << Message(id).last_error;
  SmtpTestServer back(dir_ / "back", {}, port);
  ASSERT_TRUE(WaitFor([&] { return Message(id).status == store::OutboxStatus::kSent; }, 90s));
  EXPECT_EQ(back.Received().size(), 1u);
}

// People a CSV import adds who cannot sign in yet get an invitation to
// choose a password, sent by a background job; it invites nobody twice, and
// the link works for an enrollment that is already active.
TEST_F(MailTest, ImportedPeopleAreInvitedToChooseAPassword) {
  SmtpTestServer server(dir_ / "server");
  Program p;
  p.name = "Fellows";
  p.field = "hematology";
  const service::Actor admin = service::Actor::CommandLine();
  const std::int64_t program = service::CreateProgram(*db_, admin, p).id;
  std::istringstream csv(
      "role,id,name,email\nmentor,M1,Ana Ruiz,ana@x.test\nmentee,F1,Sam Lee,sam@x.test\n"
      "mentee,F2,No Mail,\n");
  const service::ImportReport report = service::ImportParticipants(*db_, admin, program, csv);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report.added, 3);
  EXPECT_EQ(report.welcomed, 2);
  auto worker = StartWorker(server.Settings());
  ASSERT_TRUE(WaitFor([&] { return server.Count() == 2; }));
  std::map<std::string, std::string> body;  // to -> text part
  for (const nlohmann::json& m : server.Received()) {
    EXPECT_EQ(m["headers"]["Subject"], "You are invited to Fellows on Tandem");
    body[m["headers"]["To"]] = m["parts"][0]["content"];
  }
  ASSERT_EQ(body.size(), 2u);
  const std::string& sam = body["sam@x.test"];
  EXPECT_NE(sam.find("as a mentee. To accept and choose your password"), std::string::npos) << sam;
  const size_t at = sam.find("/invitations/");
  ASSERT_NE(at, std::string::npos);
  const std::string token = sam.substr(at + 13, 43);
  const service::SessionGrant grant =
      service::AcceptInvitation(*db_, token, "a-good-long-password-1", "127.0.0.1");
  EXPECT_EQ(grant.user.email, "sam@x.test");
  // Run again: nobody is invited twice (Sam has a password now, Ana a live link).
  store::Transaction tx = db_->Begin(false);
  std::vector<std::int64_t> ids;
  for (const auto& [external, id] : store::ParticipantRepository(tx).EnrollmentIds(program)) {
    ids.push_back(id);
  }
  tx.Commit();
  EXPECT_EQ(service::InviteImported(*db_, program, ids), 0);
}

// Two instances (two Databases, two workers) share the queue: every message
// is sent exactly once.
TEST_F(MailTest, TwoInstancesSendEachMessageOnce) {
  SmtpTestServer server(dir_ / "server");
  auto other = store::Database::Open(test_db_->url(), 4);
  std::set<std::string> subjects;
  for (int i = 0; i < 20; ++i) {
    subjects.insert("Message " + std::to_string(i));
    Queue("person" + std::to_string(i) + "@x.test", "Message " + std::to_string(i));
  }
  auto a = StartWorker(server.Settings());
  auto b = StartWorker(server.Settings(), other.get());
  ASSERT_TRUE(WaitFor([&] { return server.Received().size() >= 20; }));
  std::this_thread::sleep_for(500ms);  // a duplicate would arrive by now
  a.reset();
  b.reset();
  std::multiset<std::string> received;
  for (const nlohmann::json& m : server.Received()) received.insert(m["headers"]["Subject"]);
  EXPECT_EQ(received.size(), 20u);
  EXPECT_EQ(std::set<std::string>(received.begin(), received.end()), subjects);
}

// Each person's choice per category decides the e-mail; the bell gets
// everything. A non-essential message carries a one-click unsubscribe
// address (RFC 8058) that turns only its category off; "daily" waits for
// the digest at 08:00 in the person's zone.
TEST_F(MailTest, NotificationsFollowEachPersonsChoiceAndUnsubscribeIsOneClick) {
  SmtpTestServer server(dir_ / "server");
  Program p;
  p.name = "Fellows";
  p.field = "hematology";
  p.status = ProgramStatus::kActive;
  const service::Actor admin = service::Actor::CommandLine();
  const std::int64_t program = service::CreateProgram(*db_, admin, p).id;
  std::istringstream csv(
      "role,id,name,email,time_zone\nmentor,M1,Ana Ruiz,ana@x.test,America/Chicago\n"
      "mentee,F1,Sam Lee,sam@x.test,Europe/London\n");
  ASSERT_TRUE(service::ImportParticipants(*db_, admin, program, csv).ok());
  std::int64_t ana = 0, sam = 0;
  {
    store::Transaction tx = db_->Begin(false);
    ana = store::TestUserOf(tx, program, "M1");
    sam = store::TestUserOf(tx, program, "F1");
    tx.Commit();
  }
  const service::Actor as_ana = service::Actor::User(ana, false);
  const service::Actor as_sam = service::Actor::User(sam, false);
  service::SetNotificationPreferences(*db_, as_sam, {{"program", "off"}});
  service::SetNotificationPreferences(*db_, as_ana, {{"meetings", "daily"}});
  EXPECT_EQ(CodeAndField([&] {
              service::SetNotificationPreferences(*db_, as_ana, {{"meetings", "weekly"}});
            }),
            "invalid_argument/meetings");
  const std::int64_t pair = service::CreatePair(*db_, admin, program, "F1", "M1").id;  // essential
  service::EventInput event;
  event.title = "Program orientation";
  event.start = FormatUtcDate(WallClock().Now() + std::chrono::days(20)) + "T15:00";
  service::CreateEvent(*db_, admin, program, event);  // "program": Ana at once, Sam not at all
  service::ProposeMeeting(
      *db_, as_sam, pair,
      {.start = FormatUtcDate(WallClock().Now() + std::chrono::days(9)) + "T15:00",
       .time_zone = "UTC"});  // "meetings": Sam at once, Ana in her digest

  auto worker = StartWorker(server.Settings());
  // Two invitations to choose a password, two introductions, Ana's event, Sam's meeting.
  ASSERT_TRUE(WaitFor([&] { return server.Count() == 6; }, 20s)) << [&] {
    std::string got;
    for (const nlohmann::json& m : server.Received()) {
      got += m["headers"]["To"].get<std::string>() + ": " +
             m["headers"]["Subject"].get<std::string>() + "\n";
    }
    return got;
  }();
  std::map<std::string, nlohmann::json> by;  // "to subject-start" -> message
  for (const nlohmann::json& m : server.Received()) {
    const std::string subject = m["headers"]["Subject"];
    by[m["headers"]["To"].get<std::string>() + " " + subject.substr(0, 12)] = m;
  }
  const nlohmann::json& ana_event = by["ana@x.test Fellows: Pro"];
  ASSERT_FALSE(ana_event.is_null()) << nlohmann::json(by).dump();
  const std::string unsubscribe = ana_event["headers"]["List-Unsubscribe"];
  EXPECT_EQ(ana_event["headers"]["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click");
  ASSERT_EQ(unsubscribe.front(), '<');
  const size_t at = unsubscribe.find("/api/v1/unsubscribe/");
  ASSERT_NE(at, std::string::npos) << unsubscribe;
  const std::string token = unsubscribe.substr(at + 20, 43);
  // Essential messages carry none.
  for (const auto& [key, m] : by) {
    if (key.find("invited") != std::string::npos || key.find("Meet your") != std::string::npos) {
      EXPECT_FALSE(m["headers"].contains("List-Unsubscribe")) << key;
    }
  }
  EXPECT_EQ(by.count("sam@x.test Fellows: Pro"), 0u);  // Sam chose no program e-mail
  // ... but Sam's bell has it, unread.
  const service::NotificationList bell = service::ListNotifications(*db_, as_sam);
  bool seen = false;
  for (const store::Notification& n : bell.notifications) {
    if (n.kind == "program_event") {
      seen = true;
      EXPECT_EQ(n.delivery, "app");
    }
  }
  EXPECT_TRUE(seen);
  EXPECT_GE(bell.unread, 2);
  EXPECT_EQ(service::MarkNotificationsRead(*db_, as_sam, std::nullopt), 0);

  // One click, no sign-in: only that category goes off.
  EXPECT_EQ(service::LookUpUnsubscribe(*db_, token).email, "a\u2022\u2022\u2022@x.test");
  EXPECT_EQ(service::Unsubscribe(*db_, token).category, "program");
  const auto prefs = service::GetNotificationPreferences(*db_, as_ana);
  EXPECT_EQ(prefs.at("program"), "off");
  EXPECT_EQ(prefs.at("meetings"), "daily");
  EXPECT_EQ(prefs.at("nudges"), "immediately");
  EXPECT_EQ(ErrorOf([&] { service::Unsubscribe(*db_, std::string(43, 'A')); }).code(),
            ErrorCode::kNotFound);

  // Ana's meeting waits for her digest: at 08:00 in Chicago it goes, once.
  auto clock = std::make_shared<MovableClock>();
  auto clocked = store::Database::Open(test_db_->url(), 2, clock);
  const auto local = calendar::UtcToLocal("America/Chicago", clock->Now());
  auto eight = date::floor<date::days>(local) + std::chrono::hours(8);
  if (eight <= local) eight += date::days(1);
  clock->AdvanceTo(calendar::LocalToUtc("America/Chicago", eight) - std::chrono::hours(1));
  EXPECT_EQ(service::SendDailyDigests(*clocked), 0);  // 07:00 in Chicago
  clock->Advance(std::chrono::hours(1));
  EXPECT_EQ(service::SendDailyDigests(*clocked), 1);
  EXPECT_EQ(service::SendDailyDigests(*clocked), 0);
  // (Its send_mail job is due at the moved clock's time, so it is read from
  // the outbox rather than waited for at the server.)
  store::Transaction tx = clocked->Begin(false);
  std::vector<store::OutboxEntry> digests;
  for (store::OutboxEntry& e : store::Outbox(tx).List(100)) {
    if (e.kind == "daily_digest") digests.push_back(std::move(e));
  }
  tx.Commit();
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests[0].to_address, "ana@x.test");
  EXPECT_EQ(digests[0].subject, "Your Tandem digest: 1 update");
  EXPECT_NE(digests[0].body.find("* Meeting"), std::string::npos) << digests[0].body;
}

}  // namespace
}  // namespace tandem
