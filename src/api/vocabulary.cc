// A program's own vocabulary and intake questions (docs/programs.md):
// templates, the taxonomy with its edits, file and free tags, the questions.
#include <sstream>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "http/status.h"
#include "service/vocabulary.h"

namespace tandem::api {
namespace {

TaxonomyList ReadList(const std::string& text) {
  const auto list = ParseTaxonomyList(text);
  if (!list) throw InvalidArgument("list is topic, goal, career_stage or language", "list");
  return *list;
}

TaxonomyEdit DecodeEdit(const std::string& body) {
  TaxonomyEdit edit;
  DecodeObject(body, [&](ObjectReader& r) {
    const std::string op = r.String("op");
    const auto parsed = ParseTaxonomyEditOp(op);
    if (!parsed) throw InvalidArgument("op is add, rename, move, merge or remove", "op");
    edit.op = *parsed;
    edit.list = ReadList(r.String("list"));
    edit.value = r.String("value");
    edit.to = r.OptionalString("to").value_or("");
    edit.parent = r.OptionalStringOrNull("parent").value_or("");
    if (auto v = r.NullableInt("position", 0, kMaxTaxonomyEntries)) {
      if (*v) edit.position = static_cast<int>(**v);
    }
  });
  return edit;
}

}  // namespace

void AddVocabularyRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/taxonomy-templates", [](Call& call) {
    Json list = Json::array();
    for (const TaxonomyTemplate& t : service::ListTaxonomyTemplates(call.actor)) {
      list.push_back(Encode(t));
    }
    return http::Response::Json(Dump({{"templates", list}}));
  });

  routes.Add("GET", "/api/v1/programs/{id}/vocabulary", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetVocabulary(call.db, call.actor, call.Id()))));
  });

  routes.Add("GET", "/api/v1/programs/{id}/taxonomy", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetVocabulary(call.db, call.actor, call.Id()).taxonomy)));
  });

  routes.Add("POST", "/api/v1/programs/{id}/vocabulary/start", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string from;
    DecodeObject(call.request.body, [&](ObjectReader& r) { from = r.String("from"); });
    return http::Response::Json(
        Dump(Encode(service::StartVocabulary(call.db, call.actor, id, from))));
  });

  routes.Add("PUT", "/api/v1/programs/{id}/taxonomy", [](Call& call) {
    const std::int64_t id = call.Id();
    Taxonomy taxonomy;
    DecodeObject(call.request.body, [&](ObjectReader& r) { taxonomy = ReadTaxonomy(r); });
    return http::Response::Json(
        Dump(Encode(service::ReplaceTaxonomy(call.db, call.actor, id, taxonomy))));
  });

  routes.Add("POST", "/api/v1/programs/{id}/taxonomy/edits", [](Call& call) {
    const std::int64_t id = call.Id();
    const TaxonomyEdit edit = DecodeEdit(call.request.body);
    const service::TaxonomyEditResult result = service::EditTaxonomy(call.db, call.actor, id, edit);
    return http::Response::Json(Dump({{"vocabulary", Encode(result.vocabulary)},
                                      {"profiles_changed", result.profiles_changed}}));
  });

  routes.Add("GET", "/api/v1/programs/{id}/taxonomy/free-tags", [](Call& call) {
    const std::int64_t id = call.Id();
    const int min_people = static_cast<int>(call.QueryInt("min_people", 1, 1000).value_or(2));
    Json list = Json::array();
    for (const service::FreeTag& t : service::ListFreeTags(call.db, call.actor, id, min_people)) {
      list.push_back(
          {{"list", TaxonomyListName(t.list)}, {"value", t.value}, {"people", t.people}});
    }
    return http::Response::Json(Dump({{"free_tags", list}}));
  });

  routes.Add(
      "POST", "/api/v1/programs/{id}/taxonomy/import",
      [](Call& call) {
        const std::int64_t id = call.Id();
        std::istringstream csv(call.request.body);
        service::TaxonomyImport result = service::ImportTaxonomy(call.db, call.actor, id, csv);
        if (!result.ok()) {
          Error error(ErrorCode::kInvalidArgument,
                      std::to_string(result.errors.size()) +
                          " problem(s) in the file; the taxonomy was not changed");
          return http::ProblemsResponse(error, Dump(EncodeProblems(result.errors)));
        }
        return http::Response::Json(Dump(Encode(result.vocabulary)));
      },
      Csrf::kRequired, http::RouteOptions{.max_body_bytes = kMaxCsvBytes}, Body::kCsv);

  routes.Add("GET", "/api/v1/programs/{id}/taxonomy/export", [](Call& call) {
    const std::int64_t id = call.Id();
    return Download(service::ExportTaxonomy(call.db, call.actor, id), "text/csv; charset=utf-8",
                    "program-" + std::to_string(id) + "-taxonomy.csv");
  });

  routes.Add("PUT", "/api/v1/programs/{id}/questions", [](Call& call) {
    const std::int64_t id = call.Id();
    std::vector<IntakeQuestion> questions;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      r.ObjectArray("questions", [&](ObjectReader& q) { questions.push_back(ReadQuestion(q)); });
    });
    return http::Response::Json(
        Dump(Encode(service::SaveQuestions(call.db, call.actor, id, std::move(questions)))));
  });
}

}  // namespace tandem::api
