#include "notify/messages.h"

#include <gtest/gtest.h>

#include <cctype>
#include <sstream>
#include <vector>

namespace tandem::notify {
namespace {

const Role kRoles[] = {Role::kMentor, Role::kMentee, Role::kCoordinator, Role::kEvaluator};
const ProgramKind kKinds[] = {ProgramKind::kCohort, ProgramKind::kPeerSupport};

// Every "a"/"an" in `text` followed by a word that needs the other one.
std::vector<std::string> ArticleMistakes(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) words.push_back(w);
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < words.size(); ++i) {
    const std::string& a = words[i];
    if (a != "a" && a != "an" && a != "A" && a != "An") continue;
    const char first = static_cast<char>(std::tolower(static_cast<unsigned char>(words[i + 1][0])));
    const bool vowel = std::string("aeiou").find(first) != std::string::npos;
    if (vowel != (a.size() == 2)) out.push_back(a + " " + words[i + 1]);
  }
  return out;
}

TEST(Messages, ArticleFollowsTheSound) {
  struct Case {
    const char* noun;
    const char* expected;
  } cases[] = {
      {"mentee", "a mentee"},        {"mentor", "a mentor"},
      {"evaluator", "an evaluator"}, {"coordinator", "a coordinator"},
      {"volunteer", "a volunteer"},  {"person looking for support", "a person looking for support"},
      {"admin", "an admin"}};
  for (const Case& c : cases) EXPECT_EQ(WithArticle(c.noun), c.expected) << c.noun;
}

TEST(Messages, EveryInvitationForEveryRoleAndKindOfProgram) {
  struct Expected {
    Role role;
    ProgramKind kind;
    const char* as;
  } expected[] = {
      {Role::kMentor, ProgramKind::kCohort, " as a mentor. "},
      {Role::kMentee, ProgramKind::kCohort, " as a mentee. "},
      {Role::kCoordinator, ProgramKind::kCohort, " as a coordinator. "},
      {Role::kEvaluator, ProgramKind::kCohort, " as an evaluator. "},
      {Role::kMentor, ProgramKind::kPeerSupport, " as a volunteer. "},
      {Role::kMentee, ProgramKind::kPeerSupport, " as a person looking for support. "},
      {Role::kCoordinator, ProgramKind::kPeerSupport, " as a coordinator. "},
      {Role::kEvaluator, ProgramKind::kPeerSupport, " as an evaluator. "},
  };
  int checked = 0;
  for (Role role : kRoles) {
    for (ProgramKind kind : kKinds) {
      for (bool needs_password : {true, false}) {
        const std::string label = std::string(RoleName(role)) + " in a " +
                                  std::string(ProgramKindName(kind)) + " program" +
                                  (needs_password ? ", new account" : ", existing account");
        InvitationText t{.name = "Ana Diaz",
                         .program_name = "Survivor Peer Connect",
                         .program_kind = kind,
                         .role = role,
                         .needs_password = needs_password,
                         .link = "https://tandem.example.org/invitations/abc"};
        const Message m = InvitationMessage(t);
        EXPECT_EQ(m.subject, "You are invited to Survivor Peer Connect on Tandem") << label;
        EXPECT_EQ(m.body.rfind("Hello Ana Diaz,\n\n", 0), 0u) << label;
        for (const Expected& e : expected) {
          if (e.role == role && e.kind == kind) {
            EXPECT_NE(m.body.find(e.as), std::string::npos) << label << ":\n" << m.body;
          }
        }
        EXPECT_TRUE(ArticleMistakes(m.subject + " " + m.body).empty())
            << label << ": " << ArticleMistakes(m.body).front();
        EXPECT_EQ(m.body.find("choose your password") != std::string::npos, needs_password)
            << label;
        EXPECT_NE(m.body.find("\n\nhttps://tandem.example.org/invitations/abc\n\n"),
                  std::string::npos)
            << label;
        EXPECT_NE(m.body.find("within 14 days"), std::string::npos) << label;
        EXPECT_EQ(m.body.find("  "), std::string::npos) << label;
        EXPECT_EQ(m.body.back(), '\n') << label;
        ++checked;
      }
    }
  }
  EXPECT_EQ(checked, 16);
}

TEST(Messages, PasswordReset) {
  const Message m = PasswordResetMessage("Ben Cole", "https://t.example/reset-password/xyz");
  EXPECT_EQ(m.subject, "Reset your Tandem password");
  EXPECT_EQ(m.body.rfind("Hello Ben Cole,\n\n", 0), 0u);
  EXPECT_NE(m.body.find("\n\nhttps://t.example/reset-password/xyz\n\n"), std::string::npos);
  EXPECT_TRUE(ArticleMistakes(m.body).empty());
  EXPECT_EQ(m.body.find("  "), std::string::npos);
}

// The mistake the walkthrough found, caught by the same check.
TEST(Messages, TheCheckFindsAWrongArticle) {
  EXPECT_EQ(ArticleMistakes("take part as an mentee. Or as a evaluator."),
            (std::vector<std::string>{"an mentee.", "a evaluator."}));
}

