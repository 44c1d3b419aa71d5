#include "store/matching_run_repository.h"

#include <algorithm>
#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/internal.h"

namespace tandem::store {
namespace {

using nlohmann::json;

json WeightsJson(const MatchingWeights& w) {
  json out = json::object();
  for (const WeightField& f : WeightFields()) out[f.name] = w.*f.member;
  return out;
}

MatchingWeights WeightsFrom(const json& j) {
  MatchingWeights w;
  if (!j.is_object()) return w;
  for (const WeightField& f : WeightFields()) w.*f.member = j.value(f.name, w.*f.member);
  return w;
}

json PairsJson(const std::vector<ParticipantPair>& pairs) {
  json out = json::array();
  for (const ParticipantPair& p : pairs)
    out.push_back({{"mentee", p.mentee}, {"mentor", p.mentor}});
  return out;
}

std::vector<ParticipantPair> PairsFrom(const json& j) {
  std::vector<ParticipantPair> out;
  if (!j.is_array()) return out;
  for (const json& p : j) out.push_back({p.value("mentee", ""), p.value("mentor", "")});
  return out;
}

json SettingsJson(const MatchingRunSettings& s) {
  return {{"objective", s.objective},
          {"weights", s.weights ? WeightsJson(*s.weights) : json(nullptr)},
          {"locks", PairsJson(s.locks)},
          {"forbids", PairsJson(s.forbids)},
          {"min_score", s.min_score ? json(*s.min_score) : json(nullptr)},
          {"top_k", s.top_k},
          {"what_if", s.what_if}};
}

MatchingRunSettings SettingsFrom(const std::string& text) {
  MatchingRunSettings s;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return s;
  s.objective = j.value("objective", s.objective);
  if (j.contains("weights") && j["weights"].is_object()) s.weights = WeightsFrom(j["weights"]);
  if (j.contains("locks")) s.locks = PairsFrom(j["locks"]);
  if (j.contains("forbids")) s.forbids = PairsFrom(j["forbids"]);
  if (j.contains("min_score") && j["min_score"].is_number())
    s.min_score = j["min_score"].get<double>();
  s.top_k = j.value("top_k", s.top_k);
  s.what_if = j.value("what_if", false);
  return s;
}

json SummaryJson(const MatchingRunResult& r) {
  return {{"matched", r.matched},         {"unmatched_count", r.unmatched.size()},
          {"total_score", r.total_score}, {"min_score", r.min_score},
          {"mean_score", r.mean_score},   {"blocking_pairs", r.blocking_pairs},
          {"seconds", r.seconds}};
}

json ResultJson(const MatchingRunResult& r) {
  json out = SummaryJson(r);
  json proposals = json::array();
  for (const Proposal& p : r.proposals) {
    proposals.push_back({{"mentee", p.mentee},
                         {"mentor", p.mentor},
                         {"mentee_name", p.mentee_name},
                         {"mentor_name", p.mentor_name},
                         {"score", p.score},
                         {"breakdown", p.breakdown},
                         {"locked", p.locked}});
  }
  json unmatched = json::array();
  for (const UnmatchedParticipant& u : r.unmatched) {
    unmatched.push_back({{"id", u.id}, {"name", u.name}, {"role", u.role}, {"reason", u.reason}});
  }
  out["proposals"] = std::move(proposals);
  out["unmatched"] = std::move(unmatched);
  return out;
}

MatchingRunResult ResultFrom(const std::string& text, bool with_proposals) {
  MatchingRunResult r;
  const json j = json::parse(text, nullptr, false);
  if (!j.is_object()) return r;
  r.matched = j.value("matched", 0);
  r.total_score = j.value("total_score", 0.0);
  r.min_score = j.value("min_score", 0.0);
  r.mean_score = j.value("mean_score", 0.0);
  r.blocking_pairs = j.value("blocking_pairs", 0);
  r.seconds = j.value("seconds", 0.0);
  if (with_proposals && j.contains("proposals") && j["proposals"].is_array()) {
    for (const json& p : j["proposals"]) {
      Proposal out;
      out.mentee = p.value("mentee", "");
      out.mentor = p.value("mentor", "");
      out.mentee_name = p.value("mentee_name", "");
      out.mentor_name = p.value("mentor_name", "");
      out.score = p.value("score", 0.0);
      out.locked = p.value("locked", false);
      if (p.contains("breakdown") && p["breakdown"].is_object()) {
        for (const auto& [facet, value] : p["breakdown"].items()) {
          if (value.is_number()) out.breakdown[facet] = value.get<double>();
        }
      }
      r.proposals.push_back(std::move(out));
    }
  }
  if (j.contains("unmatched") && j["unmatched"].is_array()) {
    for (const json& u : j["unmatched"]) {
      r.unmatched.push_back(
          {u.value("id", ""), u.value("name", ""), u.value("role", ""), u.value("reason", "")});
    }
  }
  return r;
}

constexpr const char* kSelect =
    "SELECT r.id, r.program_id, r.status, r.settings, r.result, r.error, r.created_by, "
    "r.created_at, r.finished_at, r.progress, r.published_at, j.status, j.last_error "
    "FROM matching_runs r LEFT JOIN jobs j ON j.id = r.job_id ";

struct Row {
  long long id = 0, program_id = 0, created_by = 0;
  std::string status, settings, result, error, created_at, finished_at, published_at, job_status,
      job_error;
  double progress = 0;
  soci::indicator result_ind{}, error_ind{}, created_by_ind{}, finished_ind{}, published_ind{},
      job_status_ind{}, job_error_ind{};

