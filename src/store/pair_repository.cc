#include "store/pair_repository.h"

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/session.h"

namespace tandem::store {
namespace {

constexpr const char* kSelect =
    "SELECT p.id, p.program_id, m.external_id, f.external_id, p.status, p.score, p.breakdown, "
    "p.matching_run_id, p.started_on, p.ended_on, p.end_reason, p.created_at FROM pairs p "
    "JOIN enrollments m ON m.id = p.mentor_enrollment_id "
    "JOIN enrollments f ON f.id = p.mentee_enrollment_id ";

struct Row {
  long long id = 0, program_id = 0, run = 0;
  std::string mentor, mentee, status, breakdown, started, ended, reason, created;
  double score = 0;
  soci::indicator score_ind{}, run_ind{}, started_ind{}, ended_ind{}, reason_ind{};

  Pair ToPair() const {
    Pair p;
    p.id = id;
    p.program_id = program_id;
    p.mentor = mentor;
    p.mentee = mentee;
    p.status = ParsePairStatus(status).value_or(PairStatus::kProposed);
    p.score = score_ind == soci::i_ok ? score : 0;
    const auto j = nlohmann::json::parse(breakdown, nullptr, false);
    if (j.is_object()) {
      for (const auto& [facet, value] : j.items()) {
        if (value.is_number()) p.breakdown[facet] = value.get<double>();
      }
    }
    if (run_ind == soci::i_ok) p.matching_run_id = run;
    p.started_on = started_ind == soci::i_ok ? started : "";
    p.ended_on = ended_ind == soci::i_ok ? ended : "";
    p.end_reason = reason_ind == soci::i_ok ? reason : "";
    p.created_at = created;
    return p;
  }
};

soci::details::prepare_temp_type SelectInto(soci::session& s, Row& r, const std::string& rest) {
  return (s.prepare << std::string(kSelect) + rest, soci::into(r.id), soci::into(r.program_id),
          soci::into(r.mentor), soci::into(r.mentee), soci::into(r.status),
          soci::into(r.score, r.score_ind), soci::into(r.breakdown), soci::into(r.run, r.run_ind),
          soci::into(r.started, r.started_ind), soci::into(r.ended, r.ended_ind),
          soci::into(r.reason, r.reason_ind), soci::into(r.created));
}

}  // namespace

std::int64_t PairRepository::Insert(const Pair& pair) {
  return Guard("saving pair", [&] {
    soci::session& s = SessionOf(tx_);
    long long program = pair.program_id;
    const auto enrollment = [&](const std::string& external, const char* role) {
      long long id = 0;
      std::string r = role;
      std::string x = external;
      s << "SELECT id FROM enrollments WHERE program_id = :p AND external_id = :x AND role = :r",
          soci::use(program), soci::use(x), soci::use(r), soci::into(id);
      if (id == 0) {
        throw NotFound(std::string(role) + " \"" + external + "\" is not enrolled in program " +
                       std::to_string(pair.program_id));
      }
      return id;
    };
    long long mentor = enrollment(pair.mentor, "mentor");
    long long mentee = enrollment(pair.mentee, "mentee");
    std::string status(PairStatusName(pair.status));
    double score = pair.score;
    std::string breakdown = nlohmann::json(pair.breakdown).dump();
    long long run = pair.matching_run_id.value_or(0);
    soci::indicator run_ind = pair.matching_run_id ? soci::i_ok : soci::i_null;
    std::string started = pair.started_on;
    soci::indicator started_ind = started.empty() ? soci::i_null : soci::i_ok;
    const std::string now = UtcTimestamp();
    long long id = 0;
    s << "INSERT INTO pairs (program_id, mentor_enrollment_id, mentee_enrollment_id, status, "
         "score, breakdown, matching_run_id, started_on, created_at) VALUES (:p, :m, :f, :s, "
         ":score, :b, :run, :started, :t) RETURNING id",
        soci::use(program), soci::use(mentor), soci::use(mentee), soci::use(status),
        soci::use(score), soci::use(breakdown), soci::use(run, run_ind),
        soci::use(started, started_ind), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void PairRepository::UpdateStatus(const Pair& pair) {
  Guard("updating pair", [&] {
    soci::session& s = SessionOf(tx_);
    std::string status(PairStatusName(pair.status));
    std::string started = pair.started_on, ended = pair.ended_on, reason = pair.end_reason;
    soci::indicator si = started.empty() ? soci::i_null : soci::i_ok;
    soci::indicator ei = ended.empty() ? soci::i_null : soci::i_ok;
    soci::indicator ri = reason.empty() ? soci::i_null : soci::i_ok;
    long long id = pair.id;
    soci::statement st =
        (s.prepare << "UPDATE pairs SET status = :s, started_on = :a, ended_on = :b, "
                      "end_reason = :r WHERE id = :id",
         soci::use(status), soci::use(started, si), soci::use(ended, ei), soci::use(reason, ri),
         soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0)
      throw NotFound("pair " + std::to_string(pair.id) + " does not exist");
  });
}

std::optional<Pair> PairRepository::Find(std::int64_t id) {
  return Guard("reading pair", [&]() -> std::optional<Pair> {
    Row r;
    long long key = id;
    soci::statement st = (SelectInto(SessionOf(tx_), r, "WHERE p.id = :id"), soci::use(key));
    if (!st.execute(true)) return std::nullopt;
    return r.ToPair();
  });
}

std::vector<Pair> PairRepository::ListByProgram(std::int64_t program_id) {
  return Guard("listing pairs", [&] {
    Row r;
    long long key = program_id;
    std::vector<Pair> out;
    soci::statement st =
        (SelectInto(SessionOf(tx_), r, "WHERE p.program_id = :p ORDER BY p.id"), soci::use(key));
    st.execute();
    while (st.fetch()) out.push_back(r.ToPair());
    return out;
  });
}

}  // namespace tandem::store
