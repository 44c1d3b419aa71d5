// A small blocking HTTP/1.1 client over POSIX sockets for tests that talk to a
// real server on loopback: one connection per request (Connection: close), a
// cookie jar, and enough parsing for Content-Length, chunked and
// read-until-close bodies. Not for production use: no TLS, no redirects.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tandem::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct HttpResponse {
  int status = 0;
  HeaderList headers;  // names lower-cased, in order
  std::string body;

  // The first header named `name` (case-insensitive), if any.
  std::optional<std::string> Header(std::string_view name) const;
  // Every header named `name` (e.g. Set-Cookie).
  std::vector<std::string> Headers(std::string_view name) const;
};

class HttpClient {
 public:
  HttpClient(std::string host, std::uint16_t port);

  // Sends one request on a new connection and returns the whole response.
  // Adds Host, Content-Length, Connection: close and a Cookie header from the
  // jar, then stores the response's Set-Cookie values in the jar (Max-Age=0
  // removes). If the server answers before the body is sent (413), stops
  // sending and returns that answer. Throws std::runtime_error when the
  // connection fails or no complete response arrives within the timeout.
  HttpResponse Send(std::string_view method, std::string_view target, std::string_view body = {},
                    const HeaderList& headers = {});

  // Sends `raw` bytes as they are (for malformed requests) and returns the
  // response.
  HttpResponse SendRaw(std::string_view raw);

  std::map<std::string, std::string>& cookies() { return cookies_; }
  void set_timeout(std::chrono::milliseconds timeout) { timeout_ = timeout; }

 private:
  HttpResponse Exchange(std::string_view head, std::string_view body);
  void StoreCookies(const HttpResponse& response);

  std::string host_;
  std::uint16_t port_;
  std::map<std::string, std::string> cookies_;
  std::chrono::milliseconds timeout_{60000};
};

// Parses a complete HTTP/1.1 response (status line, headers, body as
// Content-Length, chunked, or the rest). nullopt when incomplete or malformed.
std::optional<HttpResponse> ParseHttpResponse(std::string_view bytes, bool connection_closed);

}  // namespace tandem::testing
