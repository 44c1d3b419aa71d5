#include "service/vocabulary.h"

#include <algorithm>
#include <charconv>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/error.h"
#include "core/text.h"
#include "service/authorization.h"
#include "service/matching_input.h"
#include "service/programs.h"
#include "store/vocabulary_repository.h"

namespace tandem::service {
namespace {

Vocabulary FromStored(std::int64_t program_id, std::optional<store::StoredVocabulary> stored) {
  Vocabulary v;
  v.program_id = program_id;
  if (!stored) {
    v.taxonomy = DefaultTaxonomy();
    return v;
  }
  v.built_in = false;
  v.source = std::move(stored->source);
  v.taxonomy = std::move(stored->taxonomy);
  v.questions = std::move(stored->questions);
  v.revision = stored->revision;
  v.updated_at = std::move(stored->updated_at);
  return v;
}

// The program, locked, when the actor coordinates it and it is open.
Program RequireCoordinatorOpen(store::Transaction& tx, const Actor& actor, std::int64_t program_id,
                               const char* what) {
  const Program program = RequireProgram(tx, program_id, store::RowLock::kForUpdate);
  RequireCoordinator(AccessTo(tx, actor, program_id), what);
  RequireOpen(program);
  return program;
}

nlohmann::json Summary(const Vocabulary& v) {
  return nlohmann::json{{"source", v.source},
                        {"revision", v.revision},
                        {"topics", v.taxonomy.topics.size()},
                        {"goals", v.taxonomy.goals.size()},
                        {"career_stages", v.taxonomy.career_stages.size()},
                        {"languages", v.taxonomy.languages.size()},
                        {"questions", v.questions.size()}};
}

// Saves `v` as the program's next revision and audits `action` with
// `detail` merged into the summary of after.
Vocabulary SaveRevision(store::Transaction& tx, const Actor& actor, const Vocabulary& before,
                        Vocabulary v, const std::string& action, nlohmann::json detail = {}) {
  v.built_in = false;
  v.revision = before.revision + 1;
  store::StoredVocabulary stored{v.source, v.taxonomy, v.questions, v.revision, ""};
  store::VocabularyRepository(tx).Save(v.program_id, stored);
  v.updated_at = tx.now_text();
  nlohmann::json after = Summary(v);
  if (!detail.is_null()) after["change"] = std::move(detail);
  AppendAudit(tx, actor, action, "program", v.program_id, v.program_id, Summary(before).dump(),
              after.dump());
  return v;
}

std::optional<std::int64_t> ProgramIdOf(std::string_view text) {
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

}  // namespace

Vocabulary LoadVocabulary(store::Transaction& tx, std::int64_t program_id) {
  return FromStored(program_id, store::VocabularyRepository(tx).Find(program_id));
}

Vocabulary StartVocabularyIn(store::Transaction& tx, const Actor& actor, std::int64_t program_id,
                             const std::string& from, const char* field) {
  const Vocabulary before = LoadVocabulary(tx, program_id);
  Vocabulary v = before;
  v.source = from;
  if (from == "empty") {
    v.taxonomy = Taxonomy{};
    v.questions.clear();
  } else if (from.rfind("template:", 0) == 0) {
    const TaxonomyTemplate* t = FindTaxonomyTemplate(from.substr(9));
    if (t == nullptr) {
      std::string codes;
      for (const TaxonomyTemplate& each : TaxonomyTemplates()) {
        codes += (codes.empty() ? "" : ", ") + each.code;
      }
      throw InvalidArgument("no template \"" + from.substr(9) + "\" (templates: " + codes + ")",
                            field);
    }
    v.taxonomy = t->taxonomy;
  } else if (from.rfind("program:", 0) == 0) {
    const std::optional<std::int64_t> other = ProgramIdOf(std::string_view(from).substr(8));
    if (!other || *other == program_id) {
      throw InvalidArgument("\"program:\" is followed by another program's number", field);
    }
    RequireProgram(tx, *other);
    RequireCoordinator(AccessTo(tx, actor, *other), "copy a program's vocabulary");
    const Vocabulary copied = LoadVocabulary(tx, *other);
    v.taxonomy = copied.taxonomy;
    v.questions = copied.questions;
  } else {
    throw InvalidArgument(
        "start from \"template:<code>\", \"program:<number>\" or \"empty\", not \"" + from + "\"",
        field);
  }
  return SaveRevision(tx, actor, before, std::move(v), "vocabulary.start", {{"from", from}});
}

Vocabulary GetVocabulary(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  if (!AccessTo(tx, actor, program_id).member()) {
    throw Error(ErrorCode::kPermissionDenied, "you are not a member of this program");
  }
  Vocabulary v = LoadVocabulary(tx, program_id);
  tx.Commit();
  return v;
}

const std::vector<TaxonomyTemplate>& ListTaxonomyTemplates(const Actor& actor) {
  RequireSignedIn(actor);
  return TaxonomyTemplates();
}

Vocabulary StartVocabulary(store::Database& db, const Actor& actor, std::int64_t program_id,
                           const std::string& from) {
  store::Transaction tx = db.Begin();
  RequireCoordinatorOpen(tx, actor, program_id, "change the program's vocabulary");
  Vocabulary v = StartVocabularyIn(tx, actor, program_id, from, "from");
  tx.Commit();
  return v;
}

Vocabulary ReplaceTaxonomy(store::Database& db, const Actor& actor, std::int64_t program_id,
                           const Taxonomy& taxonomy) {
  store::Transaction tx = db.Begin();
  RequireCoordinatorOpen(tx, actor, program_id, "change the program's vocabulary");
  ValidateTaxonomy(taxonomy);
  const Vocabulary before = LoadVocabulary(tx, program_id);
  Vocabulary v = before;
  v.taxonomy = taxonomy;
  v.source = before.source.empty() ? "import" : before.source;
  v = SaveRevision(tx, actor, before, std::move(v), "taxonomy.replace");
  tx.Commit();
  return v;
}

TaxonomyImport ImportTaxonomy(store::Database& db, const Actor& actor, std::int64_t program_id,
                              std::istream& csv) {
  {
    // Access before reading the file, so that a stranger learns nothing from its problems.
    store::Transaction tx = db.Begin(false);
    RequireCoordinatorOpen(tx, actor, program_id, "change the program's vocabulary");
    tx.Commit();
  }
  TaxonomyFile file = ReadTaxonomyCsv(csv);
  TaxonomyImport out;
  if (!file.ok()) {
    out.errors = std::move(file.errors);
    return out;
  }
  out.vocabulary = ReplaceTaxonomy(db, actor, program_id, file.taxonomy);
  return out;
}

std::string ExportTaxonomy(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireStaff(tx, actor, program_id, "export the program's taxonomy");
  const Vocabulary v = LoadVocabulary(tx, program_id);
  tx.Commit();
  std::ostringstream out;
  WriteTaxonomyCsv(out, v.taxonomy);
  return out.str();
}

TaxonomyEditResult EditTaxonomy(store::Database& db, const Actor& actor, std::int64_t program_id,
                                const TaxonomyEdit& edit) {
  store::Transaction tx = db.Begin();
  RequireCoordinatorOpen(tx, actor, program_id, "change the program's vocabulary");
  const Vocabulary before = LoadVocabulary(tx, program_id);
  Vocabulary v = before;
  if (v.source.empty()) v.source = "template:" + TaxonomyTemplates().front().code;
  const auto change = ApplyTaxonomyEdit(v.taxonomy, edit);
  TaxonomyEditResult result;
  if (change) {
    result.profiles_changed = store::VocabularyRepository(tx).RenameInProfiles(
        program_id, edit.list, change->first, change->second);
  }
  nlohmann::json detail = {{"op", TaxonomyEditOpName(edit.op)},
                           {"list", TaxonomyListName(edit.list)},
                           {"value", CanonicalTag(edit.value)},
                           {"profiles_changed", result.profiles_changed}};
  if (!edit.to.empty()) detail["to"] = CanonicalTag(edit.to);
  if (!edit.parent.empty()) detail["parent"] = CanonicalTag(edit.parent);
  if (edit.position) detail["position"] = *edit.position;
  result.vocabulary = SaveRevision(tx, actor, before, std::move(v), "taxonomy.edit", detail);
  tx.Commit();
  return result;
}

std::vector<FreeTag> ListFreeTags(store::Database& db, const Actor& actor, std::int64_t program_id,
                                  int min_people) {
  if (min_people < 1 || min_people > 1000) {
    throw InvalidArgument("min_people is 1..1000", "min_people");
  }
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), "see the free tags people use");
  const Vocabulary v = LoadVocabulary(tx, program_id);
  std::vector<FreeTag> out;
  for (const store::TagUse& use : store::VocabularyRepository(tx).TagUses(program_id)) {
    if (use.people < min_people) continue;
    const bool known = use.list == TaxonomyList::kTopics      ? v.taxonomy.HasTopic(use.value)
                       : use.list == TaxonomyList::kGoals     ? v.taxonomy.HasGoal(use.value)
                       : use.list == TaxonomyList::kLanguages ? v.taxonomy.HasLanguage(use.value)
                       : use.list == TaxonomyList::kCareerStages
                           ? v.taxonomy.StageRank(use.value).has_value()
                           : true;
    if (!known) out.push_back({use.list, use.value, use.people});
  }
  tx.Commit();
  return out;
}

