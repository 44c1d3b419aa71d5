// Qualitative analysis (docs/evaluation.md): documents checked for what
// identifies people, the codebook, coded segments, the coders' agreement,
// themes and the segments as CSV. The program's coordinators and evaluators.
#include "service/qualitative.h"

#include <sstream>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"

namespace tandem::api {
namespace {

Json EncodeDocument(const QualDocument& d) {
  return {{"id", d.id},     {"program_id", d.program_id}, {"title", d.title}, {"source", d.source},
          {"text", d.text}, {"created_at", d.created_at}};
}

Json EncodeSegment(const QualSegment& s) {
  return {{"id", s.id},
          {"document_id", s.document_id},
          {"code_id", s.code_id},
          {"coder_id", s.coder_id ? Json(*s.coder_id) : Json(nullptr)},
          {"start", s.start},
          {"end", s.end},
          {"created_at", s.created_at}};
}

Json EncodeCode(const QualCode& c) {
  return {{"id", c.id},
          {"program_id", c.program_id},
          {"parent_id", c.parent_id ? Json(*c.parent_id) : Json(nullptr)},
          {"name", c.name},
          {"definition", c.definition},
          {"example", c.example}};
}

Json EncodeTheme(const service::ThemeView& v) {
  return {{"id", v.theme.id},
          {"name", v.theme.name},
          {"description", v.theme.description},
          {"code_ids", v.theme.code_ids},
          {"quote_ids", v.theme.quote_ids},
          {"codes", v.codes},
          {"quotes", v.quotes}};
}

Json EncodeAgreement(const service::CodeAgreement& a) {
  const auto number = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  return {{"code_id", a.code_id > 0 ? Json(a.code_id) : Json(nullptr)},
          {"code", a.code},
          {"units", a.units},
          {"both", a.both},
          {"only_a", a.only_a},
          {"only_b", a.only_b},
          {"kappa", number(a.kappa)},
          {"standard_error", number(a.standard_error)}};
}

// An array of positive ids, or a 400 naming `name`.
std::vector<std::int64_t> Ids(ObjectReader& r, std::string_view name) {
  std::vector<std::int64_t> out;
  const Json* raw = r.Raw(name);
  if (!raw || raw->is_null()) return out;
  if (!raw->is_array()) throw InvalidArgument("a list of ids", std::string(name));
  for (const Json& v : *raw) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 1) {
      throw InvalidArgument("a list of ids", std::string(name));
    }
    out.push_back(v.get<std::int64_t>());
  }
  return out;
}

QualCode ReadCode(ObjectReader& r) {
  QualCode c;
  c.name = r.String("name");
  if (auto v = r.OptionalString("definition")) c.definition = *v;
  if (auto v = r.OptionalString("example")) c.example = *v;
  if (auto v = r.NullableInt("parent_id", 1, INT64_MAX); v && *v) c.parent_id = **v;
  return c;
}

}  // namespace

Json Encode(const service::CoderAgreement& a) {
  Json codes = Json::array();
  for (const service::CodeAgreement& c : a.codes) codes.push_back(EncodeAgreement(c));
  Json disagreements = Json::array();
  for (const service::Disagreement& d : a.disagreements) {
    disagreements.push_back({{"document_id", d.document_id},
                             {"document", d.document},
                             {"start", d.start},
                             {"end", d.end},
                             {"excerpt", d.excerpt},
                             {"code_id", d.code_id},
                             {"code", d.code},
                             {"coded_by", d.coded_by}});
  }
  Json coders = Json::array();
  for (const auto& [id, name] : a.coders) coders.push_back({{"id", id}, {"name", name}});
  return {{"coder_a", a.coder_a},
          {"coder_b", a.coder_b},
          {"coders", std::move(coders)},
          {"coder_a_name", a.coder_a_name},
          {"coder_b_name", a.coder_b_name},
          {"documents", a.documents},
          {"codes", std::move(codes)},
          {"overall", EncodeAgreement(a.overall)},
          {"disagreements", std::move(disagreements)}};
}

