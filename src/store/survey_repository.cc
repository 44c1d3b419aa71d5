#include "store/survey_repository.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/internal.h"

namespace tandem::store {
namespace {

using nlohmann::json;

std::string ItemsText(const std::vector<SurveyItem>& items) {
  json out = json::array();
  for (const SurveyItem& i : items) {
    json rows = json::array();
    for (const MatrixRow& r : i.rows) rows.push_back({{"code", r.code}, {"text", r.text}});
    json j{{"code", i.code},
           {"kind", i.kind},
           {"text", i.text},
           {"help", i.help},
           {"section", i.section},
           {"required", i.required},
           {"points", i.points},
           {"labels", i.labels},
           {"allow_na", i.allow_na},
           {"options", i.options},
           {"rows", rows},
           {"show_if_code", i.show_if_code},
           {"show_if_value", i.show_if_value}};
    if (i.min) j["min"] = *i.min;
    if (i.max) j["max"] = *i.max;
    out.push_back(std::move(j));
  }
  return out.dump();
}

std::vector<SurveyItem> ItemsOf(const std::string& text) {
  std::vector<SurveyItem> out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_array()) return out;
  for (const json& e : j) {
    if (!e.is_object()) continue;
    SurveyItem i;
    i.code = e.value("code", "");
    i.kind = e.value("kind", "");
    i.text = e.value("text", "");
    i.help = e.value("help", "");
    i.section = e.value("section", "");
    i.required = e.value("required", false);
    i.points = e.value("points", 5);
    i.labels = e.value("labels", std::vector<std::string>{});
    i.allow_na = e.value("allow_na", false);
    i.options = e.value("options", std::vector<std::string>{});
    for (const json& r : e.value("rows", json::array())) {
      i.rows.push_back({r.value("code", ""), r.value("text", "")});
    }
    if (e.contains("min") && e["min"].is_number()) i.min = e["min"].get<double>();
    if (e.contains("max") && e["max"].is_number()) i.max = e["max"].get<double>();
    i.show_if_code = e.value("show_if_code", "");
    i.show_if_value = e.value("show_if_value", "");
    out.push_back(std::move(i));
  }
  return out;
}

std::string AnswersText(const SurveyAnswers& answers) { return json(answers).dump(); }

SurveyAnswers AnswersOf(const std::string& text) {
  SurveyAnswers out;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return out;
  for (const auto& [k, v] : j.items()) {
    if (v.is_string()) out[k] = v.get<std::string>();
  }
  return out;
}

template <typename T>
std::optional<T> First(std::vector<T> rows) {
  if (rows.empty()) return std::nullopt;
  return std::move(rows.front());
}

std::optional<std::int64_t> OptionalId(long long v, soci::indicator ind) {
  return ind == soci::i_ok ? std::optional<std::int64_t>(v) : std::nullopt;
}

std::vector<Survey> SelectSurveys(Transaction& tx, const std::string& where, long long key) {
  Survey s;
  long long id = 0, program = 0, series = 0, by = 0;
  std::string items;
  soci::indicator series_ind{}, by_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << "SELECT id, program_id, series_id, version, title, intro, "
                                "anonymity, items, created_by, created_at FROM surveys " +
                                    where,
       soci::use(key), soci::into(id), soci::into(program), soci::into(series, series_ind),
       soci::into(s.version), soci::into(s.title), soci::into(s.intro), soci::into(s.anonymity),
       soci::into(items), soci::into(by, by_ind), soci::into(s.created_at));
  st.execute();
  std::vector<Survey> out;
  while (st.fetch()) {
    Survey row = s;
    row.id = id;
    row.program_id = program;
    row.series_id = series_ind == soci::i_ok ? series : id;
    row.items = ItemsOf(items);
    row.created_by = by_ind == soci::i_ok ? by : 0;
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<SurveyWave> SelectWaves(Transaction& tx, const std::string& where, long long key) {
  SurveyWave w;
  long long id = 0, program = 0, series = 0;
  std::string reminders;
  soci::indicator opens_ind{};
  soci::statement st =
      (SessionOf(tx).prepare
           << "SELECT id, program_id, series_id, title, audience, pair_status, timing, opens_on, "
              "offset_days, every_days, length_days, reminder_days, status, created_at, "
              "updated_at FROM survey_waves " +
                  where,
       soci::use(key), soci::into(id), soci::into(program), soci::into(series), soci::into(w.title),
       soci::into(w.audience), soci::into(w.pair_status), soci::into(w.timing),
       soci::into(w.opens_on, opens_ind), soci::into(w.offset_days), soci::into(w.every_days),
       soci::into(w.length_days), soci::into(reminders), soci::into(w.status),
       soci::into(w.created_at), soci::into(w.updated_at));
  st.execute();
  std::vector<SurveyWave> out;
  while (st.fetch()) {
    SurveyWave row = w;
    row.id = id;
    row.program_id = program;
    row.series_id = series;
    if (opens_ind != soci::i_ok) row.opens_on.clear();
    const json r = json::parse(reminders, nullptr, false);
    row.reminder_days.clear();
    if (r.is_array()) {
      for (const json& d : r) {
        if (d.is_number_integer()) row.reminder_days.push_back(d.get<int>());
      }
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<SurveyInvitation> SelectInvitations(Transaction& tx, const std::string& where,
                                                long long key) {
  SurveyInvitation v;
  long long id = 0, wave = 0, program = 0, enrollment = 0, pair = 0;
  soci::indicator pair_ind{}, answered_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << "SELECT id, wave_id, program_id, enrollment_id, pair_id, cycle, "
                                "opens_at, closes_at, reminders_sent, answered_at FROM "
                                "survey_invitations " +
                                    where,
       soci::use(key), soci::into(id), soci::into(wave), soci::into(program),
       soci::into(enrollment), soci::into(pair, pair_ind), soci::into(v.cycle),
       soci::into(v.opens_at), soci::into(v.closes_at), soci::into(v.reminders_sent),
       soci::into(v.answered_at, answered_ind));
  st.execute();
  std::vector<SurveyInvitation> out;
  while (st.fetch()) {
    SurveyInvitation row = v;
    row.id = id;
    row.wave_id = wave;
    row.program_id = program;
    row.enrollment_id = enrollment;
    row.pair_id = OptionalId(pair, pair_ind);
    if (answered_ind != soci::i_ok) row.answered_at.clear();
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<SurveyResponse> SelectResponses(Transaction& tx, const std::string& where,
                                            long long key) {
  SurveyResponse r;
  long long id = 0, program = 0, survey = 0, wave = 0, invitation = 0, enrollment = 0, pair = 0;
  std::string answers;
  soci::indicator wave_ind{}, invitation_ind{}, enrollment_ind{}, pair_ind{}, submitted_ind{};
  soci::statement st =
      (SessionOf(tx).prepare
           << "SELECT r.id, r.program_id, r.survey_id, r.wave_id, r.invitation_id, "
              "r.enrollment_id, r.pair_id, r.answers, r.status, r.source, r.created_at, "
              "r.updated_at, r.submitted_at FROM survey_responses r " +
                  where,
       soci::use(key), soci::into(id), soci::into(program), soci::into(survey),
       soci::into(wave, wave_ind), soci::into(invitation, invitation_ind),
       soci::into(enrollment, enrollment_ind), soci::into(pair, pair_ind), soci::into(answers),
       soci::into(r.status), soci::into(r.source), soci::into(r.created_at),
       soci::into(r.updated_at), soci::into(r.submitted_at, submitted_ind));
  st.execute();
  std::vector<SurveyResponse> out;
  while (st.fetch()) {
    SurveyResponse row = r;
    row.id = id;
    row.program_id = program;
    row.survey_id = survey;
    row.wave_id = OptionalId(wave, wave_ind);
    row.invitation_id = OptionalId(invitation, invitation_ind);
    row.enrollment_id = OptionalId(enrollment, enrollment_ind);
    row.pair_id = OptionalId(pair, pair_ind);
    row.answers = AnswersOf(answers);
    if (submitted_ind != soci::i_ok) row.submitted_at.clear();
    out.push_back(std::move(row));
  }
  return out;
}

void RequireAffected(soci::statement& st, const std::string& what) {
  if (st.get_affected_rows() == 0) throw NotFound(what + " does not exist");
}

}  // namespace

std::int64_t SurveyRepository::InsertSurvey(const Survey& survey) {
  return Guard("saving survey", [&] {
    Survey s = survey;
    long long program = s.program_id, series = s.series_id, by = s.created_by, id = 0;
    soci::indicator series_ind = s.series_id ? soci::i_ok : soci::i_null;
    soci::indicator by_ind = s.created_by ? soci::i_ok : soci::i_null;
    std::string items = ItemsText(s.items);
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO surveys (program_id, series_id, version, title, intro, "
                      "anonymity, items, created_by, created_at) VALUES (:p, :s, :v, :t, :i, :a, "
                      ":it, :b, :c) RETURNING id",
        soci::use(program), soci::use(series, series_ind), soci::use(s.version), soci::use(s.title),
        soci::use(s.intro), soci::use(s.anonymity), soci::use(items), soci::use(by, by_ind),
        soci::use(now), soci::into(id);
    if (!s.series_id) {
      SessionOf(tx_) << "UPDATE surveys SET series_id = id WHERE id = :id", soci::use(id);
    }
    return static_cast<std::int64_t>(id);
  });
}

void SurveyRepository::UpdateSurvey(const Survey& survey) {
  Guard("saving survey", [&] {
    Survey s = survey;
    long long id = s.id;
    std::string items = ItemsText(s.items);
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE surveys SET title = :t, intro = :i, anonymity = :a, "
                                   "items = :it WHERE id = :id",
         soci::use(s.title), soci::use(s.intro), soci::use(s.anonymity), soci::use(items),
         soci::use(id));
    st.execute(true);
    RequireAffected(st, "survey " + std::to_string(s.id));
  });
}

std::optional<Survey> SurveyRepository::FindSurvey(std::int64_t id) {
  return Guard("reading survey", [&] { return First(SelectSurveys(tx_, "WHERE id = :k", id)); });
}

std::vector<Survey> SurveyRepository::ListSurveys(std::int64_t program_id) {
  return Guard("reading surveys", [&] {
    return SelectSurveys(tx_, "WHERE program_id = :k ORDER BY series_id, version", program_id);
  });
}

std::optional<Survey> SurveyRepository::Latest(std::int64_t series_id) {
  return Guard("reading survey", [&] {
    return First(
        SelectSurveys(tx_, "WHERE series_id = :k ORDER BY version DESC LIMIT 1", series_id));
  });
}

int SurveyRepository::CountResponses(std::int64_t survey_id) {
  return Guard("reading responses", [&] {
    long long key = survey_id;
    int n = 0;
    SessionOf(tx_) << "SELECT COUNT(*) FROM survey_responses WHERE survey_id = :k", soci::use(key),
        soci::into(n);
    return n;
  });
}

std::int64_t SurveyRepository::InsertWave(const SurveyWave& wave) {
  return Guard("saving wave", [&] {
    SurveyWave w = wave;
    long long program = w.program_id, series = w.series_id, id = 0;
    soci::indicator opens_ind = w.opens_on.empty() ? soci::i_null : soci::i_ok;
    std::string reminders = json(w.reminder_days).dump();
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO survey_waves (program_id, series_id, title, audience, "
                      "pair_status, timing, opens_on, offset_days, every_days, length_days, "
                      "reminder_days, status, created_at, updated_at) VALUES (:p, :s, :t, :a, "
                      ":ps, :tm, :o, :od, :e, :l, :r, :st, :c, :u) RETURNING id",
        soci::use(program), soci::use(series), soci::use(w.title), soci::use(w.audience),
        soci::use(w.pair_status), soci::use(w.timing), soci::use(w.opens_on, opens_ind),
        soci::use(w.offset_days), soci::use(w.every_days), soci::use(w.length_days),
        soci::use(reminders), soci::use(w.status), soci::use(now), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void SurveyRepository::UpdateWave(const SurveyWave& wave) {
  Guard("saving wave", [&] {
    SurveyWave w = wave;
    long long id = w.id;
    soci::indicator opens_ind = w.opens_on.empty() ? soci::i_null : soci::i_ok;
    std::string reminders = json(w.reminder_days).dump();
    const std::string now = tx_.now_text();
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE survey_waves SET title = :t, audience = :a, "
                                   "pair_status = :ps, timing = :tm, opens_on = :o, "
                                   "offset_days = :od, every_days = :e, length_days = :l, "
                                   "reminder_days = :r, status = :st, updated_at = :u WHERE id = "
                                   ":id",
         soci::use(w.title), soci::use(w.audience), soci::use(w.pair_status), soci::use(w.timing),
         soci::use(w.opens_on, opens_ind), soci::use(w.offset_days), soci::use(w.every_days),
         soci::use(w.length_days), soci::use(reminders), soci::use(w.status), soci::use(now),
         soci::use(id));
    st.execute(true);
    RequireAffected(st, "wave " + std::to_string(w.id));
  });
}

std::optional<SurveyWave> SurveyRepository::FindWave(std::int64_t id, RowLock lock) {
  return Guard("reading wave", [&] {
    std::string where = "WHERE id = :k";
    where += ForUpdateOf(SessionOf(tx_), "survey_waves", lock);
    return First(SelectWaves(tx_, where, id));
  });
}

std::vector<SurveyWave> SurveyRepository::ListWaves(std::int64_t program_id) {
  return Guard("reading waves",
               [&] { return SelectWaves(tx_, "WHERE program_id = :k ORDER BY id", program_id); });
}

std::vector<SurveyWave> SurveyRepository::ListOpenWaves() {
  return Guard("reading waves", [&] {
    return SelectWaves(tx_, "WHERE status = 'open' AND id > :k ORDER BY id", 0);
  });
}

std::int64_t SurveyRepository::InsertInvitation(const SurveyInvitation& invitation) {
  return Guard("saving survey invitation", [&] {
    SurveyInvitation v = invitation;
    long long wave = v.wave_id, program = v.program_id, enrollment = v.enrollment_id,
              pair = v.pair_id.value_or(0), id = 0;
    soci::indicator pair_ind = v.pair_id ? soci::i_ok : soci::i_null;
    int exists = 0;
    SessionOf(tx_) << "SELECT COUNT(*) FROM survey_invitations WHERE wave_id = :w AND "
                      "enrollment_id = :e AND cycle = :c",
        soci::use(wave), soci::use(enrollment), soci::use(v.cycle), soci::into(exists);
    if (exists) return std::int64_t{0};
    SessionOf(tx_) << "INSERT INTO survey_invitations (wave_id, program_id, enrollment_id, "
                      "pair_id, cycle, opens_at, closes_at) VALUES (:w, :p, :e, :pr, :c, :o, :cl) "
                      "RETURNING id",
        soci::use(wave), soci::use(program), soci::use(enrollment), soci::use(pair, pair_ind),
        soci::use(v.cycle), soci::use(v.opens_at), soci::use(v.closes_at), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::optional<SurveyInvitation> SurveyRepository::FindInvitation(std::int64_t id) {
  return Guard("reading survey invitation",
               [&] { return First(SelectInvitations(tx_, "WHERE id = :k", id)); });
}

std::vector<SurveyInvitation> SurveyRepository::ListInvitationsOfWave(std::int64_t wave_id) {
  return Guard("reading survey invitations",
               [&] { return SelectInvitations(tx_, "WHERE wave_id = :k ORDER BY id", wave_id); });
}

std::vector<SurveyInvitation> SurveyRepository::ListInvitationsOf(std::int64_t enrollment_id) {
  return Guard("reading survey invitations", [&] {
    return SelectInvitations(tx_, "WHERE enrollment_id = :k ORDER BY opens_at, id", enrollment_id);
  });
}

void SurveyRepository::SetRemindersSent(std::int64_t invitation_id, int count) {
  Guard("saving survey invitation", [&] {
    long long id = invitation_id;
    SessionOf(tx_) << "UPDATE survey_invitations SET reminders_sent = :n WHERE id = :id",
        soci::use(count), soci::use(id);
  });
}

void SurveyRepository::MarkAnswered(std::int64_t invitation_id, bool date_only) {
  Guard("saving survey invitation", [&] {
    long long id = invitation_id;
    std::string at = date_only ? FormatUtcDate(tx_.now()) : tx_.now_text();
    SessionOf(tx_) << "UPDATE survey_invitations SET answered_at = :a WHERE id = :id",
        soci::use(at), soci::use(id);
  });
}

std::int64_t SurveyRepository::InsertResponse(const SurveyResponse& response) {
  return Guard("saving response", [&] {
    SurveyResponse r = response;
    long long program = r.program_id, survey = r.survey_id, wave = r.wave_id.value_or(0),
              invitation = r.invitation_id.value_or(0), enrollment = r.enrollment_id.value_or(0),
              pair = r.pair_id.value_or(0), id = 0;
    soci::indicator wave_ind = r.wave_id ? soci::i_ok : soci::i_null;
    soci::indicator invitation_ind = r.invitation_id ? soci::i_ok : soci::i_null;
    soci::indicator enrollment_ind = r.enrollment_id ? soci::i_ok : soci::i_null;
    soci::indicator pair_ind = r.pair_id ? soci::i_ok : soci::i_null;
    std::string answers = AnswersText(r.answers);
    // An anonymous response keeps no time finer than its day.
    const std::string now = r.enrollment_id ? tx_.now_text() : FormatUtcDate(tx_.now());
    std::string submitted = r.status == "submitted" ? now : "";
    soci::indicator submitted_ind = submitted.empty() ? soci::i_null : soci::i_ok;
    SessionOf(tx_) << "INSERT INTO survey_responses (program_id, survey_id, wave_id, "
                      "invitation_id, enrollment_id, pair_id, answers, status, source, "
                      "created_at, updated_at, submitted_at) VALUES (:p, :s, :w, :i, :e, :pr, "
                      ":a, :st, :so, :c, :u, :sa) RETURNING id",
        soci::use(program), soci::use(survey), soci::use(wave, wave_ind),
        soci::use(invitation, invitation_ind), soci::use(enrollment, enrollment_ind),
        soci::use(pair, pair_ind), soci::use(answers), soci::use(r.status), soci::use(r.source),
        soci::use(now), soci::use(now), soci::use(submitted, submitted_ind), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void SurveyRepository::UpdateResponse(const SurveyResponse& response) {
  Guard("saving response", [&] {
    SurveyResponse r = response;
    long long id = r.id;
    std::string answers = AnswersText(r.answers);
    const std::string now = tx_.now_text();
    std::string submitted =
        r.status == "submitted" ? (r.submitted_at.empty() ? now : r.submitted_at) : "";
    soci::indicator submitted_ind = submitted.empty() ? soci::i_null : soci::i_ok;
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE survey_responses SET answers = :a, status = :s, "
                                   "updated_at = :u, submitted_at = :sa WHERE id = :id",
         soci::use(answers), soci::use(r.status), soci::use(now),
         soci::use(submitted, submitted_ind), soci::use(id));
    st.execute(true);
    RequireAffected(st, "response " + std::to_string(r.id));
  });
}

std::optional<SurveyResponse> SurveyRepository::FindResponseOfInvitation(
    std::int64_t invitation_id) {
  return Guard("reading response", [&] {
    return First(SelectResponses(tx_, "WHERE r.invitation_id = :k", invitation_id));
  });
}

std::vector<SurveyResponse> SurveyRepository::ListResponsesOfSeries(std::int64_t series_id) {
  return Guard("reading responses", [&] {
    return SelectResponses(tx_,
                           "JOIN surveys s ON s.id = r.survey_id WHERE s.series_id = :k ORDER BY "
                           "r.id",
                           series_id);
  });
}

}  // namespace tandem::store
