#include "store/participant_repository.h"

#include <algorithm>
#include <set>
#include <unordered_map>

#include "core/clock.h"
#include "core/enrollment.h"
#include "store/batch.h"
#include "store/internal.h"
#include "store/user_repository.h"

namespace tandem::store {
namespace {

// Tag kinds in profile_tags and the Participant field each fills.
struct TagKind {
  const char* kind;
  std::vector<std::string> Participant::*field;
};
constexpr TagKind kTagKinds[] = {{"interest", &Participant::interests},
                                 {"specialty", &Participant::specialties},
                                 {"goal", &Participant::goals},
                                 {"language", &Participant::languages},
                                 {"match_on", &Participant::match_on}};

}  // namespace

std::map<std::string, std::int64_t> ParticipantRepository::EnrollmentIds(std::int64_t program_id) {
  return Guard("reading enrollments", [&] {
    soci::session& s = SessionOf(tx_);
    std::map<std::string, std::int64_t> ids;
    long long program = program_id;
    long long id = 0;
    std::string external;
    soci::statement st =
        (s.prepare << "SELECT id, external_id FROM enrollments WHERE program_id = :p "
                      "AND role IN ('mentor', 'mentee')",
         soci::use(program), soci::into(id), soci::into(external));
    st.execute();
    while (st.fetch()) ids[external] = id;
    return ids;
  });
}

namespace {

std::string Text(long long v) { return std::to_string(v); }

// Runs `sql_prefix` + "(id, id, ...)" over `ids` in chunks (for DELETE ... IN).
void ForIdChunks(soci::session& s, const std::string& sql_prefix,
                 const std::vector<long long>& ids) {
  constexpr size_t kChunk = 500;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    std::string list;
    for (size_t i = start; i < std::min(ids.size(), start + kChunk); ++i) {
      list += (i > start ? "," : "") + Text(ids[i]);
    }
    s << sql_prefix + "(" + list + ")";
  }
}

// Which child tables ProfileInserts::Add writes rows into (the profile row always).
struct ProfileTables {
  bool tags = true, background = true, availability = true, answers = true;
};

// The rows of profiles, written in batches: the profile, its tags, background
// and availability (not preferences, which name other enrollments).
class ProfileInserts {
 public:
  explicit ProfileInserts(Transaction& tx)
      : profiles_(tx, "profiles",
                  {"enrollment_id", "institution_id", "career_stage", "time_zone",
                   "years_experience", "bio", "updated_at"}),
        tags_(tx, "profile_tags", {"enrollment_id", "kind", "position", "value"}),
        background_(tx, "background_attributes", {"enrollment_id", "position", "key", "value"}),
        windows_(tx, "availability_windows",
                 {"enrollment_id", "position", "start_minute", "minutes"}),
        answers_(tx, "profile_answers", {"enrollment_id", "question", "position", "value"}) {}

  // Adds the rows of `p` for enrollment `e` (its id as text); `institution` is an id as text.
  void Add(const std::string& e, const Participant& p,
           const std::optional<std::string>& institution, const std::string& now,
           ProfileTables tables = {}) {
    std::optional<std::string> years;
    if (p.years_experience) years = std::to_string(*p.years_experience);
    profiles_.Add({e, institution, p.career_stage, p.time_zone, years, p.bio, now});
    for (const TagKind& tk : kTagKinds) {
      if (!tables.tags) break;
      int position = 0;
      for (const std::string& value : p.*tk.field) {
        tags_.Add({e, std::string(tk.kind), std::to_string(position++), value});
      }
    }
    int position = 0;
    for (const BackgroundTag& tag : p.background) {
      if (!tables.background) break;
      background_.Add({e, std::to_string(position++), tag.key, tag.value});
    }
    position = 0;
    for (const WeeklyWindow& w : p.availability) {
      if (!tables.availability) break;
      windows_.Add(
          {e, std::to_string(position++), std::to_string(w.start), std::to_string(w.minutes)});
    }
    for (const auto& [question, values] : p.answers) {
      if (!tables.answers) break;
      position = 0;
      for (const std::string& value : values) {
        answers_.Add({e, question, std::to_string(position++), value});
      }
    }
  }

