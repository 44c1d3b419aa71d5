#include "matching/peer.h"

#include <algorithm>
#include <climits>
#include <map>
#include <queue>
#include <unordered_map>

#include "calendar/weekly.h"
#include "core/error.h"

namespace tandem::matching {
namespace {

constexpr int kCancer = static_cast<int>(PeerFacet::kCancerType);

int Index(std::span<const PeerTerm> list, const std::string& code) {
  return code.empty() ? -1 : PeerIndexOf(list, code);
}

template <typename Bits>
Bits MaskOf(std::span<const PeerTerm> list, const std::vector<std::string>& codes) {
  Bits mask = 0;
  for (const std::string& c : codes) {
    const int i = PeerIndexOf(list, c);
    if (i >= 0) mask |= Bits{1} << i;
  }
  return mask;
}

// Availability as half hours of the UTC week: 336 bits.
using HalfHours = std::array<std::uint64_t, 6>;
constexpr int kHalfHoursPerWeek = 7 * 48;

HalfHours HalfHoursOf(const std::vector<WeeklyWindow>& local, int offset) {
  HalfHours bits{};
  for (const WeeklyWindow& w : calendar::ToUtcWeek(local, offset)) {
    // Half hours wholly inside the window (a window starting at :15 counts
    // from :30).
    const int first = (w.start + 29) / 30, end = (w.start + w.minutes) / 30;
    for (int h = first; h < end && h < kHalfHoursPerWeek; ++h) bits[h / 64] |= 1ULL << (h % 64);
  }
  return bits;
}

int SharedHalfHours(const HalfHours& a, const HalfHours& b) {
  int n = 0;
  for (int k = 0; k < 6; ++k) n += __builtin_popcountll(a[k] & b[k]);
  return n;
}

int Days(const std::string& iso_date, const char* field) {
  try {
    return calendar::ParseDate(iso_date.substr(0, 10)).days_since_epoch;
  } catch (const Error&) {
    throw InvalidArgument(std::string(field) + " is not a date", field);
  }
}

}  // namespace

std::string_view PeerFacetName(PeerFacet facet) {
  static constexpr std::string_view names[] = {
      "cancer_type",          "subtype", "treatments",   "experience", "age", "gender",
      "time_since_diagnosis", "topics",  "availability", "balance"};
  return names[static_cast<int>(facet)];
}

struct PeerIndex::Impl {
  // One volunteer, compact and stored in its cancer type's bucket, so that a
  // bucket is read in one sequential sweep: the hard rules first, then what
  // is scored.
  struct Entry {
    std::int64_t id = 0;
    std::uint64_t language_bloom = 0;                       // bit (language id % 64)
    std::array<std::int16_t, 4> languages{-1, -1, -1, -1};  // the first four, interned
    std::int32_t expires_day = INT_MAX;                     // screening's last day
    std::int32_t last_match_day = -1;                       // -1: never
    std::int32_t subtype = -1;                              // interned
    std::uint32_t topics = 0;
    std::uint16_t treatments = 0;
    bool available = false;  // trained, cleared, not paused, under the limit
    std::int8_t gender = -1, cancer = -1, age = -1, time = -1, person = -1, relationship = -1;
    float room = 0;  // 1 - load / capacity
    HalfHours free{};
  };
  // A request in the same terms.
  struct Request {
    std::uint64_t language_bloom = 0;
    std::vector<std::int16_t> languages;
    std::int8_t gender = -1, cancer = -1, age = -1, time = -1, person = -1, relationship = -1;
    std::int32_t subtype = -1;
    bool same_gender = false;
    bool caregiver = false;
    std::uint16_t treatments = 0;
    std::uint32_t topics = 0;
    int topic_count = 0;
    HalfHours free{};
    bool has_free = false;
    std::vector<std::int64_t> excluded;  // sorted
    int today = 0, now_day = 0;
    int limit = 10;
  };
  struct Place {
    int bucket = 0;
    int position = 0;
  };

  PeerWeights weights;
  calendar::Date reference;
  std::int8_t caregiver = static_cast<std::int8_t>(PeerIndexOf(PeerPersonKinds(), "caregiver"));
  // Entries by cancer type, age group and gender (each: code position + 1,
  // 0 for none given), so that a request's bound on a whole bucket is exact
  // for those three facets (see Suggest).
  std::vector<std::vector<Entry>> buckets;
  static constexpr int kAges = 8, kGenders = 6;
  std::unordered_map<std::int64_t, Place> place_of;
  std::unordered_map<std::string, int> language_ids, subtype_ids;
  std::size_t live = 0;

