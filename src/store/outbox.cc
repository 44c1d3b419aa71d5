#include "store/outbox.h"

#include <algorithm>

#include "core/clock.h"
#include "store/internal.h"

namespace tandem::store {

std::int64_t Outbox::Add(const OutboxEntry& entry) {
  return Guard("writing to the outbox", [&] {
    OutboxEntry e = entry;
    const std::string now = tx_.now_text();
    long long id = 0;
    soci::indicator attached = e.attachment_name.empty() ? soci::i_null : soci::i_ok;
    soci::indicator type_ind = attached, text_ind = attached;
    SessionOf(tx_) << "INSERT INTO outbox (to_address, subject, body, kind, created_at, "
                      "attachment_name, attachment_type, attachment) "
                      "VALUES (:to, :s, :b, :k, :t, :an, :at, :a) RETURNING id",
        soci::use(e.to_address), soci::use(e.subject), soci::use(e.body), soci::use(e.kind),
        soci::use(now), soci::use(e.attachment_name, attached),
        soci::use(e.attachment_type, type_ind), soci::use(e.attachment, text_ind), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::vector<OutboxEntry> Outbox::List(int limit) {
  return Guard("reading the outbox", [&] {
    int l = std::clamp(limit, 1, 500);
    OutboxEntry e;
    long long id = 0;
    soci::indicator sent_ind{}, name_ind{}, type_ind{}, text_ind{};
    std::vector<OutboxEntry> out;
    soci::statement st =
        (SessionOf(tx_).prepare << "SELECT id, to_address, subject, body, kind, created_at, "
                                   "sent_at, attachment_name, attachment_type, attachment "
                                   "FROM outbox ORDER BY id DESC LIMIT :l",
         soci::use(l), soci::into(id), soci::into(e.to_address), soci::into(e.subject),
         soci::into(e.body), soci::into(e.kind), soci::into(e.created_at),
         soci::into(e.sent_at, sent_ind), soci::into(e.attachment_name, name_ind),
         soci::into(e.attachment_type, type_ind), soci::into(e.attachment, text_ind));
    st.execute();
    while (st.fetch()) {
      OutboxEntry row = e;
      row.id = id;
      if (sent_ind != soci::i_ok) row.sent_at.clear();
      if (name_ind != soci::i_ok) row.attachment_name.clear();
      if (type_ind != soci::i_ok) row.attachment_type.clear();
      if (text_ind != soci::i_ok) row.attachment.clear();
      out.push_back(std::move(row));
    }
    return out;
  });
}

void Outbox::MarkSent(std::int64_t id) {
  Guard("updating the outbox", [&] {
    long long key = id;
    const std::string now = tx_.now_text();
    soci::statement st = (SessionOf(tx_).prepare << "UPDATE outbox SET sent_at = :t WHERE id = :id",
                          soci::use(now), soci::use(key));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("outbox message " + std::to_string(id) + " does not exist");
    }
  });
}

}  // namespace tandem::store
