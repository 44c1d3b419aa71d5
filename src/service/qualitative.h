// Qualitative analysis for a program's evaluation (docs/evaluation.md):
// de-identified documents, a codebook, two coders coding independently,
// their agreement (Cohen's kappa per code and pooled, with its standard
// error, over the documents' lines), the disagreements for a consensus pass,
// the agreed coding, themes with quotes, and the coded segments as CSV. The
// program's coordinators and evaluators (and admins); every change audited.
#pragma once

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/deidentify.h"
#include "core/qualitative.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// What in `text` looks like it identifies someone (e-mail addresses, phone
// numbers, names of the program's people), for the uploader to confirm.
// Offsets are code points, as the documents' are.
std::vector<IdentifierSpan> CheckForIdentifiers(store::Database& db, const Actor& actor,
                                                std::int64_t program_id, const std::string& text);

// The text of an uploaded transcript (its bytes in standard base64) — a Word
// document (`file_name` ending in .docx) converted, or UTF-8 plain text
// (.txt, .md) as it is — with what in it looks like an identifier (as
// CheckForIdentifiers), for the uploader to edit and confirm before
// CreateDocument. kInvalidArgument naming "content_base64" when it is not
// base64, "file" for another format, text that is not UTF-8, or over
// 500,000 characters.
struct TranscriptText {
  std::string text;
  std::vector<IdentifierSpan> identifiers;
};
TranscriptText ReadTranscript(store::Database& db, const Actor& actor, std::int64_t program_id,
                              const std::string& file_name, const std::string& content_base64);

// Adds a document. The uploader confirms it is de-identified
// (`confirmed_deidentified`; otherwise kInvalidArgument naming
// "confirmed_deidentified" with what was found). Title 1..200 characters,
// text 1..500,000 characters of UTF-8 (kInvalidArgument naming the field).
QualDocument CreateDocument(store::Database& db, const Actor& actor, std::int64_t program_id,
                            const std::string& title, const std::string& text,
                            bool confirmed_deidentified);
// A document from a survey's long-text item: each submitted answer on its
// own line, with identifiers replaced (as evaluators read them), shuffled
// out of response order (sorted). kInvalidArgument naming "item" when the
// survey has no such long-text item, or no answer.
QualDocument DocumentFromSurvey(store::Database& db, const Actor& actor, std::int64_t survey_id,
                                const std::string& item_code);
// The program's documents, text left out.
std::vector<QualDocument> ListDocuments(store::Database& db, const Actor& actor,
                                        std::int64_t program_id);

// A document with the segments the actor may see while coding: their own
// and the agreed ones (another coder's stay hidden until the agreement).
struct DocumentView {
  QualDocument document;
  std::vector<QualSegment> segments;
};
DocumentView GetDocument(store::Database& db, const Actor& actor, std::int64_t document_id);

// The codebook. A code's parent must be a top-level code of the same
// program (one level of nesting). Names unique in the program (kConflict
// naming "name"); name 1..100, definition and example up to 2,000.
QualCode CreateCode(store::Database& db, const Actor& actor, std::int64_t program_id,
                    QualCode code);
QualCode UpdateCode(store::Database& db, const Actor& actor, std::int64_t code_id, QualCode code);
std::vector<QualCode> ListCodes(store::Database& db, const Actor& actor, std::int64_t program_id);

// The actor marks [start, end) of a document with a code (code points,
// inside the text, start < end), as their own coding, or with `agreed` as
// the agreed coding. Removing: one's own or an agreed segment (another
// coder's: kFailedPrecondition).
QualSegment AddSegment(store::Database& db, const Actor& actor, std::int64_t document_id,
                       std::int64_t code_id, int start, int end, bool agreed);
void DeleteSegment(store::Database& db, const Actor& actor, std::int64_t segment_id);

// Two coders' agreement over the documents both coded: a line (unit) has a
// code for a coder when one of their segments with it overlaps the line.
struct CodeAgreement {
  std::int64_t code_id = 0;
  std::string code;
  int units = 0;   // lines compared
  int both = 0;    // lines both gave the code
  int only_a = 0;  // lines only coder A gave it
  int only_b = 0;
  double kappa = 0;           // NaN when neither used the code
  double standard_error = 0;  // NaN with kappa
};
struct Disagreement {
  std::int64_t document_id = 0;
  std::string document;
  int start = 0, end = 0;  // the line
  std::string excerpt;
  std::int64_t code_id = 0;
  std::string code;
  std::string coded_by;  // "A" or "B"
};
struct CoderAgreement {
  std::int64_t coder_a = 0, coder_b = 0;
  std::string coder_a_name, coder_b_name;
  int documents = 0;
  // Everyone who coded a document of the program (id, name), to choose from.
  std::vector<std::pair<std::int64_t, std::string>> coders;
  std::vector<CodeAgreement> codes;
  CodeAgreement overall;  // pooled over every (line, code)
  std::vector<Disagreement> disagreements;
};
// Without coders given: the two who coded the most documents in common.
// kFailedPrecondition when fewer than two coders coded a common document.
CoderAgreement GetCoderAgreement(store::Database& db, const Actor& actor, std::int64_t program_id,
                                 std::optional<std::int64_t> coder_a = {},
                                 std::optional<std::int64_t> coder_b = {});

// Themes gather codes and quotes (segments of the program's documents).
struct ThemeView {
  QualTheme theme;
  std::vector<std::string> codes;   // names
  std::vector<std::string> quotes;  // the quoted text
};
ThemeView CreateTheme(store::Database& db, const Actor& actor, std::int64_t program_id,
                      QualTheme theme);
std::vector<ThemeView> ListThemes(store::Database& db, const Actor& actor, std::int64_t program_id);

// Every coded segment: document, coder ("agreed" for the agreed coding),
// code, parent code, start, end, text. Returns the rows written.
int ExportSegments(store::Database& db, const Actor& actor, std::int64_t program_id,
                   std::ostream& csv);

}  // namespace tandem::service
