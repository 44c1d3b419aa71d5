// Meetings through the service layer on a real database (SQLite, and
// PostgreSQL from TANDEM_TEST_POSTGRES): proposing, answering, moving and
// cancelling with the iCalendar messages read back by ical.js (an independent
// parser), who may do what, meeting logs with private notes, pair health as
// the clock advances, and the calendar feed.
#include <date/date.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>

#include "calendar/local_time.h"
#include "core/error.h"
#include "core/text.h"
#include "error_of.h"
#include "jobs/worker.h"
#include "program_fixture.h"
#include "service/import_plan.h"
#include "service/meetings.h"
#include "service/pairs.h"
#include "service/programs.h"
#include "store/database.h"
#include "store/outbox.h"
#include "store/participant_repository.h"
#include "store/testing.h"

namespace tandem {
namespace {

using testing::CodeAndField;
using testing::ErrorOf;

using namespace std::chrono_literals;
using service::Actor;

using testing::TestPerson;

class MeetingsTest : public testing::ProgramFixture {
 protected:
  void SetUp() override {
    // From a fixed Sunday 00:00 UTC, whatever today is: every week ahead is
    // whole, and the reminders test's dates (March 2027) stay ahead of it.
    clock_ = std::make_shared<MovableClock>(*ParseUtc("2026-11-29T00:00:00Z"));
    Program p;
    p.name = "Fellows";
    p.field = "hematology";
    p.cadence_days = 30;
    p.status = ProgramStatus::kActive;
    // M1 in Chicago and E1 in New York share Tuesdays 10-12 New York time;
    // M2 and E2 are the second pair.
    SetUpProgram("meetings-test-", p,
                 {TestPerson(Role::kMentor, "M1", "America/Chicago", {{1 * 1440 + 9 * 60, 180}}),
                  TestPerson(Role::kMentee, "E1", "America/New_York", {{1 * 1440 + 10 * 60, 120}}),
                  TestPerson(Role::kMentor, "M2", "Europe/London", {{2 * 1440 + 15 * 60, 60}}),
                  TestPerson(Role::kMentee, "E2", "Asia/Kolkata", {{2 * 1440 + 20 * 60, 60}})});
  }

  // The attachments of the outbox's newest `n` messages to `to`, oldest first.
  std::vector<std::string> IcsTo(const std::string& to, int n) {
    store::Transaction tx = db_->Begin(false);
    std::vector<std::string> out;
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.to_address == to && !e.attachment.empty() && static_cast<int>(out.size()) < n) {
        out.insert(out.begin(), e.attachment);
      }
    }
    tx.Commit();
    return out;
  }

  // What ical.js (web/e2e/ics_check.mjs) reads in each text, one JSON per event.
  std::vector<nlohmann::json> ParsedByIcalJs(const std::vector<std::string>& texts) {
    const auto dir = std::filesystem::temp_directory_path() /
                     ("tandem-ics-" + std::to_string(::getpid()) + "-" +
                      std::to_string(reinterpret_cast<std::uintptr_t>(this)));
    std::filesystem::create_directories(dir);
    std::string command = "node web/e2e/ics_check.mjs";
    for (size_t i = 0; i < texts.size(); ++i) {
      const auto file = dir / (std::to_string(i) + ".ics");
      std::ofstream(file, std::ios::binary) << texts[i];
      command += " " + file.string();
    }
    std::vector<nlohmann::json> out;
    FILE* pipe = ::popen((command + " 2>&1").c_str(), "r");
    EXPECT_NE(pipe, nullptr);
    std::string all;
    char buffer[4096];
    while (pipe && std::fgets(buffer, sizeof buffer, pipe)) all += buffer;
    const int status = pipe ? ::pclose(pipe) : -1;
    EXPECT_EQ(status, 0) << all;
    std::istringstream lines(all);
    for (std::string line; std::getline(lines, line);) {
      auto j = nlohmann::json::parse(line, nullptr, false);
      EXPECT_FALSE(j.is_discarded()) << line;
      if (!j.is_discarded()) out.push_back(j);
    }
    std::filesystem::remove_all(dir);
    return out;
  }
};

// The next Tuesday at least two days ahead, as a wall time in New York.
std::string NextTuesdayAt(SysSeconds now, const char* time) {
  date::sys_days day = date::floor<date::days>(now) + date::days(2);
  while (date::weekday(day) != date::Tuesday) day += date::days(1);
  return date::format("%F", day) + "T" + time;
}

