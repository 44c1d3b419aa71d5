// Each program's own vocabulary (taxonomy) and intake questions, and the
// changes a taxonomy edit makes to people's profiles (docs/programs.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/intake.h"
#include "core/taxonomy.h"
#include "store/database.h"

namespace tandem::store {

struct StoredVocabulary {
  // Where it started: "template:<code>", "program:<id>", "empty"; "" when unknown.
  std::string source;
  Taxonomy taxonomy;
  std::vector<IntakeQuestion> questions;
  int revision = 0;  // saved changes, from 1
  std::string updated_at;
};

// A value people use in a list (a tag, a stage) and how many profiles use it.
struct TagUse {
  TaxonomyList list = TaxonomyList::kTopics;
  std::string value;
  int people = 0;
};

class VocabularyRepository {
 public:
  // `tx` must outlive the repository.
  explicit VocabularyRepository(Transaction& tx) : tx_(tx) {}

  // The program's vocabulary, or nullopt when it keeps the built-in one.
  // kForUpdate locks the row (PostgreSQL) so that edits are serialized.
  std::optional<StoredVocabulary> Find(std::int64_t program_id, RowLock lock = RowLock::kNone);
  // Only the questions of the program's vocabulary (with their options), as
  // Find gives them; none when it keeps the built-in one. For use cases that
  // check answers and need no taxonomy.
  std::vector<IntakeQuestion> Questions(std::int64_t program_id);
  // Writes the program's vocabulary with the revision given (the caller
  // counts), stamped with the transaction's time.
  void Save(std::int64_t program_id, const StoredVocabulary& vocabulary);

  // Changes `from` to `to` in `list` on every profile of the program's
  // mentors and mentees (topics: interests and specialties). A profile that
  // has both keeps one. Returns the number of profiles changed.
  int RenameInProfiles(std::int64_t program_id, TaxonomyList list, const std::string& from,
                       const std::string& to);

  // Every value the program's profiles use in each list, with the number of
  // profiles using it, most used first (then by value).
  std::vector<TagUse> TagUses(std::int64_t program_id);

  // The number of profiles in the program that answered `question` (with
  // `value`, when given).
  int CountAnswers(std::int64_t program_id, const std::string& question,
                   const std::optional<std::string>& value = std::nullopt);

 private:
  std::vector<IntakeQuestion> ReadQuestions(std::int64_t program_id);

  Transaction& tx_;
};

}  // namespace tandem::store
