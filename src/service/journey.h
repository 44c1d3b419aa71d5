// The program journey (docs/journey.md): the program's agreement template,
// career fields and retention indicator; each pair's agreement, goals and
// scholarly projects; each person's outputs and career positions; the
// coordinator's per-pair view, CSV import and export, and the retention
// figure. Who may (the authorization matrix in docs/api.md):
// - a pair's agreement, goals and projects: its two members change them, the
//   program's coordinators read them (not the text of private goals) and may
//   record projects; nobody else sees them;
// - an output or position: the person, their partner (outputs) and the
//   coordinators record and read them;
// - settings: coordinators change them, every member of the program reads them.
// Every change is audited. Changes need the program not closed; pair records
// need the pair active.
#pragma once

#include <cstdint>
#include <istream>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "core/journey.h"
#include "core/participant_csv.h"
#include "core/program.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// The program's settings with the defaults filled in (the default template
// and career fields when the program has none of its own).
struct JourneySettingsView {
  JourneySettings settings;
  bool default_template = true;  // the program uses Tandem's default text
};
JourneySettingsView GetJourneySettings(store::Database& db, const Actor& actor,
                                       std::int64_t program_id);

// A change of settings; fields not given keep their values. An empty
// template restores the default; a changed template raises its version
// (pairs that signed an older version keep their signatures and are shown as
// such). An empty career-field list restores the defaults. Throws
// kInvalidArgument naming the field (template over 20,000 characters, a
// field list with empty or repeated names or over 30 entries, an indicator
// naming a field not in the list or an unknown setting, months 0..120, a
// small-cell k outside 2..50).
struct JourneySettingsChange {
  std::optional<std::string> agreement_template;
  std::optional<std::vector<std::string>> career_fields;
  std::optional<std::optional<RetentionIndicator>> retention;  // nullopt inside: remove it
  std::optional<int> small_cell_k;                             // 2..50
};
JourneySettingsView UpdateJourneySettings(store::Database& db, const Actor& actor,
                                          std::int64_t program_id,
                                          const JourneySettingsChange& change);

// A pair's agreement as its readers see it.
struct AgreementView {
  Agreement agreement;        // revision 0: never saved
  std::string template_text;  // the program's current template
  int template_version = 1;   // the program's current template version
  std::string mentor_name;    // the names each must type to sign
  std::string mentee_name;
};
AgreementView GetAgreement(store::Database& db, const Actor& actor, std::int64_t pair_id);

// A member saves the pair's specifics: the revision grows and earlier
// signatures no longer count. `revision` is the one the member edited: a
// different current revision throws kConflict (the partner changed it
// meanwhile). Texts up to 2,000 characters each.
AgreementView SaveAgreement(store::Database& db, const Actor& actor, std::int64_t pair_id,
                            const AgreementSpecifics& specifics, int revision);

// A member signs the current revision by typing their full name as the
// program knows it (case and extra spaces aside). Throws kInvalidArgument
// (field "name") when it differs, kConflict when `revision` is no longer the
// current one, kFailedPrecondition when nothing was saved yet. When both have
// signed, each gets a confirmation e-mail.
AgreementView SignAgreement(store::Database& db, const Actor& actor, std::int64_t pair_id,
                            const std::string& typed_name, int revision);

// What a goal form sends; fields not given keep their values (on create:
// the defaults of core/journey.h; title is required).
struct GoalInput {
  std::optional<std::string> title;
  std::optional<std::string> category;
  std::optional<std::string> success;
  std::optional<std::string> target_on;
  std::optional<std::string> status;
  std::optional<bool> is_private;
  std::optional<std::vector<Milestone>> milestones;
};
Goal CreateGoal(store::Database& db, const Actor& actor, std::int64_t pair_id,
                const GoalInput& input);
Goal UpdateGoal(store::Database& db, const Actor& actor, std::int64_t goal_id,
                const GoalInput& input);
// Adds a dated progress note (today in UTC) by the actor.
Goal AddGoalNote(store::Database& db, const Actor& actor, std::int64_t goal_id,
                 const std::string& text);
// Members, and coordinators (to take down a shared goal that should not be
// there, e.g. one naming a patient); a private goal is the pair's only.
void DeleteGoal(store::Database& db, const Actor& actor, std::int64_t goal_id);

// A pair's goals: all for its members; for coordinators the shared ones,
// with `private_goals` counting those hidden.
struct GoalList {
  std::vector<Goal> goals;
  int private_goals = 0;
};
GoalList ListGoals(store::Database& db, const Actor& actor, std::int64_t pair_id);

