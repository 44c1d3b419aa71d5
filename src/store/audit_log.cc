#include "store/audit_log.h"

#include <algorithm>

#include "core/clock.h"
#include "store/internal.h"

namespace tandem::store {

std::int64_t AuditLog::Append(const AuditEntry& e) {
  return Guard("writing the audit log", [&] {
    const std::string now = tx_.now_text();
    long long actor_id = e.actor_user_id.value_or(0), entity_id = e.entity_id.value_or(0),
              program_id = e.program_id.value_or(0);
    soci::indicator actor_ind = e.actor_user_id ? soci::i_ok : soci::i_null;
    soci::indicator entity_ind = e.entity_id ? soci::i_ok : soci::i_null;
    soci::indicator program_ind = e.program_id ? soci::i_ok : soci::i_null;
    std::string before = e.before_json, after = e.after_json;
    soci::indicator before_ind = before.empty() ? soci::i_null : soci::i_ok;
    soci::indicator after_ind = after.empty() ? soci::i_null : soci::i_ok;
    long long id = 0;
    std::string actor = e.actor, action = e.action, entity = e.entity;
    Reuse(tx_,
          "INSERT INTO audit_log (at, actor_user_id, actor, action, entity, entity_id, program_id, "
          "before_json, after_json) VALUES (:at, :u, :a, :ac, :en, :ei, :p, :b, :af) RETURNING id",
          soci::use(now), soci::use(actor_id, actor_ind), soci::use(actor), soci::use(action),
          soci::use(entity), soci::use(entity_id, entity_ind), soci::use(program_id, program_ind),
          soci::use(before, before_ind), soci::use(after, after_ind), soci::into(id))
        .execute(true);
    return static_cast<std::int64_t>(id);
  });
}

std::vector<AuditEntry> AuditLog::List(const AuditFilter& filter) {
  return Guard("reading the audit log", [&] {
    soci::session& s = SessionOf(tx_);
    // Every filter is always bound; an unused one is made a no-op, so one text serves all.
    long long program = filter.program_id.value_or(0);
    int use_program = filter.program_id ? 1 : 0;
    std::string entity = filter.entity, action = filter.action;
    long long before_id = filter.before_id.value_or(0);
    int use_before = filter.before_id ? 1 : 0;
    int limit = std::clamp(filter.limit, 1, 500);
    AuditEntry e;
    long long id = 0, actor_id = 0, entity_id = 0, program_id = 0;
    soci::indicator actor_ind{}, entity_ind{}, program_ind{}, before_ind{}, after_ind{};
    std::vector<AuditEntry> out;
    soci::statement st =
        (s.prepare << "SELECT id, at, actor_user_id, actor, action, entity, entity_id, program_id, "
                      "before_json, after_json FROM audit_log WHERE "
                      "(:up = 0 OR program_id = :p) AND (:e = '' OR entity = :e2) AND "
                      "(:a = '' OR action = :a2) AND (:ub = 0 OR id < :b) "
                      "ORDER BY id DESC LIMIT :l",
         soci::use(use_program), soci::use(program), soci::use(entity), soci::use(entity),
         soci::use(action), soci::use(action), soci::use(use_before), soci::use(before_id),
         soci::use(limit), soci::into(id), soci::into(e.at), soci::into(actor_id, actor_ind),
         soci::into(e.actor), soci::into(e.action), soci::into(e.entity),
         soci::into(entity_id, entity_ind), soci::into(program_id, program_ind),
         soci::into(e.before_json, before_ind), soci::into(e.after_json, after_ind));
    st.execute();
    while (st.fetch()) {
      AuditEntry row = e;
      row.id = id;
      row.actor_user_id =
          actor_ind == soci::i_ok ? std::optional<std::int64_t>(actor_id) : std::nullopt;
      row.entity_id =
          entity_ind == soci::i_ok ? std::optional<std::int64_t>(entity_id) : std::nullopt;
      row.program_id =
          program_ind == soci::i_ok ? std::optional<std::int64_t>(program_id) : std::nullopt;
      if (before_ind != soci::i_ok) row.before_json.clear();
      if (after_ind != soci::i_ok) row.after_json.clear();
      out.push_back(std::move(row));
    }
    return out;
  });
}

}  // namespace tandem::store
