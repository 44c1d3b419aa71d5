// JSON text written as it goes, without building a tree: the API's answers
// with many rows and the service's audit records, where building, printing
// and freeing a tree cost more than the work around them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace tandem {

// A key written in the code: a string literal of printable ASCII without a
// quote or backslash, checked when compiling (anything else does not compile).
class KeyName {
 public:
  template <std::size_t N>
  consteval KeyName(const char (&name)[N]) : text_(name, N - 1) {
    if (N < 2 || name[N - 1] != '\0') throw "a key is a non-empty string literal";
    for (std::size_t i = 0; i + 1 < N; ++i) {
      if (name[i] < 0x20 || name[i] == 0x7f || name[i] == '"' || name[i] == '\\') {
        throw "a key written in the code is printable ASCII needing no escape";
      }
    }
  }
  std::string_view text() const { return text_; }

 private:
  std::string_view text_;
};

// Writes JSON text. The text is what nlohmann's dump gives for the same
// values (keys in the order written, UTF-8 kept, invalid UTF-8 replaced by
// U+FFFD, numbers as its shortest round-trip text). The caller pairs
// Begin/End and writes a Key before each value inside an object; the writer
// does not check this. Not thread-safe; cheap to create.
class JsonWriter {
 public:
  JsonWriter& BeginObject();
  JsonWriter& EndObject();
  JsonWriter& BeginArray();
  JsonWriter& EndArray();
  // A key written in the code ("id"): checked when compiling (KeyName), so
  // copied without looking at its characters.
  JsonWriter& Key(KeyName name) {
    PlainKey(name.text());
    return *this;
  }
  // Any other key (a facet, a question id), escaped as String escapes text.
  template <typename Text>
  requires(!std::is_array_v<Text> &&
           std::is_convertible_v<const Text&, std::string_view>) JsonWriter& Key(const Text& name) {
    return AnyKey(name);
  }
  JsonWriter& String(std::string_view text);
  JsonWriter& Int(std::int64_t value);
  JsonWriter& Bool(bool value);
  JsonWriter& Null();
  // A number as Dump writes a double (shortest text that reads back the same).
  JsonWriter& Number(double value);
  // The value, or null when there is none (for StringOrNull: when empty).
  JsonWriter& IntOrNull(const std::optional<std::int64_t>& value);
  JsonWriter& NumberOrNull(const std::optional<double>& value);
  JsonWriter& StringOrNull(std::string_view text);
  // `items` as an array of strings.
  JsonWriter& Strings(const std::vector<std::string>& items);
  // Room for `bytes` more bytes of text (when the caller knows the answer is large).
  void Reserve(std::size_t bytes);
  // A value given as JSON text (one whole value), copied as it is.
  JsonWriter& Verbatim(std::string_view json);

  // The text written so far; the writer is empty afterwards.
  std::string Take();

 private:
  void Separate();  // the comma before a value or key, when one is due
  // `text` between quotes (and a colon after a key), as Dump writes text it
  // writes as it is.
  void Quoted(std::string_view text, bool key);

  JsonWriter& AnyKey(std::string_view name);
  // A key that needs no escape: the comma due, the quoted key, the colon.
  void PlainKey(std::string_view name) {
    char* p = Extend(name.size() + 3 + (comma_ ? 1 : 0));
    if (comma_) *p++ = ',';
    *p++ = '"';
    std::memcpy(p, name.data(), name.size());
    p[name.size()] = '"';
    p[name.size() + 1] = ':';
    comma_ = false;
  }
  // Room for `n` more bytes of text, which the caller fills: where they go.
  char* Extend(std::size_t n) {
    if (out_.size() - size_ < n) Grow(n);
    char* at = out_.data() + size_;
    size_ += n;
    return at;
  }
  void Grow(std::size_t n);
  void Append(std::string_view text) { std::memcpy(Extend(text.size()), text.data(), text.size()); }
  void Append(char c) { *Extend(1) = c; }

  // out_.size() is the room; the text is its first size_ bytes. The room
  // doubles when it runs out, because resizing a std::string zero-fills
  // what it adds.
  std::string out_;
  std::size_t size_ = 0;
  bool comma_ = false;  // a value was written at this level
};

}  // namespace tandem
