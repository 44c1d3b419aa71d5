#include "matching/score.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>
#include <unordered_map>

#include "core/error.h"

namespace tandem::matching {

std::string_view FacetName(Facet facet) {
  switch (facet) {
    case Facet::kInterests:
      return "interests";
    case Facet::kSpecialties:
      return "specialties";
    case Facet::kGoals:
      return "goals";
    case Facet::kExperience:
      return "experience";
    case Facet::kBackground:
      return "background";
    case Facet::kLanguage:
      return "language";
    case Facet::kAvailability:
      return "availability";
    case Facet::kPreference:
      return "preference";
  }
  return "unknown";
}

double FacetWeight(const MatchingWeights& w, Facet facet) {
  switch (facet) {
    case Facet::kInterests:
      return w.interests;
    case Facet::kSpecialties:
      return w.specialties;
    case Facet::kGoals:
      return w.goals;
    case Facet::kExperience:
      return w.experience;
    case Facet::kBackground:
      return w.background;
    case Facet::kLanguage:
      return w.language;
    case Facet::kAvailability:
      return w.availability;
    case Facet::kPreference:
      return w.preference;
  }
  return 0;
}

std::int64_t ToMicroPoints(double points) {
  return static_cast<std::int64_t>(std::llround(points * static_cast<double>(kMicroPoints)));
}

std::int64_t ScoreBreakdown::total() const {
  std::int64_t sum = 0;
  for (std::int64_t v : facet) sum += v;
  return sum;
}

namespace {

// Interns strings to dense ids.
class Vocabulary {
 public:
  int Add(const std::string& text) {
    auto [it, inserted] = ids_.emplace(text, static_cast<int>(names_.size()));
    if (inserted) names_.push_back(text);
    return it->second;
  }
  int Find(const std::string& text) const {
    auto it = ids_.find(text);
    return it == ids_.end() ? -1 : it->second;
  }
  int size() const { return static_cast<int>(names_.size()); }
  const std::string& name(int id) const { return names_[id]; }
  int words() const { return (size() + 63) / 64; }

