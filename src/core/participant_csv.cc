#include "core/participant_csv.h"

#include <date/tz.h>

#include <charconv>
#include <map>
#include <set>
#include <unordered_map>

#include "core/csv.h"
#include "core/enrollment.h"
#include "core/intake.h"
#include "core/error.h"
#include "core/text.h"

namespace tandem {
namespace {

enum Column {
  kRole,
  kId,
  kName,
  kEmail,
  kInstitution,
  kCareerStage,
  kTimeZone,
  kYearsExperience,
  kCapacity,
  kInterests,
  kSpecialties,
  kGoals,
  kBackground,
  kMatchOn,
  kLanguages,
  kAvailability,
  kPrefer,
  kAvoid,
  kBio,
  kColumnCount
};

const std::vector<std::string>& Columns() {
  static const std::vector<std::string> columns = {
      "role",        "id",           "name",        "email",
      "institution", "career_stage", "time_zone",   "years_experience",
      "capacity",    "interests",    "specialties", "goals",
      "background",  "match_on",     "languages",   "availability",
      "prefer",      "avoid",        "bio"};
  return columns;
}

bool IsValidEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  const std::string_view domain = email.substr(at + 1);
  const size_t dot = domain.find('.');
  if (dot == std::string_view::npos || dot == 0 || domain.back() == '.') return false;
  for (char c : email) {
    if (static_cast<unsigned char>(c) <= ' ' || c == ',' || c == ';' || c == '<' || c == '>') {
      return false;
    }
  }
  return email.size() <= 254;
}

// Parses a whole non-negative integer in [min, max]; nullopt otherwise.
std::optional<int> ParseInt(std::string_view text, int min, int max) {
  int value = 0;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(text.data(), end, value);
  if (ec != std::errc() || ptr != end || value < min || value > max) return std::nullopt;
  return value;
}

class Reader {
 public:
  Reader(const Taxonomy& taxonomy, const std::vector<IntakeQuestion>& questions,
         ParticipantFile& out)
      : taxonomy_(taxonomy), questions_(questions), out_(out) {}

  void Run(std::istream& in) {
    CsvReader csv(in);
    std::vector<std::string> fields;
    try {
      if (!csv.Next(fields)) {
        Error(1, "", "the file is empty: it needs a header row");
        return;
      }
      ReadHeader(fields);
      if (!out_.ok()) return;
      while (csv.Next(fields)) ReadRow(csv.record(), fields);
    } catch (const tandem::Error& e) {
      Error(e.row(), "", e.message());
      return;
    }
    CheckReferences();
    FlushTagWarnings();
    out_.rows = rows_;
  }

 private:
  void Error(int row, const std::string& column, std::string reason) {
    out_.errors.push_back({row, column, std::move(reason)});
  }

  void ReadHeader(const std::vector<std::string>& header) {
    index_.assign(kColumnCount, -1);
    for (size_t i = 0; i < header.size(); ++i) {
      const std::string name = ToLower(Trim(header[i]));
      bool known = false;
      for (int c = 0; c < kColumnCount; ++c) {
        if (name == Columns()[c]) {
          if (index_[c] >= 0) Error(1, name, "column appears twice");
          index_[c] = static_cast<int>(i);
          known = true;
        }
      }
      for (size_t q = 0; q < questions_.size() && !known; ++q) {
        if (name != questions_[q].code) continue;
        known = true;
        if (questions_[q].retired) {
          out_.warnings.push_back({1, header[i], "this question is no longer asked; ignored"});
        } else {
          for (const auto& [seen, column] : question_columns_) {
            if (seen == q) Error(1, name, "column appears twice");
          }
          question_columns_.emplace_back(q, static_cast<int>(i));
        }
      }
      if (!known) out_.warnings.push_back({1, header[i], "unknown column, ignored"});
    }
    header_size_ = header.size();
    for (int c : {kRole, kId, kName}) {
      if (index_[c] < 0) Error(1, Columns()[c], "missing required column");
    }
  }

  std::string Field(const std::vector<std::string>& fields, Column c) const {
    const int i = index_[c];
    if (i < 0 || static_cast<size_t>(i) >= fields.size()) return {};
    return std::string(UnescapeFormula(Trim(fields[i])));
  }

