// Realistic synthetic demo data: a year-long hematology fellows' cohort
// program modelled on the reference program (35 fellows, 34 faculty at about
// 30 North American institutions, cross-institution) and a peer-support
// program (survivor and caregiver volunteers, patient requests). The same
// seed always gives the same data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/participant.h"
#include "core/program.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// The password of every demo sign-in.
inline constexpr const char* kDemoPassword = "tandem-demo-2026";

struct DemoProgram {
  Program program;
  std::string file_name;  // "fellows-2026.csv", ...
  std::vector<Participant> participants;
};

// Pure: generates the demo programs and their participants.
std::vector<DemoProgram> GenerateDemoPrograms(std::uint64_t seed);

// An account the demo can be signed in with.
struct DemoSignIn {
  std::string email;
  std::string password;
  std::string what;  // "coordinator of both programs", ...
};

struct DemoLoaded {
  Program program;
  std::string csv_path;  // where the participant CSV was written
  int mentors = 0;
  int mentees = 0;
  bool created = false;  // false when a program of that name already existed (left as it was)
  // The accounts that can sign in to this program: the administrator (every
  // program), the demo coordinator (both programs), and for the fellows'
  // program an evaluator, one mentor and one mentee. The same password for all.
  std::vector<DemoSignIn> sign_ins;
};

// Writes each demo program's CSV into `out_dir` (created if missing), then
// creates each program that does not exist yet and imports its CSV through
// ImportParticipants, and makes the demo sign-ins work: admin@tandem.example
// (administrator), coordinator@tandem.example (coordinator of both programs),
// evaluator@tandem.example (evaluator of the fellows' program), and the first
// mentor and first mentee of the fellows' program, all with the password
// kDemoPassword. Idempotent: what exists is left as it is (a password is only
// set on an account that has none). Throws tandem::Error on failure.
std::vector<DemoLoaded> LoadDemo(store::Database& db, const Actor& actor, std::uint64_t seed,
                                 const std::string& out_dir);

}  // namespace tandem::service
