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

struct DemoProgram {
  Program program;
  std::string file_name;  // "fellows-2026.csv", ...
  std::vector<Participant> participants;
};

// Pure: generates the demo programs and their participants.
std::vector<DemoProgram> GenerateDemoPrograms(std::uint64_t seed);

struct DemoLoaded {
  Program program;
  std::string csv_path;  // where the participant CSV was written
  int mentors = 0;
  int mentees = 0;
  bool created = false;  // false when a program of that name already existed (left as it was)
};

// Writes each demo program's CSV into `out_dir` (created if missing), then
// creates each program that does not exist yet and imports its CSV through
// ImportParticipants. Throws tandem::Error on failure.
std::vector<DemoLoaded> LoadDemo(store::Database& db, const Actor& actor, std::uint64_t seed,
                                 const std::string& out_dir);

}  // namespace tandem::service
