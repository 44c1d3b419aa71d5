// The PDF reports of a program's evaluation that the server renders as jobs
// (docs/evaluation.md): requested, then done with the file or failed with
// the reason. Runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace tandem::store {

struct ReportRecord {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::optional<std::int64_t> requested_by;  // the user; none once deleted
  std::string status;                        // queued, done, failed
  std::string error;
  std::string created_at;
  std::string finished_at;
};

class ReportRepository {
 public:
  // `tx` must outlive the repository.
  explicit ReportRepository(Transaction& tx) : tx_(tx) {}

  // A queued report; returns its id.
  std::int64_t Insert(std::int64_t program_id, std::int64_t requested_by);
  std::optional<ReportRecord> Find(std::int64_t id);
  // The program's reports, newest first, at most `limit`.
  std::vector<ReportRecord> List(std::int64_t program_id, int limit = 20);
  // Done, with the PDF's bytes as base64.
  void Finish(std::int64_t id, const std::string& pdf_base64);
  void Fail(std::int64_t id, const std::string& error);
  // The PDF as base64; empty until done.
  std::string Pdf(std::int64_t id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
