#include "matching/rules.h"

#include <cassert>
#include <climits>
#include <cmath>

#include "matching/score.h"

namespace tandem::matching {

UnmatchedReason RuleReason(PairRule furthest) {
  switch (furthest) {
    case PairRule::kMenteeFull:
    case PairRule::kMentorFull:
    case PairRule::kSameInstitution:
      return UnmatchedReason::kNoMentorWithCapacity;
    case PairRule::kExcluded:
    case PairRule::kTimeZone:
    case PairRule::kAlreadyPaired:
      return UnmatchedReason::kAllCandidatesExcluded;
    case PairRule::kMustMatch:
      return UnmatchedReason::kNoMustMatch;
    case PairRule::kNotScored:
      return UnmatchedReason::kNoScoreGiven;
    case PairRule::kBelowMinScore:
      return UnmatchedReason::kAllBelowMinScore;
    case PairRule::kAllowed:
      return UnmatchedReason::kCapacityTaken;
  }
  return UnmatchedReason::kCapacityTaken;
}

std::string RuleBrokenText(PairRule rule, std::string_view mentee, std::string_view mentor) {
  switch (rule) {
    case PairRule::kMenteeFull:
      return "exceeds the capacity of " + std::string(mentee);
    case PairRule::kMentorFull:
      return "exceeds the capacity of " + std::string(mentor);
    case PairRule::kSameInstitution:
      return "is within one institution, but the program is cross-institution";
    case PairRule::kExcluded:
      return "is excluded by avoid or forbid";
    case PairRule::kTimeZone:
      return "exceeds the maximum time-zone difference";
    case PairRule::kAlreadyPaired:
      return "is already a pair";
    case PairRule::kMustMatch:
      return "has no answer in common on a must-match question";
    case PairRule::kNotScored:
      return "has no given score";
    case PairRule::kBelowMinScore:
      return "scores below the minimum score";
    case PairRule::kAllowed:
      break;
  }
  return "";
}

PairRules::PairRules(const MatchSettings& settings)
    : cross_institution_(settings.cross_institution),
      time_zone_rule_(settings.max_time_zone_difference_hours.has_value()),
      time_zone_limit_minutes_(settings.max_time_zone_difference_hours.value_or(0) * 60),
      min_micro_(settings.min_score ? ToMicroPoints(*settings.min_score) : INT64_MIN) {}

void PairRules::AddMentee(int institution, int utc_offset) {
  mentee_institution_.push_back(institution);
  mentee_utc_offset_.push_back(utc_offset);
  excluded_.emplace_back();
}

void PairRules::AddMentor(int institution, int utc_offset) {
  mentor_institution_.push_back(institution);
  mentor_utc_offset_.push_back(utc_offset);
}

void PairRules::Exclude(int e, int r) { excluded_[e].push_back(r); }

void PairRules::Seal() {
  for (std::vector<int>& list : excluded_) {
    std::sort(list.begin(), list.end());
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
}

void PairRules::SetMustMatch(int questions, std::vector<std::uint64_t> mentee_answers,
                             std::vector<std::uint64_t> mentor_answers) {
  assert(questions >= 0);
  assert(mentee_answers.size() == mentee_institution_.size() * questions);
  assert(mentor_answers.size() == mentor_institution_.size() * questions);
  must_match_questions_ = questions;
  mentee_must_match_ = std::move(mentee_answers);
  mentor_must_match_ = std::move(mentor_answers);
}

PairRules::ForOneMentee PairRules::ForMentee(int e, int mentee_left,
                                             const std::vector<int>& mentor_left,
                                             const std::vector<int>& paired) const {
  ForOneMentee view;
  view.rules_ = this;
  view.full_ = mentee_left <= 0;
  view.institution_ = cross_institution_ ? mentee_institution_[e] : -1;
  view.utc_offset_ = mentee_utc_offset_[e];
  view.mentor_left_ = &mentor_left;
  view.excluded_ = &excluded_[e];
  view.paired_ = &paired;
  if (must_match_questions_ > 0) {
    const std::uint64_t* answers =
        mentee_must_match_.data() + static_cast<std::size_t>(e) * must_match_questions_;
    if (std::any_of(answers, answers + must_match_questions_,
                    [](std::uint64_t a) { return a != 0; })) {
      view.must_match_ = answers;
    }
  }
  return view;
}

PairRules::RoomIndex PairRules::IndexRoom(const std::vector<int>& mentor_left) const {
  RoomIndex index;
  for (int r = 0; r < mentor_count(); ++r) {
    if (mentor_left[r] <= 0) continue;
    index.offsets_.push_back(mentor_utc_offset_[r]);
    const int institution = mentor_institution_[r];
    if (cross_institution_ && institution >= 0) {
      if (static_cast<int>(index.institution_.size()) <= institution) {
        index.institution_.resize(institution + 1);
      }
      index.institution_[institution].push_back(mentor_utc_offset_[r]);
    }
  }
  std::sort(index.offsets_.begin(), index.offsets_.end());
  for (std::vector<int>& offsets : index.institution_) std::sort(offsets.begin(), offsets.end());
  return index;
}

PairRule PairRules::ForOneMentee::FurthestUnlisted(std::span<const int> listed,
                                                   const std::vector<int>& others,
                                                   const RoomIndex& index) const {
  // Given scores have no must-match questions (SetMustMatch), so without a
  // score and outside the exclusions and pairs, a mentor stops at capacity,
  // institution, time zone or, passing those, at kNotScored. Count each
  // group over all mentors, then take the listed and other mentors out.
  assert(rules_->must_match_questions_ == 0);
  std::int64_t all = rules_->mentor_count();
  std::int64_t room = static_cast<std::int64_t>(index.offsets_.size());
  const std::vector<int>* same = nullptr;
  if (institution_ >= 0 && institution_ < static_cast<int>(index.institution_.size())) {
    same = &index.institution_[institution_];
  }
  std::int64_t room_elsewhere = room - (same ? static_cast<std::int64_t>(same->size()) : 0);
  std::int64_t within_reach = room_elsewhere;
  // |a - b| <= limit for whole minutes a, b is |a - b| <= floor(limit).
  const int reach = static_cast<int>(std::floor(rules_->time_zone_limit_minutes_));
  const auto near = [&](const std::vector<int>& offsets) {
    return static_cast<std::int64_t>(
        std::upper_bound(offsets.begin(), offsets.end(), utc_offset_ + reach) -
        std::lower_bound(offsets.begin(), offsets.end(), utc_offset_ - reach));
  };
  if (rules_->time_zone_rule_) within_reach = near(index.offsets_) - (same ? near(*same) : 0);
  const auto take_out = [&](int r) {
    --all;
    if ((*mentor_left_)[r] <= 0) return;
    --room;
    if (institution_ >= 0 && rules_->mentor_institution_[r] == institution_) return;
    --room_elsewhere;
    if (rules_->time_zone_rule_ &&
        std::abs(utc_offset_ - rules_->mentor_utc_offset_[r]) > rules_->time_zone_limit_minutes_) {
      return;
    }
    --within_reach;
  };
  for (int r : listed) take_out(r);
  for (int r : others) take_out(r);
  if (within_reach > 0) return PairRule::kNotScored;
  if (room_elsewhere > 0) return PairRule::kTimeZone;
  if (room > 0) return PairRule::kSameInstitution;
  if (all > 0) return PairRule::kMentorFull;
  return PairRule::kMenteeFull;
}

}  // namespace tandem::matching
