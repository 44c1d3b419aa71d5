#include "core/matching_run.h"

#include <gtest/gtest.h>

namespace tandem {
namespace {

TEST(MatchingRunStatus, NamesRoundTrip) {
  const struct {
    MatchingRunStatus status;
    const char* name;
  } cases[] = {{MatchingRunStatus::kQueued, "queued"},
               {MatchingRunStatus::kRunning, "running"},
               {MatchingRunStatus::kDone, "done"},
               {MatchingRunStatus::kFailed, "failed"},
               {MatchingRunStatus::kPublished, "published"}};
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(MatchingRunStatusName(c.status), c.name);
    EXPECT_EQ(ParseMatchingRunStatus(c.name), c.status);
  }
}

TEST(MatchingRunStatus, ParseIgnoresCaseAndSpaceRejectsUnknown) {
  EXPECT_EQ(ParseMatchingRunStatus(" Done "), MatchingRunStatus::kDone);
  EXPECT_EQ(ParseMatchingRunStatus("PUBLISHED"), MatchingRunStatus::kPublished);
  for (const char* bad : {"", "finished", "queue", "done!"}) {
    SCOPED_TRACE(bad);
    EXPECT_FALSE(ParseMatchingRunStatus(bad).has_value());
  }
}

}  // namespace
}  // namespace tandem
