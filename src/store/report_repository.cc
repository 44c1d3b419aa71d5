#include "store/report_repository.h"

#include "store/internal.h"

namespace tandem::store {
namespace {

std::vector<ReportRecord> Select(Transaction& tx, const std::string& where, long long key,
                                 int limit) {
  ReportRecord r;
  long long id = 0, program = 0, by = 0;
  soci::indicator by_ind{}, error_ind{}, finished_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << "SELECT id, program_id, requested_by, status, error, created_at, "
                                "finished_at FROM evaluation_reports " +
                                    where + " ORDER BY id DESC LIMIT :n",
       soci::use(key), soci::use(limit), soci::into(id), soci::into(program),
       soci::into(by, by_ind), soci::into(r.status), soci::into(r.error, error_ind),
       soci::into(r.created_at), soci::into(r.finished_at, finished_ind));
  st.execute();
  std::vector<ReportRecord> out;
  while (st.fetch()) {
    ReportRecord row = r;
    row.id = id;
    row.program_id = program;
    row.requested_by = by_ind == soci::i_ok ? std::optional<std::int64_t>(by) : std::nullopt;
    if (error_ind != soci::i_ok) row.error.clear();
    if (finished_ind != soci::i_ok) row.finished_at.clear();
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::int64_t ReportRepository::Insert(std::int64_t program_id, std::int64_t requested_by) {
  return Guard("saving report", [&] {
    long long program = program_id, by = requested_by, id = 0;
    soci::indicator by_ind = requested_by ? soci::i_ok : soci::i_null;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO evaluation_reports (program_id, requested_by, status, "
                      "created_at) VALUES (:p, :b, 'queued', :c) RETURNING id",
        soci::use(program), soci::use(by, by_ind), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::optional<ReportRecord> ReportRepository::Find(std::int64_t id) {
  return Guard("reading report", [&] {
    std::vector<ReportRecord> rows = Select(tx_, "WHERE id = :k", id, 1);
    return rows.empty() ? std::nullopt : std::optional<ReportRecord>(std::move(rows[0]));
  });
}

std::vector<ReportRecord> ReportRepository::List(std::int64_t program_id, int limit) {
  return Guard("listing reports",
               [&] { return Select(tx_, "WHERE program_id = :k", program_id, limit); });
}

void ReportRepository::Finish(std::int64_t id, const std::string& pdf_base64) {
  Guard("saving report", [&] {
    long long key = id;
    std::string pdf = pdf_base64;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "UPDATE evaluation_reports SET status = 'done', pdf = :pdf, error = NULL, "
                      "finished_at = :f WHERE id = :id",
        soci::use(pdf), soci::use(now), soci::use(key);
  });
}

void ReportRepository::Fail(std::int64_t id, const std::string& error) {
  Guard("saving report", [&] {
    long long key = id;
    std::string why = error;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "UPDATE evaluation_reports SET status = 'failed', error = :e, "
                      "finished_at = :f WHERE id = :id",
        soci::use(why), soci::use(now), soci::use(key);
  });
}

std::string ReportRepository::Pdf(std::int64_t id) {
  return Guard("reading report", [&] {
    long long key = id;
    std::string pdf;
    soci::indicator ind{};
    SessionOf(tx_) << "SELECT pdf FROM evaluation_reports WHERE id = :id", soci::use(key),
        soci::into(pdf, ind);
    return ind == soci::i_ok ? pdf : std::string();
  });
}

}  // namespace tandem::store
