#include "core/participant_csv.h"

#include <date/tz.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <charconv>
#include <exception>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <unordered_map>

#include "core/csv.h"
#include "core/enrollment.h"
#include "core/error.h"
#include "core/intake.h"
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

// The participant file's records, unquoted, in one block of text: record k
// has the fields field_[first_[k] .. first_[k + 1]) as (offset, length) in text_.
class Records {
 public:
  void Add(int row, const std::vector<std::string_view>& fields) {
    rows_.push_back(row);
    first_.push_back(spans_.size());
    for (std::string_view f : fields) {
      spans_.push_back({text_.size(), f.size()});
      text_.append(f);
    }
  }
  void Finish() { first_.push_back(spans_.size()); }
  std::size_t size() const { return rows_.size(); }
  int row(std::size_t k) const { return rows_[k]; }
  // The fields of record k; views into this object.
  void Fields(std::size_t k, std::vector<std::string_view>& fields) const {
    fields.clear();
    for (std::size_t i = first_[k]; i < first_[k + 1]; ++i) {
      fields.push_back(std::string_view(text_).substr(spans_[i].first, spans_[i].second));
    }
  }

 private:
  std::string text_;
  std::vector<std::pair<std::size_t, std::size_t>> spans_;
  std::vector<std::size_t> first_;
  std::vector<int> rows_;
};

using FreeTags = std::map<std::pair<std::string, std::string>, std::pair<int, int>>;

// What one row gives, checked on its own (any thread); the checks that
// depend on earlier rows (a repeated id, an e-mail used before) are left
// to the merge in file order, which puts their problems where a row-by-row
// reading puts them: after `before_id`, before `after_email`.
struct RowResult {
  bool skipped = true;  // blank, or refused as a whole (the problem in before_id)
  int row = 0;
  std::vector<InputProblem> before_id;
  bool check_id = false;                  // a valid id: is it new?
  bool check_email = false;               // a valid e-mail with a valid role: its uses
  std::string name_as_read;               // with check_email: the name before CheckProfile
  std::vector<InputProblem> after_email;  // from the e-mail's own problem on
  Participant participant;
  // A tandem::Error thrown by a check: the reading stops at this row, as a
  // row-by-row reading does (after its id and e-mail checks).
  std::optional<InputProblem> stop;
};

// The canonical form of each distinct list entry, and whether the
// taxonomy knows it, computed once per column kind and thread.
struct TagCache {
  struct Entry {
    std::string tag;
    bool known = false;
  };
  std::unordered_map<std::string, Entry> entries;
  std::string key;  // reused for lookups
};

// Reads the rows of a participant file. Run() reads the records one by one
// (a CSV problem stops the reading there), checks the rows, on two threads
// when the file is large, and merges them in file order.
class Reader {
 public:
  Reader(const Taxonomy& taxonomy, const std::vector<IntakeQuestion>& questions,
         ParticipantFile& out)
      : taxonomy_(taxonomy), questions_(questions), out_(out) {}

