#include "core/survey.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/csv.h"
#include "core/error.h"
#include "core/journey.h"
#include "core/program.h"
#include "core/text.h"

namespace tandem {
namespace {

constexpr size_t kMaxItems = 300;
constexpr size_t kMaxOptions = 50;
constexpr size_t kMaxRows = 40;
constexpr size_t kMaxShortText = 500;
constexpr size_t kMaxLongText = 10000;

bool IsCode(std::string_view code) {
  if (code.empty() || code.size() > 60 || code[0] < 'a' || code[0] > 'z') return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
}

bool IsScale(const SurveyItem& item) { return item.kind == "likert" || item.kind == "matrix"; }

// The whole number 1..n written in `value` ("3"), else 0.
int ChoiceNumber(std::string_view value, size_t n) {
  if (value.empty() || value.size() > 3 || value[0] == '0') return 0;
  int v = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return 0;
    v = v * 10 + (c - '0');
  }
  return v >= 1 && static_cast<size_t>(v) <= n ? v : 0;
}

bool IsScaleValue(const SurveyItem& item, std::string_view value) {
  return ChoiceNumber(value, static_cast<size_t>(item.points)) > 0 ||
         (item.allow_na && value == kNotApplicable);
}

// The chosen numbers of a multiple-choice answer, or nullopt when it is not
// ascending distinct numbers 1..n separated by commas.
std::optional<std::vector<int>> Chosen(std::string_view value, size_t n) {
  std::vector<int> out;
  if (value.empty()) return out;
  for (const std::string& part : SplitList(value, ',')) {
    const int v = ChoiceNumber(part, n);
    if (v == 0 || (!out.empty() && v <= out.back())) return std::nullopt;
    out.push_back(v);
  }
  return out;
}

// 12, 3.5, -0.25: the shortest text that reads back as `v`.
std::string FormatDecimal(double v) {
  char buffer[32];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, v);
  return std::string(buffer, result.ptr);
}

std::string ItemField(size_t i, const char* what) {
  return "items[" + std::to_string(i) + "]." + what;
}

}  // namespace

std::vector<std::string> DefaultLikertLabels(int points) {
  if (points == 7) {
    return {"Strongly disagree", "Disagree", "Somewhat disagree", "Neither agree nor disagree",
            "Somewhat agree",    "Agree",    "Strongly agree"};
  }
  return {"Strongly disagree", "Disagree", "Neither agree nor disagree", "Agree", "Strongly agree"};
}

