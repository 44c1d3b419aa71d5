// Published pairs: list, create by hand, re-match, read, complete, dissolve.
#include "service/pairs.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"

namespace tandem::api {
namespace {

http::Response One(const Pair& pair, int status = 200) {
  return http::Response::Json(DumpPair(pair), status);
}

// The coordinators' pair lists this process answered last, by database,
// program and status filter, with the version they were read at. A list is
// answered again only while the version read in the request's own
// transaction is the same (service::ListPairsSnapshot), so it is never stale,
// whichever instance changed the pairs.
class PairListCache {
 public:
  struct Entry {
    std::int64_t version = 0;
    std::shared_ptr<const std::string> json;
  };
  std::optional<Entry> Get(const std::string& key) {
    std::lock_guard lock(mutex_);
    auto it = entries_.find(key);
    if (it == entries_.end()) return std::nullopt;
    return it->second;
  }
  void Put(const std::string& key, Entry entry) {
    std::lock_guard lock(mutex_);
    if (entries_.size() >= kMaxEntries) entries_.clear();
    entries_[key] = std::move(entry);
  }

 private:
  static constexpr std::size_t kMaxEntries = 4096;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

PairListCache& ListCache() {
  static PairListCache cache;
  return cache;
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
    const std::string key = std::to_string(call.db.instance_id()) + "/" + std::to_string(id) + "/" +
                            (status ? std::string(PairStatusName(*status)) : "");
    const auto kept = ListCache().Get(key);
    service::PairsSnapshot snapshot = service::ListPairsSnapshot(
        call.db, call.actor, id, status,
        kept ? std::optional<std::int64_t>(kept->version) : std::nullopt);
    if (snapshot.unchanged) return http::Response::Json(*kept->json);
    std::string json = DumpPairList(snapshot.pairs);
    if (snapshot.whole_program) {
      ListCache().Put(key, {snapshot.version, std::make_shared<const std::string>(json)});
    }
    return http::Response::Json(std::move(json));
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
    return http::Response::Json(Dump({{"proposals", proposals}}));
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
