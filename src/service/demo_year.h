// Internal to service/demo.cc: a completed year of a demo cohort program,
// replayed in order through the use cases its coordinator, mentors and
// mentees would use (pairs, meetings, journey, surveys, programs), so that
// its evaluation looks like the reference program's (docs/demo-data.md):
// - 35 pairs; 33 completed, 2 dissolved mid-year with their reasons;
// - meetings logged month by month: most pairs held 9-12 of the 12 the
//   cadence asks for, a few fewer; some months logged as not held, with why;
// - agreements signed by 33 pairs in the first month, 2-3 goals a pair (most
//   achieved);
// - scholarly projects for 22 of the 35 mentees, with publications (fake
//   DOIs 10.5555/demo.N), ASH abstracts, 4 grants (2 awarded, 2 submitted)
//   and 2 awards;
// - 23 of the 35 mentees in a faculty position in classical hematology
//   within 12 months of the end (the program's retention indicator), the
//   others elsewhere, 2 unknown;
// - an end-of-program mentee survey answered by 33 of the 35 mentees, whose
//   match, confidence, career and identity answers are examples/survey.csv's
//   (Fisher's P = .0423, .0423, .0302), and a short mentor survey answered
//   by 28 of the 34 mentors;
// - the qualitative part, in the two months after the year: an end-of-year
//   interview with a fellow and a focus group (de-identified transcripts), a
//   codebook of seven codes nested one level, both transcripts coded by the
//   demo evaluator and the demo coordinator (pooled Cohen's kappa about
//   0.73 over the lines), an agreed coding of six passages and a theme
//   quoting two of them.
// All of it is synthetic.
#pragma once

#include <cstdint>
#include <vector>

#include "core/clock.h"
#include "core/participant.h"
#include "core/program.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// Gives `program` — a cohort program loaded with `people` (34 mentors, 35
// mentees) whose 35 pairs were published on its first day — its year, and
// closes it after the follow-up of where the mentees went; returns the
// program as it is then. Each event happens at its own time: `clock`, the
// database's, is moved forward to it (never past the wall clock's time:
// what would come later is left out). `coordinator` acts as the program's
// coordinator; each mentor and mentee acts for themself. The same seed
// gives the same year. Throws tandem::Error when a use case refuses (the
// demo failed its own rules).
Program LoadDemoYear(store::Database& db, MovableClock& clock, const Actor& coordinator,
                     const Program& program, const std::vector<Participant>& people,
                     std::uint64_t seed);

}  // namespace tandem::service
