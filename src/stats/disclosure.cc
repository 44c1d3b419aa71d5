#include "stats/disclosure.h"

#include <algorithm>
#include <cstddef>

#include "core/error.h"

namespace tandem::stats {

std::vector<bool> CellsToSuppress(const std::vector<int>& cells,
                                  const std::vector<std::vector<int>>& published_sums, int k) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (cells[i] < 0) throw InvalidArgument("counts must not be negative", "cells");
  }
  for (const auto& sum : published_sums) {
    for (int index : sum) {
      if (index < 0 || static_cast<std::size_t>(index) >= cells.size()) {
        throw InvalidArgument("a published sum names a cell out of range", "published_sums");
      }
    }
  }
  std::vector<bool> hidden(cells.size(), false);
  if (k <= 1) return hidden;
  for (std::size_t i = 0; i < cells.size(); ++i) hidden[i] = cells[i] < k;
  // Smaller sums first: closing them tends to close the larger ones too, so
  // fewer cells are lost (a percentage's numerator before the table's total).
  std::vector<const std::vector<int>*> order;
  for (const auto& sum : published_sums) order.push_back(&sum);
  std::stable_sort(order.begin(), order.end(),
                   [](const auto* a, const auto* b) { return a->size() < b->size(); });
  // A sum gives its hidden cells away when it has only one, or when they add
  // up to (k - 1) each, the most a hidden cell can hold. Each pass hides at
  // least one more cell or stops, so this ends.
  for (bool changed = true; changed;) {
    changed = false;
    for (const std::vector<int>* sum_ptr : order) {
      const std::vector<int>& sum = *sum_ptr;
      int hidden_cells = 0;
      long long hidden_total = 0;
      for (int index : sum) {
        if (!hidden[index]) continue;
        ++hidden_cells;
        hidden_total += cells[index];
      }
      const bool given_away =
          hidden_cells == 1 ||
          (hidden_cells > 1 && hidden_total == static_cast<long long>(hidden_cells) * (k - 1));
      if (!given_away) continue;
      int pick = -1;
      for (int index : sum) {
        if (!hidden[index] && (pick < 0 || cells[index] < cells[pick])) pick = index;
      }
      if (pick < 0) continue;  // nothing left to hide in this sum
      hidden[pick] = true;
      changed = true;
    }
  }
  return hidden;
}

std::vector<std::optional<int>> Suppress(const std::vector<int>& cells,
                                         const std::vector<std::vector<int>>& published_sums,
                                         int k) {
  const std::vector<bool> hidden = CellsToSuppress(cells, published_sums, k);
  std::vector<std::optional<int>> out(cells.begin(), cells.end());
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (hidden[i]) out[i].reset();
  }
  return out;
}

}  // namespace tandem::stats
