// The evaluation (docs/evaluation.md): a program's figures with their
// uncertainty, de-identified, for its evaluators and coordinators.
#include "service/evaluation.h"

#include "api/context.h"
#include "api/json.h"

namespace tandem::api {

void AddEvaluationRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/programs/{id}/evaluation", [](Call& call) {
    return http::Response::Json(
        Dump(Encode(service::GetEvaluation(call.db, call.actor, call.Id()))));
  });
}

}  // namespace tandem::api