  // Canonical tags of a list column; free tags (outside `known`) are noted for a warning.
  template <typename Known>
  std::vector<std::string> Tags(int row, Column c, const std::string& text, Known known) {
    std::vector<std::string> tags;
    std::set<std::string> seen;
    for (const std::string& part : SplitList(text)) {
      std::string tag = CanonicalTag(part);
      if (!seen.insert(tag).second) continue;
      if (!known(tag)) {
        auto& note = free_tags_[{Columns()[c], tag}];
        if (note.first == 0) note.first = row;
        ++note.second;
      }
      tags.push_back(std::move(tag));
    }
    return tags;
  }

  void ReadRow(int row, const std::vector<std::string>& fields) {
    bool blank = true;
    for (const std::string& f : fields) blank = blank && Trim(f).empty();
    if (blank) return;  // blank lines are allowed and skipped
    if (fields.size() != header_size_) {
      Error(row, "",
            "has " + std::to_string(fields.size()) + " fields but the header has " +
                std::to_string(header_size_));
      return;
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!IsValidUtf8(fields[i])) {
        Error(row, i < header_size_ ? header_names(i) : "",
              "invalid UTF-8 (save the file as UTF-8)");
        return;
      }
      // No text holds one (PostgreSQL refuses NUL); line breaks only in quoted cells.
      if (HasControlCharacters(fields[i], true)) {
        Error(row, i < header_size_ ? header_names(i) : "",
              "contains a control or text-direction character");
        return;
      }
    }
    Participant p;
    const std::string role = Field(fields, kRole);
    auto parsed_role = ParseRole(role);
    if (!parsed_role || (*parsed_role != Role::kMentor && *parsed_role != Role::kMentee)) {
      Error(row, "role", "unknown role \"" + role + "\" (expected mentor or mentee)");
    } else {
      p.role = *parsed_role;
    }
    p.id = Field(fields, kId);
    try {
      CheckParticipantId(p.id);  // the rule the API applies
      if (auto [it, inserted] = id_rows_.emplace(p.id, row); !inserted) {
        Error(
            row, "id",
            "duplicate id \"" + p.id + "\" (first used in row " + std::to_string(it->second) + ")");
      }
    } catch (const tandem::Error& e) {
      Error(row, "id", e.message());
    }
    p.name = Field(fields, kName);
    p.email = ToLower(Field(fields, kEmail));
    if (!p.email.empty()) {
      if (!IsValidEmail(p.email)) {
        Error(row, "email", "invalid e-mail address \"" + p.email + "\"");
      } else if (parsed_role == p.role) {  // a valid role (otherwise reported above)
        // One person may hold both roles (an export lists them once per
        // role), but each role once, and with one name.
        EmailUse& use = email_uses_[p.email];
        int& role_row = p.role == Role::kMentor ? use.mentor_row : use.mentee_row;
        if (role_row != 0) {
          Error(row, "email",
                "e-mail " + p.email + " already used in row " + std::to_string(role_row) +
                    " for a " + std::string(RoleName(p.role)) +
                    " (a person is listed once per role)");
        } else if (use.first_row == 0) {
          role_row = use.first_row = row;
          use.first_index = out_.participants.size();
        } else {
          role_row = row;
          const std::string& first_name = out_.participants[use.first_index].name;
          if (!p.name.empty() && !first_name.empty() && p.name != first_name) {
            Error(row, "name",
                  "\"" + p.name + "\" differs from the name \"" + first_name + "\" in row " +
                      std::to_string(use.first_row) +
                      ", which has the same e-mail (the same person has one name)");
          }
        }
      }
    }
    p.institution = Field(fields, kInstitution);
    p.career_stage = CanonicalTag(Field(fields, kCareerStage));
    if (!p.career_stage.empty() && !taxonomy_.StageRank(p.career_stage)) {
      auto& note = free_tags_[{"career_stage", p.career_stage}];
      if (note.first == 0) note.first = row;
      ++note.second;
    }
    p.time_zone = Field(fields, kTimeZone);
    if (const std::string y = Field(fields, kYearsExperience); !y.empty()) {
      p.years_experience = ParseInt(y, 0, 80);
      if (!p.years_experience) {
        Error(row, "years_experience", "\"" + y + "\" is not a whole number of years from 0 to 80");
      }
    }
    if (const std::string cap = Field(fields, kCapacity); !cap.empty()) {
      auto value = ParseInt(cap, 1, 1000);
      if (!value) {
        Error(row, "capacity", "\"" + cap + "\" is not a whole number from 1 to 1000");
      } else {
        p.capacity = *value;
      }
    }
    const auto topic = [this](const std::string& t) { return taxonomy_.HasTopic(t); };
    p.interests = Tags(row, kInterests, Field(fields, kInterests), topic);
    p.specialties = Tags(row, kSpecialties, Field(fields, kSpecialties), topic);
    p.goals = Tags(row, kGoals, Field(fields, kGoals),
                   [this](const std::string& g) { return taxonomy_.HasGoal(g); });
    p.languages = Tags(row, kLanguages, Field(fields, kLanguages),
                       [this](const std::string& l) { return taxonomy_.HasLanguage(l); });
    for (const std::string& part : SplitList(Field(fields, kBackground))) {
      const size_t colon = part.find(':');
      if (colon == std::string::npos) {
        Error(row, "background", "\"" + part + "\" is not a key:value tag");
        continue;
      }
      p.background.push_back({part.substr(0, colon), part.substr(colon + 1)});
    }
    p.match_on = SplitList(Field(fields, kMatchOn));
    if (const std::string a = Field(fields, kAvailability); !a.empty()) {
      try {
        p.availability = ParseAvailability(a);
      } catch (const tandem::Error& e) {
        Error(row, "availability", e.message());
        // CheckProfile below sees no windows; the zone is still missing.
        if (Trim(p.time_zone).empty()) {
          Error(row, "time_zone", "a time zone is needed to place the availability");
        }
      }
    }
    p.prefer = SplitList(Field(fields, kPrefer));
    p.avoid = SplitList(Field(fields, kAvoid));
    p.bio = Field(fields, kBio);
    for (const auto& [q, column] : question_columns_) {
      const IntakeQuestion& question = questions_[q];
      if (static_cast<size_t>(column) >= fields.size()) continue;
      std::vector<std::string> values =
          ParseAnswerCell(question, UnescapeFormula(Trim(fields[column])));
      if (!values.empty()) p.answers[question.code] = std::move(values);
    }
    if (parsed_role == p.role) {
      for (const AnswerProblem& problem : CheckAnswers(questions_, p.role, p.answers)) {
        Error(row, problem.question, problem.reason);
      }
    }
    // The rules every path applies to a profile (ValidateProfile), each
    // problem reported in the column it came from.
    std::vector<FieldProblem> problems;
    Participant checked = CheckProfile(p, problems);
    for (const FieldProblem& problem : problems) {
      Error(row, problem.field.substr(0, problem.field.find_first_of(".[")), problem.message);
    }
    if (problems.empty()) p = std::move(checked);
    // Rows with errors are kept too, so that prefer/avoid naming them is not also reported.
    rows_.push_back(row);
    out_.participants.push_back(std::move(p));
  }

