// tandem evaluate association --program P --survey S --predictor CODE --outcomes C1,C2
// The reference program's analysis on the answers stored in Tandem
// (docs/surveys.md, docs/statistics.md): the same output as `tandem stats
// association`, which reads a CSV file instead. And tandem report: the
// program report (docs/evaluation.md) as a page, JSON or PDF.
#include <fmt/format.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>

#include "api/json.h"
#include "cli/commands.h"
#include "core/error.h"
#include "core/text.h"
#include "jobs/pdf.h"
#include "service/programs.h"
#include "service/report.h"
#include "service/surveys.h"

namespace tandem::cli {
namespace {

std::string P(double p) {
  if (std::isnan(p)) return "NA";
  return p < 1e-4 ? fmt::format("{:.2e}", p) : fmt::format("{:.4f}", p);
}

std::string Number(const std::optional<double>& v) {
  return v && std::isfinite(*v) ? fmt::format("{:.4g}", *v) : "NA";
}

// Prints an analysis as a table, or as JSON: the 2x2 tables of an item
// predictor by PrintAssociation; a pair measure with its medians, Wilcoxon-
// Mann-Whitney and Spearman; a grouping (background.<key>,
// pair.meeting_mode) with each group's agreeing (or that the table is
// withheld) and its test.
void PrintAnyAssociation(const stats::AssociationReport& report, bool as_json) {
  const bool grouped = !report.results.empty() && !report.results.front().categories.empty();
  const bool measured =
      !grouped && !report.results.empty() && report.results.front().table.size() == 1;
  if (as_json || (!grouped && !measured)) {
    PrintAssociation(report, as_json);
    return;
  }
  std::cout << fmt::format("Predictor '{}': outcome agree = answer >= {}. {} respondents.\n\n",
                           report.predictor, report.agree_min, report.respondents);
  if (measured) {
    std::cout << fmt::format("{:<24} {:>4} {:>7}  {:>13}  {:>15}  {:>8} {:>8}  {:>8} {:>8}\n",
                             "outcome", "n", "missing", "agree / not", "median (a / n)", "W", "p",
                             "rho", "Holm p");
    for (const stats::OutcomeAssociation& r : report.results) {
      std::cout << fmt::format("{:<24} {:>4} {:>7}  {:>13}  {:>15}  {:>8} {:>8}  {:>8} {:>8}\n",
                               r.outcome, r.n, r.missing,
                               fmt::format("{} / {}", r.table[0][0], r.table[0][1]),
                               fmt::format("{} / {}", Number(r.median_agree), Number(r.median_not)),
                               Number(r.statistic), P(r.p_value), Number(r.rho), P(r.p_adjusted));
      for (const std::string& w : r.warnings) std::cout << "  warning: " << w << "\n";
    }
    return;
  }
  std::cout << fmt::format("{:<24} {:>4} {:>7}  {:<8} {:>8} {:>8}  {}\n", "outcome", "n", "missing",
                           "test", "p", "Holm p", "agreed of each group");
  for (const stats::OutcomeAssociation& r : report.results) {
    std::string groups;
    for (size_t i = 0; i < r.categories.size() && i < r.table.size(); ++i) {
      groups += fmt::format("{}{} {} of {}", groups.empty() ? "" : "; ", r.categories[i],
                            r.table[i][0], r.table[i][0] + r.table[i][1]);
    }
    if (r.table.empty()) groups = "(withheld: small groups)";
    std::cout << fmt::format("{:<24} {:>4} {:>7}  {:<8} {:>8} {:>8}  {}\n", r.outcome, r.n,
                             r.missing, r.test, P(r.p_value), P(r.p_adjusted), groups);
    for (const std::string& w : r.warnings) std::cout << "  warning: " << w << "\n";
  }
}

}  // namespace

void AddEvaluateCommand(CLI::App& app, GlobalOptions& options) {
  CLI::App* cmd = app.add_subcommand("evaluate", "Analyse a program's stored survey answers");
  cmd->require_subcommand(1);
  struct Args {
    std::string program;
    std::string survey;
    std::string predictor;
    std::string outcomes;
    int agree_min = 4;
    std::string test = "auto";
    std::int64_t wave = 0;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* association = cmd->add_subcommand(
      "association",
      "Does agreeing with the predictor item go with agreeing with each outcome? Fisher's exact "
      "test on agree / not-agree tables, Holm-adjusted, as `tandem stats association`, on the "
      "submitted responses of a survey; or a measure of the respondent's pair "
      "(Wilcoxon-Mann-Whitney and Spearman), or a grouping of the respondents (Fisher, "
      "chi-square or Fisher-Freeman-Halton)");
  association->add_option("--program", args->program, "Program name or id")->required();
  association->add_option("--survey", args->survey, "Survey id or title")->required();
  association
      ->add_option("--predictor", args->predictor,
                   "Predictor: an item code (good_match), pair.match_score, pair.meetings_held, "
                   "pair.meeting_adherence, pair.meeting_mode or background.<key>")
      ->required();
  association->add_option("--outcomes", args->outcomes, "Outcome item codes, comma-separated")
      ->required();
  association->add_option("--agree-min", args->agree_min, "Smallest answer that counts as agreeing")
      ->check(CLI::Range(1, 5));
  association->add_option("--test", args->test, "Test of each 2x2 table")
      ->check(CLI::IsMember({"auto", "fisher", "chisq", "wilcoxon"}));
  association->add_option("--wave", args->wave, "Only this wave's responses (id)");
  association->add_flag("--json", args->json, "Print JSON");
  struct PrePostArgs {
    std::string program;
    std::string item;
    std::int64_t before = 0;
    std::int64_t after = 0;
    int agree_min = 4;
    bool json = false;
  };
  auto pp = std::make_shared<PrePostArgs>();
  CLI::App* prepost = cmd->add_subcommand(
      "prepost",
      "Compare a 5-point item within person across two waves: Wilcoxon signed-rank test of "
      "after against before, and McNemar's test on agreeing before and after (as R)");
  prepost->add_option("--program", pp->program, "Program name or id")->required();
  prepost->add_option("--item", pp->item, "Item code asked in both waves, e.g. confidence")
      ->required();
  prepost->add_option("--before", pp->before, "The earlier wave (id)")->required();
  prepost->add_option("--after", pp->after, "The later wave (id)")->required();
  prepost->add_option("--agree-min", pp->agree_min, "Smallest answer that counts as agreeing")
      ->check(CLI::Range(1, 5));
  prepost->add_flag("--json", pp->json, "Print JSON");
  prepost->callback([&options, pp] {
    auto db = OpenDatabase(options);
    const Program program = service::FindProgram(*db, pp->program);
    const service::PrePostReport r =
        service::ComparePrePost(*db, service::Actor::CommandLine(), program.id, pp->item,
                                pp->before, pp->after, pp->agree_min);
    if (pp->json) {
      std::cout << api::Encode(r).dump(2) << "\n";
      return;
    }
    std::cout << r.item << ": " << r.paired << " people answered in both waves (" << r.only_before
              << " only before, " << r.only_after << " only after)\n"
              << "median " << r.median_before << " before, " << r.median_after << " after; "
              << r.improved << " higher, " << r.worsened << " lower, " << r.unchanged
              << " the same\n"
              << "Wilcoxon signed-rank: V = " << r.wilcoxon.statistic
              << ", p = " << r.wilcoxon.p_value
              << (r.wilcoxon.exact ? " (exact)" : " (normal approximation)") << "\n"
              << "agreeing (>= " << r.agree_min << ") before and after: " << r.agreement[0][0]
              << ", before only: " << r.agreement[0][1] << ", after only: " << r.agreement[1][0]
              << ", neither: " << r.agreement[1][1] << "\n"
              << "McNemar: chi-squared = " << r.mcnemar.statistic << ", p = " << r.mcnemar.p_value
              << "\n";
  });
  association->callback([&options, args] {
    auto db = OpenDatabase(options);
    const service::Actor actor = service::Actor::CommandLine();
    const Program program = service::FindProgram(*db, args->program);
    const Survey survey = service::FindSurvey(*db, actor, program.id, args->survey);
    stats::AssociationOptions opts;
    opts.agree_min = args->agree_min;
    opts.test = *stats::ParseAssociationTest(args->test);
    std::optional<std::int64_t> wave;
    if (args->wave > 0) wave = args->wave;
    PrintAnyAssociation(service::AssociateSurveyItems(*db, actor, survey.id, args->predictor,
                                                      SplitList(args->outcomes, ','), opts, wave),
                        args->json);
  });
}

void AddReportCommand(CLI::App& app, GlobalOptions& options) {
  struct Args {
    std::string program;
    std::string format = "html";
    std::string out;
    std::string survey;
    std::string predictor = "good_match";
    std::string outcomes;
    int agree_min = 4;
    std::vector<std::int64_t> waves;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "report",
      "Write a program's report (docs/evaluation.md): its figures with their intervals, every "
      "survey's results and the association of --predictor with --outcomes, as a printable "
      "page, JSON or a PDF printed by headless Chromium");
  cmd->add_option("--program", args->program, "Program name or id")->required();
  cmd->add_option("--format", args->format, "html, json or pdf")
      ->check(CLI::IsMember({"html", "json", "pdf"}));
  cmd->add_option("--out", args->out, "File to write (default: standard output)");
  cmd->add_option("--survey", args->survey,
                  "Survey (id or title) of the association (default: the newest asking the "
                  "predictor)");
  cmd->add_option("--predictor", args->predictor,
                  "Predictor: an item code, pair.<measure>, pair.meeting_mode or background.<key>");
  cmd->add_option("--waves", args->waves,
                  "Only these survey waves (ids, comma-separated): their response rates, results "
                  "and association")
      ->delimiter(',');
  cmd->add_option("--outcomes", args->outcomes,
                  "Outcome item codes, comma-separated (default: confidence, "
                  "career_development, professional_identity)");
  cmd->add_option("--agree-min", args->agree_min, "Smallest answer that counts as agreeing")
      ->check(CLI::Range(1, 5));
  cmd->callback([&options, args] {
    auto db = OpenDatabase(options);
    const service::Actor actor = service::Actor::CommandLine();
    const Program program = service::FindProgram(*db, args->program);
    service::ReportOptions report_options;
    report_options.predictor = args->predictor;
    report_options.agree_min = args->agree_min;
    report_options.waves = args->waves;
    if (!args->outcomes.empty()) report_options.outcomes = SplitList(args->outcomes, ',');
    if (!args->survey.empty()) {
      report_options.survey_id =
          service::FindSurvey(*db, actor, program.id, args->survey).series_id;
    }
    const service::ProgramReport report =
        service::BuildReport(*db, actor, program.id, report_options);
    std::string body;
    if (args->format == "json") {
      body = api::Encode(report).dump(2) + "\n";
    } else {
      body = service::RenderReportHtml(report);
      if (args->format == "pdf") body = jobs::HtmlToPdf(body);
    }
    if (args->out.empty()) {
      std::cout << body;
      return;
    }
    std::ofstream file(args->out, std::ios::binary | std::ios::trunc);
    file << body;
    if (!file) throw InvalidArgument("cannot write " + args->out, "out");
    std::cerr << "wrote " << args->out << " (" << body.size() << " bytes)\n";
  });
}

}  // namespace tandem::cli
