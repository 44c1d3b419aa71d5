// The resource library: list, add (a link, or a file sent as base64 in
// JSON), change, delete, download (docs/journey.md).
#include "service/resources.h"

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"

namespace tandem::api {
void AddResourceRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/resources", [](Call& call) {
    service::ResourceQuery q;
    if (auto p = call.QueryInt("program_id", 1, INT64_MAX)) q.program_id = *p;
    q.category = call.Query("category").value_or("");
    q.text = call.Query("q").value_or("");
    Json list = Json::array();
    for (const Resource& r : service::ListResources(call.db, call.actor, q)) {
      list.push_back(Encode(r));
    }
    return http::Response::Json(
        Dump({{"resources", std::move(list)}, {"max_file_bytes", service::MaxResourceBytes()}}));
  });
  // base64 makes 4 bytes of 3, plus room for the other fields.
  const std::size_t max_body =
      static_cast<std::size_t>(service::MaxResourceBytes()) / 3 * 4 + (std::size_t{64} << 10);
  routes.Add(
      "POST", "/api/v1/resources",
      [](Call& call) {
        service::ResourceInput in;
        DecodeObject(call.request.body, [&](ObjectReader& r) {
          if (auto p = r.NullableInt("program_id", 1, INT64_MAX)) in.program_id = *p;
          in.title = r.String("title");
          if (auto d = r.OptionalString("description")) in.description = *d;
          if (auto c = r.OptionalString("category")) in.category = *c;
          if (auto a = r.OptionalString("audience")) in.audience = *a;
          if (auto u = r.OptionalStringOrNull("url")) in.url = *u;
          r.Object("file", [&](ObjectReader& f) {
            in.file_name = f.String("name");
            in.file_base64 = f.String("content_base64");
          });
        });
        return http::Response::Json(Dump(Encode(service::CreateResource(call.db, call.actor, in))),
                                    201);
      },
      Csrf::kRequired, http::RouteOptions{.max_body_bytes = max_body});
  routes.Add("PATCH", "/api/v1/resources/{id}", [](Call& call) {
    const std::int64_t id = call.Id();
    service::ResourceChange change;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      change.title = r.OptionalString("title");
      change.description = r.OptionalString("description");
      change.category = r.OptionalString("category");
      change.audience = r.OptionalString("audience");
    });
    return http::Response::Json(
        Dump(Encode(service::UpdateResource(call.db, call.actor, id, change))));
  });
  routes.Add("DELETE", "/api/v1/resources/{id}", [](Call& call) {
    RequireEmptyBody(call.request.body);
    service::DeleteResource(call.db, call.actor, call.Id());
    return http::Response::NoContent();
  });
  routes.Add("GET", "/api/v1/resources/{id}/file", [](Call& call) {
    service::ResourceFile file = service::GetResourceFile(call.db, call.actor, call.Id());
    return Download(std::move(file.bytes), std::move(file.content_type), file.name);
  });
}

}  // namespace tandem::api
