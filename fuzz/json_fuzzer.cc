// JSON request decoding (api/json.h) over arbitrary bytes: DecodeObject with
// a reader that uses every ObjectReader accessor (nested objects and arrays
// of objects too), the shared route readers ReadProfile and ReadWeights, and
// RequireEmptyBody. Every failure must be a tandem::Error(kInvalidArgument):
// an nlohmann exception or anything else escaping is a bug. A profile that
// decodes is encoded and dumped again.
//
// The route handlers' own readers are lambdas in src/api/*.cc made of these
// same accessors; the field names below are theirs, so the dictionary and
// corpus steer the fuzzer to the same paths.
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

#include "api/json.h"
#include "core/error.h"
#include "fuzz_check.h"

using tandem::api::ObjectReader;
using tandem::fuzz::Check;

namespace {

constexpr std::int64_t kIntMin = std::numeric_limits<int>::min();
constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();

// Every accessor: optional ones first (a missing required field ends the
// reading), nested readers up to `depth` levels.
void ReadEverything(ObjectReader& r, int depth) {
  (void)r.Has("name");
  (void)r.PathOf("name");
  (void)r.OptionalString("objectives");
  (void)r.OptionalStringOrNull("starts_on");
  (void)r.OptionalBool("cross_institution");
  (void)r.OptionalInt("cadence_days", kIntMin, kIntMax);
  (void)r.OptionalInt("capacity", 1, tandem::kMaxCapacity);
  (void)r.NullableInt("years_experience", kIntMin, kIntMax);
  (void)r.OptionalNumber("weight");
  (void)r.NullableNumber("min_score");
  (void)r.OptionalStrings("interests");
  (void)r.Raw("background");
  r.Object("weights", [](ObjectReader& w) { (void)tandem::api::ReadWeights(w); });
  if (depth > 0) {
    r.Object("object", [depth](ObjectReader& o) { ReadEverything(o, depth - 1); });
    r.ObjectArray("objects", [depth](ObjectReader& o) { ReadEverything(o, depth - 1); });
  }
  r.ObjectArray("locks", [](ObjectReader& lock) {
    (void)lock.String("mentee");
    (void)lock.String("mentor");
  });
  (void)r.String("name");
  (void)r.Bool("disabled");
  (void)r.Int("minutes", 1, 1440);
  (void)r.Strings("prefer");
}

void ExpectInvalidArgument(const tandem::Error& e) {
  Check(e.code() == tandem::ErrorCode::kInvalidArgument, "decoding errors are invalid_argument");
  Check(!e.message().empty(), "decoding errors say why");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);

  try {
    tandem::api::DecodeObject(body, [](ObjectReader& r) { ReadEverything(r, 3); });
  } catch (const tandem::Error& e) {
    ExpectInvalidArgument(e);
  }

  try {
    tandem::Participant profile;
    tandem::api::DecodeObject(body,
                              [&](ObjectReader& r) { profile = tandem::api::ReadProfile(r); });
    const std::string dumped = tandem::api::Dump(tandem::api::EncodeProfile(profile));
    Check(!dumped.empty(), "an encoded profile is not empty");
  } catch (const tandem::Error& e) {
    ExpectInvalidArgument(e);
  }

  try {
    tandem::api::DecodeObject(
        body,
        [](ObjectReader& r) {
          const tandem::WeightChanges changes = tandem::api::ReadWeights(r);
          (void)tandem::api::Encode(changes.AppliedTo(tandem::MatchingWeights{}));
        },
        /*empty_is_object=*/true);
  } catch (const tandem::Error& e) {
    ExpectInvalidArgument(e);
  }

  try {
    tandem::api::RequireEmptyBody(body);
  } catch (const tandem::Error& e) {
    ExpectInvalidArgument(e);
  }
  return 0;
}
