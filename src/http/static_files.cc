#include "http/static_files.h"

#include <cerrno>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>
#include <climits>
#include <cstdlib>

#include "core/error.h"
#include "http/status.h"

namespace tandem::http {
namespace {

bool EndsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

// The canonical path of `path` (symlinks resolved), or empty when it does not
// exist.
std::string RealPath(const std::string& path) {
  char buffer[PATH_MAX];
  if (realpath(path.c_str(), buffer) == nullptr) return {};
  return buffer;
}

// A path the server refuses outright: "." or ".." segments, backslashes, or
// empty segments ("//").
bool IsSuspicious(std::string_view path) {
  if (path.find('\\') != std::string_view::npos) return true;
  std::size_t start = 1;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string_view::npos) end = path.size();
    std::string_view segment = path.substr(start, end - start);
    if (segment == "." || segment == "..") return true;
    if (segment.empty() && end != path.size()) return true;
    start = end + 1;
  }
  return false;
}

struct FileContents {
  std::string body;
  std::string etag;
};

enum class ReadResult { kOk, kMissing, kBusy };

// Reads the regular file `path`: kMissing when it is missing or not a file,
// kBusy when the server cannot open it now (out of file descriptors, memory).
ReadResult ReadFile(const std::string& path, FileContents& out) {
  int fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    return errno == EMFILE || errno == ENFILE || errno == ENOMEM ? ReadResult::kBusy
                                                                 : ReadResult::kMissing;
  }
  struct stat st;
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    return ReadResult::kMissing;
  }
  out.body.resize(static_cast<std::size_t>(st.st_size));
  std::size_t done = 0;
  while (done < out.body.size()) {
    ssize_t n = read(fd, out.body.data() + done, out.body.size() - done);
    if (n <= 0) {
      if (n < 0 && errno == EINTR) continue;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  close(fd);
  out.body.resize(done);
  auto mtime_ns = static_cast<long long>(st.st_mtim.tv_sec) * 1000000000LL + st.st_mtim.tv_nsec;
  out.etag = fmt::format("\"{:x}-{:x}\"", static_cast<unsigned long long>(done),
                         static_cast<unsigned long long>(mtime_ns));
  return ReadResult::kOk;
}

// True when a segment of `path` names a hidden file (".env", ".git/").
bool IsHidden(std::string_view path) { return path.find("/.") != std::string_view::npos; }

bool EtagMatches(const Request& request, const std::string& etag) {
  auto header = request.Header("if-none-match");
  if (!header) return false;
  std::string_view list = *header;
  if (list == "*") return true;
  // A comma-separated list; weak comparison ignores a "W/" prefix.
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (StartsWith(item, "W/")) item.remove_prefix(2);
    if (item == etag) return true;
  }
  return false;
}

}  // namespace

StaticFiles::StaticFiles(const std::string& root) {
  if (root.empty()) return;
  std::string real = RealPath(root);
  struct stat st;
  if (real.empty() || stat(real.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) {
    throw Error(ErrorCode::kInvalidArgument, "web root is not a folder: " + root, "web_root");
  }
  while (real.size() > 1 && real.back() == '/') real.pop_back();
  root_ = real;
}

const char* StaticFiles::ContentTypeFor(std::string_view name) {
  struct Entry {
    const char* extension;
    const char* type;
  };
  static constexpr Entry kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},
      {".woff2", "font/woff2"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".webmanifest", "application/manifest+json"},
      {".jpg", "image/jpeg"},
      {".webp", "image/webp"},
  };
  for (const Entry& entry : kTypes) {
    if (EndsWith(name, entry.extension)) return entry.type;
  }
  return "application/octet-stream";
}

Response StaticFiles::Serve(const Request& request) const {
  const std::string& path = request.path;
  if (!enabled()) return ErrorResponse(404, "not_found", "no such resource");
  if (path.empty() || path.front() != '/' || IsSuspicious(path)) {
    return ErrorResponse(400, "invalid_argument", "malformed path");
  }
  // Hidden files are never the web app's: a deployment's .env, .git, ...
  if (IsHidden(path)) return ErrorResponse(404, "not_found", "no such resource");
  bool is_asset = StartsWith(path, "/assets/");
  std::string relative = path.substr(1);
  if (relative.empty() || relative.back() == '/') relative += "index.html";

  std::string file = RealPath(root_ + "/" + relative);
  bool fallback = file.empty();
  if (!fallback) {
    if (!StartsWith(file, root_ + "/")) {
      // A symlink leading out of the root: refuse without saying why.
      return ErrorResponse(404, "not_found", "no such resource");
    }
    struct stat st;
    if (stat(file.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) fallback = true;
  }
  if (fallback) {
    if (is_asset || StartsWith(path, "/api/") || path == "/api") {
      return ErrorResponse(404, "not_found", "no such resource");
    }
    file = root_ + "/index.html";
  }

  FileContents contents;
  switch (ReadFile(file, contents)) {
    case ReadResult::kOk:
      break;
    case ReadResult::kMissing:
      return ErrorResponse(404, "not_found", "no such resource");
    case ReadResult::kBusy:  // a 404 now could be cached; this is passing
      return ErrorResponse(503, "unavailable", "the server is busy; try again");
  }
  Response response;
  response.content_type = ContentTypeFor(file);
  response.headers.emplace_back(
      "Cache-Control", is_asset && !fallback ? "public, max-age=31536000, immutable" : "no-cache");
  response.headers.emplace_back("ETag", contents.etag);
  if (EtagMatches(request, contents.etag)) {
    response.status = 304;
    return response;
  }
  response.body = std::move(contents.body);
  return response;
}

}  // namespace tandem::http
