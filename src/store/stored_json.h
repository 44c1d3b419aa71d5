// Internal to store/: JSON text the store keeps in a column (a matching run's
// result, a pair's breakdown) read as events, for readers that keep only what
// they need of it. Never include this outside src/store/ and its tests.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/csv.h"
#include "core/text.h"

namespace tandem::store {

// Delivers the events of the JSON value at the start of `text` to `handler`,
// which has nlohmann's SAX interface (null, boolean, number_integer,
// number_unsigned, number_float, string, start_object, key, end_object,
// start_array, end_array, parse_error), exactly as
// nlohmann::json::sax_parse(text, &handler, input_format_t::json, false)
// does: the same events in the same order, what follows the value unread, on
// malformed text (invalid UTF-8 included) the events before the fault and
// then parse_error. Returns false when the text is malformed or a callback
// returned false (which stops the reading), true otherwise. Several times
// faster than nlohmann's lexer, which keeps every character of a token.
// A handler may also have `bool skip_rest()`, asked after each value inside
// an array or object: true passes over the rest of that container unread
// (its brackets are counted, not matched, and its strings followed; nothing
// else in it is checked, so malformed text there goes unnoticed) and
// goes on with the container's end event, for a reader that has what it needs
// of a long list.
template <typename Handler>
bool ReadJsonEvents(std::string_view text, Handler& handler);

namespace detail {

template <typename Handler>
class JsonEventReader {
 public:
  JsonEventReader(std::string_view text, Handler& handler) : text_(text), handler_(handler) {}

  bool Run() {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;  // a byte order mark, as nlohmann skips
    std::vector<char> open;                              // '{' or '[' of each container being read
    for (;;) {
      // A value.
      SkipSpace();
      if (pos_ >= text_.size()) return Fault();
      const char c = text_[pos_];
      if (c == '{' || c == '[') {
        ++pos_;
        const bool object = c == '{';
        if (!(object ? handler_.start_object(kUnknownSize) : handler_.start_array(kUnknownSize))) {
          return false;
        }
        SkipSpace();
        if (pos_ < text_.size() && text_[pos_] == (object ? '}' : ']')) {
          ++pos_;
          if (!(object ? handler_.end_object() : handler_.end_array())) return false;
        } else {
          open.push_back(c);
          if (object && !Key()) return false;
          continue;
        }
      } else if (c == '"') {
        if (!String(text_buffer_)) return Fault();
        if (!handler_.string(text_buffer_)) return false;
      } else if (c == 't' || c == 'f' || c == 'n') {
        if (!Literal()) return false;
      } else if (!Number()) {
        return false;
      }
      // After a value: close what ends here, up to the next value.
      for (;;) {
        if (open.empty()) return true;
        if constexpr (requires { handler_.skip_rest(); }) {
          if (handler_.skip_rest() && !SkipRest()) return Fault();
        }
        SkipSpace();
        if (pos_ >= text_.size()) return Fault();
        const char d = text_[pos_];
        const bool object = open.back() == '{';
        if (d == ',') {
          ++pos_;
          if (object && !Key()) return false;
          break;
        }
        if (d != (object ? '}' : ']')) return Fault();
        ++pos_;
        open.pop_back();
        if (!(object ? handler_.end_object() : handler_.end_array())) return false;
      }
    }
  }

 private:
  static constexpr std::size_t kUnknownSize = static_cast<std::size_t>(-1);

  void SkipSpace() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Fault() {
    handler_.parse_error(
        pos_, "", nlohmann::detail::parse_error::create(101, pos_, "malformed JSON", nullptr));
    return false;
  }

  // Moves pos_ to the bracket that closes the container being read, past
  // nested containers and strings (a bracket or quote inside a string, or
  // escaped, does not count). False when the text ends first.
  bool SkipRest() {
    int depth = 0;
    while (pos_ < text_.size()) {
      switch (text_[pos_]) {
        case '"':
          for (++pos_; pos_ < text_.size() && text_[pos_] != '"'; ++pos_) {
            if (text_[pos_] == '\\') ++pos_;
          }
          break;
        case '{':
        case '[':
          ++depth;
          break;
        case '}':
        case ']':
          if (depth == 0) return true;
          --depth;
          break;
        default:
          break;
      }
      ++pos_;
    }
    return false;
  }

  // `"name"`, its key event, then the colon after it (nlohmann's order).
  bool Key() {
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != '"' || !String(text_buffer_)) return Fault();
    if (!handler_.key(text_buffer_)) return false;
    SkipSpace();
    if (pos_ >= text_.size() || text_[pos_] != ':') return Fault();
    ++pos_;
    return true;
  }

