#include "core/intake.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem {
namespace {

IntakeQuestion Choice(std::string code, QuestionKind kind, std::vector<std::string> options) {
  IntakeQuestion q;
  q.code = std::move(code);
  q.text = "Question " + q.code;
  q.kind = kind;
  for (const std::string& o : options) q.options.push_back({o, "Label " + o});
  return q;
}

std::string FieldOf(const std::vector<IntakeQuestion>& questions) {
  try {
    ValidateQuestions(questions);
  } catch (const Error& e) {
    return e.field();
  }
  return "(valid)";
}

// A nursing program's questions: a must-match shift pattern, areas a mentee
// wants help with compared with the areas a mentor can help with, a scale.
std::vector<IntakeQuestion> NursingQuestions() {
  IntakeQuestion shift = Choice("shift", QuestionKind::kSingle, {"days", "nights", "rotating"});
  shift.match = QuestionMatch::kMustMatch;
  shift.required = true;
  IntakeQuestion want = Choice("help_wanted", QuestionKind::kMultiple, {"ocn", "precepting", "charge"});
  want.audience = QuestionAudience::kMentees;
  want.match = QuestionMatch::kOverlap;
  want.compare_with = "help_offered";
  want.weight = 20;
  IntakeQuestion offer = Choice("help_offered", QuestionKind::kMultiple, {"charge", "ocn", "precepting"});
  offer.audience = QuestionAudience::kMentors;
  IntakeQuestion pace;
  pace.code = "pace";
  pace.text = "How structured do you like meetings?";
  pace.kind = QuestionKind::kScale;
  pace.match = QuestionMatch::kCloseness;
  pace.weight = 5;
  IntakeQuestion note;
  note.code = "note";
  note.text = "Anything else?";
  note.kind = QuestionKind::kText;
  return {shift, want, offer, pace, note};
}

TEST(IntakeQuestions, AValidSetPasses) { EXPECT_EQ(FieldOf(NursingQuestions()), "(valid)"); }

TEST(IntakeQuestions, ValidationNamesTheQuestionAndField) {
  const struct {
    const char* what;
    std::function<void(std::vector<IntakeQuestion>&)> change;
    const char* field;
  } cases[] = {
      {"bad code", [](auto& q) { q[0].code = "Shift!"; }, "questions[0].code"},
      {"a CSV column", [](auto& q) { q[0].code = "interests"; }, "questions[0].code"},
      {"duplicate", [](auto& q) { q[3].code = "shift"; }, "questions[3].code"},
      {"no text", [](auto& q) { q[0].text = " "; }, "questions[0].text"},
      {"one option", [](auto& q) { q[0].options.resize(1); }, "questions[0].options"},
      {"bad option", [](auto& q) { q[0].options[1].code = "Night Shift"; },
       "questions[0].options[1].code"},
      {"options on a scale", [](auto& q) { q[3].options = {{"a", "A"}}; }, "questions[3].options"},
      {"scale bounds", [](auto& q) { q[3].scale_max = 1; }, "questions[3].scale_max"},
      {"text matched", [](auto& q) { q[4].match = QuestionMatch::kSame; }, "questions[4].match"},
      {"closeness on choices", [](auto& q) { q[0].match = QuestionMatch::kCloseness; },
       "questions[0].match"},
      {"weight without matching", [](auto& q) { q[4].weight = 3; }, "questions[4].weight"},
      {"negative weight", [](auto& q) { q[1].weight = -1; }, "questions[1].weight"},
      {"unknown compared", [](auto& q) { q[1].compare_with = "nope"; }, "questions[1].compare_with"},
      {"options differ", [](auto& q) { q[2].options[0].code = "leadership"; },
       "questions[1].compare_with"},
      {"compared with a mentees' question",
       [](auto& q) { q[2].audience = QuestionAudience::kMentees; }, "questions[1].compare_with"},
      {"mentors' question matched", [](auto& q) { q[0].audience = QuestionAudience::kMentors; },
       "questions[0].audience"},
      {"compared with a retired question", [](auto& q) { q[2].retired = true; },
       "questions[1].compare_with"},
  };
  for (const auto& c : cases) {
    std::vector<IntakeQuestion> questions = NursingQuestions();
    c.change(questions);
    EXPECT_EQ(FieldOf(questions), c.field) << c.what;
  }
}

TEST(IntakeQuestions, AnswersAreCheckedAgainstTheQuestionsAndRole) {
  const std::vector<IntakeQuestion> questions = NursingQuestions();
  using Answers = std::map<std::string, std::vector<std::string>>;
  EXPECT_TRUE(CheckAnswers(questions, Role::kMentee,
                           Answers{{"shift", {"nights"}}, {"help_wanted", {"ocn", "charge"}},
                                   {"pace", {"4"}}})
                  .empty());
  const auto problems = CheckAnswers(questions, Role::kMentor,
                                     Answers{{"help_wanted", {"ocn"}},
                                             {"help_offered", {"ocn", "ocn"}},
                                             {"pace", {"9"}},
                                             {"colour", {"red"}}});
  std::vector<std::string> codes;
  for (const AnswerProblem& p : problems) codes.push_back(p.question);
  // Sorted by code (the answers' order), then the required one missing.
  const std::vector<std::string> expected = {"colour", "help_offered", "help_wanted", "pace",
                                             "shift"};
  EXPECT_EQ(codes, expected);
  EXPECT_EQ(problems.back().reason, "this question must be answered");
  const auto bad_option = CheckAnswers(questions, Role::kMentee, Answers{{"shift", {"evenings"}}});
  ASSERT_EQ(bad_option.size(), 1u);
  EXPECT_NE(bad_option[0].reason.find("options: days, nights, rotating"), std::string::npos);
}

TEST(IntakeQuestions, CellsParseAndFormat) {
  const std::vector<IntakeQuestion> questions = NursingQuestions();
  EXPECT_EQ(ParseAnswerCell(questions[1], " OCN ; charge;"),
            (std::vector<std::string>{"ocn", "charge"}));
  EXPECT_EQ(ParseAnswerCell(questions[0], " Nights "), (std::vector<std::string>{"nights"}));
  EXPECT_TRUE(ParseAnswerCell(questions[0], "  ").empty());
  EXPECT_EQ(ParseAnswerCell(questions[4], "Night shift; weekends"),
            (std::vector<std::string>{"Night shift; weekends"}));
  EXPECT_EQ(FormatAnswerCell({"ocn", "charge"}), "ocn;charge");
  EXPECT_EQ(MatchingQuestions(questions).size(), 3u);
}

}  // namespace
}  // namespace tandem
