// `tandem stats`: the statistics engine (src/stats/) on the command line.
// Parses arguments and CSV files, calls the pure engine, prints text or JSON.
#include <fmt/core.h>
#include <CLI/CLI.hpp>
#include <cmath>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "api/json.h"
#include "cli/commands.h"
#include "core/csv.h"
#include "core/error.h"
#include "stats/association.h"
#include "stats/fisher.h"
#include "stats/likert.h"
#include "stats/proportion.h"

namespace tandem::cli {
namespace {

using nlohmann::json;
using stats::Alternative;

// JSON has no infinity or NaN: they are written as null.
json Number(double value) { return std::isfinite(value) ? json(value) : json(nullptr); }

std::string Format(double value) {
  if (std::isnan(value)) return "NA";
  if (std::isinf(value)) return value > 0 ? "Inf" : "-Inf";
  return fmt::format("{:.4g}", value);
}

std::string FormatP(double p) {
  if (std::isnan(p)) return "NA";
  if (p < 1e-4) return fmt::format("{:.2e}", p);
  return fmt::format("{:.4f}", p);
}

std::vector<std::string> SplitList(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  for (char c : text) {
    if (c == sep) {
      parts.push_back(part);
      part.clear();
    } else {
      part.push_back(c);
    }
  }
  parts.push_back(part);
  for (std::string& p : parts) {
    const auto begin = p.find_first_not_of(" \t");
    const auto end = p.find_last_not_of(" \t");
    p = begin == std::string::npos ? "" : p.substr(begin, end - begin + 1);
  }
  return parts;
}

std::int64_t ParseCount(const std::string& text, const std::string& field) {
  std::size_t used = 0;
  long long value = 0;
  try {
    value = std::stoll(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (text.empty() || used != text.size()) {
    throw InvalidArgument(field + ": '" + text + "' is not a whole number", field);
  }
  if (value < 0) {
    throw InvalidArgument(field + ": " + text + " is negative; counts must be zero or more", field);
  }
  return value;
}

Alternative ParseAlternative(const std::string& text) {
  if (text == "less") return Alternative::kLess;
  if (text == "greater") return Alternative::kGreater;
  return Alternative::kTwoSided;
}

// A respondent file read whole: header and rows (record numbers as the CSV
// reader counts them, the header being row 1).
struct SurveyFile {
  std::string path;
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::vector<int> row_numbers;

  std::size_t Column(const std::string& name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return i;
    }
    std::string known;
    for (const std::string& h : header) known += (known.empty() ? "" : ", ") + h;
    throw Error(ErrorCode::kInvalidArgument,
                "column '" + name + "' is not in " + path + " (its columns: " + known + ")", name,
                1);
  }

  stats::LikertItem Item(const std::string& name) const {
    const std::size_t col = Column(name);
    stats::LikertItem item{name, {}};
    for (std::size_t r = 0; r < rows.size(); ++r) {
      item.answers.push_back(stats::ParseLikertAnswer(rows[r][col], name, row_numbers[r]));
    }
    return item;
  }
};

SurveyFile ReadSurvey(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(ErrorCode::kNotFound, "cannot open " + path, "data");
  SurveyFile file;
  file.path = path;
  CsvReader reader(in);
  if (!reader.Next(file.header)) {
    throw Error(ErrorCode::kInvalidArgument, path + " is empty: expected a header row", "data", 1);
  }
  std::vector<std::string> record;
  while (reader.Next(record)) {
    if (record.size() == 1 && record[0].empty()) continue;  // blank line
    if (record.size() != file.header.size()) {
      throw Error(ErrorCode::kInvalidArgument,
                  "row " + std::to_string(reader.record()) + " of " + path + " has " +
                      std::to_string(record.size()) + " fields, the header " +
                      std::to_string(file.header.size()),
                  "data", reader.record());
    }
    file.rows.push_back(record);
    file.row_numbers.push_back(reader.record());
  }
  return file;
}

// ------------------------------------------------------------------ fisher
struct FisherArgs {
  std::string table;
  std::string alternative = "two-sided";
  double conf_level = 0.95;
  bool json = false;
};

void RunFisher(const FisherArgs& args) {
  // "A,B,C,D" is a 2x2 table; rows separated by ';' give an r x c table.
  stats::CountTable table;
  if (args.table.find(';') == std::string::npos) {
    const std::vector<std::string> cells = SplitList(args.table, ',');
    if (cells.size() != 4) {
      throw InvalidArgument("--table: expected four counts A,B,C,D for [[A, B], [C, D]], got " +
                                std::to_string(cells.size()),
                            "table");
    }
    for (int r = 0; r < 2; ++r) {
      table.push_back(
          {ParseCount(cells[2 * r], "--table"), ParseCount(cells[2 * r + 1], "--table")});
    }
  } else {
    for (const std::string& row : SplitList(args.table, ';')) {
      std::vector<std::int64_t> counts;
      for (const std::string& cell : SplitList(row, ','))
        counts.push_back(ParseCount(cell, "--table"));
      table.push_back(counts);
    }
  }
  stats::ValidateCountTable(table, 2, 2);
  std::int64_t total = 0;
  for (const auto& row : table) {
    for (std::int64_t v : row) total += v;
  }
  if (total == 0)
    throw InvalidArgument("--table: the table is empty (every count is zero)", "table");

  json out;
  out["table"] = table;
  if (table.size() == 2 && table[0].size() == 2) {
    const Alternative alternative = ParseAlternative(args.alternative);
    const stats::Fisher2x2Result r = stats::FisherExact2x2(
        table[0][0], table[0][1], table[1][0], table[1][1], alternative, args.conf_level);
    if (args.json) {
      out["test"] = "fisher";
      out["alternative"] = stats::AlternativeName(alternative);
      out["p_value"] = Number(r.p_value);
      out["odds_ratio"] = Number(r.odds_ratio);
      out["conf_int"] = {Number(r.conf_int.lower), Number(r.conf_int.upper)};
      out["conf_level"] = args.conf_level;
      std::cout << out.dump(2) << "\n";
      return;
    }
    std::cout << fmt::format(
        "Fisher's exact test, table [[{}, {}], [{}, {}]], alternative {}\n"
        "p-value      {}\n"
        "odds ratio   {} (conditional MLE)\n"
        "{:g}% CI       {} to {}\n",
        table[0][0], table[0][1], table[1][0], table[1][1], stats::AlternativeName(alternative),
        FormatP(r.p_value), Format(r.odds_ratio), 100 * args.conf_level, Format(r.conf_int.lower),
        Format(r.conf_int.upper));
    return;
  }
  const stats::FisherRxCResult r = stats::FisherExactRxC(table);
  if (args.json) {
    out["test"] = "fisher";
    out["p_value"] = Number(r.p_value);
    out["simulated"] = r.simulated;
    out["replicates"] = r.replicates;
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << fmt::format(
      "Fisher's exact test (Freeman-Halton), {}x{} table\np-value      {}{}\n", table.size(),
      table[0].size(), FormatP(r.p_value),
      r.simulated ? fmt::format(" (Monte Carlo, {} replicates)", r.replicates) : "");
}

// -------------------------------------------------------------- proportion
struct ProportionArgs {
  std::int64_t successes = 0;
  std::int64_t n = 0;
  double conf_level = 0.95;
  bool json = false;
};

void RunProportion(const ProportionArgs& args) {
  const stats::ProportionEstimate r =
      stats::EstimateProportion(args.successes, args.n, args.conf_level);
  if (args.json) {
    json out;
    out["successes"] = r.successes;
    out["n"] = r.n;
    out["estimate"] = r.estimate;
    out["conf_level"] = args.conf_level;
    out["wilson"] = {r.wilson.lower, r.wilson.upper};
    out["clopper_pearson"] = {r.clopper_pearson.lower, r.clopper_pearson.upper};
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << fmt::format(
      "{} of {}: {:.1f}%\n"
      "{:g}% CI (Wilson)           {:.1f}% to {:.1f}%\n"
      "{:g}% CI (Clopper-Pearson)  {:.1f}% to {:.1f}%\n",
      r.successes, r.n, 100 * r.estimate, 100 * args.conf_level, 100 * r.wilson.lower,
      100 * r.wilson.upper, 100 * args.conf_level, 100 * r.clopper_pearson.lower,
      100 * r.clopper_pearson.upper);
}

// ------------------------------------------------------------- association
}  // namespace

void PrintAssociation(const stats::AssociationReport& report, bool as_json) {
  if (as_json) {
    std::cout << api::Encode(report).dump(2) << "\n";
    return;
  }
  std::cout << fmt::format(
      "Predictor '{}': agree = answer >= {}. {} respondents; rows of each table: predictor "
      "agree / not, columns: outcome agree / not.\n\n",
      report.predictor, report.agree_min, report.respondents);
  std::cout << fmt::format("{:<24} {:>4} {:>7}  {:<18} {:<8} {:>8}  {:<24} {:>8}\n", "outcome", "n",
                           "missing", "table", "test", "p", "odds ratio (95% CI)", "Holm p");
  for (const auto& r : report.results) {
    const std::string table = fmt::format("[[{}, {}], [{}, {}]]", r.table[0][0], r.table[0][1],
                                          r.table[1][0], r.table[1][1]);
    const std::string odds = fmt::format("{} ({} to {})", Format(r.odds_ratio),
                                         Format(r.conf_int.lower), Format(r.conf_int.upper));
    std::cout << fmt::format("{:<24} {:>4} {:>7}  {:<18} {:<8} {:>8}  {:<24} {:>8}\n", r.outcome,
                             r.n, r.missing, table, r.test, FormatP(r.p_value), odds,
                             FormatP(r.p_adjusted));
    for (const std::string& w : r.warnings) std::cout << "  warning: " << w << "\n";
  }
}

namespace {

struct AssociationArgs {
  std::string data;
  std::string predictor;
  std::string outcomes;
  int agree_min = 4;
  std::string test = "auto";
  bool json = false;
};

void RunAssociation(const AssociationArgs& args) {
  const SurveyFile file = ReadSurvey(args.data);
  stats::AssociationOptions options;
  options.agree_min = args.agree_min;
  options.test = *stats::ParseAssociationTest(args.test);
  const stats::LikertItem predictor = file.Item(args.predictor);
  std::vector<stats::LikertItem> outcomes;
  for (const std::string& name : SplitList(args.outcomes, ',')) {
    if (name.empty()) throw InvalidArgument("--outcomes: an outcome name is empty", "outcomes");
    outcomes.push_back(file.Item(name));
  }
  PrintAssociation({.predictor = args.predictor,
                    .agree_min = args.agree_min,
                    .respondents = static_cast<int>(file.rows.size()),
                    .results = stats::AnalyzeAssociation(predictor, outcomes, options)},
                   args.json);
}

// ---------------------------------------------------------------- describe
struct DescribeArgs {
  std::string data;
  std::string items;
  int agree_min = 4;
  bool json = false;
};

void RunDescribe(const DescribeArgs& args) {
  const SurveyFile file = ReadSurvey(args.data);
  std::vector<stats::LikertItem> items;
  if (!args.items.empty()) {
    for (const std::string& name : SplitList(args.items, ',')) items.push_back(file.Item(name));
  } else {
    // Every column whose answers are all Likert answers or blank.
    for (const std::string& name : file.header) {
      try {
        items.push_back(file.Item(name));
      } catch (const Error&) {
      }
    }
    if (items.empty()) {
      throw InvalidArgument("no column of " + args.data + " holds Likert answers", "items");
    }
  }
  std::vector<stats::LikertSummary> summaries;
  for (const auto& item : items) {
    summaries.push_back(stats::SummarizeLikert(item.name, item.answers, args.agree_min));
  }
  if (args.json) {
    json out;
    out["agree_min"] = args.agree_min;
    out["items"] = json::array();
    for (const auto& s : summaries) {
      out["items"].push_back({{"item", s.item},
                              {"n", s.n},
                              {"missing", s.missing},
                              {"median", Number(s.median)},
                              {"q1", Number(s.q1)},
                              {"q3", Number(s.q3)},
                              {"counts", s.counts},
                              {"percent_agree", Number(s.percent_agree)}});
    }
    std::cout << out.dump(2) << "\n";
    return;
  }
  std::cout << fmt::format("{:<24} {:>4} {:>7} {:>6} {:>11}  {:<22} {:>9}\n", "item", "n",
                           "missing", "median", "IQR", "counts 1/2/3/4/5", "% agree");
  for (const auto& s : summaries) {
    std::cout << fmt::format(
        "{:<24} {:>4} {:>7} {:>6} {:>11}  {:<22} {:>9}\n", s.item, s.n, s.missing, Format(s.median),
        Format(s.q1) + "-" + Format(s.q3),
        fmt::format("{}/{}/{}/{}/{}", s.counts[0], s.counts[1], s.counts[2], s.counts[3],
                    s.counts[4]),
        std::isnan(s.percent_agree) ? "NA" : fmt::format("{:.1f}", s.percent_agree));
  }
}

}  // namespace

void AddStatsCommand(CLI::App& app, GlobalOptions& /*options*/) {
  CLI::App* stats = app.add_subcommand(
      "stats", "Statistics for program evaluation: exact tests checked against R");
  stats->require_subcommand(1);

  auto fisher_args = std::make_shared<FisherArgs>();
  CLI::App* fisher = stats->add_subcommand(
      "fisher", "Fisher's exact test on a 2x2 table (rows: groups, columns: outcome yes/no)");
  fisher
      ->add_option("--table", fisher_args->table,
                   "A,B,C,D for [[A, B], [C, D]]; rows separated by ';' for an r x c table")
      ->required();
  fisher->add_option("--alternative", fisher_args->alternative, "Alternative hypothesis (2x2)")
      ->check(CLI::IsMember({"two-sided", "less", "greater"}))
      ->capture_default_str();
  fisher->add_option("--conf-level", fisher_args->conf_level, "Confidence level of the interval")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  fisher->add_flag("--json", fisher_args->json, "Print JSON");
  fisher->callback([fisher_args] { RunFisher(*fisher_args); });

  auto proportion_args = std::make_shared<ProportionArgs>();
  CLI::App* proportion = stats->add_subcommand(
      "proportion", "A proportion with Wilson and Clopper-Pearson confidence intervals");
  proportion->add_option("--successes", proportion_args->successes, "Number of successes K")
      ->required();
  proportion->add_option("--n", proportion_args->n, "Number of trials N")->required();
  proportion->add_option("--conf-level", proportion_args->conf_level, "Confidence level")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  proportion->add_flag("--json", proportion_args->json, "Print JSON");
  proportion->callback([proportion_args] { RunProportion(*proportion_args); });

  auto association_args = std::make_shared<AssociationArgs>();
  CLI::App* association = stats->add_subcommand(
      "association",
      "Is agreeing with a predictor item associated with agreeing with each outcome item?");
  association->add_option("--data", association_args->data, "CSV file, one row per respondent")
      ->required();
  association->add_option("--predictor", association_args->predictor, "Predictor column")
      ->required();
  association
      ->add_option("--outcomes", association_args->outcomes, "Outcome columns, comma-separated")
      ->required();
  association
      ->add_option("--agree-min", association_args->agree_min,
                   "Answers at or above this count as agreeing (1-5)")
      ->check(CLI::Range(1, 5))
      ->capture_default_str();
  association->add_option("--test", association_args->test, "Test of each 2x2 table")
      ->check(CLI::IsMember({"auto", "fisher", "chisq", "wilcoxon"}))
      ->capture_default_str();
  association->add_flag("--json", association_args->json, "Print JSON");
  association->callback([association_args] { RunAssociation(*association_args); });

  auto describe_args = std::make_shared<DescribeArgs>();
  CLI::App* describe = stats->add_subcommand("describe", "Likert summaries per item");
  describe->add_option("--data", describe_args->data, "CSV file, one row per respondent")
      ->required();
  describe->add_option("--items", describe_args->items,
                       "Columns to summarise, comma-separated (default: every Likert column)");
  describe->add_option("--agree-min", describe_args->agree_min, "Lowest agreeing answer (1-5)")
      ->check(CLI::Range(1, 5))
      ->capture_default_str();
  describe->add_flag("--json", describe_args->json, "Print JSON");
  describe->callback([describe_args] { RunDescribe(*describe_args); });
}

}  // namespace tandem::cli
