#include "core/csv.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.h"

namespace tandem {
namespace {

std::vector<std::vector<std::string>> ReadAll(const std::string& text) {
  std::istringstream in(text);
  CsvReader reader(in);
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  while (reader.Next(fields)) records.push_back(fields);
  return records;
}

TEST(CsvReader, ParsesRfc4180Cases) {
  using Records = std::vector<std::vector<std::string>>;
  const struct {
    std::string text;
    Records want;
  } cases[] = {
      {"a,b\n1,2\n", {{"a", "b"}, {"1", "2"}}},
      {"a,b\r\n1,2\r\n", {{"a", "b"}, {"1", "2"}}},
      {"a,b\n1,2", {{"a", "b"}, {"1", "2"}}},
      {"\xEF\xBB\xBF"
       "a,b\n",
       {{"a", "b"}}},
      {"\"x,y\",\"say \"\"hi\"\"\"\n", {{"x,y", "say \"hi\""}}},
      {"\"line1\nline2\",z\n", {{"line1\nline2", "z"}}},
      {",,\n", {{"", "", ""}}},
      {"\"\",a\n", {{"", "a"}}},
      {"", {}},
  };
  for (const auto& c : cases) {
    EXPECT_EQ(ReadAll(c.text), c.want) << "input: " << c.text;
  }
}

TEST(CsvReader, RejectsMalformedQuotesWithRow) {
  const struct {
    std::string text;
    int row;
  } cases[] = {
      {"a,b\n\"open,1\n", 2},
      {"a,b\nx\"y,1\n", 2},
      {"a\n\"q\"z\n", 2},
  };
  for (const auto& c : cases) {
    try {
      ReadAll(c.text);
      ADD_FAILURE() << "no error for: " << c.text;
    } catch (const Error& e) {
      EXPECT_EQ(e.row(), c.row) << c.text;
    }
  }
}

TEST(CsvWriter, QuotesOnlyWhenNeededAndRoundTrips) {
  const std::vector<std::string> fields = {"plain", "with,comma", "with \"quote\"", "two\nlines",
                                           ""};
  std::ostringstream out;
  WriteCsvRecord(out, fields);
  EXPECT_EQ(out.str(), "plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\nlines\",\n");
  EXPECT_EQ(ReadAll(out.str()), std::vector<std::vector<std::string>>{fields});
}

TEST(CsvFormula, EscapesFormulaStartsAndUndoesExactlyThat) {
  for (const char* text : {"=1+2", "+44 20", "-3", "@SUM(A1)", "\tx", "\rx", "=", "'=x", "''+y"}) {
    const std::string escaped = EscapeFormula(text);
    EXPECT_EQ(escaped, std::string("'") + text);
    EXPECT_EQ(UnescapeFormula(escaped), text);
  }
  for (const char* text : {"", "plain", "a=b", "'", "''", "'quoted'", " =x", "x-y"}) {
    EXPECT_EQ(EscapeFormula(text), text);
    EXPECT_EQ(UnescapeFormula(text), text);  // nothing to strip
  }
  // A quote in front of a formula start (as a person may type it) is dropped.
  EXPECT_EQ(UnescapeFormula("'=x"), "=x");
  EXPECT_EQ(UnescapeFormula("'-3"), "-3");
}

TEST(Utf8, AcceptsValidAndRejectsInvalid) {
  const struct {
    std::string text;
    bool valid;
  } cases[] = {
      {"plain", true},
      {"Montr\xC3\xA9"
       "al",
       true},
      {"\xE2\x82\xAC", true},
      {"\xF0\x9F\x98\x80", true},
      {"\xC3", false},
      {"\xC0\xAF", false},      // overlong
      {"\xED\xA0\x80", false},  // surrogate
      {"\xFF", false},
      {"abc\xE2\x82", false},
  };
  for (const auto& c : cases) EXPECT_EQ(IsValidUtf8(c.text), c.valid) << c.text;
}

TEST(Csv, HeaderNamesAreTrimmedLowerCaseAndEachComesOnce) {
  auto read = [](const std::string& text, std::vector<std::string>& names) {
    std::istringstream in(text);
    CsvReader reader(in);
    std::vector<InputProblem> problems;
    const bool ok = ReadCsvHeader(reader, names, problems);
    std::string out = ok ? "ok" : "refused";
    for (const InputProblem& p : problems) out += "; " + FormatProblem(p);
    return out;
  };
  std::vector<std::string> names;
  EXPECT_EQ(read(" Email ,KIND,title\nx,y,z\n", names), "ok");
  EXPECT_EQ(names, (std::vector<std::string>{"Email", "KIND", "title"}));
  EXPECT_EQ(read("", names), "refused; row 1: the file is empty; the first row names the columns");
  EXPECT_EQ(read("email,Title,EMAIL ,title\n", names),
            "refused; row 1, column EMAIL: the column appears twice; row 1, column title: the "
            "column appears twice");
  EXPECT_EQ(read("email,\"kind\n", names).substr(0, 15), "refused; row 1:");
}

}  // namespace
}  // namespace tandem
