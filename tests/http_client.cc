#include "http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace tandem::testing {
namespace {

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// Owns a socket descriptor.
class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

bool Readable(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  return ::poll(&p, 1, timeout_ms) > 0 && (p.revents & (POLLIN | POLLHUP | POLLERR));
}

// Decodes a chunked body starting at `data`; nullopt when incomplete.
std::optional<std::string> Dechunk(std::string_view data) {
  std::string out;
  while (true) {
    std::size_t eol = data.find("\r\n");
    if (eol == std::string_view::npos) return std::nullopt;
    std::string size_text(Trim(data.substr(0, data.find_first_of(";\r"))));
    std::size_t size = 0;
    try {
      size = std::stoul(size_text, nullptr, 16);
    } catch (...) {
      return std::nullopt;
    }
    data.remove_prefix(eol + 2);
    if (size == 0) return out;
    if (data.size() < size + 2) return std::nullopt;
    out.append(data.substr(0, size));
    data.remove_prefix(size + 2);
  }
}

}  // namespace

std::optional<std::string> HttpResponse::Header(std::string_view name) const {
  const std::string key = Lower(name);
  for (const auto& [k, v] : headers) {
    if (k == key) return v;
  }
  return std::nullopt;
}

std::vector<std::string> HttpResponse::Headers(std::string_view name) const {
  const std::string key = Lower(name);
  std::vector<std::string> out;
  for (const auto& [k, v] : headers) {
    if (k == key) out.push_back(v);
  }
  return out;
}

std::optional<HttpResponse> ParseHttpResponse(std::string_view bytes, bool connection_closed) {
  std::size_t head_end = bytes.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return std::nullopt;
  std::string_view head = bytes.substr(0, head_end);
  std::string_view rest = bytes.substr(head_end + 4);
  HttpResponse response;
  std::size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  if (status_line.substr(0, 5) != "HTTP/" || status_line.size() < 12) return std::nullopt;
  response.status = std::atoi(std::string(status_line.substr(9, 3)).c_str());
  std::string_view lines =
      eol == std::string_view::npos ? std::string_view() : head.substr(eol + 2);
  while (!lines.empty()) {
    std::size_t end = lines.find("\r\n");
    std::string_view line = lines.substr(0, end);
    lines = end == std::string_view::npos ? std::string_view() : lines.substr(end + 2);
    std::size_t colon = line.find(':');
    if (colon == std::string_view::npos) continue;
    response.headers.emplace_back(Lower(Trim(line.substr(0, colon))),
                                  std::string(Trim(line.substr(colon + 1))));
  }
  const bool no_body = response.status == 204 || response.status == 304 ||
                       (response.status >= 100 && response.status < 200);
  if (no_body) return response;
  if (auto te = response.Header("transfer-encoding");
      te && Lower(*te).find("chunked") != std::string::npos) {
    auto body = Dechunk(rest);
    if (!body) return std::nullopt;
    response.body = std::move(*body);
    return response;
  }
  if (auto length = response.Header("content-length")) {
    std::size_t n = std::stoul(*length);
    if (rest.size() < n) return std::nullopt;
    response.body = std::string(rest.substr(0, n));
    return response;
  }
  if (!connection_closed) return std::nullopt;
  response.body = std::string(rest);
  return response;
}

HttpClient::HttpClient(std::string host, std::uint16_t port)
    : host_(std::move(host)), port_(port) {}

HttpResponse HttpClient::Send(std::string_view method, std::string_view target,
                              std::string_view body, const HeaderList& headers) {
  std::string head;
  head.append(method).append(" ").append(target).append(" HTTP/1.1\r\n");
  head.append("Host: ").append(host_).append(":").append(std::to_string(port_)).append("\r\n");
  bool has_length = false;
  for (const auto& [name, value] : headers) {
    if (Lower(name) == "content-length") has_length = true;
    head.append(name).append(": ").append(value).append("\r\n");
  }
  if (!has_length && (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")) {
    head.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
  }
  if (!cookies_.empty()) {
    std::string cookie;
    for (const auto& [name, value] : cookies_) {
      if (!cookie.empty()) cookie.append("; ");
      cookie.append(name).append("=").append(value);
    }
    head.append("Cookie: ").append(cookie).append("\r\n");
  }
  head.append("Connection: close\r\n\r\n");
  HttpResponse response = Exchange(head, body);
  StoreCookies(response);
  return response;
}

HttpResponse HttpClient::SendRaw(std::string_view raw) { return Exchange(raw, {}); }

HttpResponse HttpClient::Exchange(std::string_view head, std::string_view body) {
  Socket socket(::socket(AF_INET, SOCK_STREAM, 0));
  if (socket.fd() < 0) throw std::runtime_error("socket: " + std::string(std::strerror(errno)));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port_);
  if (::inet_pton(AF_INET, host_.c_str(), &address.sin_addr) != 1) {
    throw std::runtime_error("bad IPv4 address " + host_);
  }
  if (::connect(socket.fd(), reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0) {
    throw std::runtime_error("connect: " + std::string(std::strerror(errno)));
  }
  int one = 1;
  ::setsockopt(socket.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));

  // Send the head, then the body in pieces, stopping early when the server
  // has already answered (e.g. 413 before reading the body).
  auto send_all = [&](std::string_view data) {
    while (!data.empty()) {
      if (Readable(socket.fd(), 0)) return false;
      std::size_t piece = std::min<std::size_t>(data.size(), std::size_t{64} * 1024);
      ssize_t n = ::send(socket.fd(), data.data(), piece, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EINTR) continue;
        return false;
      }
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  };
  if (send_all(head) && !body.empty()) send_all(body);

  std::string received;
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  char buffer[64 * 1024];
  while (true) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) throw std::runtime_error("timed out waiting for the response");
    if (!Readable(socket.fd(), static_cast<int>(left.count()))) continue;
    ssize_t n = ::recv(socket.fd(), buffer, sizeof(buffer), 0);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      // Closed (or reset after answering): whatever arrived is the answer.
      if (auto response = ParseHttpResponse(received, true)) return *response;
      throw std::runtime_error("connection closed before a complete response (" +
                               std::to_string(received.size()) + " bytes)");
    }
    received.append(buffer, static_cast<std::size_t>(n));
    if (auto response = ParseHttpResponse(received, false)) return *response;
  }
}

void HttpClient::StoreCookies(const HttpResponse& response) {
  for (const std::string& header : response.Headers("set-cookie")) {
    std::string_view rest = header;
    std::string_view pair = rest.substr(0, rest.find(';'));
    std::size_t eq = pair.find('=');
    if (eq == std::string_view::npos) continue;
    std::string name(Trim(pair.substr(0, eq)));
    std::string value(Trim(pair.substr(eq + 1)));
    bool expired = Lower(header).find("max-age=0") != std::string::npos;
    if (expired || value.empty()) {
      cookies_.erase(name);
    } else {
      cookies_[name] = value;
    }
  }
}

}  // namespace tandem::testing
