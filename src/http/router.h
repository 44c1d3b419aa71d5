// Routes requests to handlers by method and path pattern. Patterns are
// literal segments and "{name}" parameters: "/api/v1/pairs/{id}". Thread-safe
// for lookups once every route is added.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "http/message.h"

namespace tandem::http {

// A handler returns the response or throws tandem::Error, which the server
// turns into the JSON error body and status (http/status.h). Handlers run on
// the worker pool, never on the network thread, and may block on the database.
using Handler = std::function<Response(Request&)>;

struct RouteOptions {
  // Larger bodies are refused with 413 before the handler runs.
  std::size_t max_body_bytes = 1 << 20;
};

struct Route {
  std::string method;
  std::string pattern;
  Handler handler;
  RouteOptions options;
};

struct RouteMatch {
  const Route* route = nullptr;  // null: no route for this method and path
  // True when the path matches some route but not with this method (405).
  bool path_known = false;
  std::vector<std::string> allowed_methods;  // for the Allow header of a 405
};

class Router {
 public:
  // Adds a route. Throws std::logic_error for a duplicate method+pattern or a
  // malformed pattern (a programming error, found at start-up).
  void Add(std::string method, std::string pattern, Handler handler, RouteOptions options = {});

  // The route for `method` and decoded `path`, filling `params` with the
  // pattern's parameters. Literal segments win over parameters. HEAD falls back
  // to the GET route (the server then sends no body), and the allowed methods
  // of a GET route include HEAD.
  RouteMatch Match(std::string_view method, std::string_view path,
                   std::map<std::string, std::string>& params) const;

  // Every route, in the order added (for the OpenAPI consistency test).
  const std::vector<Route>& routes() const { return routes_; }

 private:
  // Index of the best route among those whose pattern matches `segments` and
  // whose method is `method`; -1 when none.
  int Find(std::string_view method, const std::vector<std::string_view>& segments) const;
  // Whether route `route`'s pattern matches `segments` (of its length).
  bool Matches(std::size_t route, const std::vector<std::string_view>& segments) const;
  // Sets `path_known` and `allowed_methods` from every route matching `segments`.
  void NoteAllowed(const std::vector<std::string_view>& segments, RouteMatch& match) const;

  std::vector<Route> routes_;
  // Per route: the pattern's segments; a parameter is stored as "{name}".
  std::vector<std::vector<std::string>> segments_;
  // By segment count: the routes with that many segments, in the order added
  // (a path is compared only with the patterns of its length).
  std::vector<std::vector<std::size_t>> by_length_;
};

}  // namespace tandem::http
