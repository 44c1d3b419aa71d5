#include "service/mail.h"

#include <nlohmann/json.hpp>

#include "core/error.h"
#include "notify/mime.h"
#include "service/accounts.h"
#include "service/authorization.h"
#include "store/audit_log.h"
#include "store/outbox.h"

namespace tandem::service {
namespace {

using store::OutboxStatus;

constexpr auto kGiveUpAfter = std::chrono::hours(24);

// The host Message-IDs are made on: the public address's, else the sender's domain.
std::string IdHost(const notify::SmtpSettings& smtp) {
  const std::string& base = PublicBaseUrl();
  const size_t scheme = base.find("://");
  std::string host = scheme == std::string::npos ? base : base.substr(scheme + 3);
  host = host.substr(0, host.find_first_of(":/"));
  if (host.empty() || host == "127.0.0.1" || host == "localhost") {
    const size_t at = smtp.from.address.find('@');
    if (at != std::string::npos) host = smtp.from.address.substr(at + 1);
  }
  return host;
}

// "text/calendar; charset=utf-8; method=REQUEST" -> "REQUEST".
std::string MethodOf(const std::string& type) {
  const size_t at = type.find("method=");
  if (at == std::string::npos) return "PUBLISH";
  std::string m = type.substr(at + 7);
  return m.substr(0, m.find(';'));
}

notify::MailMessage Compose(const store::OutboxEntry& e, const notify::SmtpSettings& smtp,
                            const std::string& message_id, SysSeconds now) {
  notify::MailMessage m;
  m.from = smtp.from;
  m.reply_to = smtp.reply_to;
  m.to = {"", e.to_address};
  m.subject = e.subject;
  m.text = e.body;
  if (e.attachment_type.rfind("text/calendar", 0) == 0) {
    m.calendar = e.attachment;
    m.calendar_method = MethodOf(e.attachment_type);
  }
  m.message_id = message_id;
  m.date = now;
  m.list_unsubscribe = e.list_unsubscribe;
  return m;
}

}  // namespace

DeliveryOutcome DeliverOutboxMessage(store::Database& db, const notify::SmtpSettings& smtp,
                                     std::int64_t outbox_id) {
  store::OutboxEntry entry;
  SysSeconds now;
  {
    store::Transaction tx = db.Begin(false);
    auto found = store::Outbox(tx).Find(outbox_id);
    if (!found) throw NotFound("outbox message " + std::to_string(outbox_id) + " does not exist");
    entry = *found;
    now = tx.now();
    tx.Commit();
  }
  if (entry.status != OutboxStatus::kQueued) return DeliveryOutcome::kAlreadyHandled;
  const auto record = [&](OutboxStatus status, const std::string& error, const std::string& reply,
                          const std::string& message_id) {
    store::Transaction tx = db.Begin();
    store::Outbox(tx).RecordAttempt(outbox_id, status, error, reply, message_id);
    tx.Commit();
  };
  if (!smtp.configured()) {
    record(OutboxStatus::kKept,
           "e-mail delivery is not set up (tandem serve --smtp-url); resend it once it is", "", "");
    return DeliveryOutcome::kKept;
  }
  // One Message-ID for every attempt, so that a message sent twice after a
  // crash is recognisable as the same one.
  const std::string message_id =
      entry.message_id.empty() ? notify::NewMessageId(IdHost(smtp), now) : entry.message_id;
  const notify::SmtpResult result = notify::SendSmtp(
      smtp, entry.to_address, notify::ComposeMail(Compose(entry, smtp, message_id, now)));
  switch (result.outcome) {
    case notify::SmtpOutcome::kSent:
      record(OutboxStatus::kSent, "", result.reply, message_id);
      return DeliveryOutcome::kSent;
    case notify::SmtpOutcome::kPermanentFailure:
      record(OutboxStatus::kFailed, result.explanation, result.reply, message_id);
      return DeliveryOutcome::kFailed;
    case notify::SmtpOutcome::kTemporaryFailure:
      break;
  }
  const auto created = ParseUtc(entry.created_at);
  if (created && now - *created >= kGiveUpAfter) {
    record(OutboxStatus::kFailed, "gave up after 24 hours of trying: " + result.explanation,
           result.reply, message_id);
    return DeliveryOutcome::kFailed;
  }
  record(OutboxStatus::kQueued, result.explanation, result.reply, message_id);
  throw Error(ErrorCode::kUnavailable, result.explanation);
}

void ResendOutboxMessage(store::Database& db, const Actor& actor, std::int64_t outbox_id) {
  RequireAdmin(actor, "resend messages");
  store::Transaction tx = db.Begin();
  store::Outbox outbox(tx);
  auto e = outbox.Find(outbox_id);
  if (!e) throw NotFound("outbox message " + std::to_string(outbox_id) + " does not exist");
  if (e->status != OutboxStatus::kFailed && e->status != OutboxStatus::kKept) {
    throw FailedPrecondition("message " + std::to_string(outbox_id) + " is " +
                             std::string(store::OutboxStatusName(e->status)) +
                             "; only failed or kept messages are sent again");
  }
  outbox.Requeue(outbox_id);
  store::AuditLog(tx).Append(
      {.actor_user_id = actor.user_id,
       .actor = actor.label,
       .action = "outbox.resend",
       .entity = "outbox",
       .entity_id = outbox_id,
       .after_json = nlohmann::json{{"to", e->to_address}, {"subject", e->subject}}.dump()});
  tx.Commit();
}

std::string SendTestMail(const notify::SmtpSettings& smtp, const std::string& to, SysSeconds now) {
  smtp.Check();
  const notify::MailAddress address = notify::ParseAddress(to, "to");
  notify::MailMessage m;
  m.from = smtp.from;
  m.reply_to = smtp.reply_to;
  m.to = address;
  m.subject = "Tandem: a test message";
  m.text = "This message checks Tandem's e-mail settings.\n\nServer: " + smtp.url +
           "\nFrom: " + notify::FormatAddress(smtp.from) +
           "\n\nIf you can read it, delivery works.\n";
  m.message_id = notify::NewMessageId(IdHost(smtp), now);
  m.date = now;
  const notify::SmtpResult r = notify::SendSmtp(smtp, address.address, notify::ComposeMail(m));
  if (r.outcome != notify::SmtpOutcome::kSent) throw Error(ErrorCode::kUnavailable, r.explanation);
  return r.reply;
}

}  // namespace tandem::service