  // The string at pos_ (its opening quote), unescaped into `out`.
  bool String(std::string& out) {
    out.clear();
    ++pos_;
    std::size_t run = pos_;  // start of the characters not yet copied
    unsigned seen = 0;       // the bits of every byte read as it is
    for (;;) {
      if (pos_ >= text_.size()) return false;
      const auto c = static_cast<unsigned char>(text_[pos_]);
      if (c == '"') {
        out.append(text_, run, pos_ - run);
        ++pos_;
        // Escapes add only valid UTF-8; bytes as they are need a check
        // when one is not ASCII.
        return (seen & 0x80) == 0 || IsValidUtf8(out);
      }
      if (c < 0x20) return false;
      if (c != '\\') {
        seen |= c;
        ++pos_;
        continue;
      }
      out.append(text_, run, pos_ - run);
      if (++pos_ >= text_.size()) return false;
      switch (text_[pos_++]) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          unsigned point = 0;
          if (!Hex4(point)) return false;
          if (point >= 0xDC00 && point <= 0xDFFF) return false;  // a lone low surrogate
          if (point >= 0xD800 && point <= 0xDBFF) {
            unsigned low = 0;
            if (text_.substr(pos_, 2) != "\\u") return false;
            pos_ += 2;
            if (!Hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
            point = 0x10000 + ((point - 0xD800) << 10) + (low - 0xDC00);
          }
          AppendUtf8(out, point);
          break;
        }
        default:
          return false;
      }
      run = pos_;
    }
  }

  bool Hex4(unsigned& out) {
    if (pos_ + 4 > text_.size()) return false;
    const auto parsed = std::from_chars(text_.data() + pos_, text_.data() + pos_ + 4, out, 16);
    if (parsed.ec != std::errc() || parsed.ptr != text_.data() + pos_ + 4) return false;
    pos_ += 4;
    return true;
  }

  bool Literal() {
    for (const auto& [word, kind] :
         {std::pair<std::string_view, int>{"true", 1}, {"false", 0}, {"null", 2}}) {
      if (text_.substr(pos_, word.size()) != word) continue;
      pos_ += word.size();
      return kind == 2 ? handler_.null() : handler_.boolean(kind == 1);
    }
    return Fault();
  }

  // A number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?, an integer
  // event when it has neither fraction nor exponent and fits, as nlohmann.
  bool Number() {
    const std::size_t start = pos_;
    const auto digits = [&] {
      const std::size_t first = pos_;
      while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
      return pos_ > first;
    };
    const bool negative = pos_ < text_.size() && text_[pos_] == '-';
    if (negative) ++pos_;
    if (pos_ < text_.size() && text_[pos_] == '0') {
      ++pos_;
    } else if (!digits()) {
      return Fault();
    }
    bool integer = true;
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      integer = false;
      if (!digits()) return Fault();
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      integer = false;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (!digits()) return Fault();
    }
    const char* first = text_.data() + start;
    const char* last = text_.data() + pos_;
    if (integer && negative) {
      std::int64_t value = 0;
      if (std::from_chars(first, last, value).ec == std::errc()) {
        return handler_.number_integer(value);
      }
    } else if (integer) {
      std::uint64_t value = 0;
      if (std::from_chars(first, last, value).ec == std::errc()) {
        return handler_.number_unsigned(value);
      }
    }
    number_text_.assign(first, last);
    double value = 0;
    if (ShortDecimal(first, last, value)) return handler_.number_float(value, number_text_);
    if (std::from_chars(first, last, value).ec != std::errc()) {
      value = std::strtod(number_text_.c_str(), nullptr);  // out of range: as nlohmann reads it
      if (!std::isfinite(value)) return Fault();
    }
    return handler_.number_float(value, number_text_);
  }

  // A decimal without exponent and of at most 15 digits ("71.25", "-0.5"),
  // as strtod reads it: its digits are exactly an integer below 2^53 and
  // 10^fraction is exact, so one division is correctly rounded (Clinger's
  // fast path). False for anything else, left to from_chars.
  static bool ShortDecimal(const char* first, const char* last, double& out) {
    static constexpr double kPowers[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                         1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
    const bool negative = first < last && *first == '-';
    std::uint64_t digits = 0;
    int count = 0, fraction = -1;  // digits after the point; -1 before it
    for (const char* p = first + (negative ? 1 : 0); p < last; ++p) {
      if (*p == '.') {
        fraction = 0;
        continue;
      }
      if (*p < '0' || *p > '9' || ++count > 15) return false;
      digits = digits * 10 + static_cast<std::uint64_t>(*p - '0');
      if (fraction >= 0) ++fraction;
    }
    const double value = static_cast<double>(digits) / kPowers[fraction < 0 ? 0 : fraction];
    out = negative ? -value : value;
    return true;
  }

  std::string_view text_;
  Handler& handler_;
  std::size_t pos_ = 0;
  std::string text_buffer_;  // the string or key being read
  std::string number_text_;  // the number being read
};

}  // namespace detail

template <typename Handler>
bool ReadJsonEvents(std::string_view text, Handler& handler) {
  return detail::JsonEventReader<Handler>(text, handler).Run();
}

}  // namespace tandem::store
