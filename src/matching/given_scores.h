// Scores a coordinator gives pairs (`tandem match --scores`), held as flat
// columns: each distinct id is stored once, and each row is four numbers, so a
// file of millions of rows costs about 20 bytes a row and no string per row.
// The ids are checked against the participants only when a problem is built
// from the table (MatchProblem::FromScores). Internal to the matching engine's
// users: no I/O here (scores_csv.h reads a file into a table).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tandem::matching {

// Numbers distinct strings 0, 1, 2, … in the order they are first seen. One
// hash probe per lookup; the strings live in one buffer. Not thread-safe.
class InternedIds {
 public:
  // The number of `id`, numbering it first when it is new.
  int Intern(std::string_view id);
  // The number of `id`, or -1 when it was never interned.
  int Find(std::string_view id) const;
  // The string numbered `k` (0 <= k < size()); valid while the table lives.
  std::string_view operator[](int k) const {
    return std::string_view(text_).substr(start_[k], start_[k + 1] - start_[k]);
  }
  int size() const { return static_cast<int>(start_.size()) - 1; }

 private:
  void Grow();
  std::string text_;
  std::vector<std::size_t> start_{0};  // string k is text_[start_[k], start_[k + 1])
  std::vector<std::int32_t> slot_;     // open addressing: string number + 1, 0 when free
};

// A mentee–mentor–score table in the order the rows were added. Movable, not
// copyable (it may hold hundreds of megabytes).
class GivenScoreTable {
 public:
  GivenScoreTable() = default;
  GivenScoreTable(GivenScoreTable&&) noexcept = default;
  GivenScoreTable& operator=(GivenScoreTable&&) noexcept = default;
  GivenScoreTable(const GivenScoreTable&) = delete;
  GivenScoreTable& operator=(const GivenScoreTable&) = delete;

  // Appends a row. `score` is kept as given (checked when the problem is
  // built); `row` (1-based file row, 0 = none) is quoted in error messages.
  void Add(std::string_view mentee, std::string_view mentor, double score, int row);

  // Makes room for `rows` rows without moving them again (no rows are added).
  void Reserve(std::size_t rows);

  std::size_t size() const { return score_.size(); }
  // Row i's mentee and mentor as numbers into mentee_ids() and mentor_ids().
  int mentee(std::size_t i) const { return mentee_[i]; }
  int mentor(std::size_t i) const { return mentor_[i]; }
  double score(std::size_t i) const { return score_[i]; }
  int row(std::size_t i) const { return row_[i]; }
  const InternedIds& mentee_ids() const { return mentee_ids_; }
  const InternedIds& mentor_ids() const { return mentor_ids_; }

 private:
  InternedIds mentee_ids_, mentor_ids_;
  std::vector<std::int32_t> mentee_, mentor_, row_;
  std::vector<double> score_;
};

}  // namespace tandem::matching
