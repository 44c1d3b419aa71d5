#include "stats/likert.h"

#include <gtest/gtest.h>

#include <cmath>

#include "core/error.h"

namespace tandem::stats {
namespace {

TEST(ParseLikertAnswerTest, CodesWordsInAnyCaseAndBlanks) {
  struct Case {
    const char* text;
    std::optional<int> value;
  } cases[] = {
      {"1", 1},
      {" 5 ", 5},
      {"Strongly disagree", 1},
      {"STRONGLY  DISAGREE", 1},
      {"disagree", 2},
      {"Neutral", 3},
      {"Neither agree nor disagree", 3},
      {"neither AGREE nor disagree", 3},
      {"Agree", 4},
      {"agree", 4},
      {"strongly Agree", 5},
      {"", std::nullopt},
      {"   ", std::nullopt},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(ParseLikertAnswer(c.text, "confidence", 2), c.value);
  }
}

TEST(ParseLikertAnswerTest, RejectsOtherAnswersNamingRowAndColumn) {
  for (const char* text : {"0", "6", "7", "4.5", "-1", "Maybe", "agreed", "Strongly"}) {
    SCOPED_TRACE(text);
    try {
      ParseLikertAnswer(text, "confidence", 12);
      ADD_FAILURE() << "no error";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
      EXPECT_EQ(e.field(), "confidence");
      EXPECT_EQ(e.row(), 12);
      EXPECT_NE(e.message().find("row 12"), std::string::npos) << e.message();
      EXPECT_NE(e.message().find("confidence"), std::string::npos) << e.message();
    }
  }
}

TEST(SummarizeLikertTest, CountsMissingAndTopTwoBoxes) {
  const LikertSummary s = SummarizeLikert("confidence", {5, 4, std::nullopt, 2, 4, 1});
  EXPECT_EQ(s.n, 5);
  EXPECT_EQ(s.missing, 1);
  EXPECT_EQ(s.median, 4);
  EXPECT_EQ(s.q1, 2);
  EXPECT_EQ(s.q3, 4);
  EXPECT_EQ(s.counts, (std::array<int, 5>{1, 1, 0, 2, 1}));
  EXPECT_DOUBLE_EQ(s.percent_agree, 60);
  const LikertSummary empty = SummarizeLikert("x", {std::nullopt});
  EXPECT_EQ(empty.n, 0);
  EXPECT_TRUE(std::isnan(empty.median));
  EXPECT_THROW(SummarizeLikert("x", {6}), Error);
  EXPECT_THROW(SummarizeLikert("x", {3}, 0), Error);
}

}  // namespace
}  // namespace tandem::stats
