// A program's own vocabulary and intake questions (docs/programs.md) through
// the service layer, once per database: a program started from a template,
// taxonomy edits that move every person's tags (rename, merge, move,
// remove), the taxonomy file all or nothing, free tags adopted, questions
// validated on import and in the profile form, answered questions never
// dropped, and a must-match question never broken by a matching run.
#include <gtest/gtest.h>

#include <random>
#include <set>
#include <sstream>

#include "error_of.h"
#include "program_fixture.h"
#include "service/audit.h"
#include "service/enrollments.h"
#include "service/matching_runs.h"
#include "service/mentor_choice.h"
#include "service/participants.h"
#include "service/vocabulary.h"

namespace tandem {
namespace {

using service::Actor;
using testing::CodeAndField;
using testing::TestPerson;

class VocabularyTest : public testing::ProgramFixture {
 protected:
  void SetUp() override {
    Program p;
    p.name = "Oncology Nurse Mentoring";
    p.field = "oncology nursing";
    p.starts_on = "2027-01-11";
    p.status = ProgramStatus::kEnrolling;
    std::vector<Participant> people = {
        TestPerson(Role::kMentor, "M1"), TestPerson(Role::kMentee, "E1"),
        TestPerson(Role::kMentor, "M2"), TestPerson(Role::kMentee, "E2"),
        TestPerson(Role::kMentee, "E3")};
    people[0].capacity = 2;  // room beside their pairs, for the shortlist
    people[2].capacity = 2;
    people[0].interests = {"chemotherapy administration", "symptom management"};
    people[0].specialties = {"chemotherapy administration"};
    people[1].interests = {"chemotherapy administration", "scalp cooling"};
    people[2].interests = {"symptom management", "scalp cooling"};
    people[3].interests = {"symptom management", "symptom science"};
    people[4].interests = {"scalp cooling", "night shift life"};
    people[4].career_stage = "new graduate nurse";
    people[4].goals = {"ocn certification"};
    SetUpProgram("vocab_", p, people);
    service::StartVocabulary(*db_, coordinator_, program_, "template:oncology_nursing");
  }

  Participant ProfileOf(const std::string& id) {
    return service::GetProfile(*db_, coordinator_, Enrolment(id));
  }

