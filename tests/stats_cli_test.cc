// `tandem stats` end to end: the binary is run as a person would run it
// (TANDEM_BIN), and the association analysis of examples/survey.csv is
// checked against R's fisher.test and p.adjust on the same tables, with R run
// at test time.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct CommandRun {
  int exit_code = 0;
  std::string output;  // stdout and stderr
};

std::string ShellQuote(const std::string& text) {
  std::ostringstream out;
  out << '\'';
  for (char c : text) {
    if (c == '\'') {
      out << "'\\''";
    } else {
      out << c;
    }
  }
  out << '\'';
  return out.str();
}

CommandRun Execute(const std::string& command) {
  CommandRun run;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) {
    run.exit_code = -1;
    return run;
  }
  std::array<char, 4096> buffer;
  std::size_t read;
  while ((read = fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    run.output.append(buffer.data(), read);
  const int status = pclose(pipe);
  run.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

CommandRun Tandem(const std::vector<std::string>& args) {
  const char* bin = std::getenv("TANDEM_BIN");
  std::string command = ShellQuote(bin != nullptr ? bin : "build/release/src/cli/tandem");
  for (const std::string& a : args) {
    command.push_back(' ');
    command.append(ShellQuote(a));
  }
  return Execute(command);
}

bool Near(double a, double b, double tolerance) {
  return std::fabs(a - b) <= tolerance * std::max(std::fabs(a), std::fabs(b));
}

const std::vector<std::string> kOutcomes = {"confidence", "career_development",
                                            "professional_identity"};

TEST(StatsCliTest, AssociationReproducesTheReferenceProgramAndMatchesR) {
  const CommandRun run =
      Tandem({"stats", "association", "--data", "examples/survey.csv", "--predictor", "good_match",
              "--outcomes", "confidence,career_development,professional_identity", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const nlohmann::json out = nlohmann::json::parse(run.output);
  const auto& results = out.at("results");
  ASSERT_EQ(results.size(), 3u);

  // The reference program's figures: P = .0423, .0423, .0302.
  const double expected_rounded[] = {0.0423, 0.0423, 0.0302};
  std::string r_tables;
  for (std::size_t i = 0; i < results.size(); ++i) {
    SCOPED_TRACE(results[i].dump());
    EXPECT_EQ(results[i].at("outcome"), kOutcomes[i]);
    EXPECT_EQ(results[i].at("test"), "fisher");
    EXPECT_EQ(results[i].at("n"), 32);
    EXPECT_NEAR(results[i].at("p_value").get<double>(), expected_rounded[i], 5e-5);
    const auto& t = results[i].at("table");
    std::ostringstream table;
    table << (i ? "," : "") << "matrix(c(" << t[0][0] << "," << t[0][1] << "," << t[1][0] << ","
          << t[1][1] << "), 2, byrow = TRUE)";
    r_tables += table.str();
  }

  // R on the same tables: fisher.test p-values, then Holm.
  const std::string script = "tabs <- list(" + r_tables +
                             "); p <- sapply(tabs, function(t) fisher.test(t)$p.value); "
                             "cat(sprintf('%.17g', c(p, p.adjust(p, 'holm'))), sep = '\\n')";
  const CommandRun r = Execute("Rscript -e " + ShellQuote(script));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream in(r.output);
  std::vector<double> values;
  double v;
  while (in >> v) values.push_back(v);
  ASSERT_EQ(values.size(), 6u) << r.output;
  for (std::size_t i = 0; i < 3; ++i) {
    SCOPED_TRACE(kOutcomes[i]);
    EXPECT_TRUE(Near(results[i].at("p_value").get<double>(), values[i], 1e-9))
        << "R fisher.test " << values[i];
    EXPECT_TRUE(Near(results[i].at("p_adjusted").get<double>(), values[3 + i], 1e-9))
        << "R p.adjust holm " << values[3 + i];
  }
}

TEST(StatsCliTest, FisherAndProportionMatchR) {
  struct Case {
    std::vector<std::string> args;
    std::string r_expression;  // prints the expected p-value or interval ends
    std::vector<std::string> keys;
  };
  const std::vector<Case> cases = {
      {{"stats", "fisher", "--table", "25,0,5,2", "--json"},
       "f <- fisher.test(matrix(c(25,0,5,2),2,byrow=TRUE)); c(f$p.value)",
       {"p_value"}},
      {{"stats", "fisher", "--table", "3,7,9,1", "--alternative", "less", "--json"},
       "f <- fisher.test(matrix(c(3,7,9,1),2,byrow=TRUE), alternative='less'); c(f$p.value)",
       {"p_value"}},
      {{"stats", "fisher", "--table", "1200,800,950,1050", "--json"},
       "f <- fisher.test(matrix(c(1200,800,950,1050),2,byrow=TRUE)); c(f$p.value)",
       {"p_value"}},
      {{"stats", "fisher", "--table", "3,1,2;1,4,0;2,2,5", "--json"},
       "c(fisher.test(matrix(c(3,1,2,1,4,0,2,2,5),3,byrow=TRUE))$p.value)",
       {"p_value"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.r_expression);
    const CommandRun run = Tandem(c.args);
    ASSERT_EQ(run.exit_code, 0) << run.output;
    const nlohmann::json out = nlohmann::json::parse(run.output);
    const CommandRun r = Execute(
        "Rscript -e " + ShellQuote("cat(sprintf('%.17g', {" + c.r_expression + "}), sep='\\n')"));
    ASSERT_EQ(r.exit_code, 0) << r.output;
    std::istringstream in(r.output);
    for (const std::string& key : c.keys) {
      double expected = 0;
      in >> expected;
      EXPECT_TRUE(Near(out.at(key).get<double>(), expected, 1e-9))
          << key << " " << out.at(key) << " vs R " << expected;
    }
  }

  const CommandRun run =
      Tandem({"stats", "proportion", "--successes", "33", "--n", "35", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const nlohmann::json out = nlohmann::json::parse(run.output);
  const CommandRun r =
      Execute("Rscript -e " +
              ShellQuote("cat(sprintf('%.17g', c(prop.test(33, 35, correct = FALSE)$conf.int, "
                         "binom.test(33, 35)$conf.int)), sep = '\\n')"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream in(r.output);
  double w_lo, w_hi, cp_lo, cp_hi;
  in >> w_lo >> w_hi >> cp_lo >> cp_hi;
  EXPECT_TRUE(Near(out.at("wilson")[0].get<double>(), w_lo, 1e-9));
  EXPECT_TRUE(Near(out.at("wilson")[1].get<double>(), w_hi, 1e-9));
  EXPECT_TRUE(Near(out.at("clopper_pearson")[0].get<double>(), cp_lo, 1e-9));
  EXPECT_TRUE(Near(out.at("clopper_pearson")[1].get<double>(), cp_hi, 1e-9));
}

TEST(StatsCliTest, DescribeSummarisesEveryLikertColumn) {
  const CommandRun run = Tandem({"stats", "describe", "--data", "examples/survey.csv", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.output;
  const nlohmann::json out = nlohmann::json::parse(run.output);
  ASSERT_EQ(out.at("items").size(), 4u);  // respondent ids are not Likert answers
  EXPECT_EQ(out.at("items")[0].at("item"), "good_match");
  EXPECT_EQ(out.at("items")[0].at("n"), 33);
  EXPECT_EQ(out.at("items")[1].at("missing"), 1);
}

TEST(StatsCliTest, BadInputNamesRowAndColumnAndFails) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("tandem_stats_cli_" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const std::string bad_answer = (dir / "bad_answer.csv").string();
  std::ofstream(bad_answer) << "respondent,good_match,confidence\nR1,Agree,4\nR2,Maybe,5\n";
  const std::string short_row = (dir / "short_row.csv").string();
  std::ofstream(short_row) << "respondent,good_match,confidence\nR1,Agree,4\nR2,5\n";
  const std::string out_of_scale = (dir / "out_of_scale.csv").string();
  std::ofstream(out_of_scale) << "respondent,good_match,confidence\nR1,Agree,4\nR2,4,7\nR3,2,1\n";
  const std::string all_blank = (dir / "all_blank.csv").string();
  std::ofstream(all_blank) << "respondent,good_match,confidence\nR1,Agree,\nR2,,4\n";

  struct Case {
    std::vector<std::string> args;
    std::vector<std::string> message_parts;
  };
  const std::vector<Case> cases = {
      {{"stats", "association", "--data", bad_answer, "--predictor", "good_match", "--outcomes",
        "confidence"},
       {"row 3", "good_match", "Maybe"}},
      {{"stats", "association", "--data", out_of_scale, "--predictor", "good_match", "--outcomes",
        "confidence"},
       {"row 3", "confidence", "'7'"}},
      {{"stats", "association", "--data", short_row, "--predictor", "good_match", "--outcomes",
        "confidence"},
       {"row 3", "2 fields"}},
      {{"stats", "association", "--data", all_blank, "--predictor", "good_match", "--outcomes",
        "confidence"},
       {"table is empty", "confidence"}},
      {{"stats", "association", "--data", "examples/survey.csv", "--predictor", "good_match",
        "--outcomes", "confidance"},
       {"column 'confidance'"}},
      {{"stats", "describe", "--data", bad_answer, "--items", "good_match"},
       {"row 3", "good_match"}},
      {{"stats", "fisher", "--table", "1,-2,3,4"}, {"negative"}},
      {{"stats", "fisher", "--table", "1,x,3,4"}, {"'x' is not a whole number"}},
      {{"stats", "fisher", "--table", "0,0,0,0"}, {"empty"}},
      {{"stats", "proportion", "--successes", "36", "--n", "35"}, {"successes"}},
      {{"stats", "association", "--data", (dir / "missing.csv").string(), "--predictor", "a",
        "--outcomes", "b"},
       {"cannot open"}},
  };
  for (const Case& c : cases) {
    std::string joined;
    for (const auto& a : c.args) joined += a + " ";
    SCOPED_TRACE(joined);
    const CommandRun run = Tandem(c.args);
    EXPECT_NE(run.exit_code, 0) << run.output;
    for (const std::string& part : c.message_parts) {
      EXPECT_NE(run.output.find(part), std::string::npos)
          << "missing '" << part << "' in: " << run.output;
    }
  }
  std::filesystem::remove_all(dir);
}

TEST(StatsCliTest, HelpDescribesEverySubcommand) {
  for (const std::string sub : {"fisher", "proportion", "association", "describe"}) {
    const CommandRun run = Tandem({"stats", sub, "--help"});
    EXPECT_EQ(run.exit_code, 0) << sub;
    EXPECT_NE(run.output.find("--json"), std::string::npos) << sub << ": " << run.output;
  }
}

}  // namespace
