#include "store/mentor_request_repository.h"

#include "store/internal.h"

namespace tandem::store {
namespace {

constexpr const char* kColumns =
    "SELECT r.id, r.program_id, r.mentee_enrollment_id, r.mentor_enrollment_id, e.external_id, "
    "m.external_id, eu.name, mu.name, r.note, r.status, r.reason, r.message, r.created_at, "
    "r.answer_by, r.answered_at, r.pair_id FROM mentor_requests r "
    "JOIN enrollments e ON e.id = r.mentee_enrollment_id "
    "JOIN enrollments m ON m.id = r.mentor_enrollment_id "
    "JOIN users eu ON eu.id = e.user_id JOIN users mu ON mu.id = m.user_id ";

// The bound row of kColumns.
struct Row {
  long long id = 0, program = 0, mentee = 0, mentor = 0, pair = 0;
  std::string mentee_id, mentor_id, mentee_name, mentor_name, note, status, reason, message,
      created_at, answer_by, answered_at;
  soci::indicator answered_ind{}, pair_ind{};

  template <typename Statement>
  void Bind(Statement& st) {
    st.exchange(soci::into(id));
    st.exchange(soci::into(program));
    st.exchange(soci::into(mentee));
    st.exchange(soci::into(mentor));
    st.exchange(soci::into(mentee_id));
    st.exchange(soci::into(mentor_id));
    st.exchange(soci::into(mentee_name));
    st.exchange(soci::into(mentor_name));
    st.exchange(soci::into(note));
    st.exchange(soci::into(status));
    st.exchange(soci::into(reason));
    st.exchange(soci::into(message));
    st.exchange(soci::into(created_at));
    st.exchange(soci::into(answer_by));
    st.exchange(soci::into(answered_at, answered_ind));
    st.exchange(soci::into(pair, pair_ind));
  }

