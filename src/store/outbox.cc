#include "store/outbox.h"

#include <algorithm>

#include "core/clock.h"
#include "store/internal.h"
#include "store/job_repository.h"

namespace tandem::store {
namespace {

constexpr const char* kColumns =
    "SELECT id, to_address, subject, body, kind, created_at, sent_at, attachment_name, "
    "attachment_type, attachment, status, attempts, last_error, smtp_reply, message_id, "
    "list_unsubscribe FROM outbox ";

std::optional<OutboxStatus> ParseOutboxStatus(const std::string& text) {
  for (OutboxStatus s :
       {OutboxStatus::kQueued, OutboxStatus::kSent, OutboxStatus::kFailed, OutboxStatus::kKept}) {
    if (text == OutboxStatusName(s)) return s;
  }
  return std::nullopt;
}

std::vector<OutboxEntry> Select(Transaction& tx, const std::string& rest, long long key) {
  OutboxEntry e;
  long long id = 0;
  std::string status;
  soci::indicator sent_ind{}, name_ind{}, type_ind{}, text_ind{}, error_ind{}, reply_ind{},
      message_ind{}, unsubscribe_ind{};
  std::vector<OutboxEntry> out;
  soci::statement st =
      (SessionOf(tx).prepare << kColumns + rest, soci::use(key), soci::into(id),
       soci::into(e.to_address), soci::into(e.subject), soci::into(e.body), soci::into(e.kind),
       soci::into(e.created_at), soci::into(e.sent_at, sent_ind),
       soci::into(e.attachment_name, name_ind), soci::into(e.attachment_type, type_ind),
       soci::into(e.attachment, text_ind), soci::into(status), soci::into(e.attempts),
       soci::into(e.last_error, error_ind), soci::into(e.smtp_reply, reply_ind),
       soci::into(e.message_id, message_ind), soci::into(e.list_unsubscribe, unsubscribe_ind));
  st.execute();
  while (st.fetch()) {
    OutboxEntry row = e;
    row.id = id;
    row.status = ParseOutboxStatus(status).value_or(OutboxStatus::kQueued);
    if (sent_ind != soci::i_ok) row.sent_at.clear();
    if (name_ind != soci::i_ok) row.attachment_name.clear();
    if (type_ind != soci::i_ok) row.attachment_type.clear();
    if (text_ind != soci::i_ok) row.attachment.clear();
    if (error_ind != soci::i_ok) row.last_error.clear();
    if (reply_ind != soci::i_ok) row.smtp_reply.clear();
    if (message_ind != soci::i_ok) row.message_id.clear();
    if (unsubscribe_ind != soci::i_ok) row.list_unsubscribe.clear();
    out.push_back(std::move(row));
  }
  return out;
}

// A day of retries with the worker's doubling delays (5 s up to an hour)
// takes about 35 attempts; the handler gives up after 24 hours whatever the
// count (service/mail.cc).
constexpr int kSendAttempts = 40;

std::string Payload(std::int64_t id) { return "{\"outbox_id\":" + std::to_string(id) + "}"; }

}  // namespace

std::string_view OutboxStatusName(OutboxStatus status) {
  switch (status) {
    case OutboxStatus::kQueued:
      return "queued";
    case OutboxStatus::kSent:
      return "sent";
    case OutboxStatus::kFailed:
      return "failed";
    case OutboxStatus::kKept:
      return "kept";
  }
  return "queued";
}

std::int64_t Outbox::Add(const OutboxEntry& entry) {
  const std::int64_t id = Guard("writing to the outbox", [&] {
    OutboxEntry e = entry;
    const std::string now = tx_.now_text();
    long long id = 0;
    soci::indicator attached = e.attachment_name.empty() ? soci::i_null : soci::i_ok;
    soci::indicator type_ind = attached, text_ind = attached;
    soci::indicator unsubscribe_ind = e.list_unsubscribe.empty() ? soci::i_null : soci::i_ok;
    SessionOf(tx_) << "INSERT INTO outbox (to_address, subject, body, kind, created_at, "
                      "attachment_name, attachment_type, attachment, list_unsubscribe, status) "
                      "VALUES (:to, :s, :b, :k, :t, :an, :at, :a, :lu, 'queued') RETURNING id",
        soci::use(e.to_address), soci::use(e.subject), soci::use(e.body), soci::use(e.kind),
        soci::use(now), soci::use(e.attachment_name, attached),
        soci::use(e.attachment_type, type_ind), soci::use(e.attachment, text_ind),
        soci::use(e.list_unsubscribe, unsubscribe_ind), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
  JobRepository(tx_).Enqueue(kSendMailJob, Payload(id), kSendAttempts);
  return id;
}

std::optional<OutboxEntry> Outbox::Find(std::int64_t id) {
  return Guard("reading the outbox", [&]() -> std::optional<OutboxEntry> {
    auto rows = Select(tx_, "WHERE id = :k", id);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

std::vector<OutboxEntry> Outbox::List(int limit) {
  return Guard("reading the outbox",
               [&] { return Select(tx_, "ORDER BY id DESC LIMIT :k", std::clamp(limit, 1, 500)); });
}

std::vector<OutboxEntry> Outbox::ListFailed(int limit) {
  return Guard("reading the outbox", [&] {
    return Select(tx_, "WHERE status = 'failed' ORDER BY id DESC LIMIT :k",
                  std::clamp(limit, 1, 500));
  });
}

void Outbox::RecordAttempt(std::int64_t id, OutboxStatus status, const std::string& error,
                           const std::string& smtp_reply, const std::string& message_id) {
  Guard("updating the outbox",
        [&] {
          long long key = id;
          std::string s(OutboxStatusName(status)), e = error, r = smtp_reply, m = message_id;
          std::string sent = status == OutboxStatus::kSent ? tx_.now_text() : "";
          soci::indicator sent_ind = sent.empty() ? soci::i_null : soci::i_ok;
          soci::indicator error_ind = e.empty() ? soci::i_null : soci::i_ok;
          soci::indicator reply_ind = r.empty() ? soci::i_null : soci::i_ok;
          soci::indicator message_ind = m.empty() ? soci::i_null : soci::i_ok;
          soci::statement st =
              (SessionOf(tx_).prepare
                   << "UPDATE outbox SET status = :s, attempts = attempts + 1, last_error = :e, "
                      "smtp_reply = :r, message_id = COALESCE(:m, message_id), "
                      "sent_at = COALESCE(:t, sent_at) WHERE id = :id",
               soci::use(s), soci::use(e, error_ind), soci::use(r, reply_ind),
               soci::use(m, message_ind), soci::use(sent, sent_ind), soci::use(key));
          st.execute(true);
          if (st.get_affected_rows() == 0) {
            throw NotFound("outbox message " + std::to_string(id) + " does not exist");
          }
        });
}

void Outbox::Requeue(std::int64_t id) {
  Guard("updating the outbox", [&] {
    long long key = id;
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE outbox SET status = 'queued', last_error = NULL "
                                   "WHERE id = :id",
         soci::use(key));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("outbox message " + std::to_string(id) + " does not exist");
    }
  });
  JobRepository(tx_).Enqueue(kSendMailJob, Payload(id), kSendAttempts);
}

}  // namespace tandem::store
