#include "matching/scores_csv.h"

#include <gtest/gtest.h>

#include <sstream>
#include <string>
#include <vector>

#include "core/error.h"

namespace tandem::matching {
namespace {

TEST(ScoresCsvTest, ReadsRowsInAnyColumnOrder) {
  std::istringstream in(
      "\xEF\xBB\xBFscore,note,mentor,mentee\r\n"
      "90,x,M1,F1\r\n"
      "\r\n"
      " -1.5 ,,M2,F1\r\n");
  const GivenScoreTable scores = ReadScoresCsv(in, "s.csv");
  ASSERT_EQ(scores.size(), 2u);
  EXPECT_EQ(scores.mentee_ids()[scores.mentee(0)], "F1");
  EXPECT_EQ(scores.mentor_ids()[scores.mentor(0)], "M1");
  EXPECT_EQ(scores.score(0), 90);
  EXPECT_EQ(scores.row(0), 2);
  EXPECT_EQ(scores.mentee(1), scores.mentee(0));  // one id, stored once
  EXPECT_EQ(scores.mentor_ids()[scores.mentor(1)], "M2");
  EXPECT_EQ(scores.score(1), -1.5);
  EXPECT_EQ(scores.row(1), 4);
}

TEST(InternedIdsTest, NumbersDistinctIdsInFirstSeenOrderAcrossGrowth) {
  InternedIds ids;
  for (int round = 0; round < 2; ++round) {
    for (int k = 0; k < 1000; ++k) EXPECT_EQ(ids.Intern("id" + std::to_string(k)), k);
  }
  EXPECT_EQ(ids.size(), 1000);
  EXPECT_EQ(ids[999], "id999");
  EXPECT_EQ(ids.Find("id7"), 7);
  EXPECT_EQ(ids.Find("id1000"), -1);
  EXPECT_EQ(ids.Intern(""), 1000);  // the empty string is an id like any other
  EXPECT_EQ(InternedIds().Find("x"), -1);
}

TEST(ScoresCsvTest, NamesPathRowAndColumnOfTheFirstProblem) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"", "s.csv: row 1, column : the file is empty (expected mentee,mentor,score)"},
      {"mentee,score\n",
       "s.csv: row 1, column mentor: missing column (expected mentee,mentor,score)"},
      {"mentee,mentor,score\nF1,M1\n", "s.csv: row 2, column : too few columns"},
      {"mentee,mentor,score\nF1,M1,90\nF2,M1,high\n",
       "s.csv: row 3, column score: \"high\" is not a number (write a decimal such as 42 or 0.75)"},
      {"mentee,mentor,score\nF1,M1,0x1p4\n",
       "s.csv: row 2, column score: \"0x1p4\" is not a number (write a decimal such as 42 or "
       "0.75)"},
  };
  for (const Case& c : cases) {
    std::istringstream in(c.text);
    try {
      ReadScoresCsv(in, "s.csv");
      ADD_FAILURE() << "no error for " << c.text;
    } catch (const Error& e) {
      EXPECT_EQ(e.message(), c.message) << c.text;
      EXPECT_EQ(e.field(), "scores") << c.text;
    }
  }
}

TEST(ScoresCsvTest, MalformedCsvIsReportedWithThePath) {
  std::istringstream in("mentee,mentor,score\nF1,\"M1,90\n");
  try {
    ReadScoresCsv(in, "s.csv");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.message().rfind("s.csv: row 2", 0), 0u) << e.message();
  }
}

}  // namespace
}  // namespace tandem::matching
