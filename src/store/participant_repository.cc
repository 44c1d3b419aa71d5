#include "store/participant_repository.h"

#include <unordered_map>

#include "core/clock.h"
#include "store/session.h"

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
  return Guard("reading enrolments", [&] {
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

SaveCounts ParticipantRepository::Save(std::int64_t program_id,
                                       const std::vector<Participant>& participants) {
  return Guard("saving participants", [&] {
    soci::session& s = SessionOf(tx_);
    SaveCounts counts;
    const std::string now = UtcTimestamp();
    long long program = program_id;
    std::map<std::string, std::int64_t> enrollment_of = EnrollmentIds(program_id);

    // Institutions by name, created on first use.
    std::unordered_map<std::string, long long> institution_ids;
    {
      long long id = 0;
      std::string name;
      soci::statement st =
          (s.prepare << "SELECT id, name FROM institutions", soci::into(id), soci::into(name));
      st.execute();
      while (st.fetch()) institution_ids[name] = id;
    }
    std::string b_name, b_email, b_role, b_external, b_stage, b_tz, b_bio, b_kind, b_value, b_key;
    long long b_id = 0, b_user = 0, b_enrollment = 0, b_institution = 0, b_other = 0;
    int b_capacity = 0, b_years = 0, b_position = 0, b_start = 0, b_minutes = 0;
    soci::indicator email_ind = soci::i_ok, inst_ind = soci::i_ok, years_ind = soci::i_ok;

    soci::statement insert_institution =
        (s.prepare << "INSERT INTO institutions (name, created_at) VALUES (:n, :t) RETURNING id",
         soci::use(b_name), soci::use(now), soci::into(b_id));
    soci::statement find_user = (s.prepare << "SELECT id FROM users WHERE email = :e",
                                 soci::use(b_email), soci::into(b_id));
    soci::statement insert_user =
        (s.prepare << "INSERT INTO users (email, name, created_at) VALUES (:e, :n, :t) "
                      "RETURNING id",
         soci::use(b_email, email_ind), soci::use(b_name), soci::use(now), soci::into(b_id));
    soci::statement update_user =
        (s.prepare << "UPDATE users SET name = :n, email = :e WHERE id = :id", soci::use(b_name),
         soci::use(b_email, email_ind), soci::use(b_user));
    soci::statement user_of_enrollment =
        (s.prepare << "SELECT user_id FROM enrollments WHERE id = :id", soci::use(b_enrollment),
         soci::into(b_user));
    soci::statement insert_enrollment =
        (s.prepare << "INSERT INTO enrollments (program_id, user_id, role, external_id, status, "
                      "capacity, created_at, updated_at) VALUES (:p, :u, :r, :x, 'active', :c, "
                      ":t, :t2) RETURNING id",
         soci::use(program), soci::use(b_user), soci::use(b_role), soci::use(b_external),
         soci::use(b_capacity), soci::use(now), soci::use(now), soci::into(b_id));
    soci::statement update_enrollment =
        (s.prepare << "UPDATE enrollments SET user_id = :u, role = :r, capacity = :c, "
                      "status = 'active', updated_at = :t WHERE id = :id",
         soci::use(b_user), soci::use(b_role), soci::use(b_capacity), soci::use(now),
         soci::use(b_enrollment));
    soci::statement delete_profile = (s.prepare << "DELETE FROM profiles WHERE enrollment_id = :e",
                                      soci::use(b_enrollment));
    soci::statement delete_tags = (s.prepare << "DELETE FROM profile_tags WHERE enrollment_id = :e",
                                   soci::use(b_enrollment));
    soci::statement delete_background =
        (s.prepare << "DELETE FROM background_attributes WHERE enrollment_id = :e",
         soci::use(b_enrollment));
    soci::statement delete_windows =
        (s.prepare << "DELETE FROM availability_windows WHERE enrollment_id = :e",
         soci::use(b_enrollment));
    soci::statement delete_preferences =
        (s.prepare << "DELETE FROM preferences WHERE enrollment_id = :e", soci::use(b_enrollment));
    soci::statement insert_profile =
        (s.prepare << "INSERT INTO profiles (enrollment_id, institution_id, career_stage, "
                      "time_zone, years_experience, bio, updated_at) VALUES (:e, :i, :s, :z, :y, "
                      ":b, :t)",
         soci::use(b_enrollment), soci::use(b_institution, inst_ind), soci::use(b_stage),
         soci::use(b_tz), soci::use(b_years, years_ind), soci::use(b_bio), soci::use(now));
    soci::statement insert_tag =
        (s.prepare << "INSERT INTO profile_tags (enrollment_id, kind, position, value) VALUES "
                      "(:e, :k, :p, :v)",
         soci::use(b_enrollment), soci::use(b_kind), soci::use(b_position), soci::use(b_value));
    soci::statement insert_background =
        (s.prepare << "INSERT INTO background_attributes (enrollment_id, position, key, value) "
                      "VALUES (:e, :p, :k, :v)",
         soci::use(b_enrollment), soci::use(b_position), soci::use(b_key), soci::use(b_value));
    soci::statement insert_window =
        (s.prepare << "INSERT INTO availability_windows (enrollment_id, position, start_minute, "
                      "minutes) VALUES (:e, :p, :s, :m)",
         soci::use(b_enrollment), soci::use(b_position), soci::use(b_start),
         soci::use(b_minutes));
    soci::statement insert_preference =
        (s.prepare << "INSERT INTO preferences (enrollment_id, other_enrollment_id, kind, rank) "
                      "VALUES (:e, :o, :k, :r)",
         soci::use(b_enrollment), soci::use(b_other), soci::use(b_kind), soci::use(b_position));

    std::vector<long long> saved_ids;
    saved_ids.reserve(participants.size());
    for (const Participant& p : participants) {
      b_name = p.name;
      b_email = p.email;
      email_ind = p.email.empty() ? soci::i_null : soci::i_ok;
      auto existing = enrollment_of.find(p.id);
      // The person: the enrolment's user when re-importing, else the user with this
      // e-mail, else a new user.
      b_user = 0;
      if (existing != enrollment_of.end()) {
        b_enrollment = existing->second;
        user_of_enrollment.execute(true);
      }
      if (b_user == 0 && !p.email.empty()) {
        b_id = 0;
        if (find_user.execute(true)) b_user = b_id;
      }
      if (b_user == 0) {
        insert_user.execute(true);
        b_user = b_id;
      } else {
        update_user.execute(true);
      }
      b_role = std::string(RoleName(p.role));
      b_external = p.id;
      b_capacity = p.capacity;
      if (existing != enrollment_of.end()) {
        b_enrollment = existing->second;
        update_enrollment.execute(true);
        delete_profile.execute(true);
        delete_tags.execute(true);
        delete_background.execute(true);
        delete_windows.execute(true);
        ++counts.updated;
      } else {
        insert_enrollment.execute(true);
        b_enrollment = b_id;
        enrollment_of[p.id] = b_id;
        ++counts.added;
      }
      saved_ids.push_back(b_enrollment);

      inst_ind = soci::i_null;
      if (!p.institution.empty()) {
        auto it = institution_ids.find(p.institution);
        if (it == institution_ids.end()) {
          b_name = p.institution;
          insert_institution.execute(true);
          it = institution_ids.emplace(p.institution, b_id).first;
        }
        b_institution = it->second;
        inst_ind = soci::i_ok;
      }
      b_stage = p.career_stage;
      b_tz = p.time_zone;
      b_years = p.years_experience.value_or(0);
      years_ind = p.years_experience ? soci::i_ok : soci::i_null;
      b_bio = p.bio;
      insert_profile.execute(true);
      for (const TagKind& tk : kTagKinds) {
        b_kind = tk.kind;
        b_position = 0;
        for (const std::string& value : p.*tk.field) {
          b_value = value;
          insert_tag.execute(true);
          ++b_position;
        }
      }
      b_position = 0;
      for (const BackgroundTag& tag : p.background) {
        b_key = tag.key;
        b_value = tag.value;
        insert_background.execute(true);
        ++b_position;
      }
      b_position = 0;
      for (const WeeklyWindow& w : p.availability) {
        b_start = w.start;
        b_minutes = w.minutes;
        insert_window.execute(true);
        ++b_position;
      }
    }
    // Preferences once every enrolment exists, so they may point forward in the file.
    for (size_t i = 0; i < participants.size(); ++i) {
      const Participant& p = participants[i];
      b_enrollment = saved_ids[i];
      delete_preferences.execute(true);
      for (const auto& [kind, list] :
           {std::pair<const char*, const std::vector<std::string>*>{"prefer", &p.prefer},
            {"avoid", &p.avoid}}) {
        b_kind = kind;
        b_position = 1;
        for (const std::string& other : *list) {
          auto it = enrollment_of.find(other);
          if (it == enrollment_of.end()) {
            throw InvalidArgument(p.id + " names unknown participant \"" + other + "\"", kind);
          }
          b_other = it->second;
          insert_preference.execute(true);
          ++b_position;
        }
      }
    }
    return counts;
  });
}

std::vector<Participant> ParticipantRepository::Load(std::int64_t program_id) {
  return Guard("reading participants", [&] {
    soci::session& s = SessionOf(tx_);
    long long program = program_id;
    std::vector<Participant> out;
    std::unordered_map<long long, size_t> index;  // enrollment id -> position in out
    {
      long long id = 0;
      int capacity = 0, years = 0;
      std::string external, role, name, email, institution, stage, tz, bio;
      soci::indicator email_ind{}, inst_ind{}, stage_ind{}, tz_ind{}, years_ind{}, bio_ind{};
      soci::statement st =
          (s.prepare << "SELECT e.id, e.external_id, e.role, e.capacity, u.name, u.email, i.name, "
                        "p.career_stage, p.time_zone, p.years_experience, p.bio "
                        "FROM enrollments e JOIN users u ON u.id = e.user_id "
                        "LEFT JOIN profiles p ON p.enrollment_id = e.id "
                        "LEFT JOIN institutions i ON i.id = p.institution_id "
                        "WHERE e.program_id = :p AND e.role IN ('mentor', 'mentee') "
                        "AND e.status <> 'withdrawn' ORDER BY e.id",
           soci::use(program), soci::into(id), soci::into(external), soci::into(role),
           soci::into(capacity), soci::into(name), soci::into(email, email_ind),
           soci::into(institution, inst_ind), soci::into(stage, stage_ind),
           soci::into(tz, tz_ind), soci::into(years, years_ind), soci::into(bio, bio_ind));
      st.execute();
      while (st.fetch()) {
        Participant p;
        p.role = ParseRole(role).value_or(Role::kMentee);
        p.id = external;
        p.name = name;
        p.email = email_ind == soci::i_ok ? email : "";
        p.institution = inst_ind == soci::i_ok ? institution : "";
        p.career_stage = stage_ind == soci::i_ok ? stage : "";
        p.time_zone = tz_ind == soci::i_ok ? tz : "";
        if (years_ind == soci::i_ok) p.years_experience = years;
        p.capacity = capacity;
        p.bio = bio_ind == soci::i_ok ? bio : "";
        index[id] = out.size();
        out.push_back(std::move(p));
      }
    }
    {
      long long id = 0;
      std::string kind, value;
      soci::statement st =
          (s.prepare << "SELECT t.enrollment_id, t.kind, t.value FROM profile_tags t "
                        "JOIN enrollments e ON e.id = t.enrollment_id WHERE e.program_id = :p "
                        "ORDER BY t.enrollment_id, t.kind, t.position",
           soci::use(program), soci::into(id), soci::into(kind), soci::into(value));
      st.execute();
      while (st.fetch()) {
        auto it = index.find(id);
        if (it == index.end()) continue;
        for (const TagKind& tk : kTagKinds) {
          if (kind == tk.kind) (out[it->second].*tk.field).push_back(value);
        }
      }
    }
    {
      long long id = 0;
      std::string key, value;
      soci::statement st =
          (s.prepare << "SELECT b.enrollment_id, b.key, b.value FROM background_attributes b "
                        "JOIN enrollments e ON e.id = b.enrollment_id WHERE e.program_id = :p "
                        "ORDER BY b.enrollment_id, b.position",
           soci::use(program), soci::into(id), soci::into(key), soci::into(value));
      st.execute();
      while (st.fetch()) {
        auto it = index.find(id);
        if (it != index.end()) out[it->second].background.push_back({key, value});
      }
    }
    {
      long long id = 0;
      int start = 0, minutes = 0;
      soci::statement st =
          (s.prepare << "SELECT w.enrollment_id, w.start_minute, w.minutes "
                        "FROM availability_windows w JOIN enrollments e ON e.id = w.enrollment_id "
                        "WHERE e.program_id = :p ORDER BY w.enrollment_id, w.position",
           soci::use(program), soci::into(id), soci::into(start), soci::into(minutes));
      st.execute();
      while (st.fetch()) {
        auto it = index.find(id);
        if (it != index.end()) out[it->second].availability.push_back({start, minutes});
      }
    }
    {
      long long id = 0;
      std::string kind, other;
      soci::statement st =
          (s.prepare << "SELECT r.enrollment_id, r.kind, o.external_id FROM preferences r "
                        "JOIN enrollments e ON e.id = r.enrollment_id "
                        "JOIN enrollments o ON o.id = r.other_enrollment_id "
                        "WHERE e.program_id = :p AND o.status <> 'withdrawn' "
                        "ORDER BY r.enrollment_id, r.kind, r.rank",
           soci::use(program), soci::into(id), soci::into(kind), soci::into(other));
      st.execute();
      while (st.fetch()) {
        auto it = index.find(id);
        if (it == index.end()) continue;
        (kind == "prefer" ? out[it->second].prefer : out[it->second].avoid).push_back(other);
      }
    }
    return out;
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
