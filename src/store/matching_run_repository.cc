#include "store/matching_run_repository.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <set>

#include "core/clock.h"
#include "core/text.h"
#include "store/internal.h"
#include "store/stored_json.h"

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

// The summary first, then the unmatched, then the proposals: a read of the
// summary alone (lists, audit) stops before the proposals (ResultReader).
nlohmann::ordered_json SummaryJson(const MatchingRunResult& r) {
  return {{"matched", r.matched},         {"unmatched_count", r.unmatched.size()},
          {"total_score", r.total_score}, {"min_score", r.min_score},
          {"mean_score", r.mean_score},   {"blocking_pairs", r.blocking_pairs},
          {"seconds", r.seconds}};
}

}  // namespace

std::string MatchingRunResultText(const MatchingRunResult& r) {
  nlohmann::ordered_json out = SummaryJson(r);
  // What a page needs of the whole list, so that a page read without a
  // search stops once its proposals are read (ResultReader).
  std::set<std::string> facets;
  for (const Proposal& p : r.proposals) {
    for (const auto& [facet, points] : p.breakdown) facets.insert(facet);
  }
  out["proposals_count"] = r.proposals.size();
  out["facets"] = facets;
  // ...and of the unmatched, so that it passes over the unmatched after its page.
  const auto mentees =
      std::count_if(r.unmatched.begin(), r.unmatched.end(),
                    [](const UnmatchedParticipant& u) { return u.role == "mentee"; });
  out["unmatched_mentees"] = mentees;
  out["unmatched_mentors"] = static_cast<std::ptrdiff_t>(r.unmatched.size()) - mentees;
  nlohmann::ordered_json unmatched = nlohmann::ordered_json::array();
  for (const UnmatchedParticipant& u : r.unmatched) {
    unmatched.push_back({{"id", u.id}, {"name", u.name}, {"role", u.role}, {"reason", u.reason}});
  }
  nlohmann::ordered_json proposals = nlohmann::ordered_json::array();
  for (const Proposal& p : r.proposals) {
    proposals.push_back({{"mentee", p.mentee},
                         {"mentor", p.mentor},
                         {"mentee_name", p.mentee_name},
                         {"mentor_name", p.mentor_name},
                         {"score", p.score},
                         {"breakdown", p.breakdown},
                         {"locked", p.locked}});
  }
  out["unmatched"] = std::move(unmatched);
  out["proposals"] = std::move(proposals);
  return out.dump();
}

namespace {

// Reads a stored result (MatchingRunResultText, or the older layout with its keys in
// alphabetical order) straight into a MatchingRunResult, as a SAX handler:
// a run of thousands of proposals would otherwise be built as a JSON tree
// first, which costs more than the query. Without proposals it stops at the
// proposals once the summary and the unmatched are read. With a query, it
// keeps only the page the query chooses of each list (an entry outside it is
// dropped as soon as it is read, so a page of 50 never holds 5,000 proposals)
// and counts the whole lists into the totals; without a search it stops at
// the end of the page when the text says how many proposals and which facets
// there are (the current layout), and passes over the unmatched after their
// page when it says how many unmatched mentees and mentors there are. Unknown
// keys and values of unexpected types are skipped.
class ResultReader {
 public:
  ResultReader(MatchingRunResult& out, bool with_proposals)
      : out_(out), with_proposals_(with_proposals) {}
  // `query` and `totals` must outlive the reader.
  ResultReader(MatchingRunResult& out, const RunResultQuery& query, RunResultTotals& totals)
      : out_(out),
        with_proposals_(true),
        query_(&query),
        totals_(&totals),
        needle_(FoldCase(query.text)) {}

  // Parses `text`; false when it is not a JSON object (what was read stays).
  bool Read(const std::string& text) {
    const bool parsed = ReadJsonEvents(text, *this);
    return parsed || stopped_;
  }

