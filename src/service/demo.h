// Realistic synthetic demo data: a year-long hematology fellows' cohort
// program modelled on the reference program (35 fellows, 34 faculty at about
// 30 North American institutions, cross-institution), running; a
// peer-support program (survivor and caregiver volunteers, patient
// requests); and last year's fellows' cohort, completed, with a full year of
// meetings, journey records, outcomes and surveys (service/demo_year.h,
// docs/demo-data.md). The same seed always gives the same data.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/intake.h"
#include "core/mentor_request.h"
#include "core/participant.h"
#include "core/program.h"
#include "service/actor.h"
#include "service/demo_peer.h"
#include "store/database.h"

namespace tandem::service {

// The password of every demo sign-in.
inline constexpr const char* kDemoPassword = "tandem-demo-2026";

struct DemoProgram {
  Program program;
  std::string file_name;  // "fellows-2026.csv", ...
  std::vector<Participant> participants;
  // A past year: loaded with its year of data (LoadDemoYear), then closed.
  bool completed = false;
  // How people are matched: a cohort led by its coordinator is matched and
  // published at once; a mentee-led one waits for its mentees' requests.
  ChoiceSettings choice;
  // Peer support: the volunteers' peer profiles and standing (the same
  // people as `participants`), and the people whose requests fill the queue.
  std::vector<DemoPeerPerson> volunteers;
  std::vector<DemoPeerPerson> seekers;
  // The program's own vocabulary ("template:<code>"; empty: the built-in
  // one) and intake questions, set before its people are imported.
  std::string vocabulary_from;
  std::vector<IntakeQuestion> questions;
};

// Pure: generates the demo programs and their participants, in this order:
// the fellows' program 2026-27, the peer-support program, the fellows'
// program 2025-26 (completed), the early-career investigators' program
// (mentee-led: mentees ask mentors from their shortlists), and a cancer
// centre's oncology nurse mentoring program (its own vocabulary and intake
// questions, one of them must-match).
std::vector<DemoProgram> GenerateDemoPrograms(std::uint64_t seed);

// An account the demo can be signed in with.
struct DemoSignIn {
  std::string email;
  std::string password;
  std::string what;  // "coordinator of every demo program", ...
};

struct DemoLoaded {
  Program program;
  std::string csv_path;  // where the participant CSV was written
  int mentors = 0;
  int mentees = 0;
  bool created = false;  // false when a program of that name already existed (left as it was)
  // The accounts that can sign in to this program: the administrator (every
  // program), the demo coordinator (every demo program), for the fellows'
  // programs an evaluator, and for this year's fellows' program and the
  // investigators' program one mentor and one mentee. The same password for all.
  std::vector<DemoSignIn> sign_ins;
};

// Writes each demo program's CSV into `out_dir` (created if missing), then
// creates each program that does not exist yet and imports its CSV through
// ImportParticipants (a coordinator-led cohort is matched and its pairs
// published; a mentee-led one gets its choice settings and waits; a
// completed one also gets its year of data and is closed), and makes the
// demo sign-ins work: admin@tandem.example (administrator),
// coordinator@tandem.example (coordinator of every demo program),
// evaluator@tandem.example (evaluator of the cohort programs), and the
// first mentor and first mentee of this year's fellows' program and of the
// mentee-led programs, all with the
// password kDemoPassword. Returns the programs in GenerateDemoPrograms'
// order. Idempotent: what exists is left as it is (a password is only set on
// an account that has none). Throws tandem::Error on failure.
//
// `clock` is `db`'s own clock (kInvalidArgument otherwise). Last year's
// cohort is created first and its year replayed in order, each event at its
// time (service/demo_year.cc says why), then the clock is moved to the wall
// clock's time and this year's programs are created. So when last year's
// program must be created the clock must read a time before that program
// began (kFailedPrecondition otherwise): open the database with
// NewDemoClock().
std::vector<DemoLoaded> LoadDemo(store::Database& db, MovableClock& clock, const Actor& actor,
                                 std::uint64_t seed, const std::string& out_dir);

// The clock to open the database the demo is loaded into with
// (store::Database::Open): it reads a time two months before last year's
// cohort began, and LoadDemo moves it forward through that year to now.
std::shared_ptr<MovableClock> NewDemoClock();

}  // namespace tandem::service
