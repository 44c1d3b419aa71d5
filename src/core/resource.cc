#include "core/resource.h"

#include "core/csv.h"
#include "core/text.h"

namespace tandem {
namespace {

bool StartsWith(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

}  // namespace

std::optional<std::string> SniffFileType(std::string_view file_name, std::string_view bytes,
                                         std::string& why) {
  const size_t dot = file_name.rfind('.');
  const std::string ext = dot == std::string_view::npos ? "" : ToLower(file_name.substr(dot));
  struct Kind {
    const char* ext;
    const char* type;
    const char* what;
  };
  static const Kind kinds[] = {
      {".pdf", "application/pdf", "a PDF"},
      {".png", "image/png", "a PNG image"},
      {".jpg", "image/jpeg", "a JPEG image"},
      {".jpeg", "image/jpeg", "a JPEG image"},
      {".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
       "a Word document"},
      {".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
       "an Excel workbook"},
      {".pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation",
       "a PowerPoint presentation"},
      {".txt", "text/plain; charset=utf-8", "UTF-8 text"},
      {".md", "text/markdown; charset=utf-8", "UTF-8 text"},
      {".csv", "text/csv; charset=utf-8", "UTF-8 text"},
  };
  const Kind* kind = nullptr;
  for (const Kind& k : kinds) {
    if (ext == k.ext) kind = &k;
  }
  if (!kind) {
    why = "files of type " + (ext.empty() ? std::string("(no extension)") : ext) +
          " are not accepted (PDF, PNG, JPEG, Word, Excel, PowerPoint, text, Markdown, CSV)";
    return std::nullopt;
  }
  bool ok = false;
  const std::string_view type = kind->type;
  if (type == "application/pdf") {
    ok = StartsWith(bytes, "%PDF-");
  } else if (type == "image/png") {
    ok = StartsWith(bytes, "\x89PNG\r\n\x1a\n");
  } else if (type == "image/jpeg") {
    ok = StartsWith(bytes, "\xFF\xD8\xFF");
  } else if (StartsWith(type, "application/vnd.openxmlformats")) {
    ok = StartsWith(bytes, std::string_view("PK\x03\x04", 4));
  } else {
    ok = IsValidUtf8(bytes) && bytes.find('\0') == std::string_view::npos;
  }
  if (!ok) {
    why = "the file's bytes are not " + std::string(kind->what) + " as its name " +
          std::string(file_name) + " says";
    return std::nullopt;
  }
  return std::string(kind->type);
}

bool ForAudience(std::string_view audience, bool mentor, bool mentee) {
  return audience == "everyone" || (audience == "mentors" && mentor) ||
         (audience == "mentees" && mentee);
}

bool IsWebUrl(std::string_view url) {
  const std::string lower = ToLower(url.substr(0, 8));
  size_t rest = 0;
  if (StartsWith(lower, "https://")) {
    rest = 8;
  } else if (StartsWith(lower, "http://")) {
    rest = 7;
  } else {
    return false;
  }
  if (url.size() <= rest || url.size() > 2000) return false;
  for (char c : url) {
    if (static_cast<unsigned char>(c) <= 0x20 || c == 0x7f) return false;
  }
  return url[rest] != '/' && url[rest] != '.';
}

}  // namespace tandem