void ValidateSurveyItems(std::vector<SurveyItem>& items) {
  if (items.empty()) throw InvalidArgument("a survey needs at least one item", "items");
  if (items.size() > kMaxItems) {
    throw InvalidArgument("a survey has at most " + std::to_string(kMaxItems) + " items", "items");
  }
  // Codes seen so far, with the item that holds them (for show_if).
  std::map<std::string, const SurveyItem*> earlier;
  for (size_t i = 0; i < items.size(); ++i) {
    SurveyItem& item = items[i];
    item.code = std::string(Trim(item.code));
    item.text = std::string(Trim(item.text));
    item.help = std::string(Trim(item.help));
    item.section = std::string(Trim(item.section));
    if (!IsCode(item.code)) {
      throw InvalidArgument("code \"" + item.code +
                                "\" must start with a-z and hold only a-z, 0-9 and _ (at most 60)",
                            ItemField(i, "code"));
    }
    CheckOneOf(item.kind, kSurveyItemKinds, ItemField(i, "kind"));
    if (item.text.empty()) throw InvalidArgument("each item needs its text", ItemField(i, "text"));
    CheckText(item.text, ItemField(i, "text"), 1000, true);
    CheckText(item.help, ItemField(i, "help"), 1000, true);
    CheckText(item.section, ItemField(i, "section"), 200);
    std::vector<std::string> codes = {item.code};
    if (IsScale(item)) {
      if (item.points != 5 && item.points != 7) {
        throw InvalidArgument("a Likert scale has 5 or 7 points", ItemField(i, "points"));
      }
      if (item.labels.empty()) item.labels = DefaultLikertLabels(item.points);
      if (item.labels.size() != static_cast<size_t>(item.points)) {
        throw InvalidArgument("give one label per point (" + std::to_string(item.points) + ")",
                              ItemField(i, "labels"));
      }
      for (std::string& l : item.labels) {
        l = std::string(Trim(l));
        if (l.empty()) throw InvalidArgument("a label is empty", ItemField(i, "labels"));
        CheckText(l, ItemField(i, "labels"), 100);
      }
    } else {
      item.labels.clear();
      item.allow_na = false;
      item.points = 5;
    }
    if (item.kind == "single" || item.kind == "multiple") {
      if (item.options.size() < 2 || item.options.size() > kMaxOptions) {
        throw InvalidArgument("a choice item has 2 to " + std::to_string(kMaxOptions) + " options",
                              ItemField(i, "options"));
      }
      std::set<std::string> seen;
      for (std::string& o : item.options) {
        o = std::string(Trim(o));
        if (o.empty()) throw InvalidArgument("an option is empty", ItemField(i, "options"));
        CheckText(o, ItemField(i, "options"), 200);
        if (!seen.insert(FoldCase(o)).second) {
          throw InvalidArgument("option \"" + o + "\" is there twice", ItemField(i, "options"));
        }
      }
    } else {
      item.options.clear();
    }
    if (item.kind == "number") {
      if (item.min && item.max && *item.min > *item.max) {
        throw InvalidArgument("min is above max", ItemField(i, "max"));
      }
    } else {
      item.min.reset();
      item.max.reset();
    }
    if (item.kind == "matrix") {
      if (item.rows.empty() || item.rows.size() > kMaxRows) {
        throw InvalidArgument("a matrix has 1 to " + std::to_string(kMaxRows) + " rows",
                              ItemField(i, "rows"));
      }
      codes.clear();
      for (MatrixRow& r : item.rows) {
        r.code = std::string(Trim(r.code));
        r.text = std::string(Trim(r.text));
        if (!IsCode(r.code)) {
          throw InvalidArgument("row code \"" + r.code +
                                    "\" must start with a-z and hold only "
                                    "a-z, 0-9 and _ (at most 60)",
                                ItemField(i, "rows"));
        }
        if (r.text.empty()) throw InvalidArgument("each row needs its text", ItemField(i, "rows"));
        CheckText(r.text, ItemField(i, "rows"), 1000);
        codes.push_back(r.code);
      }
      codes.push_back(item.code);
    } else {
      item.rows.clear();
    }
    item.show_if_code = std::string(Trim(item.show_if_code));
    item.show_if_value = std::string(Trim(item.show_if_value));
    if (!item.show_if_code.empty()) {
      auto it = earlier.find(item.show_if_code);
      if (it == earlier.end() || it->second->kind == "matrix") {
        throw InvalidArgument(
            "show_if names " + item.show_if_code + ", which is not an earlier item (nor a matrix)",
            ItemField(i, "show_if_code"));
      }
      const SurveyItem& cond = *it->second;
      const bool ok = IsScale(cond) ? IsScaleValue(cond, item.show_if_value)
                      : (cond.kind == "single" || cond.kind == "multiple")
                          ? ChoiceNumber(item.show_if_value, cond.options.size()) > 0
                          : !item.show_if_value.empty();
      if (!ok) {
        throw InvalidArgument(
            "show_if_value \"" + item.show_if_value + "\" is not an answer of " + cond.code,
            ItemField(i, "show_if_value"));
      }
    } else {
      item.show_if_value.clear();
    }
    for (const std::string& c : codes) {
      if (!earlier.emplace(c, &item).second) {
        throw InvalidArgument("code " + c + " is used twice", ItemField(i, "code"));
      }
    }
  }
}

void ValidateWave(SurveyWave& w) {
  w.title = std::string(Trim(w.title));
  if (w.title.empty()) throw InvalidArgument("a wave needs a title", "title");
  CheckText(w.title, "title", 200);
  CheckOneOf(w.audience, kWaveAudiences, "audience");
  CheckOneOf(w.pair_status, kWavePairStatuses, "pair_status");
  CheckOneOf(w.timing, kWaveTimings, "timing");
  CheckOneOf(w.status, kWaveStatuses, "status");
  if (w.timing == "dates") {
    if (!IsIsoDate(w.opens_on)) throw InvalidArgument("opens_on is a date YYYY-MM-DD", "opens_on");
  } else {
    w.opens_on.clear();
  }
  if (w.length_days < 1 || w.length_days > 366) {
    throw InvalidArgument("a wave stays open 1 to 366 days", "length_days");
  }
  if (w.offset_days < -3660 || w.offset_days > 3660) {
    throw InvalidArgument("offset_days is between -3660 and 3660", "offset_days");
  }
  if (w.timing != "pair_start") w.every_days = 0;
  if (w.every_days != 0 && (w.every_days < 7 || w.every_days > 366)) {
    throw InvalidArgument("every_days is 0 (once) or 7 to 366", "every_days");
  }
  if (w.every_days != 0 && w.every_days < w.length_days) {
    throw InvalidArgument(
        "a repeating wave closes before it opens again: length_days at most every_days",
        "length_days");
  }
  if (w.reminder_days.size() > 5) throw InvalidArgument("at most 5 reminders", "reminder_days");
  int last = 0;
  for (int d : w.reminder_days) {
    if (d <= last || d >= w.length_days) {
      throw InvalidArgument("reminders come in ascending days after the opening, before it closes",
                            "reminder_days");
    }
    last = d;
  }
}

