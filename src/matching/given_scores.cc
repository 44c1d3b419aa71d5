#include "matching/given_scores.h"

#include <functional>

namespace tandem::matching {

namespace {

std::size_t HashOf(std::string_view id) { return std::hash<std::string_view>()(id); }

}  // namespace

int InternedIds::Find(std::string_view id) const {
  if (slot_.empty()) return -1;
  const std::size_t mask = slot_.size() - 1;
  for (std::size_t i = HashOf(id) & mask;; i = (i + 1) & mask) {
    const std::int32_t k = slot_[i] - 1;
    if (k < 0) return -1;
    if ((*this)[k] == id) return k;
  }
}

int InternedIds::Intern(std::string_view id) {
  // At most half full, so a probe ends soon and always finds a free slot.
  if (2 * (static_cast<std::size_t>(size()) + 1) > slot_.size()) Grow();
  const std::size_t mask = slot_.size() - 1;
  std::size_t i = HashOf(id) & mask;
  for (;; i = (i + 1) & mask) {
    const std::int32_t k = slot_[i] - 1;
    if (k < 0) break;
    if ((*this)[k] == id) return k;
  }
  const int k = size();
  text_.append(id);
  start_.push_back(text_.size());
  slot_[i] = k + 1;
  return k;
}

void InternedIds::Grow() {
  std::vector<std::int32_t> slot(slot_.empty() ? 64 : 2 * slot_.size(), 0);
  const std::size_t mask = slot.size() - 1;
  for (int k = 0; k < size(); ++k) {
    std::size_t i = HashOf((*this)[k]) & mask;
    while (slot[i] != 0) i = (i + 1) & mask;
    slot[i] = k + 1;
  }
  slot_ = std::move(slot);
}

void GivenScoreTable::Reserve(std::size_t rows) {
  mentee_.reserve(rows);
  mentor_.reserve(rows);
  score_.reserve(rows);
  row_.reserve(rows);
}

void GivenScoreTable::Add(std::string_view mentee, std::string_view mentor, double score, int row) {
  mentee_.push_back(mentee_ids_.Intern(mentee));
  mentor_.push_back(mentor_ids_.Intern(mentor));
  score_.push_back(score);
  row_.push_back(row);
}

}  // namespace tandem::matching
