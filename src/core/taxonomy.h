// The vocabulary a program's profiles are described in: topics (interests and
// specialties) arranged in a tree so that sibling topics can earn partial
// credit, career goals, ordered career stages, and languages. Values outside
// the taxonomy are allowed as free tags; the taxonomy only adds meaning.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

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
// hematology topics in detail), used when a program defines none of its own.
const Taxonomy& DefaultTaxonomy();

}  // namespace tandem