  MatchingRun ToRun(bool with_proposals) const {
    MatchingRun run;
    run.id = id;
    run.program_id = program_id;
    run.status = ParseMatchingRunStatus(status).value_or(MatchingRunStatus::kFailed);
    run.settings = SettingsFrom(settings);
    run.progress = progress;
    if (result_ind == soci::i_ok && !result.empty())
      run.result = ResultFrom(result, with_proposals);
    if (error_ind == soci::i_ok) run.error = error;
    if (created_by_ind == soci::i_ok) run.created_by = created_by;
    run.created_at = created_at;
    if (finished_ind == soci::i_ok) run.finished_at = finished_at;
    if (published_ind == soci::i_ok) run.published_at = published_at;
    const bool unfinished =
        run.status == MatchingRunStatus::kQueued || run.status == MatchingRunStatus::kRunning;
    if (unfinished && job_status_ind == soci::i_ok && job_status == "failed") {
      run.status = MatchingRunStatus::kFailed;
      run.error = "the matching job failed: " +
                  (job_error_ind == soci::i_ok ? job_error : std::string("unknown error")) +
                  "; start a new run";
    }
    return run;
  }
};

template <typename... Uses>
soci::statement& SelectInto(Transaction& tx, Row& r, const std::string& rest, Uses&&... uses) {
  return Reuse(tx, std::string(kSelect) + rest, soci::into(r.id), soci::into(r.program_id),
               soci::into(r.status), soci::into(r.settings), soci::into(r.result, r.result_ind),
               soci::into(r.error, r.error_ind), soci::into(r.created_by, r.created_by_ind),
               soci::into(r.created_at), soci::into(r.finished_at, r.finished_ind),
               soci::into(r.progress), soci::into(r.published_at, r.published_ind),
               soci::into(r.job_status, r.job_status_ind), soci::into(r.job_error, r.job_error_ind),
               std::forward<Uses>(uses)...);
}

// Runs a prepared UPDATE and says whether it changed a row.
bool Changed(soci::statement st) {
  st.execute(true);
  return st.get_affected_rows() > 0;
}

}  // namespace

std::int64_t MatchingRunRepository::Insert(const MatchingRun& run) {
  return Guard("saving the matching run", [&] {
    soci::session& s = SessionOf(tx_);
    long long program = run.program_id;
    std::string objective = run.settings.objective;
    std::string settings = SettingsJson(run.settings).dump();
    long long by = run.created_by.value_or(0);
    soci::indicator by_ind = run.created_by ? soci::i_ok : soci::i_null;
    const std::string now = tx_.now_text();
    long long id = 0;
    s << "INSERT INTO matching_runs (program_id, status, objective, settings, created_by, "
         "created_at, updated_at, progress) VALUES (:p, 'queued', :o, :s, :b, :c, :u, 0) "
         "RETURNING id",
        soci::use(program), soci::use(objective), soci::use(settings), soci::use(by, by_ind),
        soci::use(now), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void MatchingRunRepository::SetJob(std::int64_t run_id, std::int64_t job_id) {
  Guard("saving the matching run", [&] {
    long long run = run_id, job = job_id;
    SessionOf(tx_) << "UPDATE matching_runs SET job_id = :j WHERE id = :id", soci::use(job),
        soci::use(run);
  });
}

std::optional<MatchingRun> MatchingRunRepository::Find(std::int64_t id, bool with_proposals) {
  return Guard("reading the matching run", [&]() -> std::optional<MatchingRun> {
    Row r;
    long long key = id;
    soci::statement& st = SelectInto(tx_, r, "WHERE r.id = :id", soci::use(key));
    if (!st.execute(true)) return std::nullopt;
    return r.ToRun(with_proposals);
  });
}

std::vector<MatchingRun> MatchingRunRepository::ListByProgram(std::int64_t program_id) {
  return Guard("listing matching runs", [&] {
    Row r;
    long long key = program_id;
    std::vector<MatchingRun> out;
    soci::statement& st =
        SelectInto(tx_, r, "WHERE r.program_id = :p ORDER BY r.id DESC", soci::use(key));
    st.execute();
    while (st.fetch()) {
      out.push_back(r.ToRun(false));
      r = Row{};
    }
    return out;
  });
}

bool MatchingRunRepository::MarkRunning(std::int64_t id) {
  return Guard(
      "starting the matching run", [&] {
        long long key = id;
        const std::string now = tx_.now_text();
        return Changed(
            (SessionOf(tx_).prepare
                 << "UPDATE matching_runs SET status = 'running', progress = 0, started_at = :s, "
                    "updated_at = :u WHERE id = :id AND status IN ('queued', 'running')",
             soci::use(now), soci::use(now), soci::use(key)));
      });
}

void MatchingRunRepository::SetProgress(std::int64_t id, double progress) {
  Guard("saving progress", [&] {
    long long key = id;
    double value = std::clamp(progress, 0.0, 1.0);
    SessionOf(tx_) << "UPDATE matching_runs SET progress = :p WHERE id = :id AND "
                      "status = 'running'",
        soci::use(value), soci::use(key);
  });
}

bool MatchingRunRepository::MarkDone(std::int64_t id, const MatchingRunResult& result) {
  return Guard("saving the matching result", [&] {
    long long key = id;
    const std::string now = tx_.now_text();
    std::string text = ResultJson(result).dump();
    return Changed((SessionOf(tx_).prepare
                        << "UPDATE matching_runs SET status = 'done', progress = 1, result = :r, "
                           "error = NULL, finished_at = :f, updated_at = :u WHERE id = :id AND "
                           "status = 'running'",
                    soci::use(text), soci::use(now), soci::use(now), soci::use(key)));
  });
}

bool MatchingRunRepository::MarkFailed(std::int64_t id, const std::string& error) {
  return Guard(
      "saving the matching error", [&] {
        long long key = id;
        const std::string now = tx_.now_text();
        std::string text = error.substr(0, 4000);
        return Changed(
            (SessionOf(tx_).prepare
                 << "UPDATE matching_runs SET status = 'failed', error = :e, finished_at = :f, "
                    "updated_at = :u WHERE id = :id AND status IN ('queued', 'running')",
             soci::use(text), soci::use(now), soci::use(now), soci::use(key)));
      });
}

bool MatchingRunRepository::MarkPublished(std::int64_t id, std::optional<std::int64_t> user) {
  return Guard("publishing the matching run", [&] {
    long long key = id;
    long long by = user.value_or(0);
    soci::indicator by_ind = user ? soci::i_ok : soci::i_null;
    const std::string now = tx_.now_text();
    return Changed((SessionOf(tx_).prepare
                        << "UPDATE matching_runs SET status = 'published', published_at = :p, "
                           "published_by = :b, updated_at = :u WHERE id = :id AND status = 'done'",
                    soci::use(now), soci::use(by, by_ind), soci::use(now), soci::use(key)));
  });
}

std::string MatchingRunJson(const MatchingRun& run) {
  json out = {{"id", run.id},
              {"program_id", run.program_id},
              {"status", std::string(MatchingRunStatusName(run.status))},
              {"settings", SettingsJson(run.settings)}};
  if (run.result) out["summary"] = SummaryJson(*run.result);
  if (!run.error.empty()) out["error"] = run.error;
  if (!run.published_at.empty()) out["published_at"] = run.published_at;
  return out.dump();
}

}  // namespace tandem::store
