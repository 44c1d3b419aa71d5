// Routes requests to handlers by method and path pattern. Patterns are
// literal segments and "{name}" parameters: "/api/v1/pairs/{id}". Thread-safe
// for lookups once every route is added.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
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
  // The patterns as a tree of segments: a path is matched in one walk down it,
  // whatever the number of routes.
  struct Node {
    std::vector<std::pair<std::string, std::size_t>> literals;  // segment -> node
    std::size_t parameter = 0;        // node after a "{name}" segment; 0: none
    std::vector<std::size_t> routes;  // routes whose pattern ends here
  };
  // The node after literal `segment` below `node`; 0 when there is none.
  std::size_t LiteralChild(std::size_t node, std::string_view segment) const;
  // Index of the route for `method` whose pattern matches `segments` from
  // `depth` on below `node`, literal segments tried before parameters; -1 when none.
  int Find(std::size_t node, std::size_t depth, std::string_view method,
           const std::vector<std::string_view>& segments) const;
  // Every route, of any method, whose pattern matches `segments` below `node`.
  void Collect(std::size_t node, std::size_t depth, const std::vector<std::string_view>& segments,
               std::vector<std::size_t>& out) const;

  std::vector<Route> routes_;
  // Per route: (segment index, name) of each "{name}" of its pattern.
  std::vector<std::vector<std::pair<std::size_t, std::string>>> parameters_;
  std::vector<Node> nodes_ = std::vector<Node>(1);  // [0] is the root
};

}  // namespace tandem::http
