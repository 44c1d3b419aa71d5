// Surveys (docs/surveys.md): the item library, instruments and their
// versions, waves with response counts, answering, export with the REDCap
// dictionary, and the import of responses collected elsewhere.
#include "service/surveys.h"

#include <sstream>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "core/text.h"
#include "http/status.h"

namespace tandem::api {
namespace {

service::SurveyInput ReadSurvey(ObjectReader& r) {
  service::SurveyInput in;
  in.title = r.OptionalString("title");
  in.intro = r.OptionalString("intro");
  in.anonymity = r.OptionalString("anonymity");
  if (r.Has("items")) {
    std::vector<SurveyItem> items;
    r.ObjectArray("items", [&](ObjectReader& item) { items.push_back(ReadSurveyItem(item)); });
    in.items = std::move(items);
  }
  return in;
}

service::WaveInput ReadWave(ObjectReader& r) {
  service::WaveInput in;
  if (auto v = r.OptionalInt("survey_id", 1, INT64_MAX)) in.survey_id = *v;
  in.title = r.OptionalString("title");
  in.audience = r.OptionalString("audience");
  in.pair_status = r.OptionalString("pair_status");
  in.timing = r.OptionalString("timing");
  in.opens_on = r.OptionalStringOrNull("opens_on");
  if (auto v = r.OptionalInt("offset_days", -3660, 3660)) in.offset_days = static_cast<int>(*v);
  if (auto v = r.OptionalInt("every_days", 0, 366)) in.every_days = static_cast<int>(*v);
  if (auto v = r.OptionalInt("length_days", 1, 366)) in.length_days = static_cast<int>(*v);
  if (r.Has("reminder_days")) {
    const Json* raw = r.Raw("reminder_days");
    if (!raw->is_array()) WrongType(r.PathOf("reminder_days"), "an array of days");
    std::vector<int> days;
    for (const Json& d : *raw) {
      if (!d.is_number_integer() || d.get<std::int64_t>() < 1 || d.get<std::int64_t>() > 366) {
        WrongType(r.PathOf("reminder_days"), "an array of days (1 to 366)");
      }
      days.push_back(d.get<int>());
    }
    in.reminder_days = std::move(days);
  }
  in.status = r.OptionalString("status");
  return in;
}

}  // namespace

void AddSurveyRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/survey-library", [](Call& call) {
    call.RequireSignedIn();
    Json list = Json::array();
    for (const SurveyConstruct& c : SurveyLibrary()) list.push_back(Encode(c));
    return http::Response::Json(Dump({{"constructs", std::move(list)}}));
  });
  routes.Add("GET", "/api/v1/programs/{id}/surveys", [](Call& call) {
    Json list = Json::array();
    for (const service::SurveySummary& s : service::ListSurveys(call.db, call.actor, call.Id())) {
      list.push_back(Encode(s));
    }
    return http::Response::Json(Dump({{"surveys", std::move(list)}}));
  });
  routes.Add("POST", "/api/v1/programs/{id}/surveys", [](Call& call) {
    const std::int64_t id = call.Id();
    service::SurveyInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadSurvey(r); });
    return http::Response::Json(Dump(Encode(service::CreateSurvey(call.db, call.actor, id, in))),
                                201);
  });
  routes.Add("GET", "/api/v1/surveys/{id}", [](Call& call) {
    return http::Response::Json(Dump(Encode(service::GetSurvey(call.db, call.actor, call.Id()))));
  });
  routes.Add("PATCH", "/api/v1/surveys/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    service::SurveyInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadSurvey(r); });
    return http::Response::Json(Dump(Encode(service::UpdateSurvey(call.db, call.actor, id, in))));
  });
  routes.Add("GET", "/api/v1/surveys/{id}/responses.csv", [](Call& call) {
    const std::int64_t id = call.Id();
    std::ostringstream csv;
    service::ExportResponses(call.db, call.actor, id, csv);
    return Download(std::move(csv).str(), "text/csv; charset=utf-8",
                    "survey-" + std::to_string(id) + "-responses.csv");
  });
  routes.Add("GET", "/api/v1/surveys/{id}/results", [](Call& call) {
    const std::int64_t id = call.Id();
    std::optional<std::int64_t> wave;
    if (auto v = call.QueryInt("wave_id", 1, INT64_MAX)) wave = *v;
    return http::Response::Json(
        Dump(Encode(service::GetSurveyResults(call.db, call.actor, id, wave))));
  });
  routes.Add("GET", "/api/v1/surveys/{id}/association", [](Call& call) {
    const std::int64_t id = call.Id();
    const auto predictor = call.Query("predictor");
    if (!predictor) throw InvalidArgument("predictor is required (an item code)", "predictor");
    const auto outcomes = call.Query("outcomes");
    if (!outcomes)
      throw InvalidArgument("outcomes is required (item codes, comma-separated)", "outcomes");
    stats::AssociationOptions options;
    if (auto v = call.QueryInt("agree_min", 1, 5)) options.agree_min = static_cast<int>(*v);
    if (auto t = call.Query("test")) {
      const auto test = stats::ParseAssociationTest(*t);
      if (!test) throw InvalidArgument("test is auto, fisher, chisq or wilcoxon", "test");
      options.test = *test;
    }
    std::optional<std::int64_t> wave;
    if (auto v = call.QueryInt("wave_id", 1, INT64_MAX)) wave = *v;
    return http::Response::Json(Dump(Encode(service::AssociateSurveyItems(
        call.db, call.actor, id, *predictor, SplitList(*outcomes, ','), options, wave))));
  });
  routes.Add("GET", "/api/v1/programs/{id}/prepost", [](Call& call) {
    const std::int64_t id = call.Id();
    const auto item = call.Query("item");
    if (!item) throw InvalidArgument("item is required (an item code)", "item");
    const auto before = call.QueryInt("before_wave", 1, INT64_MAX);
    if (!before) throw InvalidArgument("before_wave is required (a wave id)", "before_wave");
    const auto after = call.QueryInt("after_wave", 1, INT64_MAX);
    if (!after) throw InvalidArgument("after_wave is required (a wave id)", "after_wave");
    const int agree_min = static_cast<int>(call.QueryInt("agree_min", 1, 5).value_or(4));
    return http::Response::Json(Dump(Encode(
        service::ComparePrePost(call.db, call.actor, id, *item, *before, *after, agree_min))));
  });
  routes.Add("GET", "/api/v1/surveys/{id}/dictionary.csv", [](Call& call) {
    const std::int64_t id = call.Id();
    std::ostringstream csv;
    service::ExportDictionary(call.db, call.actor, id, csv);
    return Download(std::move(csv).str(), "text/csv; charset=utf-8",
                    "survey-" + std::to_string(id) + "-dictionary.csv");
  });
  routes.Add(
      "POST", "/api/v1/programs/{id}/survey-responses/import",
      [](Call& call) {
        const std::int64_t id = call.Id();
        service::ResponseImport what;
        if (auto v = call.QueryInt("survey_id", 1, INT64_MAX)) what.survey_id = *v;
        if (auto v = call.QueryInt("wave_id", 1, INT64_MAX)) what.wave_id = *v;
        if (auto v = call.Query("create_title")) what.create_title = *v;
        if (!what.survey_id && what.create_title.empty()) {
          throw InvalidArgument("give survey_id, or create_title to make the survey from the file",
                                "survey_id");
        }
        std::istringstream csv(call.request.body);
        const service::ResponseImportReport report =
            service::ImportResponses(call.db, call.actor, id, what, csv);
        if (!report.errors.empty()) {
          Error error(ErrorCode::kInvalidArgument,
                      std::to_string(report.errors.size()) +
                          " problem(s) in the file; nothing was imported");
          return http::ProblemsResponse(error, Dump(EncodeProblems(report.errors)));
        }
        return http::Response::Json(Dump({{"rows", report.rows},
                                          {"imported", report.imported},
                                          {"survey_id", report.survey_id}}));
      },
      Csrf::kRequired, http::RouteOptions{.max_body_bytes = kMaxCsvBytes}, Body::kCsv);
  routes.Add("GET", "/api/v1/programs/{id}/survey-waves", [](Call& call) {
    Json list = Json::array();
    for (const service::WaveView& w : service::ListWaves(call.db, call.actor, call.Id())) {
      list.push_back(Encode(w));
    }
    return http::Response::Json(Dump({{"waves", std::move(list)}}));
  });
  routes.Add("POST", "/api/v1/programs/{id}/survey-waves", [](Call& call) {
    const std::int64_t id = call.Id();
    service::WaveInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadWave(r); });
    return http::Response::Json(Dump(Encode(service::CreateWave(call.db, call.actor, id, in))),
                                201);
  });
  routes.Add("PATCH", "/api/v1/survey-waves/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    service::WaveInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) { in = ReadWave(r); });
    return http::Response::Json(Dump(Encode(service::UpdateWave(call.db, call.actor, id, in))));
  });
  routes.Add("GET", "/api/v1/me/surveys", [](Call& call) {
    Json list = Json::array();
    for (const service::MySurvey& m : service::ListMySurveys(call.db, call.actor)) {
      list.push_back(Encode(m));
    }
    return http::Response::Json(Dump({{"surveys", std::move(list)}}));
  });
  routes.Add("GET", "/api/v1/me/surveys/{id}", [](Call& call) {
    return http::Response::Json(Dump(Encode(service::GetMySurvey(call.db, call.actor, call.Id()))));
  });
  routes.Add("PUT", "/api/v1/me/surveys/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    SurveyAnswers answers;
    bool submit = false;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      const Json* raw = r.Raw("answers");
      if (!raw || !raw->is_object()) WrongType(r.PathOf("answers"), "an object of coded answers");
      for (const auto& [code, value] : raw->items()) {
        if (!value.is_string()) WrongType(r.PathOf("answers") + "." + code, "a string");
        answers[code] = value.get<std::string>();
      }
      if (auto v = r.OptionalBool("submit")) submit = *v;
    });
    return http::Response::Json(
        Dump(Encode(service::SaveMyAnswers(call.db, call.actor, id, answers, submit))));
  });
}

}  // namespace tandem::api