  void Flush() {
    profiles_.Flush();
    tags_.Flush();
    background_.Flush();
    windows_.Flush();
    answers_.Flush();
  }

 private:
  BatchInsert profiles_, tags_, background_, windows_, answers_;
};

}  // namespace

namespace {

// What Save needs to know about one account.
struct Account {
  std::string email;  // "" when the account has none
  std::string name;
};

// Reads accounts into `out`: users whose e-mail is in `emails`.
void LoadAccountsByEmail(soci::session& s, const std::vector<std::string>& emails,
                         std::unordered_map<long long, Account>& out,
                         std::unordered_map<std::string, long long>& user_by_email) {
  constexpr size_t kChunk = 400;
  for (size_t start = 0; start < emails.size(); start += kChunk) {
    const size_t end = std::min(emails.size(), start + kChunk);
    std::string sql = "SELECT id, email, name FROM users WHERE email IN (";
    long long id = 0;
    std::string email, name;
    soci::statement st(s);
    for (size_t i = start; i < end; ++i) {
      sql += (i > start ? ", :e" : ":e") + std::to_string(i - start);
      st.exchange(soci::use(emails[i]));
    }
    st.exchange(soci::into(id));
    st.exchange(soci::into(email));
    st.exchange(soci::into(name));
    st.alloc();
    st.prepare(sql + ")");
    st.define_and_bind();
    st.execute();
    while (st.fetch()) {
      user_by_email[email] = id;
      out[id] = {email, name};
    }
  }
}

// Reads accounts into `out`: users with the ids in `ids`.
void LoadAccountsById(soci::session& s, const std::vector<long long>& ids,
                      std::unordered_map<long long, Account>& out) {
  constexpr size_t kChunk = 500;
  for (size_t start = 0; start < ids.size(); start += kChunk) {
    std::string list;
    for (size_t i = start; i < std::min(ids.size(), start + kChunk); ++i) {
      list += (i > start ? "," : "") + Text(ids[i]);
    }
    long long id = 0;
    std::string email, name;
    soci::indicator email_ind{};
    soci::statement st =
        (s.prepare << "SELECT id, email, name FROM users WHERE id IN (" + list + ")",
         soci::into(id), soci::into(email, email_ind), soci::into(name));
    st.execute();
    while (st.fetch()) out[id] = {email_ind == soci::i_ok ? email : "", name};
  }
}

}  // namespace

ImportState ParticipantRepository::ReadForImport(std::int64_t program_id,
                                                 const std::vector<Participant>& participants) {
  return Guard("reading participants", [&] {
    soci::session& s = SessionOf(tx_);
    ImportState state;
    {
      ImportState::Enrolled e;
      long long key = program_id, id = 0, user = 0;
      std::string external;
      soci::statement st = (s.prepare << "SELECT id, user_id, role, status, external_id "
                                         "FROM enrollments WHERE program_id = :p",
                            soci::use(key), soci::into(id), soci::into(user), soci::into(e.role),
                            soci::into(e.status), soci::into(external));
      st.execute();
      while (st.fetch()) {
        e.id = id;
        e.user = user;
        state.enrolled[external] = e;
      }
    }
    std::unordered_map<long long, Account> accounts;
    std::unordered_map<std::string, long long> user_by_email;
    std::vector<std::string> emails;
    for (const Participant& p : participants) {
      if (!p.email.empty()) emails.push_back(p.email);
    }
    LoadAccountsByEmail(s, emails, accounts, user_by_email);
    std::vector<long long> more;  // users of re-imported enrollments not read yet
    for (const Participant& p : participants) {
      if (auto it = state.enrolled.find(p.id);
          it != state.enrolled.end() && !accounts.count(it->second.user)) {
        accounts[it->second.user];  // once
        more.push_back(it->second.user);
      }
    }
    LoadAccountsById(s, more, accounts);
    std::vector<std::int64_t> ids;
    for (const auto& [id, account] : accounts) ids.push_back(id);
    const auto standing = UserRepository(tx_).Standing(program_id, ids);
    for (const auto& [id, account] : accounts) {
      auto it = standing.find(id);
      state.accounts[id] = {account.email, account.name,
                            it != standing.end() ? it->second : AccountStanding{}};
    }
    for (const auto& [email, id] : user_by_email) state.user_by_email[email] = id;
    return state;
  });
}