// A project form; as GoalInput.
struct ProjectInput {
  std::optional<std::string> title;
  std::optional<std::string> type;
  std::optional<std::string> status;
  std::optional<std::string> starts_on;
  std::optional<std::string> ends_on;
  std::optional<std::string> lead;  // mentor, mentee, "" (both)
  std::optional<std::string> description;
};
Project CreateProject(store::Database& db, const Actor& actor, std::int64_t pair_id,
                      const ProjectInput& input);
Project UpdateProject(store::Database& db, const Actor& actor, std::int64_t project_id,
                      const ProjectInput& input);
// Outputs linked to the project keep their other links.
void DeleteProject(store::Database& db, const Actor& actor, std::int64_t project_id);
std::vector<Project> ListProjects(store::Database& db, const Actor& actor, std::int64_t pair_id);

// Records an output of `output.enrollment_id` in program `program_id` (the
// person, their partner in a pair of this program, or a coordinator). The
// pair is found from the person when not given; a project must be that
// pair's. Throws kInvalidArgument naming the field (core ValidateOutput),
// kConflict naming the output that already has the DOI or PMID.
Output CreateOutput(store::Database& db, const Actor& actor, std::int64_t program_id,
                    Output output);
// Replaces an output's fields (the person stays the same).
Output UpdateOutput(store::Database& db, const Actor& actor, std::int64_t output_id, Output output);
void DeleteOutput(store::Database& db, const Actor& actor, std::int64_t output_id);
// The outputs the actor may read in the program: all for coordinators; a
// member's own and their partners'.
std::vector<Output> ListOutputs(store::Database& db, const Actor& actor, std::int64_t program_id);

// Imports outputs from CSV (docs/journey.md lists the columns; `email` names
// the person). All or nothing: every problem is reported by row and column
// and nothing is written unless there are none. Coordinators.
struct OutputImportReport {
  int imported = 0;
  std::vector<InputProblem> errors;
};
OutputImportReport ImportOutputs(store::Database& db, const Actor& actor, std::int64_t program_id,
                                 std::istream& csv);
// The program's outputs as CSV in the import's columns plus the person's
// name and role. Coordinators. Returns the number of rows.
int ExportOutputs(store::Database& db, const Actor& actor, std::int64_t program_id,
                  std::ostream& csv);

// Records a career position of a mentor or mentee (the person themself or a
// coordinator). Field must be one of the program's career fields, setting
// one of kPositionSettings, starts_on a date.
Position AddPosition(store::Database& db, const Actor& actor, std::int64_t program_id,
                     Position position);
void DeletePosition(store::Database& db, const Actor& actor, std::int64_t position_id);

// The program's retention indicator computed over its mentees (not those
// who withdrew): how many are known (a position recorded) and how many meet it.
struct RetentionPerson {
  std::int64_t enrollment_id = 0;
  std::string name;
  std::string role;
  std::vector<Position> positions;
  bool retained = false;
};
struct Retention {
  std::optional<RetentionIndicator> indicator;  // none: the program defined none
  int mentees = 0;
  int known = 0;
  int retained = 0;
  std::vector<RetentionPerson> people;  // every mentor and mentee with their positions
};
// Coordinators see everyone; a member sees only themself in `people` (the
// counts stay the program's).
Retention GetRetention(store::Database& db, const Actor& actor, std::int64_t program_id);
// The same inside the caller's transaction, everyone included (the caller
// checks access).
Retention ComputeRetention(store::Transaction& tx, const Program& program);
// One row per position (and one per person without any): person, role,
// title, institution, field, setting, starts_on, retained. Coordinators.
int ExportOutcomes(store::Database& db, const Actor& actor, std::int64_t program_id,
                   std::ostream& csv);

// What the coordinator sees of each pair's journey.
struct PairJourney {
  std::int64_t pair_id = 0;
  bool agreement_signed = false;
  int agreement_revision = 0;
  bool mentor_signed = false;  // the current revision
  bool mentee_signed = false;
  int goals = 0;
  std::map<std::string, int> goals_by_status;  // private ones included
  int private_goals = 0;
  int projects = 0;
  int outputs = 0;
};
std::vector<PairJourney> ListPairJourneys(store::Database& db, const Actor& actor,
                                          std::int64_t program_id);

// Pairs active for `days` or more whose agreement is not signed, inside the
// caller's transaction (for the daily nudges).
std::vector<std::int64_t> UnsignedAgreementPairs(store::Transaction& tx, std::int64_t program_id,
                                                 int days);

}  // namespace tandem::service