bool IsShown(const SurveyItem& item, const SurveyAnswers& answers) {
  if (item.show_if_code.empty()) return true;
  auto it = answers.find(item.show_if_code);
  if (it == answers.end()) return false;
  if (it->second == item.show_if_value) return true;
  for (const std::string& part : SplitList(it->second, ',')) {
    if (part == item.show_if_value) return true;
  }
  return false;
}

SurveyAnswers CheckSurveyAnswers(const std::vector<SurveyItem>& items, const SurveyAnswers& answers,
                                 bool complete, std::vector<FieldProblem>& problems) {
  std::set<std::string> known;
  for (const SurveyItem& item : items) {
    known.insert(item.code);
    for (const MatrixRow& r : item.rows) known.insert(r.code);
  }
  for (const auto& [code, value] : answers) {
    if (!known.count(code)) problems.push_back({code, "there is no item " + code});
  }
  SurveyAnswers out;
  for (const SurveyItem& item : items) {
    if (!IsShown(item, out)) continue;
    auto value_of = [&](const std::string& code) -> std::optional<std::string> {
      auto it = answers.find(code);
      if (it == answers.end()) return std::nullopt;
      std::string v(Trim(it->second));
      if (v.empty()) return std::nullopt;
      return v;
    };
    auto missing = [&](const std::string& code) {
      if (complete && item.required) problems.push_back({code, "please answer this question"});
    };
    if (item.kind == "matrix") {
      for (const MatrixRow& r : item.rows) {
        auto v = value_of(r.code);
        if (!v) {
          missing(r.code);
        } else if (!IsScaleValue(item, *v)) {
          problems.push_back({r.code, "choose a point of the scale"});
        } else {
          out[r.code] = *v;
        }
      }
      continue;
    }
    auto v = value_of(item.code);
    if (!v) {
      missing(item.code);
      continue;
    }
    std::string problem;
    if (item.kind == "likert") {
      if (!IsScaleValue(item, *v)) problem = "choose a point of the scale";
    } else if (item.kind == "single") {
      if (ChoiceNumber(*v, item.options.size()) == 0) problem = "choose one of the options";
    } else if (item.kind == "multiple") {
      auto chosen = Chosen(*v, item.options.size());
      if (!chosen) {
        problem = "choose among the options (their numbers, ascending, separated by commas)";
      } else if (chosen->empty()) {
        missing(item.code);
        continue;
      }
    } else if (item.kind == "number") {
      auto n = ParseDecimal(*v);
      if (!n) {
        problem = "this is a number such as 12 or 3.5";
      } else if ((item.min && *n < *item.min) || (item.max && *n > *item.max)) {
        problem = "the number must be " +
                  (item.min && item.max
                       ? "between " + FormatDecimal(*item.min) + " and " + FormatDecimal(*item.max)
                   : item.min ? "at least " + FormatDecimal(*item.min)
                              : "at most " + FormatDecimal(*item.max));
      }
    } else if (item.kind == "date") {
      if (!IsIsoDate(*v)) problem = "this is a date YYYY-MM-DD";
    } else {
      const size_t max = item.kind == "short_text" ? kMaxShortText : kMaxLongText;
      try {
        CheckText(*v, item.code, max, item.kind == "long_text");
      } catch (const Error& e) {
        problem = e.message();
      }
    }
    if (!problem.empty()) {
      problems.push_back({item.code, problem});
    } else {
      out[item.code] = *v;
    }
  }
  return out;
}