 private:
  std::unordered_map<std::string, int> ids_;
  std::vector<std::string> names_;
};

void SetBit(std::uint64_t* words, int id) { words[id / 64] |= std::uint64_t{1} << (id % 64); }

int CountAnd(const std::uint64_t* a, const std::uint64_t* b, int words) {
  int n = 0;
  for (int k = 0; k < words; ++k) n += std::popcount(a[k] & b[k]);
  return n;
}

// |a & family & ~exact|
int CountFamilyOnly(const std::uint64_t* a, const std::uint64_t* family, const std::uint64_t* exact,
                    int words) {
  int n = 0;
  for (int k = 0; k < words; ++k) n += std::popcount(a[k] & family[k] & ~exact[k]);
  return n;
}

bool AnyAnd(const std::uint64_t* a, const std::uint64_t* b, int words) {
  for (int k = 0; k < words; ++k) {
    if (a[k] & b[k]) return true;
  }
  return false;
}

std::string BackgroundKeyValue(const std::string& key, const std::string& value) {
  return CanonicalTag(key) + ":" + CanonicalTag(value);
}

}  // namespace

Scorer::Scorer(const std::vector<Participant>& mentees, const std::vector<Participant>& mentors,
               const ScoringOptions& options) {
  const Taxonomy& taxonomy = options.taxonomy != nullptr ? *options.taxonomy : DefaultTaxonomy();
  for (int f = 0; f < kFacetCount; ++f) {
    const double w = FacetWeight(options.weights, static_cast<Facet>(f));
    if (!(w >= 0) || !std::isfinite(w)) {
      throw InvalidArgument("weight of " + std::string(FacetName(static_cast<Facet>(f))) +
                                " must be a non-negative number",
                            std::string(FacetName(static_cast<Facet>(f))));
    }
    micro_weight_[f] = w * static_cast<double>(kMicroPoints);
  }
  full_overlap_minutes_ = std::max(0.0, options.full_overlap_hours * 60.0);
  full_stage_gap_ = std::max(1, options.full_stage_gap);
  full_years_gap_ = std::max(1, options.full_years_gap);

  // Vocabularies hold only what mentees ask for: nothing else can earn credit.
  Vocabulary topics, goals, languages, background;
  for (const Participant& p : mentees) {
    for (const auto& t : p.interests) topics.Add(CanonicalTag(t));
    for (const auto& t : p.specialties) topics.Add(CanonicalTag(t));
    for (const auto& g : p.goals) goals.Add(CanonicalTag(g));
    for (const auto& l : p.languages) languages.Add(CanonicalTag(l));
    for (const auto& key : p.match_on) {
      for (const BackgroundTag& tag : p.background) {
        if (CanonicalTag(tag.key) == CanonicalTag(key)) {
          background.Add(BackgroundKeyValue(tag.key, tag.value));
        }
      }
    }
  }
  topic_words_ = topics.words();
  goal_words_ = goals.words();
  language_words_ = languages.words();
  background_words_ = background.words();

  // Family of a topic: its parent, its children and its siblings in the taxonomy.
  std::unordered_map<std::string, std::vector<int>> family_cache;
  const auto family = [&](const std::string& tag) -> const std::vector<int>& {
    auto it = family_cache.find(tag);
    if (it != family_cache.end()) return it->second;
    std::vector<int> members;
    const std::string parent = taxonomy.ParentOf(tag);
    for (int id = 0; id < topics.size(); ++id) {
      const std::string& other = topics.name(id);
      if (other == tag) continue;
      const std::string other_parent = taxonomy.ParentOf(other);
      if ((!parent.empty() && other_parent == parent) || other_parent == tag || other == parent) {
        members.push_back(id);
      }
    }
    return family_cache.emplace(tag, std::move(members)).first->second;
  };

  const auto reserve_profile = [&](Profile& prof, int topic_masks) {
    prof.topic_offset = bits_.size();
    bits_.resize(bits_.size() + static_cast<std::size_t>(topic_masks) * topic_words_);
    prof.goal_offset = bits_.size();
    bits_.resize(bits_.size() + goal_words_);
    prof.language_offset = bits_.size();
    bits_.resize(bits_.size() + language_words_);
    prof.background_offset = bits_.size();
    bits_.resize(bits_.size() + background_words_);
  };
  const auto common = [&](Profile& prof, const Participant& p) {
    prof.stage_rank = taxonomy.StageRank(CanonicalTag(p.career_stage));
    if (!prof.stage_rank) prof.stage_rank = taxonomy.StageRank(p.career_stage);
    prof.years = p.years_experience;
    prof.utc_offset = calendar::UtcOffsetMinutes(p.time_zone, options.reference_date);
    prof.utc_availability = calendar::ToUtcWeek(p.availability, prof.utc_offset);
    for (const auto& g : p.goals) {
      const int id = goals.Find(CanonicalTag(g));
      if (id >= 0) SetBit((bits_.data() + prof.goal_offset), id);
    }
    for (const auto& l : p.languages) {
      const int id = languages.Find(CanonicalTag(l));
      if (id >= 0) SetBit((bits_.data() + prof.language_offset), id);
    }
  };
  const auto prefer = [](Profile& prof, const Participant& p,
                         const std::unordered_map<std::string, int>& other_index) {
    prof.prefer_length = static_cast<int>(p.prefer.size());
    for (int rank = 0; rank < prof.prefer_length; ++rank) {
      auto it = other_index.find(p.prefer[rank]);
      if (it != other_index.end()) prof.prefer_rank.push_back({it->second, rank});
    }
    std::sort(prof.prefer_rank.begin(), prof.prefer_rank.end());
    // A repeated id keeps its best (first) rank.
    prof.prefer_rank.erase(
        std::unique(prof.prefer_rank.begin(), prof.prefer_rank.end(),
                    [](const auto& a, const auto& b) { return a.first == b.first; }),
        prof.prefer_rank.end());
  };
  std::unordered_map<std::string, int> mentee_index, mentor_index;
  for (int i = 0; i < static_cast<int>(mentees.size()); ++i) mentee_index.emplace(mentees[i].id, i);
  for (int j = 0; j < static_cast<int>(mentors.size()); ++j) mentor_index.emplace(mentors[j].id, j);

  mentees_.resize(mentees.size());
  for (std::size_t i = 0; i < mentees.size(); ++i) {
    const Participant& p = mentees[i];
    Profile& prof = mentees_[i];
    reserve_profile(prof, 2);
    common(prof, p);
    std::uint64_t* interests = (bits_.data() + prof.topic_offset);
    std::uint64_t* specialties = interests + topic_words_;
    for (const auto& t : p.interests) SetBit(interests, topics.Find(CanonicalTag(t)));
    for (const auto& t : p.specialties) SetBit(specialties, topics.Find(CanonicalTag(t)));
    prof.interest_count = CountAnd(interests, interests, topic_words_);
    prof.specialty_count = CountAnd(specialties, specialties, topic_words_);
    prof.goal_count =
        CountAnd((bits_.data() + prof.goal_offset), (bits_.data() + prof.goal_offset), goal_words_);
    for (const auto& key : p.match_on) {
      for (const BackgroundTag& tag : p.background) {
        if (CanonicalTag(tag.key) == CanonicalTag(key)) {
          SetBit((bits_.data() + prof.background_offset),
                 background.Find(BackgroundKeyValue(tag.key, tag.value)));
        }
      }
    }
    prof.background_count = CountAnd((bits_.data() + prof.background_offset),
                                     (bits_.data() + prof.background_offset), background_words_);
    prefer(prof, p, mentor_index);
  }
  mentors_.resize(mentors.size());
  for (std::size_t j = 0; j < mentors.size(); ++j) {
    const Participant& p = mentors[j];
    Profile& prof = mentors_[j];
    reserve_profile(prof, 4);
    common(prof, p);
    std::uint64_t* cover = (bits_.data() + prof.topic_offset);
    std::uint64_t* specialties = cover + topic_words_;
    std::uint64_t* cover_family = specialties + topic_words_;
    std::uint64_t* specialty_family = cover_family + topic_words_;
    const auto add = [&](const std::string& raw, bool specialty) {
      const std::string tag = CanonicalTag(raw);
      const int id = topics.Find(tag);
      if (id >= 0) {
        SetBit(cover, id);
        if (specialty) SetBit(specialties, id);
      }
      for (int member : family(tag)) {
        SetBit(cover_family, member);
        if (specialty) SetBit(specialty_family, member);
      }
    };
    for (const auto& t : p.interests) add(t, false);
    for (const auto& t : p.specialties) add(t, true);
    for (const BackgroundTag& tag : p.background) {
      const int id = background.Find(BackgroundKeyValue(tag.key, tag.value));
      if (id >= 0) SetBit((bits_.data() + prof.background_offset), id);
    }
    prefer(prof, p, mentee_index);
  }
}

template <bool kExplain>
std::int64_t Scorer::Compute(int mentee, int mentor, ScoreBreakdown* out) const {
  const Profile& e = mentees_[mentee];
  const Profile& r = mentors_[mentor];
  std::int64_t total = 0;
  const auto add = [&](Facet facet, double similarity) {
    // similarity in [0, 1]; weights are non-negative, so round half up.
    const auto micro =
        static_cast<std::int64_t>(micro_weight_[static_cast<int>(facet)] * similarity + 0.5);
    total += micro;
    if constexpr (kExplain) out->facet[static_cast<int>(facet)] = micro;
  };
  const std::uint64_t* e_topics = (bits_.data() + e.topic_offset);
  const std::uint64_t* r_topics = (bits_.data() + r.topic_offset);
  const int W = topic_words_;
  if (e.interest_count > 0) {
    const int exact = CountAnd(e_topics, r_topics, W);
    const int family = CountFamilyOnly(e_topics, r_topics + 2 * W, r_topics, W);
    add(Facet::kInterests, (exact + 0.5 * family) / e.interest_count);
  } else if constexpr (kExplain) {
    add(Facet::kInterests, 0);
  }
  if (e.specialty_count > 0) {
    const int exact = CountAnd(e_topics + W, r_topics + W, W);
    const int family = CountFamilyOnly(e_topics + W, r_topics + 3 * W, r_topics + W, W);
    add(Facet::kSpecialties, (exact + 0.5 * family) / e.specialty_count);
  } else if constexpr (kExplain) {
    add(Facet::kSpecialties, 0);
  }
  if (e.goal_count > 0) {
    add(Facet::kGoals, static_cast<double>(CountAnd((bits_.data() + e.goal_offset),
                                                    (bits_.data() + r.goal_offset), goal_words_)) /
                           e.goal_count);
  } else if constexpr (kExplain) {
    add(Facet::kGoals, 0);
  }
  {
    double sum = 0;
    int parts = 0;
    if (e.stage_rank && r.stage_rank) {
      const int gap = *r.stage_rank - *e.stage_rank;
      sum += std::clamp(static_cast<double>(gap) / full_stage_gap_, 0.0, 1.0);
      ++parts;
    }
    if (e.years && r.years) {
      const int gap = *r.years - *e.years;
      sum += std::clamp(static_cast<double>(gap) / full_years_gap_, 0.0, 1.0);
      ++parts;
    }
    add(Facet::kExperience, parts > 0 ? sum / parts : 0.0);
  }
  if (e.background_count > 0) {
    add(Facet::kBackground,
        static_cast<double>(CountAnd((bits_.data() + e.background_offset),
                                     (bits_.data() + r.background_offset), background_words_)) /
            e.background_count);
  } else if constexpr (kExplain) {
    add(Facet::kBackground, 0);
  }
  add(Facet::kLanguage, AnyAnd((bits_.data() + e.language_offset),
                               (bits_.data() + r.language_offset), language_words_)
                            ? 1.0
                            : 0.0);
  {
    double similarity = 0;
    if (!e.utc_availability.empty() && !r.utc_availability.empty()) {
      const int overlap = calendar::OverlapMinutes(e.utc_availability, r.utc_availability);
      similarity = full_overlap_minutes_ <= 0 ? (overlap > 0 ? 1.0 : 0.0)
                                              : std::min(1.0, overlap / full_overlap_minutes_);
    }
    add(Facet::kAvailability, similarity);
  }
  {
    const auto credit = [](const Profile& p, int other) {
      if (p.prefer_rank.empty()) return 0.0;
      auto it = std::lower_bound(p.prefer_rank.begin(), p.prefer_rank.end(),
                                 std::pair<int, int>(other, -1));
      if (it == p.prefer_rank.end() || it->first != other) return 0.0;
      return static_cast<double>(p.prefer_length - it->second) / p.prefer_length;
    };
    add(Facet::kPreference, (credit(e, mentor) + credit(r, mentee)) / 2);
  }
  return total;
}

std::int64_t Scorer::Score(int mentee, int mentor) const {
  return Compute<false>(mentee, mentor, nullptr);
}

ScoreBreakdown Scorer::Explain(int mentee, int mentor) const {
  ScoreBreakdown out;
  Compute<true>(mentee, mentor, &out);
  return out;
}

}  // namespace tandem::matching
