// Realistic synthetic peer-support people for the demo and the suggestion
// benchmark (docs/demo-data.md#peer-support): cancer types in proportion to
// how many survivors live with each, ages, languages and treatments that
// follow the type, volunteers' training and screening, load and history.
// Pure: the same seed gives the same people.
#pragma once

#include <string>
#include <vector>

#include "core/participant.h"
#include "core/peer_support.h"
#include "service/demo_random.h"

namespace tandem::service {

struct DemoPeerPerson {
  Participant person;  // id, name, e-mail, time zone, languages, availability, capacity
  PeerProfile profile;
  VolunteerStanding standing;  // volunteers only
};

// `count` volunteers "V<first+i>" with realistic spreads: about 85% ready to
// be offered someone (trained, cleared, not paused, under their limit).
std::vector<DemoPeerPerson> GeneratePeerVolunteers(DemoRng& rng, int count, int first = 1);
// `count` people seeking support "P<first+i>": patients, survivors and
// caregivers, some asking for a volunteer of their own gender.
std::vector<DemoPeerPerson> GeneratePeerSeekers(DemoRng& rng, int count, int first = 1);

}  // namespace tandem::service
