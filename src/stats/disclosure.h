// Small-cell suppression for de-identified tables (docs/evaluation.md): a
// published count describing fewer than k people is shown as "< k", and
// further cells are hidden until no hidden cell can be worked out from the
// sums that are published (complementary suppression).
#pragma once

#include <optional>
#include <vector>

namespace tandem::stats {

// Which of `cells` (counts of people, each >= 0) must be hidden when k is the
// smallest count that may be shown and each of `published_sums` (lists of
// indices into `cells`: a table's total, its row and column totals, a
// percentage's numerator) is shown. Primary: every cell under k, zeros too
// (a shown zero would tell the hidden cells beside it are at least one).
// Complementary: while a published sum has exactly one hidden cell, or hidden
// cells that can only all be k - 1, its smallest shown cell is hidden too,
// the smaller sums first. Safe, not always the fewest cells; but a sum whose
// cells are all hidden still tells them when each is k - 1 (4, 4 and 4 of a
// shown 12 with k = 5) — such a table has no cell of k or more at all, and a
// caller that must not reveal even that hides the sum. Returns one flag
// per cell. k <= 1 hides nothing. Throws tandem::Error(kInvalidArgument) for
// a negative count or an index out of range. Pure and deterministic.
std::vector<bool> CellsToSuppress(const std::vector<int>& cells,
                                  const std::vector<std::vector<int>>& published_sums, int k);

// `cells` with the hidden ones as std::nullopt.
std::vector<std::optional<int>> Suppress(const std::vector<int>& cells,
                                         const std::vector<std::vector<int>>& published_sums,
                                         int k);

}  // namespace tandem::stats
