#include "core/taxonomy.h"

#include <gtest/gtest.h>

#include <sstream>

#include "core/error.h"

namespace tandem {
namespace {

std::string FieldOf(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.field();
  }
  return "(no error)";
}

TEST(TaxonomyTemplates, EveryTemplateIsValidAndRoundTripsThroughItsFile) {
  ASSERT_GE(TaxonomyTemplates().size(), 5u);
  EXPECT_EQ(TaxonomyTemplates().front().code, "hematology_oncology");
  for (const TaxonomyTemplate& t : TaxonomyTemplates()) {
    SCOPED_TRACE(t.code);
    EXPECT_NO_THROW(ValidateTaxonomy(t.taxonomy));
    EXPECT_GE(t.taxonomy.topics.size(), 20u);
    EXPECT_GE(t.taxonomy.career_stages.size(), 5u);
    EXPECT_GE(t.taxonomy.goals.size(), 5u);
    std::stringstream file;
    WriteTaxonomyCsv(file, t.taxonomy);
    const TaxonomyFile back = ReadTaxonomyCsv(file);
    ASSERT_TRUE(back.ok()) << FormatProblem(back.errors.front());
    EXPECT_EQ(back.taxonomy.topics, t.taxonomy.topics);
    EXPECT_EQ(back.taxonomy.career_stages, t.taxonomy.career_stages);
    EXPECT_EQ(back.taxonomy.goals, t.taxonomy.goals);
    EXPECT_EQ(back.taxonomy.languages, t.taxonomy.languages);
  }
  const Taxonomy& nursing = FindTaxonomyTemplate("oncology_nursing")->taxonomy;
  EXPECT_EQ(nursing.ParentOf("chemotherapy administration"),
            "chemotherapy and immunotherapy administration");
  EXPECT_LT(*nursing.StageRank("new graduate nurse"), *nursing.StageRank("nurse practitioner"));
  EXPECT_TRUE(nursing.HasGoal("ocn certification"));
  EXPECT_EQ(FindTaxonomyTemplate("nope"), nullptr);
  // The default is the hematology template, with classical hematology in detail.
  EXPECT_EQ(DefaultTaxonomy().ParentOf("sickle cell disease"), "classical hematology");
}

TEST(TaxonomyFileTest, ReportsEveryProblemByRowAndColumn) {
  std::istringstream in(
      "list,value,parent,colour\n"
      "topic,Symptom Management,,\n"
      "topic,nausea,symptom management,\n"
      "topic,orphan,no such parent,\n"
      "flavour,x,,\n"
      "goal,OCN certification,something,\n"
      "topic,nausea,,\n"
      "career_stage,,,\n"
      "topic,a,b,\n"
      "topic,b,a,\n");
  const TaxonomyFile file = ReadTaxonomyCsv(in);
  ASSERT_FALSE(file.ok());
  std::vector<std::pair<int, std::string>> where;
  for (const InputProblem& p : file.errors) where.push_back({p.row, p.column});
  const std::vector<std::pair<int, std::string>> expected = {
      {1, "colour"}, {4, "parent"}, {5, "list"},   {6, "parent"},
      {7, "value"},  {8, "value"},  {9, "parent"}, {10, "parent"}};
  EXPECT_EQ(where, expected);
}

TEST(TaxonomyEdits, RenameMergeMoveRemoveKeepTheTree) {
  Taxonomy t = FindTaxonomyTemplate("oncology_nursing")->taxonomy;
  using Op = TaxonomyEdit::Op;
  // Add a subtopic and a career stage at a position.
  ApplyTaxonomyEdit(t,
                    {Op::kAdd, TaxonomyList::kTopics, "Scalp Cooling", "", "symptom management"});
  EXPECT_EQ(t.ParentOf("scalp cooling"), "symptom management");
  ApplyTaxonomyEdit(t, {Op::kAdd, TaxonomyList::kCareerStages, "nurse resident", "", "", 2});
  EXPECT_EQ(t.career_stages[2], "nurse resident");
  // Rename a root: its children follow it; the edit says which tag changes.
  auto change = ApplyTaxonomyEdit(
      t, {Op::kRename, TaxonomyList::kTopics, "symptom management", "symptom science"});
  ASSERT_TRUE(change);
  EXPECT_EQ(change->first, "symptom management");
  EXPECT_EQ(change->second, "symptom science");
  EXPECT_FALSE(t.HasTopic("symptom management"));
  EXPECT_EQ(t.ParentOf("scalp cooling"), "symptom science");
  // Merge: the kept topic takes the children.
  change = ApplyTaxonomyEdit(
      t, {Op::kMerge, TaxonomyList::kTopics, "oncologic emergencies", "symptom science"});
  ASSERT_TRUE(change);
  EXPECT_EQ(t.ParentOf("tumor lysis syndrome"), "symptom science");
  // Merge a parent into its own child: the child takes the parent's place.
  ApplyTaxonomyEdit(t, {Op::kMerge, TaxonomyList::kTopics, "symptom science", "scalp cooling"});
  EXPECT_EQ(t.ParentOf("scalp cooling"), "");
  EXPECT_EQ(t.ParentOf("tumor lysis syndrome"), "scalp cooling");
  // Move under one's own subtree is refused; a career stage moves by position.
  EXPECT_EQ(FieldOf([&] {
              ApplyTaxonomyEdit(t, {Op::kMove, TaxonomyList::kTopics, "scalp cooling", "",
                                    "tumor lysis syndrome"});
            }),
            "parent");
  ApplyTaxonomyEdit(t, {Op::kMove, TaxonomyList::kCareerStages, "nurse resident", "", "", 0});
  EXPECT_EQ(t.career_stages[0], "nurse resident");
  // Remove a topic: its children move to its parent, nothing to rewrite.
  EXPECT_FALSE(ApplyTaxonomyEdit(t, {Op::kRemove, TaxonomyList::kTopics, "scalp cooling"}));
  EXPECT_EQ(t.ParentOf("tumor lysis syndrome"), "");
  EXPECT_NO_THROW(ValidateTaxonomy(t));
  // Errors name the field.
  EXPECT_EQ(FieldOf([&] {
              ApplyTaxonomyEdit(t, {Op::kRename, TaxonomyList::kGoals, "nope", "x"});
            }),
            "value");
  EXPECT_EQ(FieldOf([&] {
              ApplyTaxonomyEdit(t, {Op::kRename, TaxonomyList::kGoals, "ocn certification",
                                    "bmtcn certification"});
            }),
            "to");
  EXPECT_EQ(FieldOf([&] {
              ApplyTaxonomyEdit(t, {Op::kAdd, TaxonomyList::kGoals, "new goal", "", "a parent"});
            }),
            "parent");
  EXPECT_EQ(FieldOf([&] {
              ApplyTaxonomyEdit(t, {Op::kAdd, TaxonomyList::kLanguages, "klingon", "", "", 999});
            }),
            "position");
}

}  // namespace
}  // namespace tandem
