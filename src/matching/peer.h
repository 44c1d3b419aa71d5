// Peer-support suggestions (docs/peer-support.md#suggestions): for one
// person seeking support, the best volunteers of a large pool, in well under
// a millisecond, from an index kept up to date one volunteer at a time.
// Pure: no I/O. The same answer as scanning every volunteer (SuggestByScan),
// which the tests and the benchmark compare it with.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/peer_support.h"

namespace tandem::matching {

// The facets of a peer score, each a similarity in [0, 1] times its weight.
enum class PeerFacet {
  kCancerType,  // same cancer type
  kSubtype,     // same subtype words (both given)
  kTreatments,  // shared treatments over the requester's (Jaccard)
  kExperience,  // a caregiver with a caregiver (same relationship: full), a patient with a survivor
  kAge,         // age group: same 1, adjacent 0.5
  kGender,      // same gender (both given)
  kTimeSince,   // time since diagnosis: same 1, one step apart 0.75, ...
  kTopics,      // the requester's topics the volunteer knows
  kAvailability,  // weekly overlap in whole half hours, full credit from 2 hours
  kBalance,  // fewer people now and longer since the last match (so the same few are not asked)
};
inline constexpr int kPeerFacetCount = 10;
std::string_view PeerFacetName(PeerFacet facet);  // "cancer_type", ...

// Points per facet; the defaults sum to 100.
struct PeerWeights {
  std::array<double, kPeerFacetCount> weight = {25, 5, 15, 10, 10, 5, 5, 10, 5, 10};
};

// A volunteer as the index keeps them: the enrollment id, the profile and
// the standing (whose load and last match change as people are matched).
struct PeerVolunteer {
  std::int64_t id = 0;
  PeerProfile profile;
  VolunteerStanding standing;
};

// One suggestion: the volunteer, the score and its parts (PeerFacet order),
// which sum to the score.
struct PeerSuggestion {
  std::int64_t volunteer = 0;
  double score = 0;
  std::array<double, kPeerFacetCount> parts{};
};

// What a suggestion is asked for.
struct PeerQuery {
  PeerProfile request;                 // the person seeking support
  int limit = 10;                      // 1..100
  std::vector<std::int64_t> excluded;  // volunteers who declined or were offered already
  std::string today;                   // "YYYY-MM-DD" (screening expiry); required
  std::string now;                     // UTC ISO 8601 (days since the last match); required
};

// The hard rules, in order: the volunteer is active (trained, screening
// cleared and not expired, not paused, under their limit), not excluded,
// shares a language with the requester, and is of the requester's gender
// when they asked for it. Everything else is scored.

// An index of a program's volunteers. Upsert and Remove change one
// volunteer in time proportional to their profile (plus the bucket they
// leave); Suggest reads. Suggest is const and safe from many threads at
// once; Upsert and Remove need the caller's exclusive lock.
class PeerIndex {
 public:
  // `reference_date` ("YYYY-MM-DD", "" = 2025-01-01) fixes the time-zone
  // offsets availability is compared with.
  explicit PeerIndex(PeerWeights weights = {}, std::string reference_date = "");
  ~PeerIndex();
  PeerIndex(const PeerIndex&) = delete;
  PeerIndex& operator=(const PeerIndex&) = delete;

  // Adds the volunteer or replaces the one with the same id. Throws
  // tandem::Error(kInvalidArgument) for an unknown time zone.
  void Upsert(const PeerVolunteer& volunteer);
  // Forgets the volunteer (no-op when unknown).
  void Remove(std::int64_t id);
  std::size_t size() const;

  // The best `query.limit` volunteers no hard rule keeps from the request,
  // best first; ties by lower id. Throws kInvalidArgument for a bad limit,
  // today or now.
  std::vector<PeerSuggestion> Suggest(const PeerQuery& query) const;
  // The same answer by scoring every volunteer, no buckets: the reference
  // the tests and the benchmark compare Suggest with.
  std::vector<PeerSuggestion> SuggestByScanning(const PeerQuery& query) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The reference on a list: an index of `pool`, scanned.
std::vector<PeerSuggestion> SuggestByScan(const std::vector<PeerVolunteer>& pool,
                                          const PeerQuery& query, PeerWeights weights = {},
                                          std::string reference_date = "");

}  // namespace tandem::matching
