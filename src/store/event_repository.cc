#include "store/event_repository.h"

#include <nlohmann/json.hpp>

#include "store/internal.h"

namespace tandem::store {
namespace {

constexpr const char* kColumns =
    "SELECT e.id, e.program_id, e.kind, e.title, e.starts_at, e.minutes, e.location, "
    "e.description, e.audience, e.required, e.recording_url, e.materials, e.uid, e.sequence, "
    "e.cancelled, "
    "e.created_at, e.updated_at FROM program_events e ";

std::vector<ProgramEvent> Select(Transaction& tx, const std::string& where, long long key,
                                 RowLock lock = RowLock::kNone) {
  soci::session& s = SessionOf(tx);
  ProgramEvent e;
  long long id = 0, program = 0;
  int required = 0, cancelled = 0;
  std::string materials;
  std::string sql = kColumns + where;
  sql += ForUpdateOf(s, "e", lock);
  soci::statement st = (s.prepare << sql, soci::use(key), soci::into(id), soci::into(program),
                        soci::into(e.kind), soci::into(e.title), soci::into(e.starts_at),
                        soci::into(e.minutes), soci::into(e.location), soci::into(e.description),
                        soci::into(e.audience), soci::into(required), soci::into(e.recording_url),
                        soci::into(materials), soci::into(e.uid), soci::into(e.sequence),
                        soci::into(cancelled), soci::into(e.created_at), soci::into(e.updated_at));
  st.execute();
  std::vector<ProgramEvent> out;
  while (st.fetch()) {
    ProgramEvent row = e;
    row.id = id;
    row.program_id = program;
    row.required = required != 0;
    row.cancelled = cancelled != 0;
    row.materials.clear();
    const auto parsed = nlohmann::json::parse(materials, nullptr, false);
    if (parsed.is_array()) {
      for (const auto& id : parsed) {
        if (id.is_number_integer()) row.materials.push_back(id.get<std::int64_t>());
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::int64_t EventRepository::Insert(const ProgramEvent& event) {
  return Guard("saving event", [&] {
    ProgramEvent e = event;
    long long program = e.program_id, id = 0;
    int required = e.required ? 1 : 0, cancelled = e.cancelled ? 1 : 0;
    std::string materials = nlohmann::json(e.materials).dump();
    const std::string now = tx_.now_text();
    SessionOf(tx_)
        << "INSERT INTO program_events (program_id, kind, title, starts_at, minutes, "
           "location, description, audience, required, recording_url, materials, uid, sequence, "
           "cancelled, created_at, updated_at) VALUES (:p, :k, :t, :s, :m, :l, :d, "
           ":a, :r, :rec, :mat, :u, :sq, :c, :ca, :ua) RETURNING id",
        soci::use(program), soci::use(e.kind), soci::use(e.title), soci::use(e.starts_at),
        soci::use(e.minutes), soci::use(e.location), soci::use(e.description),
        soci::use(e.audience), soci::use(required), soci::use(e.recording_url),
        soci::use(materials), soci::use(e.uid), soci::use(e.sequence), soci::use(cancelled),
        soci::use(now), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void EventRepository::Update(const ProgramEvent& event) {
  Guard("saving event", [&] {
    ProgramEvent e = event;
    long long id = e.id;
    int required = e.required ? 1 : 0, cancelled = e.cancelled ? 1 : 0;
    std::string materials = nlohmann::json(e.materials).dump();
    const std::string now = tx_.now_text();
    soci::statement st =
        (SessionOf(tx_).prepare
             << "UPDATE program_events SET kind = :k, title = :t, starts_at = :s, minutes = :m, "
                "location = :l, description = :d, audience = :a, required = :r, "
                "recording_url = :rec, materials = :mat, sequence = :sq, cancelled = :c, "
                "updated_at = :u "
                "WHERE id = :id",
         soci::use(e.kind), soci::use(e.title), soci::use(e.starts_at), soci::use(e.minutes),
         soci::use(e.location), soci::use(e.description), soci::use(e.audience),
         soci::use(required), soci::use(e.recording_url), soci::use(materials),
         soci::use(e.sequence), soci::use(cancelled), soci::use(now), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0)
      throw NotFound("event " + std::to_string(e.id) + " does not exist");
  });
}

std::optional<ProgramEvent> EventRepository::Find(std::int64_t id, RowLock lock) {
  return Guard("reading event", [&]() -> std::optional<ProgramEvent> {
    auto rows = Select(tx_, "WHERE e.id = :k", id, lock);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

std::vector<ProgramEvent> EventRepository::ListByProgram(std::int64_t program_id) {
  return Guard("reading events", [&] {
    return Select(tx_, "WHERE e.program_id = :k ORDER BY e.starts_at, e.id", program_id);
  });
}

std::vector<EventAttendance> EventRepository::Attendance(std::int64_t event_id) {
  return Guard("reading attendance", [&] {
    long long key = event_id, enrollment = 0;
    EventAttendance a;
    int attended = 0, minutes = 0;
    soci::indicator attended_ind{}, minutes_ind{};
    soci::statement st =
        (SessionOf(tx_).prepare << "SELECT enrollment_id, rsvp, attended, minutes FROM "
                                   "event_attendance WHERE event_id = :e ORDER BY enrollment_id",
         soci::use(key), soci::into(enrollment), soci::into(a.rsvp),
         soci::into(attended, attended_ind), soci::into(minutes, minutes_ind));
    st.execute();
    std::vector<EventAttendance> out;
    while (st.fetch()) {
      EventAttendance row = a;
      row.event_id = event_id;
      row.enrollment_id = enrollment;
      row.attended = attended_ind == soci::i_ok ? std::optional<bool>(attended != 0) : std::nullopt;
      row.minutes = minutes_ind == soci::i_ok ? std::optional<int>(minutes) : std::nullopt;
      out.push_back(std::move(row));
    }
    return out;
  });
}

void EventRepository::Save(const EventAttendance& row) {
  Guard("saving attendance", [&] {
    EventAttendance a = row;
    long long event = a.event_id, enrollment = a.enrollment_id;
    int attended = a.attended.value_or(false) ? 1 : 0, minutes = a.minutes.value_or(0);
    soci::indicator attended_ind = a.attended ? soci::i_ok : soci::i_null;
    soci::indicator minutes_ind = a.minutes ? soci::i_ok : soci::i_null;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "DELETE FROM event_attendance WHERE event_id = :e AND enrollment_id = :n",
        soci::use(event), soci::use(enrollment);
    SessionOf(tx_) << "INSERT INTO event_attendance (event_id, enrollment_id, rsvp, attended, "
                      "minutes, updated_at) VALUES (:e, :n, :r, :a, :m, :u)",
        soci::use(event), soci::use(enrollment), soci::use(a.rsvp),
        soci::use(attended, attended_ind), soci::use(minutes, minutes_ind), soci::use(now);
  });
}

}  // namespace tandem::store
