// E-mail as it travels (RFC 5322 with MIME): headers with Date and a unique
// Message-ID, non-ASCII subjects and names encoded per RFC 2047, a plain-text
// and an HTML part (multipart/alternative), and for a meeting an inline
// text/calendar part with its METHOD, which calendar programs act on. Lines
// end in CRLF and stay within 78 characters. Pure and thread-safe.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"

namespace tandem::notify {

struct MailAddress {
  std::string name;     // may be empty
  std::string address;  // user@host
};

struct MailMessage {
  MailAddress from;
  MailAddress to;
  MailAddress reply_to;  // empty address: none
  std::string subject;
  std::string text;  // plain text, "\n" line ends
  // The HTML part; empty: made from `text` (escaped, paragraphs, links).
  std::string html;
  // An iCalendar object sent inline as text/calendar with `calendar_method`
  // (REQUEST, CANCEL); empty: none.
  std::string calendar;
  std::string calendar_method;
  std::string message_id;  // "<...@host>"
  SysSeconds date;
  // The one-click unsubscribe URL (RFC 8058): List-Unsubscribe and
  // List-Unsubscribe-Post headers; empty for an essential message.
  std::string list_unsubscribe;
};

// The whole message, ready for SMTP DATA.
std::string ComposeMail(const MailMessage& message);

// "Ana Ruiz <ana@x.org>", with the name quoted or RFC 2047-encoded as needed.
std::string FormatAddress(const MailAddress& address);

// Reads "Program <address>" or a bare "address". Throws
// tandem::Error(kInvalidArgument, field) when there is no plausible address.
MailAddress ParseAddress(std::string_view text, const char* field);

// `text` as a header value: itself when printable ASCII, otherwise RFC 2047
// encoded words (UTF-8, base64), split so that each stays short.
std::string EncodeHeaderText(std::string_view text);

// A new unique Message-ID on `host`: "<random.time@host>".
std::string NewMessageId(std::string_view host, SysSeconds now);

// Plain text as simple HTML: escaped, paragraphs at blank lines, line breaks,
// http(s) links made clickable.
std::string TextToHtml(std::string_view text);

// Standard base64 (RFC 4648) and quoted-printable (RFC 2045) with CRLF line
// breaks at 76 characters.
std::string Base64Lines(std::string_view data);
std::string QuotedPrintable(std::string_view text);

}  // namespace tandem::notify
