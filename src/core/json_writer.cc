#include "core/json_writer.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>

#include <nlohmann/json.hpp>

#include "core/csv.h"

namespace tandem {

void JsonWriter::Separate() {
  if (comma_) Append(',');
}

JsonWriter& JsonWriter::BeginObject() {
  Separate();
  Append('{');
  comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndObject() {
  Append('}');
  comma_ = true;
  return *this;
}

JsonWriter& JsonWriter::BeginArray() {
  Separate();
  Append('[');
  comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::EndArray() {
  Append(']');
  comma_ = true;
  return *this;
}

namespace {

// Per byte: 0 when Dump escapes or replaces it (control characters, the
// quote, the backslash, DEL), 2 for a byte of a multi-byte character, else 1.
constexpr std::array<unsigned char, 256> kByteKinds = [] {
  std::array<unsigned char, 256> kinds{};
  for (int b = 0x20; b < 0x7f; ++b) kinds[b] = b == '"' || b == '\\' ? 0 : 1;
  for (int b = 0x80; b < 0x100; ++b) kinds[b] = 2;
  return kinds;
}();

// Whether Dump writes `text` as it is between its quotes: no byte it escapes
// and valid UTF-8.
bool WrittenAsItIs(std::string_view text) {
  unsigned seen = 0;
  for (const char c : text) {
    const unsigned kind = kByteKinds[static_cast<unsigned char>(c)];
    if (kind == 0) return false;
    seen |= kind;
  }
  return (seen & 2) == 0 || IsValidUtf8(text);
}

}  // namespace

void JsonWriter::Quoted(std::string_view text, bool key) {
  // One append of the comma due, the quotes, the text and a key's colon.
  char* p = Extend(text.size() + 2 + (comma_ ? 1 : 0) + (key ? 1 : 0));
  if (comma_) *p++ = ',';
  *p++ = '"';
  std::memcpy(p, text.data(), text.size());
  p += text.size();
  *p++ = '"';
  if (key) *p = ':';
  comma_ = !key;
}

JsonWriter& JsonWriter::AnyKey(std::string_view name) {
  if (WrittenAsItIs(name)) {
    Quoted(name, true);
    return *this;
  }
  String(name);
  Append(':');
  comma_ = false;
  return *this;
}

JsonWriter& JsonWriter::String(std::string_view text) {
  if (WrittenAsItIs(text)) {
    Quoted(text, false);
    return *this;
  }
  Separate();
  comma_ = true;
  // Escaped, invalid bytes replaced, as nlohmann's dump does it.
  Append(nlohmann::json(std::string(text))
             .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return *this;
}

JsonWriter& JsonWriter::Int(std::int64_t value) {
  Separate();
  comma_ = true;
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  Append(std::string_view(digits, result.ptr - digits));
  return *this;
}

JsonWriter& JsonWriter::Bool(bool value) {
  Separate();
  comma_ = true;
  Append(value ? std::string_view("true") : std::string_view("false"));
  return *this;
}

JsonWriter& JsonWriter::Null() {
  Separate();
  comma_ = true;
  Append("null");
  return *this;
}

JsonWriter& JsonWriter::IntOrNull(const std::optional<std::int64_t>& value) {
  return value ? Int(*value) : Null();
}

JsonWriter& JsonWriter::NumberOrNull(const std::optional<double>& value) {
  return value ? Number(*value) : Null();
}

JsonWriter& JsonWriter::StringOrNull(std::string_view text) {
  return text.empty() ? Null() : String(text);
}

JsonWriter& JsonWriter::Number(double value) {
  Separate();
  comma_ = true;
  if (!std::isfinite(value)) {
    Append("null");  // as Dump writes it
    return *this;
  }
  // A whole number below 10^15 (most points and scores): what Dump's
  // routine writes for it, its digits and ".0", without the shortest-digits
  // search.
  if (std::abs(value) < 1e15 && value == std::trunc(value) &&
      !(value == 0 && std::signbit(value))) {
    char whole[24];
    const auto result =
        std::to_chars(whole, whole + sizeof whole, static_cast<std::int64_t>(value));
    Append(std::string_view(whole, result.ptr - whole));
    Append(".0");
    return *this;
  }
  // The shortest text that reads back the same, by the routine Dump's
  // serializer calls, without building a tree and a serializer per number.
  char digits[64];
  const char* end = nlohmann::detail::to_chars(digits, digits + sizeof digits, value);
  Append(std::string_view(digits, end - digits));
  return *this;
}

JsonWriter& JsonWriter::Strings(const std::vector<std::string>& items) {
  BeginArray();
  for (const std::string& item : items) String(item);
  return EndArray();
}

void JsonWriter::Reserve(std::size_t bytes) {
  if (out_.size() - size_ < bytes) Grow(bytes);
}

void JsonWriter::Grow(std::size_t n) {
  out_.resize(std::max({out_.size() * 2, size_ + n, std::size_t{256}}));
}

JsonWriter& JsonWriter::Verbatim(std::string_view json) {
  Separate();
  comma_ = true;
  Append(json);
  return *this;
}

std::string JsonWriter::Take() {
  comma_ = false;
  out_.resize(size_);
  size_ = 0;
  std::string text = std::move(out_);
  out_.clear();
  return text;
}

}  // namespace tandem
