#include "core/deidentify.h"

#include <gtest/gtest.h>

namespace tandem {
namespace {

const std::vector<std::string> kPeople = {"Dr. Priya Desai", "Tomás Ng", "Ana Li",
                                          "Demo Coordinator"};

TEST(DeidentifyTest, ReplacesNamesEmailsAndPhones) {
  EXPECT_EQ(RedactIdentifiers("Dr. Desai was great; priya's advice on my K08 helped.", kPeople),
            "Dr. [name] was great; [name]'s advice on my K08 helped.");
  EXPECT_EQ(
      RedactIdentifiers("Write to priya.desai@uni.example. Or call +1 (617) 555-0142!", kPeople),
      "Write to [email]. Or call [phone]!");
  // The full name is one span, whatever the case.
  EXPECT_EQ(RedactIdentifiers("PRIYA DESAI and tomás ng met", kPeople), "[name] and [name] met");
}

TEST(DeidentifyTest, LeavesOrdinaryTextAlone) {
  // Words under three letters ("Ng", "Li") are not names on their own, parts
  // of other words are not names, and a PMID is not a phone number.
  EXPECT_EQ(RedactIdentifiers("Linking data in 2026, 12 meetings, ASH 2025 abstract", kPeople),
            "Linking data in 2026, 12 meetings, ASH 2025 abstract");
  EXPECT_EQ(RedactIdentifiers("Analysis of 35 pairs", kPeople), "Analysis of 35 pairs");
  // Role words in an account's name are not names.
  EXPECT_EQ(RedactIdentifiers("A check-in with the coordinator", kPeople),
            "A check-in with the coordinator");
  EXPECT_EQ(RedactIdentifiers("the K08 grant, PMID 12345678", kPeople),
            "the K08 grant, PMID 12345678");
  EXPECT_EQ(RedactIdentifiers("call 6175550142 or 555-0142", kPeople), "call [phone] or [phone]");
}

TEST(DeidentifyTest, SpansAreOrderedAndTyped) {
  const auto spans = FindIdentifiers("Ana Li: ana@x.org", kPeople);
  ASSERT_EQ(spans.size(), 2u);
  EXPECT_EQ(spans[0].kind, "name");
  EXPECT_EQ(spans[0].begin, 0u);
  EXPECT_EQ(spans[0].end, 6u);
  EXPECT_EQ(spans[1].kind, "email");
  EXPECT_EQ(spans[1].begin, 8u);
}

}  // namespace
}  // namespace tandem
