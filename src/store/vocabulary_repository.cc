#include "store/vocabulary_repository.h"

#include <algorithm>
#include <map>

#include "store/batch.h"
#include "store/internal.h"

namespace tandem::store {
namespace {

// The profile_tags kinds a taxonomy list is used in; career stages live in
// profiles.career_stage instead.
std::vector<std::string> TagKinds(TaxonomyList list) {
  switch (list) {
    case TaxonomyList::kTopics:
      return {"interest", "specialty"};
    case TaxonomyList::kGoals:
      return {"goal"};
    case TaxonomyList::kLanguages:
      return {"language"};
    case TaxonomyList::kCareerStages:
      break;
  }
  return {};
}

const char kProgramProfiles[] =
    "SELECT id FROM enrollments WHERE program_id = :p AND role IN ('mentor', 'mentee')";

}  // namespace

std::optional<StoredVocabulary> VocabularyRepository::Find(std::int64_t program_id, RowLock lock) {
  return Guard("reading the program's vocabulary", [&]() -> std::optional<StoredVocabulary> {
    soci::session& s = SessionOf(tx_);
    long long key = program_id;
    StoredVocabulary v;
    soci::statement& head = Reuse(
        tx_,
        "SELECT v.source, v.revision, v.updated_at FROM program_vocabularies v "
        "WHERE v.program_id = :p" +
            ForUpdateOf(s, "v", lock),
        soci::use(key), soci::into(v.source), soci::into(v.revision), soci::into(v.updated_at));
    if (!head.execute(true)) return std::nullopt;
    {
      std::string list, value, parent;
      soci::statement& st =
          Reuse(tx_,
                "SELECT list, value, parent FROM program_taxonomy_entries "
                "WHERE program_id = :p ORDER BY list, position",
                soci::use(key), soci::into(list), soci::into(value), soci::into(parent));
      st.execute();
      while (st.fetch()) {
        if (list == "topic") {
          v.taxonomy.topics.emplace(value, parent);
        } else if (list == "goal") {
          v.taxonomy.goals.push_back(value);
        } else if (list == "career_stage") {
          v.taxonomy.career_stages.push_back(value);
        } else if (list == "language") {
          v.taxonomy.languages.push_back(value);
        }
      }
    }
    v.questions = ReadQuestions(key);
    return v;
  });
}

std::vector<IntakeQuestion> VocabularyRepository::Questions(std::int64_t program_id) {
  return Guard("reading the program's questions", [&] { return ReadQuestions(program_id); });
}

std::vector<IntakeQuestion> VocabularyRepository::ReadQuestions(std::int64_t program_id) {
  long long key = program_id;
  std::vector<IntakeQuestion> questions;
  {
    IntakeQuestion q;
    std::string kind, audience, match;
    int required = 0, retired = 0;
    soci::statement& st = Reuse(
        tx_,
        "SELECT code, text, help, kind, scale_min, scale_max, required, audience, match_rule, "
        "compare_with, weight, retired FROM program_questions WHERE program_id = :p "
        "ORDER BY position",
        soci::use(key), soci::into(q.code), soci::into(q.text), soci::into(q.help),
        soci::into(kind), soci::into(q.scale_min), soci::into(q.scale_max), soci::into(required),
        soci::into(audience), soci::into(match), soci::into(q.compare_with), soci::into(q.weight),
        soci::into(retired));
    st.execute();
    while (st.fetch()) {
      IntakeQuestion row = q;
      row.kind = ParseQuestionKind(kind).value_or(QuestionKind::kText);
      row.audience = ParseQuestionAudience(audience).value_or(QuestionAudience::kBoth);
      row.match = ParseQuestionMatch(match).value_or(QuestionMatch::kNone);
      row.required = required != 0;
      row.retired = retired != 0;
      questions.push_back(std::move(row));
    }
  }
  if (questions.empty()) return questions;  // options belong to questions
  {
    std::string question, code, label;
    soci::statement& st =
        Reuse(tx_,
              "SELECT question, code, label FROM program_question_options "
              "WHERE program_id = :p ORDER BY question, position",
              soci::use(key), soci::into(question), soci::into(code), soci::into(label));
    st.execute();
    while (st.fetch()) {
      for (IntakeQuestion& q : questions) {
        if (q.code == question) q.options.push_back({code, label});
      }
    }
  }
  return questions;
}

void VocabularyRepository::Save(std::int64_t program_id, const StoredVocabulary& v) {
  Guard("saving the program's vocabulary", [&] {
    soci::session& s = SessionOf(tx_);
    long long key = program_id;
    const std::string now = tx_.now_text();
    // Children first (the options name their question).
    for (const char* table : {"program_question_options", "program_questions",
                              "program_taxonomy_entries", "program_vocabularies"}) {
      Reuse(tx_, std::string("DELETE FROM ") + table + " WHERE program_id = :p", soci::use(key))
          .execute(true);
    }
    int revision = v.revision;
    std::string source = v.source;
    s << "INSERT INTO program_vocabularies (program_id, source, revision, updated_at) "
         "VALUES (:p, :s, :r, :u)",
        soci::use(key), soci::use(source), soci::use(revision), soci::use(now);
    const std::string program = std::to_string(program_id);
    BatchInsert entries(s, "program_taxonomy_entries",
                        {"program_id", "list", "position", "value", "parent"});
    int position = 0;
    for (const auto& [topic, parent] : v.taxonomy.topics) {
      entries.Add({program, std::string("topic"), std::to_string(position++), topic, parent});
    }
    for (const auto& [name, values] :
         {std::pair<const char*, const std::vector<std::string>*>{"goal", &v.taxonomy.goals},
          {"career_stage", &v.taxonomy.career_stages},
          {"language", &v.taxonomy.languages}}) {
      position = 0;
      for (const std::string& value : *values) {
        entries.Add({program, std::string(name), std::to_string(position++), value, std::string()});
      }
    }
    entries.Flush();
    BatchInsert questions(
        s, "program_questions",
        {"program_id", "position", "code", "text", "help", "kind", "scale_min", "scale_max",
         "required", "audience", "match_rule", "compare_with", "weight", "retired"});
    BatchInsert options(s, "program_question_options",
                        {"program_id", "question", "position", "code", "label"});
    position = 0;
    for (const IntakeQuestion& q : v.questions) {
      char weight[64];
      std::snprintf(weight, sizeof weight, "%.17g", q.weight);
      questions.Add({program, std::to_string(position++), q.code, q.text, q.help,
                     std::string(QuestionKindName(q.kind)), std::to_string(q.scale_min),
                     std::to_string(q.scale_max), std::string(q.required ? "1" : "0"),
                     std::string(QuestionAudienceName(q.audience)),
                     std::string(QuestionMatchName(q.match)), q.compare_with, std::string(weight),
                     std::string(q.retired ? "1" : "0")});
      int k = 0;
      for (const QuestionOption& o : q.options) {
        options.Add({program, q.code, std::to_string(k++), o.code, o.label});
      }
    }
    questions.Flush();
    options.Flush();
  });
}

int VocabularyRepository::RenameInProfiles(std::int64_t program_id, TaxonomyList list,
                                           const std::string& from, const std::string& to) {
  return Guard("renaming a tag in profiles", [&] {
    soci::session& s = SessionOf(tx_);
    long long key = program_id;
    std::string old_value = from, new_value = to;
    int changed = 0;
    if (list == TaxonomyList::kCareerStages) {
      s << std::string(
               "SELECT COUNT(*) FROM profiles WHERE career_stage = :f "
               "AND enrollment_id IN (") +
               kProgramProfiles + ")",
          soci::use(old_value), soci::use(key), soci::into(changed);
      s << std::string(
               "UPDATE profiles SET career_stage = :t WHERE career_stage = :f "
               "AND enrollment_id IN (") +
               kProgramProfiles + ")",
          soci::use(new_value), soci::use(old_value), soci::use(key);
      return changed;
    }
    std::string kinds;
    for (const std::string& kind : TagKinds(list)) {
      kinds += (kinds.empty() ? "'" : ", '") + kind + "'";
    }
    s << "SELECT COUNT(DISTINCT enrollment_id) FROM profile_tags WHERE kind IN (" + kinds +
             ") AND value = :f AND enrollment_id IN (" + kProgramProfiles + ")",
        soci::use(old_value), soci::use(key), soci::into(changed);
    // Where a profile has both in one list, the old one goes (a merge).
    s << "DELETE FROM profile_tags WHERE kind IN (" + kinds +
             ") AND value = :f AND enrollment_id IN (" + kProgramProfiles +
             ") AND EXISTS (SELECT 1 FROM profile_tags o WHERE o.enrollment_id = "
             "profile_tags.enrollment_id AND o.kind = profile_tags.kind AND o.value = :t)",
        soci::use(old_value), soci::use(key), soci::use(new_value);
    s << "UPDATE profile_tags SET value = :t WHERE kind IN (" + kinds +
             ") AND value = :f AND enrollment_id IN (" + kProgramProfiles + ")",
        soci::use(new_value), soci::use(old_value), soci::use(key);
    return changed;
  });
}

std::vector<TagUse> VocabularyRepository::TagUses(std::int64_t program_id) {
  return Guard("reading the tags in use", [&] {
    soci::session& s = SessionOf(tx_);
    long long key = program_id;
    std::vector<TagUse> out;
    std::string kind, value;
    int people = 0;
    soci::statement st =
        (s.prepare << std::string("SELECT kind, value, COUNT(DISTINCT enrollment_id) FROM "
                                  "profile_tags WHERE kind IN ('interest', 'specialty', 'goal', "
                                  "'language') AND enrollment_id IN (") +
                          kProgramProfiles + ") GROUP BY kind, value",
         soci::use(key), soci::into(kind), soci::into(value), soci::into(people));
    st.execute();
    // Interests and specialties are one list (topics): a person counts once.
    std::map<std::pair<TaxonomyList, std::string>, int> counts;
    std::map<std::string, int> topic_rows;
    while (st.fetch()) {
      const TaxonomyList list = kind == "goal"       ? TaxonomyList::kGoals
                                : kind == "language" ? TaxonomyList::kLanguages
                                                     : TaxonomyList::kTopics;
      if (list != TaxonomyList::kTopics) counts[{list, value}] = people;
    }
    {
      soci::statement topics =
          (s.prepare << std::string("SELECT value, COUNT(DISTINCT enrollment_id) FROM "
                                    "profile_tags WHERE kind IN ('interest', 'specialty') AND "
                                    "enrollment_id IN (") +
                            kProgramProfiles + ") GROUP BY value",
           soci::use(key), soci::into(value), soci::into(people));
      topics.execute();
      while (topics.fetch()) counts[{TaxonomyList::kTopics, value}] = people;
    }
    {
      soci::statement stages =
          (s.prepare << std::string("SELECT career_stage, COUNT(*) FROM profiles WHERE "
                                    "career_stage <> '' AND enrollment_id IN (") +
                            kProgramProfiles + ") GROUP BY career_stage",
           soci::use(key), soci::into(value), soci::into(people));
      stages.execute();
      while (stages.fetch()) counts[{TaxonomyList::kCareerStages, value}] = people;
    }
    for (const auto& [k, n] : counts) out.push_back({k.first, k.second, n});
    std::stable_sort(out.begin(), out.end(),
                     [](const TagUse& a, const TagUse& b) { return a.people > b.people; });
    return out;
  });
}

int VocabularyRepository::CountAnswers(std::int64_t program_id, const std::string& question,
                                       const std::optional<std::string>& value) {
  return Guard("counting answers", [&] {
    long long key = program_id;
    std::string q = question, v = value.value_or("");
    int count = 0;
    int any = value ? 0 : 1;
    SessionOf(tx_) << std::string(
                          "SELECT COUNT(DISTINCT enrollment_id) FROM profile_answers "
                          "WHERE question = :q AND (:any = 1 OR value = :v) AND "
                          "enrollment_id IN (") +
                          kProgramProfiles + ")",
        soci::use(q), soci::use(any), soci::use(v), soci::use(key), soci::into(count);
    return count;
  });
}

}  // namespace tandem::store
