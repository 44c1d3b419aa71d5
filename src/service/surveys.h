// Surveys (docs/surveys.md): coordinators build instruments from the item
// library and their own items, schedule waves, and follow response rates;
// mentors and mentees answer on their phone, saving as they go; evaluators
// export de-identified data with a REDCap data dictionary; responses
// collected elsewhere are imported. Anonymity is enforced here:
//   identified    coordinators and evaluators read every response (evaluators
//                 without names);
//   confidential  coordinators see counts only; evaluators de-identified rows;
//   anonymous     nothing links a response to its person; evaluators read
//                 the rows; drafts stay in the respondent's browser.
#pragma once

#include <cstdint>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/participant_csv.h"
#include "core/survey.h"
#include "service/actor.h"
#include "stats/association.h"
#include "stats/chi_square.h"
#include "stats/rank_tests.h"
#include "store/database.h"

namespace tandem::service {

// The hourly job that opens waves' cycles (invitations) and reminds.
inline constexpr const char* kSurveyScheduleJob = "survey_schedule";

// A survey form; fields not given keep their values (title and items are
// required on create).
struct SurveyInput {
  std::optional<std::string> title;
  std::optional<std::string> intro;
  std::optional<std::string> anonymity;
  std::optional<std::vector<SurveyItem>> items;
};

// Coordinators; the program must not be closed. Audited.
Survey CreateSurvey(store::Database& db, const Actor& actor, std::int64_t program_id,
                    const SurveyInput& input);
// Changes the newest version of survey `survey_id`'s series; once that
// version has responses the change becomes the next version, and the
// responses keep the one they answered. The anonymity of a series with
// responses never changes (kFailedPrecondition naming "anonymity").
Survey UpdateSurvey(store::Database& db, const Actor& actor, std::int64_t survey_id,
                    const SurveyInput& input);

struct SurveySummary {
  Survey survey;      // the newest version
  int responses = 0;  // submitted, every version
};
// The program's surveys (newest versions): coordinators and evaluators.
std::vector<SurveySummary> ListSurveys(store::Database& db, const Actor& actor,
                                       std::int64_t program_id);
// The newest version of the program's survey named by `id_or_title` (any
// version's id, or the title of its newest version); kNotFound otherwise.
// Coordinators and evaluators.
Survey FindSurvey(store::Database& db, const Actor& actor, std::int64_t program_id,
                  const std::string& id_or_title);

// One version: coordinators and evaluators of its program.
Survey GetSurvey(store::Database& db, const Actor& actor, std::int64_t survey_id);

// A wave form; fields not given keep their values (`survey_id`, any version
// of the series, and title are required on create).
struct WaveInput {
  std::optional<std::int64_t> survey_id;
  std::optional<std::string> title;
  std::optional<std::string> audience;
  std::optional<std::string> pair_status;
  std::optional<std::string> timing;
  std::optional<std::string> opens_on;
  std::optional<int> offset_days;
  std::optional<int> every_days;
  std::optional<int> length_days;
  std::optional<std::vector<int>> reminder_days;
  std::optional<std::string> status;
};

// A wave with its response counts (never who): invited and answered, by
// role and by the state of the person's pair.
struct WaveCount {
  int invited = 0;
  int answered = 0;
};
struct WaveView {
  SurveyWave wave;
  std::string survey_title;
  WaveCount all, mentees, mentors, active_pairs, completed_pairs;
};

// Coordinators; the program must not be closed. Opening a wave (status
// open) sends the invitations that are due at once; closing it stops every
// reminder and answer. A wave that has invitations keeps its survey and
// timing (kFailedPrecondition). Audited.
WaveView CreateWave(store::Database& db, const Actor& actor, std::int64_t program_id,
                    const WaveInput& input);
WaveView UpdateWave(store::Database& db, const Actor& actor, std::int64_t wave_id,
                    const WaveInput& input);
// The program's waves with counts: coordinators and evaluators.
std::vector<WaveView> ListWaves(store::Database& db, const Actor& actor, std::int64_t program_id);

// A survey as its respondent sees it: their invitation, the version to
// answer (the one they answered once they have), their saved answers.
struct MySurvey {
  SurveyInvitation invitation;
  std::string program_name;
  std::string wave_title;
  Survey survey;
  SurveyAnswers answers;  // saved so far (none for an anonymous survey)
  bool submitted = false;
  bool open = false;  // may still be answered or changed
};
// The actor's surveys that are open now, or answered and still open.
std::vector<MySurvey> ListMySurveys(store::Database& db, const Actor& actor);
// One of them (kPermissionDenied for anyone but the invited person).
MySurvey GetMySurvey(store::Database& db, const Actor& actor, std::int64_t invitation_id);
// Saves the answers (checked as typed: kInvalidArgument naming
// "answers.<code>"); `submit` also requires every shown required item and
// marks the invitation answered. Editable until the wave closes
// (kFailedPrecondition). An anonymous survey takes one submission and no
// draft.
MySurvey SaveMyAnswers(store::Database& db, const Actor& actor, std::int64_t invitation_id,
                       const SurveyAnswers& answers, bool submit);

// Opens the cycles that are due in every open wave (or only `wave_id`):
// invitations to whom they concern, then reminders to those who have not
// answered. Safe to run again: each invitation and reminder is sent once.
// Returns the messages written.
int RunSurveySchedule(store::Database& db, std::optional<std::int64_t> wave_id = {});

// Submitted responses to the series of `survey_id`, one row each: response,
// wave, version, a respondent and pair pseudonym (R1, P1: the same person
// and pair keep theirs within the file), role, pair status, the pair's match
// score and meetings held, the time, then SurveyColumns. Coordinators only
// for an identified survey (with participant_id and name); evaluators for
// any (de-identified; nothing of the person for anonymous). Returns the rows.
int ExportResponses(store::Database& db, const Actor& actor, std::int64_t survey_id,
                    std::ostream& csv);
// What the submitted responses to a survey's series (or one wave of it)
// say, item by item, as aggregates a coordinator may read whatever the
// anonymity: how many answered, the distribution, and for scales the
// median, quartiles and percent agreeing (the top two points); for numbers
// the mean and median; free text de-identified (names of the program's
// people, e-mail addresses and phone numbers replaced) in alphabetical order.
// Counts follow the program's small-cell rule (docs/evaluation.md): a cell
// of fewer than k people is hidden (nullopt), with enough others that none
// can be worked out from the totals — for everyone except a coordinator
// reading an identified survey.
struct ItemResult {
  std::string code;
  std::string text;
  std::string kind;  // a matrix row is reported as likert
  int answered = 0;
  std::optional<int> missing = 0;  // responses without an answer (including items not shown)
  std::optional<int> not_applicable = 0;
  // label -> responses, in scale or option order
  std::vector<std::pair<std::string, std::optional<int>>> counts;
  std::vector<std::string> texts;  // long-text answers, when at least k answered
  std::optional<double> median, q1, q3, mean;
  std::optional<double> percent_agree;
};
struct SurveyResults {
  Survey survey;  // the newest version
  int responses = 0;
  int k = 5;               // the program's smallest shown count
  bool suppressed = true;  // whether the small-cell rule applied
  std::vector<ItemResult> items;
};
// Coordinators and evaluators; `wave_id` (of the series) narrows it.
SurveyResults GetSurveyResults(store::Database& db, const Actor& actor, std::int64_t survey_id,
                               std::optional<std::int64_t> wave_id = {});

// The reference program's analysis on stored answers (docs/statistics.md):
// does agreeing with `predictor` (a 5-point Likert item or matrix row of the
// survey's series) go with agreeing with each outcome? One respondent per
// submitted response (of `wave_id` when given); "not applicable" is missing.
// kInvalidArgument naming "predictor" or "outcomes" for a code that is not a
// 5-point scale of the survey. The predictor may instead be a measure of the
// respondent's pair — pair.match_score, pair.meetings_held or
// pair.meeting_adherence (held / expected, capped at 1) — compared between
// those agreeing with each outcome and the others
// (stats::AnalyzeNumericAssociation); or a grouping of the respondents — a
// background attribute of their own, background.<key>, or the mode of most
// of their pair's held meetings, pair.meeting_mode (video, phone, in_person;
// "mixed" when two modes tie; only meetings scheduled in Tandem have a mode,
// a respondent whose pair held none is left out, and kInvalidArgument naming
// "predictor" when that is everyone) — by stats::AnalyzeCategoricalAssociation
// (Fisher, chi-square or Fisher-Freeman-Halton by the table; outside a
// coordinator's identified survey a table with a cell under the program's k
// is left out, with a warning, the test kept). kFailedPrecondition for an
// anonymous survey with any of these. Coordinators and evaluators.
stats::AssociationReport AssociateSurveyItems(store::Database& db, const Actor& actor,
                                              std::int64_t survey_id, const std::string& predictor,
                                              const std::vector<std::string>& outcomes,
                                              const stats::AssociationOptions& options,
                                              std::optional<std::int64_t> wave_id = {});

// Pre/post: a 5-point item asked in two waves (of one survey, or of two that
// both ask it) compared within person, over the people who answered it in
// both (surveys that are not anonymous). Wilcoxon signed-rank test of after
// against before (R: wilcox.test(after, before, paired = TRUE)), and
// McNemar's test with continuity correction on agreeing (>= agree_min) before
// and after (R: mcnemar.test). kInvalidArgument naming "before_wave",
// "after_wave" or "item" (a wave of another program, the same wave twice, an
// item not asked on a 5-point scale, nobody in both), kFailedPrecondition for
// an anonymous survey. Coordinators and evaluators.
struct PrePostReport {
  std::string item;
  std::int64_t before_wave = 0, after_wave = 0;
  int agree_min = 4;
  int paired = 0;                       // answered in both waves
  int only_before = 0, only_after = 0;  // answered in one
  double median_before = 0, median_after = 0;
  int improved = 0, worsened = 0, unchanged = 0;
  stats::RankTestResult wilcoxon;
  // Rows: agreeing before, not; columns: agreeing after, not.
  stats::CountTable agreement;
  stats::McNemarResult mcnemar;
};
PrePostReport ComparePrePost(store::Database& db, const Actor& actor, std::int64_t program_id,
                             const std::string& item, std::int64_t before_wave,
                             std::int64_t after_wave, int agree_min = 4);

// The newest version as a REDCap data dictionary: coordinators and evaluators.
void ExportDictionary(store::Database& db, const Actor& actor, std::int64_t survey_id,
                      std::ostream& csv);

// Responses collected elsewhere: one row per respondent, an optional
// participant_id column (the program's ids), one column per item code
// (Likert as 1-5 or the agreement words, any case; choices by number or
// option text; blank: missing). All or nothing; every problem by row and
// column. With `create_title`, a new survey is made from the header
// instead (columns whose answers are all Likert become 5-point items, the
// rest text), in a program of any status.
struct ResponseImport {
  std::optional<std::int64_t> survey_id;  // an existing survey (any version)
  std::optional<std::int64_t> wave_id;    // of that survey's series
  std::string create_title;               // make the survey from the file
};
struct ResponseImportReport {
  int rows = 0;
  int imported = 0;
  std::int64_t survey_id = 0;        // the version the rows answered
  std::vector<InputProblem> errors;  // non-empty: nothing was written
};
ResponseImportReport ImportResponses(store::Database& db, const Actor& actor,
                                     std::int64_t program_id, const ResponseImport& what,
                                     std::istream& csv);

}  // namespace tandem::service
