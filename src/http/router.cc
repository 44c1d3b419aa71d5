#include "http/router.h"

#include <algorithm>
#include <stdexcept>

namespace tandem::http {
namespace {

bool IsParameter(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

// Splits "/a/b/c" into {"a", "b", "c"}; "/" into {""}. The caller checked the
// leading '/'.
std::vector<std::string_view> SplitPath(std::string_view path) {
  std::vector<std::string_view> segments;
  segments.reserve(8);
  path.remove_prefix(1);
  for (;;) {
    std::size_t slash = path.find('/');
    segments.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return segments;
}

bool IsParameterNameChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

}  // namespace

void Router::Add(std::string method, std::string pattern, Handler handler, RouteOptions options) {
  if (method.empty()) throw std::logic_error("route with empty method: " + pattern);
  if (pattern.empty() || pattern.front() != '/') {
    throw std::logic_error("route pattern must start with '/': " + pattern);
  }
  if (!handler) throw std::logic_error("route without handler: " + method + " " + pattern);
  std::vector<std::pair<std::size_t, std::string>> parameters;
  std::vector<std::string_view> segments = SplitPath(pattern);
  for (std::size_t s = 0; s < segments.size(); ++s) {
    const std::string_view segment = segments[s];
    if (segment.find_first_of("{}") == std::string_view::npos) continue;
    std::string_view name = segment.substr(1, segment.size() >= 2 ? segment.size() - 2 : 0);
    bool valid = IsParameter(segment) && !name.empty() &&
                 std::all_of(name.begin(), name.end(), IsParameterNameChar);
    if (!valid) throw std::logic_error("malformed route pattern: " + pattern);
    for (const auto& [at, other] : parameters) {
      if (other == name) throw std::logic_error("repeated parameter in route pattern: " + pattern);
    }
    parameters.emplace_back(s, name);
  }
  // Down the tree, making the nodes this pattern needs. Patterns of the same
  // shape (parameter names aside) end at the same node.
  std::size_t node = 0;
  for (std::string_view segment : segments) {
    std::size_t next = IsParameter(segment) ? nodes_[node].parameter : LiteralChild(node, segment);
    if (next == 0) {
      next = nodes_.size();
      nodes_.emplace_back();
      if (IsParameter(segment)) {
        nodes_[node].parameter = next;
      } else {
        nodes_[node].literals.emplace_back(segment, next);
      }
    }
    node = next;
  }
  for (const std::size_t other : nodes_[node].routes) {
    if (routes_[other].method == method) {
      throw std::logic_error("duplicate route: " + method + " " + pattern + " (same as " +
                             routes_[other].pattern + ")");
    }
  }
  nodes_[node].routes.push_back(routes_.size());
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler), options});
  parameters_.push_back(std::move(parameters));
}

std::size_t Router::LiteralChild(std::size_t node, std::string_view segment) const {
  for (const auto& [literal, child] : nodes_[node].literals) {
    if (literal == segment) return child;
  }
  return 0;
}

int Router::Find(std::size_t node, std::size_t depth, std::string_view method,
                 const std::vector<std::string_view>& segments) const {
  const Node& n = nodes_[node];
  if (depth == segments.size()) {
    for (const std::size_t route : n.routes) {
      if (routes_[route].method == method) return static_cast<int>(route);
    }
    return -1;
  }
  const std::string_view segment = segments[depth];
  // A literal segment wins over a parameter: its subtree is tried first, and
  // the parameter's only when it has no route for this method and path.
  if (const std::size_t child = LiteralChild(node, segment); child != 0) {
    if (int found = Find(child, depth + 1, method, segments); found >= 0) return found;
  }
  if (n.parameter != 0 && !segment.empty()) return Find(n.parameter, depth + 1, method, segments);
  return -1;
}

void Router::Collect(std::size_t node, std::size_t depth,
                     const std::vector<std::string_view>& segments,
                     std::vector<std::size_t>& out) const {
  const Node& n = nodes_[node];
  if (depth == segments.size()) {
    out.insert(out.end(), n.routes.begin(), n.routes.end());
    return;
  }
  if (const std::size_t child = LiteralChild(node, segments[depth]); child != 0) {
    Collect(child, depth + 1, segments, out);
  }
  if (n.parameter != 0 && !segments[depth].empty()) {
    Collect(n.parameter, depth + 1, segments, out);
  }
}

RouteMatch Router::Match(std::string_view method, std::string_view path,
                         std::map<std::string, std::string>& params) const {
  RouteMatch match;
  params.clear();
  if (path.empty() || path.front() != '/') return match;
  std::vector<std::string_view> segments = SplitPath(path);
  int best = Find(0, 0, method, segments);
  if (best < 0 && method == "HEAD") best = Find(0, 0, "GET", segments);
  if (best < 0) {
    // A 405 or a 404, the rare case: the methods of every route of this path,
    // in the order added.
    std::vector<std::size_t> known;
    Collect(0, 0, segments, known);
    std::sort(known.begin(), known.end());
    auto note = [&match](std::string_view m) {
      auto& allowed = match.allowed_methods;
      if (std::find(allowed.begin(), allowed.end(), m) == allowed.end()) allowed.emplace_back(m);
    };
    for (const std::size_t route : known) {
      match.path_known = true;
      note(routes_[route].method);
      if (routes_[route].method == "GET") note("HEAD");
    }
    return match;
  }
  match.route = &routes_[best];
  match.path_known = true;
  for (const auto& [at, name] : parameters_[best]) params.emplace(name, segments[at]);
  return match;
}

}  // namespace tandem::http