  void Run(std::istream& in) {
    CsvReader csv(in);
    std::vector<std::string_view> fields;
    Records records;
    std::optional<InputProblem> csv_problem;
    try {
      if (!csv.Next(fields)) {
        Error(1, "", "the file is empty: it needs a header row");
        return;
      }
      ReadHeader(fields);
      if (!out_.ok()) return;
      while (csv.Next(fields)) records.Add(csv.record(), fields);
    } catch (const tandem::Error& e) {
      csv_problem = InputProblem{e.row(), "", e.message()};
    }
    records.Finish();
    CheckRows(records);
    if (stopped_) return;
    if (csv_problem) {
      out_.errors.push_back(*csv_problem);
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

  void ReadHeader(const std::vector<std::string_view>& header) {
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
          out_.warnings.push_back(
              {1, std::string(header[i]), "this question is no longer asked; ignored"});
        } else {
          for (const auto& [seen, column] : question_columns_) {
            if (seen == q) Error(1, name, "column appears twice");
          }
          question_columns_.emplace_back(q, static_cast<int>(i));
        }
      }
      if (!known) out_.warnings.push_back({1, std::string(header[i]), "unknown column, ignored"});
    }
    header_size_ = header.size();
    for (int c : {kRole, kId, kName}) {
      if (index_[c] < 0) Error(1, Columns()[c], "missing required column");
    }
  }

  // Checks every row, on two threads from 2,000 rows on, and merges them in
  // file order. The threads take chunks of rows in turn (rows differ in
  // cost), and the calling thread merges each finished chunk that follows
  // the merged ones while the other still checks.
  void CheckRows(const Records& records) {
    const std::size_t n = records.size();
    std::vector<RowResult> results(n);
    const int threads = n >= 2000 && std::thread::hardware_concurrency() > 1 ? 2 : 1;
    constexpr std::size_t kChunk = 256;
    const std::size_t chunks = (n + kChunk - 1) / kChunk;
    std::atomic<std::size_t> next_chunk{0};
    std::unique_ptr<std::atomic<bool>[]> checked(new std::atomic<bool>[chunks]);
    for (std::size_t c = 0; c < chunks; ++c) checked[c].store(false, std::memory_order_relaxed);
    std::vector<FreeTags> free_tags(threads);
    // Checks one chunk of rows (a row that stops the reading ends it: the
    // merge stops there too).
    const auto check_chunk = [&](std::size_t c, FreeTags& tags, std::array<TagCache, 3>& caches,
                                 std::vector<std::string_view>& fields) {
      for (std::size_t k = c * kChunk; k < std::min(n, (c + 1) * kChunk); ++k) {
        records.Fields(k, fields);
        try {
          CheckRow(records.row(k), fields, caches, tags, results[k]);
        } catch (const tandem::Error& e) {
          results[k].stop = InputProblem{e.row(), "", e.message()};
          break;
        }
      }
      checked[c].store(true, std::memory_order_release);
    };
    out_.participants.reserve(n);
    rows_.reserve(n);
    std::size_t merged = 0;  // chunks merged
    bool going = true;
    // Merges the finished chunks that follow the merged ones (all of them
    // once every chunk is checked); stops at a row that stopped the reading.
    const auto merge_ready = [&] {
      while (going && merged < chunks && checked[merged].load(std::memory_order_acquire)) {
        for (std::size_t k = merged * kChunk; k < std::min(n, (merged + 1) * kChunk); ++k) {
          RowResult& r = results[k];
          Merge(r);
          if (r.stop) {
            out_.errors.push_back(*r.stop);
            stopped_ = true;
            going = false;
            break;
          }
        }
        ++merged;
      }
    };
    // One thread's share: chunks in turn; the calling thread merges as it goes.
    const auto work = [&](int part, bool merging) {
      std::array<TagCache, 3> caches;
      std::vector<std::string_view> fields;
      for (std::size_t c; (c = next_chunk.fetch_add(1)) < chunks;) {
        check_chunk(c, free_tags[part], caches, fields);
        if (merging) merge_ready();
      }
    };
    if (threads == 1) {
      work(0, true);
    } else {
      std::exception_ptr failure;
      std::thread second([&] {
        try {
          work(1, false);
        } catch (...) {
          failure = std::current_exception();
        }
      });
      try {
        work(0, true);
      } catch (...) {
        second.join();
        throw;
      }
      second.join();
      if (failure) std::rethrow_exception(failure);
      merge_ready();
    }
    // Each thread saw its rows in file order: a free tag's first row is the
    // earlier of the threads' first rows.
    for (FreeTags& part : free_tags) {
      for (auto& [key, note] : part) {
        auto [it, inserted] = free_tags_.emplace(key, note);
        if (!inserted) {
          it->second.first = std::min(it->second.first, note.first);
          it->second.second += note.second;
        }
      }
    }
  }

  // The checks of a row that need the rows before it, in file order.
  void Merge(RowResult& r) {
    for (InputProblem& p : r.before_id) out_.errors.push_back(std::move(p));
    if (r.skipped && !r.stop) return;
    Participant& p = r.participant;
    const int row = r.row;
    if (r.check_id) {
      if (auto [it, inserted] = id_rows_.emplace(p.id, row); !inserted) {
        Error(
            row, "id",
            "duplicate id \"" + p.id + "\" (first used in row " + std::to_string(it->second) + ")");
      }
    }
    if (r.check_email) {
      // One person may hold both roles (an export lists them once per
      // role), but each role once, and with one name.
      EmailUse& use = email_uses_[p.email];
      int& role_row = p.role == Role::kMentor ? use.mentor_row : use.mentee_row;
      if (role_row != 0) {
        Error(row, "email",
              "e-mail " + p.email + " already used in row " + std::to_string(role_row) + " for a " +
                  std::string(RoleName(p.role)) + " (a person is listed once per role)");
      } else if (use.first_row == 0) {
        role_row = use.first_row = row;
        use.first_index = out_.participants.size();
      } else {
        role_row = row;
        const std::string& first_name = out_.participants[use.first_index].name;
        if (!r.name_as_read.empty() && !first_name.empty() && r.name_as_read != first_name) {
          Error(row, "name",
                "\"" + r.name_as_read + "\" differs from the name \"" + first_name + "\" in row " +
                    std::to_string(use.first_row) +
                    ", which has the same e-mail (the same person has one name)");
        }
      }
    }
    for (InputProblem& problem : r.after_email) out_.errors.push_back(std::move(problem));
    if (r.stop) return;
    // Rows with errors are kept too, so that prefer/avoid naming them is not also reported.
    rows_.push_back(row);
    out_.participants.push_back(std::move(p));
  }

  std::string_view FieldView(const std::vector<std::string_view>& fields, Column c) const {
    const int i = index_[c];
    if (i < 0 || static_cast<size_t>(i) >= fields.size()) return {};
    return UnescapeFormula(Trim(fields[i]));
  }
  std::string Field(const std::vector<std::string_view>& fields, Column c) const {
    return std::string(FieldView(fields, c));
  }

  static void NoteFreeTag(FreeTags& free_tags, const std::string& column, const std::string& tag,
                          int row) {
    auto& note = free_tags[{column, tag}];
    if (note.first == 0) note.first = row;
    ++note.second;
  }

  // Canonical tags of a list column (each once, in order); free tags
  // (outside `known`) are noted for a warning.
  template <typename Known>
  std::vector<std::string> Tags(int row, Column c, std::string_view text, TagCache& cache,
                                FreeTags& free_tags, Known known) const {
    std::vector<std::string> tags;
    size_t start = 0;
    while (start <= text.size()) {  // SplitList's parts, without a string each
      size_t end = text.find(';', start);
      if (end == std::string_view::npos) end = text.size();
      const std::string_view part = Trim(text.substr(start, end - start));
      start = end + 1;
      if (part.empty()) continue;
      cache.key.assign(part);
      auto it = cache.entries.find(cache.key);
      if (it == cache.entries.end()) {
        std::string tag = CanonicalTag(part);
        const bool is_known = known(tag);
        it = cache.entries.emplace(cache.key, TagCache::Entry{std::move(tag), is_known}).first;
      }
      const std::string& tag = it->second.tag;
      if (std::find(tags.begin(), tags.end(), tag) != tags.end()) continue;
      if (!it->second.known) NoteFreeTag(free_tags, Columns()[c], tag, row);
      tags.push_back(tag);
    }
    return tags;
  }

  // Every check of one row that needs no other row. Thread-safe: reads only
  // the reader's settings.
  void CheckRow(int row, const std::vector<std::string_view>& fields,
                std::array<TagCache, 3>& caches, FreeTags& free_tags, RowResult& r) const {
    r.row = row;
    std::vector<InputProblem>* errors = &r.before_id;
    const auto error = [&errors, row](const std::string& column, std::string reason) {
      errors->push_back({row, column, std::move(reason)});
    };
    bool blank = true;
    for (std::string_view f : fields) blank = blank && Trim(f).empty();
    if (blank) return;  // blank lines are allowed and skipped
    if (fields.size() != header_size_) {
      error("", "has " + std::to_string(fields.size()) + " fields but the header has " +
                    std::to_string(header_size_));
      return;
    }
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!IsValidUtf8(fields[i])) {
        error(i < header_size_ ? header_names(i) : "", "invalid UTF-8 (save the file as UTF-8)");
        return;
      }
      // No text holds one (PostgreSQL refuses NUL); line breaks only in quoted cells.
      if (HasControlCharacters(fields[i], true)) {
        error(i < header_size_ ? header_names(i) : "",
              "contains a control or text-direction character");
        return;
      }
    }
    r.skipped = false;
    Participant& p = r.participant;
    const std::string role = Field(fields, kRole);
    auto parsed_role = ParseRole(role);
    if (!parsed_role || (*parsed_role != Role::kMentor && *parsed_role != Role::kMentee)) {
      error("role", "unknown role \"" + role + "\" (expected mentor or mentee)");
    } else {
      p.role = *parsed_role;
    }
    p.id = Field(fields, kId);
    try {
      CheckParticipantId(p.id);  // the rule the API applies
      r.check_id = true;
    } catch (const tandem::Error& e) {
      error("id", e.message());
    }
    errors = &r.after_email;
    p.name = Field(fields, kName);
    p.email = ToLower(FieldView(fields, kEmail));
    if (!p.email.empty()) {
      if (!IsValidEmail(p.email)) {
        error("email", "invalid e-mail address \"" + p.email + "\"");
      } else if (parsed_role == p.role) {  // a valid role (otherwise reported above)
        r.check_email = true;
        r.name_as_read = p.name;
      }
    }
    p.institution = Field(fields, kInstitution);
    p.career_stage = CanonicalTag(FieldView(fields, kCareerStage));
    if (!p.career_stage.empty() && !taxonomy_.StageRank(p.career_stage)) {
      NoteFreeTag(free_tags, "career_stage", p.career_stage, row);
    }
    p.time_zone = Field(fields, kTimeZone);
    if (const std::string_view y = FieldView(fields, kYearsExperience); !y.empty()) {
      p.years_experience = ParseInt(y, 0, 80);
      if (!p.years_experience) {
        error("years_experience",
              "\"" + std::string(y) + "\" is not a whole number of years from 0 to 80");
      }
    }
    if (const std::string_view cap = FieldView(fields, kCapacity); !cap.empty()) {
      auto value = ParseInt(cap, 1, 1000);
      if (!value) {
        error("capacity", "\"" + std::string(cap) + "\" is not a whole number from 1 to 1000");
      } else {
        p.capacity = *value;
      }
    }
    const auto topic = [this](const std::string& t) { return taxonomy_.HasTopic(t); };
    p.interests = Tags(row, kInterests, FieldView(fields, kInterests), caches[0], free_tags, topic);
    p.specialties =
        Tags(row, kSpecialties, FieldView(fields, kSpecialties), caches[0], free_tags, topic);
    p.goals = Tags(row, kGoals, FieldView(fields, kGoals), caches[1], free_tags,
                   [this](const std::string& g) { return taxonomy_.HasGoal(g); });
    p.languages = Tags(row, kLanguages, FieldView(fields, kLanguages), caches[2], free_tags,
                       [this](const std::string& l) { return taxonomy_.HasLanguage(l); });
    for (const std::string& part : SplitList(FieldView(fields, kBackground))) {
      const size_t colon = part.find(':');
      if (colon == std::string::npos) {
        error("background", "\"" + part + "\" is not a key:value tag");
        continue;
      }
      p.background.push_back({part.substr(0, colon), part.substr(colon + 1)});
    }
    p.match_on = SplitList(FieldView(fields, kMatchOn));
    if (const std::string_view a = FieldView(fields, kAvailability); !a.empty()) {
      try {
        p.availability = ParseAvailability(a);
      } catch (const tandem::Error& e) {
        error("availability", e.message());
        // CheckProfile below sees no windows; the zone is still missing.
        if (Trim(p.time_zone).empty()) {
          error("time_zone", "a time zone is needed to place the availability");
        }
      }
    }
    p.prefer = SplitList(FieldView(fields, kPrefer));
    p.avoid = SplitList(FieldView(fields, kAvoid));
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
        error(problem.question, problem.reason);
      }
    }
    // The rules every path applies to a profile (ValidateProfile), each
    // problem reported in the column it came from.
    std::vector<FieldProblem> problems;
    Participant checked = CheckProfile(p, problems);
    for (const FieldProblem& problem : problems) {
      error(problem.field.substr(0, problem.field.find_first_of(".[")), problem.message);
    }
    if (problems.empty()) p = std::move(checked);
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
  FreeTags free_tags_;     // first row, count
  bool stopped_ = false;   // a check threw: the rows after it are not read
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
