#include "core/taxonomy.h"

#include <algorithm>
#include <array>
#include <set>
#include <sstream>
#include <utility>

#include "core/error.h"
#include "core/participant.h"
#include "core/taxonomy_data.h"
#include "core/text.h"

namespace tandem {

std::string Taxonomy::ParentOf(const std::string& topic) const {
  auto it = topics.find(topic);
  return it == topics.end() ? std::string() : it->second;
}

std::optional<int> Taxonomy::StageRank(const std::string& stage) const {
  auto it = std::find(career_stages.begin(), career_stages.end(), stage);
  if (it == career_stages.end()) return std::nullopt;
  return static_cast<int>(it - career_stages.begin());
}

bool Taxonomy::HasGoal(const std::string& goal) const {
  return std::find(goals.begin(), goals.end(), goal) != goals.end();
}

bool Taxonomy::HasLanguage(const std::string& language) const {
  return std::find(languages.begin(), languages.end(), language) != languages.end();
}

namespace {

constexpr std::array<std::pair<TaxonomyList, std::string_view>, 4> kLists{{
    {TaxonomyList::kTopics, "topic"},
    {TaxonomyList::kGoals, "goal"},
    {TaxonomyList::kCareerStages, "career_stage"},
    {TaxonomyList::kLanguages, "language"},
}};
constexpr std::array<std::pair<TaxonomyEdit::Op, std::string_view>, 5> kOps{{
    {TaxonomyEdit::Op::kAdd, "add"},
    {TaxonomyEdit::Op::kRename, "rename"},
    {TaxonomyEdit::Op::kMove, "move"},
    {TaxonomyEdit::Op::kMerge, "merge"},
    {TaxonomyEdit::Op::kRemove, "remove"},
}};

Taxonomy ParseTemplate(std::string_view text, std::string_view code) {
  std::istringstream in{std::string(text)};
  TaxonomyFile file = ReadTaxonomyCsv(in);
  if (!file.ok()) {
    throw Error(ErrorCode::kInternal, "taxonomy template " + std::string(code) +
                                          " is broken: " + FormatProblem(file.errors.front()));
  }
  return std::move(file.taxonomy);
}

std::vector<std::string>* ListOf(Taxonomy& t, TaxonomyList list) {
  switch (list) {
    case TaxonomyList::kGoals:
      return &t.goals;
    case TaxonomyList::kCareerStages:
      return &t.career_stages;
    case TaxonomyList::kLanguages:
      return &t.languages;
    case TaxonomyList::kTopics:
      break;
  }
  return nullptr;
}

bool Contains(const Taxonomy& t, TaxonomyList list, const std::string& value) {
  if (list == TaxonomyList::kTopics) return t.HasTopic(value);
  const auto* values = ListOf(const_cast<Taxonomy&>(t), list);
  return std::find(values->begin(), values->end(), value) != values->end();
}

// The problem with one value as a taxonomy entry, or "".
std::string ValueProblem(const std::string& value) {
  if (value.empty()) return "a value is needed";
  if (value.size() > 100) return "at most 100 bytes";
  if (CanonicalTag(value) != value) return "\"" + value + "\" is not in canonical form";
  return "";
}

}  // namespace

const std::vector<TaxonomyTemplate>& TaxonomyTemplates() {
  static const std::vector<TaxonomyTemplate> templates = [] {
    struct Source {
      const char* code;
      const char* title;
      const char* description;
      std::string_view (*text)();
    };
    const Source sources[] = {
        {"hematology_oncology", "Hematology and oncology",
         "Classical and malignant hematology, solid tumours, paediatrics; physician career "
         "stages from medical student to professor.",
         taxonomy_data::hematology_oncology},
        {"oncology_nursing", "Oncology nursing",
         "Chemotherapy and immunotherapy administration, symptom management, navigation, "
         "survivorship; stages from nursing student to director of nursing; certification goals.",
         taxonomy_data::oncology_nursing},
        {"cancer_research", "Cancer research training",
         "Cancer biology, translational, clinical and population science, quantitative methods; "
         "trainee to professor; fellowship and career-award goals.",
         taxonomy_data::cancer_research},
        {"radiation_oncology", "Radiation oncology",
         "Disease sites, treatment techniques, physics and radiobiology; residency years to "
         "department chair.",
         taxonomy_data::radiation_oncology},
        {"peer_support", "Patient and caregiver peer support",
         "Cancer types, treatments, living with cancer and caregiving; where a person is on "
         "their journey, from newly diagnosed to trained peer volunteer.",
         taxonomy_data::peer_support},
    };
    std::vector<TaxonomyTemplate> out;
    for (const Source& s : sources) {
      out.push_back({s.code, s.title, s.description, ParseTemplate(s.text(), s.code)});
    }
    return out;
  }();
  return templates;
}

const TaxonomyTemplate* FindTaxonomyTemplate(std::string_view code) {
  for (const TaxonomyTemplate& t : TaxonomyTemplates()) {
    if (t.code == code) return &t;
  }
  return nullptr;
}

const Taxonomy& DefaultTaxonomy() { return TaxonomyTemplates().front().taxonomy; }

std::string_view TaxonomyListName(TaxonomyList list) {
  for (const auto& [l, name] : kLists) {
    if (l == list) return name;
  }
  return "";
}

std::optional<TaxonomyList> ParseTaxonomyList(std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  for (const auto& [l, name] : kLists) {
    if (name == lower) return l;
  }
  return std::nullopt;
}

std::string_view TaxonomyEditOpName(TaxonomyEdit::Op op) {
  for (const auto& [o, name] : kOps) {
    if (o == op) return name;
  }
  return "";
}

std::optional<TaxonomyEdit::Op> ParseTaxonomyEditOp(std::string_view text) {
  const std::string lower = ToLower(Trim(text));
  for (const auto& [o, name] : kOps) {
    if (name == lower) return o;
  }
  return std::nullopt;
}

void ValidateTaxonomy(const Taxonomy& t) {
  const size_t entries =
      t.topics.size() + t.goals.size() + t.career_stages.size() + t.languages.size();
  if (entries > static_cast<size_t>(kMaxTaxonomyEntries)) {
    throw InvalidArgument(
        "a taxonomy holds at most " + std::to_string(kMaxTaxonomyEntries) + " entries", "taxonomy");
  }
  for (const auto& [topic, parent] : t.topics) {
    if (std::string p = ValueProblem(topic); !p.empty()) throw InvalidArgument(p, "topics");
    if (parent.empty()) continue;
    if (!t.HasTopic(parent)) {
      throw InvalidArgument("the parent \"" + parent + "\" of \"" + topic + "\" is not a topic",
                            "topics");
    }
    // Walk up: a chain longer than the topics means a cycle.
    std::string up = parent;
    for (size_t steps = 0; !up.empty(); ++steps) {
      if (up == topic || steps > t.topics.size()) {
        throw InvalidArgument("\"" + topic + "\" is its own ancestor", "topics");
      }
      up = t.ParentOf(up);
    }
  }
  for (TaxonomyList list :
       {TaxonomyList::kGoals, TaxonomyList::kCareerStages, TaxonomyList::kLanguages}) {
    const auto& values = *ListOf(const_cast<Taxonomy&>(t), list);
    const std::string field(TaxonomyListName(list));
    std::set<std::string> seen;
    for (const std::string& v : values) {
      if (std::string p = ValueProblem(v); !p.empty()) throw InvalidArgument(p, field);
      if (!seen.insert(v).second) throw InvalidArgument("\"" + v + "\" is listed twice", field);
    }
  }
}

std::optional<std::pair<std::string, std::string>> ApplyTaxonomyEdit(Taxonomy& t,
                                                                     const TaxonomyEdit& edit) {
  using Op = TaxonomyEdit::Op;
  const std::string value = CanonicalTag(edit.value);
  const std::string to = CanonicalTag(edit.to);
  const std::string parent = CanonicalTag(edit.parent);
  const bool topics = edit.list == TaxonomyList::kTopics;
  const std::string list_name(TaxonomyListName(edit.list));
  if (std::string p = ValueProblem(value); !p.empty()) throw InvalidArgument(p, "value");
  const bool exists = Contains(t, edit.list, value);
  if (edit.op == Op::kAdd && exists) {
    throw InvalidArgument("\"" + value + "\" is already a " + list_name, "value");
  }
  if (edit.op != Op::kAdd && !exists) {
    throw InvalidArgument("\"" + value + "\" is not a " + list_name, "value");
  }
  if (edit.op == Op::kRename || edit.op == Op::kMerge) {
    if (std::string p = ValueProblem(to); !p.empty()) throw InvalidArgument(p, "to");
    if (to == value) throw InvalidArgument("the same value", "to");
    const bool to_exists = Contains(t, edit.list, to);
    if (edit.op == Op::kRename && to_exists) {
      throw InvalidArgument("\"" + to + "\" is already a " + list_name + ": merge instead", "to");
    }
    if (edit.op == Op::kMerge && !to_exists) {
      throw InvalidArgument("\"" + to + "\" is not a " + list_name, "to");
    }
  }
  const auto check_parent = [&](const std::string& moving) {
    if (parent.empty()) return;
    if (!t.HasTopic(parent)) throw InvalidArgument("\"" + parent + "\" is not a topic", "parent");
    for (std::string up = parent; !up.empty(); up = t.ParentOf(up)) {
      if (up == moving) {
        throw InvalidArgument("a topic cannot move under itself or its own subtopics", "parent");
      }
    }
  };
  const auto place = [&](std::vector<std::string>& values, const std::string& v) {
    const int last = static_cast<int>(values.size());
    const int at = edit.position.value_or(last);
    if (at < 0 || at > last) {
      throw InvalidArgument("a position from 0 to " + std::to_string(last), "position");
    }
    values.insert(values.begin() + at, v);
  };
  if (!topics && !edit.parent.empty()) {
    throw InvalidArgument("only topics have a parent", "parent");
  }
  if (topics && edit.position) {
    throw InvalidArgument("topics are listed by name under their parent: no position", "position");
  }
  switch (edit.op) {
    case Op::kAdd:
      if (topics) {
        check_parent(value);
        t.topics.emplace(value, parent);
      } else {
        place(*ListOf(t, edit.list), value);
      }
      break;
    case Op::kMove:
      if (topics) {
        check_parent(value);
        t.topics[value] = parent;
      } else {
        auto& values = *ListOf(t, edit.list);
        values.erase(std::find(values.begin(), values.end(), value));
        place(values, value);
      }
      break;
    case Op::kRename:
    case Op::kMerge:
    case Op::kRemove: {
      if (topics) {
        const std::string heir = edit.op == Op::kRemove ? t.ParentOf(value) : to;
        const std::string own_parent = t.ParentOf(value);
        for (auto& [topic, p] : t.topics) {
          if (p == value) p = heir;
        }
        t.topics.erase(value);
        if (edit.op == Op::kRename) t.topics.emplace(to, own_parent);
        // A merge that made `to` a child of itself (it was a subtopic of `value`).
        if (edit.op == Op::kMerge && t.topics[to] == to) t.topics[to] = own_parent;
      } else {
        auto& values = *ListOf(t, edit.list);
        auto it = std::find(values.begin(), values.end(), value);
        if (edit.op == Op::kRename) {
          *it = to;
        } else {
          values.erase(it);
        }
      }
      if (edit.op == Op::kRemove) return std::nullopt;
      return std::make_pair(value, to);
    }
  }
  return std::nullopt;
}

TaxonomyFile ReadTaxonomyCsv(std::istream& in) {
  TaxonomyFile file;
  const auto problem = [&](int row, std::string column, std::string reason) {
    file.errors.push_back({row, std::move(column), std::move(reason)});
  };
  std::vector<std::string> fields;
  std::vector<std::pair<int, std::pair<std::string, std::string>>> topics;  // row, (topic, parent)
  try {
    CsvReader reader(in);
    if (!reader.Next(fields)) {
      problem(1, "", "the file is empty: the first row names the columns list, value, parent");
      return file;
    }
    int list_col = -1, value_col = -1, parent_col = -1;
    for (size_t i = 0; i < fields.size(); ++i) {
      const std::string name = ToLower(Trim(fields[i]));
      if (name == "list")
        list_col = static_cast<int>(i);
      else if (name == "value")
        value_col = static_cast<int>(i);
      else if (name == "parent")
        parent_col = static_cast<int>(i);
      else
        problem(1, fields[i], "unknown column (columns: list, value, parent)");
    }
    if (list_col < 0) problem(1, "list", "the column list is missing");
    if (value_col < 0) problem(1, "value", "the column value is missing");
    if (list_col < 0 || value_col < 0) return file;
    std::map<std::pair<TaxonomyList, std::string>, int> seen;
    while (reader.Next(fields)) {
      const int row = reader.record();
      const auto cell = [&](int col) {
        return col >= 0 && col < static_cast<int>(fields.size()) ? fields[col] : std::string();
      };
      if (std::all_of(fields.begin(), fields.end(),
                      [](const std::string& f) { return Trim(f).empty(); })) {
        continue;
      }
      const std::optional<TaxonomyList> list = ParseTaxonomyList(cell(list_col));
      if (!list) {
        problem(row, "list",
                "\"" + cell(list_col) + "\" is not topic, goal, career_stage or language");
        continue;
      }
      const std::string value = CanonicalTag(cell(value_col));
      if (std::string p = ValueProblem(value); !p.empty()) {
        problem(row, "value", p);
        continue;
      }
      if (auto [it, fresh] = seen.emplace(std::make_pair(*list, value), row); !fresh) {
        problem(row, "value",
                "\"" + value + "\" is listed already in row " + std::to_string(it->second));
        continue;
      }
      const std::string parent = CanonicalTag(cell(parent_col));
      if (*list != TaxonomyList::kTopics) {
        if (!parent.empty()) problem(row, "parent", "only topics have a parent");
        ListOf(file.taxonomy, *list)->push_back(value);
        continue;
      }
      topics.push_back({row, {value, parent}});
      file.taxonomy.topics.emplace(value, parent);
    }
  } catch (const Error& e) {
    problem(e.row(), "", e.what());
    return file;
  }
  for (const auto& [row, entry] : topics) {
    const auto& [topic, parent] = entry;
    if (parent.empty()) continue;
    if (!file.taxonomy.HasTopic(parent)) {
      problem(row, "parent", "\"" + parent + "\" is not a topic of this file");
      continue;
    }
    std::string up = parent;
    for (size_t steps = 0; !up.empty(); ++steps) {
      if (up == topic || steps > topics.size()) {
        problem(row, "parent", "\"" + topic + "\" would be its own ancestor");
        break;
      }
      up = file.taxonomy.ParentOf(up);
    }
  }
  const size_t entries = file.taxonomy.topics.size() + file.taxonomy.goals.size() +
                         file.taxonomy.career_stages.size() + file.taxonomy.languages.size();
  if (entries > static_cast<size_t>(kMaxTaxonomyEntries)) {
    problem(0, "", "a taxonomy holds at most " + std::to_string(kMaxTaxonomyEntries) + " entries");
  }
  std::sort(file.errors.begin(), file.errors.end(),
            [](const InputProblem& a, const InputProblem& b) { return a.row < b.row; });
  return file;
}

void WriteTaxonomyCsv(std::ostream& out, const Taxonomy& t) {
  WriteCsvRecord(out, {"list", "value", "parent"});
  // Roots first, each followed by its subtree (depth first), so a file reads
  // as the tree it describes.
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& [topic, parent] : t.topics) children[parent].push_back(topic);
  std::vector<std::string> stack(children[""].rbegin(), children[""].rend());
  while (!stack.empty()) {
    const std::string topic = stack.back();
    stack.pop_back();
    WriteCsvRecord(out, {"topic", topic, t.ParentOf(topic)});
    const auto& kids = children[topic];
    stack.insert(stack.end(), kids.rbegin(), kids.rend());
  }
  for (TaxonomyList list :
       {TaxonomyList::kGoals, TaxonomyList::kCareerStages, TaxonomyList::kLanguages}) {
    for (const std::string& v : *ListOf(const_cast<Taxonomy&>(t), list)) {
      WriteCsvRecord(out, {std::string(TaxonomyListName(list)), v, ""});
    }
  }
}

}  // namespace tandem