  bool null() { return true; }
  bool boolean(bool value) {
    if (Top() == In::kProposal && KeyIs("locked")) out_.proposals.back().locked = value;
    return true;
  }
  bool number_integer(json::number_integer_t value) { return Number(static_cast<double>(value)); }
  bool number_unsigned(json::number_unsigned_t value) { return Number(static_cast<double>(value)); }
  bool number_float(json::number_float_t value, const std::string&) { return Number(value); }
  bool string(std::string& value) {
    if (Top() == In::kFacets) {
      stored_facets_.push_back(std::move(value));
    } else if (Top() == In::kProposal) {
      Proposal& p = out_.proposals.back();
      if (KeyIs("mentee")) p.mentee = std::move(value);
      if (KeyIs("mentor")) p.mentor = std::move(value);
      if (KeyIs("mentee_name")) p.mentee_name = std::move(value);
      if (KeyIs("mentor_name")) p.mentor_name = std::move(value);
    } else if (Top() == In::kUnmatched) {
      UnmatchedParticipant& u = out_.unmatched.back();
      if (KeyIs("id")) u.id = std::move(value);
      if (KeyIs("name")) u.name = std::move(value);
      if (KeyIs("role")) u.role = std::move(value);
      if (KeyIs("reason")) u.reason = std::move(value);
    }
    return true;
  }
  bool binary(json::binary_t&) { return true; }
  bool start_object(std::size_t) {
    In next = In::kSkip;
    if (stack_.empty()) {
      next = In::kTop;
    } else if (Top() == In::kProposals && with_proposals_) {
      out_.proposals.emplace_back();
      next = In::kProposal;
    } else if (Top() == In::kProposal && KeyIs("breakdown")) {
      next = In::kBreakdown;
    } else if (Top() == In::kUnmatchedList) {
      out_.unmatched.emplace_back();
      next = In::kUnmatched;
    }
    stack_.push_back(next);
    return true;
  }
  bool key(std::string& name) {
    if (Top() == In::kTop && std::string_view(name) == "proposals" && !with_proposals_ &&
        unmatched_read_) {
      stopped_ = true;  // everything wanted is read
      return false;
    }
    key_ = std::move(name);
    return true;
  }
  bool end_object() {
    const In ended = Top();
    stack_.pop_back();
    if (ended == In::kProposal && query_) {
      Choose(out_.proposals, totals_->proposals);
      if (PageRead()) {
        totals_->proposals = *stored_count_;
        stopped_ = true;
        return false;
      }
    }
    if (ended == In::kUnmatched && query_) {
      const bool mentee = out_.unmatched.back().role == "mentee";
      ++(mentee ? totals_->unmatched_mentees : totals_->unmatched_mentors);
      Choose(out_.unmatched, totals_->unmatched);
    }
    return true;
  }
  bool start_array(std::size_t) {
    In next = In::kSkip;
    if (Top() == In::kTop && KeyIs("proposals")) next = In::kProposals;
    if (Top() == In::kTop && KeyIs("unmatched")) next = In::kUnmatchedList;
    if (Top() == In::kTop && KeyIs("facets") && totals_) next = In::kFacets;
    stack_.push_back(next);
    return true;
  }
  bool end_array() {
    if (Top() == In::kUnmatchedList) unmatched_read_ = true;
    if (Top() == In::kFacets) {
      facets_read_ = true;
      totals_->facets = std::move(stored_facets_);  // the whole run's (In::kFacets needs totals_)
    }
    stack_.pop_back();
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }
  // The rest of the unmatched is left unread once their page is full, when
  // there is no search and the stored counts stand for the whole list.
  bool skip_rest() {
    if (Top() != In::kUnmatchedList || !query_ || !needle_.empty() || !query_->limit ||
        !stored_unmatched_ || !stored_unmatched_mentees_ || !stored_unmatched_mentors_ ||
        totals_->unmatched < query_->offset + *query_->limit) {
      return false;
    }
    totals_->unmatched = *stored_unmatched_;
    totals_->unmatched_mentees = *stored_unmatched_mentees_;
    totals_->unmatched_mentors = *stored_unmatched_mentors_;
    return true;
  }

 private:
  enum class In {
    kTop,
    kProposals,
    kProposal,
    kBreakdown,
    kUnmatchedList,
    kUnmatched,
    kFacets,
    kSkip
  };

  In Top() const { return stack_.empty() ? In::kSkip : stack_.back(); }
  // Whether the key just read is `name` (its length compared first).
  bool KeyIs(std::string_view name) const { return std::string_view(key_) == name; }

  bool Contains(std::string_view text) const {
    return FoldCase(text).find(needle_) != std::string::npos;
  }
  bool Chosen(const Proposal& p) const {
    return Contains(p.mentee) || Contains(p.mentor) || Contains(p.mentee_name) ||
           Contains(p.mentor_name);
  }
  bool Chosen(const UnmatchedParticipant& u) const { return Contains(u.id) || Contains(u.name); }

  // The list's last entry, just read, stays when it contains the query's
  // text (counted in `matching`) and falls within the page.
  template <typename Entry>
  void Choose(std::vector<Entry>& list, std::size_t& matching) {
    if (!needle_.empty() && !Chosen(list.back())) {
      list.pop_back();
      return;
    }
    const std::size_t index = matching++;
    if (index < query_->offset || (query_->limit && index - query_->offset >= *query_->limit)) {
      list.pop_back();
    }
  }

  // Whether the rest of the proposals can be left unread: no search, the
  // page is full, and the stored count and facets (read before the
  // proposals) stand for the whole list.
  bool PageRead() const {
    return needle_.empty() && query_->limit && stored_count_ && facets_read_ &&
           totals_->proposals >= query_->offset + *query_->limit;
  }

