// The program journey after matching (docs/journey.md): the mentoring
// agreement a pair signs, its goals and scholarly projects, the outputs each
// person records (publications, presentations, grants, awards), and career
// positions over time with the program's retention indicator. Plain values
// and the rules about them that need no I/O. Vocabularies are the lists
// below; their names are what the API, the database and CSV files use.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tandem {

inline constexpr std::string_view kGoalCategories[] = {"career",    "research",   "clinical_skills",
                                                       "education", "leadership", "well_being"};
inline constexpr std::string_view kGoalStatuses[] = {"not_started", "in_progress", "achieved",
                                                     "dropped"};
inline constexpr std::string_view kProjectTypes[] = {"research", "quality_improvement", "education",
                                                     "review",   "case_report",         "other"};
inline constexpr std::string_view kProjectStatuses[] = {"planned", "active", "completed",
                                                        "stopped"};
inline constexpr std::string_view kOutputKinds[] = {"publication", "presentation", "grant", "award",
                                                    "other"};
inline constexpr std::string_view kPresentationFormats[] = {"oral", "poster"};
inline constexpr std::string_view kGrantStatuses[] = {"submitted", "awarded", "declined"};
inline constexpr std::string_view kPositionSettings[] = {"academic", "community", "industry",
                                                         "other"};
// A program's career fields until it names its own (the reference program's).
inline constexpr std::string_view kDefaultCareerFields[] = {
    "classical hematology", "malignant hematology/oncology", "other"};

// Throws InvalidArgument naming `field` unless `value` is one of `names`
// ("category is one of career, research, ...").
void CheckOneOf(std::string_view value, std::span<const std::string_view> names,
                const std::string& field);

// What a pair writes into its agreement besides the program's template.
struct AgreementSpecifics {
  std::string cadence;      // "monthly, first Tuesday"
  std::string mode;         // "video; in person at ASH"
  std::string contact;      // "e-mail; text for anything urgent"
  std::string first_goals;  // the goals they start with
  std::string other;        // anything else they agree
};

// A signature: the typed full name, when, and the revision of the agreement signed.
struct AgreementSignature {
  std::string name;
  std::string signed_at;  // UTC
  int revision = 0;
};

// A pair's agreement. `revision` grows with every change of the specifics
// (0: never saved); a signature counts only for the current revision, so a
// change after signing needs both signatures again.
struct Agreement {
  std::int64_t pair_id = 0;
  int template_version = 1;  // of the program's template the pair agreed to
  int revision = 0;
  AgreementSpecifics specifics;
  std::optional<AgreementSignature> mentor;
  std::optional<AgreementSignature> mentee;
  std::string updated_at;
  // Both have signed the current revision.
  bool Signed() const {
    return revision > 0 && mentor && mentee && mentor->revision == revision &&
           mentee->revision == revision;
  }
};

// The default agreement template, written for mentoring in cancer care
// (Markdown): expectations of each side, cadence and mode, confidentiality
// including of patient information, goals, a no-blame ending, whom to contact.
std::string_view DefaultAgreementTemplate();

struct Milestone {
  std::string title;
  std::string due_on;  // ISO date, or empty
  bool done = false;
};

struct ProgressNote {
  std::string on;  // ISO date
  std::string text;
  std::int64_t author_user_id = 0;
};

// A pair's goal. A private goal is the pair's only: the coordinator counts it
// but reads nothing of it.
struct Goal {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  std::int64_t program_id = 0;
  std::string title;
  std::string category = "career";
  std::string success;    // what success looks like
  std::string target_on;  // ISO date, or empty
  std::string status = "not_started";
  bool is_private = false;
  std::vector<Milestone> milestones;
  std::vector<ProgressNote> notes;
  std::int64_t created_by = 0;
  std::string created_at;
  std::string updated_at;
};

// A pair's scholarly project.
struct Project {
  std::int64_t id = 0;
  std::int64_t pair_id = 0;
  std::int64_t program_id = 0;
  std::string title;
  std::string type = "research";
  std::string status = "planned";
  std::string starts_on;  // ISO dates, or empty
  std::string ends_on;
  std::string lead;  // "mentor", "mentee" or "" (both)
  std::string description;
  std::string created_at;
  std::string updated_at;
};

// A scholarly output of one person in a program; the fields used depend on
// the kind (docs/journey.md lists them).
struct Output {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t enrollment_id = 0;  // whose output
  std::optional<std::int64_t> pair_id;
  std::optional<std::int64_t> project_id;
  std::string kind = "publication";
  std::string title;
  std::optional<int> year;
  // publication
  std::string authors;
  std::string journal;
  std::string doi;   // normalized: lower case, no "https://doi.org/"
  std::string pmid;  // digits
  // presentation
  std::string meeting;
  std::string format;  // oral, poster
  // grant
  std::string funder;
  std::string mechanism;  // "K08", "ASH Scholar Award"
  std::optional<double> amount;
  std::string currency;      // ISO 4217
  std::string grant_status;  // submitted, awarded, declined
  std::string starts_on;
  std::string ends_on;
  // award
  std::string awarding_body;
  std::string notes;
  std::int64_t created_by = 0;
  std::string created_at;
  std::string updated_at;
};

// A position a person held from `starts_on` (a career outcome).
struct Position {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::int64_t enrollment_id = 0;
  std::string title;  // "Assistant Professor of Medicine"
  std::string institution;
  std::string field;    // one of the program's career fields
  std::string setting;  // academic, community, industry, other
  std::string starts_on;
  std::int64_t created_by = 0;
  std::string created_at;
};

// A program's retention indicator: a mentee is retained when a position of
// theirs is in one of `fields` (and one of `settings`, when any are named;
// and with a title containing one of `title_words`, case-insensitive, when
// any are named) and started no later than `months_after_end` months after
// the program's end. E.g. "a faculty position in classical hematology
// within 12 months": fields {classical hematology}, settings {academic},
// title_words {professor, faculty, instructor}, 12.
struct RetentionIndicator {
  std::string label = "Stayed in the field";
  std::vector<std::string> fields;
  std::vector<std::string> settings;
  std::vector<std::string> title_words;
  int months_after_end = 12;
};

// A program's journey settings.
struct JourneySettings {
  std::string agreement_template;          // Markdown; empty: DefaultAgreementTemplate()
  int agreement_version = 1;               // grows with every change of the template
  std::vector<std::string> career_fields;  // empty: kDefaultCareerFields
  std::optional<RetentionIndicator> retention;
  // The evaluation's smallest shown count (docs/evaluation.md), 2..50.
  int small_cell_k = 5;
};

// True when `position` meets `indicator` for a program ending `ends_on`
// (ISO date; empty: no deadline).
bool MeetsIndicator(const RetentionIndicator& indicator, const Position& position,
                    std::string_view ends_on);

// "10.1182/blood-2023-123456", "doi:10.…" or "https://doi.org/10.…" as the
// DOI in lower case; nullopt when it is not a DOI (10.<4-9 digits>/<suffix>
// without spaces).
std::optional<std::string> NormalizeDoi(std::string_view text);
// "PMID: 12345678" or "12345678" as its digits (1 to 8, not all zero),
// without leading zeros.
std::optional<std::string> NormalizePmid(std::string_view text);
// True for an active ISO 4217 currency code in upper case ("USD", "CAD").
bool IsCurrencyCode(std::string_view code);

// Checks an output's fields for its kind (title present, year 1950..2100,
// DOI/PMID syntax, amount non-negative with a known currency, dates valid and
// ordered). Normalizes DOI and PMID in place. Throws InvalidArgument naming the field.
void ValidateOutput(Output& output);

}  // namespace tandem