  std::string header_names(size_t i) const {
    for (int c = 0; c < kColumnCount; ++c) {
      if (index_[c] == static_cast<int>(i)) return Columns()[c];
    }
    return "";
  }

  void CheckReferences() {
    std::unordered_map<std::string, Role> roles;
    for (const Participant& p : out_.participants) roles.emplace(p.id, p.role);
    for (size_t i = 0; i < out_.participants.size(); ++i) {
      const Participant& p = out_.participants[i];
      for (const auto& [column, list] :
           {std::pair<std::string, const std::vector<std::string>*>{"prefer", &p.prefer},
            {"avoid", &p.avoid}}) {
        std::set<std::string> seen;
        for (const std::string& other : *list) {
          auto it = roles.find(other);
          if (it == roles.end()) {
            Error(rows_[i], column, "unknown id \"" + other + "\"");
          } else if (other == p.id) {
            Error(rows_[i], column, "a person cannot name themselves");
          } else if (it->second == p.role) {
            Error(rows_[i], column,
                  "\"" + other + "\" is a " + std::string(RoleName(p.role)) +
                      " too: name people on the other side");
          } else if (!seen.insert(other).second) {
            Error(rows_[i], column, "\"" + other + "\" named twice");
          }
        }
      }
    }
  }

  void FlushTagWarnings() {
    for (const auto& [key, note] : free_tags_) {
      std::string reason =
          "\"" + key.second + "\" is not in the program's taxonomy; kept as a free tag";
      if (note.second > 1) reason += " (" + std::to_string(note.second) + " rows)";
      out_.warnings.push_back({note.first, key.first, std::move(reason)});
    }
    std::stable_sort(out_.warnings.begin(), out_.warnings.end(),
                     [](const InputProblem& a, const InputProblem& b) { return a.row < b.row; });
  }

