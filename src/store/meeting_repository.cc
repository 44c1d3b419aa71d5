#include "store/meeting_repository.h"

#include <nlohmann/json.hpp>

#include "store/internal.h"

namespace tandem::store {
namespace {

constexpr const char* kMeetingColumns =
    "SELECT m.id, m.pair_id, m.program_id, m.uid, m.sequence, m.starts_at, m.minutes, m.mode, "
    "m.location, m.agenda, m.status, m.mentor_answer, m.mentee_answer, m.proposed_by, m.note, "
    "m.created_at, m.updated_at FROM meetings m ";

std::vector<Meeting> SelectMeetings(Transaction& tx, const std::string& where, long long key,
                                    RowLock lock = RowLock::kNone) {
  soci::session& s = SessionOf(tx);
  Meeting m;
  long long id = 0, pair = 0, program = 0, proposed_by = 0;
  std::string mode, status, mentor_answer, mentee_answer;
  soci::indicator proposed_ind{};
  std::string sql = kMeetingColumns + where;
  sql += ForUpdateOf(s, "m", lock);
  soci::statement st =
      (s.prepare << sql, soci::use(key), soci::into(id), soci::into(pair), soci::into(program),
       soci::into(m.uid), soci::into(m.sequence), soci::into(m.starts_at), soci::into(m.minutes),
       soci::into(mode), soci::into(m.location), soci::into(m.agenda), soci::into(status),
       soci::into(mentor_answer), soci::into(mentee_answer), soci::into(proposed_by, proposed_ind),
       soci::into(m.note), soci::into(m.created_at), soci::into(m.updated_at));
  st.execute();
  std::vector<Meeting> out;
  while (st.fetch()) {
    Meeting row = m;
    row.id = id;
    row.pair_id = pair;
    row.program_id = program;
    row.mode = ParseMeetingFormat(mode).value_or(MeetingFormat::kVideo);
    row.status = ParseMeetingStatus(status).value_or(MeetingStatus::kProposed);
    row.mentor_answer = ParseMeetingAnswer(mentor_answer).value_or(MeetingAnswer::kNeedsAction);
    row.mentee_answer = ParseMeetingAnswer(mentee_answer).value_or(MeetingAnswer::kNeedsAction);
    row.proposed_by =
        proposed_ind == soci::i_ok ? std::optional<std::int64_t>(proposed_by) : std::nullopt;
    out.push_back(std::move(row));
  }
  return out;
}

constexpr const char* kLogColumns =
    "SELECT l.id, l.pair_id, l.meeting_id, l.author_enrollment_id, l.met_at, l.held, "
    "l.not_held_reason, l.minutes, l.topics, l.shared_notes, l.private_notes, l.created_at, "
    "l.updated_at FROM meeting_logs l ";

std::vector<MeetingLog> SelectLogs(Transaction& tx, const std::string& where, long long key) {
  MeetingLog l;
  long long id = 0, pair = 0, meeting = 0, author = 0;
  int held = 0, minutes = 0;
  std::string reason, topics;
  soci::indicator meeting_ind{}, reason_ind{}, minutes_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << kLogColumns + where, soci::use(key), soci::into(id),
       soci::into(pair), soci::into(meeting, meeting_ind), soci::into(author), soci::into(l.met_at),
       soci::into(held), soci::into(reason, reason_ind), soci::into(minutes, minutes_ind),
       soci::into(topics), soci::into(l.shared_notes), soci::into(l.private_notes),
       soci::into(l.created_at), soci::into(l.updated_at));
  st.execute();
  std::vector<MeetingLog> out;
  while (st.fetch()) {
    MeetingLog row = l;
    row.id = id;
    row.pair_id = pair;
    row.meeting_id =
        meeting_ind == soci::i_ok ? std::optional<std::int64_t>(meeting) : std::nullopt;
    row.author_enrollment_id = author;
    row.held = held != 0;
    row.not_held_reason = reason_ind == soci::i_ok ? reason : "";
    row.minutes = minutes_ind == soci::i_ok ? std::optional<int>(minutes) : std::nullopt;
    row.topics.clear();
    const auto parsed = nlohmann::json::parse(topics, nullptr, false);
    if (parsed.is_array()) {
      for (const auto& t : parsed) {
        if (t.is_string()) row.topics.push_back(t.get<std::string>());
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::int64_t MeetingRepository::Insert(const Meeting& meeting) {
  return Guard("saving meeting", [&] {
    Meeting m = meeting;
    const std::string now = tx_.now_text();
    long long pair = m.pair_id, program = m.program_id, proposed_by = m.proposed_by.value_or(0);
    soci::indicator proposed_ind = m.proposed_by ? soci::i_ok : soci::i_null;
    std::string mode(MeetingFormatName(m.mode)), status(MeetingStatusName(m.status)),
        mentor(MeetingAnswerName(m.mentor_answer)), mentee(MeetingAnswerName(m.mentee_answer));
    long long id = 0;
    SessionOf(tx_) << "INSERT INTO meetings (pair_id, program_id, uid, sequence, starts_at, "
                      "minutes, mode, location, agenda, status, mentor_answer, mentee_answer, "
                      "proposed_by, note, created_at, updated_at) VALUES (:pr, :pg, :u, :sq, :s, "
                      ":mi, :mo, :l, :a, :st, :ma, :me, :pb, :n, :c, :up) RETURNING id",
        soci::use(pair), soci::use(program), soci::use(m.uid), soci::use(m.sequence),
        soci::use(m.starts_at), soci::use(m.minutes), soci::use(mode), soci::use(m.location),
        soci::use(m.agenda), soci::use(status), soci::use(mentor), soci::use(mentee),
        soci::use(proposed_by, proposed_ind), soci::use(m.note), soci::use(now), soci::use(now),
        soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void MeetingRepository::Update(const Meeting& meeting) {
  Guard("saving meeting", [&] {
    Meeting m = meeting;
    const std::string now = tx_.now_text();
    long long id = m.id, proposed_by = m.proposed_by.value_or(0);
    soci::indicator proposed_ind = m.proposed_by ? soci::i_ok : soci::i_null;
    std::string mode(MeetingFormatName(m.mode)), status(MeetingStatusName(m.status)),
        mentor(MeetingAnswerName(m.mentor_answer)), mentee(MeetingAnswerName(m.mentee_answer));
    soci::statement st =
        (SessionOf(tx_).prepare
             << "UPDATE meetings SET sequence = :sq, starts_at = :s, minutes = :mi, mode = :mo, "
                "location = :l, agenda = :a, status = :st, mentor_answer = :ma, "
                "mentee_answer = :me, proposed_by = :pb, note = :n, updated_at = :up "
                "WHERE id = :id",
         soci::use(m.sequence), soci::use(m.starts_at), soci::use(m.minutes), soci::use(mode),
         soci::use(m.location), soci::use(m.agenda), soci::use(status), soci::use(mentor),
         soci::use(mentee), soci::use(proposed_by, proposed_ind), soci::use(m.note), soci::use(now),
         soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("meeting " + std::to_string(m.id) + " does not exist");
    }
  });
}

std::optional<Meeting> MeetingRepository::Find(std::int64_t id, RowLock lock) {
  return Guard("reading meeting", [&]() -> std::optional<Meeting> {
    auto found = SelectMeetings(tx_, "WHERE m.id = :k", id, lock);
    if (found.empty()) return std::nullopt;
    return found.front();
  });
}

std::vector<Meeting> MeetingRepository::ListByPair(std::int64_t pair_id) {
  return Guard("reading meetings", [&] {
    return SelectMeetings(tx_, "WHERE m.pair_id = :k ORDER BY m.starts_at, m.id", pair_id);
  });
}

std::vector<Meeting> MeetingRepository::ListByProgram(std::int64_t program_id) {
  return Guard("reading meetings", [&] {
    return SelectMeetings(tx_, "WHERE m.program_id = :k ORDER BY m.starts_at, m.id", program_id);
  });
}

std::vector<Meeting> MeetingRepository::ListByUser(std::int64_t user_id) {
  return Guard("reading meetings", [&] {
    return SelectMeetings(
        tx_,
        "JOIN pairs p ON p.id = m.pair_id "
        "JOIN enrollments e ON e.id IN (p.mentor_enrollment_id, p.mentee_enrollment_id) "
        "WHERE e.user_id = :k ORDER BY m.starts_at, m.id",
        user_id);
  });
}

namespace {

// Sets `column` to `sequence` unless it holds it already; true when set now.
bool MarkOnce(Transaction& tx, const char* column, std::int64_t meeting_id, int sequence) {
  return Guard("saving meeting", [&] {
    long long id = meeting_id;
    int seq = sequence;
    soci::statement st = (SessionOf(tx).prepare << std::string("UPDATE meetings SET ") + column +
                                                       " = :s WHERE id = :id AND (" + column +
                                                       " IS NULL OR " + column + " <> :s2)",
                          soci::use(seq), soci::use(id), soci::use(seq));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

}  // namespace

bool MeetingRepository::MarkReminded(std::int64_t meeting_id, int sequence) {
  return MarkOnce(tx_, "reminded_sequence", meeting_id, sequence);
}

bool MeetingRepository::MarkLogPrompted(std::int64_t meeting_id, int sequence) {
  return MarkOnce(tx_, "log_prompted_sequence", meeting_id, sequence);
}

bool MeetingRepository::MarkNudged(std::int64_t pair_id, const std::string& kind,
                                   const std::string& since) {
  return Guard("saving nudge", [&] {
    long long pair = pair_id;
    std::string k = kind, s = since, now = tx_.now_text();
    soci::statement st =
        (SessionOf(tx_).prepare << "INSERT INTO pair_nudges (pair_id, kind, since, created_at) "
                                   "VALUES (:p, :k, :s, :t) ON CONFLICT DO NOTHING",
         soci::use(pair), soci::use(k), soci::use(s), soci::use(now));
    st.execute(true);
    return st.get_affected_rows() == 1;
  });
}

std::int64_t MeetingRepository::InsertLog(const MeetingLog& log) {
  return Guard("saving meeting log", [&] {
    MeetingLog l = log;
    const std::string now = tx_.now_text();
    long long pair = l.pair_id, meeting = l.meeting_id.value_or(0), author = l.author_enrollment_id;
    soci::indicator meeting_ind = l.meeting_id ? soci::i_ok : soci::i_null;
    int held = l.held ? 1 : 0, minutes = l.minutes.value_or(0);
    soci::indicator minutes_ind = l.minutes ? soci::i_ok : soci::i_null;
    std::string reason = l.not_held_reason;
    soci::indicator reason_ind = reason.empty() ? soci::i_null : soci::i_ok;
    std::string topics = nlohmann::json(l.topics).dump();
    long long id = 0;
    SessionOf(tx_) << "INSERT INTO meeting_logs (pair_id, meeting_id, author_enrollment_id, "
                      "met_at, held, not_held_reason, minutes, topics, shared_notes, "
                      "private_notes, created_at, updated_at) VALUES (:p, :m, :a, :at, :h, :r, "
                      ":mi, :t, :sn, :pn, :c, :u) RETURNING id",
        soci::use(pair), soci::use(meeting, meeting_ind), soci::use(author), soci::use(l.met_at),
        soci::use(held), soci::use(reason, reason_ind), soci::use(minutes, minutes_ind),
        soci::use(topics), soci::use(l.shared_notes), soci::use(l.private_notes), soci::use(now),
        soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::vector<MeetingLog> MeetingRepository::ListLogsByPair(std::int64_t pair_id) {
  return Guard("reading meeting logs", [&] {
    return SelectLogs(tx_, "WHERE l.pair_id = :k ORDER BY l.met_at, l.id", pair_id);
  });
}

std::vector<MeetingLog> MeetingRepository::ListLogsByProgram(std::int64_t program_id) {
  return Guard("reading meeting logs", [&] {
    return SelectLogs(tx_,
                      "JOIN pairs p ON p.id = l.pair_id WHERE p.program_id = :k "
                      "ORDER BY l.met_at, l.id",
                      program_id);
  });
}

}  // namespace tandem::store