ImportWritten ParticipantRepository::Write(std::int64_t program_id,
                                           const std::vector<Participant>& participants,
                                           const ImportPlan& plan) {
  return Guard("saving participants", [&] {
    soci::session& s = SessionOf(tx_);
    ImportWritten written;
    const std::string now = tx_.now_text();
    const std::string program = Text(program_id);
    const size_t n = participants.size();
    if (plan.rows.size() != n) {
      throw Error(ErrorCode::kInternal, "an import plan must have one row per participant");
    }

    std::unordered_map<std::string, long long> institution_ids;
    {
      long long id = 0;
      std::string name;
      soci::statement st =
          (s.prepare << "SELECT id, name FROM institutions", soci::into(id), soci::into(name));
      st.execute();
      while (st.fetch()) institution_ids[name] = id;
    }
    std::vector<std::string> new_institutions;
    for (const Participant& p : participants) {
      if (!p.institution.empty() && !institution_ids.count(p.institution)) {
        institution_ids[p.institution] = 0;
        new_institutions.push_back(p.institution);
      }
    }
    {
      const auto ids = ReserveIds(tx_, "institutions", static_cast<int>(new_institutions.size()));
      BatchInsert insert(s, "institutions", {"id", "name", "created_at"});
      for (size_t k = 0; k < ids.size(); ++k) {
        institution_ids[new_institutions[k]] = ids[k];
        insert.Add({Text(ids[k]), new_institutions[k], now});
      }
      insert.Flush();
    }

    std::vector<long long> user_ids(n, 0), enrollment_ids(n, 0);
    int users_needed = 0, enrollments_needed = 0;
    for (const ImportPlan::Row& row : plan.rows) {
      if (row.user == 0) ++users_needed;
      if (row.enrollment == 0) ++enrollments_needed;
    }
    {
      const auto ids = ReserveIds(tx_, "users", users_needed);
      BatchInsert insert(s, "users", {"id", "email", "name", "created_at"});
      size_t next = 0;
      for (size_t i = 0; i < n; ++i) {
        const Participant& p = participants[i];
        if (plan.rows[i].user != 0) continue;
        std::optional<std::string> mail;
        if (!p.email.empty()) mail = p.email;
        user_ids[i] = ids[next++];
        insert.Add({Text(user_ids[i]), mail, p.name, now});
      }
      insert.Flush();
      for (size_t i = 0; i < n; ++i) {
        const std::int64_t user = plan.rows[i].user;
        if (user > 0) user_ids[i] = user;
        if (user < 0) user_ids[i] = user_ids.at(static_cast<size_t>(-user - 1));
      }
      std::string name, email;
      long long user = 0;
      soci::indicator email_ind{};
      soci::statement update =
          (s.prepare << "UPDATE users SET name = :n, email = :e WHERE id = :id", soci::use(name),
           soci::use(email, email_ind), soci::use(user));
      for (const auto& [id, change] : plan.account_changes) {
        name = change.first;
        email = change.second;
        email_ind = email.empty() ? soci::i_null : soci::i_ok;
        user = id;
        update.execute(true);
      }
    }
    {
      const auto ids = ReserveIds(tx_, "enrollments", enrollments_needed);
      BatchInsert insert(s, "enrollments",
                         {"id", "program_id", "user_id", "role", "external_id", "status",
                          "capacity", "profile_complete", "created_at", "updated_at"});
      long long enrollment = 0;
      int capacity = 0, complete = 0;
      // A re-imported id keeps its user, role and status.
      soci::statement update =
          (s.prepare << "UPDATE enrollments SET capacity = :c, profile_complete = :pc, "
                        "updated_at = :t WHERE id = :id",
           soci::use(capacity), soci::use(complete), soci::use(now), soci::use(enrollment));
      std::vector<long long> replaced;
      size_t next = 0;
      for (size_t i = 0; i < n; ++i) {
        const Participant& p = participants[i];
        const ImportPlan::Row& row = plan.rows[i];
        if (row.enrollment == 0) {
          enrollment_ids[i] = ids[next++];
          insert.Add({Text(enrollment_ids[i]), program, Text(user_ids[i]),
                      std::string(RoleName(p.role)), p.id,
                      std::string(row.invite ? "invited" : "active"), std::to_string(p.capacity),
                      std::string(IsProfileComplete(p) ? "1" : "0"), now, now});
          (row.invite ? written.invited : written.activated).push_back(enrollment_ids[i]);
          ++written.added;
        } else {
          enrollment_ids[i] = row.enrollment;
          capacity = p.capacity;
          complete = IsProfileComplete(p) ? 1 : 0;
          enrollment = row.enrollment;
          update.execute(true);
          replaced.push_back(enrollment);
          ++written.updated;
        }
      }
      insert.Flush();
      for (const char* table : {"profiles", "profile_tags", "background_attributes",
                                "availability_windows", "profile_answers", "preferences"}) {
        ForIdChunks(s, std::string("DELETE FROM ") + table + " WHERE enrollment_id IN ", replaced);
      }
    }

    ProfileInserts profile_rows(tx_);
    BatchInsert preferences(tx_, "preferences",
                            {"enrollment_id", "other_enrollment_id", "kind", "rank"});
    std::unordered_map<std::string, long long> id_of;  // external id -> enrollment, this program
    {
      long long key = program_id, id = 0;
      std::string external;
      soci::statement st =
          (s.prepare << "SELECT id, external_id FROM enrollments WHERE program_id = :p",
           soci::use(key), soci::into(id), soci::into(external));
      st.execute();
      while (st.fetch()) id_of[external] = id;
    }
    for (size_t i = 0; i < n; ++i) {
      const Participant& p = participants[i];
      const std::string e = Text(enrollment_ids[i]);
      std::optional<std::string> institution;
      if (!p.institution.empty()) institution = Text(institution_ids[p.institution]);
      profile_rows.Add(e, p, institution, now);
      for (const auto& [kind, list] :
           {std::pair<const char*, const std::vector<std::string>*>{"prefer", &p.prefer},
            {"avoid", &p.avoid}}) {
        int rank = 1;
        for (const std::string& other : *list) {
          auto it = id_of.find(other);
          if (it == id_of.end()) {
            throw InvalidArgument(p.id + " names unknown participant \"" + other + "\"", kind);
          }
          preferences.Add({e, Text(it->second), std::string(kind), std::to_string(rank++)});
        }
      }
    }
    profile_rows.Flush();
    preferences.Flush();
    return written;
  });
}

