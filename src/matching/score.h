// How a mentee–mentor pair is scored. A pair's score is the sum over facets of
// weight x similarity (similarity in [0, 1], weights from the program's
// MatchingWeights); with the default weights a perfect pair scores 100. Scores
// are kept as integers in millionths of a point ("micro-points") so that the
// solver works on exact integers and a pair's facet contributions add up to
// its score exactly. A program's own intake questions (core/intake.h) that
// count in matching add one contribution each, after the built-in facets.
// docs/matching.md explains each facet for coordinators.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "calendar/weekly.h"
#include "core/intake.h"
#include "core/participant.h"
#include "core/program.h"
#include "core/taxonomy.h"

namespace tandem::matching {

enum class Facet {
  kInterests,     // mentee interests vs mentor interests and specialties; siblings count half
  kSpecialties,   // mentee specialties vs mentor specialties; siblings count half
  kGoals,         // the mentee's career goals the mentor pursues
  kExperience,    // mentor seniority over the mentee, by career stage and years
  kBackground,    // same background value, only on the keys in the mentee's match_on
  kLanguage,      // at least one shared language
  kAvailability,  // weekly overlap in UTC, full credit from ScoringOptions::full_overlap_hours
  kPreference,    // each side's rank of the other in `prefer`
};
inline constexpr int kFacetCount = 8;

// "interests", "specialties", "goals", "experience", "background", "language",
// "availability", "preference".
std::string_view FacetName(Facet facet);
// The weight `weights` gives `facet`.
double FacetWeight(const MatchingWeights& weights, Facet facet);
// The facet name of a program's question: "question:<code>".
std::string QuestionFacetName(const IntakeQuestion& question);

// Millionths of a point: the integer unit of every score.
inline constexpr std::int64_t kMicroPoints = 1'000'000;
// Points (as printed) from micro-points and back (rounded to nearest).
inline double ToPoints(std::int64_t micro) { return static_cast<double>(micro) / kMicroPoints; }
std::int64_t ToMicroPoints(double points);

// Contribution of each facet in micro-points, indexed by Facet, and of each
// question that counts in matching (Scorer::questions() order).
struct ScoreBreakdown {
  std::array<std::int64_t, kFacetCount> facet{};
  std::vector<std::int64_t> questions;
  std::int64_t total() const;  // the facets and the questions
  friend bool operator==(const ScoreBreakdown&, const ScoreBreakdown&) = default;
};

struct ScoringOptions {
  MatchingWeights weights;
  // Interests, stages, goals; must outlive the Scorer. Null means DefaultTaxonomy().
  const Taxonomy* taxonomy = nullptr;
  // Time zones are converted to UTC with the offsets in force on this date.
  calendar::Date reference_date;
  // Weekly overlap (hours) that earns full availability credit.
  double full_overlap_hours = 2.0;
  // Mentor seniority (career-stage ranks above the mentee) that earns full credit.
  int full_stage_gap = 2;
  // Extra years of experience that earn full credit.
  int full_years_gap = 10;
  // The program's intake questions (all of them: a question may be compared
  // with a mentors' question that does not count itself). Those that count
  // (MatchingQuestions) score as core/intake.h's QuestionMatch says, each
  // worth its weight for a full match. Answers are Participant::answers; an
  // answer that is not one of the question's options, a scale value that is
  // not a whole number within the scale, or no answer at all counts as
  // unanswered: the pair earns nothing for the question. Must-match earns its
  // weight when the two share a choice; that it is a hard rule is for the
  // caller (rules.h) to enforce.
  std::vector<IntakeQuestion> questions;
  // Threads the set-up may use: 1 builds on the calling thread only; any
  // other value lets a large pool build the mentors' profiles on a second.
  int threads = 0;
};

// Precomputes what it needs from two lists of participants, then scores any
// (mentee, mentor) pair by index in constant time for a given profile size.
// Score() and Explain() are const and safe to call from many threads at once.
// The participants need not outlive the Scorer.
class Scorer {
 public:
  // Throws tandem::Error(kInvalidArgument) for an unknown time zone, a
  // negative weight or a question list ValidateQuestions refuses.
  Scorer(const std::vector<Participant>& mentees, const std::vector<Participant>& mentors,
         const ScoringOptions& options);
  // The same from pointers (none null), which need not outlive the Scorer.
  Scorer(const std::vector<const Participant*>& mentees,
         const std::vector<const Participant*>& mentors, const ScoringOptions& options);
  Scorer(const Scorer&) = delete;
  Scorer& operator=(const Scorer&) = delete;

  int mentee_count() const { return static_cast<int>(mentees_.size()); }
  int mentor_count() const { return static_cast<int>(mentors_.size()); }

  // The pair's score in micro-points; equals Explain(mentee, mentor).total().
  // This is the reference computation, facet by facet.
  std::int64_t Score(int mentee, int mentor) const;
  ScoreBreakdown Explain(int mentee, int mentor) const;

  // The scores of `mentee` against every mentor: out[r] == Score(mentee, r)
  // for r in [0, mentor_count()), bit for bit. The fast path for scoring all
  // pairs: per-mentee tables turn each facet's similarity into micro-points
  // by lookup, topic and tag overlaps are popcounts over bit sets, and the
  // mentors' bit sets are read in one sequential sweep. `out` must hold
  // mentor_count() values. Thread-safe (const, no shared scratch).
  void ScoreAllMentors(int mentee, std::int64_t* out) const;

