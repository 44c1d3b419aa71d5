// The program report (docs/evaluation.md): the evaluation's figures, every
// survey's results and the chosen association with its methods, as one
// printable page (HTML with accessible charts, each with its data table),
// as JSON, and as a PDF rendered by a background job; and the de-identified
// analysis dataset with its dictionary, for R or Stata.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "service/actor.h"
#include "service/evaluation.h"
#include "service/surveys.h"
#include "stats/association.h"
#include "store/database.h"

namespace tandem::service {

// Which association the report carries. Unset fields take the reference
// program's analysis: the newest survey that has the predictor, and as
// outcomes those of confidence, career_development and
// professional_identity it asks.
struct ReportOptions {
  // Only these waves (a range of the program's survey waves): their
  // response rates, each one's results, and the association on its answers.
  // Empty: every wave and all answers.
  std::vector<std::int64_t> waves;
  std::optional<std::int64_t> survey_id;
  std::string predictor = "good_match";
  std::vector<std::string> outcomes;
  int agree_min = 4;
};

struct ReportAssociation {
  std::int64_t survey_id = 0;
  std::string survey_title;
  stats::AssociationReport analysis;
};

struct ProgramReport {
  Evaluation evaluation;
  std::vector<SurveyResults> surveys;  // those with responses, oldest first
  std::optional<ReportAssociation> association;
  std::string generated_at;  // UTC
};

// Coordinators, evaluators and admins, with the rules of GetEvaluation and
// GetSurveyResults. kInvalidArgument naming "waves" for a wave that is not
// the program's, "predictor" or "outcomes" for
// codes the chosen survey does not have as 5-point items; without a chosen
// survey and with no survey asking the predictor, no association.
ProgramReport BuildReport(store::Database& db, const Actor& actor, std::int64_t program_id,
                          const ReportOptions& options = {});

// One self-contained page (no script, no network): print layout, every chart
// an SVG with a text alternative followed by its data table. Pure.
std::string RenderReportHtml(const ProgramReport& report);

// "Mentees who agreed that <predictor> agreed more often that <outcome> (25
// of 25 vs 5 of 7; odds ratio ∞, 95% CI 0.72 to ∞; p = .042, Holm-adjusted
// .085)." with a caution when fewer than 50 answered. Pure.
std::string ReadAssociation(const stats::OutcomeAssociation& result, const std::string& predictor);

// The methods paragraph for the association and the figures. Pure.
std::string MethodsText(int agree_min, int k);

// --- PDF reports, rendered by the "report_pdf" job ---

inline constexpr const char* kReportPdfJob = "report_pdf";

struct ReportView {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::string status;  // queued, done, failed
  std::string error;
  std::string created_at;
  std::string finished_at;
};

// Queues a PDF of the program's report as the actor sees it (coordinators,
// evaluators, admins). Audited.
ReportView RequestReportPdf(store::Database& db, const Actor& actor, std::int64_t program_id);
// The program's reports, newest first (the same people).
std::vector<ReportView> ListReports(store::Database& db, const Actor& actor,
                                    std::int64_t program_id);
// The job: builds the report as the person who asked (access checked again),
// prints it with `to_pdf` and keeps the file. When it throws on the job's
// last attempt (`last_attempt`), the report is marked failed with the reason.
void RunReportJob(store::Database& db, std::int64_t report_id,
                  const std::function<std::string(const std::string& html)>& to_pdf,
                  bool last_attempt);
// A done report's PDF bytes; kFailedPrecondition while it is not done.
std::string GetReportPdf(store::Database& db, const Actor& actor, std::int64_t report_id);

// --- The analysis dataset ---

// One row per mentor and mentee in a started pair: pseudonym (P001, stable
// by enrollment within the program), role, pair pseudonym, match score and
// its facets, pair status, meetings held and expected, agreement signed,
// goals and goals achieved, project, outputs by kind, retained (by the
// program's indicator, mentees), then every survey answer as
// <survey id>_<item code> (the person's newest submitted response; items of
// anonymous surveys are left out, as nobody's answer can be linked). No
// names, e-mails, institutions or free text. Returns the rows written.
int ExportAnalysisDataset(store::Database& db, const Actor& actor, std::int64_t program_id,
                          std::ostream& csv);
// The dataset's dictionary: column, type, description, values.
void ExportAnalysisDictionary(store::Database& db, const Actor& actor, std::int64_t program_id,
                              std::ostream& csv);

}  // namespace tandem::service
