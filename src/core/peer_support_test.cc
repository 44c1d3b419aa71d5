#include "core/peer_support.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace tandem {
namespace {

PeerProfile Valid() {
  PeerProfile p;
  p.person = "Caregiver";
  p.cancer_type = " breast ";
  p.cancer_subtype = "Triple  Negative";
  p.treatments = {"surgery", "Surgery", "chemotherapy"};
  p.relationship = "partner";
  p.gender = "woman";
  p.same_gender = true;
  p.topics = {"caregiving"};
  p.languages = {"English", "english", "Spanish"};
  p.contact = {"phone"};
  p.time_zone = "America/Chicago";
  return p;
}

TEST(PeerProfile, ValidationCanonicalizesAndNamesTheField) {
  const PeerProfile p = ValidatePeerProfile(Valid());
  EXPECT_EQ(p.person, "caregiver");
  EXPECT_EQ(p.cancer_type, "breast");
  EXPECT_EQ(p.cancer_subtype, "triple negative");
  EXPECT_EQ(p.treatments, (std::vector<std::string>{"surgery", "chemotherapy"}));
  EXPECT_EQ(p.languages, (std::vector<std::string>{"english", "spanish"}));
  const struct {
    void (*edit)(PeerProfile&);
    const char* field;
  } cases[] = {
      {[](PeerProfile& p) { p.person = ""; }, "person"},
      {[](PeerProfile& p) { p.cancer_type = "heart"; }, "cancer_type"},
      {[](PeerProfile& p) { p.cancer_type = ""; }, "cancer_type"},
      {[](PeerProfile& p) { p.stage = "5"; }, "stage"},
      {[](PeerProfile& p) {
         p.treatments = {"surgery", "magic"};
       },
       "treatments[1]"},
      {[](PeerProfile& p) { p.age_group = "teen"; }, "age_group"},
      {[](PeerProfile& p) { p.gender = ""; }, "gender"},  // same_gender needs one
      {[](PeerProfile& p) { p.person = "patient"; }, "relationship"},
      {[](PeerProfile& p) { p.topics = {"weather"}; }, "topics[0]"},
      {[](PeerProfile& p) { p.contact = {"fax"}; }, "contact[0]"},
      {[](PeerProfile& p) { p.languages = {}; }, "languages"},
      {[](PeerProfile& p) { p.time_zone = "Mars/Base"; }, "time_zone"},
      {[](PeerProfile& p) {
         p.availability = {{0, 0}};
       },
       "availability[0]"},
  };
  for (const auto& c : cases) {
    PeerProfile p = Valid();
    c.edit(p);
    try {
      ValidatePeerProfile(p);
      ADD_FAILURE() << "accepted; expected an error on " << c.field;
    } catch (const Error& e) {
      EXPECT_EQ(e.field(), c.field) << e.message();
      EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    }
  }
}

TEST(VolunteerStanding, SaysWhyAVolunteerCannotBeOffered) {
  VolunteerStanding v{.trained_on = "2026-02-01", .screening = Screening::kCleared, .capacity = 2};
  EXPECT_EQ(VolunteerUnavailableReason(v, "2026-12-06"), "");
  const struct {
    void (*edit)(VolunteerStanding&);
    const char* reason;
  } cases[] = {
      {[](VolunteerStanding& v) { v.trained_on = ""; }, "has not completed training"},
      {[](VolunteerStanding& v) { v.screening = Screening::kPending; }, "screening is pending"},
      {[](VolunteerStanding& v) { v.screening = Screening::kExpired; }, "screening has expired"},
      {[](VolunteerStanding& v) { v.screening_expires_on = "2026-12-05"; },
       "screening has expired"},
      {[](VolunteerStanding& v) { v.paused = true; }, "is paused"},
      {[](VolunteerStanding& v) { v.load = 2; }, "is supporting as many people as they can"},
  };
  for (const auto& c : cases) {
    VolunteerStanding x = v;
    c.edit(x);
    EXPECT_EQ(VolunteerUnavailableReason(x, "2026-12-06"), c.reason);
  }
  v.screening_expires_on = "2026-12-06";  // the last day still counts
  EXPECT_EQ(VolunteerUnavailableReason(v, "2026-12-06"), "");
}

}  // namespace
}  // namespace tandem
