#include "store/membership.h"

#include "store/internal.h"

namespace tandem::store {
namespace {

// Active enrollments of a user, in one program (`program` > 0) or in all.
struct MembershipQuery {
  long long user = 0, program = 0;
  long long id = 0, row_program = 0;
  std::string role;
  soci::statement st;
  explicit MembershipQuery(soci::session& s)
      : st((s.prepare << "SELECT id, program_id, role FROM enrollments WHERE user_id = :u AND "
                         "status = 'active' AND (:p = 0 OR program_id = :p2) ORDER BY id",
            soci::use(user), soci::use(program), soci::use(program), soci::into(id),
            soci::into(row_program), soci::into(role))) {}
};

std::vector<Membership> Select(Transaction& tx, std::int64_t user_id, std::int64_t program_id) {
  return Guard("reading enrollments", [&] {
    MembershipQuery& q = Prepared<MembershipQuery>(tx);
    q.user = user_id;
    q.program = program_id;
    q.st.execute();
    std::vector<Membership> out;
    while (q.st.fetch()) {
      out.push_back({q.id, q.row_program, ParseRole(q.role).value_or(Role::kMentee)});
    }
    return out;
  });
}

}  // namespace

std::vector<Membership> ActiveMemberships(Transaction& tx, std::int64_t user_id,
                                          std::int64_t program_id) {
  return Select(tx, user_id, program_id);
}

std::vector<Membership> ActiveMemberships(Transaction& tx, std::int64_t user_id) {
  return Select(tx, user_id, 0);
}

}  // namespace tandem::store