  const Taxonomy& taxonomy_;
  const std::vector<IntakeQuestion>& questions_;
  std::vector<std::pair<size_t, int>> question_columns_;  // (question, file column)
  ParticipantFile& out_;
  std::vector<int> index_;
  size_t header_size_ = 0;
  std::unordered_map<std::string, int> id_rows_;
  struct EmailUse {  // the rows with one e-mail
    int first_row = 0;
    size_t first_index = 0;  // in out_.participants
    int mentor_row = 0;
    int mentee_row = 0;
  };
  std::unordered_map<std::string, EmailUse> email_uses_;
  std::vector<int> rows_;  // file row of each participant
  std::map<std::pair<std::string, std::string>, std::pair<int, int>>
      free_tags_;  // first row, count
};

}  // namespace

const std::vector<std::string>& ParticipantColumns() { return Columns(); }

ParticipantFile ReadParticipantCsv(std::istream& in, const Taxonomy& taxonomy,
                                   const std::vector<IntakeQuestion>& questions) {
  ParticipantFile file;
  Reader(taxonomy, questions, file).Run(in);
  if (!file.ok()) {
    file.participants.clear();
    file.rows.clear();
  }
  std::stable_sort(file.errors.begin(), file.errors.end(),
                   [](const InputProblem& a, const InputProblem& b) { return a.row < b.row; });
  return file;
}

void WriteParticipantCsv(std::ostream& out, const std::vector<Participant>& participants,
                         const std::vector<IntakeQuestion>& questions) {
  std::vector<const IntakeQuestion*> asked;
  for (const IntakeQuestion& q : questions) {
    if (!q.retired) asked.push_back(&q);
  }
  std::vector<std::string> header = Columns();
  for (const IntakeQuestion* q : asked) header.push_back(q->code);
  WriteCsvRecord(out, header);
  std::vector<std::string> row(kColumnCount + asked.size());
  for (const Participant& p : participants) {
    std::vector<std::string> background;
    for (const BackgroundTag& tag : p.background) background.push_back(tag.key + ":" + tag.value);
    row[kRole] = RoleName(p.role);
    row[kId] = p.id;
    row[kName] = p.name;
    row[kEmail] = p.email;
    row[kInstitution] = p.institution;
    row[kCareerStage] = p.career_stage;
    row[kTimeZone] = p.time_zone;
    row[kYearsExperience] = p.years_experience ? std::to_string(*p.years_experience) : "";
    row[kCapacity] = std::to_string(p.capacity);
    row[kInterests] = JoinList(p.interests);
    row[kSpecialties] = JoinList(p.specialties);
    row[kGoals] = JoinList(p.goals);
    row[kBackground] = JoinList(background);
    row[kMatchOn] = JoinList(p.match_on);
    row[kLanguages] = JoinList(p.languages);
    row[kAvailability] = FormatAvailability(p.availability);
    row[kPrefer] = JoinList(p.prefer);
    row[kAvoid] = JoinList(p.avoid);
    row[kBio] = p.bio;
    for (size_t q = 0; q < asked.size(); ++q) {
      const auto it = p.answers.find(asked[q]->code);
      row[kColumnCount + q] = it == p.answers.end() ? "" : FormatAnswerCell(it->second);
    }
    for (std::string& cell : row) {
      if (!cell.empty()) cell = EscapeFormula(cell);
    }
    WriteCsvRecord(out, row);
  }
}

}  // namespace tandem