  static int BucketOf(int cancer, int age, int gender) {
    return ((cancer + 1) * kAges + (age + 1)) * kGenders + (gender + 1);
  }
  static int CancerOfBucket(int b) { return b / (kAges * kGenders) - 1; }
  static int AgeOfBucket(int b) { return (b / kGenders) % kAges - 1; }
  static int GenderOfBucket(int b) { return b % kGenders - 1; }

  void Unlink(Place at) {
    std::vector<Entry>& bucket = buckets[at.bucket];
    if (at.position + 1 != static_cast<int>(bucket.size())) {
      bucket[at.position] = bucket.back();
      place_of[bucket[at.position].id] = at;
    }
    bucket.pop_back();
    --live;
  }

  bool Allowed(const Entry& e, const Request& r) const {
    if (!e.available || e.expires_day < r.today) return false;
    if ((e.language_bloom & r.language_bloom) == 0) return false;
    bool shared = false;
    for (std::int16_t l : r.languages) {
      for (std::int16_t m : e.languages) shared |= m == l;
    }
    if (!shared) return false;
    if (r.same_gender && e.gender != r.gender) return false;
    if (!r.excluded.empty() && std::binary_search(r.excluded.begin(), r.excluded.end(), e.id)) {
      return false;
    }
    return true;
  }

  PeerSuggestion Score(const Entry& e, const Request& r) const {
    const auto& w = weights.weight;
    PeerSuggestion out;
    out.volunteer = e.id;
    auto& part = out.parts;
    part[kCancer] = r.cancer >= 0 && e.cancer == r.cancer ? w[kCancer] : 0;
    constexpr int kSub = static_cast<int>(PeerFacet::kSubtype);
    part[kSub] = r.subtype >= 0 && e.subtype == r.subtype ? w[kSub] : 0;
    constexpr int kTreat = static_cast<int>(PeerFacet::kTreatments);
    if (r.treatments != 0) {
      part[kTreat] = w[kTreat] * __builtin_popcount(e.treatments & r.treatments) /
                     __builtin_popcount(e.treatments | r.treatments);
    }
    constexpr int kExp = static_cast<int>(PeerFacet::kExperience);
    if (r.person >= 0 && e.person >= 0 && r.caregiver == (e.person == caregiver)) {
      part[kExp] = !r.caregiver || (r.relationship >= 0 && r.relationship == e.relationship)
                       ? w[kExp]
                       : w[kExp] / 2;
    }
    constexpr int kAge = static_cast<int>(PeerFacet::kAge);
    if (r.age >= 0 && e.age >= 0) {
      const int d = std::abs(r.age - e.age);
      part[kAge] = d == 0 ? w[kAge] : (d == 1 ? w[kAge] / 2 : 0);
    }
    constexpr int kGender = static_cast<int>(PeerFacet::kGender);
    part[kGender] = r.gender >= 0 && e.gender == r.gender ? w[kGender] : 0;
    constexpr int kTime = static_cast<int>(PeerFacet::kTimeSince);
    if (r.time >= 0 && e.time >= 0) {
      part[kTime] = w[kTime] * std::max(0.0, 1 - 0.25 * std::abs(r.time - e.time));
    }
    constexpr int kTopics = static_cast<int>(PeerFacet::kTopics);
    if (r.topic_count > 0) {
      part[kTopics] = w[kTopics] * __builtin_popcount(e.topics & r.topics) / r.topic_count;
    }
    constexpr int kFree = static_cast<int>(PeerFacet::kAvailability);
    if (r.has_free) part[kFree] = w[kFree] * std::min(4, SharedHalfHours(r.free, e.free)) / 4.0;
    constexpr int kBalance = static_cast<int>(PeerFacet::kBalance);
    const double since =
        e.last_match_day < 0 ? 1.0 : std::clamp((r.now_day - e.last_match_day) / 90.0, 0.0, 1.0);
    part[kBalance] = w[kBalance] * (0.5 * e.room + 0.5 * since);
    for (double x : part) out.score += x;
    return out;
  }

  static bool Better(const PeerSuggestion& a, const PeerSuggestion& b) {
    return a.score != b.score ? a.score > b.score : a.volunteer < b.volunteer;
  }

  // Keeps the best `limit` of what it is offered (a heap whose top is the
  // worst kept).
  struct Best {
    std::size_t limit;
    std::vector<PeerSuggestion> heap;
    void Offer(const PeerSuggestion& s) {
      if (heap.size() < limit) {
        heap.push_back(s);
        std::push_heap(heap.begin(), heap.end(), Better);
      } else if (Better(s, heap.front())) {
        std::pop_heap(heap.begin(), heap.end(), Better);
        heap.back() = s;
        std::push_heap(heap.begin(), heap.end(), Better);
      }
    }
    bool full() const { return heap.size() == limit; }
    std::vector<PeerSuggestion> Sorted() && {
      std::sort(heap.begin(), heap.end(), Better);
      return std::move(heap);
    }
  };