// An introduction says who, how to reach them and where to plan; in peer
// support it leaves out the institution, which can tell where someone is treated.
TEST(Messages, IntroductionForCohortsAndPeerSupport) {
  IntroductionText t{.name = "Sam Lee",
                     .program_name = "Hematology Fellows",
                     .partner_role = Role::kMentor,
                     .partner_name = "Dr. Ana Ruiz",
                     .partner_email = "ana@uhn.example",
                     .partner_institution = "University Health Network",
                     .partner_profile_link = "https://t.example/enrollments/4/profile",
                     .pair_link = "https://t.example/pairs/9",
                     .cadence_days = 30};
  Message m = IntroductionMessage(t);
  EXPECT_EQ(m.subject, "Meet your mentor in Hematology Fellows: Dr. Ana Ruiz");
  EXPECT_EQ(
      m.body,
      "Hello Sam Lee,\n\nHematology Fellows has paired you with Dr. Ana Ruiz, your mentor.\n\n"
      "Dr. Ana Ruiz is at University Health Network.\nE-mail: ana@uhn.example\n"
      "Profile: https://t.example/enrollments/4/profile\n\nThe program asks pairs to meet "
      "about every 30 days. Plan your first meeting on your pair's page, which shows the "
      "times you are both free:\nhttps://t.example/pairs/9\n\nYour program coordinator is "
      "there if you have any questions.\n");
  t.program_kind = ProgramKind::kPeerSupport;
  t.partner_role = Role::kMentee;
  m = IntroductionMessage(t);
  EXPECT_EQ(m.subject, "Meet your person looking for support in Hematology Fellows: Dr. Ana Ruiz");
  EXPECT_EQ(m.body.find("University Health Network"), std::string::npos);
}

// The meeting messages: the time as the reader's zone gives it, how and
// where, the agenda and note, and the pair page.
TEST(Messages, MeetingChangeReminderAndLogPrompt) {
  const MeetingText t{.name = "Sam Lee",
                      .partner = "Dr. Ana Ruiz",
                      .when = "Tue 12 Jan 2027, 09:00 CST (America/Chicago)",
                      .minutes = 45,
                      .how = "Video call",
                      .location = "https://meet.example/a",
                      .agenda = "K award",
                      .note = "clinic ran late",
                      .pair_link = "https://t.example/pairs/9"};
  const Message change = MeetingChangeMessage(t, "has a new time");
  EXPECT_EQ(
      change.subject,
      "Meeting with Dr. Ana Ruiz has a new time: Tue 12 Jan 2027, 09:00 CST (America/Chicago)");
  EXPECT_EQ(
      change.body,
      "Hello Sam Lee,\n\nYour meeting with Dr. Ana Ruiz has a new time.\n\nWhen: Tue 12 Jan "
      "2027, 09:00 CST (America/Chicago), 45 minutes\nHow: Video call — "
      "https://meet.example/a\nAgenda: K award\nNote: clinic ran late\n\nAnswer or change it "
      "on your pair's page: https://t.example/pairs/9\nThe attached invitation.ics adds it to "
      "your calendar.\n");
  EXPECT_EQ(MeetingReminderMessage(t).subject,
            "Reminder: meeting with Dr. Ana Ruiz, Tue 12 Jan 2027, 09:00 CST (America/Chicago)");
  EXPECT_NE(MeetingReminderMessage(t).body.find("move or cancel it on your pair's page"),
            std::string::npos);
  EXPECT_EQ(MeetingLogPromptMessage(t).subject, "How was your meeting with Dr. Ana Ruiz?");
  EXPECT_NE(MeetingLogPromptMessage(t).body.find("private notes stay yours"), std::string::npos);
}

TEST(Messages, NudgeAndStalledPair) {
  const Message nudge = PairNudgeMessage("Sam Lee", "Dr. Ana Ruiz", "Hematology Fellows", 46,
                                         "https://t.example/pairs/9");
  EXPECT_EQ(nudge.subject, "Time to meet Dr. Ana Ruiz?");
  EXPECT_NE(nudge.body.find("It has been 46 days since you and Dr. Ana Ruiz last met in Hematology "
                            "Fellows."),
            std::string::npos);
  const Message stalled = StalledPairMessage("Co Ord", "Sam Lee", "Dr. Ana Ruiz", "Fellows", 61,
                                             false, "https://t.example/pairs/9");
  EXPECT_EQ(stalled.subject, "A pair has stalled in Fellows: Sam Lee and Dr. Ana Ruiz");
  EXPECT_NE(stalled.body.find("have not met for 61 days"), std::string::npos);
  EXPECT_NE(
      StalledPairMessage("Co", "A", "B", "F", 10, true, "l").body.find("two meetings in a row"),
      std::string::npos);
}

}  // namespace
}  // namespace tandem::notify