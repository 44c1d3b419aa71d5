// The vocabulary a program's profiles are described in: topics (interests and
// specialties) arranged in a tree so that sibling topics can earn partial
// credit, career goals, ordered career stages, and languages. Values outside
// the taxonomy are allowed as free tags; the taxonomy only adds meaning.
#pragma once

#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"

namespace tandem {

struct Taxonomy {
  // topic -> parent topic ("" for a root). Used for interests and specialties.
  std::map<std::string, std::string> topics;
  std::vector<std::string> goals;
  // Career stages from most junior to most senior; the index is the seniority rank.
  std::vector<std::string> career_stages;
  std::vector<std::string> languages;

  bool HasTopic(const std::string& tag) const { return topics.count(tag) > 0; }
  // Parent of a topic, or "" when it is a root or unknown.
  std::string ParentOf(const std::string& topic) const;
  // Seniority rank of a career stage (0 = most junior); nullopt when not listed.
  std::optional<int> StageRank(const std::string& stage) const;
  bool HasGoal(const std::string& goal) const;
  bool HasLanguage(const std::string& language) const;
};

// The built-in taxonomy for hematology and oncology programs (classical
// hematology topics in detail), used when a program defines none of its own:
// the template "hematology_oncology".
const Taxonomy& DefaultTaxonomy();

// A built-in starting vocabulary, kept as a data file in data/taxonomies/
// (reviewed like any text; compiled in).
struct TaxonomyTemplate {
  std::string code;  // e.g. "oncology_nursing"
  std::string title;
  std::string description;
  Taxonomy taxonomy;
};
// Every template, "hematology_oncology" first.
const std::vector<TaxonomyTemplate>& TaxonomyTemplates();
// The template with `code`, or null.
const TaxonomyTemplate* FindTaxonomyTemplate(std::string_view code);

// The four lists of a taxonomy, as files and the API name them.
enum class TaxonomyList { kTopics, kGoals, kCareerStages, kLanguages };
std::string_view TaxonomyListName(
    TaxonomyList list);  // "topic", "goal", "career_stage", "language"
std::optional<TaxonomyList> ParseTaxonomyList(std::string_view text);

// Most entries a taxonomy may hold in all.
inline constexpr int kMaxTaxonomyEntries = 5000;

// Checks a whole taxonomy: values are canonical tags (CanonicalTag) of 1..100
// bytes, unique within their list; every topic's parent is a topic; no topic
// is its own ancestor; at most kMaxTaxonomyEntries entries. Throws
// tandem::Error(kInvalidArgument) naming the list and value.
void ValidateTaxonomy(const Taxonomy& taxonomy);

// One change a coordinator makes to a taxonomy.
//   add:    `value` into `list` (topics under `parent`, "" for a root; the
//           other lists at `position`, default last: career stages are
//           ordered from most junior, 0).
//   rename: `value` becomes `to` (children of a topic follow it).
//   move:   a topic under `parent`; another list's value to `position`.
//   merge:  `value` into `to`, which stays (a topic's children move to `to`).
//   remove: `value` leaves the list (a topic's children move to its parent);
//           people keep it as a free tag.
struct TaxonomyEdit {
  enum class Op { kAdd, kRename, kMove, kMerge, kRemove };
  Op op = Op::kAdd;
  TaxonomyList list = TaxonomyList::kTopics;
  std::string value;
  std::string to;
  std::string parent;
  std::optional<int> position;
};
std::string_view TaxonomyEditOpName(
    TaxonomyEdit::Op op);  // "add", "rename", "move", "merge", "remove"
std::optional<TaxonomyEdit::Op> ParseTaxonomyEditOp(std::string_view text);

// Applies `edit` to `taxonomy` (values are made canonical first) and returns
// the tag that people's profiles must change from and to: {value, to} for a
// rename or merge, nullopt otherwise. Throws tandem::Error(kInvalidArgument)
// naming the field ("value", "to", "parent", "position") when the edit does
// not apply: an unknown value, a name taken, a move under its own subtree.
std::optional<std::pair<std::string, std::string>> ApplyTaxonomyEdit(Taxonomy& taxonomy,
                                                                     const TaxonomyEdit& edit);

// The taxonomy file (docs/programs.md): columns list, value, parent; one row
// per entry, career stages from most junior to most senior.
struct TaxonomyFile {
  Taxonomy taxonomy;
  std::vector<InputProblem> errors;  // non-empty: nothing may be replaced
  bool ok() const { return errors.empty(); }
};
// Reads and validates a whole file, collecting every problem by row and column.
TaxonomyFile ReadTaxonomyCsv(std::istream& in);
void WriteTaxonomyCsv(std::ostream& out, const Taxonomy& taxonomy);

}  // namespace tandem
