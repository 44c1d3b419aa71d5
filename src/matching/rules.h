// The hard rules of matching, each written once: may this mentee be paired
// with this mentor, and if not, which rule forbids it. Every path uses these:
// checking locks, building candidates from profiles or from given scores, and
// explaining why someone is unmatched, so a reason always names the rule the
// solver applied. Internal to the matching engine (see match.h).
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "matching/match.h"

namespace tandem::matching {

// A hard rule that keeps a mentee and a mentor apart, in the order the rules
// are checked: a refused pair is refused by the first rule that applies. The
// order is also the order of the unmatched reasons (RuleReason), so the rule
// that got furthest over all mentors names a mentee's reason.
enum class PairRule {
  kMenteeFull,       // the mentee has no capacity left
  kMentorFull,       // the mentor has no capacity left
  kSameInstitution,  // one institution, and the program is cross-institution
  kExcluded,         // either avoids the other, or the pair is forbidden (e.g. former partners)
  kTimeZone,         // further apart than the maximum time-zone difference
  kAlreadyPaired,    // the two are already a pair (a lock)
  kMustMatch,        // profiles: the two answered a must-match question with no choice in common
  kNotScored,        // given scores: no score for the pair
  kBelowMinScore,    // scores below the minimum score
  kAllowed,          // no rule forbids the pair
};

// The unmatched reason of a mentee whose mentors got no further than `furthest`
// (kAllowed: some mentor passed every rule, so its capacity went elsewhere).
UnmatchedReason RuleReason(PairRule furthest);

// Why a pair breaks `rule`, as the end of a sentence about the pair: "is
// excluded by avoid or forbid", "exceeds the capacity of m7". Empty for kAllowed.
std::string RuleBrokenText(PairRule rule, std::string_view mentee, std::string_view mentor);

// The rules' view of one problem: the settings and what each person brings to
// the rules (institution, time zone, avoid lists and forbids, answers to
// must-match questions). Capacity left
// and pairs already made change as pairs are fixed, so they are given per
// check (ForMentee). Copyable; const methods are safe from many threads.
class PairRules {
 public:
  struct Verdict {
    PairRule rule = PairRule::kAllowed;
    std::int64_t score = 0;  // the pair's score; set when rule is kBelowMinScore or kAllowed
  };

  // The mentors with room, indexed by time zone and institution, so that the
  // rules over all the mentors a mentee has no score for are read without
  // visiting them (ForOneMentee::SweepListed). Built by IndexRoom.
  class RoomIndex {
   private:
    friend class PairRules;
    std::vector<int> offsets_;  // UTC offsets of the mentors with room, sorted
    std::vector<std::vector<int>>
        institution_;  // the same per institution (cross-institution only)
  };

  // The rules for one mentee. Holds pointers into the PairRules and the
  // arguments of ForMentee, which must outlive it.
  class ForOneMentee {
   public:
    // The first rule that forbids pairing this mentee with mentor `r`.
    // `score_of(r)` gives the pair's score in micro-points, or nullopt when
    // none was given; it is called only when every rule before the score
    // passes.
    template <typename ScoreOf>
    Verdict Check(int r, ScoreOf&& score_of) const;

    // Checks mentors 0 .. mentor_count - 1 in order, calls on_allowed(r,
    // score) for each allowed one and returns the furthest rule any mentor
    // reached (kMenteeFull when there is none, or the mentee has no room).
    template <typename ScoreOf, typename OnAllowed>
    PairRule Sweep(ScoreOf&& score_of, OnAllowed&& on_allowed) const;

    // Sweep for given scores, visiting only the listed mentors: `mentors`
    // (ascending, distinct) have the scores `scores`, every other mentor has
    // none. Calls on_allowed and returns the furthest rule exactly as Sweep
    // with those scores would, in O(listed + exclusions + paired + log
    // mentors). `index` must come from IndexRoom on the same mentor_left.
    // Given scores only: the rules must have no must-match questions (the
    // counts of unlisted mentors do not see answers; asserted).
    // True when the mentee has no room: every mentor stops at kMenteeFull.
    bool full() const { return full_; }

    template <typename OnAllowed>
    PairRule SweepListed(std::span<const int> mentors, std::span<const std::int64_t> scores,
                         const RoomIndex& index, OnAllowed&& on_allowed) const;

   private:
    friend class PairRules;
    // The furthest rule over every mentor except `listed` and `others`
    // (mentors excluded or paired but not listed): none of them has a score.
    PairRule FurthestUnlisted(std::span<const int> listed, const std::vector<int>& others,
                              const RoomIndex& index) const;
    const PairRules* rules_ = nullptr;
    bool full_ = false;
    int institution_ = -1;  // -1 unless the program is cross-institution
    int utc_offset_ = 0;
    const std::vector<int>* mentor_left_ = nullptr;
    const std::vector<int>* excluded_ = nullptr;
    const std::vector<int>* paired_ = nullptr;
    const std::uint64_t* must_match_ = nullptr;  // the mentee's answers; null: none answered
  };

  PairRules() = default;
  // Reads cross_institution, max_time_zone_difference_hours and min_score.
  explicit PairRules(const MatchSettings& settings);

