#include "store/enrollment_repository.h"

#include <algorithm>
#include <tuple>
#include <utility>

#include "core/clock.h"
#include "store/internal.h"

namespace tandem::store {
namespace {

// Every enrollment column (with whether its profile is complete, stored by
// the profile's writes), and the user's name and e-mail.
constexpr const char* kSelect =
    "SELECT e.id, e.program_id, e.user_id, e.role, e.external_id, e.status, e.capacity, u.name, "
    "u.email, e.created_at, e.updated_at, e.profile_complete "
    "FROM enrollments e JOIN users u ON u.id = e.user_id ";

// The filter's conditions on `e`, with the program: every one is always
// bound (:p, :r, :r2, :s, :s2); an unused one is '' and matches everything.
constexpr const char* kWhereFilter =
    "WHERE e.program_id = :p AND (:r = '' OR e.role = :r2) AND (:s = '' OR e.status = :s2) ";

// The filter's role and status as kWhereFilter binds them ('' when unset).
std::pair<std::string, std::string> FilterValues(const EnrollmentFilter& filter) {
  return {filter.role ? std::string(RoleName(*filter.role)) : "",
          filter.status ? std::string(EnrollmentStatusName(*filter.status)) : ""};
}

struct Row {
  long long id = 0, program_id = 0, user_id = 0;
  std::string role, external, status, name, email, created, updated;
  int capacity = 0, complete = 0;
  soci::indicator email_ind{};

