#include "core/text.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace tandem
