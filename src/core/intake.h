// A program's own intake questions (docs/programs.md): profile questions a
// program adds for mentors, mentees or both, and how each counts in matching.
// Plain values and their validation; no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/participant.h"

namespace tandem {

enum class QuestionKind { kSingle, kMultiple, kScale, kText, kYesNo };
enum class QuestionAudience { kMentors, kMentees, kBoth };
// How a question counts in a pair's score. The mentee's answer is compared
// with the mentor's answer to the question's `compare_with` (or to the same
// question when that is empty). A pair where either side did not answer
// earns nothing and breaks no rule.
//   kSame:      1 when the answers are equal (as sets, for multiple choice).
//   kOverlap:   the share of the mentee's choices the mentor also chose.
//   kCloseness: 1 - |a - b| / (max - min) on a scale.
//   kMustMatch: a hard rule: the two share at least one choice, or the pair
//               is never made; a pair that is made earns the full weight.
enum class QuestionMatch { kNone, kSame, kOverlap, kCloseness, kMustMatch };

std::string_view QuestionKindName(
    QuestionKind kind);  // "single", "multiple", "scale", "text", "yes_no"
std::string_view QuestionAudienceName(QuestionAudience audience);  // "mentors", "mentees", "both"
std::string_view QuestionMatchName(
    QuestionMatch match);  // "none", "same", "overlap", "closeness", "must_match"
// Parsers accept the names above in any case; nullopt when unknown.
std::optional<QuestionKind> ParseQuestionKind(std::string_view text);
std::optional<QuestionAudience> ParseQuestionAudience(std::string_view text);
std::optional<QuestionMatch> ParseQuestionMatch(std::string_view text);

struct QuestionOption {
  std::string code;   // what answers, files and the API carry: [a-z0-9_]{1,40}
  std::string label;  // what people read
  friend bool operator==(const QuestionOption&, const QuestionOption&) = default;
};

// Most choices a single- or multiple-choice question may offer.
inline constexpr int kMaxQuestionOptions = 64;
// Most questions a program may ask.
inline constexpr int kMaxQuestions = 40;

struct IntakeQuestion {
  std::string code;  // [a-z][a-z0-9_]{0,39}, unique in the program; its CSV column
  std::string text;  // the question as people read it
  std::string help;  // optional hint under it
  QuestionKind kind = QuestionKind::kSingle;
  std::vector<QuestionOption> options;  // single and multiple: 2..kMaxQuestionOptions
  int scale_min = 1, scale_max = 5;     // scale: whole numbers, min < max, within -100..100
  bool required = false;
  QuestionAudience audience = QuestionAudience::kBoth;
  QuestionMatch match = QuestionMatch::kNone;
  std::string compare_with;  // a mentors' (or both's) question compared with this one
  double weight = 0;         // points for a full match, beside the facets' weights (0..1000)
  bool retired = false;      // hidden from forms and matching; its answers are kept
  friend bool operator==(const IntakeQuestion&, const IntakeQuestion&) = default;
};

// True when people of `role` are asked `question` (retired questions: false).
bool AsksRole(const IntakeQuestion& question, Role role);

// Checks a program's question list: codes well formed, unique and not a
// participant CSV column; text present (at most 500 bytes), help at most
// 1,000; options for choice questions only, codes unique; scale bounds;
// match rules that fit the kind (text: none; closeness: scale; overlap and
// must-match: choice or yes/no); a compared question exists, is asked of
// mentors, is still asked (not retired) unless this one is retired too, is
// not the question itself, and has the same kind and options
// (or scale bounds); a matching question is asked of mentees; weight 0..1000
// and a weight only on a matching question. Throws
// tandem::Error(kInvalidArgument) naming the field as "questions[i].field".
void ValidateQuestions(const std::vector<IntakeQuestion>& questions);

// Problems with one person's answers against the program's questions: an
// answer to an unknown or retired question, or to one not asked of the role;
// a required question unanswered; an option that is not offered; several
// answers to a single-answer question; a scale value out of range or not a
// whole number; yes/no other than "yes" or "no"; text over 1,000 bytes.
// Each problem is (question code, sentence). Empty when all is well.
struct AnswerProblem {
  std::string question;
  std::string reason;
};
std::vector<AnswerProblem> CheckAnswers(
    const std::vector<IntakeQuestion>& questions, Role role,
    const std::map<std::string, std::vector<std::string>>& answers);

// The questions that count in matching (not retired, match not none).
std::vector<IntakeQuestion> MatchingQuestions(const std::vector<IntakeQuestion>& questions);

// Reads one CSV cell of a question's answer: multiple choice separates
// options with ';', other kinds take the cell as one value; blank gives none.
// Values are trimmed, option codes and yes/no lower-cased.
std::vector<std::string> ParseAnswerCell(const IntakeQuestion& question, std::string_view cell);
// The inverse, for export.
std::string FormatAnswerCell(const std::vector<std::string>& values);

}  // namespace tandem
