// Compares every method with the values R computed for the same input, stored
// in tests/r/reference/ by tests/r/generate_reference.R. Each file holds
// hundreds of seeded random cases (ties, zeros, tiny and large samples); a
// failure prints the file's line and the whole case.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include "core/csv.h"
#include "stats/association.h"
#include "stats/chi_square.h"
#include "stats/fisher.h"
#include "stats/likert.h"
#include "stats/p_adjust.h"
#include "stats/proportion.h"
#include "stats/rank_tests.h"
#include "stats/reliability.h"

namespace tandem::stats {
namespace {

// p-values from exact distributions and deterministic statistics.
constexpr double kExact = 1e-9;
// p-values from the normal approximation (and other asymptotic tails).
constexpr double kNormal = 1e-6;

struct Case {
  int line = 0;
  std::map<std::string, std::string> fields;

  const std::string& operator[](const std::string& key) const {
    const auto it = fields.find(key);
    if (it == fields.end()) {
      ADD_FAILURE() << "no column " << key;
      static const std::string kEmpty;
      return kEmpty;
    }
    return it->second;
  }
  double Num(const std::string& key) const { return std::strtod((*this)[key].c_str(), nullptr); }
  std::int64_t Int(const std::string& key) const { return std::stoll((*this)[key]); }
  std::string Describe() const {
    std::ostringstream out;
    out << "line " << line << ":";
    for (const auto& [k, v] : fields)
      out << " " << k << "=" << (v.size() > 200 ? v.substr(0, 200) + "..." : v);
    return out.str();
  }
};

std::vector<Case> LoadCases(const std::string& name) {
  const std::string path = "tests/r/reference/" + name;
  std::ifstream in(path);
  EXPECT_TRUE(in) << "cannot open " << path << " (run from the repository root)";
  std::vector<Case> cases;
  if (!in) return cases;
  CsvReader reader(in);
  std::vector<std::string> header, record;
  reader.Next(header);
  while (reader.Next(record)) {
    Case c;
    c.line = reader.record();
    for (std::size_t i = 0; i < header.size() && i < record.size(); ++i) {
      c.fields[header[i]] = record[i];
    }
    cases.push_back(std::move(c));
  }
  EXPECT_GE(cases.size(), 300u) << path;
  return cases;
}

std::vector<double> Vector(const std::string& text) {
  std::vector<double> values;
  std::istringstream in(text);
  std::string token;
  while (in >> token) values.push_back(std::strtod(token.c_str(), nullptr));
  return values;
}

std::vector<std::string> Split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string part;
  std::istringstream in(text);
  while (std::getline(in, part, sep)) parts.push_back(part);
  return parts;
}

CountTable Table(const std::string& text) {
  CountTable table;
  for (const std::string& row : Split(text, '|')) {
    std::vector<std::int64_t> counts;
    for (double v : Vector(row)) counts.push_back(static_cast<std::int64_t>(v));
    table.push_back(counts);
  }
  return table;
}

Alternative ParseAlternative(const std::string& text) {
  if (text == "less") return Alternative::kLess;
  if (text == "greater") return Alternative::kGreater;
  return Alternative::kTwoSided;
}

// Relative agreement (or within `absolute` of each other, for values that
// are zero up to rounding); both NaN or both the same infinity also agree.
::testing::AssertionResult Near(double actual, double expected, double tolerance,
                                double absolute = 1e-300) {
  if (std::isnan(actual) && std::isnan(expected)) return ::testing::AssertionSuccess();
  if (std::isinf(actual) || std::isinf(expected)) {
    if (actual == expected) return ::testing::AssertionSuccess();
  } else if (std::fabs(actual - expected) <=
             tolerance * std::max(std::fabs(actual), std::fabs(expected)) + absolute) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << std::setprecision(17) << "got " << actual << ", R " << expected << " (relative "
         << std::fabs(actual - expected) / std::max(std::fabs(actual), std::fabs(expected))
         << ", tolerance " << tolerance << ")";
}

// fisher.test's own estimates are roots found by uniroot with tolerance
// ~1.2e-4 on t in (0, 1) or on 1/t: agreement within that on the scale R
// solved on.
::testing::AssertionResult NearUniroot(double actual, double r_value) {
  if (std::isinf(actual) || std::isinf(r_value) || actual == 0 || r_value == 0) {
    return Near(actual, r_value, 0);
  }
  const double a = actual <= 1 ? actual : 1 / actual;
  const double b = r_value <= 1 ? r_value : 1 / r_value;
  if (std::fabs(a - b) <= 2.5e-4) return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure()
         << std::setprecision(17) << "got " << actual << ", fisher.test " << r_value;
}

TEST(RReferenceTest, Fisher2x2) {
  for (const Case& c : LoadCases("fisher_2x2.csv")) {
    SCOPED_TRACE(c.Describe());
    const Fisher2x2Result r =
        FisherExact2x2(c.Int("a"), c.Int("b"), c.Int("c"), c.Int("d"),
                       ParseAlternative(c["alternative"]), c.Num("conf_level"));
    EXPECT_TRUE(Near(r.p_value, c.Num("p_value"), kExact)) << "p-value";
    EXPECT_TRUE(Near(r.odds_ratio, c.Num("odds_ratio"), 1e-8)) << "odds ratio";
    EXPECT_TRUE(Near(r.conf_int.lower, c.Num("ci_lower"), 1e-8)) << "CI lower";
    EXPECT_TRUE(Near(r.conf_int.upper, c.Num("ci_upper"), 1e-8)) << "CI upper";
    EXPECT_TRUE(NearUniroot(r.odds_ratio, c.Num("r_odds_ratio"))) << "fisher.test odds ratio";
    EXPECT_TRUE(NearUniroot(r.conf_int.lower, c.Num("r_ci_lower"))) << "fisher.test CI lower";
    EXPECT_TRUE(NearUniroot(r.conf_int.upper, c.Num("r_ci_upper"))) << "fisher.test CI upper";
  }
}

TEST(RReferenceTest, FisherRxCExact) {
  for (const Case& c : LoadCases("fisher_rxc.csv")) {
    SCOPED_TRACE(c.Describe());
    const FisherRxCResult r = FisherExactRxC(Table(c["table"]));
    EXPECT_FALSE(r.simulated);
    EXPECT_TRUE(Near(r.p_value, c.Num("p_value"), kExact));
  }
}

TEST(RReferenceTest, ChiSquare) {
  for (const Case& c : LoadCases("chisq.csv")) {
    SCOPED_TRACE(c.Describe());
    const ChiSquareResult r = ChiSquareTest(Table(c["table"]), c.Int("yates") == 1);
    EXPECT_TRUE(Near(r.statistic, c.Num("statistic"), kExact)) << "statistic";
    EXPECT_EQ(r.df, c.Num("df"));
    EXPECT_TRUE(Near(r.p_value, c.Num("p_value"), kNormal)) << "p-value";
    EXPECT_TRUE(Near(r.min_expected, c.Num("min_expected"), kExact)) << "min expected";
  }
}

TEST(RReferenceTest, McNemar) {
  for (const Case& c : LoadCases("mcnemar.csv")) {
    SCOPED_TRACE(c.Describe());
    const McNemarResult r = McNemarTest(Table(c["table"]), c.Int("correct") == 1);
    EXPECT_TRUE(Near(r.statistic, c.Num("statistic"), kExact)) << "statistic";
    EXPECT_EQ(r.df, c.Num("df"));
    EXPECT_TRUE(Near(r.p_value, c.Num("p_value"), kNormal)) << "p-value";
  }
}

WilcoxonOptions Options(const Case& c) {
  WilcoxonOptions options;
  options.alternative = ParseAlternative(c["alternative"]);
  options.method = c["method"] == "normal" ? PValueMethod::kNormal : PValueMethod::kAuto;
  options.continuity_correction = c.Int("correct") == 1;
  return options;
}

TEST(RReferenceTest, WilcoxonRankSum) {
  for (const Case& c : LoadCases("wilcoxon_rank_sum.csv")) {
    SCOPED_TRACE(c.Describe());
    const RankTestResult r = WilcoxonRankSum(Vector(c["x"]), Vector(c["y"]), Options(c));
    EXPECT_EQ(r.exact, c.Int("exact") == 1);
    EXPECT_TRUE(Near(r.statistic, c.Num("statistic"), kExact)) << "W";
    EXPECT_TRUE(Near(r.p_value, c.Num("p_value"), r.exact ? kExact : kNormal)) << "p-value";
  }
}

TEST(RReferenceTest, WilcoxonSignedRank) {
  for (const Case& c : LoadCases("wilcoxon_signed_rank.csv")) {
    SCOPED_TRACE(c.Describe());
    const RankTestResult r =
        WilcoxonSignedRank(Vector(c["before"]), Vector(c["after"]), Options(c));
    EXPECT_EQ(r.exact, c.Int("exact") == 1);
    EXPECT_TRUE(Near(r.statistic, c.Num("statistic"), kExact)) << "V";
    EXPECT_TRUE(Near(r.p_value, c.Num("p_value"), r.exact ? kExact : kNormal)) << "p-value";
  }
}

TEST(RReferenceTest, KruskalWallis) {
  for (const Case& c : LoadCases("kruskal_wallis.csv")) {
    SCOPED_TRACE(c.Describe());
    std::vector<std::vector<double>> groups;
    for (const std::string& g : Split(c["groups"], '|')) groups.push_back(Vector(g));
    const KruskalWallisResult r = KruskalWallis(groups);
    EXPECT_TRUE(Near(r.statistic, c.Num("statistic"), kExact)) << "H";
    EXPECT_EQ(r.df, c.Num("df"));
    EXPECT_TRUE(Near(r.p_value, c.Num("p_value"), kNormal)) << "p-value";
  }
}

TEST(RReferenceTest, Spearman) {
  for (const Case& c : LoadCases("spearman.csv")) {
    SCOPED_TRACE(c.Describe());
    const SpearmanResult r =
        SpearmanCorrelation(Vector(c["x"]), Vector(c["y"]), ParseAlternative(c["alternative"]));
    EXPECT_TRUE(Near(r.rho, c.Num("rho"), kExact)) << "rho";
    const double n = static_cast<double>(Vector(c["x"]).size());
    // S lies in [0, (n^3 - n) / 3]; near 0 it is a difference of rounded terms.
    EXPECT_TRUE(Near(r.statistic, c.Num("statistic"), kExact, kExact * (n * n * n - n) / 3)) << "S";
    EXPECT_TRUE(Near(r.p_value, c.Num("p_value"), r.exact ? kExact : kNormal)) << "p-value";
  }
}

TEST(RReferenceTest, Proportion) {
  for (const Case& c : LoadCases("proportion.csv")) {
    SCOPED_TRACE(c.Describe());
    const ProportionEstimate r =
        EstimateProportion(c.Int("successes"), c.Int("n"), c.Num("conf_level"));
    EXPECT_TRUE(Near(r.estimate, c.Num("estimate"), kExact));
    EXPECT_TRUE(Near(r.wilson.lower, c.Num("wilson_lower"), kExact)) << "Wilson lower";
    EXPECT_TRUE(Near(r.wilson.upper, c.Num("wilson_upper"), kExact)) << "Wilson upper";
    EXPECT_TRUE(Near(r.clopper_pearson.lower, c.Num("cp_lower"), kExact)) << "CP lower";
    EXPECT_TRUE(Near(r.clopper_pearson.upper, c.Num("cp_upper"), kExact)) << "CP upper";
  }
}

TEST(RReferenceTest, PAdjust) {
  for (const Case& c : LoadCases("p_adjust.csv")) {
    SCOPED_TRACE(c.Describe());
    const std::vector<double> p = Vector(c["p"]);
    const std::vector<double> holm = HolmAdjust(p), bh = BenjaminiHochbergAdjust(p);
    const std::vector<double> r_holm = Vector(c["holm"]), r_bh = Vector(c["bh"]);
    ASSERT_EQ(holm.size(), r_holm.size());
    for (std::size_t i = 0; i < p.size(); ++i) {
      EXPECT_TRUE(Near(holm[i], r_holm[i], kExact)) << "Holm " << i;
      EXPECT_TRUE(Near(bh[i], r_bh[i], kExact)) << "BH " << i;
    }
  }
}

TEST(RReferenceTest, CronbachAlpha) {
  for (const Case& c : LoadCases("cronbach_alpha.csv")) {
    SCOPED_TRACE(c.Describe());
    std::vector<std::vector<double>> scores;
    for (const std::string& row : Split(c["scores"], '|')) scores.push_back(Vector(row));
    EXPECT_TRUE(Near(CronbachAlpha(scores), c.Num("alpha"), kExact));
  }
}

TEST(RReferenceTest, CohenKappa) {
  for (const Case& c : LoadCases("cohen_kappa.csv")) {
    SCOPED_TRACE(c.Describe());
    const KappaResult r = CohenKappa(Split(c["coder_a"], ' '), Split(c["coder_b"], ' '));
    EXPECT_TRUE(Near(r.kappa, c.Num("kappa"), kExact, 1e-12)) << "kappa";
    EXPECT_TRUE(Near(r.observed_agreement, c.Num("observed"), kExact));
    EXPECT_TRUE(Near(r.expected_agreement, c.Num("expected"), kExact));
  }
}

TEST(RReferenceTest, LikertSummary) {
  for (const Case& c : LoadCases("likert_summary.csv")) {
    SCOPED_TRACE(c.Describe());
    std::vector<std::optional<int>> answers;
    std::istringstream in(c["answers"]);
    std::string token;
    while (in >> token) {
      answers.push_back(token == "NA" ? std::nullopt : std::optional<int>(std::stoi(token)));
    }
    const LikertSummary s = SummarizeLikert("item", answers);
    EXPECT_EQ(s.n, c.Int("n"));
    EXPECT_EQ(s.missing, c.Int("missing"));
    EXPECT_TRUE(Near(s.q1, c.Num("q1"), kExact)) << "q1";
    EXPECT_TRUE(Near(s.median, c.Num("median"), kExact)) << "median";
    EXPECT_TRUE(Near(s.q3, c.Num("q3"), kExact)) << "q3";
    EXPECT_TRUE(Near(s.percent_agree, c.Num("percent_agree"), kExact)) << "percent agree";
  }
}

}  // namespace
}  // namespace tandem::stats
