// The outbox of messages Tandem wrote (admin).
#include "service/accounts.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/error.h"
#include "core/text.h"
#include "service/accounts_internal.h"
#include "service/authorization.h"
#include "service/secrets.h"
#include "store/outbox.h"

namespace tandem::service {

std::vector<OutboxMessage> ListOutbox(store::Database& db, const Actor& actor, int limit) {
  RequireAdmin(actor, "read the outbox");
  store::Transaction tx = db.Begin(false);
  std::vector<OutboxMessage> out;
  for (store::OutboxEntry& e : store::Outbox(tx).List(limit)) {
    out.push_back({e.id, std::move(e.to_address), std::move(e.subject), std::move(e.body),
                   std::move(e.kind), std::move(e.created_at), std::move(e.sent_at),
                   std::move(e.attachment_name), std::string(store::OutboxStatusName(e.status)),
                   e.attempts, std::move(e.last_error)});
  }
  tx.Commit();
  return out;
}

}  // namespace tandem::service
