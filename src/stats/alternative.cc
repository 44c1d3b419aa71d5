#include "stats/alternative.h"

namespace tandem::stats {

std::string_view AlternativeName(Alternative alternative) {
  switch (alternative) {
    case Alternative::kTwoSided:
      return "two-sided";
    case Alternative::kLess:
      return "less";
    case Alternative::kGreater:
      return "greater";
  }
  return "two-sided";
}

}  // namespace tandem::stats
