// The outbox: messages to send by e-mail, written in the same transaction as
// the change that causes them (an invitation, a password reset), and sent
// later by a worker. Runs inside the caller's transaction.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "store/database.h"

namespace tandem::store {

struct OutboxEntry {
  std::int64_t id = 0;
  std::string to_address;
  std::string subject;
  std::string body;
  std::string kind;  // "invitation", "password_reset", ...
  std::string created_at;
  std::string sent_at;  // empty until sent
  // One optional attachment (a meeting's invitation.ics): empty name for none.
  std::string attachment_name;
  std::string attachment_type;  // MIME type with parameters
  std::string attachment;
};

class Outbox {
 public:
  // `tx` must outlive the outbox.
  explicit Outbox(Transaction& tx) : tx_(tx) {}

  // Adds a message (id, created_at and sent_at are assigned) and returns its id.
  std::int64_t Add(const OutboxEntry& entry);
  // The newest `limit` messages (1..500), newest first.
  std::vector<OutboxEntry> List(int limit);
  // Marks a message sent now. Throws kNotFound.
  void MarkSent(std::int64_t id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
