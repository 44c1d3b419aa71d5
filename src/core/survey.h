// Surveys (docs/surveys.md): instruments made of items in sections, the
// answers a person gives, the library of constructs a mentoring evaluation
// measures, and the REDCap data dictionary of a survey. Plain values and the
// rules that need no I/O.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/enrollment.h"

namespace tandem {

inline constexpr std::string_view kSurveyItemKinds[] = {
    "likert", "single", "multiple", "number", "date", "short_text", "long_text", "matrix"};
// identified: coordinators see who answered what; confidential (the
// default): linked for analysis, coordinators see counts only, evaluators
// de-identified data; anonymous: no link to the person is kept at all.
inline constexpr std::string_view kSurveyAnonymity[] = {"identified", "confidential", "anonymous"};
// The value a Likert answer of "not applicable" is coded as.
inline constexpr std::string_view kNotApplicable = "na";

// One row of a matrix: its own code and text, answered on the matrix's scale.
struct MatrixRow {
  std::string code;
  std::string text;
  friend bool operator==(const MatrixRow&, const MatrixRow&) = default;
};

struct SurveyItem {
  std::string code;  // stable, [a-z][a-z0-9_]*, at most 60 characters: good_match
  std::string kind;  // one of kSurveyItemKinds
  std::string text;
  std::string help;
  std::string section;  // the heading it stands under ("" continues the last one)
  bool required = false;
  int points = 5;                    // likert, matrix: 5 or 7
  std::vector<std::string> labels;   // likert, matrix: one per point, lowest first
  bool allow_na = false;             // likert, matrix: a "not applicable" choice
  std::vector<std::string> options;  // single, multiple: coded 1..n in that order
  std::optional<double> min, max;    // number
  std::vector<MatrixRow> rows;       // matrix
  // Shown only when the earlier item `show_if_code` has the coded answer
  // `show_if_value` (for a multiple-choice item: among the chosen).
  std::string show_if_code;
  std::string show_if_value;
  friend bool operator==(const SurveyItem&, const SurveyItem&) = default;
};

// A person's answers by item code (a matrix row answers under its own code).
// Coded: likert "1".."points" or "na"; single "1".."n"; multiple the chosen
// numbers ascending, comma-separated ("1,3"); number as decimal text; date
// YYYY-MM-DD; text as typed.
using SurveyAnswers = std::map<std::string, std::string>;

// One version of a survey of a program.
struct Survey {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t series_id = 0;  // the first version's id: what waves ask
  int version = 1;
  std::string title;
  std::string intro;
  std::string anonymity = "confidential";  // one of kSurveyAnonymity
  std::vector<SurveyItem> items;
  std::int64_t created_by = 0;
  std::string created_at;
};

inline constexpr std::string_view kWaveAudiences[] = {"mentees", "mentors", "both"};
inline constexpr std::string_view kWavePairStatuses[] = {"active", "completed", "any"};
// dates: opens on opens_on; program_start, program_end: offset_days after
// (negative: before) the program's first or last day; pair_start:
// offset_days after each pair started, again every every_days when set;
// after_meeting: when a meeting of the pair is logged as held.
inline constexpr std::string_view kWaveTimings[] = {"dates", "program_start", "program_end",
                                                    "pair_start", "after_meeting"};
inline constexpr std::string_view kWaveStatuses[] = {"draft", "open", "closed"};

// A wave of a survey: who is asked, when, for how long, and when reminded.
struct SurveyWave {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t series_id = 0;
  std::string title;
  std::string audience = "both";
  std::string pair_status = "active";
  std::string timing = "dates";
  std::string opens_on;  // dates: YYYY-MM-DD (UTC)
  int offset_days = 0;
  int every_days = 0;
  int length_days = 14;
  std::vector<int> reminder_days = {3, 7};  // after each opening, ascending
  std::string status = "draft";
  std::string created_at;
  std::string updated_at;
};

// Checks a wave's own fields (title, one of the lists above, opens_on for
// dates, lengths 1..366, offsets -3660..3660, every 0 or 7..366, reminders
// ascending inside the length). Throws kInvalidArgument naming the field.
void ValidateWave(SurveyWave& wave);

// A person asked in one cycle of a wave.
struct SurveyInvitation {
  std::int64_t id = 0;
  std::int64_t wave_id = 0;
  std::int64_t program_id = 0;
  std::int64_t enrollment_id = 0;
  std::optional<std::int64_t> pair_id;
  std::string cycle;  // "" once; the opening date when repeating; "meeting:ID"
  std::string opens_at;
  std::string closes_at;
  int reminders_sent = 0;
  std::string answered_at;  // empty: not (yet) submitted
};

struct SurveyResponse {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t survey_id = 0;
  std::optional<std::int64_t> wave_id;
  std::optional<std::int64_t> invitation_id;  // none: anonymous or imported
  std::optional<std::int64_t> enrollment_id;  // none: anonymous
  std::optional<std::int64_t> pair_id;
  SurveyAnswers answers;
  std::string status = "draft";  // draft, submitted
  std::string source = "app";    // app, import
  std::string created_at;
  std::string updated_at;
  std::string submitted_at;
};

// Checks a survey's items and puts them in canonical form (trimmed texts,
// default labels filled in, the agreement labels for 5 or 7 points). Throws
// kInvalidArgument naming the field: "items[3].code" ("code good_match is
// used twice"), "items[0].options", ...
void ValidateSurveyItems(std::vector<SurveyItem>& items);

// The agreement scale's labels for 5 or 7 points, lowest first.
std::vector<std::string> DefaultLikertLabels(int points);

// Whether `item` is shown given the answers so far.
bool IsShown(const SurveyItem& item, const SurveyAnswers& answers);

// Checks `answers` against the survey and returns them without the answers
// to items not shown. Each problem names the item code: an unknown code, a
// value the item does not take, and — when `complete` — a required item
// shown but not answered. A saved draft is checked with complete = false.
SurveyAnswers CheckSurveyAnswers(const std::vector<SurveyItem>& items, const SurveyAnswers& answers,
                                 bool complete, std::vector<FieldProblem>& problems);

// The codes an export has a column for, in order: one per item, one per
// matrix row, and for a multiple-choice item one per option (code___1 ...,
// as REDCap names checkbox columns).
std::vector<std::string> SurveyColumns(const std::vector<SurveyItem>& items);
// One response's cells under SurveyColumns (multiple choice as 0/1).
std::vector<std::string> SurveyRow(const std::vector<SurveyItem>& items,
                                   const SurveyAnswers& answers);

// The survey as a REDCap data dictionary (its CSV import format): one row
// per item or matrix row, choices coded as the answers are, branching logic
// from show_if, `form` as the instrument's name.
void WriteRedcapDictionary(std::ostream& out, const std::vector<SurveyItem>& items,
                           const std::string& form);

// A construct of the item library: what it measures and its items, written
// in Tandem's own words.
struct SurveyConstruct {
  std::string code;  // match_quality
  std::string name;  // Match quality
  std::string description;
  std::string scale;  // "5-point agreement" ...
  std::vector<SurveyItem> items;
  bool peer_support = false;  // meant for peer-support programs
};
// Every construct, canonical (ValidateSurveyItems holds for each).
const std::vector<SurveyConstruct>& SurveyLibrary();

}  // namespace tandem
