#include "core/survey.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>

#include "core/csv.h"
#include "core/error.h"

namespace tandem {
namespace {

std::vector<SurveyItem> Sample() {
  SurveyItem match;
  match.code = "good_match";
  match.kind = "likert";
  match.text = "My mentor was a good match.";
  match.required = true;
  match.allow_na = true;
  SurveyItem project;
  project.code = "project";
  project.kind = "single";
  project.text = "Did you work on a project?";
  project.options = {"Yes", "No"};
  SurveyItem kind;
  kind.code = "project_kind";
  kind.kind = "multiple";
  kind.text = "Which kinds?";
  kind.options = {"Research", "Quality improvement", "Education"};
  kind.required = true;
  kind.show_if_code = "project";
  kind.show_if_value = "1";
  SurveyItem grid;
  grid.code = "gains";
  grid.kind = "matrix";
  grid.text = "Mentoring improved my";
  grid.points = 7;
  grid.rows = {{"confidence", "confidence"}, {"career", "career planning"}};
  SurveyItem years;
  years.code = "years";
  years.kind = "number";
  years.text = "Years since your degree";
  years.min = 0;
  years.max = 60;
  std::vector<SurveyItem> items = {match, project, kind, grid, years};
  ValidateSurveyItems(items);
  return items;
}

std::string Problems(const std::vector<SurveyItem>& items, const SurveyAnswers& a, bool complete) {
  std::vector<FieldProblem> problems;
  CheckSurveyAnswers(items, a, complete, problems);
  std::string out;
  for (const FieldProblem& p : problems)
    out += (out.empty() ? "" : "; ") + p.field + ": " + p.message;
  return out;
}

std::string FieldOf(std::vector<SurveyItem> items) {
  try {
    ValidateSurveyItems(items);
  } catch (const Error& e) {
    return e.field();
  }
  return "ok";
}

TEST(Survey, ItemsAreCheckedAndNamedByTheirPlace) {
  const std::vector<SurveyItem> items = Sample();
  EXPECT_EQ(items[0].labels.size(), 5u);
  EXPECT_EQ(items[0].labels[3], "Agree");
  EXPECT_EQ(items[3].labels.size(), 7u);
  auto with = [&](auto change) {
    std::vector<SurveyItem> copy = items;
    change(copy);
    return FieldOf(copy);
  };
  EXPECT_EQ(with([](auto& v) { v[1].code = "Good match"; }), "items[1].code");
  EXPECT_EQ(with([](auto& v) { v[1].code = "good_match"; }), "items[1].code");
  EXPECT_EQ(with([](auto& v) { v[4].code = "career"; }), "items[4].code");  // a matrix row's
  EXPECT_EQ(with([](auto& v) { v[0].points = 4; }), "items[0].points");
  EXPECT_EQ(with([](auto& v) { v[0].labels = {"a", "b"}; }), "items[0].labels");
  EXPECT_EQ(with([](auto& v) { v[1].options = {"Yes"}; }), "items[1].options");
  EXPECT_EQ(with([](auto& v) { v[1].options = {"Yes", " yes "}; }), "items[1].options");
  EXPECT_EQ(with([](auto& v) { v[2].show_if_value = "3"; }), "items[2].show_if_value");
  EXPECT_EQ(with([](auto& v) { v[1].show_if_code = "project_kind"; }), "items[1].show_if_code");
  EXPECT_EQ(with([](auto& v) { v[4].min = 10, v[4].max = 5; }), "items[4].max");
  EXPECT_EQ(with([](auto& v) { v[0].kind = "slider"; }), "items[0].kind");
  EXPECT_EQ(FieldOf({}), "items");
}

TEST(Survey, AnswersAreCheckedAndHiddenOnesDropped) {
  const std::vector<SurveyItem> items = Sample();
  EXPECT_EQ(Problems(items, {}, false), "");
  EXPECT_EQ(Problems(items, {}, true), "good_match: please answer this question");
  EXPECT_EQ(Problems(items, {{"good_match", "na"}, {"project", "1"}}, true),
            "project_kind: please answer this question");
  EXPECT_EQ(Problems(items,
                     {{"good_match", "6"},
                      {"project", "3"},
                      {"confidence", "7"},
                      {"career", "8"},
                      {"years", "61"},
                      {"nope", "1"}},
                     false),
            "nope: there is no item nope; good_match: choose a point of the scale; project: "
            "choose one of the options; career: choose a point of the scale; years: the number "
            "must be between 0 and 60");
  EXPECT_EQ(Problems(items, {{"project", "1"}, {"project_kind", "3,1"}}, false),
            "project_kind: choose among the options (their numbers, ascending, separated by "
            "commas)");
  std::vector<FieldProblem> problems;
  const SurveyAnswers kept = CheckSurveyAnswers(
      items, {{"good_match", "4"}, {"project", "2"}, {"project_kind", "1,3"}, {"years", " 3.5 "}},
      true, problems);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(kept, (SurveyAnswers{{"good_match", "4"}, {"project", "2"}, {"years", "3.5"}}));
}

TEST(Survey, ExportColumnsAndTheRedcapDictionary) {
  const std::vector<SurveyItem> items = Sample();
  EXPECT_EQ(
      SurveyColumns(items),
      (std::vector<std::string>{"good_match", "project", "project_kind___1", "project_kind___2",
                                "project_kind___3", "confidence", "career", "years"}));
  EXPECT_EQ(
      SurveyRow(items,
                {{"good_match", "5"}, {"project", "1"}, {"project_kind", "1,3"}, {"career", "6"}}),
      (std::vector<std::string>{"5", "1", "1", "0", "1", "", "6", ""}));
  std::ostringstream out;
  WriteRedcapDictionary(out, items, "end_of_program");
  std::istringstream in(out.str());
  CsvReader reader(in);
  std::vector<std::string> row;
  ASSERT_TRUE(reader.Next(row));
  EXPECT_EQ(row.size(), 18u);
  EXPECT_EQ(row[0], "Variable / Field Name");
  std::vector<std::vector<std::string>> rows;
  while (reader.Next(row)) rows.push_back(row);
  ASSERT_EQ(rows.size(), 6u);  // a matrix gives one row per matrix row
  EXPECT_EQ(rows[0][3], "radio");
  EXPECT_EQ(rows[0][5],
            "1, Strongly disagree | 2, Disagree | 3, Neither agree nor disagree | 4, Agree | 5, "
            "Strongly agree | na, Not applicable");
  EXPECT_EQ(rows[0][12], "y");
  EXPECT_EQ(rows[2][3], "checkbox");
  EXPECT_EQ(rows[2][11], "[project] = '1'");
  EXPECT_EQ(rows[3][15], "gains");
  EXPECT_EQ(rows[5][7], "number");
  EXPECT_EQ(rows[5][8], "0");
  EXPECT_EQ(rows[5][9], "60");
}

TEST(Survey, TheLibraryIsValidAndCoversTheReferenceProgramsItems) {
  std::set<std::string> codes;
  for (const SurveyConstruct& c : SurveyLibrary()) {
    std::vector<SurveyItem> items = c.items;
    EXPECT_NO_THROW(ValidateSurveyItems(items)) << c.code;
    EXPECT_EQ(items, c.items) << c.code << " is stored canonical";
    for (const SurveyItem& i : c.items) EXPECT_TRUE(codes.insert(i.code).second) << i.code;
  }
  for (const char* code : {"good_match", "confidence", "career_development",
                           "professional_identity", "stay_in_field", "felt_understood"}) {
    EXPECT_TRUE(codes.count(code)) << code;
  }
}

}  // namespace
}  // namespace tandem
