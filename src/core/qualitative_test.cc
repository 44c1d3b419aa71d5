#include "core/qualitative.h"

#include <gtest/gtest.h>

namespace tandem {
namespace {

TEST(QualitativeTest, OffsetsAreCodePoints) {
  const std::string text = "Élodie: «très bien»\nok";
  EXPECT_EQ(CodePointCount(text), 22);
  EXPECT_EQ(CodePointSlice(text, 0, 6), "Élodie");
  EXPECT_EQ(CodePointSlice(text, 8, 19), "«très bien»");
  EXPECT_EQ(CodePointSlice(text, 20, 99), "ok");
  EXPECT_EQ(CodePointSlice(text, 5, 2), "");
}

TEST(QualitativeTest, UnitsAreTheNonEmptyLines) {
  const std::string text = "Interviewer: How did it go?\n\n  \nFellow: Très bien.\nDone";
  const auto units = CodingUnits(text);
  ASSERT_EQ(units.size(), 3u);
  EXPECT_EQ(CodePointSlice(text, units[0].first, units[0].second), "Interviewer: How did it go?");
  EXPECT_EQ(CodePointSlice(text, units[1].first, units[1].second), "Fellow: Très bien.");
  EXPECT_EQ(CodePointSlice(text, units[2].first, units[2].second), "Done");
  EXPECT_TRUE(CodingUnits("\n\n").empty());
}

}  // namespace
}  // namespace tandem