namespace {

// Which enrollments LoadWhere loads: `kWhere` chooses them (a condition on
// `e` with one bound :k); `kChildWhere` the rows of the child tables
// (profile_tags and so on) joined to their enrollment `e`, and may be wider
// (rows of enrollments not loaded are skipped).
struct ProgramScope {
  static constexpr const char* kWhere =
      "e.program_id = :k AND e.role IN ('mentor', 'mentee') AND e.status <> 'withdrawn'";
  static constexpr const char* kChildWhere = "e.program_id = :k";
};
struct EnrollmentScope {
  static constexpr const char* kWhere = "e.id = :k";
  static constexpr const char* kChildWhere = "e.id = :k";
};

// LoadWhere's queries, each kept prepared per connection (Prepared) and
// bound to its own variables once.
template <typename Scope>
struct PeopleQuery {
  long long key = 0, id = 0;
  int capacity = 0, years = 0;
  std::string external, role, name, email, institution, stage, tz, bio;
  soci::indicator email_ind{}, inst_ind{}, stage_ind{}, tz_ind{}, years_ind{}, bio_ind{};
  soci::statement st;
  explicit PeopleQuery(soci::session& s)
      : st((s.prepare << std::string("SELECT e.id, e.external_id, e.role, e.capacity, u.name, "
                                     "u.email, i.name, p.career_stage, p.time_zone, "
                                     "p.years_experience, p.bio "
                                     "FROM enrollments e JOIN users u ON u.id = e.user_id "
                                     "LEFT JOIN profiles p ON p.enrollment_id = e.id "
                                     "LEFT JOIN institutions i ON i.id = p.institution_id "
                                     "WHERE ") +
                             Scope::kWhere + " ORDER BY e.id",
            soci::use(key), soci::into(id), soci::into(external), soci::into(role),
            soci::into(capacity), soci::into(name), soci::into(email, email_ind),
            soci::into(institution, inst_ind), soci::into(stage, stage_ind), soci::into(tz, tz_ind),
            soci::into(years, years_ind), soci::into(bio, bio_ind))) {}
};

// A child table's rows: enrollment id and two columns of type A and B.
template <typename Scope, typename Tag, typename A, typename B>
struct ChildQuery {
  long long key = 0, id = 0;
  A a{};
  B b{};
  soci::statement st;
  explicit ChildQuery(soci::session& s)
      : st((s.prepare << std::string(Tag::kSelect) + Scope::kChildWhere + Tag::kOrder,
            soci::use(key), soci::into(id), soci::into(a), soci::into(b))) {}
};

struct Tags {
  static constexpr const char* kSelect =
      "SELECT t.enrollment_id, t.kind, t.value FROM profile_tags t "
      "JOIN enrollments e ON e.id = t.enrollment_id WHERE ";
  static constexpr const char* kOrder = " ORDER BY t.enrollment_id, t.kind, t.position";
};
struct Background {
  static constexpr const char* kSelect =
      "SELECT b.enrollment_id, b.key, b.value FROM background_attributes b "
      "JOIN enrollments e ON e.id = b.enrollment_id WHERE ";
  static constexpr const char* kOrder = " ORDER BY b.enrollment_id, b.position";
};
struct Availability {
  static constexpr const char* kSelect =
      "SELECT w.enrollment_id, w.start_minute, w.minutes "
      "FROM availability_windows w JOIN enrollments e ON e.id = w.enrollment_id WHERE ";
  static constexpr const char* kOrder = " ORDER BY w.enrollment_id, w.position";
};
struct Answers {
  static constexpr const char* kSelect =
      "SELECT a.enrollment_id, a.question, a.value FROM profile_answers a "
      "JOIN enrollments e ON e.id = a.enrollment_id WHERE ";
  static constexpr const char* kOrder = " ORDER BY a.enrollment_id, a.question, a.position";
};
struct Preferences {
  static constexpr const char* kSelect =
      "SELECT r.enrollment_id, r.kind, o.external_id FROM preferences r "
      "JOIN enrollments e ON e.id = r.enrollment_id "
      "JOIN enrollments o ON o.id = r.other_enrollment_id WHERE ";
  static constexpr const char* kOrder =
      " AND o.status <> 'withdrawn' ORDER BY r.enrollment_id, r.kind, r.rank";
};

// Runs the child query `Tag` for `key` and gives each row whose enrollment
// was loaded to `add(participant, a, b)`.
template <typename Scope, typename Tag, typename A, typename B, typename Add>
void ReadChildren(Transaction& tx, long long key, std::vector<Participant>& out,
                  const std::unordered_map<long long, std::size_t>& index, Add&& add) {
  auto& q = Prepared<ChildQuery<Scope, Tag, A, B>>(tx);
  q.key = key;
  q.st.execute();
  while (q.st.fetch()) {
    auto it = index.find(q.id);
    if (it != index.end()) add(out[it->second], q.a, q.b);
  }
}

// Loads the participants of `Scope` for `key`, in enrollment order. Without
// `matching_parts`, background, prefer/avoid and match_on are not read.
template <typename Scope>
std::vector<Participant> LoadWhere(Transaction& tx, long long key, bool matching_parts = true) {
  std::vector<Participant> out;
  std::unordered_map<long long, std::size_t> index;  // enrollment id -> position in out
  {
    auto& q = Prepared<PeopleQuery<Scope>>(tx);
    q.key = key;
    q.st.execute();
    while (q.st.fetch()) {
      Participant p;
      p.role = ParseRole(q.role).value_or(Role::kMentee);
      p.id = q.external;
      p.name = q.name;
      p.email = q.email_ind == soci::i_ok ? q.email : "";
      p.institution = q.inst_ind == soci::i_ok ? q.institution : "";
      p.career_stage = q.stage_ind == soci::i_ok ? q.stage : "";
      p.time_zone = q.tz_ind == soci::i_ok ? q.tz : "";
      if (q.years_ind == soci::i_ok) p.years_experience = q.years;
      p.capacity = q.capacity;
      p.bio = q.bio_ind == soci::i_ok ? q.bio : "";
      index[q.id] = out.size();
      out.push_back(std::move(p));
    }
  }
  ReadChildren<Scope, Tags, std::string, std::string>(
      tx, key, out, index, [](Participant& p, const std::string& kind, const std::string& value) {
        for (const TagKind& tk : kTagKinds) {
          if (kind == tk.kind) (p.*tk.field).push_back(value);
        }
      });
  if (!matching_parts) {
    for (Participant& p : out) p.match_on.clear();
  }
  if (matching_parts) {
    ReadChildren<Scope, Background, std::string, std::string>(
        tx, key, out, index, [](Participant& p, const std::string& k, const std::string& value) {
          p.background.push_back({k, value});
        });
  }
  ReadChildren<Scope, Availability, int, int>(tx, key, out, index,
                                              [](Participant& p, int start, int minutes) {
                                                p.availability.push_back({start, minutes});
                                              });
  ReadChildren<Scope, Answers, std::string, std::string>(
      tx, key, out, index,
      [](Participant& p, const std::string& question, const std::string& value) {
        p.answers[question].push_back(value);
      });
  if (matching_parts) {
    ReadChildren<Scope, Preferences, std::string, std::string>(
        tx, key, out, index, [](Participant& p, const std::string& kind, const std::string& other) {
          (kind == "prefer" ? p.prefer : p.avoid).push_back(other);
        });
  }
  return out;
}

}  // namespace

