// A program's evaluation (docs/evaluation.md): its figures with their
// uncertainty, for evaluators and coordinators, de-identified. Proportions
// are statistics on the exact data and shown as they are; the breakdowns
// (tables and charts) hide every cell describing fewer than k people, and
// enough further cells that none can be worked out from the totals
// (stats/disclosure.h).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "service/actor.h"
#include "stats/proportion.h"
#include "store/database.h"

namespace tandem::service {

// A count as the reader sees it: nullopt when hidden ("< k").
using ShownCount = std::optional<int>;

struct CountRow {
  std::string label;
  ShownCount count;
};

struct PairFigures {
  int started = 0;          // pairs that began (active, completed, or dissolved after their start)
  bool any_active = false;  // some pair still runs: the completion figure is not final
  std::optional<stats::ProportionEstimate> completion;  // completed of started
  // Active, completed, dissolved; the exact counts are not given elsewhere.
  std::vector<CountRow> by_status;
  // Why pairs were dissolved, as the coordinators wrote it, with names,
  // e-mail addresses and phone numbers replaced; only when the dissolved
  // count is shown (the list's length would tell it).
  std::vector<std::string> dissolved_reasons;
};

struct MeetingFigures {
  int cadence_days = 0;
  int pairs = 0;     // started pairs
  int held = 0;      // meetings held, over all started pairs
  int expected = 0;  // meetings the cadence asked for over the pairs' lives
  std::optional<double> median_held;
  std::optional<double> median_expected;
  // Held / expected per pair, capped at 1; its median.
  std::optional<double> median_adherence;
  // Pairs that held at least 75% of the meetings expected.
  std::optional<stats::ProportionEstimate> adherent;
  // Pairs by adherence: "none", "under 50%", "50-74%", "75-99%", "100%".
  std::vector<CountRow> distribution;
};

struct OutputFigures {
  std::string kind;  // publication, presentation, grant, award, other
  int items = 0;
  ShownCount mentees;                // mentees with at least one
  std::optional<double> per_mentee;  // items per started mentee
  // Grants: the sum awarded, by currency; hidden (empty) when fewer than k
  // grants were awarded.
  std::map<std::string, double> awarded;
  ShownCount awarded_grants;
};

struct WaveFigures {
  std::int64_t wave_id = 0;
  std::int64_t survey_id = 0;
  std::string survey_title;
  std::string wave_name;
  std::string status;
  int invited = 0;
  int answered = 0;
  std::optional<stats::ProportionEstimate> response;  // answered of invited
};

struct Evaluation {
  std::int64_t program_id = 0;
  std::string program_name;
  std::string starts_on, ends_on;
  int k = 5;                 // the smallest count shown
  bool deidentified = true;  // false only for coordinators (who may also read names elsewhere)
  int mentees = 0;           // mentees in a started pair
  PairFigures pairs;
  MeetingFigures meetings;
  std::optional<stats::ProportionEstimate> agreements_signed;  // of started pairs
  int goals = 0;
  std::optional<stats::ProportionEstimate> goals_achieved;  // of goals
  std::vector<CountRow> goals_by_status;
  std::optional<stats::ProportionEstimate> mentees_with_project;  // of mentees
  std::vector<OutputFigures> outputs;  // every kind, in kOutputKinds order
  // The program's retention indicator over its mentees; none without one.
  std::optional<std::string> retention_label;
  int retention_known = 0;
  std::optional<stats::ProportionEstimate> retention;
  std::vector<WaveFigures> surveys;
  // The background attributes an association may group respondents by
  // (background.<key>): keys that at least k of the program's mentors and
  // mentees have, with at least two different values among them; sorted,
  // keys only (no value, no count).
  std::vector<std::string> background_keys;
};

// The program's evaluation now: coordinators, evaluators and admins
// (kPermissionDenied otherwise; kNotFound for an unknown program).
Evaluation GetEvaluation(store::Database& db, const Actor& actor, std::int64_t program_id);

}  // namespace tandem::service
