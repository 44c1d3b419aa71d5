#include "core/intake.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <set>
#include <utility>

#include "core/error.h"
#include "core/participant_csv.h"
#include "core/text.h"

namespace tandem {
namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> ParseName(const std::array<std::pair<Enum, std::string_view>, N>& names,
                              std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  for (const auto& [value, name] : names) {
    if (name == lower) return value;
  }
  return std::nullopt;
}

template <typename Enum, std::size_t N>
std::string_view NameOf(const std::array<std::pair<Enum, std::string_view>, N>& names, Enum value) {
  for (const auto& [v, name] : names) {
    if (v == value) return name;
  }
  return "";
}

constexpr std::array<std::pair<QuestionKind, std::string_view>, 5> kKinds{{
    {QuestionKind::kSingle, "single"},
    {QuestionKind::kMultiple, "multiple"},
    {QuestionKind::kScale, "scale"},
    {QuestionKind::kText, "text"},
    {QuestionKind::kYesNo, "yes_no"},
}};
constexpr std::array<std::pair<QuestionAudience, std::string_view>, 3> kAudiences{{
    {QuestionAudience::kMentors, "mentors"},
    {QuestionAudience::kMentees, "mentees"},
    {QuestionAudience::kBoth, "both"},
}};
constexpr std::array<std::pair<QuestionMatch, std::string_view>, 5> kMatches{{
    {QuestionMatch::kNone, "none"},
    {QuestionMatch::kSame, "same"},
    {QuestionMatch::kOverlap, "overlap"},
    {QuestionMatch::kCloseness, "closeness"},
    {QuestionMatch::kMustMatch, "must_match"},
}};

bool IsCode(std::string_view code, bool letter_first) {
  if (code.empty() || code.size() > 40) return false;
  if (letter_first && !(code[0] >= 'a' && code[0] <= 'z')) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsChoice(QuestionKind kind) {
  return kind == QuestionKind::kSingle || kind == QuestionKind::kMultiple ||
         kind == QuestionKind::kYesNo;
}

std::optional<int> WholeNumber(std::string_view text) {
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

}  // namespace

std::string_view QuestionKindName(QuestionKind kind) { return NameOf(kKinds, kind); }
std::string_view QuestionAudienceName(QuestionAudience audience) {
  return NameOf(kAudiences, audience);
}
std::string_view QuestionMatchName(QuestionMatch match) { return NameOf(kMatches, match); }
std::optional<QuestionKind> ParseQuestionKind(std::string_view text) {
  return ParseName(kKinds, text);
}
std::optional<QuestionAudience> ParseQuestionAudience(std::string_view text) {
  return ParseName(kAudiences, text);
}
std::optional<QuestionMatch> ParseQuestionMatch(std::string_view text) {
  return ParseName(kMatches, text);
}

bool AsksRole(const IntakeQuestion& question, Role role) {
  if (question.retired) return false;
  switch (question.audience) {
    case QuestionAudience::kBoth:
      return role == Role::kMentor || role == Role::kMentee;
    case QuestionAudience::kMentors:
      return role == Role::kMentor;
    case QuestionAudience::kMentees:
      return role == Role::kMentee;
  }
  return false;
}

void ValidateQuestions(const std::vector<IntakeQuestion>& questions) {
  if (questions.size() > static_cast<size_t>(kMaxQuestions)) {
    throw InvalidArgument("a program asks at most " + std::to_string(kMaxQuestions) + " questions",
                          "questions");
  }
  const auto& columns = ParticipantColumns();
  std::set<std::string> codes;
  for (size_t i = 0; i < questions.size(); ++i) {
    const IntakeQuestion& q = questions[i];
    const std::string at = "questions[" + std::to_string(i) + "].";
    if (!IsCode(q.code, true)) {
      throw InvalidArgument(
          "a question's code is 1 to 40 of a-z, 0-9 and _, starting with a letter", at + "code");
    }
    if (std::find(columns.begin(), columns.end(), q.code) != columns.end()) {
      throw InvalidArgument("\"" + q.code + "\" is a column of the participant file already",
                            at + "code");
    }
    if (!codes.insert(q.code).second) {
      throw InvalidArgument("two questions have the code \"" + q.code + "\"", at + "code");
    }
    if (Trim(q.text).empty()) throw InvalidArgument("a question needs its text", at + "text");
    if (q.text.size() > 500) throw InvalidArgument("at most 500 bytes", at + "text");
    if (q.help.size() > 1000) throw InvalidArgument("at most 1,000 bytes", at + "help");
    const bool choice = q.kind == QuestionKind::kSingle || q.kind == QuestionKind::kMultiple;
    if (choice) {
      if (q.options.size() < 2 || q.options.size() > static_cast<size_t>(kMaxQuestionOptions)) {
        throw InvalidArgument(
            "a choice question offers 2 to " + std::to_string(kMaxQuestionOptions) + " options",
            at + "options");
      }
      std::set<std::string> seen;
      for (size_t k = 0; k < q.options.size(); ++k) {
        const QuestionOption& o = q.options[k];
        const std::string field = at + "options[" + std::to_string(k) + "]";
        if (!IsCode(o.code, false)) {
          throw InvalidArgument("an option's code is 1 to 40 of a-z, 0-9 and _", field + ".code");
        }
        if (!seen.insert(o.code).second) {
          throw InvalidArgument("two options have the code \"" + o.code + "\"", field + ".code");
        }
        if (Trim(o.label).empty() || o.label.size() > 200) {
          throw InvalidArgument("an option's label is 1 to 200 bytes", field + ".label");
        }
      }
    } else if (!q.options.empty()) {
      throw InvalidArgument("only single and multiple choice questions have options",
                            at + "options");
    }
    if (q.kind == QuestionKind::kScale &&
        (q.scale_min >= q.scale_max || q.scale_min < -100 || q.scale_max > 100)) {
      throw InvalidArgument("a scale runs from a smaller to a larger whole number within -100..100",
                            at + "scale_max");
    }
    if (!(q.weight >= 0 && q.weight <= 1000)) {
      throw InvalidArgument("a weight is 0..1000", at + "weight");
    }
    if (q.match == QuestionMatch::kNone) {
      if (q.weight != 0) {
        throw InvalidArgument("only a question that counts in matching has a weight",
                              at + "weight");
      }
      if (!q.compare_with.empty()) {
        throw InvalidArgument("only a question that counts in matching is compared with another",
                              at + "compare_with");
      }
      continue;
    }
    if (q.kind == QuestionKind::kText) {
      throw InvalidArgument("a short-text question cannot count in matching", at + "match");
    }
    if (q.match == QuestionMatch::kCloseness && q.kind != QuestionKind::kScale) {
      throw InvalidArgument("closeness compares answers on a scale", at + "match");
    }
    if ((q.match == QuestionMatch::kOverlap || q.match == QuestionMatch::kMustMatch) &&
        !IsChoice(q.kind)) {
      throw InvalidArgument("overlap and must-match compare choices", at + "match");
    }
    if (q.audience == QuestionAudience::kMentors) {
      throw InvalidArgument(
          "a question that counts in matching is asked of mentees (a mentors' question is "
          "compared through compare_with)",
          at + "audience");
    }
    const IntakeQuestion* other = &q;
    if (!q.compare_with.empty()) {
      other = nullptr;
      for (const IntakeQuestion& c : questions) {
        if (c.code == q.compare_with) other = &c;
      }
      if (other == nullptr) {
        throw InvalidArgument("no question has the code \"" + q.compare_with + "\"",
                              at + "compare_with");
      }
      if (other == &q) {
        throw InvalidArgument("leave compare_with empty to compare a question with itself",
                              at + "compare_with");
      }
      if (other->kind != q.kind || other->options.size() != q.options.size() ||
          !std::is_permutation(
              other->options.begin(), other->options.end(), q.options.begin(),
              [](const QuestionOption& a, const QuestionOption& b) { return a.code == b.code; }) ||
          (q.kind == QuestionKind::kScale &&
           (other->scale_min != q.scale_min || other->scale_max != q.scale_max))) {
        throw InvalidArgument(
            "\"" + q.compare_with + "\" must be of the same kind with the same options or scale",
            at + "compare_with");
      }
    }
    if (other->retired && !q.retired) {
      throw InvalidArgument("\"" + other->code +
                                "\" is retired: compare with a question still asked, or retire "
                                "this one too",
                            at + "compare_with");
    }
    if (other->audience == QuestionAudience::kMentees) {
      throw InvalidArgument("the question compared with must be asked of mentors",
                            at + (q.compare_with.empty() ? "audience" : "compare_with"));
    }
  }
}

std::vector<AnswerProblem> CheckAnswers(
    const std::vector<IntakeQuestion>& questions, Role role,
    const std::map<std::string, std::vector<std::string>>& answers) {
  std::vector<AnswerProblem> problems;
  for (const auto& [answered, values] : answers) {
    const std::string& code = answered;  // a structured binding cannot be captured (clang 14)
    const auto it = std::find_if(questions.begin(), questions.end(),
                                 [&code](const IntakeQuestion& q) { return q.code == code; });
    if (it == questions.end()) {
      problems.push_back({code, "the program asks no question \"" + code + "\""});
      continue;
    }
    const IntakeQuestion& q = *it;
    if (!AsksRole(q, role)) {
      if (!values.empty()) {
        problems.push_back({code, q.retired ? "this question is no longer asked"
                                            : "this question is not asked of " +
                                                  std::string(RoleName(role)) + "s"});
      }
      continue;
    }
    if (values.size() > 1 && q.kind != QuestionKind::kMultiple) {
      problems.push_back({code, "one answer only"});
      continue;
    }
    std::set<std::string> seen;
    for (const std::string& v : values) {
      if (!seen.insert(v).second) {
        problems.push_back({code, "\"" + v + "\" is given twice"});
        break;
      }
      if (q.kind == QuestionKind::kSingle || q.kind == QuestionKind::kMultiple) {
        const bool offered = std::any_of(q.options.begin(), q.options.end(),
                                         [&](const QuestionOption& o) { return o.code == v; });
        if (!offered) {
          std::string list;
          for (const QuestionOption& o : q.options) list += (list.empty() ? "" : ", ") + o.code;
          problems.push_back({code, "\"" + v + "\" is not an option (options: " + list + ")"});
          break;
        }
      } else if (q.kind == QuestionKind::kYesNo) {
        if (v != "yes" && v != "no") {
          problems.push_back({code, "answer yes or no"});
          break;
        }
      } else if (q.kind == QuestionKind::kScale) {
        const std::optional<int> n = WholeNumber(v);
        if (!n || *n < q.scale_min || *n > q.scale_max) {
          problems.push_back({code, "a whole number from " + std::to_string(q.scale_min) + " to " +
                                        std::to_string(q.scale_max)});
          break;
        }
      } else if (v.size() > 1000) {
        problems.push_back({code, "at most 1,000 bytes"});
        break;
      }
    }
  }
  for (const IntakeQuestion& q : questions) {
    if (!q.required || !AsksRole(q, role)) continue;
    const auto it = answers.find(q.code);
    if (it == answers.end() || it->second.empty()) {
      problems.push_back({q.code, "this question must be answered"});
    }
  }
  return problems;
}

std::vector<IntakeQuestion> MatchingQuestions(const std::vector<IntakeQuestion>& questions) {
  std::vector<IntakeQuestion> out;
  for (const IntakeQuestion& q : questions) {
    if (!q.retired && q.match != QuestionMatch::kNone) out.push_back(q);
  }
  return out;
}

std::vector<std::string> ParseAnswerCell(const IntakeQuestion& question, std::string_view cell) {
  std::vector<std::string> values;
  const auto add = [&](std::string_view part) {
    const std::string_view t = Trim(part);
    if (t.empty()) return;
    values.push_back(question.kind == QuestionKind::kText ? std::string(t) : ToLower(t));
  };
  if (question.kind != QuestionKind::kMultiple) {
    add(cell);
    return values;
  }
  size_t start = 0;
  while (start <= cell.size()) {
    const size_t end = cell.find(';', start);
    add(cell.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return values;
}

std::string FormatAnswerCell(const std::vector<std::string>& values) {
  std::string out;
  for (const std::string& v : values) out += (out.empty() ? "" : ";") + v;
  return out;
}

}  // namespace tandem
