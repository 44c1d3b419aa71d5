// Published pairs: list, create by hand, re-match, read, complete, dissolve.
#include "service/pairs.h"

#include <cstdint>
#include <optional>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"

namespace tandem::api {
namespace {

http::Response One(const Pair& pair, int status = 200) {
  JsonWriter w;
  Write(w, pair);
  return http::Response::Json(w.Take(), status);
}

}  // namespace

void AddPairRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/programs/{id}/pairs", [](Call& call) {
    const std::int64_t id = call.Id();
    std::optional<PairStatus> status;
    if (auto text = call.Query("status")) {
      status = ParsePairStatus(*text);
      if (!status) {
        throw InvalidArgument("status must be one of proposed, active, completed, dissolved",
                              "status");
      }
    }
    const std::vector<Pair> pairs = service::ListPairs(call.db, call.actor, id, status);
    return http::Response::Json(ListAnswer("pairs", pairs, 512));
  });

  routes.Add("POST", "/api/v1/programs/{id}/pairs", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string mentee, mentor;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      mentee = r.String("mentee");
      mentor = r.String("mentor");
    });
    return One(service::CreatePair(call.db, call.actor, id, mentee, mentor), 201);
  });

  routes.Add("POST", "/api/v1/programs/{id}/rematch", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string mentee;
    int limit = 10;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      mentee = r.String("mentee");
      if (auto v = r.OptionalInt("limit", 1, 50)) limit = static_cast<int>(*v);
    });
    Json proposals = Json::array();
    for (const Proposal& p : service::ProposeRematch(call.db, call.actor, id, mentee, limit)) {
      proposals.push_back(Encode(p));
    }
    // Nobody has room: who would fit with one more place.
    Json if_raised = Json::array();
    if (proposals.empty()) {
      for (const service::RaiseSuggestion& r :
           service::ProposeIfRaised(call.db, call.actor, id, mentee, limit)) {
        if_raised.push_back({{"proposal", Encode(r.proposal)}, {"capacity", r.capacity}});
      }
    }
    return http::Response::Json(Dump({{"proposals", proposals}, {"if_raised", if_raised}}));
  });

  routes.Add("GET", "/api/v1/pairs/{id}",
             [](Call& call) { return One(service::GetPair(call.db, call.actor, call.Id())); });

  routes.Add("POST", "/api/v1/pairs/{id}/complete", [](Call& call) {
    const std::int64_t id = call.Id();
    RequireEmptyBody(call.request.body);
    return One(service::CompletePair(call.db, call.actor, id));
  });

  routes.Add("POST", "/api/v1/pairs/{id}/dissolve", [](Call& call) {
    const std::int64_t id = call.Id();
    std::string reason;
    DecodeObject(call.request.body, [&](ObjectReader& r) { reason = r.String("reason"); });
    return One(service::DissolvePair(call.db, call.actor, id, reason));
  });
}

}  // namespace tandem::api
