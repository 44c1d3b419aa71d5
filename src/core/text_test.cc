#include "core/text.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem {
namespace {

TEST(HasControlCharacters, RefusesWhatCanDisguiseOrBreakText) {
  const struct {
    std::string text;
    bool single_line;  // expected for a one-line field
    bool multiline;    // expected for free text (bio, objectives)
  } cases[] = {
      {"Dr. Ana Ruiz", false, false},
      {"José Núñez — hématologie 血液", false, false},  // any script is fine
      {"a\tb", false, false},
      {"line one\nline two\r\n", true, false},
      {std::string("a\0b", 3), true, true},
      {"bell\x07", true, true},
      {"del\x7f", true, true},
      {"c1 \xc2\x85 next line", true, true},
      {"\xe2\x80\xae"
       "evil.exe",
       true, true},  // U+202E right-to-left override
      {"x\xe2\x81\xa6"
       "isolate",
       true, true},                                          // U+2066 left-to-right isolate
      {"\xe2\x80\x94 em dash, \xe2\x80\xa9", false, false},  // U+2014, U+2029 are text
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    EXPECT_EQ(HasControlCharacters(c.text), c.single_line);
    EXPECT_EQ(HasControlCharacters(c.text, true), c.multiline);
  }
}

// Limits count characters, not bytes: 1000 "é" (2000 bytes) fit in 1000.
TEST(CheckText, CountsCharactersAndNamesTheField) {
  std::string e_acute;
  for (int i = 0; i < 1000; ++i) e_acute += "\xc3\xa9";
  EXPECT_EQ(CharacterCount(e_acute), 1000u);
  EXPECT_EQ(CharacterCount("a\xf0\x9f\xa9\xb8"
                           "b"),
            3u);  // U+1FA78, four bytes
  EXPECT_NO_THROW(CheckText(e_acute, "reason", 1000));
  const auto error_of = [](std::string_view text, bool multiline = false) {
    try {
      CheckText(text, "reason", 1000, multiline);
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), "reason");
      return e.message();
    }
    return std::string("accepted");
  };
  EXPECT_EQ(error_of(e_acute + "x"), "reason has more than 1000 characters");
  EXPECT_EQ(error_of("bad \xff"), "reason is not valid UTF-8");
  EXPECT_EQ(error_of("two\nlines"), "reason contains a control or text-direction character");
  EXPECT_EQ(error_of("two\nlines", true), "accepted");
}

}  // namespace
// One number rule for numbers in files (the scores file of tandem match).
TEST(FoldCase, LowersTheLettersOfPeoplesNames) {
  EXPECT_EQ(FoldCase("Daniel QUISPE"), "daniel quispe");
  EXPECT_EQ(FoldCase("ÉLODIE Müller"), "élodie müller");
  EXPECT_EQ(FoldCase("Łukasz ŻÓŁW"), "łukasz żółw");
  EXPECT_EQ(FoldCase("ДМИТРИЙ Ёлкин"), "дмитрий ёлкин");
  EXPECT_EQ(FoldCase("ΣΟΦΙΑ"), "σοφια");
  EXPECT_EQ(FoldCase("Ÿ × ß"), "ÿ × ß");          // U+00D7 and ß have no case pair here
  EXPECT_EQ(FoldCase("李 Nguyễn"), "李 nguyễn");  // three-byte characters kept
  EXPECT_EQ(FoldCase(std::string("A\xC3")), std::string("a\xC3"));  // a broken sequence kept
}

TEST(JsonQuoted, AlwaysValidJson) {
  EXPECT_EQ(JsonQuoted("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(JsonQuoted("tab\tnl\n\x01\x7f"), "\"tab\\u0009nl\\u000a\\u0001\\u007f\"");
  EXPECT_EQ(JsonQuoted("Zo\xC3\xAB"), "\"Zo\xC3\xAB\"");  // UTF-8 kept
  EXPECT_EQ(JsonQuoted("bad \xFF"), "\"bad \\ufffd\"");
  EXPECT_EQ(JsonQuoted(""), "\"\"");
}

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "ab"));
  EXPECT_FALSE(ConstantTimeEquals("", "a"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
}

TEST(ParseDecimal, ReadsWhatPeopleWriteAndNothingElse) {
  const struct {
    const char* text;
    std::optional<double> value;
  } cases[] = {
      {"90", 90},
      {" 90", 90},
      {"90 ", 90},
      {"\t90\r", 90},
      {"-1.5", -1.5},
      {"+2", 2},
      {".5", 0.5},
      {"5.", 5},
      {"2e3", 2000},
      {"2E-3", 0.002},
      {"1e-400", 0},
      {"-1e-400", 0},
      {"0", 0},
      {"1e400", {}},
      {"-1e400", {}},
      {"0x1p4", {}},
      {"0x10", {}},
      {"inf", {}},
      {"-inf", {}},
      {"nan", {}},
      {"NaN", {}},
      {"", {}},
      {" ", {}},
      {"-", {}},
      {".", {}},
      {"e5", {}},
      {"1e", {}},
      {"1,5", {}},
      {"9 0", {}},
      {"++1", {}},
      {"+-1", {}},
      {"1-", {}},
      {"1..2", {}},
      {"12abc", {}},
      {"\xef\xbb\xbf"
       "1",
       {}},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.text);
    const std::optional<double> got = ParseDecimal(c.text);
    ASSERT_EQ(got.has_value(), c.value.has_value()) << (got ? std::to_string(*got) : "none");
    if (got) {
      EXPECT_DOUBLE_EQ(*got, *c.value);
    }
  }
}

}  // namespace tandem
