#include "store/peer_repository.h"

#include <nlohmann/json.hpp>

#include <map>

#include "store/batch.h"
#include "store/internal.h"

namespace tandem::store {

using nlohmann::json;

std::string PeerProfileJson(const PeerProfile& p) {
  json windows = json::array();
  for (const WeeklyWindow& w : p.availability) windows.push_back({w.start, w.minutes});
  return json{{"person", p.person},
              {"cancer_type", p.cancer_type},
              {"cancer_subtype", p.cancer_subtype},
              {"stage", p.stage},
              {"treatments", p.treatments},
              {"time_since_diagnosis", p.time_since_diagnosis},
              {"age_group", p.age_group},
              {"gender", p.gender},
              {"same_gender", p.same_gender},
              {"relationship", p.relationship},
              {"topics", p.topics},
              {"languages", p.languages},
              {"contact", p.contact},
              {"time_zone", p.time_zone},
              {"availability", windows}}
      .dump();
}

PeerProfile PeerProfileFromJson(const std::string& text) {
  const json j = json::parse(text, nullptr, false);
  PeerProfile p;
  if (!j.is_object()) return p;
  const auto str = [&](const char* key) {
    auto it = j.find(key);
    return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
  };
  const auto list = [&](const char* key) {
    std::vector<std::string> out;
    auto it = j.find(key);
    if (it != j.end() && it->is_array()) {
      for (const auto& v : *it) {
        if (v.is_string()) out.push_back(v.get<std::string>());
      }
    }
    return out;
  };
  p.person = str("person");
  p.cancer_type = str("cancer_type");
  p.cancer_subtype = str("cancer_subtype");
  p.stage = str("stage");
  p.treatments = list("treatments");
  p.time_since_diagnosis = str("time_since_diagnosis");
  p.age_group = str("age_group");
  p.gender = str("gender");
  p.same_gender = j.value("same_gender", false);
  p.relationship = str("relationship");
  p.topics = list("topics");
  p.languages = list("languages");
  p.contact = list("contact");
  p.time_zone = str("time_zone");
  if (auto it = j.find("availability"); it != j.end() && it->is_array()) {
    for (const auto& w : *it) {
      if (w.is_array() && w.size() == 2 && w[0].is_number_integer() && w[1].is_number_integer()) {
        p.availability.push_back({w[0].get<int>(), w[1].get<int>()});
      }
    }
  }
  return p;
}

namespace {

std::string Opt(const std::string& text, soci::indicator ind) {
  return ind == soci::i_ok ? text : std::string();
}

// --- requests ---

constexpr const char* kRequestColumns =
    "SELECT r.id, r.program_id, r.enrollment_id, e.external_id, u.name, COALESCE(u.email, ''), "
    "r.status, r.urgent, r.source, r.phone, r.note, r.consent_contact, r.consent_share, "
    "r.suggested_volunteer_id, r.pair_id, r.created_at, r.updated_at, r.introduced_at "
    "FROM peer_requests r JOIN enrollments e ON e.id = r.enrollment_id "
    "JOIN users u ON u.id = e.user_id ";

template <typename... Uses>
std::vector<PeerRequest> SelectRequests(Transaction& tx, const std::string& where, Uses&&... uses) {
  long long id = 0, program = 0, enrollment = 0, suggested = 0, pair = 0;
  int urgent = 0, contact = 0, share = 0;
  std::string participant, name, email, status, source, phone, note, created, updated, introduced;
  soci::indicator suggested_ind{}, pair_ind{}, introduced_ind{};
  soci::statement& st = detail::StatementFor(tx, kRequestColumns + where);
  (st.exchange(std::forward<Uses>(uses)), ...);
  st.exchange(soci::into(id));
  st.exchange(soci::into(program));
  st.exchange(soci::into(enrollment));
  st.exchange(soci::into(participant));
  st.exchange(soci::into(name));
  st.exchange(soci::into(email));
  st.exchange(soci::into(status));
  st.exchange(soci::into(urgent));
  st.exchange(soci::into(source));
  st.exchange(soci::into(phone));
  st.exchange(soci::into(note));
  st.exchange(soci::into(contact));
  st.exchange(soci::into(share));
  st.exchange(soci::into(suggested, suggested_ind));
  st.exchange(soci::into(pair, pair_ind));
  st.exchange(soci::into(created));
  st.exchange(soci::into(updated));
  st.exchange(soci::into(introduced, introduced_ind));
  st.define_and_bind();
  st.execute();
  std::vector<PeerRequest> out;
  while (st.fetch()) {
    PeerRequest r;
    r.id = id;
    r.program_id = program;
    r.enrollment_id = enrollment;
    r.participant_id = participant;
    r.name = name;
    r.email = email;
    r.status = ParsePeerRequestStatus(status).value_or(PeerRequestStatus::kNew);
    r.urgent = urgent != 0;
    r.source = source;
    r.phone = phone;
    r.note = note;
    r.consent_contact = contact != 0;
    r.consent_share = share != 0;
    if (suggested_ind == soci::i_ok) r.suggested_volunteer_id = suggested;
    if (pair_ind == soci::i_ok) r.pair_id = pair;
    r.created_at = created;
    r.updated_at = updated;
    r.introduced_at = Opt(introduced, introduced_ind);
    out.push_back(std::move(r));
  }
  return out;
}

// --- offers ---

constexpr const char* kOfferColumns =
    "SELECT o.id, o.request_id, o.volunteer_id, u.name, o.status, o.reason, o.created_at, "
    "o.respond_by, o.answered_at FROM peer_offers o JOIN enrollments e ON e.id = o.volunteer_id "
    "JOIN users u ON u.id = e.user_id ";

template <typename... Uses>
std::vector<PeerOffer> SelectOffers(Transaction& tx, const std::string& where, Uses&&... uses) {
  long long id = 0, request = 0, volunteer = 0;
  std::string name, status, reason, created, respond_by, answered;
  soci::indicator answered_ind{};
  soci::statement& st = detail::StatementFor(tx, kOfferColumns + where);
  (st.exchange(std::forward<Uses>(uses)), ...);
  st.exchange(soci::into(id));
  st.exchange(soci::into(request));
  st.exchange(soci::into(volunteer));
  st.exchange(soci::into(name));
  st.exchange(soci::into(status));
  st.exchange(soci::into(reason));
  st.exchange(soci::into(created));
  st.exchange(soci::into(respond_by));
  st.exchange(soci::into(answered, answered_ind));
  st.define_and_bind();
  st.execute();
  std::vector<PeerOffer> out;
  while (st.fetch()) {
    PeerOffer o;
    o.id = id;
    o.request_id = request;
    o.volunteer_id = volunteer;
    o.volunteer_name = name;
    o.status = ParseOfferStatus(status).value_or(OfferStatus::kPending);
    o.reason = reason;
    o.created_at = created;
    o.respond_by = respond_by;
    o.answered_at = Opt(answered, answered_ind);
    out.push_back(std::move(o));
  }
  return out;
}

}  // namespace

PeerSettings PeerRepository::LoadSettings(std::int64_t program_id) {
  return Guard("reading peer-support settings", [&] {
    long long key = program_id;
    PeerSettings s;
    int days = 0, hours = 0;
    SessionOf(tx_) << "SELECT target_working_days, offer_hours FROM peer_settings "
                      "WHERE program_id = :p",
        soci::use(key), soci::into(days), soci::into(hours);
    if (SessionOf(tx_).got_data()) {
      s.target_working_days = days;
      s.offer_hours = hours;
    }
    return s;
  });
}

void PeerRepository::SaveSettings(std::int64_t program_id, const PeerSettings& s) {
  Guard("saving peer-support settings", [&] {
    long long key = program_id;
    int days = s.target_working_days, hours = s.offer_hours;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "DELETE FROM peer_settings WHERE program_id = :p", soci::use(key);
    SessionOf(tx_) << "INSERT INTO peer_settings (program_id, target_working_days, offer_hours, "
                      "updated_at) VALUES (:p, :d, :h, :u)",
        soci::use(key), soci::use(days), soci::use(hours), soci::use(now);
  });
}

std::optional<PeerProfile> PeerRepository::LoadProfile(std::int64_t enrollment_id) {
  return Guard("reading a peer-support profile", [&]() -> std::optional<PeerProfile> {
    long long key = enrollment_id;
    std::string text;
    soci::statement& st = Reuse(tx_, "SELECT profile FROM peer_profiles WHERE enrollment_id = :e",
                                soci::use(key), soci::into(text));
    if (!st.execute(true)) return std::nullopt;
    return PeerProfileFromJson(text);
  });
}

void PeerRepository::SaveProfile(std::int64_t program_id, std::int64_t enrollment_id,
                                 const PeerProfile& p) {
  Guard("saving a peer-support profile", [&] {
    long long program = program_id, key = enrollment_id;
    std::string text = PeerProfileJson(p);
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "DELETE FROM peer_profiles WHERE enrollment_id = :e", soci::use(key);
    SessionOf(tx_) << "INSERT INTO peer_profiles (enrollment_id, program_id, profile, updated_at) "
                      "VALUES (:e, :p, :j, :u)",
        soci::use(key), soci::use(program), soci::use(text), soci::use(now);
  });
}

VolunteerStanding PeerRepository::LoadStanding(std::int64_t enrollment_id) {
  const std::vector<VolunteerRecord> one = Guard("reading a volunteer", [&] {
    long long key = enrollment_id, program = 0;
    SessionOf(tx_) << "SELECT program_id FROM enrollments WHERE id = :e", soci::use(key),
        soci::into(program);
    return LoadVolunteers(program, {enrollment_id});
  });
  return one.empty() ? VolunteerStanding{} : one.front().standing;
}

void PeerRepository::SaveStanding(std::int64_t program_id, std::int64_t enrollment_id,
                                  const VolunteerStanding& s) {
  Guard("saving a volunteer's standing", [&] {
    long long program = program_id, key = enrollment_id;
    std::string trained = s.trained_on, expires = s.screening_expires_on, last = s.last_matched_at,
                screening(ScreeningName(s.screening));
    soci::indicator trained_ind = trained.empty() ? soci::i_null : soci::i_ok;
    soci::indicator expires_ind = expires.empty() ? soci::i_null : soci::i_ok;
    soci::indicator last_ind = last.empty() ? soci::i_null : soci::i_ok;
    int paused = s.paused ? 1 : 0;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "DELETE FROM peer_volunteers WHERE enrollment_id = :e", soci::use(key);
    SessionOf(tx_) << "INSERT INTO peer_volunteers (enrollment_id, program_id, trained_on, "
                      "screening, screening_expires_on, paused, last_matched_at, updated_at) "
                      "VALUES (:e, :p, :t, :s, :x, :z, :l, :u)",
        soci::use(key), soci::use(program), soci::use(trained, trained_ind), soci::use(screening),
        soci::use(expires, expires_ind), soci::use(paused), soci::use(last, last_ind),
        soci::use(now);
  });
}

void PeerRepository::SaveVolunteers(std::int64_t program_id,
                                    const std::vector<VolunteerRow>& rows) {
  Guard("saving volunteers", [&] {
    soci::session& s = SessionOf(tx_);
    const std::string now = tx_.now_text(), program = std::to_string(program_id);
    for (size_t from = 0; from < rows.size(); from += 500) {
      std::string ids;
      for (size_t k = from; k < rows.size() && k < from + 500; ++k) {
        ids += (k > from ? "," : "") + std::to_string(rows[k].enrollment_id);  // integers
      }
      s << "DELETE FROM peer_profiles WHERE enrollment_id IN (" + ids + ")";
      s << "DELETE FROM peer_volunteers WHERE enrollment_id IN (" + ids + ")";
    }
    BatchInsert profiles(s, "peer_profiles",
                         {"enrollment_id", "program_id", "profile", "updated_at"});
    BatchInsert standing(s, "peer_volunteers",
                         {"enrollment_id", "program_id", "trained_on", "screening",
                          "screening_expires_on", "paused", "last_matched_at", "updated_at"});
    BatchInsert changes(s, "peer_volunteer_changes", {"program_id", "enrollment_id", "changed_at"});
    const auto opt = [](const std::string& v) {
      return v.empty() ? std::nullopt : std::optional<std::string>(v);
    };
    for (const VolunteerRow& r : rows) {
      const std::string id = std::to_string(r.enrollment_id);
      profiles.Add({id, program, PeerProfileJson(r.profile), now});
      standing.Add({id, program, opt(r.standing.trained_on),
                    std::string(ScreeningName(r.standing.screening)),
                    opt(r.standing.screening_expires_on), r.standing.paused ? "1" : "0",
                    opt(r.standing.last_matched_at), now});
      changes.Add({program, id, now});
    }
    profiles.Flush();
    standing.Flush();
    changes.Flush();
  });
}

void PeerRepository::AppendChange(std::int64_t program_id, std::int64_t enrollment_id) {
  Guard("recording a volunteer's change", [&] {
    long long program = program_id, key = enrollment_id;
    const std::string now = tx_.now_text();
    // Kept prepared: every profile save records one.
    Reuse(tx_,
          "INSERT INTO peer_volunteer_changes (program_id, enrollment_id, changed_at) "
          "VALUES (:p, :e, :t)",
          soci::use(program), soci::use(key), soci::use(now))
        .execute(true);
  });
}

std::vector<PeerRepository::Change> PeerRepository::ChangesSince(
    std::int64_t after, const std::vector<std::int64_t>& also) {
  return Guard("reading volunteers' changes", [&] {
    long long from = after, id = 0, program = 0, enrollment = 0;
    std::vector<Change> out;
    if (also.empty()) {  // the usual case: one statement kept prepared
      soci::statement& st =
          Reuse(tx_,
                "SELECT id, program_id, enrollment_id FROM peer_volunteer_changes WHERE id > :a "
                "ORDER BY id",
                soci::use(from), soci::into(id), soci::into(program), soci::into(enrollment));
      st.execute();
      while (st.fetch()) out.push_back({id, program, enrollment});
      return out;
    }
    std::string sql =
        "SELECT id, program_id, enrollment_id FROM peer_volunteer_changes WHERE id > :a OR id IN (";
    for (size_t k = 0; k < also.size() && k < 500; ++k) {
      sql += (k ? "," : "") + std::to_string(also[k]);  // integers, never text
    }
    sql += ") ORDER BY id";
    soci::statement st = (SessionOf(tx_).prepare << sql, soci::use(from), soci::into(id),
                          soci::into(program), soci::into(enrollment));
    st.execute();
    while (st.fetch()) out.push_back({id, program, enrollment});
    return out;
  });
}

std::int64_t PeerRepository::NewestChange() {
  return Guard("reading volunteers' changes", [&] {
    long long newest = 0;
    soci::indicator ind{};
    SessionOf(tx_) << "SELECT MAX(id) FROM peer_volunteer_changes", soci::into(newest, ind);
    return ind == soci::i_ok ? static_cast<std::int64_t>(newest) : std::int64_t{0};
  });
}

std::vector<VolunteerRecord> PeerRepository::LoadVolunteers(std::int64_t program_id,
                                                            const std::vector<std::int64_t>& only) {
  return Guard("reading volunteers", [&] {
    long long program = program_id;
    std::string sql =
        "SELECT e.id, e.external_id, u.name, e.status, u.disabled, e.capacity, p.profile, "
        "v.trained_on, v.screening, v.screening_expires_on, v.paused, v.last_matched_at, "
        "(SELECT COUNT(*) FROM pairs x WHERE x.mentor_enrollment_id = e.id AND x.status = "
        "'active') FROM enrollments e JOIN users u ON u.id = e.user_id "
        "LEFT JOIN peer_profiles p ON p.enrollment_id = e.id "
        "LEFT JOIN peer_volunteers v ON v.enrollment_id = e.id WHERE e.role = 'mentor' AND ";
    if (only.empty()) {
      sql += "e.program_id = :p";
    } else {
      // By id only, then the program checked: a condition on program_id
      // lets PostgreSQL's generic plan walk the program's whole index
      // (100,000 rows) instead of the ids' primary keys.
      sql += "e.id IN (";
      for (size_t k = 0; k < only.size(); ++k) {
        sql += (k ? "," : "") + std::to_string(only[k]);  // integers, never text
      }
      sql += ") AND e.program_id + 0 = :p";
    }
    sql += " ORDER BY e.id";
    long long id = 0;
    int disabled = 0, capacity = 1, paused = 0, load = 0;
    std::string external, name, status, profile, trained, screening, expires, last;
    soci::indicator profile_ind{}, trained_ind{}, screening_ind{}, expires_ind{}, paused_ind{},
        last_ind{};
    soci::statement st =
        (SessionOf(tx_).prepare << sql, soci::use(program), soci::into(id), soci::into(external),
         soci::into(name), soci::into(status), soci::into(disabled), soci::into(capacity),
         soci::into(profile, profile_ind), soci::into(trained, trained_ind),
         soci::into(screening, screening_ind), soci::into(expires, expires_ind),
         soci::into(paused, paused_ind), soci::into(last, last_ind), soci::into(load));
    st.execute();
    std::vector<VolunteerRecord> out;
    while (st.fetch()) {
      VolunteerRecord v;
      v.enrollment_id = id;
      v.participant_id = external;
      v.name = name;
      v.active = status == "active" && disabled == 0;
      if (profile_ind == soci::i_ok) v.profile = PeerProfileFromJson(profile);
      v.standing.trained_on = Opt(trained, trained_ind);
      v.standing.screening = screening_ind == soci::i_ok
                                 ? ParseScreening(screening).value_or(Screening::kPending)
                                 : Screening::kPending;
      v.standing.screening_expires_on = Opt(expires, expires_ind);
      v.standing.paused = paused_ind == soci::i_ok && paused != 0;
      v.standing.last_matched_at = Opt(last, last_ind);
      v.standing.capacity = capacity;
      v.standing.load = load;
      out.push_back(std::move(v));
    }
    return out;
  });
}

std::int64_t PeerRepository::InsertRequest(const PeerRequest& r, const std::string& token_hash,
                                           std::optional<std::int64_t> entered_by) {
  return Guard("saving a request", [&] {
    long long program = r.program_id, enrollment = r.enrollment_id, by = entered_by.value_or(0),
              id = 0;
    soci::indicator by_ind = entered_by ? soci::i_ok : soci::i_null;
    std::string status(PeerRequestStatusName(r.status));
    int urgent = r.urgent, contact = r.consent_contact, share = r.consent_share;
    std::string hash = token_hash;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO peer_requests (program_id, enrollment_id, status, urgent, "
                      "source, phone, note, consent_contact, consent_share, follow_token_hash, "
                      "entered_by, created_at, updated_at) VALUES (:p, :e, :s, :u, :o, :ph, :n, "
                      ":c, :sh, :h, :b, :t, :t2) RETURNING id",
        soci::use(program), soci::use(enrollment), soci::use(status), soci::use(urgent),
        soci::use(r.source), soci::use(r.phone), soci::use(r.note), soci::use(contact),
        soci::use(share), soci::use(hash), soci::use(by, by_ind), soci::use(now), soci::use(now),
        soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void PeerRepository::UpdateRequest(const PeerRequest& r) {
  Guard("saving a request", [&] {
    long long id = r.id, suggested = r.suggested_volunteer_id.value_or(0),
              pair = r.pair_id.value_or(0);
    soci::indicator suggested_ind = r.suggested_volunteer_id ? soci::i_ok : soci::i_null;
    soci::indicator pair_ind = r.pair_id ? soci::i_ok : soci::i_null;
    std::string status(PeerRequestStatusName(r.status)), introduced = r.introduced_at;
    soci::indicator introduced_ind = introduced.empty() ? soci::i_null : soci::i_ok;
    int urgent = r.urgent;
    const std::string now = tx_.now_text();
    soci::statement st =
        (SessionOf(tx_).prepare
             << "UPDATE peer_requests SET status = :s, urgent = :u, phone = :ph, note = :n, "
                "suggested_volunteer_id = :v, pair_id = :pr, introduced_at = :i, updated_at = :t "
                "WHERE id = :id",
         soci::use(status), soci::use(urgent), soci::use(r.phone), soci::use(r.note),
         soci::use(suggested, suggested_ind), soci::use(pair, pair_ind),
         soci::use(introduced, introduced_ind), soci::use(now), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("request " + std::to_string(r.id) + " does not exist");
    }
  });
}

std::optional<PeerRequest> PeerRepository::FindRequest(std::int64_t id, RowLock lock) {
  return Guard("reading a request", [&]() -> std::optional<PeerRequest> {
    long long key = id;
    auto rows = SelectRequests(tx_, "WHERE r.id = :id" + ForUpdateOf(SessionOf(tx_), "r", lock),
                               soci::use(key));
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  });
}

std::optional<PeerRequest> PeerRepository::FindRequestByToken(const std::string& hash) {
  return Guard("reading a request", [&]() -> std::optional<PeerRequest> {
    std::string key = hash;
    auto rows = SelectRequests(tx_, "WHERE r.follow_token_hash = :h", soci::use(key));
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  });
}

std::vector<PeerRequest> PeerRepository::ListRequests(std::int64_t program_id,
                                                      const RequestFilter& f) {
  return Guard("listing requests", [&] {
    long long program = program_id;
    std::string status = f.status ? std::string(PeerRequestStatusName(*f.status)) : "";
    int urgent = f.urgent ? (*f.urgent ? 1 : 0) : -1;
    int waiting = f.waiting_only ? 1 : 0;
    return SelectRequests(tx_,
                          "WHERE r.program_id = :p AND (:s = '' OR r.status = :s2) AND "
                          "(:u = -1 OR r.urgent = :u2) AND (:w = 0 OR r.status IN ('new', "
                          "'suggested', 'offered', 'waitlisted')) ORDER BY r.urgent DESC, r.id",
                          soci::use(program), soci::use(status), soci::use(status),
                          soci::use(urgent), soci::use(urgent), soci::use(waiting));
  });
}

void PeerRepository::SetCreatedAt(std::int64_t id, const std::string& created_at) {
  Guard("saving a request", [&] {
    long long key = id;
    std::string at = created_at;
    SessionOf(tx_) << "UPDATE peer_requests SET created_at = :c WHERE id = :id", soci::use(at),
        soci::use(key);
  });
}

std::optional<PeerRequest> PeerRepository::OpenRequestOf(std::int64_t enrollment_id) {
  return Guard("reading a request", [&]() -> std::optional<PeerRequest> {
    long long key = enrollment_id;
    auto rows = SelectRequests(tx_,
                               "WHERE r.enrollment_id = :e AND r.status NOT IN ('withdrawn', "
                               "'closed') ORDER BY r.id DESC",
                               soci::use(key));
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  });
}

std::int64_t PeerRepository::InsertOffer(const PeerOffer& o, std::optional<std::int64_t> offered_by,
                                         const std::string& token_hash) {
  return Guard("saving an offer", [&] {
    long long request = o.request_id, volunteer = o.volunteer_id, by = offered_by.value_or(0),
              id = 0;
    soci::indicator by_ind = offered_by ? soci::i_ok : soci::i_null;
    std::string status(OfferStatusName(o.status));
    const std::string now = tx_.now_text();
    std::string hash = token_hash;
    SessionOf(tx_) << "INSERT INTO peer_offers (request_id, volunteer_id, status, reason, "
                      "offered_by, token_hash, created_at, respond_by) VALUES (:r, :v, :s, :re, "
                      ":b, :h, :t, :d) RETURNING id",
        soci::use(request), soci::use(volunteer), soci::use(status), soci::use(o.reason),
        soci::use(by, by_ind), soci::use(hash), soci::use(now), soci::use(o.respond_by),
        soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void PeerRepository::UpdateOffer(const PeerOffer& o) {
  Guard("saving an offer", [&] {
    long long id = o.id;
    std::string status(OfferStatusName(o.status)), answered = o.answered_at;
    soci::indicator answered_ind = answered.empty() ? soci::i_null : soci::i_ok;
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE peer_offers SET status = :s, reason = :r, "
                                   "answered_at = :a WHERE id = :id",
         soci::use(status), soci::use(o.reason), soci::use(answered, answered_ind), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("offer " + std::to_string(o.id) + " does not exist");
    }
  });
}

std::optional<PeerOffer> PeerRepository::FindOffer(std::int64_t id, RowLock lock) {
  return Guard("reading an offer", [&]() -> std::optional<PeerOffer> {
    long long key = id;
    auto rows = SelectOffers(tx_, "WHERE o.id = :id" + ForUpdateOf(SessionOf(tx_), "o", lock),
                             soci::use(key));
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  });
}

std::optional<PeerOffer> PeerRepository::FindOfferByToken(const std::string& token_hash) {
  return Guard("reading an offer", [&]() -> std::optional<PeerOffer> {
    std::string key = token_hash;
    auto rows = SelectOffers(tx_, "WHERE o.token_hash = :h", soci::use(key));
    if (rows.empty()) return std::nullopt;
    return std::move(rows.front());
  });
}

std::vector<PeerOffer> PeerRepository::OffersOfRequest(std::int64_t request_id) {
  return Guard("listing offers", [&] {
    long long key = request_id;
    return SelectOffers(tx_, "WHERE o.request_id = :r ORDER BY o.id", soci::use(key));
  });
}

std::vector<PeerOffer> PeerRepository::OffersOfVolunteer(std::int64_t volunteer_id) {
  return Guard("listing offers", [&] {
    long long key = volunteer_id;
    return SelectOffers(tx_, "WHERE o.volunteer_id = :v ORDER BY o.id DESC", soci::use(key));
  });
}

std::vector<PeerOffer> PeerRepository::OverdueOffers(const std::string& now_text, int limit) {
  return Guard("listing overdue offers", [&] {
    std::string now = now_text;
    int n = limit;
    return SelectOffers(tx_,
                        "WHERE o.status = 'pending' AND o.respond_by < :t ORDER BY o.id LIMIT :n",
                        soci::use(now), soci::use(n));
  });
}

void PeerRepository::InsertCheckin(const PeerCheckin& c, const std::string& token_hash) {
  Guard("saving a check-in", [&] {
    long long request = c.request_id, enrollment = c.enrollment_id;
    int week = c.week;
    std::string hash = token_hash;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO peer_checkins (request_id, enrollment_id, week, token_hash, "
                      "sent_at) VALUES (:r, :e, :w, :h, :t)",
        soci::use(request), soci::use(enrollment), soci::use(week), soci::use(hash), soci::use(now);
  });
}

namespace {
template <typename Use>
std::vector<PeerCheckin> SelectCheckins(Transaction& tx, const std::string& where, Use&& use) {
  long long id = 0, request = 0, enrollment = 0;
  int week = 0, connected = 0;
  std::string sent, answered;
  soci::indicator answered_ind{}, connected_ind{};
  soci::statement& st = detail::StatementFor(
      tx,
      "SELECT id, request_id, enrollment_id, week, sent_at, answered_at, connected FROM "
      "peer_checkins " +
          where);
  st.exchange(std::forward<Use>(use));
  st.exchange(soci::into(id));
  st.exchange(soci::into(request));
  st.exchange(soci::into(enrollment));
  st.exchange(soci::into(week));
  st.exchange(soci::into(sent));
  st.exchange(soci::into(answered, answered_ind));
  st.exchange(soci::into(connected, connected_ind));
  st.define_and_bind();
  st.execute();
  std::vector<PeerCheckin> out;
  while (st.fetch()) {
    PeerCheckin c;
    c.id = id;
    c.request_id = request;
    c.enrollment_id = enrollment;
    c.week = week;
    c.sent_at = sent;
    c.answered_at = Opt(answered, answered_ind);
    if (connected_ind == soci::i_ok) c.connected = connected != 0;
    out.push_back(c);
  }
  return out;
}
}  // namespace

std::optional<PeerCheckin> PeerRepository::FindCheckinByToken(const std::string& token_hash) {
  return Guard("reading a check-in", [&]() -> std::optional<PeerCheckin> {
    std::string key = token_hash;
    auto rows = SelectCheckins(tx_, "WHERE token_hash = :h", soci::use(key));
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

void PeerRepository::AnswerCheckin(std::int64_t id, bool connected) {
  Guard("saving a check-in", [&] {
    long long key = id;
    int yes = connected ? 1 : 0;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "UPDATE peer_checkins SET answered_at = :t, connected = :c WHERE id = :id",
        soci::use(now), soci::use(yes), soci::use(key);
  });
}

std::vector<PeerCheckin> PeerRepository::CheckinsOf(std::int64_t request_id) {
  return Guard("reading check-ins", [&] {
    long long key = request_id;
    return SelectCheckins(tx_, "WHERE request_id = :r ORDER BY id", soci::use(key));
  });
}

std::vector<PeerRequest> PeerRepository::DueForCheckin(int week, const std::string& before,
                                                       int limit) {
  return Guard("reading check-ins due", [&] {
    int w = week, n = limit;
    std::string until = before;
    return SelectRequests(tx_,
                          "WHERE r.status IN ('introduced', 'active') AND r.introduced_at < :b "
                          "AND NOT EXISTS (SELECT 1 FROM peer_checkins c WHERE c.request_id = "
                          "r.id AND c.week = :w) ORDER BY r.id LIMIT :n",
                          soci::use(until), soci::use(w), soci::use(n));
  });
}

void PeerRepository::LogAccess(const PeerAccessEntry& a) {
  Guard("recording an access", [&] {
    long long program = a.program_id, viewer = a.viewer_user_id.value_or(0),
              subject = a.subject_enrollment_id.value_or(0), request = a.request_id.value_or(0);
    soci::indicator viewer_ind = a.viewer_user_id ? soci::i_ok : soci::i_null;
    soci::indicator subject_ind = a.subject_enrollment_id ? soci::i_ok : soci::i_null;
    soci::indicator request_ind = a.request_id ? soci::i_ok : soci::i_null;
    const std::string now = tx_.now_text();
    std::string label = a.viewer, what = a.what;
    Reuse(tx_,
          "INSERT INTO peer_access_log (program_id, viewer_user_id, viewer, "
          "subject_enrollment_id, request_id, what, viewed_at) VALUES (:p, :v, :vl, :s, :r, :w, "
          ":t)",
          soci::use(program), soci::use(viewer, viewer_ind), soci::use(label),
          soci::use(subject, subject_ind), soci::use(request, request_ind), soci::use(what),
          soci::use(now))
        .execute(true);
  });
}

std::vector<PeerAccessEntry> PeerRepository::ListAccess(std::optional<std::int64_t> program_id,
                                                        int limit) {
  return Guard(
      "reading the access log", [&] {
        long long program = program_id.value_or(0), id = 0, prog = 0, viewer = 0, subject = 0,
                  request = 0;
        int n = limit;
        std::string viewer_label, viewer_name, subject_name, what, at;
        soci::indicator viewer_ind{}, subject_ind{}, request_ind{}, name_ind{}, viewer_name_ind{};
        soci::statement st =
            (SessionOf(tx_).prepare
                 << "SELECT a.id, a.program_id, a.viewer_user_id, a.viewer, vu.name, "
                    "a.subject_enrollment_id, u.name, a.request_id, a.what, a.viewed_at FROM "
                    "peer_access_log a LEFT JOIN users vu ON vu.id = a.viewer_user_id "
                    "LEFT JOIN enrollments e ON e.id = a.subject_enrollment_id "
                    "LEFT JOIN users u ON u.id = e.user_id "
                    "WHERE (:p = 0 OR a.program_id = :p2) ORDER BY a.id DESC LIMIT :n",
             soci::use(program), soci::use(program), soci::use(n), soci::into(id), soci::into(prog),
             soci::into(viewer, viewer_ind), soci::into(viewer_label),
             soci::into(viewer_name, viewer_name_ind), soci::into(subject, subject_ind),
             soci::into(subject_name, name_ind), soci::into(request, request_ind), soci::into(what),
             soci::into(at));
        st.execute();
        std::vector<PeerAccessEntry> out;
        while (st.fetch()) {
          PeerAccessEntry a;
          a.id = id;
          a.program_id = prog;
          if (viewer_ind == soci::i_ok) a.viewer_user_id = viewer;
          a.viewer = viewer_label;
          a.viewer_name = Opt(viewer_name, viewer_name_ind);
          if (subject_ind == soci::i_ok) a.subject_enrollment_id = subject;
          a.subject_name = Opt(subject_name, name_ind);
          if (request_ind == soci::i_ok) a.request_id = request;
          a.what = what;
          a.viewed_at = at;
          out.push_back(std::move(a));
        }
        return out;
      });
}

int PeerRepository::CountAttempts(const std::string& address, const std::string& email,
                                  const std::string& since) {
  return Guard("counting form submissions", [&] {
    std::string a = address, e = email, s = since;
    int n = 0;
    SessionOf(tx_) << "SELECT COUNT(*) FROM peer_request_attempts WHERE (address = :a OR "
                      "email = :e) AND created_at >= :s",
        soci::use(a), soci::use(e), soci::use(s), soci::into(n);
    return n;
  });
}

void PeerRepository::AddAttempt(const std::string& address, const std::string& email) {
  Guard("recording a form submission", [&] {
    std::string a = address, e = email;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO peer_request_attempts (address, email, created_at) VALUES "
                      "(:a, :e, :t)",
        soci::use(a), soci::use(e), soci::use(now);
  });
}

}  // namespace tandem::store