  // Moves the strings out: the next fetch assigns them afresh.
  Enrollment ToEnrollment() {
    Enrollment e;
    e.id = id;
    e.program_id = program_id;
    e.user_id = user_id;
    e.role = ParseRole(role).value_or(Role::kMentee);
    e.participant_id = std::move(external);
    e.status = ParseEnrollmentStatus(status).value_or(EnrollmentStatus::kActive);
    e.capacity = capacity;
    e.name = std::move(name);
    if (email_ind == soci::i_ok) e.email = std::move(email);
    e.profile_complete = complete != 0;
    e.created_at = std::move(created);
    e.updated_at = std::move(updated);
    return e;
  }
};

// The statement reading Row's columns `rest` chooses, for a query kept by
// Prepared: bound to `r` once per connection.
soci::details::prepare_temp_type SelectInto(soci::session& s, Row& r, const std::string& rest) {
  return (s.prepare << std::string(kSelect) + rest, soci::into(r.id), soci::into(r.program_id),
          soci::into(r.user_id), soci::into(r.role), soci::into(r.external), soci::into(r.status),
          soci::into(r.capacity), soci::into(r.name), soci::into(r.email, r.email_ind),
          soci::into(r.created), soci::into(r.updated), soci::into(r.complete));
}

template <RowLock kLock>
struct FindQuery {
  Row r;
  long long id = 0;
  soci::statement st;
  explicit FindQuery(soci::session& s)
      : st((SelectInto(s, r, "WHERE e.id = :id" + ForUpdateOf(s, "e", kLock)), soci::use(id))) {}
};

struct FindByUserQuery {
  Row r;
  long long program = 0, user = 0;
  std::string role;
  soci::statement st;
  explicit FindByUserQuery(soci::session& s)
      : st((SelectInto(s, r, "WHERE e.program_id = :p AND e.user_id = :u AND e.role = :r"),
            soci::use(program), soci::use(user), soci::use(role))) {}
};

struct FindByParticipantIdQuery {
  Row r;
  long long program = 0;
  std::string external;
  soci::statement st;
  explicit FindByParticipantIdQuery(soci::session& s)
      : st((SelectInto(s, r, "WHERE e.program_id = :p AND e.external_id = :x"), soci::use(program),
            soci::use(external))) {}
};

struct ListQuery {
  Row r;
  long long program = 0, limit = 0, offset = 0;
  std::string role, status;
  soci::statement st;
  explicit ListQuery(soci::session& s)
      : st((SelectInto(s, r, std::string(kWhereFilter) + "ORDER BY e.id LIMIT :l OFFSET :o"),
            soci::use(program), soci::use(role), soci::use(role), soci::use(status),
            soci::use(status), soci::use(limit), soci::use(offset))) {}
};

struct ListByUserQuery {
  Row r;
  long long user = 0;
  soci::statement st;
  explicit ListByUserQuery(soci::session& s)
      : st((SelectInto(s, r, "WHERE e.user_id = :u ORDER BY e.id"), soci::use(user))) {}
};

// The single row `q` (a query above, its variables set) selects.
template <typename Q>
std::optional<Enrollment> One(Q& q) {
  if (!q.st.execute(true)) return std::nullopt;
  return q.r.ToEnrollment();
}

template <RowLock kLock>
std::optional<Enrollment> FindEnrollment(Transaction& tx, std::int64_t id) {
  auto& q = Prepared<FindQuery<kLock>>(tx);
  q.id = id;
  return One(q);
}

// Every row `q` selects.
template <typename Q>
std::vector<Enrollment> All(Q& q, std::size_t expected = 0) {
  std::vector<Enrollment> out;
  out.reserve(expected);
  q.st.execute();
  while (q.st.fetch()) out.push_back(q.r.ToEnrollment());
  return out;
}

}  // namespace

std::int64_t EnrollmentRepository::Insert(const Enrollment& enrollment) {
  return Guard("saving enrollment", [&] {
    long long program = enrollment.program_id, user = enrollment.user_id;
    std::string role(RoleName(enrollment.role)), status(EnrollmentStatusName(enrollment.status));
    std::string external = enrollment.participant_id;
    int capacity = enrollment.capacity;
    const std::string now = tx_.now_text();
    long long id = 0;
    SessionOf(tx_) << "INSERT INTO enrollments (program_id, user_id, role, external_id, status, "
                      "capacity, created_at, updated_at) VALUES (:p, :u, :r, :x, :s, :c, :t, :t2) "
                      "RETURNING id",
        soci::use(program), soci::use(user), soci::use(role), soci::use(external),
        soci::use(status), soci::use(capacity), soci::use(now), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::optional<Enrollment> EnrollmentRepository::Find(std::int64_t id, RowLock lock) {
  return Guard("reading enrollment", [&] {
    return lock == RowLock::kForUpdate ? FindEnrollment<RowLock::kForUpdate>(tx_, id)
                                       : FindEnrollment<RowLock::kNone>(tx_, id);
  });
}

std::optional<Enrollment> EnrollmentRepository::FindByUser(std::int64_t program_id,
                                                           std::int64_t user_id, Role role) {
  return Guard("reading enrollment", [&]() -> std::optional<Enrollment> {
    auto& q = Prepared<FindByUserQuery>(tx_);
    q.program = program_id;
    q.user = user_id;
    q.role = RoleName(role);
    return One(q);
  });
}

std::optional<Enrollment> EnrollmentRepository::FindByParticipantId(
    std::int64_t program_id, const std::string& participant_id) {
  return Guard("reading enrollment", [&]() -> std::optional<Enrollment> {
    auto& q = Prepared<FindByParticipantIdQuery>(tx_);
    q.program = program_id;
    q.external = participant_id;
    return One(q);
  });
}

std::vector<Enrollment> EnrollmentRepository::List(std::int64_t program_id,
                                                   const EnrollmentFilter& filter) {
  return Guard("listing enrollments", [&] {
    auto& q = Prepared<ListQuery>(tx_);
    q.program = program_id;
    std::tie(q.role, q.status) = FilterValues(filter);
    // No limit is the largest one both databases take.
    q.limit = filter.limit ? static_cast<long long>(*filter.limit) : (1LL << 62);
    q.offset = static_cast<long long>(filter.offset);
    return All(q, filter.limit ? std::min<std::size_t>(*filter.limit, 1000) : 0);
  });
}

EnrollmentCounts EnrollmentRepository::Count(std::int64_t program_id,
                                             const EnrollmentFilter& filter) {
  return Guard("counting enrollments", [&] {
    long long program = program_id;
    auto [role, status] = FilterValues(filter);
    long long total = 0, participants = 0, complete = 0;
    Reuse(
        tx_,
        std::string("SELECT COUNT(*), "
                    "COALESCE(SUM(CASE WHEN e.role IN ('mentor', 'mentee') THEN 1 ELSE 0 END), 0), "
                    "COALESCE(SUM(CASE WHEN e.role IN ('mentor', 'mentee') THEN e.profile_complete "
                    "ELSE 0 END), 0) FROM enrollments e ") +
            kWhereFilter,
        soci::use(program), soci::use(role), soci::use(role), soci::use(status), soci::use(status),
        soci::into(total), soci::into(participants), soci::into(complete))
        .execute(true);
    return EnrollmentCounts{static_cast<std::size_t>(total), static_cast<std::size_t>(participants),
                            static_cast<std::size_t>(complete)};
  });
}

std::vector<Enrollment> EnrollmentRepository::ListByUser(std::int64_t user_id) {
  return Guard("listing enrollments", [&] {
    auto& q = Prepared<ListByUserQuery>(tx_);
    q.user = user_id;
    return All(q);
  });
}

void EnrollmentRepository::SetStatus(std::int64_t id, EnrollmentStatus status) {
  Guard("updating enrollment",
        [&] {
          long long key = id;
          std::string s(EnrollmentStatusName(status));
          const std::string now = tx_.now_text();
          soci::statement st =
              (SessionOf(tx_).prepare
                   << "UPDATE enrollments SET status = :s, updated_at = :t WHERE id = :id",
               soci::use(s), soci::use(now), soci::use(key));
          st.execute(true);
          if (st.get_affected_rows() == 0) {
            throw NotFound("enrollment " + std::to_string(id) + " does not exist");
          }
        });
}

bool EnrollmentRepository::ParticipantIdTaken(std::int64_t program_id,
                                              const std::string& participant_id) {
  return Guard("reading enrollments", [&] {
    long long program = program_id;
    std::string external = participant_id;
    int count = 0;
    SessionOf(tx_) << "SELECT COUNT(*) FROM enrollments WHERE program_id = :p AND external_id = :x",
        soci::use(program), soci::use(external), soci::into(count);
    return count > 0;
  });
}

std::set<std::int64_t> EnrollmentRepository::PartnersOf(
    const std::vector<std::int64_t>& enrollment_ids) {
  return Guard("reading pairs", [&] {
    std::set<std::int64_t> out;
    // One kept statement run per enrollment (a person has one or two in a
    // program), rather than a text with the ids in it parsed on every call.
    long long id = 0, mentor = 0, mentee = 0;
    soci::statement& st =
        Reuse(tx_,
              "SELECT mentor_enrollment_id, mentee_enrollment_id FROM pairs "
              "WHERE status <> 'dissolved' AND (mentor_enrollment_id = :a OR "
              "mentee_enrollment_id = :b)",
              soci::use(id), soci::use(id), soci::into(mentor), soci::into(mentee));
    for (const std::int64_t own : enrollment_ids) {
      id = own;
      st.execute();
      while (st.fetch()) out.insert(mentor == own ? mentee : mentor);
    }
    return out;
  });
}

}  // namespace tandem::store
