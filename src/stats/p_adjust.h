// Adjusting p-values for multiple comparisons, as R's p.adjust.
#pragma once

#include <vector>

namespace tandem::stats {

// Holm's step-down adjustment (controls the family-wise error rate). Returns
// the adjusted p-values in the order given. Each p-value must lie in [0, 1];
// throws tandem::Error(kInvalidArgument) naming the position otherwise.
std::vector<double> HolmAdjust(const std::vector<double>& p_values);

// Benjamini-Hochberg step-up adjustment (controls the false discovery rate).
// Same contract as HolmAdjust.
std::vector<double> BenjaminiHochbergAdjust(const std::vector<double>& p_values);

}  // namespace tandem::stats
