// Qualitative analysis records (core/qualitative.h): documents, the
// codebook, coded segments and themes. Runs inside the caller's
// transaction; who may see and change what is decided in service/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/qualitative.h"
#include "store/database.h"

namespace tandem::store {

class QualitativeRepository {
 public:
  // `tx` must outlive the repository.
  explicit QualitativeRepository(Transaction& tx) : tx_(tx) {}

  // Inserts return the new id (created_at assigned).
  std::int64_t InsertDocument(const QualDocument& document);
  std::optional<QualDocument> FindDocument(std::int64_t id);
  // The program's documents, oldest first; with `with_text` false, text is empty.
  std::vector<QualDocument> ListDocuments(std::int64_t program_id, bool with_text = false);

  // Throws kAlreadyExists (field "name") for a name the codebook has.
  std::int64_t InsertCode(const QualCode& code);
  void UpdateCode(const QualCode& code);
  std::optional<QualCode> FindCode(std::int64_t id);
  std::vector<QualCode> ListCodes(std::int64_t program_id);

  std::int64_t InsertSegment(const QualSegment& segment);
  std::optional<QualSegment> FindSegment(std::int64_t id);
  bool DeleteSegment(std::int64_t id);
  // A document's segments, or every segment of a program's documents.
  std::vector<QualSegment> ListSegments(std::int64_t document_id);
  std::vector<QualSegment> ListProgramSegments(std::int64_t program_id);

  // Throws kAlreadyExists (field "name") for a name the program has.
  std::int64_t InsertTheme(const QualTheme& theme);
  std::vector<QualTheme> ListThemes(std::int64_t program_id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
