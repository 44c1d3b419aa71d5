#include "service/docx.h"

#include <zip.h>

#include <cstdint>
#include <memory>

#include "core/error.h"
#include "core/text.h"

namespace tandem::service {
namespace {

constexpr zip_uint64_t kMaxDocumentXml = 20u << 20;

Error NotWord(const std::string& why) {
  return InvalidArgument("this is not a Word document (.docx): " + why, "file");
}

// XML character data with its entities decoded.
void AppendText(std::string& out, std::string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out += text[i];
      continue;
    }
    const std::size_t end = text.find(';', i);
    if (end == std::string_view::npos) {
      out += text[i];
      continue;
    }
    const std::string_view entity = text.substr(i + 1, end - i - 1);
    if (entity == "amp")
      out += '&';
    else if (entity == "lt")
      out += '<';
    else if (entity == "gt")
      out += '>';
    else if (entity == "quot")
      out += '"';
    else if (entity == "apos")
      out += '\'';
    else if (!entity.empty() && entity[0] == '#') {
      const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      std::uint32_t cp = 0;
      for (char c : entity.substr(hex ? 2 : 1)) {
        const int digit = std::isdigit(static_cast<unsigned char>(c))
                              ? c - '0'
                              : (hex && std::isxdigit(static_cast<unsigned char>(c))
                                     ? (std::tolower(static_cast<unsigned char>(c)) - 'a' + 10)
                                     : -1);
        if (digit < 0 || cp > 0x10FFFF) {
          cp = 0xFFFD;
          break;
        }
        cp = cp * (hex ? 16 : 10) + static_cast<std::uint32_t>(digit);
      }
      AppendUtf8(out, cp);
    } else {
      out.append(text.substr(i, end - i + 1));
    }
    i = end;
  }
}

// The text of WordprocessingML: <w:t> runs, <w:tab/>, <w:br/> and <w:cr/>,
// and a line break after each paragraph </w:p>.
std::string TextOfDocumentXml(std::string_view xml) {
  std::string out;
  std::size_t i = 0;
  while ((i = xml.find('<', i)) != std::string_view::npos) {
    const std::size_t close = xml.find('>', i);
    if (close == std::string_view::npos) break;
    std::string_view tag = xml.substr(i + 1, close - i - 1);
    const bool self_closing = !tag.empty() && tag.back() == '/';
    // "w:t", "w:tab" of "<w:tab/>", or "/w:p" of a closing tag.
    const std::size_t from = !tag.empty() && tag[0] == '/' ? 1 : 0;
    const std::string_view name = tag.substr(0, tag.find_first_of(" /\t\r\n", from));
    if (name == "w:t" && !self_closing) {
      const std::size_t end = xml.find("</w:t>", close);
      if (end == std::string_view::npos) break;
      AppendText(out, xml.substr(close + 1, end - close - 1));
      i = end + 6;
      continue;
    }
    if (name == "w:tab") out += '\t';
    if (name == "w:br" || name == "w:cr") out += '\n';
    if (name == "/w:p") out += '\n';
    i = close + 1;
  }
  return out;
}

}  // namespace

std::string DocxToText(std::string_view bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (!source) throw NotWord("cannot read it");
  zip_t* archive = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (!archive) {
    zip_source_free(source);
    zip_error_fini(&error);
    throw NotWord("it is not a zip archive");
  }
  std::unique_ptr<zip_t, decltype(&zip_discard)> closer(archive, &zip_discard);
  zip_stat_t stat;
  zip_stat_init(&stat);
  if (zip_stat(archive, "word/document.xml", 0, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE)) {
    throw NotWord("it has no word/document.xml");
  }
  if (stat.size > kMaxDocumentXml) throw NotWord("its text is larger than 20 MB unpacked");
  zip_file_t* file = zip_fopen(archive, "word/document.xml", 0);
  if (!file) throw NotWord("cannot open word/document.xml");
  std::string xml(static_cast<std::size_t>(stat.size), '\0');
  const zip_int64_t read = zip_fread(file, xml.data(), stat.size);
  zip_fclose(file);
  if (read < 0 || static_cast<zip_uint64_t>(read) != stat.size) {
    throw NotWord("word/document.xml is damaged");
  }
  std::string text = TextOfDocumentXml(xml);
  // Trailing blank lines of the last paragraphs.
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  CheckText(text, "file", 500000, true);
  return text;
}

}  // namespace tandem::service
