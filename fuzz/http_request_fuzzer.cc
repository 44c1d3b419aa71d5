// An HTTP request as the server reads it (src/http/server.cc): Boost.Beast's
// parser over arbitrary bytes with the server's header limit, the header
// fields copied into an http::Request with lower-cased names as the server
// does, then ParseTarget (path and query), Header, Query and Cookie lookups
// (http/message.h). Also PercentDecode over the raw bytes.
#include <utility>  // before Asio (DESIGN.md, Known traps)

#include <boost/asio/buffer.hpp>
#include <boost/beast/http.hpp>
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "http/message.h"

using tandem::fuzz::Check;
namespace bhttp = boost::beast::http;

namespace {

// ServerOptions::max_header_bytes's default (http/server.h).
constexpr std::uint32_t kHeaderLimit = 16 * 1024;

void CheckDecoded(const std::optional<std::string>& decoded) {
  if (decoded) Check(decoded->find('\0') == std::string::npos, "decoded text has no NUL");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  CheckDecoded(tandem::http::PercentDecode(raw));
  CheckDecoded(tandem::http::PercentDecode(raw, /*plus_as_space=*/true));

  bhttp::request_parser<bhttp::string_body> parser;
  parser.header_limit(kHeaderLimit);
  parser.body_limit(1 << 20);
  parser.eager(true);
  boost::beast::error_code ec;
  std::string_view rest = raw;
  while (!rest.empty() && !parser.is_done()) {
    const std::size_t used = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
    if (ec == bhttp::error::need_more) {
      ec = {};
      break;
    }
    if (ec || used == 0) break;
    rest.remove_prefix(used);
  }
  if (!ec && !parser.is_done()) parser.put_eof(ec);
  if (!parser.is_header_done()) return 0;

  const auto& header = parser.get();
  tandem::http::Request request;
  request.method.assign(header.method_string().data(), header.method_string().size());
  request.target.assign(header.target().data(), header.target().size());
  for (const auto& field : header) {
    std::string name(field.name_string().data(), field.name_string().size());
    for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    request.headers.emplace_back(std::move(name),
                                 std::string(field.value().data(), field.value().size()));
  }
  if (parser.is_done()) request.body = parser.get().body();

  if (tandem::http::ParseTarget(request)) {
    Check(!request.path.empty() && request.path.front() == '/', "a parsed path starts with '/'");
    Check(request.path.find('\0') == std::string::npos, "a parsed path has no NUL");
    for (const auto& [key, value] : request.query) {
      Check(key.find('\0') == std::string::npos && value.find('\0') == std::string::npos,
            "query parameters have no NUL");
      Check(request.Query(key).has_value(), "a parsed parameter is found by name");
    }
  }
  for (std::string_view name : {"host", "Content-Type", "ORIGIN", "x-forwarded-for"}) {
    (void)request.Header(name);
  }
  for (const auto& [name, value] : request.headers) {
    Check(request.Header(name).has_value(), "a header is found by its name");
  }
  for (std::string_view name : {"tandem_session", "csrf", ""}) {
    if (auto value = request.Cookie(name)) {
      Check(value->find(';') == std::string::npos, "a cookie value has no ';'");
    }
  }
  return 0;
}
