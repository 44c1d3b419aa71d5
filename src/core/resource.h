// The resource library (docs/journey.md): links and uploaded files that a
// program (or every program) offers its people — research materials,
// clinical guidelines, emotional support, career development, program
// documents. Plain values and the rules that need no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

inline constexpr std::string_view kResourceCategories[] = {
    "research_materials", "clinical_guidelines", "emotional_support", "career_development",
    "program_documents"};
// Who a resource is for: everyone in the program, or only its mentors or mentees.
inline constexpr std::string_view kResourceAudiences[] = {"everyone", "mentors", "mentees"};

// True when something for `audience` is meant for a person who is a mentor
// (`mentor`) and/or a mentee (`mentee`) of the program: "everyone" is meant
// for all, "mentors" and "mentees" for that side only.
bool ForAudience(std::string_view audience, bool mentor, bool mentee);

struct Resource {
  std::int64_t id = 0;
  std::optional<std::int64_t> program_id;  // none: every program
  std::string title;
  std::string description;
  std::string category = "program_documents";
  std::string audience = "everyone";
  std::string url;           // a link; empty for a file
  std::string file_name;     // a file; empty for a link
  std::string content_type;  // of the file, from its bytes
  std::int64_t size = 0;     // bytes of the file
  std::int64_t created_by = 0;
  std::string created_at;
  std::string updated_at;
};

// The MIME type of an uploaded file, decided by its bytes and required to
// agree with its name's extension: PDF (%PDF-), PNG, JPEG, Word, Excel and
// PowerPoint (OOXML: a ZIP), and UTF-8 text (.txt, .md, .csv; no NUL bytes).
// Returns the type, or nullopt with `why` set ("the file's bytes are not a
// PDF", "files of type .exe are not accepted").
std::optional<std::string> SniffFileType(std::string_view file_name, std::string_view bytes,
                                         std::string& why);

// True for an absolute http or https URL without spaces or control characters.
bool IsWebUrl(std::string_view url);

}  // namespace tandem