  void NoteFacet(const std::string& facet) {
    if (std::find(totals_->facets.begin(), totals_->facets.end(), facet) == totals_->facets.end()) {
      totals_->facets.push_back(facet);
    }
  }

  bool Number(double value) {
    switch (Top()) {
      case In::kTop:
        if (KeyIs("proposals_count")) stored_count_ = static_cast<std::size_t>(value);
        if (KeyIs("unmatched_count")) stored_unmatched_ = static_cast<std::size_t>(value);
        if (KeyIs("unmatched_mentees")) stored_unmatched_mentees_ = static_cast<std::size_t>(value);
        if (KeyIs("unmatched_mentors")) stored_unmatched_mentors_ = static_cast<std::size_t>(value);
        if (KeyIs("matched")) out_.matched = static_cast<int>(value);
        if (KeyIs("total_score")) out_.total_score = value;
        if (KeyIs("min_score")) out_.min_score = value;
        if (KeyIs("mean_score")) out_.mean_score = value;
        if (KeyIs("blocking_pairs")) out_.blocking_pairs = static_cast<int>(value);
        if (KeyIs("seconds")) out_.seconds = value;
        break;
      case In::kProposal:
        if (KeyIs("score")) out_.proposals.back().score = value;
        break;
      case In::kBreakdown: {
        if (totals_ && !facets_read_) NoteFacet(key_);  // else the stored facets stand
        // Keys come sorted (as the map wrote them); a repeated one keeps its
        // last value, as ReadBreakdown does.
        auto& breakdown = out_.proposals.back().breakdown;
        breakdown.emplace_hint(breakdown.end(), key_, value)->second = value;
        break;
      }
      default:
        break;
    }
    return true;
  }

  MatchingRunResult& out_;
  const bool with_proposals_;
  const RunResultQuery* query_ = nullptr;  // with totals_: keep a page
  RunResultTotals* totals_ = nullptr;
  const std::string needle_;  // the query's text, case-folded
  std::vector<In> stack_;
  std::string key_;
  bool unmatched_read_ = false;
  bool stopped_ = false;
  std::optional<std::size_t> stored_count_;  // "proposals_count", when stored
  std::vector<std::string> stored_facets_;   // "facets", while read
  std::optional<std::size_t> stored_unmatched_, stored_unmatched_mentees_,
      stored_unmatched_mentors_;  // "unmatched_count", "unmatched_mentees", "unmatched_mentors"
  bool facets_read_ = false;
};

}  // namespace

MatchingRunResult ReadMatchingRunResult(const std::string& text, bool with_proposals) {
  MatchingRunResult r;
  ResultReader(r, with_proposals).Read(text);
  return r;
}

MatchingRunResult ReadMatchingRunResult(const std::string& text, const RunResultQuery& query,
                                        RunResultTotals& totals) {
  MatchingRunResult r;
  totals = RunResultTotals{};
  ResultReader(r, query, totals).Read(text);
  std::sort(totals.facets.begin(), totals.facets.end());
  return r;
}

namespace {

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

  // The run; its result as ReadMatchingRunResult reads it: the page `query`
  // chooses when given (counted into `totals`), else with or without proposals.
  MatchingRun ToRun(bool with_proposals, const RunResultQuery* query = nullptr,
                    RunResultTotals* totals = nullptr) const {
    MatchingRun run;
    run.id = id;
    run.program_id = program_id;
    run.status = ParseMatchingRunStatus(status).value_or(MatchingRunStatus::kFailed);
    run.settings = SettingsFrom(settings);
    run.progress = progress;
    if (result_ind == soci::i_ok && !result.empty()) {
      run.result = query ? ReadMatchingRunResult(result, *query, *totals)
                         : ReadMatchingRunResult(result, with_proposals);
    }
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

std::optional<MatchingRun> MatchingRunRepository::FindPage(std::int64_t id,
                                                           const RunResultQuery& query,
                                                           RunResultTotals& totals) {
  return Guard("reading the matching run", [&]() -> std::optional<MatchingRun> {
    Row r;
    long long key = id;
    totals = RunResultTotals{};
    soci::statement& st = SelectInto(tx_, r, "WHERE r.id = :id", soci::use(key));
    if (!st.execute(true)) return std::nullopt;
    return r.ToRun(true, &query, &totals);
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
    std::string text = MatchingRunResultText(result);
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
  if (run.result) out["summary"] = json(SummaryJson(*run.result));
  if (!run.error.empty()) out["error"] = run.error;
  if (!run.published_at.empty()) out["published_at"] = run.published_at;
  return out.dump();
}

}  // namespace tandem::store
