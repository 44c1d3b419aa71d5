#include "notify/mime.h"

#include <date/date.h>

#include <atomic>
#include <random>

#include "core/error.h"
#include "core/text.h"

namespace tandem::notify {
namespace {

constexpr char kBase64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

std::string Base64(std::string_view data) {
  std::string out;
  out.reserve((data.size() + 2) / 3 * 4);
  size_t i = 0;
  for (; i + 2 < data.size(); i += 3) {
    const unsigned v = (static_cast<unsigned char>(data[i]) << 16) |
                       (static_cast<unsigned char>(data[i + 1]) << 8) |
                       static_cast<unsigned char>(data[i + 2]);
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += kBase64[(v >> 6) & 63];
    out += kBase64[v & 63];
  }
  if (i < data.size()) {
    unsigned v = static_cast<unsigned char>(data[i]) << 16;
    if (i + 1 < data.size()) v |= static_cast<unsigned char>(data[i + 1]) << 8;
    out += kBase64[(v >> 18) & 63];
    out += kBase64[(v >> 12) & 63];
    out += i + 1 < data.size() ? kBase64[(v >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

bool PlainAscii(std::string_view text) {
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u > 0x7e) return false;
  }
  return true;
}

// Removes CR and LF (header injection) and trims.
std::string OneLine(std::string_view text) {
  std::string out;
  for (char c : text) out += (c == '\r' || c == '\n') ? ' ' : c;
  return std::string(Trim(out));
}

std::string Boundary(std::string_view seed, const char* what) {
  std::string out = "=_tandem_";
  out += what;
  out += "_";
  for (char c : seed) {
    if (std::isalnum(static_cast<unsigned char>(c)) && out.size() < 40) out += c;
  }
  return out;
}

}  // namespace

std::string Base64Lines(std::string_view data) {
  const std::string flat = Base64(data);
  std::string out;
  for (size_t i = 0; i < flat.size(); i += 76) out += flat.substr(i, 76) + "\r\n";
  return out;
}

std::string QuotedPrintable(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out, line;
  const auto flush_soft = [&] {
    out += line + "=\r\n";
    line.clear();
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\r') continue;
    if (c == '\n') {
      // A space or tab before a line end must be encoded.
      if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        const char last = line.back();
        line.pop_back();
        line += last == ' ' ? "=20" : "=09";
      }
      out += line + "\r\n";
      line.clear();
      continue;
    }
    const auto u = static_cast<unsigned char>(c);
    std::string piece;
    if ((u >= 33 && u <= 126 && c != '=') || c == ' ' || c == '\t') {
      piece = std::string(1, c);
    } else {
      piece = {'=', kHex[u >> 4], kHex[u & 15]};
    }
    if (line.size() + piece.size() > 75) flush_soft();
    line += piece;
  }
  if (!line.empty()) {
    if (line.back() == ' ' || line.back() == '\t') {
      const char last = line.back();
      line.pop_back();
      line += last == ' ' ? "=20" : "=09";
    }
    out += line;
  }
  return out;
}

std::string EncodeHeaderText(std::string_view text) {
  const std::string line = OneLine(text);
  if (PlainAscii(line)) return line;
  // Encoded words of at most 36 bytes of text each (48 base64 characters,
  // so that "Subject: " and the word fit in 78), never splitting a UTF-8
  // character.
  std::string out;
  size_t at = 0;
  while (at < line.size()) {
    size_t end = std::min(line.size(), at + 36);
    while (end < line.size() && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80) --end;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + Base64(std::string_view(line).substr(at, end - at)) + "?=";
    at = end;
  }
  return out;
}

std::string FormatAddress(const MailAddress& a) {
  const std::string address = OneLine(a.address);
  const std::string name = OneLine(a.name);
  if (name.empty()) return address;
  if (!PlainAscii(name)) return EncodeHeaderText(name) + " <" + address + ">";
  std::string quoted = "\"";
  for (char c : name) {
    if (c == '"' || c == '\\') quoted += '\\';
    quoted += c;
  }
  return quoted + "\" <" + address + ">";
}

MailAddress ParseAddress(std::string_view text, const char* field) {
  MailAddress out;
  const std::string t(Trim(text));
  const size_t open = t.rfind('<');
  if (open != std::string::npos && !t.empty() && t.back() == '>') {
    out.address = std::string(Trim(std::string_view(t).substr(open + 1, t.size() - open - 2)));
    std::string name(Trim(std::string_view(t).substr(0, open)));
    if (name.size() >= 2 && name.front() == '"' && name.back() == '"') {
      name = name.substr(1, name.size() - 2);
    }
    out.name = name;
  } else {
    out.address = t;
  }
  const size_t at = out.address.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= out.address.size() ||
      out.address.find_first_of(" \t\r\n<>,;\"") != std::string::npos) {
    throw InvalidArgument("\"" + t +
                              "\" is not an e-mail address (write it as address@host or "
                              "Name <address@host>)",
                          field);
  }
  return out;
}

std::string NewMessageId(std::string_view host, SysSeconds now) {
  static std::atomic<unsigned long long> counter{0};
  thread_local std::mt19937_64 random{std::random_device{}()};
  const unsigned long long bits = random();
  char id[64];
  std::snprintf(id, sizeof id, "%016llx.%lld.%llu", bits,
                static_cast<long long>(now.time_since_epoch().count()), ++counter);
  return "<" + std::string(id) + "@" + std::string(host.empty() ? "tandem.invalid" : host) + ">";
}

std::string TextToHtml(std::string_view text) {
  std::string out =
      "<!DOCTYPE html><html><body style=\"font-family: sans-serif; line-height: 1.5\">\n<p>";
  size_t i = 0;
  while (i < text.size()) {
    if (text.compare(i, 7, "http://") == 0 || text.compare(i, 8, "https://") == 0) {
      size_t end = i;
      while (end < text.size() && !std::isspace(static_cast<unsigned char>(text[end])) &&
             text[end] != '<' && text[end] != '>' && text[end] != '"') {
        ++end;
      }
      while (end > i && (text[end - 1] == '.' || text[end - 1] == ',' || text[end - 1] == ')')) {
        --end;
      }
      const std::string url = EscapeHtml(text.substr(i, end - i));
      out += "<a href=\"" + url + "\">" + url + "</a>";
      i = end;
      continue;
    }
    const char c = text[i];
    if (c == '\n') {
      if (i + 1 < text.size() && text[i + 1] == '\n') {
        out += "</p>\n<p>";
        while (i + 1 < text.size() && text[i + 1] == '\n') ++i;
      } else {
        out += "<br>\n";
      }
    } else if (c != '\r') {
      out += EscapeHtml(std::string_view(&text[i], 1));
    }
    ++i;
  }
  return out + "</p>\n</body></html>\n";
}

std::string ComposeMail(const MailMessage& m) {
  std::string out;
  const auto header = [&](const char* name, const std::string& value) {
    out += std::string(name) + ": " + value + "\r\n";
  };
  header("Date", date::format("%a, %d %b %Y %H:%M:%S +0000", m.date));
  header("Message-ID", m.message_id);
  header("From", FormatAddress(m.from));
  header("To", FormatAddress(m.to));
  if (!m.reply_to.address.empty()) header("Reply-To", FormatAddress(m.reply_to));
  header("Subject", EncodeHeaderText(m.subject));
  header("MIME-Version", "1.0");
  header("Auto-Submitted", "auto-generated");
  if (!m.list_unsubscribe.empty()) {
    header("List-Unsubscribe", "<" + m.list_unsubscribe + ">");
    header("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
  }
  const std::string boundary = Boundary(m.message_id, "alt");
  header("Content-Type", "multipart/alternative;\r\n boundary=\"" + boundary + "\"");
  out += "\r\nThis is a message in MIME format.\r\n";
  const auto part = [&](const std::string& type, const std::string& encoding,
                        const std::string& body) {
    out += "\r\n--" + boundary + "\r\n";
    out += "Content-Type: " + type + "\r\n";
    out += "Content-Transfer-Encoding: " + encoding + "\r\n\r\n";
    out += body;
    if (body.size() < 2 || body.compare(body.size() - 2, 2, "\r\n") != 0) out += "\r\n";
  };
  part("text/plain; charset=utf-8", "quoted-printable", QuotedPrintable(m.text));
  part("text/html; charset=utf-8", "quoted-printable",
       QuotedPrintable(m.html.empty() ? TextToHtml(m.text) : m.html));
  if (!m.calendar.empty()) {
    part("text/calendar; charset=utf-8; method=" + m.calendar_method, "base64",
         Base64Lines(m.calendar));
  }
  out += "\r\n--" + boundary + "--\r\n";
  return out;
}

}  // namespace tandem::notify