  MentorRequest ToRequest() const {
    MentorRequest r;
    r.id = id;
    r.program_id = program;
    r.mentee_enrollment_id = mentee;
    r.mentor_enrollment_id = mentor;
    r.mentee = mentee_id;
    r.mentor = mentor_id;
    r.mentee_name = mentee_name;
    r.mentor_name = mentor_name;
    r.note = note;
    r.status = ParseRequestStatus(status).value_or(RequestStatus::kPending);
    r.reason = reason;
    r.message = message;
    r.created_at = created_at;
    r.answer_by = answer_by;
    r.answered_at = answered_ind == soci::i_ok ? answered_at : "";
    if (pair_ind == soci::i_ok) r.pair_id = pair;
    return r;
  }
};

// Runs kColumns + `where` with `uses` bound (in order) and collects the rows.
template <typename... Uses>
std::vector<MentorRequest> Select(Transaction& tx, const std::string& where, Uses&&... uses) {
  Row row;
  soci::statement st(SessionOf(tx));
  st.alloc();
  st.prepare(kColumns + where);
  (st.exchange(std::forward<Uses>(uses)), ...);
  row.Bind(st);
  st.define_and_bind();
  st.execute();
  std::vector<MentorRequest> out;
  while (st.fetch()) out.push_back(row.ToRequest());
  return out;
}

}  // namespace

ChoiceSettings MentorRequestRepository::LoadSettings(std::int64_t program_id) {
  return Guard("reading the matching mode", [&] {
    long long key = program_id;
    ChoiceSettings s;
    std::string mode, opens, closes;
    soci::indicator mode_ind{}, opens_ind{}, closes_ind{};
    SessionOf(tx_) << "SELECT mode, shortlist_size, max_open_requests, answer_days, opens_on, "
                      "closes_on FROM program_choice WHERE program_id = :p",
        soci::use(key), soci::into(mode, mode_ind), soci::into(s.shortlist_size),
        soci::into(s.max_open_requests), soci::into(s.answer_days), soci::into(opens, opens_ind),
        soci::into(closes, closes_ind);
    if (!SessionOf(tx_).got_data() || mode_ind != soci::i_ok) return ChoiceSettings{};
    s.mode = ParseMatchingMode(mode).value_or(MatchingMode::kCoordinator);
    s.opens_on = opens_ind == soci::i_ok ? opens : "";
    s.closes_on = closes_ind == soci::i_ok ? closes : "";
    return s;
  });
}

void MentorRequestRepository::SaveSettings(std::int64_t program_id, const ChoiceSettings& s) {
  Guard("saving the matching mode", [&] {
    long long key = program_id;
    std::string mode(MatchingModeName(s.mode));
    std::string opens = s.opens_on, closes = s.closes_on;
    soci::indicator opens_ind = opens.empty() ? soci::i_null : soci::i_ok;
    soci::indicator closes_ind = closes.empty() ? soci::i_null : soci::i_ok;
    int size = s.shortlist_size, requests = s.max_open_requests, days = s.answer_days;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "DELETE FROM program_choice WHERE program_id = :p", soci::use(key);
    SessionOf(tx_) << "INSERT INTO program_choice (program_id, mode, shortlist_size, "
                      "max_open_requests, answer_days, opens_on, closes_on, updated_at) "
                      "VALUES (:p, :m, :s, :r, :d, :o, :c, :u)",
        soci::use(key), soci::use(mode), soci::use(size), soci::use(requests), soci::use(days),
        soci::use(opens, opens_ind), soci::use(closes, closes_ind), soci::use(now);
  });
}

std::int64_t MentorRequestRepository::Insert(const MentorRequest& r) {
  return Guard("saving the request", [&] {
    long long program = r.program_id, mentee = r.mentee_enrollment_id,
              mentor = r.mentor_enrollment_id, id = 0;
    std::string status(RequestStatusName(r.status));
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO mentor_requests (program_id, mentee_enrollment_id, "
                      "mentor_enrollment_id, note, status, reason, message, created_at, "
                      "answer_by) VALUES (:p, :e, :m, :n, :s, :r, :g, :c, :a) RETURNING id",
        soci::use(program), soci::use(mentee), soci::use(mentor), soci::use(r.note),
        soci::use(status), soci::use(r.reason), soci::use(r.message), soci::use(now),
        soci::use(r.answer_by), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void MentorRequestRepository::Update(const MentorRequest& r) {
  Guard("saving the request", [&] {
    long long id = r.id, pair = r.pair_id.value_or(0);
    std::string status(RequestStatusName(r.status));
    std::string answered = r.answered_at;
    soci::indicator answered_ind = answered.empty() ? soci::i_null : soci::i_ok;
    soci::indicator pair_ind = r.pair_id ? soci::i_ok : soci::i_null;
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE mentor_requests SET status = :s, reason = :r, "
                                   "message = :m, answered_at = :a, pair_id = :p WHERE id = :id",
         soci::use(status), soci::use(r.reason), soci::use(r.message),
         soci::use(answered, answered_ind), soci::use(pair, pair_ind), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("request " + std::to_string(r.id) + " does not exist");
    }
  });
}

std::optional<MentorRequest> MentorRequestRepository::Find(std::int64_t id, RowLock lock) {
  return Guard("reading the request", [&] {
    long long key = id;
    const std::string where = "WHERE r.id = :id" + ForUpdateOf(SessionOf(tx_), "r", lock);
    std::vector<MentorRequest> rows = Select(tx_, where, soci::use(key));
    return rows.empty() ? std::nullopt : std::optional<MentorRequest>(std::move(rows.front()));
  });
}

std::vector<MentorRequest> MentorRequestRepository::List(std::int64_t program_id,
                                                         const RequestFilter& f) {
  return Guard("listing requests", [&] {
    long long program = program_id;
    long long mentee = f.mentee_enrollment_id.value_or(0);
    long long mentor = f.mentor_enrollment_id.value_or(0);
    std::string status = f.status ? std::string(RequestStatusName(*f.status)) : "";
    return Select(tx_,
                  "WHERE r.program_id = :p AND (:e = 0 OR r.mentee_enrollment_id = :e2) AND "
                  "(:m = 0 OR r.mentor_enrollment_id = :m2) AND (:s = '' OR r.status = :s2) "
                  "ORDER BY r.id",
                  soci::use(program), soci::use(mentee), soci::use(mentee), soci::use(mentor),
                  soci::use(mentor), soci::use(status), soci::use(status));
  });
}

std::vector<MentorRequest> MentorRequestRepository::ListOverdue(const std::string& now_text,
                                                                int limit) {
  return Guard("listing overdue requests", [&] {
    std::string now = now_text;
    int n = limit;
    return Select(tx_, "WHERE r.status = 'pending' AND r.answer_by < :now ORDER BY r.id LIMIT :n",
                  soci::use(now), soci::use(n));
  });
}

}  // namespace tandem::store