TEST_F(MeetingsTest, FreeTimeIsCommonToBothInTheViewersZone) {
  const service::FreeTime mine = service::GetFreeTime(*db_, As("E1"), pair1_, 4);
  EXPECT_EQ(mine.viewer_zone, "America/New_York");
  ASSERT_EQ(mine.common.size(), 4u);  // one Tuesday a week
  for (const calendar::Span& s : mine.common) {
    EXPECT_EQ(s.end - s.start, 2h);
  }
  EXPECT_EQ(service::GetFreeTime(*db_, As("M1"), pair1_, 4).viewer_zone, "America/Chicago");
  // A meeting planned in the first slot is no longer offered as free.
  service::ProposeMeeting(*db_, As("E1"), pair1_,
                          {.start = FormatUtc(mine.common[0].start), .minutes = 60});
  const service::FreeTime after = service::GetFreeTime(*db_, As("E1"), pair1_, 4);
  ASSERT_EQ(after.common.size(), 4u);
  EXPECT_EQ(after.common[0].start, mine.common[0].start + 1h);
  // London 15:00-16:00 and Kolkata 20:00-21:00 on Wednesdays overlap 30 minutes in winter.
  const service::FreeTime other = service::GetFreeTime(*db_, coordinator_, pair2_, 2, "UTC");
  EXPECT_EQ(other.viewer_zone, "UTC");
  ASSERT_EQ(other.common.size(), 2u);
  EXPECT_EQ(other.common[0].end - other.common[0].start, 30min);
  EXPECT_EQ(ErrorOf([&] { service::GetFreeTime(*db_, As("E2"), pair1_); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::GetFreeTime(*db_, evaluator_, pair1_); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::GetFreeTime(*db_, As("E1"), pair1_, 27); }).field(), "weeks");
}

// Propose -> accept -> move -> cancel: each change reaches both people as an
// iCalendar message that ical.js reads with the same UID, a growing
// SEQUENCE and the start instant Tandem meant, in UTC.
TEST_F(MeetingsTest, ScheduleMoveAndCancelWithIcsBothCalendarsRead) {
  const std::string tuesday = NextTuesdayAt(clock_->Now(), "10:30");
  service::MeetingInput in{.start = tuesday, .minutes = 45, .location = "https://meet.test/a"};
  const Meeting proposed = service::ProposeMeeting(*db_, As("E1"), pair1_, in);
  EXPECT_EQ(proposed.status, MeetingStatus::kProposed);
  EXPECT_EQ(proposed.mentee_answer, MeetingAnswer::kAccepted);
  EXPECT_EQ(proposed.mentor_answer, MeetingAnswer::kNeedsAction);
  // 10:30 in New York is 15:30 or 14:30 UTC depending on the date's rules.
  const SysSeconds start = calendar::ReadWallTime(tuesday, "America/New_York", "start");
  EXPECT_EQ(proposed.starts_at, FormatUtc(start));

  // The proposer cannot answer their own proposal; the partner can.
  EXPECT_EQ(ErrorOf([&] { service::AnswerMeeting(*db_, As("E1"), proposed.id, true, ""); }).code(),
            ErrorCode::kFailedPrecondition);
  const Meeting accepted = service::AnswerMeeting(*db_, As("M1"), proposed.id, true, "See you");
  EXPECT_EQ(accepted.status, MeetingStatus::kScheduled);

  const std::string later = NextTuesdayAt(clock_->Now() + std::chrono::days(7), "11:00");
  const Meeting moved = service::RescheduleMeeting(
      *db_, As("M1"), proposed.id, {.start = later, .time_zone = "America/New_York", .minutes = 30},
      "clinic ran late");
  EXPECT_EQ(moved.status, MeetingStatus::kProposed);
  EXPECT_EQ(moved.mentor_answer, MeetingAnswer::kAccepted);
  EXPECT_EQ(moved.mentee_answer, MeetingAnswer::kNeedsAction);
  const Meeting cancelled = service::CancelMeeting(*db_, As("E1"), proposed.id, "");
  EXPECT_EQ(cancelled.status, MeetingStatus::kCancelled);
  EXPECT_EQ(ErrorOf([&] { service::CancelMeeting(*db_, As("E1"), proposed.id, ""); }).code(),
            ErrorCode::kFailedPrecondition);

  // Four messages to each person: proposed, confirmed, moved, cancelled.
  for (const char* to : {"m1@example.org", "e1@example.org"}) {
    SCOPED_TRACE(to);
    const auto events = ParsedByIcalJs(IcsTo(to, 4));
    ASSERT_EQ(events.size(), 4u);
    const SysSeconds moved_start = calendar::ReadWallTime(later, "America/New_York", "start");
    const std::string expected_start[] = {FormatUtc(start), FormatUtc(start),
                                          FormatUtc(moved_start), FormatUtc(moved_start)};
    const char* expected_method[] = {"REQUEST", "REQUEST", "REQUEST", "CANCEL"};
    const char* expected_status[] = {"TENTATIVE", "CONFIRMED", "TENTATIVE", "CANCELLED"};
    for (size_t i = 0; i < events.size(); ++i) {
      EXPECT_EQ(events[i]["uid"], proposed.uid);
      EXPECT_EQ(events[i]["sequence"], static_cast<int>(i)) << i;
      EXPECT_EQ(events[i]["start"], expected_start[i]) << i;
      EXPECT_EQ(events[i]["method"], expected_method[i]) << i;
      EXPECT_EQ(events[i]["status"], expected_status[i]) << i;
    }
    EXPECT_EQ(events[2]["end"], FormatUtc(moved_start + 30min));
    EXPECT_NE(events[2]["description"].get<std::string>().find("clinic ran late"),
              std::string::npos);
  }
}

