// Use cases on a program's own vocabulary (taxonomy) and intake questions
// (docs/programs.md): start from a template or another program, edit
// (add, rename, move, merge, remove: people's profiles follow, audited),
// import and export the taxonomy file, adopt free tags, save questions.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <vector>

#include "core/csv.h"
#include "core/intake.h"
#include "core/taxonomy.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

struct Vocabulary {
  std::int64_t program_id = 0;
  // "template:<code>", "program:<id>", "empty", "import", or "" for the
  // built-in taxonomy of a program that never chose one.
  std::string source;
  bool built_in = true;  // no vocabulary of its own: DefaultTaxonomy(), no questions
  Taxonomy taxonomy;
  std::vector<IntakeQuestion> questions;
  int revision = 0;
  std::string updated_at;  // UTC, empty when built in
};

// For other use cases, inside their transaction: the program's vocabulary,
// the built-in one when it has none. No access check.
Vocabulary LoadVocabulary(store::Transaction& tx, std::int64_t program_id);

// Inside a transaction: gives the program the vocabulary `from` names —
// "template:<code>", "program:<id>" (its taxonomy and questions; the actor
// must coordinate that program) or "empty" — replacing its taxonomy and
// questions. Profiles keep every tag (tags outside the new taxonomy become
// free tags); answers to questions the new set lacks are kept. Throws
// kInvalidArgument naming `field` for an unknown source, kPermissionDenied.
Vocabulary StartVocabularyIn(store::Transaction& tx, const Actor& actor, std::int64_t program_id,
                             const std::string& from, const char* field);

// Any member of the program (the profile form reads it).
Vocabulary GetVocabulary(store::Database& db, const Actor& actor, std::int64_t program_id);
// The built-in templates (any signed-in person).
const std::vector<TaxonomyTemplate>& ListTaxonomyTemplates(const Actor& actor);

// Coordinators (and admins) of an open program from here on: kPermissionDenied,
// kNotFound, kFailedPrecondition for a closed program. Each change raises the
// revision and writes an audit entry.
Vocabulary StartVocabulary(store::Database& db, const Actor& actor, std::int64_t program_id,
                           const std::string& from);
// Replaces the whole taxonomy (validated: kInvalidArgument naming the list).
Vocabulary ReplaceTaxonomy(store::Database& db, const Actor& actor, std::int64_t program_id,
                           const Taxonomy& taxonomy);

struct TaxonomyImport {
  std::vector<InputProblem> errors;  // non-empty: nothing changed
  Vocabulary vocabulary;
  bool ok() const { return errors.empty(); }
};
// Reads the taxonomy file (core/taxonomy.h) and, only when it has no
// problem, replaces the taxonomy with it: all or nothing.
TaxonomyImport ImportTaxonomy(store::Database& db, const Actor& actor, std::int64_t program_id,
                              std::istream& csv);
// The taxonomy as its file (coordinators and evaluators).
std::string ExportTaxonomy(store::Database& db, const Actor& actor, std::int64_t program_id);

struct TaxonomyEditResult {
  Vocabulary vocabulary;
  int profiles_changed = 0;  // profiles whose tag a rename or merge changed
};
// Applies one edit (core ApplyTaxonomyEdit) and, for a rename or merge,
// changes the tag on every profile of the program in the same transaction:
// nobody loses a tag. kInvalidArgument naming the edit's field.
TaxonomyEditResult EditTaxonomy(store::Database& db, const Actor& actor, std::int64_t program_id,
                                const TaxonomyEdit& edit);

// Values people typed that the taxonomy lacks, used by at least
// `min_people` profiles (1..1000), most used first: candidates to adopt.
struct FreeTag {
  TaxonomyList list = TaxonomyList::kTopics;
  std::string value;
  int people = 0;
};
std::vector<FreeTag> ListFreeTags(store::Database& db, const Actor& actor, std::int64_t program_id,
                                  int min_people);

// Replaces the program's questions (ValidateQuestions). A question or option
// that people answered cannot be dropped, nor its kind or scale changed:
// kConflict naming "questions[i]" (retire it instead: its answers stay).
Vocabulary SaveQuestions(store::Database& db, const Actor& actor, std::int64_t program_id,
                         std::vector<IntakeQuestion> questions);

}  // namespace tandem::service
