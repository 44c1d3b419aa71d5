// The outbox: messages to send by e-mail, written in the same transaction as
// the change that causes them (an invitation, a password reset, a meeting),
// each with a "send_mail" job that delivers it later (service/mail.h). Runs
// inside the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace tandem::store {

// queued: waiting for its job; sent; failed (refused, or retried for a day);
// kept (no mail server was configured when its turn came).
enum class OutboxStatus { kQueued, kSent, kFailed, kKept };
std::string_view OutboxStatusName(OutboxStatus status);

inline constexpr const char* kSendMailJob = "send_mail";

struct OutboxEntry {
  std::int64_t id = 0;
  std::string to_address;
  std::string subject;
  std::string body;
  std::string kind;  // "invitation", "password_reset", "meeting", ...
  std::string created_at;
  std::string sent_at;  // empty until sent
  // One optional attachment (a meeting's invitation.ics): empty name for none.
  std::string attachment_name;
  std::string attachment_type;  // MIME type with parameters
  std::string attachment;
  OutboxStatus status = OutboxStatus::kQueued;
  int attempts = 0;        // delivery attempts so far
  std::string last_error;  // why the last attempt did not deliver
  std::string smtp_reply;  // the server's answer to the delivered message
  std::string message_id;  // the Message-ID it was sent with
  // The one-click unsubscribe address (RFC 8058) of a non-essential message;
  // empty for an essential one.
  std::string list_unsubscribe;
};

class Outbox {
 public:
  // `tx` must outlive the outbox.
  explicit Outbox(Transaction& tx) : tx_(tx) {}

  // Adds a queued message (id, created_at assigned) with its send_mail job
  // in the same transaction, and returns its id.
  std::int64_t Add(const OutboxEntry& entry);
  std::optional<OutboxEntry> Find(std::int64_t id);
  // The newest `limit` messages (1..500), newest first.
  std::vector<OutboxEntry> List(int limit);
  // The newest `limit` messages (1..500) that failed for good, newest first.
  std::vector<OutboxEntry> ListFailed(int limit);
  // Records a delivery attempt: the new status (sent stamps sent_at with
  // the transaction's now), the error or the server's reply, and the
  // Message-ID used. Counts the attempt. Throws kNotFound.
  void RecordAttempt(std::int64_t id, OutboxStatus status, const std::string& error,
                     const std::string& smtp_reply, const std::string& message_id);
  // Queues a failed or kept message again with a new send_mail job (an
  // admin's resend). Throws kNotFound.
  void Requeue(std::int64_t id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