TEST_F(MeetingsTest, BadTimesAndStrangersAreRefused) {
  const auto propose = [&](const Actor& who, service::MeetingInput in) {
    return ErrorOf([&] { service::ProposeMeeting(*db_, who, pair1_, in); });
  };
  // The skipped hour of a spring-forward night in New York (E1's zone).
  Error e = propose(As("E1"), {.start = "2030-03-10T02:30"});
  EXPECT_EQ(e.field(), "start");
  EXPECT_NE(std::string(e.what()).find("does not exist in America/New_York"), std::string::npos);
  e = propose(As("E1"), {.start = "2030-11-03T01:30"});
  EXPECT_NE(std::string(e.what()).find("happens twice"), std::string::npos);
  EXPECT_EQ(propose(As("E1"), {.start = "2020-01-07T10:00"}).field(), "start");  // past
  EXPECT_EQ(
      propose(As("E1"), {.start = NextTuesdayAt(clock_->Now(), "10:00"), .minutes = 2}).field(),
      "minutes");
  EXPECT_EQ(
      propose(As("E1"), {.start = NextTuesdayAt(clock_->Now(), "10:00"), .mode = "fax"}).field(),
      "mode");
  EXPECT_EQ(propose(As("E1"), {.start = NextTuesdayAt(clock_->Now(), "10:00"), .mode = "in_person"})
                .field(),
            "location");
  EXPECT_EQ(
      propose(As("E1"), {.start = NextTuesdayAt(clock_->Now(), "10:00"), .time_zone = "Mars/Base"})
          .field(),
      "time_zone");
  const service::MeetingInput ok{.start = NextTuesdayAt(clock_->Now(), "10:00")};
  EXPECT_EQ(propose(As("E2"), ok).code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(propose(evaluator_, ok).code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(propose(outsider_, ok).code(), ErrorCode::kPermissionDenied);
  // A coordinator may schedule for the pair: both are then asked.
  const Meeting by_coordinator = service::ProposeMeeting(*db_, coordinator_, pair1_, ok);
  EXPECT_EQ(by_coordinator.mentor_answer, MeetingAnswer::kNeedsAction);
  EXPECT_EQ(by_coordinator.mentee_answer, MeetingAnswer::kNeedsAction);
  EXPECT_EQ(ErrorOf([&] { service::ListPairMeetings(*db_, As("M2"), pair1_); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ErrorOf([&] { service::ListProgramMeetings(*db_, As("M1"), program_); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service::ListProgramMeetings(*db_, coordinator_, program_).size(), 1u);
  // Nothing is planned in a closed program.
  service::TransitionProgram(*db_, Actor::CommandLine(), program_, ProgramStatus::kClosed);
  EXPECT_EQ(propose(As("E1"), ok).code(), ErrorCode::kFailedPrecondition);
}

// A pair with no meetings goes on track -> due -> at risk -> stalled as the
// clock moves, and is on track again once a meeting is logged; private
// notes stay with their author.
TEST_F(MeetingsTest, HealthFollowsTheClockAndTheLogs) {
  const auto status = [&] {
    for (const service::PairHealthRow& row :
         service::ListPairHealth(*db_, coordinator_, program_)) {
      if (row.pair.id == pair1_) return std::string(calendar::HealthStatusName(row.health.status));
    }
    return std::string("missing");
  };
  EXPECT_EQ(status(), "on_track");
  clock_->Advance(std::chrono::days(25));
  EXPECT_EQ(status(), "due");
  clock_->Advance(std::chrono::days(21));  // day 46
  EXPECT_EQ(status(), "at_risk");
  clock_->Advance(std::chrono::days(15));  // day 61
  EXPECT_EQ(status(), "stalled");
  EXPECT_EQ(service::GetPairHealth(*db_, As("M1"), pair1_).expected, 2);

  // A meeting in the corridor at a conference, never scheduled here.
  const std::string yesterday =
      date::format("%FT10:00", date::floor<date::days>(clock_->Now()) - date::days(1));
  const MeetingLog log = service::LogMeeting(*db_, As("E1"), pair1_,
                                             {.met_at = yesterday,
                                              .held = true,
                                              .minutes = 30,
                                              .topics = {"career planning", "ASH"},
                                              .shared_notes = "Talked about the K award.",
                                              .private_notes = "Felt nervous."});
  EXPECT_EQ(log.topics, (std::vector<std::string>{"career planning", "ASH"}));
  EXPECT_EQ(status(), "on_track");
  EXPECT_EQ(service::GetPairHealth(*db_, As("E1"), pair1_).held, 1);

  // The partner and the coordinator read the shared notes, not the private ones.
  for (const Actor& reader : {As("M1"), coordinator_}) {
    const auto logs = service::ListMeetingLogs(*db_, reader, pair1_);
    ASSERT_EQ(logs.size(), 1u);
    EXPECT_EQ(logs[0].shared_notes, "Talked about the K award.");
    EXPECT_EQ(logs[0].private_notes, "");
  }
  EXPECT_EQ(service::ListMeetingLogs(*db_, As("E1"), pair1_)[0].private_notes, "Felt nervous.");
  EXPECT_EQ(ErrorOf([&] { service::ListMeetingLogs(*db_, evaluator_, pair1_); }).code(),
            ErrorCode::kPermissionDenied);

  // A scheduled meeting is logged once its time has come, once per member.
  const Meeting m = service::ProposeMeeting(*db_, As("E1"), pair1_,
                                            {.start = NextTuesdayAt(clock_->Now(), "10:00")});
  service::AnswerMeeting(*db_, As("M1"), m.id, true, "");
  const service::MeetingLogInput held{.meeting_id = m.id, .held = true};
  EXPECT_EQ(ErrorOf([&] { service::LogMeeting(*db_, As("E1"), pair1_, held); }).code(),
            ErrorCode::kFailedPrecondition);
  EXPECT_TRUE(service::GetPairHealth(*db_, As("E1"), pair1_).next_scheduled.has_value());
  clock_->Advance(std::chrono::days(10));
  service::LogMeeting(*db_, As("E1"), pair1_, held);
  EXPECT_EQ(ErrorOf([&] { service::LogMeeting(*db_, As("E1"), pair1_, held); }).code(),
            ErrorCode::kConflict);
  EXPECT_EQ(ErrorOf([&] {
              service::LogMeeting(*db_, As("M1"), pair1_,
                                  {.meeting_id = m.id, .held = false, .not_held_reason = "lunch"});
            }).field(),
            "not_held_reason");
  EXPECT_EQ(ErrorOf([&] { service::LogMeeting(*db_, coordinator_, pair1_, held); }).code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(service::GetPairHealth(*db_, As("M1"), pair1_).held, 2);

  // Two no-shows in a row stall even a pair that met recently.
  for (const char* time : {"T08:00", "T09:00"}) {
    const std::string day =
        date::format("%F", date::floor<date::days>(clock_->Now()) - date::days(1)) + time;
    service::LogMeeting(*db_, As("M1"), pair1_,
                        {.met_at = day, .held = false, .not_held_reason = "no_show"});
  }
  EXPECT_EQ(status(), "stalled");

  // The evaluator reads counts only: meetings held and not, pairs by health.
  const service::ProgramSummary summary = service::GetProgramSummary(*db_, evaluator_, program_);
  EXPECT_EQ(summary.meetings_held, 2);      // the corridor one and the scheduled one
  EXPECT_EQ(summary.meetings_not_held, 2);  // the two no-shows
  EXPECT_EQ(summary.meetings_scheduled, 1);
  EXPECT_EQ(summary.pair_health, (std::map<std::string, int>{{"stalled", 2}}));
}

// A program's own thresholds replace the cadence's.
TEST_F(MeetingsTest, AProgramSetsItsOwnThresholds) {
  service::ProgramPatch patch;
  patch.health_due_days = 5;
  patch.health_at_risk_days = 8;
  patch.health_stalled_days = std::optional<int>();  // still from the cadence (60)
  service::UpdateProgram(*db_, coordinator_, program_, patch);
  clock_->Advance(std::chrono::days(6));
  EXPECT_EQ(service::GetPairHealth(*db_, As("E1"), pair1_).status, calendar::HealthStatus::kDue);
  clock_->Advance(std::chrono::days(3));
  EXPECT_EQ(service::GetPairHealth(*db_, As("E1"), pair1_).status, calendar::HealthStatus::kAtRisk);
  patch = {};
  patch.health_at_risk_days = 4;  // before due: refused, naming the field
  EXPECT_EQ(ErrorOf([&] { service::UpdateProgram(*db_, coordinator_, program_, patch); }).field(),
            "health_at_risk_days");
}

// The reminder goes 24 hours before, once, to both, with the time in each
// one's zone (a meeting the Monday after New York's clocks change); the
// prompt to log goes after the meeting to whoever has not logged it; a
// cancelled meeting gets neither. Two workers share the jobs.
TEST_F(MeetingsTest, RemindersAndLogPromptsGoOnceAtTheirTime) {
  const auto sent = [&](const std::string& kind) {
    std::multiset<std::string> out;
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.kind == kind) out.insert(e.to_address + " | " + e.subject);
    }
    tx.Commit();
    return out;
  };
  const Meeting m =
      service::ProposeMeeting(*db_, As("E1"), pair1_, {.start = "2027-03-15T09:00", .minutes = 60});
  service::AnswerMeeting(*db_, As("M1"), m.id, true, "");
  const Meeting dropped =
      service::ProposeMeeting(*db_, As("E1"), pair1_, {.start = "2027-03-16T09:00", .minutes = 60});
  service::AnswerMeeting(*db_, As("M1"), dropped.id, true, "");
  service::CancelMeeting(*db_, As("M1"), dropped.id, "conference");
  auto other = store::Database::Open(test_db_->url(), 4, clock_);
  jobs::Worker a(*db_, jobs::StandardHandlers(*db_), {.threads = 2, .poll_interval = 20ms});
  jobs::Worker b(*other, jobs::StandardHandlers(*other), {.threads = 2, .poll_interval = 20ms});
  a.Start();
  b.Start();
  // Waits for `n` messages of `kind` (n = 0: gives the workers a second).
  const auto wait = [&](const std::string& kind, size_t n) {
    for (int i = 0; i < 300 && sent(kind).size() < std::max<size_t>(n, 1); ++i) {
      if (n == 0 && i == 50) break;
      std::this_thread::sleep_for(20ms);
    }
    std::this_thread::sleep_for(200ms);  // a second copy would arrive by now
    return sent(kind);
  };
  clock_->AdvanceTo(*ParseUtc("2027-03-14T12:30:00Z"));  // 24.5 h before
  EXPECT_TRUE(wait("meeting_reminder", 0).empty());
  clock_->AdvanceTo(*ParseUtc("2027-03-14T13:00:01Z"));  // 09:00 EDT the day before
  EXPECT_EQ(wait("meeting_reminder", 2),
            (std::multiset<std::string>{
                "e1@example.org | Reminder: meeting with M1 Person, Mon 15 Mar 2027, 09:00 EDT "
                "(America/New_York)",
                "m1@example.org | Reminder: meeting with E1 Person, Mon 15 Mar 2027, 08:00 CDT "
                "(America/Chicago)"}));
  // E1 logs it right after; the prompt goes to M1 only.
  clock_->AdvanceTo(*ParseUtc("2027-03-15T14:05:00Z"));
  service::LogMeeting(*db_, As("E1"), pair1_, {.meeting_id = m.id, .held = true});
  EXPECT_TRUE(wait("meeting_log_prompt", 0).empty());  // not before end + 30 min
  clock_->AdvanceTo(*ParseUtc("2027-03-17T00:00:00Z"));
  EXPECT_EQ(wait("meeting_log_prompt", 1),
            (std::multiset<std::string>{"m1@example.org | How was your meeting with E1 Person?"}));
  EXPECT_EQ(wait("meeting_reminder", 2).size(), 2u);  // none for the cancelled one
  a.Stop();
  b.Stop();
}

// A new pair's members are introduced to each other by e-mail, with how to
// reach the other and where to plan the first meeting.
TEST_F(MeetingsTest, NewPairsAreIntroduced) {
  std::map<std::string, std::string> intro;  // to -> body
  {
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.kind == "introduction") intro[e.to_address] = e.subject + "\n" + e.body;
    }
    tx.Commit();
  }
  ASSERT_EQ(intro.size(), 4u);
  const std::string& e1 = intro["e1@example.org"];
  EXPECT_NE(e1.find("Meet your mentor in Fellows: M1 Person"), std::string::npos) << e1;
  EXPECT_NE(e1.find("M1 Person is at Inst M1."), std::string::npos) << e1;
  EXPECT_NE(e1.find("E-mail: m1@example.org"), std::string::npos) << e1;
  EXPECT_NE(e1.find("/pairs/" + std::to_string(pair1_)), std::string::npos) << e1;
  EXPECT_NE(e1.find("about every 30 days"), std::string::npos) << e1;
  EXPECT_NE(intro["m1@example.org"].find("E-mail: e1@example.org"), std::string::npos);
}

// The daily check nudges a pair at risk (both members) and tells the
// coordinators of a stalled one, each once per episode.
TEST_F(MeetingsTest, PairsAtRiskAreNudgedAndStalledOnesReported) {
  const auto outbox = [&](const std::string& kind) {
    std::multiset<std::string> out;
    store::Transaction tx = db_->Begin(false);
    for (const store::OutboxEntry& e : store::Outbox(tx).List(500)) {
      if (e.kind == kind) out.insert(e.to_address);
    }
    tx.Commit();
    return out;
  };
  EXPECT_EQ(service::SendPairNudges(*db_), 0);  // day 0: everyone on track
  clock_->Advance(std::chrono::days(46));
  // 4 nudges to meet, and (docs/journey.md) 4 to sign the agreement, which
  // these pairs never wrote.
  EXPECT_EQ(service::SendPairNudges(*db_), 8);
  EXPECT_EQ(outbox("agreement_nudge").size(), 4u);
  EXPECT_EQ(service::SendPairNudges(*db_), 0);  // once
  EXPECT_EQ(outbox("pair_nudge"), (std::multiset<std::string>{"e1@example.org", "e2@example.org",
                                                              "m1@example.org", "m2@example.org"}));
  clock_->Advance(std::chrono::days(15));  // day 61: stalled
  EXPECT_EQ(service::SendPairNudges(*db_), 2);
  EXPECT_EQ(service::SendPairNudges(*db_), 0);
  EXPECT_EQ(outbox("stalled_pair"),
            (std::multiset<std::string>{"coord@example.org", "coord@example.org"}));
  // Pair 1 meets; 46 days later it is at risk again: a new episode, a new nudge.
  const std::string yesterday =
      date::format("%FT10:00", date::floor<date::days>(clock_->Now()) - date::days(1));
  service::LogMeeting(*db_, As("E1"), pair1_, {.met_at = yesterday, .held = true});
  clock_->Advance(std::chrono::days(46));
  EXPECT_EQ(service::SendPairNudges(*db_), 2);
  EXPECT_EQ(outbox("pair_nudge").count("e1@example.org"), 2u);
}

// The coordinator's export: one row per meeting with what the logs say, and
// one per meeting logged without being scheduled; text a spreadsheet would
// run as a formula is escaped.
TEST_F(MeetingsTest, ExportHasEveryMeetingAndWhatTheLogsSay) {
  const Meeting m = service::ProposeMeeting(
      *db_, As("E1"), pair1_, {.start = NextTuesdayAt(clock_->Now(), "10:00"), .minutes = 60});
  service::AnswerMeeting(*db_, As("M1"), m.id, true, "");
  clock_->Advance(std::chrono::days(10));
  service::LogMeeting(*db_, As("E1"), pair1_,
                      {.meeting_id = m.id,
                       .held = true,
                       .minutes = 55,
                       .topics = {"research project", "=HYPERLINK(1)"}});
  service::LogMeeting(*db_, As("M1"), pair1_, {.meeting_id = m.id, .held = true, .minutes = 50});
  const std::string yesterday =
      date::format("%FT09:00", date::floor<date::days>(clock_->Now()) - date::days(1));
  service::LogMeeting(*db_, As("M2"), pair2_,
                      {.met_at = yesterday, .held = false, .not_held_reason = "no_show"});
  std::ostringstream csv;
  EXPECT_EQ(service::ExportMeetings(*db_, coordinator_, program_, csv), 2);
  std::istringstream lines(csv.str());
  std::vector<std::string> rows;
  for (std::string line; std::getline(lines, line);) rows.push_back(line);
  ASSERT_EQ(rows.size(), 3u) << csv.str();
  EXPECT_EQ(rows[0],
            "meeting_id,pair_id,mentee_id,mentee,mentor_id,mentor,starts_at,minutes,mode,status,"
            "mentee_answer,mentor_answer,logs,held,not_held_reasons,logged_minutes,topics");
  EXPECT_EQ(rows[1],
            std::to_string(m.id) + "," + std::to_string(pair1_) + ",E1,E1 Person,M1,M1 Person," +
                m.starts_at +
                ",60,video,scheduled,accepted,accepted,2,yes,,55,'=HYPERLINK(1); research project");
  EXPECT_EQ(rows[2], "," + std::to_string(pair2_) + ",E2,E2 Person,M2,M2 Person," +
                         // M2 logged in their profile's zone, London.
                         FormatUtc(calendar::ReadWallTime(yesterday, "Europe/London", "met_at")) +
                         ",,,logged only,,,1,no,no_show,,");
  EXPECT_EQ(ErrorOf([&] {
              std::ostringstream out;
              service::ExportMeetings(*db_, As("M1"), program_, out);
            }).code(),
            ErrorCode::kPermissionDenied);
}

// Each person's feed holds their pairs' meetings; resetting the secret makes
// the old address find nothing.
TEST_F(MeetingsTest, CalendarFeedFollowsTheSecret) {
  const Meeting m = service::ProposeMeeting(*db_, As("E1"), pair1_,
                                            {.start = NextTuesdayAt(clock_->Now(), "10:00")});
  const std::string first = service::ResetCalendarFeed(*db_, As("M1"));
  const std::string feed = service::CalendarFeed(*db_, first);
  const auto events = ParsedByIcalJs({feed});
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0]["uid"], m.uid);
  EXPECT_EQ(events[0]["method"], "PUBLISH");
  EXPECT_EQ(events[0]["start"], m.starts_at);
  // E2 is in another pair: their feed is empty, but valid.
  const auto empty =
      ParsedByIcalJs({service::CalendarFeed(*db_, service::ResetCalendarFeed(*db_, As("E2")))});
  ASSERT_EQ(empty.size(), 1u);
  EXPECT_EQ(empty[0]["events"], 0);
  const std::string second = service::ResetCalendarFeed(*db_, As("M1"));
  EXPECT_NE(first, second);
  EXPECT_EQ(ErrorOf([&] { service::CalendarFeed(*db_, first); }).code(), ErrorCode::kNotFound);
  EXPECT_EQ(ErrorOf([&] { service::CalendarFeed(*db_, "not-a-secret"); }).code(),
            ErrorCode::kNotFound);
  EXPECT_NE(service::CalendarFeed(*db_, second).find(m.uid), std::string::npos);
  EXPECT_EQ(ErrorOf([&] { service::ResetCalendarFeed(*db_, Actor::Anonymous()); }).code(),
            ErrorCode::kUnauthenticated);
}

}  // namespace
}  // namespace tandem