  // People in index order: institution (interned, -1 when not given) and UTC
  // offset in minutes.
  void AddMentee(int institution, int utc_offset);
  void AddMentor(int institution, int utc_offset);
  // Mentee `e` must never be paired with mentor `r` (an avoid or a forbid).
  // Every Exclude comes before the first check.
  void Exclude(int e, int r);
  // Sorts the exclusions; call once, after the last Exclude.
  void Seal();
  // Must-match questions, from profiles only (never with given scores, where
  // SweepListed cannot see answers): `questions` of them, each person's
  // answers person by person (mentee e's answer to question q at
  // mentee_answers[e * questions + q], mentors likewise) as bit sets of
  // choices, 0 when unanswered (Scorer::MenteeAnswer). A pair breaks the rule
  // when both answered some question and share no choice. Call once, after
  // the last AddMentee and AddMentor and before the first check.
  void SetMustMatch(int questions, std::vector<std::uint64_t> mentee_answers,
                    std::vector<std::uint64_t> mentor_answers);
  int must_match_questions() const { return must_match_questions_; }

  int mentor_count() const { return static_cast<int>(mentor_institution_.size()); }

  // Indexes the mentors with mentor_left[r] > 0. O(mentors log mentors).
  RoomIndex IndexRoom(const std::vector<int>& mentor_left) const;

  // The rules for mentee `e`, who has `mentee_left` places left, against
  // mentors with `mentor_left[r]` places left, `paired` being the mentors
  // already paired with `e`.
  ForOneMentee ForMentee(int e, int mentee_left, const std::vector<int>& mentor_left,
                         const std::vector<int>& paired) const;

 private:
  bool cross_institution_ = false;
  bool time_zone_rule_ = false;
  double time_zone_limit_minutes_ = 0;
  std::int64_t min_micro_ = INT64_MIN;
  std::vector<int> mentee_institution_, mentor_institution_;
  std::vector<int> mentee_utc_offset_, mentor_utc_offset_;
  std::vector<std::vector<int>> excluded_;  // per mentee, sorted mentor indices
  int must_match_questions_ = 0;
  std::vector<std::uint64_t> mentee_must_match_, mentor_must_match_;  // see SetMustMatch
};

template <typename ScoreOf>
PairRules::Verdict PairRules::ForOneMentee::Check(int r, ScoreOf&& score_of) const {
  if (full_) return {PairRule::kMenteeFull};
  if ((*mentor_left_)[r] <= 0) return {PairRule::kMentorFull};
  if (institution_ >= 0 && rules_->mentor_institution_[r] == institution_) {
    return {PairRule::kSameInstitution};
  }
  if (!excluded_->empty() && std::binary_search(excluded_->begin(), excluded_->end(), r)) {
    return {PairRule::kExcluded};
  }
  if (rules_->time_zone_rule_ &&
      std::abs(utc_offset_ - rules_->mentor_utc_offset_[r]) > rules_->time_zone_limit_minutes_) {
    return {PairRule::kTimeZone};
  }
  if (!paired_->empty() && std::find(paired_->begin(), paired_->end(), r) != paired_->end()) {
    return {PairRule::kAlreadyPaired};
  }
  if (must_match_ != nullptr) {
    const int questions = rules_->must_match_questions_;
    const std::uint64_t* other =
        rules_->mentor_must_match_.data() + static_cast<std::size_t>(r) * questions;
    for (int q = 0; q < questions; ++q) {
      if ((must_match_[q] & other[q]) == 0 && must_match_[q] != 0 && other[q] != 0) {
        return {PairRule::kMustMatch};
      }
    }
  }
  const std::optional<std::int64_t> score = score_of(r);
  if (!score) return {PairRule::kNotScored};
  if (*score < rules_->min_micro_) return {PairRule::kBelowMinScore, *score};
  return {PairRule::kAllowed, *score};
}

template <typename ScoreOf, typename OnAllowed>
PairRule PairRules::ForOneMentee::Sweep(ScoreOf&& score_of, OnAllowed&& on_allowed) const {
  PairRule furthest = PairRule::kMenteeFull;
  if (full_) return furthest;
  const int count = rules_->mentor_count();
  for (int r = 0; r < count; ++r) {
    const Verdict verdict = Check(r, score_of);
    furthest = std::max(furthest, verdict.rule);
    if (verdict.rule == PairRule::kAllowed) on_allowed(r, verdict.score);
  }
  return furthest;
}

template <typename OnAllowed>
PairRule PairRules::ForOneMentee::SweepListed(std::span<const int> mentors,
                                              std::span<const std::int64_t> scores,
                                              const RoomIndex& index,
                                              OnAllowed&& on_allowed) const {
  PairRule furthest = PairRule::kMenteeFull;
  if (full_) return furthest;
  for (size_t k = 0; k < mentors.size(); ++k) {
    const Verdict verdict = Check(mentors[k], [&](int) { return std::optional(scores[k]); });
    furthest = std::max(furthest, verdict.rule);
    if (verdict.rule == PairRule::kAllowed) on_allowed(mentors[k], verdict.score);
  }
  if (furthest >= PairRule::kBelowMinScore) return furthest;  // no unlisted mentor gets further
  // Excluded and paired mentors without a score stop at their own rule.
  std::vector<int> others;
  for (const std::vector<int>* list : {excluded_, paired_}) {
    for (int r : *list) {
      if (std::binary_search(mentors.begin(), mentors.end(), r) ||
          std::find(others.begin(), others.end(), r) != others.end()) {
        continue;
      }
      others.push_back(r);
      const auto none = [](int) { return std::optional<std::int64_t>(); };
      furthest = std::max(furthest, Check(r, none).rule);
    }
  }
  return std::max(furthest, FurthestUnlisted(mentors, others, index));
}

}  // namespace tandem::matching
