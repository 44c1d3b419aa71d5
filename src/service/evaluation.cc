#include "service/evaluation.h"

#include <algorithm>
#include <set>

#include "core/deidentify.h"
#include "core/error.h"
#include "core/journey.h"
#include "core/pair.h"
#include "core/participant.h"
#include "service/authorization.h"
#include "service/journey.h"
#include "service/meetings.h"
#include "service/programs.h"
#include "service/surveys.h"
#include "stats/disclosure.h"
#include "stats/likert.h"
#include "store/enrollment_repository.h"
#include "store/journey_repository.h"
#include "store/pair_repository.h"
#include "store/participant_repository.h"

namespace tandem::service {
namespace {

std::optional<stats::ProportionEstimate> Proportion(int successes, int n) {
  if (n <= 0) return std::nullopt;
  return stats::EstimateProportion(successes, n);
}

std::optional<double> Median(const std::vector<double>& values) {
  if (values.empty()) return std::nullopt;
  return stats::Quantile(values, 0.5);
}

// Rows whose counts partition `total` (shown), suppressed together.
std::vector<CountRow> Breakdown(const std::vector<std::pair<std::string, int>>& counts, int k) {
  std::vector<int> cells;
  std::vector<int> all;
  for (const auto& [label, n] : counts) {
    all.push_back(static_cast<int>(cells.size()));
    cells.push_back(n);
  }
  const std::vector<ShownCount> shown = stats::Suppress(cells, {all}, k);
  std::vector<CountRow> out;
  for (std::size_t i = 0; i < counts.size(); ++i) out.push_back({counts[i].first, shown[i]});
  return out;
}

ShownCount Shown(int count, int k) { return count > 0 && count < k ? ShownCount{} : count; }

}  // namespace

Evaluation GetEvaluation(store::Database& db, const Actor& actor, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  const Program program = RequireProgram(tx, program_id);
  const ProgramAccess access = RequireStaff(tx, actor, program_id, "read its evaluation");
  Evaluation e;
  e.program_id = program.id;
  e.program_name = program.name;
  e.starts_on = program.starts_on;
  e.ends_on = program.ends_on;
  store::JourneyRepository journey(tx);
  const JourneySettings settings = journey.LoadSettings(program_id);
  e.k = settings.small_cell_k;
  e.deidentified = !access.coordinator;

  // Names the program knows, to find in free text.
  std::vector<std::string> names;
  for (const Enrollment& en : store::EnrollmentRepository(tx).List(program_id)) {
    names.push_back(en.name);
    if (!en.email.empty()) names.push_back(en.email.substr(0, en.email.find('@')));
  }

  // Pairs.
  std::vector<Pair> started;
  for (Pair& p : store::PairRepository(tx).ListByProgram(program_id)) {
    if (p.status == PairStatus::kProposed || p.started_on.empty()) continue;
    started.push_back(std::move(p));
  }
  PairFigures& pf = e.pairs;
  std::set<std::int64_t> mentees;
  int active = 0, completed = 0, dissolved = 0;
  for (const Pair& p : started) {
    ++pf.started;
    mentees.insert(p.mentee_enrollment_id);
    if (p.status == PairStatus::kActive) ++active;
    if (p.status == PairStatus::kCompleted) ++completed;
    if (p.status == PairStatus::kDissolved) {
      ++dissolved;
      if (!p.end_reason.empty()) {
        pf.dissolved_reasons.push_back(RedactIdentifiers(p.end_reason, names));
      }
    }
  }
  pf.any_active = active > 0;
  std::sort(pf.dissolved_reasons.begin(), pf.dissolved_reasons.end());  // no order to link by
  pf.completion = Proportion(completed, pf.started);
  pf.by_status =
      Breakdown({{"active", active}, {"completed", completed}, {"dissolved", dissolved}}, e.k);
  if (!pf.by_status[2].count) pf.dissolved_reasons.clear();
  e.mentees = static_cast<int>(mentees.size());

  // Meetings over each started pair's life.
  MeetingFigures& mf = e.meetings;
  mf.cadence_days = program.cadence_days;
  std::vector<double> held, expected, adherence;
  int adherent = 0;
  std::array<int, 5> bins{};
  for (const auto& [pair_id, health] : MeetingsOverPairLives(tx, program)) {
    ++mf.pairs;
    mf.held += health.held;
    mf.expected += health.expected;
    held.push_back(health.held);
    expected.push_back(health.expected);
    const double ratio = health.expected > 0
                             ? std::min(1.0, static_cast<double>(health.held) / health.expected)
                             : 1.0;
    adherence.push_back(ratio);
    if (ratio >= 0.75) ++adherent;
    ++bins[health.held == 0 && health.expected > 0 ? 0
           : ratio < 0.5                           ? 1
           : ratio < 0.75                          ? 2
           : ratio < 1                             ? 3
                                                   : 4];
  }
  mf.median_held = Median(held);
  mf.median_expected = Median(expected);
  mf.median_adherence = Median(adherence);
  mf.adherent = Proportion(adherent, mf.pairs);
  mf.distribution = Breakdown({{"none", bins[0]},
                               {"under 50%", bins[1]},
                               {"50-74%", bins[2]},
                               {"75-99%", bins[3]},
                               {"100%", bins[4]}},
                              e.k);

  // Agreements, goals, projects.
  std::set<std::int64_t> started_ids;
  std::map<std::int64_t, std::int64_t> mentee_of_pair;
  for (const Pair& p : started) {
    started_ids.insert(p.id);
    mentee_of_pair[p.id] = p.mentee_enrollment_id;
  }
  int signed_count = 0;
  for (const Agreement& a : journey.ListAgreements(program_id)) {
    if (started_ids.count(a.pair_id) && a.Signed()) ++signed_count;
  }
  e.agreements_signed = Proportion(signed_count, pf.started);
  std::map<std::string, int> goal_status;
  int achieved = 0;
  for (const Goal& g : journey.ListGoalsByProgram(program_id)) {
    if (!started_ids.count(g.pair_id)) continue;
    ++e.goals;
    ++goal_status[g.status];
    if (g.status == "achieved") ++achieved;
  }
  e.goals_achieved = Proportion(achieved, e.goals);
  std::vector<std::pair<std::string, int>> status_rows;
  for (std::string_view s : kGoalStatuses) status_rows.emplace_back(s, goal_status[std::string(s)]);
  e.goals_by_status = Breakdown(status_rows, e.k);
  std::set<std::int64_t> mentees_with_project;
  for (const Project& p : journey.ListProjectsByProgram(program_id)) {
    if (started_ids.count(p.pair_id)) mentees_with_project.insert(mentee_of_pair[p.pair_id]);
  }
  e.mentees_with_project = Proportion(static_cast<int>(mentees_with_project.size()), e.mentees);

  // Outputs of the mentees, by kind.
  const std::vector<Output> outputs = journey.ListOutputsByProgram(program_id);
  for (std::string_view kind : kOutputKinds) {
    OutputFigures of;
    of.kind = kind;
    std::set<std::int64_t> who;
    int awarded = 0;
    std::map<std::string, double> sums;
    for (const Output& o : outputs) {
      if (o.kind != kind || !mentees.count(o.enrollment_id)) continue;
      ++of.items;
      who.insert(o.enrollment_id);
      if (o.kind == "grant" && o.grant_status == "awarded") {
        ++awarded;
        if (o.amount) sums[o.currency.empty() ? "USD" : o.currency] += *o.amount;
      }
    }
    of.mentees = Shown(static_cast<int>(who.size()), e.k);
    if (e.mentees > 0) of.per_mentee = static_cast<double>(of.items) / e.mentees;
    if (kind == "grant") {
      of.awarded_grants = Shown(awarded, e.k);
      if (of.awarded_grants) of.awarded = sums;
    }
    e.outputs.push_back(std::move(of));
  }

  // Retention by the program's indicator.
  const Retention retention = ComputeRetention(tx, program);
  if (retention.indicator) {
    e.retention_label = retention.indicator->label;
    e.retention_known = retention.known;
    e.retention = Proportion(retention.retained, retention.mentees);
  }

  // Background attributes enough people have, in two values or more.
  std::map<std::string, std::pair<int, std::set<std::string>>> keys;  // key -> (people, values)
  for (const Participant& person : store::ParticipantRepository(tx).Load(program_id)) {
    for (const BackgroundTag& tag : person.background) {
      ++keys[tag.key].first;
      keys[tag.key].second.insert(tag.value);
    }
  }
  for (const auto& [key, seen] : keys) {
    if (seen.first >= e.k && seen.second.size() >= 2) e.background_keys.push_back(key);
  }
  tx.Commit();

  for (const WaveView& w : ListWaves(db, actor, program_id)) {
    WaveFigures wf;
    wf.wave_id = w.wave.id;
    wf.survey_id = w.wave.series_id;
    wf.survey_title = w.survey_title;
    wf.wave_name = w.wave.title;
    wf.status = w.wave.status;
    wf.invited = w.all.invited;
    wf.answered = w.all.answered;
    wf.response = Proportion(w.all.answered, w.all.invited);
    e.surveys.push_back(std::move(wf));
  }
  return e;
}

}  // namespace tandem::service