void AddQualitativeRoutes(RouteAdder& routes) {
  routes.Add("POST", "/api/v1/programs/{id}/qualitative/check", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string text;
    DecodeObject(call.request.body, [&](ObjectReader& r) { text = r.String("text"); });
    Json found = Json::array();
    for (const IdentifierSpan& s : service::CheckForIdentifiers(call.db, call.actor, id, text)) {
      found.push_back(
          {{"start", s.begin},
           {"end", s.end},
           {"kind", s.kind},
           {"text", CodePointSlice(text, static_cast<int>(s.begin), static_cast<int>(s.end))}});
    }
    return http::Response::Json(Dump(Json{{"identifiers", std::move(found)}}));
  });
  routes.Add("POST", "/api/v1/programs/{id}/qualitative/read", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string name, content;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      name = r.String("file_name");
      content = r.String("content_base64");
    });
    const service::TranscriptText t =
        service::ReadTranscript(call.db, call.actor, id, name, content);
    Json found = Json::array();
    for (const IdentifierSpan& s : t.identifiers) {
      found.push_back(
          {{"start", s.begin},
           {"end", s.end},
           {"kind", s.kind},
           {"text", CodePointSlice(t.text, static_cast<int>(s.begin), static_cast<int>(s.end))}});
    }
    return http::Response::Json(Dump(Json{{"text", t.text}, {"identifiers", std::move(found)}}));
  });
  routes.Add("GET", "/api/v1/programs/{id}/qualitative/documents", [](Call& call) {
    Json out = Json::array();
    for (const QualDocument& d : service::ListDocuments(call.db, call.actor, call.Id())) {
      out.push_back(EncodeDocument(d));
    }
    return http::Response::Json(Dump(out));
  });
  routes.Add("POST", "/api/v1/programs/{id}/qualitative/documents", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string title, text;
    bool confirmed = false;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      title = r.String("title");
      text = r.String("text");
      confirmed = r.OptionalBool("confirmed_deidentified").value_or(false);
    });
    return http::Response::Json(Dump(EncodeDocument(service::CreateDocument(
                                    call.db, call.actor, id, title, text, confirmed))),
                                201);
  });
  routes.Add("POST", "/api/v1/surveys/{id}/qualitative-document", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string item;
    DecodeObject(call.request.body, [&](ObjectReader& r) { item = r.String("item"); });
    return http::Response::Json(
        Dump(EncodeDocument(service::DocumentFromSurvey(call.db, call.actor, id, item))), 201);
  });
  routes.Add("GET", "/api/v1/qualitative/documents/{id}", [](Call& call) {
    const service::DocumentView v = service::GetDocument(call.db, call.actor, call.Id());
    Json segments = Json::array();
    for (const QualSegment& s : v.segments) segments.push_back(EncodeSegment(s));
    return http::Response::Json(
        Dump(Json{{"document", EncodeDocument(v.document)}, {"segments", std::move(segments)}}));
  });
  routes.Add("POST", "/api/v1/qualitative/documents/{id}/segments", [](Call& call) {
    const std::int64_t id = call.Id();
    std::int64_t code = 0;
    int start = 0, end = 0;
    bool agreed = false;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      code = r.Int("code_id", 1, INT64_MAX);
      start = static_cast<int>(r.Int("start", 0, INT32_MAX));
      end = static_cast<int>(r.Int("end", 0, INT32_MAX));
      agreed = r.OptionalBool("agreed").value_or(false);
    });
    return http::Response::Json(
        Dump(EncodeSegment(service::AddSegment(call.db, call.actor, id, code, start, end, agreed))),
        201);
  });
  routes.Add("DELETE", "/api/v1/qualitative/segments/{id}", [](Call& call) {
    service::DeleteSegment(call.db, call.actor, call.Id());
    return http::Response::NoContent();
  });
  routes.Add("GET", "/api/v1/programs/{id}/qualitative/codes", [](Call& call) {
    Json out = Json::array();
    for (const QualCode& c : service::ListCodes(call.db, call.actor, call.Id())) {
      out.push_back(EncodeCode(c));
    }
    return http::Response::Json(Dump(out));
  });
  routes.Add("POST", "/api/v1/programs/{id}/qualitative/codes", [](Call& call) {
    const std::int64_t id = call.Id();
    QualCode c;
    DecodeObject(call.request.body, [&](ObjectReader& r) { c = ReadCode(r); });
    return http::Response::Json(Dump(EncodeCode(service::CreateCode(call.db, call.actor, id, c))),
                                201);
  });
  routes.Add("PUT", "/api/v1/qualitative/codes/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    QualCode c;
    DecodeObject(call.request.body, [&](ObjectReader& r) { c = ReadCode(r); });
    return http::Response::Json(Dump(EncodeCode(service::UpdateCode(call.db, call.actor, id, c))));
  });
  routes.Add("GET", "/api/v1/programs/{id}/qualitative/agreement", [](Call& call) {
    const std::int64_t id = call.Id();
    std::optional<std::int64_t> a, b;
    if (auto v = call.QueryInt("coder_a", 1, INT64_MAX)) a = *v;
    if (auto v = call.QueryInt("coder_b", 1, INT64_MAX)) b = *v;
    if (a.has_value() != b.has_value()) {
      throw InvalidArgument("name both coders, or neither", a ? "coder_b" : "coder_a");
    }
    return http::Response::Json(
        Dump(Encode(service::GetCoderAgreement(call.db, call.actor, id, a, b))));
  });
  routes.Add("GET", "/api/v1/programs/{id}/qualitative/themes", [](Call& call) {
    Json out = Json::array();
    for (const service::ThemeView& t : service::ListThemes(call.db, call.actor, call.Id())) {
      out.push_back(EncodeTheme(t));
    }
    return http::Response::Json(Dump(out));
  });
  routes.Add("POST", "/api/v1/programs/{id}/qualitative/themes", [](Call& call) {
    const std::int64_t id = call.Id();
    QualTheme t;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      t.name = r.String("name");
      if (auto v = r.OptionalString("description")) t.description = *v;
      t.code_ids = Ids(r, "code_ids");
      t.quote_ids = Ids(r, "quote_ids");
    });
    return http::Response::Json(Dump(EncodeTheme(service::CreateTheme(call.db, call.actor, id, t))),
                                201);
  });
  routes.Add("GET", "/api/v1/programs/{id}/qualitative/segments.csv", [](Call& call) {
    const std::int64_t id = call.Id();
    std::ostringstream csv;
    service::ExportSegments(call.db, call.actor, id, csv);
    return Download(std::move(csv).str(), "text/csv; charset=utf-8",
                    "program-" + std::to_string(id) + "-coded-segments.csv");
  });
}

}  // namespace tandem::api
