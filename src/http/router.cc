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
  std::vector<std::string> segments;
  std::vector<std::string> names;
  std::string shape;  // the pattern with parameter names erased
  for (std::string_view segment : SplitPath(pattern)) {
    if (segment.find_first_of("{}") != std::string_view::npos) {
      std::string_view name = segment.substr(1, segment.size() >= 2 ? segment.size() - 2 : 0);
      bool valid = IsParameter(segment) && !name.empty() &&
                   std::all_of(name.begin(), name.end(), IsParameterNameChar);
      if (!valid) throw std::logic_error("malformed route pattern: " + pattern);
      if (std::find(names.begin(), names.end(), name) != names.end()) {
        throw std::logic_error("repeated parameter in route pattern: " + pattern);
      }
      names.emplace_back(name);
      shape += "/{}";
    } else {
      shape += '/';
      shape += segment;
    }
    segments.emplace_back(segment);
  }
  for (std::size_t i = 0; i < routes_.size(); ++i) {
    if (routes_[i].method != method) continue;
    std::string other;
    for (const std::string& segment : segments_[i]) {
      other += IsParameter(segment) ? std::string("/{}") : "/" + segment;
    }
    if (other == shape) {
      throw std::logic_error("duplicate route: " + method + " " + pattern + " (same as " +
                             routes_[i].pattern + ")");
    }
  }
  if (by_length_.size() <= segments.size()) by_length_.resize(segments.size() + 1);
  by_length_[segments.size()].push_back(routes_.size());
  routes_.push_back(Route{std::move(method), std::move(pattern), std::move(handler), options});
  segments_.push_back(std::move(segments));
}

int Router::Find(std::string_view method, const std::vector<std::string_view>& segments) const {
  int best = -1;
  if (segments.size() >= by_length_.size()) return best;
  for (const std::size_t i : by_length_[segments.size()]) {
    if (routes_[i].method != method || !Matches(i, segments)) continue;
    if (best < 0) {
      best = static_cast<int>(i);
      continue;
    }
    // Literal segments win over parameters, deciding at the first segment
    // where the two patterns differ in kind.
    const std::vector<std::string>& pattern = segments_[i];
    const std::vector<std::string>& current = segments_[best];
    for (std::size_t s = 0; s < pattern.size(); ++s) {
      bool a = IsParameter(pattern[s]);
      bool b = IsParameter(current[s]);
      if (a == b) continue;
      if (!a) best = static_cast<int>(i);
      break;
    }
  }
  return best;
}

bool Router::Matches(std::size_t route, const std::vector<std::string_view>& segments) const {
  const std::vector<std::string>& pattern = segments_[route];
  for (std::size_t s = 0; s < pattern.size(); ++s) {
    if (IsParameter(pattern[s]) ? segments[s].empty() : pattern[s] != segments[s]) return false;
  }
  return true;
}

void Router::NoteAllowed(const std::vector<std::string_view>& segments, RouteMatch& match) const {
  if (segments.size() >= by_length_.size()) return;
  auto note = [&match](std::string_view m) {
    auto& allowed = match.allowed_methods;
    if (std::find(allowed.begin(), allowed.end(), m) == allowed.end()) allowed.emplace_back(m);
  };
  for (const std::size_t i : by_length_[segments.size()]) {
    if (!Matches(i, segments)) continue;
    match.path_known = true;
    note(routes_[i].method);
    if (routes_[i].method == "GET") note("HEAD");
  }
}

RouteMatch Router::Match(std::string_view method, std::string_view path,
                         std::map<std::string, std::string>& params) const {
  RouteMatch match;
  params.clear();
  if (path.empty() || path.front() != '/') return match;
  std::vector<std::string_view> segments = SplitPath(path);
  int best = Find(method, segments);
  if (best < 0 && method == "HEAD") best = Find("GET", segments);
  if (best < 0) {
    NoteAllowed(segments, match);  // a 405 or a 404: the rare case
    return match;
  }
  match.route = &routes_[best];
  match.path_known = true;
  const std::vector<std::string>& pattern = segments_[best];
  for (std::size_t s = 0; s < pattern.size(); ++s) {
    if (IsParameter(pattern[s])) {
      params.emplace(pattern[s].substr(1, pattern[s].size() - 2), segments[s]);
    }
  }
  return match;
}

}  // namespace tandem::http
