// The evaluation (docs/evaluation.md): a program's figures with their
// uncertainty, de-identified, for its evaluators and coordinators; the
// program report as a page, as JSON and as PDFs made by a background job;
// the analysis dataset with its dictionary.
#include "service/evaluation.h"

#include <sstream>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "core/text.h"
#include "service/report.h"

namespace tandem::api {
namespace {

// ?survey=&predictor=&outcomes=a,b&agree_min= (each optional).
service::ReportOptions ReportOptionsOf(const Call& call) {
  service::ReportOptions options;
  if (auto v = call.QueryInt("survey", 1, INT64_MAX)) options.survey_id = *v;
  if (auto v = call.Query("waves")) {
    for (const std::string& part : SplitList(*v, ',')) {
      const auto id = ParseDecimal(part);
      if (!id || *id < 1 || *id != static_cast<double>(static_cast<std::int64_t>(*id))) {
        throw InvalidArgument("waves is a comma-separated list of wave ids", "waves");
      }
      options.waves.push_back(static_cast<std::int64_t>(*id));
    }
  }
  if (auto v = call.Query("predictor")) options.predictor = *v;
  if (auto v = call.Query("outcomes")) options.outcomes = SplitList(*v, ',');
  if (auto v = call.QueryInt("agree_min", 1, 5)) options.agree_min = static_cast<int>(*v);
  return options;
}

}  // namespace

void AddEvaluationRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/programs/{id}/evaluation", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetEvaluation(call.db, call.actor, call.Id()))));
  });
  routes.Add("GET", "/api/v1/programs/{id}/report.html", [](Call& call) {
    http::Response r;
    r.content_type = "text/html; charset=utf-8";
    r.body = service::RenderReportHtml(
        service::BuildReport(call.db, call.actor, call.Id(), ReportOptionsOf(call)));
    return r;
  });
  routes.Add("GET", "/api/v1/programs/{id}/report.json", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::BuildReport(call.db, call.actor, call.Id(), ReportOptionsOf(call)))));
  });
  routes.Add("POST", "/api/v1/programs/{id}/reports", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::RequestReportPdf(call.db, call.actor, call.Id()))), 202);
  });
  routes.Add("GET", "/api/v1/programs/{id}/reports", [](Call& call) {
    Json out = Json::array();
    for (const service::ReportView& r : service::ListReports(call.db, call.actor, call.Id())) {
      out.push_back(Encode(r));
    }
    return http::Response::Json(Dump(out));
  });
  routes.Add("GET", "/api/v1/reports/{id}/pdf", [](Call& call) {
    const std::int64_t id = call.Id();
    return Download(service::GetReportPdf(call.db, call.actor, id), "application/pdf",
                    "program-report-" + std::to_string(id) + ".pdf");
  });
  routes.Add("GET", "/api/v1/programs/{id}/analysis.csv", [](Call& call) {
    const std::int64_t id = call.Id();
    std::ostringstream csv;
    service::ExportAnalysisDataset(call.db, call.actor, id, csv);
    return Download(std::move(csv).str(), "text/csv; charset=utf-8",
                    "program-" + std::to_string(id) + "-analysis.csv");
  });
  routes.Add("GET", "/api/v1/programs/{id}/analysis-dictionary.csv", [](Call& call) {
    const std::int64_t id = call.Id();
    std::ostringstream csv;
    service::ExportAnalysisDictionary(call.db, call.actor, id, csv);
    return Download(std::move(csv).str(), "text/csv; charset=utf-8",
                    "program-" + std::to_string(id) + "-analysis-dictionary.csv");
  });
}

}  // namespace tandem::api