std::vector<std::string> SurveyColumns(const std::vector<SurveyItem>& items) {
  std::vector<std::string> out;
  for (const SurveyItem& item : items) {
    if (item.kind == "matrix") {
      for (const MatrixRow& r : item.rows) out.push_back(r.code);
    } else if (item.kind == "multiple") {
      for (size_t o = 1; o <= item.options.size(); ++o) {
        out.push_back(item.code + "___" + std::to_string(o));
      }
    } else {
      out.push_back(item.code);
    }
  }
  return out;
}

std::vector<std::string> SurveyRow(const std::vector<SurveyItem>& items,
                                   const SurveyAnswers& answers) {
  std::vector<std::string> out;
  auto value = [&](const std::string& code) {
    auto it = answers.find(code);
    return it == answers.end() ? std::string() : it->second;
  };
  for (const SurveyItem& item : items) {
    if (item.kind == "matrix") {
      for (const MatrixRow& r : item.rows) out.push_back(value(r.code));
    } else if (item.kind == "multiple") {
      const std::string v = value(item.code);
      const auto chosen = Chosen(v, item.options.size()).value_or(std::vector<int>{});
      for (size_t o = 1; o <= item.options.size(); ++o) {
        // Blank when the item was not answered at all (missing, not "none chosen").
        out.push_back(v.empty()                                                       ? ""
                      : std::count(chosen.begin(), chosen.end(), static_cast<int>(o)) ? "1"
                                                                                      : "0");
      }
    } else {
      out.push_back(EscapeFormula(value(item.code)));
    }
  }
  return out;
}

void WriteRedcapDictionary(std::ostream& out, const std::vector<SurveyItem>& items,
                           const std::string& form) {
  WriteCsvRecord(
      out, {"Variable / Field Name", "Form Name", "Section Header", "Field Type", "Field Label",
            "Choices, Calculations, OR Slider Labels", "Field Note",
            "Text Validation Type OR Show Slider Number", "Text Validation Min",
            "Text Validation Max", "Identifier?", "Branching Logic (Show field only if...)",
            "Required Field?", "Custom Alignment", "Question Number (surveys only)",
            "Matrix Group Name", "Matrix Ranking?", "Field Annotation"});
  auto choices = [](const std::vector<std::string>& labels, bool na) {
    std::string out;
    for (size_t i = 0; i < labels.size(); ++i) {
      out += (out.empty() ? "" : " | ") + std::to_string(i + 1) + ", " + labels[i];
    }
    if (na) out += " | " + std::string(kNotApplicable) + ", Not applicable";
    return out;
  };
  for (const SurveyItem& item : items) {
    const std::string branching =
        item.show_if_code.empty() ? ""
                                  : "[" + item.show_if_code + "] = '" + item.show_if_value + "'";
    auto row = [&](const std::string& code, const std::string& type, const std::string& label,
                   const std::string& choice, const std::string& validation, const std::string& min,
                   const std::string& max, const std::string& matrix) {
      WriteCsvRecord(out, {code, form, item.section, type, EscapeFormula(label), choice,
                           EscapeFormula(item.help), validation, min, max, "", branching,
                           item.required ? "y" : "", "", "", matrix, "", ""});
    };
    const auto opt = [](const std::optional<double>& v) {
      return v ? FormatDecimal(*v) : std::string();
    };
    if (item.kind == "likert") {
      row(item.code, "radio", item.text, choices(item.labels, item.allow_na), "", "", "", "");
    } else if (item.kind == "matrix") {
      for (const MatrixRow& r : item.rows) {
        row(r.code, "radio", r.text, choices(item.labels, item.allow_na), "", "", "", item.code);
      }
    } else if (item.kind == "single") {
      row(item.code, "radio", item.text, choices(item.options, false), "", "", "", "");
    } else if (item.kind == "multiple") {
      row(item.code, "checkbox", item.text, choices(item.options, false), "", "", "", "");
    } else if (item.kind == "number") {
      row(item.code, "text", item.text, "", "number", opt(item.min), opt(item.max), "");
    } else if (item.kind == "date") {
      row(item.code, "text", item.text, "", "date_ymd", "", "", "");
    } else if (item.kind == "short_text") {
      row(item.code, "text", item.text, "", "", "", "", "");
    } else {
      row(item.code, "notes", item.text, "", "", "", "", "");
    }
  }
}

}  // namespace tandem