  void Sweep(const std::vector<Entry>& bucket, const Request& r, Best& best) const {
    for (const Entry& e : bucket) {
      if (Allowed(e, r)) best.Offer(Score(e, r));
    }
  }

  // The most a volunteer in bucket `b` can score for `r`: the three facets
  // the bucket fixes, exactly, plus every other facet's whole weight.
  double BucketBound(int b, const Request& r) const {
    const auto& w = weights.weight;
    double bound = 0;
    for (int f = 0; f < kPeerFacetCount; ++f) bound += w[f];
    if (r.cancer < 0 || CancerOfBucket(b) != r.cancer) bound -= w[kCancer];
    constexpr int kAge = static_cast<int>(PeerFacet::kAge);
    const int age = AgeOfBucket(b);
    if (r.age < 0 || age < 0) {
      bound -= w[kAge];
    } else if (std::abs(age - r.age) == 1) {
      bound -= w[kAge] / 2;
    } else if (age != r.age) {
      bound -= w[kAge];
    }
    constexpr int kGender = static_cast<int>(PeerFacet::kGender);
    if (r.gender < 0 || GenderOfBucket(b) != r.gender) bound -= w[kGender];
    return bound;
  }

  Request Compile(const PeerQuery& q) const {
    if (q.limit < 1 || q.limit > 100) throw InvalidArgument("limit must be 1 to 100", "limit");
    Request r;
    r.today = Days(q.today, "today");
    r.now_day = Days(q.now, "now");
    r.limit = q.limit;
    const PeerProfile& p = q.request;
    for (const std::string& l : p.languages) {
      auto it = language_ids.find(l);
      if (it == language_ids.end()) continue;
      r.languages.push_back(static_cast<std::int16_t>(it->second));
      r.language_bloom |= std::uint64_t{1} << (it->second % 64);
    }
    r.gender = static_cast<std::int8_t>(Index(PeerGenders(), p.gender));
    r.same_gender = p.same_gender;
    r.cancer = static_cast<std::int8_t>(Index(PeerCancerTypes(), p.cancer_type));
    r.age = static_cast<std::int8_t>(Index(PeerAgeGroups(), p.age_group));
    r.time = static_cast<std::int8_t>(Index(PeerTimesSinceDiagnosis(), p.time_since_diagnosis));
    r.person = static_cast<std::int8_t>(Index(PeerPersonKinds(), p.person));
    r.caregiver = r.person >= 0 && r.person == caregiver;
    r.relationship = static_cast<std::int8_t>(Index(PeerRelationships(), p.relationship));
    if (!p.cancer_subtype.empty()) {
      auto it = subtype_ids.find(p.cancer_subtype);
      r.subtype = it == subtype_ids.end() ? -2 : it->second;
    }
    r.treatments = MaskOf<std::uint16_t>(PeerTreatments(), p.treatments);
    r.topics = MaskOf<std::uint32_t>(PeerTopics(), p.topics);
    r.topic_count = __builtin_popcount(r.topics);
    r.free = HalfHoursOf(p.availability, calendar::UtcOffsetMinutes(p.time_zone, reference));
    r.has_free = !p.availability.empty();
    r.excluded = q.excluded;
    std::sort(r.excluded.begin(), r.excluded.end());
    return r;
  }
};

PeerIndex::PeerIndex(PeerWeights weights, std::string reference_date)
    : impl_(std::make_unique<Impl>()) {
  for (double w : weights.weight) {
    if (!(w >= 0 && w <= 1000)) throw InvalidArgument("weights are 0 to 1000", "weights");
  }
  impl_->weights = weights;
  impl_->reference =
      calendar::ParseDate(reference_date.empty() ? std::string("2025-01-01") : reference_date);
  impl_->buckets.resize((PeerCancerTypes().size() + 1) * Impl::kAges * Impl::kGenders);
}

PeerIndex::~PeerIndex() = default;

std::size_t PeerIndex::size() const { return impl_->live; }

void PeerIndex::Upsert(const PeerVolunteer& v) {
  Impl& m = *impl_;
  Impl::Entry e;
  e.id = v.id;
  const PeerProfile& p = v.profile;
  const VolunteerStanding& s = v.standing;
  e.free = HalfHoursOf(p.availability, calendar::UtcOffsetMinutes(p.time_zone, m.reference));
  e.available = !s.trained_on.empty() && s.screening == Screening::kCleared && !s.paused &&
                s.load < s.capacity;
  if (!s.screening_expires_on.empty()) e.expires_day = Days(s.screening_expires_on, "screening");
  int n = 0;
  for (const std::string& l : p.languages) {
    auto it = m.language_ids.find(l);
    if (it == m.language_ids.end()) {
      if (m.language_ids.size() >= 30000) continue;  // beyond any real list of languages
      it = m.language_ids.emplace(l, static_cast<int>(m.language_ids.size())).first;
    }
    if (n < 4) e.languages[n++] = static_cast<std::int16_t>(it->second);
    e.language_bloom |= std::uint64_t{1} << (it->second % 64);
  }
  e.gender = static_cast<std::int8_t>(Index(PeerGenders(), p.gender));
  e.cancer = static_cast<std::int8_t>(Index(PeerCancerTypes(), p.cancer_type));
  e.age = static_cast<std::int8_t>(Index(PeerAgeGroups(), p.age_group));
  e.time = static_cast<std::int8_t>(Index(PeerTimesSinceDiagnosis(), p.time_since_diagnosis));
  e.person = static_cast<std::int8_t>(Index(PeerPersonKinds(), p.person));
  e.relationship = static_cast<std::int8_t>(Index(PeerRelationships(), p.relationship));
  if (!p.cancer_subtype.empty()) {
    e.subtype = m.subtype_ids.emplace(p.cancer_subtype, static_cast<int>(m.subtype_ids.size()))
                    .first->second;
  }
  e.treatments = MaskOf<std::uint16_t>(PeerTreatments(), p.treatments);
  e.topics = MaskOf<std::uint32_t>(PeerTopics(), p.topics);
  e.room = s.capacity > 0
               ? static_cast<float>(std::max(0.0, 1.0 - static_cast<double>(s.load) / s.capacity))
               : 0.0f;
  if (!s.last_matched_at.empty()) e.last_match_day = Days(s.last_matched_at, "last_matched_at");

  if (auto it = m.place_of.find(v.id); it != m.place_of.end()) m.Unlink(it->second);
  const int bucket = Impl::BucketOf(e.cancer, e.age, e.gender);
  m.place_of[v.id] = {bucket, static_cast<int>(m.buckets[bucket].size())};
  m.buckets[bucket].push_back(e);
  ++m.live;
}

void PeerIndex::Remove(std::int64_t id) {
  Impl& m = *impl_;
  auto it = m.place_of.find(id);
  if (it == m.place_of.end()) return;
  const Impl::Place at = it->second;
  m.place_of.erase(it);
  m.Unlink(at);
}

std::vector<PeerSuggestion> PeerIndex::Suggest(const PeerQuery& query) const {
  const Impl& m = *impl_;
  const Impl::Request r = m.Compile(query);
  Impl::Best best{static_cast<std::size_t>(r.limit), {}};
  if (r.languages.empty()) return {};  // nobody speaks any of the requester's languages
  // Buckets in order of the most their volunteers can score; once everyone
  // kept beats the next bucket's bound, nobody further can enter. A request
  // for someone of the same gender reads only that gender's buckets.
  std::vector<std::pair<double, int>> order;
  for (int b = 0; b < static_cast<int>(m.buckets.size()); ++b) {
    if (m.buckets[b].empty()) continue;
    if (r.same_gender && Impl::GenderOfBucket(b) != r.gender) continue;
    order.push_back({m.BucketBound(b, r), b});
  }
  std::sort(order.begin(), order.end(),
            [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [bound, b] : order) {
    if (best.full() && best.heap.front().score > bound) break;
    m.Sweep(m.buckets[b], r, best);
  }
  return std::move(best).Sorted();
}

std::vector<PeerSuggestion> PeerIndex::SuggestByScanning(const PeerQuery& query) const {
  const Impl& m = *impl_;
  const Impl::Request r = m.Compile(query);
  Impl::Best best{static_cast<std::size_t>(r.limit), {}};
  for (const auto& bucket : m.buckets) m.Sweep(bucket, r, best);
  return std::move(best).Sorted();
}

std::vector<PeerSuggestion> SuggestByScan(const std::vector<PeerVolunteer>& pool,
                                          const PeerQuery& query, PeerWeights weights,
                                          std::string reference_date) {
  PeerIndex index(weights, std::move(reference_date));
  for (const PeerVolunteer& v : pool) index.Upsert(v);
  return index.SuggestByScanning(query);
}

}  // namespace tandem::matching