  // The questions that count in matching, in ScoreBreakdown::questions order.
  const std::vector<IntakeQuestion>& questions() const { return questions_; }
  int question_count() const { return static_cast<int>(questions_.size()); }
  // A person's answer to questions()[question] as the scorer compares it,
  // 0 when unanswered: on a choice question the set of choices as bits
  // (option k of the question: bit k; yes/no: "yes" bit 0, "no" bit 1); on a
  // scale, the value minus the scale's minimum plus 1. The mentor's is their
  // answer to the question's compare_with (or to the question itself).
  std::uint64_t MenteeAnswer(int mentee, int question) const {
    return mentee_answers_[static_cast<std::size_t>(question) * mentees_.size() + mentee];
  }
  std::uint64_t MentorAnswer(int mentor, int question) const {
    return mentor_answers_[static_cast<std::size_t>(question) * mentors_.size() + mentor];
  }

  // UTC offsets (minutes) of each side on the reference date.
  int MenteeUtcOffset(int mentee) const { return mentees_[mentee].utc_offset; }
  int MentorUtcOffset(int mentor) const { return mentors_[mentor].utc_offset; }

 private:
  struct Profile {
    std::size_t topic_offset = 0;  // into topic_bits_: interests, specialties, cover, family (x2)
    std::size_t goal_offset = 0;
    std::size_t language_offset = 0;
    std::size_t background_offset = 0;
    int interest_count = 0;
    int specialty_count = 0;
    int goal_count = 0;
    int background_count = 0;  // mentee: match_on keys with a value of their own
    std::optional<int> stage_rank;
    std::optional<int> years;
    int utc_offset = 0;
    std::vector<WeeklyWindow> utc_availability;
    std::vector<std::pair<int, int>> prefer_rank;  // (other side index, rank), sorted by index
    int prefer_length = 0;
  };
  template <bool kExplain>
  std::int64_t Compute(int mentee, int mentor, ScoreBreakdown* out) const;
  // A facet's contribution for a similarity in [0, 1] (rounded half up).
  std::int64_t Micro(Facet facet, double similarity) const {
    return static_cast<std::int64_t>(micro_weight_[static_cast<int>(facet)] * similarity + 0.5);
  }
  double ExperienceSimilarity(std::optional<int> mentee_stage, std::optional<int> mentee_years,
                              std::optional<int> mentor_stage,
                              std::optional<int> mentor_years) const;
  double AvailabilitySimilarity(int overlap_minutes) const;
  // A question's contribution for a similarity in [0, 1] (rounded as Micro).
  std::int64_t QuestionMicro(int question, double similarity) const {
    return static_cast<std::int64_t>(question_micro_weight_[question] * similarity + 0.5);
  }
  double QuestionSimilarity(int question, std::uint64_t mentee, std::uint64_t mentor) const;
  void LoadAnswers(const std::vector<const Participant*>& mentees,
                   const std::vector<const Participant*>& mentors,
                   const std::vector<IntakeQuestion>& all_questions);
  static double PreferenceCredit(const Profile& p, int other);
  void BuildFastPath();

  // Fast path (ScoreAllMentors). Per mentee, at table_offset_[mentee]:
  // micro-points by count for interests (2 * exact + related, 0 .. 2n),
  // specialties (likewise), goals (0 .. n) and background (0 .. n).
  std::vector<std::size_t> table_offset_;
  std::vector<std::int64_t> tables_;
  // Experience depends only on (stage rank, years) of each side: classes.
  std::vector<int> mentee_class_, mentor_class_;
  int mentor_classes_ = 0;
  std::vector<std::int64_t> experience_table_;    // [mentee class][mentor class], or empty
  std::vector<std::int64_t> availability_micro_;  // by overlap minutes, both sides non-empty
  // The sweep's bit sets (ScoreRow in score.cc): words per set (topics,
  // goals, languages, background; each at least 1), per mentee interests,
  // specialties, goals, languages, background; per mentor cover, cover or
  // related, specialties, specialties or related, goals, languages, background.
  std::array<int, 4> sweep_words_{};
  int mentee_stride_ = 0, mentor_stride_ = 0;
  std::vector<std::uint64_t> mentee_words_, mentor_words_;
  // Each mentor's UTC windows as (start, end) minutes in window_slots_ slots,
  // the unused ones (0, 0).
  int window_slots_ = 1;
  std::vector<std::uint16_t> mentor_window_slots_;
  // The mentors whose prefer lists name mentee i: preferred_by_[begin[i] .. begin[i + 1]).
  std::vector<int> preferred_by_begin_, preferred_by_;

  // Questions: answers question-major (one question's answers of every
  // mentor lie contiguously, for the sweep), micro-points per question:
  // overlap by (mentee's choice count n, shared k) at n * (n + 1) / 2 + k,
  // closeness by |a - b| (0 .. max - min) and then 0 for an unanswered mentor.
  std::vector<IntakeQuestion> questions_;
  std::vector<double> question_micro_weight_;
  std::vector<std::uint64_t> mentee_answers_, mentor_answers_;
  std::vector<std::vector<std::int64_t>> question_tables_;
  // The fast path's copy of the mentors' answers, each question's in as few
  // bytes as hold its answers (question_width_: 1, 2, 4 or 8, at
  // question_offset_ in the array of that width; 8: mentor_answers_).
  std::vector<int> question_width_;
  std::vector<std::size_t> question_offset_;
  std::vector<std::uint8_t> answers8_;
  std::vector<std::uint16_t> answers16_;
  std::vector<std::uint32_t> answers32_;

  std::array<double, kFacetCount> micro_weight_{};
  double full_overlap_minutes_ = 120;
  int full_stage_gap_ = 2;
  int full_years_gap_ = 10;
  int topic_words_ = 0, goal_words_ = 0, language_words_ = 0, background_words_ = 0;
  std::vector<std::uint64_t> bits_;
  std::vector<Profile> mentees_;
  std::vector<Profile> mentors_;
};

}  // namespace tandem::matching
