#include "store/membership.h"

#include "store/session.h"

namespace tandem::store {
namespace {

std::vector<Membership> Select(Transaction& tx, std::int64_t user_id,
                               const std::int64_t* program_id) {
  return Guard("reading enrolments", [&] {
    soci::session& s = SessionOf(tx);
    long long user = user_id;
    long long program = program_id != nullptr ? *program_id : 0;
    long long id = 0, row_program = 0;
    std::string role;
    std::string sql =
        "SELECT id, program_id, role FROM enrollments WHERE user_id = :u AND status = 'active'";
    if (program_id != nullptr) sql += " AND program_id = :p";
    sql += " ORDER BY id";
    soci::statement st =
        program_id != nullptr
            ? (s.prepare << sql, soci::use(user), soci::use(program), soci::into(id),
               soci::into(row_program), soci::into(role))
            : (s.prepare << sql, soci::use(user), soci::into(id), soci::into(row_program),
               soci::into(role));
    st.execute();
    std::vector<Membership> out;
    while (st.fetch()) {
      out.push_back({id, row_program, ParseRole(role).value_or(Role::kMentee)});
    }
    return out;
  });
}

}  // namespace

std::vector<Membership> ActiveMemberships(Transaction& tx, std::int64_t user_id,
                                          std::int64_t program_id) {
  return Select(tx, user_id, &program_id);
}

std::vector<Membership> ActiveMemberships(Transaction& tx, std::int64_t user_id) {
  return Select(tx, user_id, nullptr);
}

}  // namespace tandem::store