Vocabulary SaveQuestions(store::Database& db, const Actor& actor, std::int64_t program_id,
                         std::vector<IntakeQuestion> questions) {
  store::Transaction tx = db.Begin();
  RequireCoordinatorOpen(tx, actor, program_id, "change the program's questions");
  for (IntakeQuestion& q : questions) {
    q.text = std::string(Trim(q.text));
    for (QuestionOption& o : q.options) o.label = std::string(Trim(o.label));
  }
  ValidateQuestions(questions);
  const Vocabulary before = LoadVocabulary(tx, program_id);
  store::VocabularyRepository repo(tx);
  // Nothing people answered is lost: a question, an option, or the meaning
  // of a kind or scale.
  for (const IntakeQuestion& old : before.questions) {
    const auto it = std::find_if(questions.begin(), questions.end(),
                                 [&](const IntakeQuestion& q) { return q.code == old.code; });
    const std::string field = it == questions.end()
                                  ? "questions"
                                  : "questions[" + std::to_string(it - questions.begin()) + "]";
    const auto answered = [&](const std::optional<std::string>& value) {
      return repo.CountAnswers(program_id, old.code, value);
    };
    if (it == questions.end()) {
      if (const int n = answered(std::nullopt); n > 0) {
        throw Error(ErrorCode::kConflict,
                    std::to_string(n) + " people answered \"" + old.code +
                        "\": retire the question instead of removing it (its answers stay)",
                    field);
      }
      continue;
    }
    if (it->kind != old.kind ||
        (old.kind == QuestionKind::kScale &&
         (it->scale_min != old.scale_min || it->scale_max != old.scale_max))) {
      if (const int n = answered(std::nullopt); n > 0) {
        throw Error(ErrorCode::kConflict,
                    std::to_string(n) + " people answered \"" + old.code +
                        "\": its kind and scale stay (add a new question instead)",
                    field + ".kind");
      }
    }
    for (const QuestionOption& o : old.options) {
      const bool kept = std::any_of(it->options.begin(), it->options.end(),
                                    [&](const QuestionOption& n) { return n.code == o.code; });
      if (kept) continue;
      if (const int n = answered(o.code); n > 0) {
        throw Error(ErrorCode::kConflict,
                    std::to_string(n) + " people chose \"" + o.code + "\" in \"" + old.code +
                        "\": keep the option (rename its label instead)",
                    field + ".options");
      }
    }
  }
  Vocabulary v = before;
  if (v.source.empty()) v.source = "template:" + TaxonomyTemplates().front().code;
  v.questions = std::move(questions);
  v = SaveRevision(tx, actor, before, std::move(v), "questions.save");
  tx.Commit();
  return v;
}

}  // namespace tandem::service
