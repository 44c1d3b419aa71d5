#include "matching/rules.h"

#include <climits>

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
  return view;
}

}  // namespace tandem::matching
