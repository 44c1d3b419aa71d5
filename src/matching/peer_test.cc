#include "matching/peer.h"

#include <gtest/gtest.h>

#include <random>
#include <set>

#include "core/error.h"

namespace tandem::matching {
namespace {

std::string Pick(std::mt19937& rng, std::span<const PeerTerm> list) {
  return std::string(list[rng() % list.size()].code);
}

// Small random pools with few values per field, so that many scores tie and
// every bucket and rule is exercised.
PeerProfile RandomProfile(std::mt19937& rng) {
  PeerProfile p;
  p.person = Pick(rng, PeerPersonKinds());
  p.cancer_type = rng() % 5 == 0 ? "" : Pick(rng, PeerCancerTypes().subspan(0, 4));
  if (rng() % 4 == 0) p.cancer_subtype = rng() % 2 ? "triple negative" : "her2 positive";
  for (int k = 0; k < 2; ++k) {
    if (rng() % 2) p.treatments.push_back(Pick(rng, PeerTreatments().subspan(0, 4)));
  }
  if (rng() % 5) p.age_group = Pick(rng, PeerAgeGroups());
  if (rng() % 5) p.gender = Pick(rng, PeerGenders().subspan(0, 2));
  if (p.person == "caregiver") p.relationship = Pick(rng, PeerRelationships().subspan(0, 2));
  if (rng() % 5) p.time_since_diagnosis = Pick(rng, PeerTimesSinceDiagnosis());
  for (int k = 0; k < 3; ++k) {
    if (rng() % 2) p.topics.push_back(Pick(rng, PeerTopics().subspan(0, 5)));
  }
  p.languages = {rng() % 10 == 0 ? "spanish" : "english"};
  if (rng() % 15 == 0) p.languages.push_back("french");
  if (rng() % 30 == 0) p.languages = {"tagalog"};
  p.time_zone = rng() % 2 ? "America/New_York" : "America/Los_Angeles";
  if (rng() % 3) p.availability = {{static_cast<int>(rng() % 7) * 1440 + 18 * 60, 120}};
  return p;
}

PeerVolunteer RandomVolunteer(std::mt19937& rng, std::int64_t id) {
  PeerVolunteer v;
  v.id = id;
  v.profile = RandomProfile(rng);
  v.profile.same_gender = false;
  VolunteerStanding& s = v.standing;
  s.trained_on = rng() % 10 == 0 ? "" : "2026-01-10";
  s.screening = rng() % 10 == 0 ? Screening::kPending
                                : (rng() % 20 == 0 ? Screening::kExpired : Screening::kCleared);
  if (rng() % 8 == 0) s.screening_expires_on = rng() % 2 ? "2026-06-30" : "2027-12-31";
  s.paused = rng() % 15 == 0;
  s.capacity = 1 + static_cast<int>(rng() % 3);
  s.load = static_cast<int>(rng() % 4);
  if (rng() % 2) s.last_matched_at = rng() % 2 ? "2026-11-01T10:00:00Z" : "2026-02-01T10:00:00Z";
  return v;
}

PeerQuery RandomQuery(std::mt19937& rng, int limit) {
  PeerQuery q;
  q.request = RandomProfile(rng);
  q.request.same_gender = !q.request.gender.empty() && rng() % 4 == 0;
  q.limit = limit;
  q.today = "2026-12-06";
  q.now = "2026-12-06T12:00:00Z";
  for (int k = 0; k < 3; ++k) q.excluded.push_back(static_cast<std::int64_t>(rng() % 300));
  return q;
}

bool Allowed(const PeerVolunteer& v, const PeerQuery& q) {
  if (!VolunteerUnavailableReason(v.standing, q.today).empty()) return false;
  if (std::count(q.excluded.begin(), q.excluded.end(), v.id)) return false;
  bool shared = false;
  for (const std::string& l : q.request.languages) {
    shared |= std::count(v.profile.languages.begin(), v.profile.languages.end(), l) > 0;
  }
  if (!shared) return false;
  return !q.request.same_gender || v.profile.gender == q.request.gender;
}

// The index answers exactly as a scan of everyone, also after volunteers
// change, pause, leave and join one at a time, and never suggests anyone a
// hard rule keeps apart (checked against the rules written out here).
TEST(PeerIndexTest, AnswersAsAScanOfEveryoneThroughChanges) {
  std::mt19937 rng(11);
  for (int round = 0; round < 6; ++round) {
    SCOPED_TRACE(round);
    const int n = 50 + round * 60;
    PeerIndex index({}, "2026-12-01");
    std::map<std::int64_t, PeerVolunteer> pool;
    for (int i = 0; i < n; ++i) {
      pool[i] = RandomVolunteer(rng, i);
      index.Upsert(pool[i]);
    }
    for (int step = 0; step < 80; ++step) {
      // One change: a new profile or standing, a departure, or a newcomer.
      const std::int64_t id = static_cast<std::int64_t>(rng() % (n + 20));
      if (rng() % 5 == 0 && pool.count(id)) {
        index.Remove(id);
        pool.erase(id);
      } else {
        pool[id] = RandomVolunteer(rng, id);
        index.Upsert(pool[id]);
      }
      ASSERT_EQ(index.size(), pool.size());
      PeerQuery q = RandomQuery(rng, 1 + static_cast<int>(rng() % 12));
      if (step % 2 == 0 && pool.count(id)) {
        // Someone very like a volunteer: their score clears what any other
        // cancer type could reach, so the index stops after one bucket.
        q.request = pool.at(id).profile;
        q.limit = 1;
      }
      const std::vector<PeerSuggestion> fast = index.Suggest(q);
      const std::vector<PeerSuggestion> all = index.SuggestByScanning(q);
      ASSERT_EQ(fast.size(), all.size()) << step;
      for (size_t k = 0; k < fast.size(); ++k) {
        EXPECT_EQ(fast[k].volunteer, all[k].volunteer) << step << " #" << k;
        EXPECT_EQ(fast[k].score, all[k].score);
        double sum = 0;
        for (double part : fast[k].parts) sum += part;
        EXPECT_NEAR(sum, fast[k].score, 1e-9);
        EXPECT_TRUE(Allowed(pool.at(fast[k].volunteer), q)) << fast[k].volunteer;
        if (k > 0) {
          EXPECT_TRUE(
              fast[k - 1].score > fast[k].score ||
              (fast[k - 1].score == fast[k].score && fast[k - 1].volunteer < fast[k].volunteer));
        }
      }
      // Nobody allowed is left out when fewer than the limit are suggested.
      if (static_cast<int>(fast.size()) < q.limit) {
        int allowed = 0;
        for (const auto& [vid, v] : pool) allowed += Allowed(v, q);
        EXPECT_EQ(static_cast<int>(fast.size()), allowed);
      }
    }
  }
}

TEST(PeerIndexTest, ScoresEachFacetAsDocumented) {
  PeerVolunteer v;
  v.id = 7;
  v.profile.person = "survivor";
  v.profile.cancer_type = "breast";
  v.profile.cancer_subtype = "triple negative";
  v.profile.treatments = {"surgery", "chemotherapy"};
  v.profile.age_group = "40_49";
  v.profile.gender = "woman";
  v.profile.time_since_diagnosis = "2_to_5_years";
  v.profile.topics = {"fertility", "body_image"};
  v.profile.languages = {"english"};
  v.profile.time_zone = "America/New_York";
  v.profile.availability = {{1 * 1440 + 18 * 60, 120}};  // Tue 18:00-20:00
  v.standing = {.trained_on = "2026-01-10",
                .screening = Screening::kCleared,
                .capacity = 2,
                .load = 1,
                .last_matched_at = "2026-11-06T12:00:00Z"};
  PeerIndex index({}, "2026-12-01");
  index.Upsert(v);
  PeerQuery q;
  q.request.person = "patient";
  q.request.cancer_type = "breast";
  q.request.cancer_subtype = "triple negative";
  q.request.treatments = {"surgery", "chemotherapy", "radiation"};
  q.request.age_group = "30_39";
  q.request.gender = "woman";
  q.request.time_since_diagnosis = "under_6_months";
  q.request.topics = {"fertility", "finances"};
  q.request.languages = {"english"};
  q.request.time_zone = "America/Chicago";
  q.request.availability = {{1 * 1440 + 17 * 60, 60}};  // Tue 17:00-18:00 Chicago = 18-19 NY
  q.today = "2026-12-06";
  q.now = "2026-12-06T12:00:00Z";
  const std::vector<PeerSuggestion> s = index.Suggest(q);
  ASSERT_EQ(s.size(), 1u);
  const auto part = [&](PeerFacet f) { return s[0].parts[static_cast<int>(f)]; };
  EXPECT_DOUBLE_EQ(part(PeerFacet::kCancerType), 25);
  EXPECT_DOUBLE_EQ(part(PeerFacet::kSubtype), 5);
  EXPECT_DOUBLE_EQ(part(PeerFacet::kTreatments), 15.0 * 2 / 3);
  EXPECT_DOUBLE_EQ(part(PeerFacet::kExperience), 10);  // a patient with a survivor
  EXPECT_DOUBLE_EQ(part(PeerFacet::kAge), 5);          // adjacent groups
  EXPECT_DOUBLE_EQ(part(PeerFacet::kGender), 5);
  EXPECT_DOUBLE_EQ(part(PeerFacet::kTimeSince), 5 * 0.25);  // three steps apart
  EXPECT_DOUBLE_EQ(part(PeerFacet::kTopics), 5);            // one of two
  EXPECT_DOUBLE_EQ(part(PeerFacet::kAvailability), 2.5);    // two half hours of four
  EXPECT_DOUBLE_EQ(part(PeerFacet::kBalance), 10 * (0.5 * 0.5 + 0.5 * 30 / 90.0));
  // Hard rules: a different language, the same gender asked for, a paused
  // volunteer, an expired screening, a volunteer who declined.
  PeerQuery other = q;
  other.request.languages = {"spanish"};
  EXPECT_TRUE(index.Suggest(other).empty());
  other = q;
  other.request.gender = "man";
  other.request.same_gender = true;
  EXPECT_TRUE(index.Suggest(other).empty());
  other = q;
  other.excluded = {7};
  EXPECT_TRUE(index.Suggest(other).empty());
  v.standing.screening_expires_on = "2026-12-05";
  index.Upsert(v);
  EXPECT_TRUE(index.Suggest(q).empty());
  v.standing.screening_expires_on = "";
  v.standing.paused = true;
  index.Upsert(v);
  EXPECT_TRUE(index.Suggest(q).empty());
  v.standing.paused = false;
  v.standing.load = 2;
  index.Upsert(v);
  EXPECT_TRUE(index.Suggest(q).empty());
  EXPECT_THROW(index.Suggest({.limit = 0, .today = "2026-12-06", .now = "2026-12-06"}), Error);
  EXPECT_THROW(index.Suggest({.limit = 5, .today = "someday", .now = "2026-12-06"}), Error);
}

}  // namespace
}  // namespace tandem::matching