  std::vector<IntakeQuestion> Questions() {
    IntakeQuestion shift;
    shift.code = "shift";
    shift.text = "Which shift do you work?";
    shift.options = {{"days", "Days"}, {"nights", "Nights"}, {"rotating", "Rotating"}};
    shift.match = QuestionMatch::kMustMatch;
    shift.weight = 5;
    IntakeQuestion help;
    help.code = "help_wanted";
    help.text = "Where would you like help?";
    help.kind = QuestionKind::kMultiple;
    help.audience = QuestionAudience::kMentees;
    help.options = {{"ocn", "OCN"}, {"charge", "Charge nurse"}, {"precepting", "Precepting"}};
    help.match = QuestionMatch::kOverlap;
    help.compare_with = "help_offered";
    help.weight = 20;
    IntakeQuestion offer = help;
    offer.code = "help_offered";
    offer.text = "Where can you help?";
    offer.audience = QuestionAudience::kMentors;
    offer.match = QuestionMatch::kNone;
    offer.compare_with.clear();
    offer.weight = 0;
    return {shift, help, offer};
  }
};

TEST_F(VocabularyTest, AProgramStartsFromATemplateAndAnUnknownOneCreatesNothing) {
  const service::Vocabulary v = service::GetVocabulary(*db_, As("E1"), program_);
  EXPECT_FALSE(v.built_in);
  EXPECT_EQ(v.source, "template:oncology_nursing");
  EXPECT_TRUE(v.taxonomy.HasGoal("ocn certification"));
  EXPECT_EQ(v.revision, 1);
  // A new program from another program copies its taxonomy and questions.
  service::SaveQuestions(*db_, coordinator_, program_, Questions());
  Program other;
  other.name = "Second Cohort";
  other.field = "oncology nursing";
  const Program copy = service::CreateProgram(*db_, Actor::CommandLine(), other,
                                              "program:" + std::to_string(program_));
  const service::Vocabulary copied = service::GetVocabulary(*db_, Actor::CommandLine(), copy.id);
  EXPECT_EQ(copied.taxonomy.topics, v.taxonomy.topics);
  EXPECT_EQ(copied.questions.size(), 3u);
  Program bad = other;
  bad.name = "Never Made";
  EXPECT_EQ(CodeAndField([&] {
              service::CreateProgram(*db_, Actor::CommandLine(), bad, "template:astrology");
            }),
            "invalid_argument/vocabulary_from");
  EXPECT_EQ(CodeAndField([&] { service::FindProgram(*db_, "Never Made"); }), "not_found/");
  // Members read it; people outside it do not; only coordinators change it.
  EXPECT_EQ(CodeAndField([&] { service::GetVocabulary(*db_, outsider_, program_); }),
            "permission_denied/");
  EXPECT_EQ(CodeAndField([&] { service::StartVocabulary(*db_, As("E1"), program_, "empty"); }),
            "permission_denied/");
}

TEST_F(VocabularyTest, EditsMoveEveryPersonsTagsAndAreAudited) {
  using Op = TaxonomyEdit::Op;
  // "scalp cooling" is a free tag three people use; adopt it under symptom management.
  auto free = service::ListFreeTags(*db_, coordinator_, program_, 2);
  ASSERT_FALSE(free.empty());
  EXPECT_EQ(free.front().value, "scalp cooling");
  EXPECT_EQ(free.front().people, 3);
  EXPECT_EQ(free.front().list, TaxonomyList::kTopics);
  service::EditTaxonomy(
      *db_, coordinator_, program_,
      {Op::kAdd, TaxonomyList::kTopics, "scalp cooling", "", "symptom management"});
  for (const service::FreeTag& t : service::ListFreeTags(*db_, coordinator_, program_, 1)) {
    EXPECT_NE(t.value, "scalp cooling");
  }
  // Rename a root topic that people use: their tags follow.
  auto result = service::EditTaxonomy(
      *db_, coordinator_, program_,
      {Op::kRename, TaxonomyList::kTopics, "symptom management", "symptom science"});
  // M1, M2 and E2 had it; E2 had "symptom science" as a free tag too and keeps one.
  EXPECT_EQ(result.profiles_changed, 3);
  EXPECT_EQ(result.vocabulary.taxonomy.ParentOf("scalp cooling"), "symptom science");
  EXPECT_EQ(ProfileOf("M1").interests,
            (std::vector<std::string>{"chemotherapy administration", "symptom science"}));
  EXPECT_EQ(ProfileOf("E2").interests, std::vector<std::string>{"symptom science"});
  // Merge a topic into another: interests and specialties both move.
  result = service::EditTaxonomy(*db_, coordinator_, program_,
                                 {Op::kMerge, TaxonomyList::kTopics, "chemotherapy administration",
                                  "immunotherapy administration"});
  EXPECT_EQ(result.profiles_changed, 2);
  EXPECT_EQ(ProfileOf("M1").specialties, std::vector<std::string>{"immunotherapy administration"});
  EXPECT_EQ(ProfileOf("E1").interests,
            (std::vector<std::string>{"immunotherapy administration", "scalp cooling"}));
  // A career stage and a goal renamed on the profiles too.
  service::EditTaxonomy(
      *db_, coordinator_, program_,
      {Op::kRename, TaxonomyList::kCareerStages, "new graduate nurse", "nurse in first year"});
  service::EditTaxonomy(
      *db_, coordinator_, program_,
      {Op::kRename, TaxonomyList::kGoals, "ocn certification", "oncology certified nurse"});
  EXPECT_EQ(ProfileOf("E3").career_stage, "nurse in first year");
  EXPECT_EQ(ProfileOf("E3").goals, std::vector<std::string>{"oncology certified nurse"});
  // Move and remove change the tree only: nobody loses a tag.
  service::EditTaxonomy(*db_, coordinator_, program_,
                        {Op::kMove, TaxonomyList::kTopics, "scalp cooling", "", ""});
  service::EditTaxonomy(*db_, coordinator_, program_,
                        {Op::kRemove, TaxonomyList::kTopics, "scalp cooling"});
  EXPECT_EQ(ProfileOf("E3").interests,
            (std::vector<std::string>{"scalp cooling", "night shift life"}));
  // A bad edit names its field and changes nothing.
  const int revision = service::GetVocabulary(*db_, coordinator_, program_).revision;
  EXPECT_EQ(CodeAndField([&] {
              service::EditTaxonomy(
                  *db_, coordinator_, program_,
                  {Op::kMove, TaxonomyList::kTopics, "symptom science", "", "cancer pain"});
            }),
            "invalid_argument/parent");
  EXPECT_EQ(service::GetVocabulary(*db_, coordinator_, program_).revision, revision);
  // Every edit is in the audit log with what it changed.
  store::AuditFilter filter;
  filter.action = "taxonomy.edit";
  const auto entries = service::ListAudit(*db_, coordinator_, program_, filter);
  ASSERT_EQ(entries.size(), 7u);
  EXPECT_NE(entries.back().after_json.find("\"op\":\"add\""), std::string::npos);
  EXPECT_NE(entries[entries.size() - 2].after_json.find("\"profiles_changed\":3"),
            std::string::npos);
}

TEST_F(VocabularyTest, TheTaxonomyFileIsAllOrNothingAndRoundTrips) {
  const std::string exported = service::ExportTaxonomy(*db_, coordinator_, program_);
  EXPECT_EQ(exported.rfind("list,value,parent\n", 0), 0u);
  std::istringstream broken("list,value,parent\ntopic,a,missing parent\nflavour,b,\n");
  const service::TaxonomyImport rejected =
      service::ImportTaxonomy(*db_, coordinator_, program_, broken);
  ASSERT_EQ(rejected.errors.size(), 2u);
  EXPECT_EQ(rejected.errors[0].row, 2);
  EXPECT_EQ(rejected.errors[0].column, "parent");
  EXPECT_EQ(rejected.errors[1].column, "list");
  EXPECT_EQ(service::ExportTaxonomy(*db_, coordinator_, program_), exported);
  std::istringstream small(
      "list,value,parent\ntopic,Nursing Care,\ntopic,scalp cooling,nursing care\n"
      "career_stage,novice,\ncareer_stage,expert,\n");
  const service::TaxonomyImport imported =
      service::ImportTaxonomy(*db_, coordinator_, program_, small);
  ASSERT_TRUE(imported.ok());
  EXPECT_EQ(imported.vocabulary.taxonomy.ParentOf("scalp cooling"), "nursing care");
  // People keep their tags, now free tags.
  EXPECT_EQ(ProfileOf("M1").interests,
            (std::vector<std::string>{"chemotherapy administration", "symptom management"}));
  std::istringstream again(service::ExportTaxonomy(*db_, coordinator_, program_));
  EXPECT_EQ(ReadTaxonomyCsv(again).taxonomy.career_stages,
            (std::vector<std::string>{"novice", "expert"}));
  EXPECT_EQ(CodeAndField([&] {
              std::istringstream in("list,value\ntopic,x\n");
              service::ImportTaxonomy(*db_, As("M1"), program_, in);
            }),
            "permission_denied/");
}

TEST_F(VocabularyTest, AnswersAreCheckedInTheFormAndTheFileAndNeverDropped) {
  std::vector<IntakeQuestion> questions = Questions();
  questions[1].compare_with = "nope";
  EXPECT_EQ(CodeAndField([&] { service::SaveQuestions(*db_, coordinator_, program_, questions); }),
            "invalid_argument/questions[1].compare_with");
  service::SaveQuestions(*db_, coordinator_, program_, Questions());
  // The profile form: an option not offered, a question not asked of mentors.
  Participant m1 = ProfileOf("M1");
  m1.answers = {{"shift", {"evenings"}}};
  EXPECT_EQ(CodeAndField([&] { service::SaveProfile(*db_, As("M1"), Enrolment("M1"), m1); }),
            "invalid_argument/answers.shift");
  m1.answers = {{"shift", {"nights"}}, {"help_wanted", {"ocn"}}};
  EXPECT_EQ(CodeAndField([&] { service::SaveProfile(*db_, As("M1"), Enrolment("M1"), m1); }),
            "invalid_argument/answers.help_wanted");
  m1.answers = {{"shift", {"nights"}}, {"help_offered", {"ocn", "charge"}}};
  service::SaveProfile(*db_, As("M1"), Enrolment("M1"), m1);
  EXPECT_EQ(ProfileOf("M1").answers, m1.answers);
  // A client that does not send answers keeps them.
  Participant without = ProfileOf("M1");
  without.answers.clear();
  service::SaveProfile(*db_, As("M1"), Enrolment("M1"), without, false);
  EXPECT_EQ(ProfileOf("M1").answers, m1.answers);
  // The file: a column per question, checked by row and column, all or nothing.
  std::istringstream file(
      "role,id,name,email,shift,help_wanted\n"
      "mentee,E1,E1 Person,e1@example.org,days,ocn;precepting\n"
      "mentee,E2,E2 Person,e2@example.org,weekends,ocn\n");
  const service::ImportReport report =
      service::ImportParticipants(*db_, coordinator_, program_, file);
  ASSERT_EQ(report.errors.size(), 1u);
  EXPECT_EQ(report.errors[0].row, 3);
  EXPECT_EQ(report.errors[0].column, "shift");
  EXPECT_TRUE(ProfileOf("E1").answers.empty());
  std::ostringstream exported;
  service::ExportParticipants(*db_, coordinator_, program_, exported);
  EXPECT_NE(exported.str().find(",shift,help_wanted,help_offered\n"), std::string::npos);
  EXPECT_NE(exported.str().find("nights"), std::string::npos);
  // What people answered cannot be dropped: retire it instead.
  std::vector<IntakeQuestion> fewer = Questions();
  fewer.erase(fewer.begin());
  EXPECT_EQ(CodeAndField([&] { service::SaveQuestions(*db_, coordinator_, program_, fewer); }),
            "conflict/questions");
  std::vector<IntakeQuestion> no_nights = Questions();
  no_nights[0].options.erase(no_nights[0].options.begin() + 1);
  EXPECT_EQ(CodeAndField([&] { service::SaveQuestions(*db_, coordinator_, program_, no_nights); }),
            "conflict/questions[0].options");
  std::vector<IntakeQuestion> retired = Questions();
  retired[2].retired = true;
  EXPECT_EQ(CodeAndField([&] { service::SaveQuestions(*db_, coordinator_, program_, retired); }),
            "invalid_argument/questions[1].compare_with");
  retired[1].retired = true;
  service::SaveQuestions(*db_, coordinator_, program_, retired);
  EXPECT_EQ(ProfileOf("M1").answers, m1.answers);
}

// Random answers on a real run: no proposal ever pairs two people whose
// must-match answers differ, and each proposal has a bar per question.
TEST_F(VocabularyTest, AMustMatchQuestionIsNeverBrokenByARun) {
  service::SaveQuestions(*db_, coordinator_, program_, Questions());
  std::mt19937 random(23);
  const std::vector<std::string> shifts = {"days", "nights", "rotating"};
  std::ostringstream csv;
  csv << "role,id,name,email,capacity,interests,shift,help_wanted,help_offered\n";
  std::map<std::string, std::string> shift_of;
  for (int i = 0; i < 40; ++i) {
    const bool mentor = i % 3 == 0;
    const std::string id = (mentor ? "RM" : "RE") + std::to_string(i);
    const std::string shift = shifts[random() % 3];
    shift_of[id] = shift;
    csv << (mentor ? "mentor," : "mentee,") << id << "," << id << " Nurse," << ToLower(id)
        << "@example.org," << (mentor ? "2" : "1") << ",symptom management," << shift << ","
        << (mentor ? "" : "ocn;charge") << "," << (mentor ? "ocn" : "") << "\n";
  }
  std::istringstream in(csv.str());
  ASSERT_TRUE(service::ImportParticipants(*db_, coordinator_, program_, in).ok());
  for (const char* objective : {"optimal", "fair", "stable-mentee"}) {
    MatchingRunSettings settings;
    settings.objective = objective;
    const MatchingRun queued = service::StartMatchingRun(*db_, coordinator_, program_, settings);
    service::ExecuteMatchingRun(*db_, queued.id);
    const MatchingRun run = service::GetMatchingRun(*db_, coordinator_, queued.id);
    ASSERT_EQ(run.status, MatchingRunStatus::kDone) << run.error;
    ASSERT_TRUE(run.result);
    int checked = 0;
    for (const Proposal& p : run.result->proposals) {
      EXPECT_TRUE(p.breakdown.count("question:shift")) << objective;
      EXPECT_TRUE(p.breakdown.count("question:help_wanted")) << objective;
      if (!shift_of.count(p.mentee) || !shift_of.count(p.mentor)) continue;
      EXPECT_EQ(shift_of[p.mentee], shift_of[p.mentor]) << p.mentee << "-" << p.mentor;
      EXPECT_DOUBLE_EQ(p.breakdown.at("question:shift"), 5.0);
      ++checked;
    }
    EXPECT_GT(checked, 5) << objective;
  }
}

}  // namespace
}  // namespace tandem

