// E-mail delivery of the outbox (docs/email.md): each message is sent by its
// "send_mail" job, once, with the configured SMTP server; without one it is
// kept in the outbox. A temporary refusal is retried (the job's backoff) for
// up to 24 hours, a permanent one fails the message with the reason. A crash
// between the server's acceptance and recording it can send a message twice,
// never zero times.
#pragma once

#include <cstdint>
#include <string>

#include "notify/smtp.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

enum class DeliveryOutcome { kSent, kKept, kFailed, kAlreadyHandled };

// Delivers outbox message `outbox_id` now (the send_mail job's work): sent,
// kept (no server configured), failed for good, or already handled (sent,
// failed or kept before). Throws tandem::Error(kUnavailable) after a
// temporary failure, recorded on the message, so that the job retries it;
// kNotFound for an unknown message.
DeliveryOutcome DeliverOutboxMessage(store::Database& db, const notify::SmtpSettings& smtp,
                                     std::int64_t outbox_id);

// Queues a failed or kept message again (admin). Audited. Throws kNotFound,
// kFailedPrecondition for a message queued or sent already.
void ResendOutboxMessage(store::Database& db, const Actor& actor, std::int64_t outbox_id);

// Sends one test message to `to` with `smtp` and returns what the server
// said, for `tandem mail test`. Throws kInvalidArgument for bad settings or
// address, kUnavailable with the explanation when it was not accepted.
std::string SendTestMail(const notify::SmtpSettings& smtp, const std::string& to, SysSeconds now);

}  // namespace tandem::service
