#include "api/api.h"

#include "api/context.h"
#include "api/openapi.h"

namespace tandem::api {

void AddRoutes(http::Router& router, store::Database& db, const ApiOptions& options) {
  RouteAdder routes(router, db, options);
  AddSessionRoutes(routes);
  AddAdminRoutes(routes);
  AddProgramRoutes(routes);
  AddEnrollmentRoutes(routes);
  AddMatchingRoutes(routes);
  AddPairRoutes(routes);
  AddMeetingRoutes(routes);
  AddJourneyRoutes(routes);
  AddResourceRoutes(routes);
  AddEventRoutes(routes);
  AddNotificationRoutes(routes);
  AddSurveyRoutes(routes);
  AddEvaluationRoutes(routes);
  AddQualitativeRoutes(routes);
  AddMentorChoiceRoutes(routes);
  AddPeerSupportRoutes(routes);
  AddVocabularyRoutes(routes);
  routes.Add("GET", "/api/v1/openapi.yaml", [](Call&) {
    http::Response response;
    response.content_type = "application/yaml";
    response.body = std::string(OpenApiDocument());
    response.headers.emplace_back("Cache-Control", "no-cache");
    return response;
  });
}

}  // namespace tandem::api