namespace tandem {
namespace {

// A mentee choosing reads, among a mentor's reasons, what they answered alike.
TEST_F(VocabularyTest, TheShortlistSaysWhatTwoPeopleAnsweredAlike) {
  service::SaveQuestions(*db_, coordinator_, program_, Questions());
  ChoiceSettings settings;
  settings.mode = MatchingMode::kMenteeLed;
  service::UpdateChoiceSettings(*db_, coordinator_, program_, settings);
  const auto answer = [&](const std::string& id,
                          std::map<std::string, std::vector<std::string>> a) {
    Participant p = ProfileOf(id);
    p.answers = std::move(a);
    service::SaveProfile(*db_, As(id), Enrolment(id), p);
  };
  answer("M1", {{"shift", {"nights"}}, {"help_offered", {"ocn", "charge"}}});
  answer("M2", {{"shift", {"days"}}, {"help_offered", {"ocn"}}});
  answer("E3", {{"shift", {"nights"}}, {"help_wanted", {"ocn", "charge", "precepting"}}});
  const service::Shortlist list = service::GetShortlist(*db_, As("E3"), program_, {});
  // Only M1 works nights; M2 is kept apart by the must-match question.
  ASSERT_EQ(list.mentors.size(), 1u);
  const std::vector<std::string>& reasons = list.mentors[0].reasons;
  EXPECT_NE(std::find(reasons.begin(), reasons.end(), "Which shift do you work? Nights"),
            reasons.end())
      << ::testing::PrintToString(reasons);
  EXPECT_NE(
      std::find(reasons.begin(), reasons.end(), "Where would you like help? OCN, Charge nurse"),
      reasons.end())
      << ::testing::PrintToString(reasons);
}

}  // namespace
}  // namespace tandem