std::vector<Participant> ParticipantRepository::Load(std::int64_t program_id) {
  return Guard("reading participants", [&] { return LoadWhere<ProgramScope>(tx_, program_id); });
}

std::optional<Participant> ParticipantRepository::LoadProfile(std::int64_t enrollment_id,
                                                              Parts parts) {
  return Guard("reading profile", [&]() -> std::optional<Participant> {
    auto found = LoadWhere<EnrollmentScope>(tx_, enrollment_id, parts == Parts::kWhole);
    if (found.empty()) return std::nullopt;
    return std::move(found.front());
  });
}

void ParticipantRepository::SaveProfile(std::int64_t enrollment_id, const Participant& profile,
                                        const Participant* stored) {
  Guard("saving profile", [&] {
    soci::session& s = SessionOf(tx_);
    long long enrollment = enrollment_id;
    long long user = 0;
    soci::statement& find = Reuse(tx_, "SELECT user_id FROM enrollments WHERE id = :e",
                                  soci::use(enrollment), soci::into(user));
    if (!find.execute(true)) {
      throw NotFound("enrollment " + std::to_string(enrollment_id) + " does not exist");
    }
    const std::string now = tx_.now_text();
    std::optional<std::string> institution;
    if (!profile.institution.empty()) {
      long long id = 0;
      std::string name = profile.institution;
      soci::statement& st = Reuse(tx_, "SELECT id FROM institutions WHERE name = :n",
                                  soci::use(name), soci::into(id));
      if (!st.execute(true)) {
        s << "INSERT INTO institutions (name, created_at) VALUES (:n, :t) RETURNING id",
            soci::use(name), soci::use(now), soci::into(id);
      }
      institution = Text(id);
    }
    std::string name = profile.name;
    if (stored == nullptr || stored->name != profile.name) {
      Reuse(tx_, "UPDATE users SET name = :n WHERE id = :u", soci::use(name), soci::use(user))
          .execute(true);
    }
    int capacity = profile.capacity, complete = IsProfileComplete(profile) ? 1 : 0;
    Reuse(tx_,
          "UPDATE enrollments SET capacity = :c, profile_complete = :pc, updated_at = :t "
          "WHERE id = :e",
          soci::use(capacity), soci::use(complete), soci::use(now), soci::use(enrollment))
        .execute(true);
    // Rows are rewritten where they change (all of them without `stored`).
    const auto non_empty = [](const std::map<std::string, std::vector<std::string>>& answers) {
      std::map<std::string, std::vector<std::string>> out;
      for (const auto& [question, values] : answers) {
        if (!values.empty()) out.emplace(question, values);
      }
      return out;
    };
    ProfileTables write;
    if (stored != nullptr) {
      write.tags = false;
      for (const TagKind& tk : kTagKinds) write.tags |= profile.*tk.field != stored->*tk.field;
      write.background = profile.background != stored->background;
      write.availability = profile.availability != stored->availability;
      write.answers = non_empty(profile.answers) != non_empty(stored->answers);
    }
    for (const auto& [table, rewrite] : {std::pair<const char*, bool>{"profiles", true},
                                         {"profile_tags", write.tags},
                                         {"background_attributes", write.background},
                                         {"availability_windows", write.availability},
                                         {"profile_answers", write.answers}}) {
      if (!rewrite) continue;
      Reuse(tx_, std::string("DELETE FROM ") + table + " WHERE enrollment_id = :e",
            soci::use(enrollment))
          .execute(true);
    }
    ProfileInserts inserts(tx_);
    inserts.Add(Text(enrollment), profile, institution, now, write);
    inserts.Flush();
  });
}

