// Matching runs: start (queued for the job worker), list, read, publish.
#include <cstdint>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "service/matching_runs.h"
#include "service/programs.h"

namespace tandem::api {
namespace {

void ReadPairs(ObjectReader& r, std::string_view name, std::vector<ParticipantPair>& out) {
  r.ObjectArray(name, [&](ObjectReader& item) {
    ParticipantPair pair;
    pair.mentee = item.String("mentee");
    pair.mentor = item.String("mentor");
    out.push_back(std::move(pair));
  });
}

}  // namespace

void AddMatchingRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/programs/{id}/matching-runs", [](Call& call) {
    return http::Response::Json(
        ListAnswer("runs", service::ListMatchingRuns(call.db, call.actor, call.Id())));
  });

  routes.Add("POST", "/api/v1/programs/{id}/matching-runs", [](Call& call) {
    const std::int64_t id = call.Id();
    MatchingRunSettings settings;
    DecodeObject(
        call.request.body,
        [&](ObjectReader& r) {
          if (auto v = r.OptionalString("objective")) settings.objective = *v;
          // Weights default to the program's (the service substitutes them
          // for the defaults); a partial object changes only the facets it
          // names.
          r.Object("weights", [&](ObjectReader& w) {
            settings.weights =
                ReadWeights(w).AppliedTo(service::GetProgram(call.db, call.actor, id).weights);
          });
          ReadPairs(r, "locks", settings.locks);
          ReadPairs(r, "forbids", settings.forbids);
          // Absent: the program's minimum. null: none for this run, which
          // is 0, as scores are never negative.
          if (auto v = r.NullableNumber("min_score")) settings.min_score = v->value_or(0);
          if (auto v = r.OptionalInt("top_k", 1, 1000)) settings.top_k = static_cast<int>(*v);
          if (auto v = r.OptionalBool("what_if")) settings.what_if = *v;
        },
        true);
    MatchingRun run = service::StartMatchingRun(call.db, call.actor, id, settings);
    if (call.options.job_queued) call.options.job_queued();
    http::Response response = http::Response::Json(Dump(Encode(run)), 202);
    response.headers.emplace_back("Location", "/api/v1/matching-runs/" + std::to_string(run.id));
    return response;
  });

  routes.Add("GET", "/api/v1/matching-runs/{id}", [](Call& call) {
    Call::SearchAndPage asked = call.ReadSearchAndPage();
    RunResultQuery query{std::move(asked.text), asked.offset, asked.limit};
    const service::MatchingRunPage page =
        service::GetMatchingRunPage(call.db, call.actor, call.Id(), query);
    JsonWriter w;
    Write(w, page.run, &page.totals);
    return http::Response::Json(w.Take());
  });

  routes.Add("POST", "/api/v1/matching-runs/{id}/publish", [](Call& call) {
    const std::int64_t id = call.Id();
    RequireEmptyBody(call.request.body);
    return http::Response::Json(
        ListAnswer("pairs", service::PublishMatchingRun(call.db, call.actor, id), 512));
  });
}

}  // namespace tandem::api
