// The web app's static files: content types, cache headers, the single-page
// app fallback to index.html, and refusal of any path outside the root.
// Internal to src/http/ (the server uses it); thread-safe (no mutable state).
#pragma once

#include <string>

#include "http/message.h"

namespace tandem::http {

class StaticFiles {
 public:
  // `root` is the folder holding index.html and assets/; empty disables static
  // files. Throws tandem::Error(kInvalidArgument) when `root` is not a folder.
  explicit StaticFiles(const std::string& root);

  bool enabled() const { return !root_.empty(); }

  // The response for a GET or HEAD of `request.path` (already percent-decoded):
  // the file with its Content-Type, Cache-Control ("public, max-age=31536000,
  // immutable" under /assets/, "no-cache" elsewhere) and ETag (304 when
  // If-None-Match matches); index.html for a missing file outside /assets/
  // and /api/; 404 for a missing asset, a hidden file (a segment starting
  // with '.') or a symlink leading out of the root; 400 for "." or ".."
  // segments; 503 when the file cannot be opened now (out of file
  // descriptors). Reads the file on the calling thread.
  Response Serve(const Request& request) const;

  // "text/html; charset=utf-8" for "index.html", ...; octet-stream if unknown.
  static const char* ContentTypeFor(std::string_view file_name);

 private:
  std::string root_;  // canonical absolute path without a trailing '/'
};

}  // namespace tandem::http