ParticipantRepository::PreferenceLists ParticipantRepository::LoadPreferences(
    std::int64_t enrollment_id) {
  return Guard("reading preferences", [&] {
    struct Query {
      long long enrollment = 0;
      std::string kind, other;
      soci::statement st;
      explicit Query(soci::session& s)
          : st((s.prepare << "SELECT r.kind, o.external_id FROM preferences r "
                             "JOIN enrollments o ON o.id = r.other_enrollment_id "
                             "WHERE r.enrollment_id = :e AND o.status <> 'withdrawn' "
                             "ORDER BY r.kind, r.rank",
                soci::use(enrollment), soci::into(kind), soci::into(other))) {}
    };
    Query& q = Prepared<Query>(tx_);
    q.enrollment = enrollment_id;
    PreferenceLists out;
    q.st.execute();
    while (q.st.fetch()) (q.kind == "prefer" ? out.prefer : out.avoid).push_back(q.other);
    return out;
  });
}

bool ParticipantRepository::SavePreferences(std::int64_t enrollment_id,
                                            const std::vector<std::int64_t>& prefer,
                                            const std::vector<std::int64_t>& avoid) {
  return Guard("saving preferences", [&] {
    long long enrollment = enrollment_id;
    {
      // The stored lists, every row: a save that changes nothing writes nothing.
      std::vector<std::int64_t> stored_prefer, stored_avoid;
      long long other = 0;
      std::string kind;
      soci::statement& st = Reuse(tx_,
                                  "SELECT other_enrollment_id, kind FROM preferences "
                                  "WHERE enrollment_id = :e ORDER BY kind, rank",
                                  soci::use(enrollment), soci::into(other), soci::into(kind));
      st.execute();
      while (st.fetch()) (kind == "prefer" ? stored_prefer : stored_avoid).push_back(other);
      if (stored_prefer == prefer && stored_avoid == avoid) return false;
    }
    Reuse(tx_, "DELETE FROM preferences WHERE enrollment_id = :e", soci::use(enrollment))
        .execute(true);
    BatchInsert preferences(tx_, "preferences",
                            {"enrollment_id", "other_enrollment_id", "kind", "rank"});
    for (const auto& [kind, list] :
         {std::pair<const char*, const std::vector<std::int64_t>*>{"prefer", &prefer},
          {"avoid", &avoid}}) {
      int rank = 1;
      for (std::int64_t other : *list) {
        preferences.Add({Text(enrollment), Text(other), std::string(kind), std::to_string(rank++)});
      }
    }
    preferences.Flush();
    return true;
  });
}

std::pair<int, int> ParticipantRepository::Count(std::int64_t program_id) {
  return Guard("counting participants", [&] {
    soci::session& s = SessionOf(tx_);
    long long program = program_id;
    int mentors = 0, mentees = 0;
    s << "SELECT COUNT(*) FROM enrollments WHERE program_id = :p AND role = 'mentor' "
         "AND status <> 'withdrawn'",
        soci::use(program), soci::into(mentors);
    s << "SELECT COUNT(*) FROM enrollments WHERE program_id = :p AND role = 'mentee' "
         "AND status <> 'withdrawn'",
        soci::use(program), soci::into(mentees);
    return std::pair{mentors, mentees};
  });
}

}  // namespace tandem::store
