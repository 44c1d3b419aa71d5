#include "matching/score.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <exception>
#include <map>
#include <string>
#include <thread>
#include <tuple>
#include <type_traits>
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

std::string QuestionFacetName(const IntakeQuestion& question) {
  return "question:" + question.code;
}

std::int64_t ToMicroPoints(double points) {
  return static_cast<std::int64_t>(std::llround(points * static_cast<double>(kMicroPoints)));
}

std::int64_t ScoreBreakdown::total() const {
  std::int64_t sum = 0;
  for (std::int64_t v : facet) sum += v;
  for (std::int64_t v : questions) sum += v;
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

// CanonicalTag of each distinct text, computed once.
class CanonicalCache {
 public:
  const std::string& operator()(const std::string& text) {
    auto it = canonical_of_.find(text);
    if (it == canonical_of_.end()) it = canonical_of_.emplace(text, CanonicalTag(text)).first;
    return it->second;
  }

 private:
  std::unordered_map<std::string, std::string> canonical_of_;
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

// The similarities of core/intake.h's QuestionMatch, written once for the
// reference and the fast path's tables.
double OverlapSimilarity(int shared, int asked) { return static_cast<double>(shared) / asked; }
double ClosenessSimilarity(int distance, int range) {
  return 1.0 - static_cast<double>(distance) / range;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

// One answer as Scorer::MenteeAnswer describes it (0: unanswered).
std::uint64_t EncodeAnswer(const IntakeQuestion& q, const std::vector<std::string>* values) {
  if (values == nullptr) return 0;
  std::uint64_t word = 0;
  for (const std::string& raw : *values) {
    const std::string value = Lower(raw);
    if (q.kind == QuestionKind::kYesNo) {
      if (value == "yes") word |= 1;
      if (value == "no") word |= 2;
    } else if (q.kind == QuestionKind::kScale) {
      // The first whole number within the scale; nothing else counts.
      int n = 0;
      const char* first = value.data();
      const char* last = first + value.size();
      if (first != last && *first == '+') ++first;
      const auto [end, error] = std::from_chars(first, last, n);
      if (error == std::errc() && end == last && first != last && n >= q.scale_min &&
          n <= q.scale_max) {
        return static_cast<std::uint64_t>(n - q.scale_min + 1);
      }
    } else {
      for (std::size_t k = 0; k < q.options.size() && k < 64; ++k) {
        if (q.options[k].code == value) word |= std::uint64_t{1} << k;
      }
    }
  }
  return word;
}

}  // namespace

void Scorer::LoadAnswers(const std::vector<const Participant*>& mentees,
                         const std::vector<const Participant*>& mentors,
                         const std::vector<IntakeQuestion>& all_questions) {
  ValidateQuestions(all_questions);
  questions_ = MatchingQuestions(all_questions);
  const std::size_t Q = questions_.size(), E = mentees.size(), R = mentors.size();
  question_micro_weight_.resize(Q);
  mentee_answers_.assign(Q * E, 0);
  mentor_answers_.assign(Q * R, 0);
  question_tables_.resize(Q);
  const auto answer = [](const Participant& p,
                         const std::string& code) -> const std::vector<std::string>* {
    const auto it = p.answers.find(code);
    return it == p.answers.end() ? nullptr : &it->second;
  };
  for (std::size_t j = 0; j < Q; ++j) {
    const IntakeQuestion& q = questions_[j];
    question_micro_weight_[j] = q.weight * static_cast<double>(kMicroPoints);
    const std::string& mentor_code = q.compare_with.empty() ? q.code : q.compare_with;
    for (std::size_t e = 0; e < E; ++e) {
      mentee_answers_[j * E + e] = EncodeAnswer(q, answer(*mentees[e], q.code));
    }
    for (std::size_t r = 0; r < R; ++r) {
      mentor_answers_[j * R + r] = EncodeAnswer(q, answer(*mentors[r], mentor_code));
    }
    // The fast path's copy of the mentors' answers in as few bytes as hold
    // them (a choice of at most 8 options in one byte, a scale always).
    const std::uint64_t* answers = mentor_answers_.data() + j * R;
    const int bits = q.kind == QuestionKind::kScale   ? 8
                     : q.kind == QuestionKind::kYesNo ? 2
                                                      : static_cast<int>(q.options.size());
    const int width = bits <= 8 ? 1 : bits <= 16 ? 2 : bits <= 32 ? 4 : 8;
    question_width_.push_back(width);
    const auto narrow = [&](auto& to) {
      question_offset_.push_back(to.size());
      for (std::size_t r = 0; r < R; ++r) {
        to.push_back(static_cast<typename std::decay_t<decltype(to)>::value_type>(answers[r]));
      }
    };
    if (width == 1) narrow(answers8_);
    if (width == 2) narrow(answers16_);
    if (width == 4) narrow(answers32_);
    if (width == 8) question_offset_.push_back(j * R);  // in mentor_answers_
    std::vector<std::int64_t>& table = question_tables_[j];
    const int j_int = static_cast<int>(j);
    if (q.match == QuestionMatch::kOverlap) {
      const int most = q.kind == QuestionKind::kYesNo ? 2 : static_cast<int>(q.options.size());
      for (int n = 0; n <= most; ++n) {
        for (int k = 0; k <= n; ++k) {
          table.push_back(n > 0 ? QuestionMicro(j_int, OverlapSimilarity(k, n)) : 0);
        }
      }
    } else if (q.match == QuestionMatch::kCloseness) {
      const int range = q.scale_max - q.scale_min;
      for (int d = 0; d <= range; ++d) {
        table.push_back(QuestionMicro(j_int, ClosenessSimilarity(d, range)));
      }
      table.push_back(0);  // an unanswered mentor
    }
  }
}

double Scorer::QuestionSimilarity(int question, std::uint64_t a, std::uint64_t b) const {
  if (a == 0 || b == 0) return 0;
  const IntakeQuestion& q = questions_[question];
  switch (q.match) {
    case QuestionMatch::kSame:
      return a == b ? 1.0 : 0.0;
    case QuestionMatch::kOverlap:
      return OverlapSimilarity(std::popcount(a & b), std::popcount(a));
    case QuestionMatch::kCloseness: {
      const std::int64_t distance = static_cast<std::int64_t>(a) - static_cast<std::int64_t>(b);
      return ClosenessSimilarity(static_cast<int>(distance < 0 ? -distance : distance),
                                 q.scale_max - q.scale_min);
    }
    case QuestionMatch::kMustMatch:
      return (a & b) != 0 ? 1.0 : 0.0;
    case QuestionMatch::kNone:
      break;
  }
  return 0;
}

namespace {}  // namespace

namespace {

std::vector<const Participant*> Pointers(const std::vector<Participant>& people) {
  std::vector<const Participant*> out;
  out.reserve(people.size());
  for (const Participant& p : people) out.push_back(&p);
  return out;
}

}  // namespace

Scorer::Scorer(const std::vector<Participant>& mentees, const std::vector<Participant>& mentors,
               const ScoringOptions& options)
    : Scorer(Pointers(mentees), Pointers(mentors), options) {}

Scorer::Scorer(const std::vector<const Participant*>& mentees,
               const std::vector<const Participant*>& mentors, const ScoringOptions& options) {
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

  // CanonicalTag of each distinct text once per thread: the same tags come
  // back in thousands of profiles.
  CanonicalCache canonical;
  const auto key_value = [](CanonicalCache& canonical, const BackgroundTag& tag) {
    return canonical(tag.key) + ":" + canonical(tag.value);
  };
  // Vocabularies hold only what mentees ask for: nothing else can earn credit.
  Vocabulary topics, goals, languages, background;
  // Each mentee's topic ids as this pass finds them (interests from
  // topic_begin[i], specialties from specialty_begin[i]), so that its
  // profile need not look them up again.
  std::vector<int> topic_ids;
  std::vector<std::size_t> topic_begin(mentees.size() + 1), specialty_begin(mentees.size());
  for (std::size_t i = 0; i < mentees.size(); ++i) {
    const Participant& p = *mentees[i];
    topic_begin[i] = topic_ids.size();
    for (const auto& t : p.interests) topic_ids.push_back(topics.Add(canonical(t)));
    specialty_begin[i] = topic_ids.size();
    for (const auto& t : p.specialties) topic_ids.push_back(topics.Add(canonical(t)));
    for (const auto& g : p.goals) goals.Add(canonical(g));
    for (const auto& l : p.languages) languages.Add(canonical(l));
    for (const auto& key : p.match_on) {
      for (const BackgroundTag& tag : p.background) {
        if (canonical(tag.key) == canonical(key)) {
          background.Add(key_value(canonical, tag));
        }
      }
    }
  }
  topic_begin[mentees.size()] = topic_ids.size();
  topic_words_ = topics.words();
  goal_words_ = goals.words();
  language_words_ = languages.words();
  background_words_ = background.words();

  // Each profile's words at a fixed place (mentees, then mentors): topic
  // masks (two for a mentee, four for a mentor), goals, languages, background.
  const std::size_t tail_words =
      static_cast<std::size_t>(goal_words_) + language_words_ + background_words_;
  const std::size_t mentee_words = 2 * static_cast<std::size_t>(topic_words_) + tail_words;
  const std::size_t mentor_words = 4 * static_cast<std::size_t>(topic_words_) + tail_words;
  bits_.assign(mentees.size() * mentee_words + mentors.size() * mentor_words, 0);
  const auto place = [&](Profile& prof, std::size_t offset, int topic_masks) {
    prof.topic_offset = offset;
    prof.goal_offset = offset + static_cast<std::size_t>(topic_masks) * topic_words_;
    prof.language_offset = prof.goal_offset + goal_words_;
    prof.background_offset = prof.language_offset + language_words_;
  };
  const auto common = [&](CanonicalCache& canonical, Profile& prof, const Participant& p) {
    prof.stage_rank = taxonomy.StageRank(canonical(p.career_stage));
    if (!prof.stage_rank) prof.stage_rank = taxonomy.StageRank(p.career_stage);
    prof.years = p.years_experience;
    prof.utc_offset = calendar::UtcOffsetMinutes(p.time_zone, options.reference_date);
    prof.utc_availability = calendar::ToUtcWeek(p.availability, prof.utc_offset);
    for (const auto& g : p.goals) {
      const int id = goals.Find(canonical(g));
      if (id >= 0) SetBit((bits_.data() + prof.goal_offset), id);
    }
    for (const auto& l : p.languages) {
      const int id = languages.Find(canonical(l));
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
  for (int i = 0; i < static_cast<int>(mentees.size()); ++i)
    mentee_index.emplace(mentees[i]->id, i);
  for (int j = 0; j < static_cast<int>(mentors.size()); ++j)
    mentor_index.emplace(mentors[j]->id, j);

  mentees_.resize(mentees.size());
  mentors_.resize(mentors.size());
  // The mentees' profiles and the mentors' are independent (each writes its
  // own words; the vocabularies and the taxonomy are only read), so a large
  // pool builds them on two threads.
  const auto build_mentees = [&] {
    for (std::size_t i = 0; i < mentees.size(); ++i) {
      const Participant& p = *mentees[i];
      Profile& prof = mentees_[i];
      place(prof, i * mentee_words, 2);
      common(canonical, prof, p);
      std::uint64_t* interests = (bits_.data() + prof.topic_offset);
      std::uint64_t* specialties = interests + topic_words_;
      for (std::size_t k = topic_begin[i]; k < specialty_begin[i]; ++k) {
        SetBit(interests, topic_ids[k]);
      }
      for (std::size_t k = specialty_begin[i]; k < topic_begin[i + 1]; ++k) {
        SetBit(specialties, topic_ids[k]);
      }
      prof.interest_count = CountAnd(interests, interests, topic_words_);
      prof.specialty_count = CountAnd(specialties, specialties, topic_words_);
      prof.goal_count = CountAnd((bits_.data() + prof.goal_offset),
                                 (bits_.data() + prof.goal_offset), goal_words_);
      for (const auto& key : p.match_on) {
        for (const BackgroundTag& tag : p.background) {
          if (canonical(tag.key) == canonical(key)) {
            SetBit((bits_.data() + prof.background_offset),
                   background.Find(key_value(canonical, tag)));
          }
        }
      }
      prof.background_count = CountAnd((bits_.data() + prof.background_offset),
                                       (bits_.data() + prof.background_offset), background_words_);
      prefer(prof, p, mentor_index);
    }
  };
  const auto build_mentors = [&] {
    CanonicalCache canonical;
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
    const std::size_t base = mentees.size() * mentee_words;
    for (std::size_t j = 0; j < mentors.size(); ++j) {
      const Participant& p = *mentors[j];
      Profile& prof = mentors_[j];
      place(prof, base + j * mentor_words, 4);
      common(canonical, prof, p);
      std::uint64_t* cover = (bits_.data() + prof.topic_offset);
      std::uint64_t* specialties = cover + topic_words_;
      std::uint64_t* cover_family = specialties + topic_words_;
      std::uint64_t* specialty_family = cover_family + topic_words_;
      const auto add = [&](const std::string& raw, bool specialty) {
        const std::string& tag = canonical(raw);
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
        const int id = background.Find(key_value(canonical, tag));
        if (id >= 0) SetBit((bits_.data() + prof.background_offset), id);
      }
      prefer(prof, p, mentee_index);
    }
  };
  if (options.threads != 1 && mentees.size() + mentors.size() >= 2000 &&
      std::thread::hardware_concurrency() > 1) {
    // An error (an unknown time zone) is the mentees' first, as on one thread.
    std::exception_ptr mentor_failure;
    std::thread second([&] {
      try {
        build_mentors();
      } catch (...) {
        mentor_failure = std::current_exception();
      }
    });
    try {
      build_mentees();
    } catch (...) {
      second.join();
      throw;
    }
    second.join();
    if (mentor_failure) std::rethrow_exception(mentor_failure);
  } else {
    build_mentees();
    build_mentors();
  }
  LoadAnswers(mentees, mentors, options.questions);
  BuildFastPath();
}

double Scorer::ExperienceSimilarity(std::optional<int> mentee_stage,
                                    std::optional<int> mentee_years,
                                    std::optional<int> mentor_stage,
                                    std::optional<int> mentor_years) const {
  double sum = 0;
  int parts = 0;
  if (mentee_stage && mentor_stage) {
    const int gap = *mentor_stage - *mentee_stage;
    sum += std::clamp(static_cast<double>(gap) / full_stage_gap_, 0.0, 1.0);
    ++parts;
  }
  if (mentee_years && mentor_years) {
    const int gap = *mentor_years - *mentee_years;
    sum += std::clamp(static_cast<double>(gap) / full_years_gap_, 0.0, 1.0);
    ++parts;
  }
  return parts > 0 ? sum / parts : 0.0;
}

double Scorer::AvailabilitySimilarity(int overlap) const {
  return full_overlap_minutes_ <= 0 ? (overlap > 0 ? 1.0 : 0.0)
                                    : std::min(1.0, overlap / full_overlap_minutes_);
}

double Scorer::PreferenceCredit(const Profile& p, int other) {
  if (p.prefer_rank.empty()) return 0.0;
  auto it =
      std::lower_bound(p.prefer_rank.begin(), p.prefer_rank.end(), std::pair<int, int>(other, -1));
  if (it == p.prefer_rank.end() || it->first != other) return 0.0;
  return static_cast<double>(p.prefer_length - it->second) / p.prefer_length;
}

template <bool kExplain>
std::int64_t Scorer::Compute(int mentee, int mentor, ScoreBreakdown* out) const {
  const Profile& e = mentees_[mentee];
  const Profile& r = mentors_[mentor];
  std::int64_t total = 0;
  const auto add = [&](Facet facet, double similarity) {
    // similarity in [0, 1]; weights are non-negative, so round half up.
    const std::int64_t micro = Micro(facet, similarity);
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
  add(Facet::kExperience, ExperienceSimilarity(e.stage_rank, e.years, r.stage_rank, r.years));
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
      similarity =
          AvailabilitySimilarity(calendar::OverlapMinutes(e.utc_availability, r.utc_availability));
    }
    add(Facet::kAvailability, similarity);
  }
  add(Facet::kPreference, (PreferenceCredit(e, mentor) + PreferenceCredit(r, mentee)) / 2);
  if constexpr (kExplain) out->questions.assign(questions_.size(), 0);
  for (int j = 0; j < question_count(); ++j) {
    const std::int64_t micro =
        QuestionMicro(j, QuestionSimilarity(j, MenteeAnswer(mentee, j), MentorAnswer(mentor, j)));
    total += micro;
    if constexpr (kExplain) out->questions[j] = micro;
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

namespace {

// Everything the per-mentee sweep reads, flattened. Every table has an entry
// for a count of 0 (worth 0), so a facet the mentee leaves empty needs no
// branch: its words are 0 and every mentor looks up entry 0.
struct RowInputs {
  int first = 0, last = 0;  // the mentors [first, last) of the row
  // Words per bit set (each at least 1): topics, goals, languages, background.
  int topic_words = 0, goal_words = 0, language_words = 0, background_words = 0;
  // The mentee's words: interests and specialties (topic_words each), goals,
  // languages, background.
  const std::uint64_t* mentee = nullptr;
  // Mentor r's words at mentor_words + r * stride: cover, cover or family,
  // specialties, specialties or their family (topic_words each), goals,
  // languages, background.
  const std::uint64_t* mentor_words = nullptr;
  int stride = 0;
  // Micro-points by 2 * exact + related (interests, specialties) and by count.
  const std::int64_t* interests = nullptr;
  const std::int64_t* specialties = nullptr;
  const std::int64_t* goals = nullptr;
  const std::int64_t* background = nullptr;
  std::int64_t language_yes = 0, language_no = 0;
  const std::int64_t* experience = nullptr;  // by mentor class; null: added separately
  const int* mentor_class = nullptr;
  // Availability: the mentee's minutes available before each minute of the
  // week (0 .. kMinutesPerWeek), the mentors' UTC windows as (start, end) in
  // `slots` slots each (padded with (0, 0)), micro-points by overlap.
  const std::uint16_t* coverage = nullptr;
  const std::uint16_t* windows = nullptr;
  int slots = 0;
  const std::int64_t* availability = nullptr;
  std::int64_t* out = nullptr;
};

// Scores the mentors [first, last) against one mentee. kW: topic words (0:
// in.topic_words, and any number of goal, language and background words;
// otherwise one word each); kSlots: window slots per mentor (0: in.slots).
// Per pair: two popcounts per topic word and facet (exact = |e & cover|,
// exact + related = |e & (cover | family)|, so 2 * exact + related is their
// sum), one each for goals and background, a test for languages, and the
// overlap as a difference of the mentee's running minutes at each end of
// each mentor window (the mentee's windows are disjoint, so this is the
// merge's overlap).
template <int kW, int kSlots>
inline __attribute__((always_inline)) void ScoreRow(const RowInputs& in) {
  const int W = kW > 0 ? kW : in.topic_words;
  const int S = kSlots > 0 ? kSlots : in.slots;
  const std::uint64_t* __restrict e = in.mentee;
  const std::uint16_t* __restrict coverage = in.coverage;
  for (int r = in.first; r < in.last; ++r) {
    const std::uint64_t* __restrict m = in.mentor_words + static_cast<std::size_t>(r) * in.stride;
    int interests = 0, specialties = 0;
    for (int k = 0; k < W; ++k) {
      interests += std::popcount(e[k] & m[k]) + std::popcount(e[k] & m[W + k]);
      specialties +=
          std::popcount(e[W + k] & m[2 * W + k]) + std::popcount(e[W + k] & m[3 * W + k]);
    }
    std::int64_t total = in.interests[interests] + in.specialties[specialties];
    const std::uint64_t* __restrict em = e + 2 * W;
    const std::uint64_t* __restrict mm = m + 4 * W;
    if constexpr (kW > 0) {
      total += in.goals[std::popcount(em[0] & mm[0])];
      total += (em[1] & mm[1]) != 0 ? in.language_yes : in.language_no;
      total += in.background[std::popcount(em[2] & mm[2])];
    } else {
      const int GW = in.goal_words, LW = in.language_words, BW = in.background_words;
      int goals = 0, background = 0;
      std::uint64_t language = 0;
      for (int k = 0; k < GW; ++k) goals += std::popcount(em[k] & mm[k]);
      for (int k = 0; k < LW; ++k) language |= em[GW + k] & mm[GW + k];
      for (int k = 0; k < BW; ++k) background += std::popcount(em[GW + LW + k] & mm[GW + LW + k]);
      total += in.goals[goals] + (language != 0 ? in.language_yes : in.language_no) +
               in.background[background];
    }
    if (in.experience != nullptr) total += in.experience[in.mentor_class[r]];
    const std::uint16_t* __restrict w = in.windows + static_cast<std::size_t>(r) * 2 * S;
    int overlap = 0;
    for (int k = 0; k < S; ++k) overlap += coverage[w[2 * k + 1]] - coverage[w[2 * k]];
    in.out[r] = total + in.availability[overlap];
  }
}

template <int kW, int kSlots>
void ScoreRowPlain(const RowInputs& in) {
  ScoreRow<kW, kSlots>(in);
}

#if defined(__x86_64__) && defined(__GNUC__)
template <int kW, int kSlots>
__attribute__((target("popcnt"))) void ScoreRowPopcnt(const RowInputs& in) {
  ScoreRow<kW, kSlots>(in);
}
bool CpuHasPopcnt() {
  static const bool has = __builtin_cpu_supports("popcnt");
  return has;
}
#endif

using RowFunction = void (*)(const RowInputs&);

template <int kW, int kSlots>
RowFunction PickRow() {
#if defined(__x86_64__) && defined(__GNUC__)
  if (CpuHasPopcnt()) return &ScoreRowPopcnt<kW, kSlots>;
#endif
  return &ScoreRowPlain<kW, kSlots>;
}

template <int kW>
RowFunction PickRowForSlots(int slots) {
  switch (slots) {
    case 1:
      return PickRow<kW, 1>();
    case 2:
      return PickRow<kW, 2>();
    case 3:
      return PickRow<kW, 3>();
    case 4:
      return PickRow<kW, 4>();
    default:
      return PickRow<kW, 0>();
  }
}

// The sweep for a problem's shape: specialised for 1-4 topic words with one
// word each of goals, languages and background, and 1-4 window slots.
RowFunction PickRowFunction(int topic_words, bool one_word_each, int slots) {
  if (!one_word_each) return PickRow<0, 0>();
  switch (topic_words) {
    case 1:
      return PickRowForSlots<1>(slots);
    case 2:
      return PickRowForSlots<2>(slots);
    case 3:
      return PickRowForSlots<3>(slots);
    case 4:
      return PickRowForSlots<4>(slots);
    default:
      return PickRow<0, 0>();
  }
}

// One question added to a mentee's row: the mentee answered `mentee`, the
// mentors' answers are `mentor[0 .. mentors)`. Each kind is one branch-free
// sweep over the contiguous answers.
struct QuestionRow {
  QuestionMatch match = QuestionMatch::kNone;
  int width = 8;  // bytes per mentor answer: 1, 2, 4 or 8
  std::uint64_t mentee = 0;
  const void* mentor = nullptr;  // the mentors' answers, `width` bytes each
  int first = 0, mentors = 0;    // the mentors [first, mentors)
  std::int64_t full = 0;         // same, must-match: the micro-points of a match
  // Overlap: micro-points by shared count; closeness: by the mentor's answer
  // (0: unanswered).
  const std::int64_t* table = nullptr;
  std::int64_t* out = nullptr;
};

template <typename T>
inline __attribute__((always_inline)) void AddQuestionRowOf(const QuestionRow& q) {
  const T a = static_cast<T>(q.mentee);
  const T* __restrict b = static_cast<const T*>(q.mentor);
  const std::int64_t* __restrict table = q.table;
  std::int64_t* __restrict out = q.out;
  const std::int64_t full = q.full;
  const int first = q.first, n = q.mentors;
  switch (q.match) {
    case QuestionMatch::kSame:
      for (int r = first; r < n; ++r) out[r] += full & -static_cast<std::int64_t>(b[r] == a);
      break;
    case QuestionMatch::kMustMatch:
      for (int r = first; r < n; ++r) out[r] += full & -static_cast<std::int64_t>((b[r] & a) != 0);
      break;
    case QuestionMatch::kOverlap:
      for (int r = first; r < n; ++r) out[r] += table[std::popcount(static_cast<T>(a & b[r]))];
      break;
    case QuestionMatch::kCloseness:
      for (int r = first; r < n; ++r) out[r] += table[b[r]];
      break;
    case QuestionMatch::kNone:
      break;
  }
}

inline __attribute__((always_inline)) void AddQuestionRow(const QuestionRow& q) {
  switch (q.width) {
    case 1:
      return AddQuestionRowOf<std::uint8_t>(q);
    case 2:
      return AddQuestionRowOf<std::uint16_t>(q);
    case 4:
      return AddQuestionRowOf<std::uint32_t>(q);
    default:
      return AddQuestionRowOf<std::uint64_t>(q);
  }
}

void AddQuestionRowPlain(const QuestionRow& q) { AddQuestionRow(q); }

#if defined(__x86_64__) && defined(__GNUC__)
__attribute__((target("popcnt"))) void AddQuestionRowPopcnt(const QuestionRow& q) {
  AddQuestionRow(q);
}
#endif

void AddQuestionRowDispatch(const QuestionRow& q) {
#if defined(__x86_64__) && defined(__GNUC__)
  if (q.match == QuestionMatch::kOverlap && CpuHasPopcnt()) return AddQuestionRowPopcnt(q);
#endif
  AddQuestionRowPlain(q);
}

}  // namespace

void Scorer::BuildFastPath() {
  const int E = mentee_count(), R = mentor_count();
  // Per-mentee tables, computed with the same expressions as Compute().
  table_offset_.resize(E);
  for (int i = 0; i < E; ++i) {
    const Profile& e = mentees_[i];
    table_offset_[i] = tables_.size();
    for (int k = 0; k <= 2 * e.interest_count; ++k) {
      const int exact = k / 2, family = k % 2;
      tables_.push_back(e.interest_count > 0
                            ? Micro(Facet::kInterests, (exact + 0.5 * family) / e.interest_count)
                            : 0);
    }
    for (int k = 0; k <= 2 * e.specialty_count; ++k) {
      const int exact = k / 2, family = k % 2;
      tables_.push_back(e.specialty_count > 0
                            ? Micro(Facet::kSpecialties, (exact + 0.5 * family) / e.specialty_count)
                            : 0);
    }
    for (int n = 0; n <= e.goal_count; ++n) {
      tables_.push_back(
          e.goal_count > 0 ? Micro(Facet::kGoals, static_cast<double>(n) / e.goal_count) : 0);
    }
    for (int n = 0; n <= e.background_count; ++n) {
      tables_.push_back(e.background_count > 0
                            ? Micro(Facet::kBackground, static_cast<double>(n) / e.background_count)
                            : 0);
    }
  }
  // Experience classes: (stage rank, years) as each side has them.
  using Key = std::tuple<bool, int, bool, int>;
  const auto classes = [](const std::vector<Profile>& side, std::vector<int>& class_of,
                          std::vector<const Profile*>& representative) {
    std::map<Key, int> ids;
    class_of.resize(side.size());
    for (std::size_t k = 0; k < side.size(); ++k) {
      const Profile& p = side[k];
      const Key key{p.stage_rank.has_value(), p.stage_rank.value_or(0), p.years.has_value(),
                    p.years.value_or(0)};
      auto [it, inserted] = ids.emplace(key, static_cast<int>(representative.size()));
      if (inserted) representative.push_back(&p);
      class_of[k] = it->second;
    }
  };
  std::vector<const Profile*> mentee_rep, mentor_rep;
  classes(mentees_, mentee_class_, mentee_rep);
  classes(mentors_, mentor_class_, mentor_rep);
  mentor_classes_ = static_cast<int>(mentor_rep.size());
  constexpr std::size_t kMaxExperienceTable = std::size_t{1} << 22;
  if (mentee_rep.size() * mentor_rep.size() <= kMaxExperienceTable) {
    experience_table_.reserve(mentee_rep.size() * mentor_rep.size());
    for (const Profile* e : mentee_rep) {
      for (const Profile* r : mentor_rep) {
        experience_table_.push_back(
            Micro(Facet::kExperience,
                  ExperienceSimilarity(e->stage_rank, e->years, r->stage_rank, r->years)));
      }
    }
  }
  availability_micro_.resize(calendar::kMinutesPerWeek + 1);
  for (int m = 0; m <= calendar::kMinutesPerWeek; ++m) {
    availability_micro_[m] = Micro(Facet::kAvailability, AvailabilitySimilarity(m));
  }
  // The sweep's words: every set at least one word (a set no mentee uses is
  // one word of 0), the mentors' related topics as "exact or related".
  const int TW = std::max(1, topic_words_), GW = std::max(1, goal_words_),
            LW = std::max(1, language_words_), BW = std::max(1, background_words_);
  sweep_words_ = {TW, GW, LW, BW};
  const auto copy_tail = [&](const Profile& p, std::uint64_t* to) {
    std::copy_n(bits_.data() + p.goal_offset, goal_words_, to);
    std::copy_n(bits_.data() + p.language_offset, language_words_, to + GW);
    std::copy_n(bits_.data() + p.background_offset, background_words_, to + GW + LW);
  };
  mentee_stride_ = 2 * TW + GW + LW + BW;
  mentee_words_.assign(static_cast<std::size_t>(E) * mentee_stride_, 0);
  for (int i = 0; i < E; ++i) {
    std::uint64_t* to = mentee_words_.data() + static_cast<std::size_t>(i) * mentee_stride_;
    const std::uint64_t* topics = bits_.data() + mentees_[i].topic_offset;
    std::copy_n(topics, topic_words_, to);
    std::copy_n(topics + topic_words_, topic_words_, to + TW);
    copy_tail(mentees_[i], to + 2 * TW);
  }
  mentor_stride_ = 4 * TW + GW + LW + BW;
  mentor_words_.assign(static_cast<std::size_t>(R) * mentor_stride_, 0);
  for (int r = 0; r < R; ++r) {
    std::uint64_t* to = mentor_words_.data() + static_cast<std::size_t>(r) * mentor_stride_;
    const std::uint64_t* cover = bits_.data() + mentors_[r].topic_offset;
    const std::uint64_t* specialties = cover + topic_words_;
    const std::uint64_t* cover_family = specialties + topic_words_;
    const std::uint64_t* specialty_family = cover_family + topic_words_;
    for (int k = 0; k < topic_words_; ++k) {
      to[k] = cover[k];
      to[TW + k] = cover[k] | cover_family[k];
      to[2 * TW + k] = specialties[k];
      to[3 * TW + k] = specialties[k] | specialty_family[k];
    }
    copy_tail(mentors_[r], to + 4 * TW);
  }
  // Window slots: as many per mentor as the most any mentor has.
  window_slots_ = 1;
  for (const Profile& p : mentors_) {
    window_slots_ = std::max(window_slots_, static_cast<int>(p.utc_availability.size()));
  }
  mentor_window_slots_.assign(static_cast<std::size_t>(R) * 2 * window_slots_, 0);
  for (int r = 0; r < R; ++r) {
    std::uint16_t* to =
        mentor_window_slots_.data() + static_cast<std::size_t>(r) * 2 * window_slots_;
    for (const WeeklyWindow& w : mentors_[r].utc_availability) {
      *to++ = static_cast<std::uint16_t>(w.start);
      *to++ = static_cast<std::uint16_t>(w.start + w.minutes);
    }
  }
  // The mentors whose prefer lists name each mentee (by mentor index).
  preferred_by_begin_.assign(E + 1, 0);
  for (const Profile& p : mentors_) {
    for (const auto& [other, rank] : p.prefer_rank) ++preferred_by_begin_[other + 1];
  }
  for (int i = 0; i < E; ++i) preferred_by_begin_[i + 1] += preferred_by_begin_[i];
  preferred_by_.resize(preferred_by_begin_[E]);
  std::vector<int> next(preferred_by_begin_.begin(), preferred_by_begin_.end() - 1);
  for (int r = 0; r < R; ++r) {
    for (const auto& [other, rank] : mentors_[r].prefer_rank) preferred_by_[next[other]++] = r;
  }
}

void Scorer::ScoreAllMentors(int mentee, std::int64_t* out) const {
  const Profile& e = mentees_[mentee];
  const int R = mentor_count();
  if (R == 0) return;
  RowInputs in;
  in.topic_words = sweep_words_[0];
  in.goal_words = sweep_words_[1];
  in.language_words = sweep_words_[2];
  in.background_words = sweep_words_[3];
  in.mentee = mentee_words_.data() + static_cast<std::size_t>(mentee) * mentee_stride_;
  in.mentor_words = mentor_words_.data();
  in.stride = mentor_stride_;
  const std::int64_t* table = tables_.data() + table_offset_[mentee];
  in.interests = table;
  table += 2 * e.interest_count + 1;
  in.specialties = table;
  table += 2 * e.specialty_count + 1;
  in.goals = table;
  table += e.goal_count + 1;
  in.background = table;
  in.language_yes = Micro(Facet::kLanguage, 1.0);
  in.language_no = Micro(Facet::kLanguage, 0.0);
  if (!experience_table_.empty()) {
    in.experience = experience_table_.data() +
                    static_cast<std::size_t>(mentee_class_[mentee]) * mentor_classes_;
    in.mentor_class = mentor_class_.data();
  }
  // The mentee's minutes available before each minute of the week.
  std::vector<std::uint16_t> coverage(calendar::kMinutesPerWeek + 1);
  {
    int at = 0, sum = 0;
    for (const WeeklyWindow& w : e.utc_availability) {
      std::fill(coverage.begin() + at, coverage.begin() + w.start + 1,
                static_cast<std::uint16_t>(sum));
      for (int t = 1; t <= w.minutes; ++t) {
        coverage[w.start + t] = static_cast<std::uint16_t>(sum + t);
      }
      sum += w.minutes;
      at = w.start + w.minutes + 1;
    }
    std::fill(coverage.begin() + at, coverage.end(), static_cast<std::uint16_t>(sum));
  }
  in.coverage = coverage.data();
  in.windows = mentor_window_slots_.data();
  in.slots = window_slots_;
  in.availability = availability_micro_.data();
  in.out = out;
  const RowFunction row = PickRowFunction(
      sweep_words_[0], sweep_words_[1] == 1 && sweep_words_[2] == 1 && sweep_words_[3] == 1,
      window_slots_);
  // The questions the mentee answered (the others give 0 from every mentor).
  std::vector<QuestionRow> questions;
  std::vector<std::int64_t> closeness;  // closeness tables by the mentor's answer
  for (int j = 0; j < question_count(); ++j) {
    const std::vector<std::int64_t>& table = question_tables_[j];
    if (questions_[j].match == QuestionMatch::kCloseness && MenteeAnswer(mentee, j) != 0) {
      closeness.resize(closeness.size() + table.size());
    }
  }
  std::int64_t* next_closeness = closeness.data();
  for (int j = 0; j < question_count(); ++j) {
    QuestionRow q;
    q.mentee = MenteeAnswer(mentee, j);
    if (q.mentee == 0) continue;
    q.match = questions_[j].match;
    q.width = question_width_[j];
    const std::size_t at = question_offset_[j];
    q.mentor = q.width == 1   ? static_cast<const void*>(answers8_.data() + at)
               : q.width == 2 ? static_cast<const void*>(answers16_.data() + at)
               : q.width == 4 ? static_cast<const void*>(answers32_.data() + at)
                              : static_cast<const void*>(mentor_answers_.data() + at);
    q.full = QuestionMicro(j, 1.0);
    const std::vector<std::int64_t>& table = question_tables_[j];
    if (q.match == QuestionMatch::kOverlap) {
      const int n = std::popcount(q.mentee);
      q.table = table.data() + n * (n + 1) / 2;
    } else if (q.match == QuestionMatch::kCloseness) {
      // By the mentor's answer b: 0 unanswered, else the entry of |a - b|.
      const std::int64_t a = static_cast<std::int64_t>(q.mentee);
      const std::int64_t values = static_cast<std::int64_t>(table.size()) - 1;  // max - min + 1
      next_closeness[0] = 0;
      for (std::int64_t b = 1; b <= values; ++b) next_closeness[b] = table[a > b ? a - b : b - a];
      q.table = next_closeness;
      next_closeness += table.size();
    }
    q.out = out;
    questions.push_back(q);
  }
  // Blocks of mentors, so that each block's scores stay in the first-level
  // cache while the questions are added to them.
  const int block = questions.empty() ? R : 512;
  for (int first = 0; first < R; first += block) {
    in.first = first;
    in.last = std::min(R, first + block);
    row(in);
    for (QuestionRow& q : questions) {
      q.first = in.first;
      q.mentors = in.last;
      AddQuestionRowDispatch(q);
    }
  }
  // The rare facets, added separately.
  if (experience_table_.empty()) {
    for (int r = 0; r < R; ++r) {
      out[r] += Micro(
          Facet::kExperience,
          ExperienceSimilarity(e.stage_rank, e.years, mentors_[r].stage_rank, mentors_[r].years));
    }
  }
  // Preference: only the mentors this mentee ranks and those who rank this
  // mentee earn anything (every other pair's credit is 0, worth 0).
  const auto& ranks = e.prefer_rank;  // sorted by mentor
  const int* by = preferred_by_.data() + preferred_by_begin_[mentee];
  const int* by_end = preferred_by_.data() + preferred_by_begin_[mentee + 1];  // sorted
  std::size_t k = 0;
  while (k < ranks.size() || by != by_end) {
    int r;
    if (by == by_end || (k < ranks.size() && ranks[k].first < *by)) {
      r = ranks[k++].first;
    } else {
      r = *by++;
      if (k < ranks.size() && ranks[k].first == r) ++k;
    }
    out[r] += Micro(Facet::kPreference,
                    (PreferenceCredit(e, r) + PreferenceCredit(mentors_[r], mentee)) / 2);
  }
}

}  // namespace tandem::matching
