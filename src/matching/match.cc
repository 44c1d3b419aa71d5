#include "matching/match.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <climits>
#include <cmath>
#include <functional>
#include <numeric>
#include <span>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "calendar/weekly.h"
#include "core/error.h"
#include "matching/rules.h"
#include "matching/stable.h"

namespace tandem::matching {

std::string_view ObjectiveName(Objective objective) {
  switch (objective) {
    case Objective::kOptimal:
      return "optimal";
    case Objective::kFair:
      return "fair";
    case Objective::kStableMentee:
      return "stable-mentee";
    case Objective::kStableMentor:
      return "stable-mentor";
  }
  return "unknown";
}

std::optional<Objective> ParseObjective(std::string_view text) {
  for (Objective o : {Objective::kOptimal, Objective::kFair, Objective::kStableMentee,
                      Objective::kStableMentor}) {
    if (text == ObjectiveName(o)) return o;
  }
  return std::nullopt;
}

std::string_view UnmatchedReasonText(UnmatchedReason reason) {
  switch (reason) {
    case UnmatchedReason::kNoMentorWithCapacity:
      return "no mentor outside own institution with capacity left";
    case UnmatchedReason::kAllCandidatesExcluded:
      return "every candidate excluded (avoid, forbid or time-zone rule)";
    case UnmatchedReason::kNoMustMatch:
      return "no mentor with room gives the same answer to a must-match question";
    case UnmatchedReason::kAllBelowMinScore:
      return "every candidate below the minimum score";
    case UnmatchedReason::kNoScoreGiven:
      return "no score given for any allowed mentor";
    case UnmatchedReason::kCapacityTaken:
      return "capacity taken by better pairs";
    case UnmatchedReason::kNoEligibleMentee:
      return "no eligible mentee";
    case UnmatchedReason::kMenteesMatchedElsewhere:
      return "eligible mentees were matched with other mentors";
  }
  return "unknown";
}

std::string_view UnmatchedReasonCode(UnmatchedReason reason) {
  switch (reason) {
    case UnmatchedReason::kNoMentorWithCapacity:
      return "no_mentor_with_capacity";
    case UnmatchedReason::kAllCandidatesExcluded:
      return "all_candidates_excluded";
    case UnmatchedReason::kNoMustMatch:
      return "no_must_match_answer";
    case UnmatchedReason::kAllBelowMinScore:
      return "all_below_min_score";
    case UnmatchedReason::kNoScoreGiven:
      return "no_score_given";
    case UnmatchedReason::kCapacityTaken:
      return "capacity_taken";
    case UnmatchedReason::kNoEligibleMentee:
      return "no_eligible_mentee";
    case UnmatchedReason::kMenteesMatchedElsewhere:
      return "mentees_matched_elsewhere";
  }
  return "unknown";
}

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

struct Person {
  std::string id;
  int capacity = 1;
  std::vector<int> prefer;  // other side's indices, most preferred first
};

struct FixedPair {
  int mentee;
  int mentor;
  std::int64_t score;
};

std::int64_t PairKey(int mentee, int mentor) {
  return (static_cast<std::int64_t>(mentee) << 32) | static_cast<std::uint32_t>(mentor);
}

// Places left and pairs made once some pairs are fixed (locks, existing pairs).
struct Room {
  std::vector<int> mentee_left, mentor_left;
  std::vector<std::vector<int>> paired_with;  // per mentee: mentors already paired
};

// A (mentor, score) list in mentor order.
using ScoreList = std::vector<std::pair<int, std::int64_t>>;

}  // namespace

struct MatchProblem::State {
  MatchSettings settings;
  bool given = false;
  std::vector<Person> mentees, mentors;
  std::unordered_map<std::string, int> mentee_index, mentor_index;
  std::unique_ptr<Scorer> scorer;
  // The allowed pairs, per mentee in mentor order, with the room the locks
  // leave as capacities: the graph Solve solves.
  BipartiteGraph candidates;
  std::vector<FixedPair> locks;
  PairRules rules;  // every hard rule but the locks
  // With given scores, the listed pairs that are not candidates, per mentee
  // in mentor order (CSR). A pair's given score is in one of the two.
  std::vector<int> rejected_begin{0};
  std::vector<int> rejected_mentor;
  std::vector<std::int64_t> rejected_score;
  std::vector<UnmatchedReason> empty_reason;        // why a mentee has no candidate
  std::vector<char> mentor_allowed;                 // some mentee with room may have the mentor
  std::vector<int> id_rank_mentee, id_rank_mentor;  // position in id order
  double build_seconds = 0;
};

namespace {

using State = MatchProblem::State;

void CheckSettings(const MatchSettings& s) {
  if (s.top_k < 0) throw InvalidArgument("top-k must be 0 or more", "top_k");
  if (s.min_score && !std::isfinite(*s.min_score)) {
    throw InvalidArgument("minimum score must be a number", "min_score");
  }
  if (s.max_time_zone_difference_hours &&
      !(*s.max_time_zone_difference_hours >= 0 && *s.max_time_zone_difference_hours <= 48)) {
    throw InvalidArgument("maximum time-zone difference must be between 0 and 48 hours",
                          "max_time_zone_difference_hours");
  }
}

// Splits participants into the two sides and indexes them.
void LoadPeople(State& s, const std::vector<Participant>& people, const MatchSettings& settings) {
  CheckSettings(settings);
  s.settings = settings;
  s.rules = PairRules(settings);
  const calendar::Date reference = calendar::ParseDate(
      settings.reference_date.empty() ? std::string("2025-01-01") : settings.reference_date);
  std::unordered_map<std::string, int> institutions;
  std::unordered_set<std::string> ids;
  for (const Participant& p : people) {
    if (p.role != Role::kMentor && p.role != Role::kMentee) continue;
    if (p.id.empty()) throw InvalidArgument("a participant has an empty id", "id");
    if (!ids.insert(p.id).second) throw InvalidArgument("duplicate id \"" + p.id + "\"", "id");
    if (p.capacity < 0) {
      throw InvalidArgument("capacity of \"" + p.id + "\" must not be negative", "capacity");
    }
    Person person;
    person.id = p.id;
    person.capacity = p.capacity;
    const std::string canonical = CanonicalTag(p.institution);
    const int institution =
        canonical.empty()
            ? -1
            : institutions.emplace(canonical, static_cast<int>(institutions.size())).first->second;
    const int utc_offset = calendar::UtcOffsetMinutes(p.time_zone, reference);
    if (p.role == Role::kMentee) {
      s.mentee_index.emplace(p.id, static_cast<int>(s.mentees.size()));
      s.mentees.push_back(std::move(person));
      s.rules.AddMentee(institution, utc_offset);
    } else {
      s.mentor_index.emplace(p.id, static_cast<int>(s.mentors.size()));
      s.mentors.push_back(std::move(person));
      s.rules.AddMentor(institution, utc_offset);
    }
  }
  // prefer lists as indices (unknown or same-side ids are ignored here; the
  // CSV reader reports them).
  std::vector<const Participant*> mentee_src, mentor_src;
  for (const Participant& p : people) {
    if (p.role == Role::kMentee) mentee_src.push_back(&p);
    if (p.role == Role::kMentor) mentor_src.push_back(&p);
  }
  const auto resolve = [](const std::vector<std::string>& ids_in,
                          const std::unordered_map<std::string, int>& index) {
    std::vector<int> out;
    for (const auto& id : ids_in) {
      auto it = index.find(id);
      if (it != index.end() && std::find(out.begin(), out.end(), it->second) == out.end()) {
        out.push_back(it->second);
      }
    }
    return out;
  };
  for (size_t i = 0; i < mentee_src.size(); ++i) {
    s.mentees[i].prefer = resolve(mentee_src[i]->prefer, s.mentor_index);
  }
  for (size_t j = 0; j < mentor_src.size(); ++j) {
    s.mentors[j].prefer = resolve(mentor_src[j]->prefer, s.mentee_index);
  }
  const auto id_ranks = [](const std::vector<Person>& side) {
    std::vector<int> order(side.size()), rank(side.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return side[a].id < side[b].id; });
    for (size_t k = 0; k < order.size(); ++k) rank[order[k]] = static_cast<int>(k);
    return rank;
  };
  s.id_rank_mentee = id_ranks(s.mentees);
  s.id_rank_mentor = id_ranks(s.mentors);
}

// Resolves a person-given pair (either order) to (mentee, mentor) indices.
std::pair<int, int> ResolvePair(const State& s, const PairId& pair, std::string_view what) {
  const auto find = [](const std::unordered_map<std::string, int>& index, const std::string& id) {
    auto it = index.find(id);
    return it == index.end() ? -1 : it->second;
  };
  int e = find(s.mentee_index, pair.mentee), r = find(s.mentor_index, pair.mentor);
  if (e < 0 && r < 0) {
    e = find(s.mentee_index, pair.mentor);
    r = find(s.mentor_index, pair.mentee);
  }
  const std::string text = pair.mentee + ":" + pair.mentor;
  for (const std::string* id : {&pair.mentee, &pair.mentor}) {
    if (!s.mentee_index.count(*id) && !s.mentor_index.count(*id)) {
      throw InvalidArgument(std::string(what) + " " + text + " names unknown id \"" + *id + "\"",
                            std::string(what));
    }
  }
  if (e < 0 || r < 0) {
    throw InvalidArgument(std::string(what) + " " + text + " must pair a mentee with a mentor",
                          std::string(what));
  }
  return {e, r};
}

// Gives the rules the answers to the must-match questions (profiles only).
void SetMustMatch(State& s) {
  const Scorer& scorer = *s.scorer;
  std::vector<int> must;
  for (int q = 0; q < scorer.question_count(); ++q) {
    if (scorer.questions()[q].match == QuestionMatch::kMustMatch) must.push_back(q);
  }
  if (must.empty()) return;
  const int Q = static_cast<int>(must.size());
  std::vector<std::uint64_t> mentees(static_cast<std::size_t>(scorer.mentee_count()) * Q);
  std::vector<std::uint64_t> mentors(static_cast<std::size_t>(scorer.mentor_count()) * Q);
  for (int k = 0; k < Q; ++k) {
    for (int e = 0; e < scorer.mentee_count(); ++e) {
      mentees[static_cast<std::size_t>(e) * Q + k] = scorer.MenteeAnswer(e, must[k]);
    }
    for (int r = 0; r < scorer.mentor_count(); ++r) {
      mentors[static_cast<std::size_t>(r) * Q + k] = scorer.MentorAnswer(r, must[k]);
    }
  }
  s.rules.SetMustMatch(Q, std::move(mentees), std::move(mentors));
}

// Gives the rules every avoid (either side) and forbid.
void ExcludePairs(State& s, const std::vector<Participant>& people) {
  for (const Participant& p : people) {
    if (p.role == Role::kMentee) {
      const int e = s.mentee_index.at(p.id);
      for (const auto& id : p.avoid) {
        auto it = s.mentor_index.find(id);
        if (it != s.mentor_index.end()) s.rules.Exclude(e, it->second);
      }
    } else if (p.role == Role::kMentor) {
      const int r = s.mentor_index.at(p.id);
      for (const auto& id : p.avoid) {
        auto it = s.mentee_index.find(id);
        if (it != s.mentee_index.end()) s.rules.Exclude(it->second, r);
      }
    }
  }
  for (const PairId& f : s.settings.forbids) {
    const auto [e, r] = ResolvePair(s, f, "forbid");
    s.rules.Exclude(e, r);
  }
  s.rules.Seal();
}

// The given score of a pair; nullopt when none was given.
std::optional<std::int64_t> GivenScoreOf(const State& s, int e, int r) {
  const auto find = [r](const std::vector<int>& begin, const std::vector<int>& mentor,
                        const std::vector<std::int64_t>& score,
                        int e) -> std::optional<std::int64_t> {
    const auto first = mentor.begin() + begin[e], last = mentor.begin() + begin[e + 1];
    const auto it = std::lower_bound(first, last, r);
    if (it == last || *it != r) return std::nullopt;
    return score[it - mentor.begin()];
  };
  const BipartiteGraph& g = s.candidates;
  if (auto score = find(g.arc_begin, g.arc_right, g.arc_weight, e)) return score;
  return find(s.rejected_begin, s.rejected_mentor, s.rejected_score, e);
}

// Mentee e's listed pairs (candidates and rejected) merged in mentor order.
struct Listed {
  std::vector<int> mentors;
  std::vector<std::int64_t> scores;
};
void ListGiven(const State& s, int e, Listed& out) {
  out.mentors.clear();
  out.scores.clear();
  const BipartiteGraph& g = s.candidates;
  int a = g.arc_begin[e], b = s.rejected_begin[e];
  const int a_end = g.arc_begin[e + 1], b_end = s.rejected_begin[e + 1];
  while (a < a_end || b < b_end) {
    if (b == b_end || (a < a_end && g.arc_right[a] < s.rejected_mentor[b])) {
      out.mentors.push_back(g.arc_right[a]);
      out.scores.push_back(g.arc_weight[a++]);
    } else {
      out.mentors.push_back(s.rejected_mentor[b]);
      out.scores.push_back(s.rejected_score[b++]);
    }
  }
}

// A pair's score: given, or computed from the profiles (the reference scorer).
std::optional<std::int64_t> PairScore(const State& s, int e, int r) {
  if (s.given) return GivenScoreOf(s, e, r);
  return s.scorer->Score(e, r);
}

// Everyone's full capacity, nobody paired.
Room EmptyRoom(const State& s) {
  Room room;
  for (const Person& p : s.mentees) room.mentee_left.push_back(p.capacity);
  for (const Person& p : s.mentors) room.mentor_left.push_back(p.capacity);
  room.paired_with.resize(s.mentees.size());
  return room;
}

// Resolves and checks the locks against the rules, capacity included (each
// lock takes its places before the next is checked). Returns the room the
// locks leave.
Room LoadLocks(State& s) {
  Room room = EmptyRoom(s);
  std::unordered_set<std::int64_t> seen;
  for (const PairId& lock : s.settings.locks) {
    const auto [e, r] = ResolvePair(s, lock, "lock");
    if (!seen.insert(PairKey(e, r)).second) continue;
    const PairRules::Verdict verdict =
        s.rules.ForMentee(e, room.mentee_left[e], room.mentor_left, room.paired_with[e])
            .Check(r, [&s, mentee = e](int mentor) { return PairScore(s, mentee, mentor); });
    if (verdict.rule != PairRule::kAllowed) {
      throw FailedPrecondition("locked pair " + s.mentees[e].id + ":" + s.mentors[r].id + " " +
                               RuleBrokenText(verdict.rule, s.mentees[e].id, s.mentors[r].id));
    }
    --room.mentee_left[e];
    --room.mentor_left[r];
    room.paired_with[e].push_back(r);
    s.locks.push_back({e, r, verdict.score});
  }
  std::sort(s.locks.begin(), s.locks.end(), [](const FixedPair& a, const FixedPair& b) {
    return std::tie(a.mentee, a.mentor) < std::tie(b.mentee, b.mentor);
  });
  return room;
}

// Gives the candidate graph its people and the room the locks leave.
void SetRoom(BipartiteGraph& g, const Room& room) {
  g.left_count = static_cast<int>(room.mentee_left.size());
  g.right_count = static_cast<int>(room.mentor_left.size());
  g.left_capacity.resize(g.left_count);
  for (int e = 0; e < g.left_count; ++e) g.left_capacity[e] = std::max(0, room.mentee_left[e]);
  g.right_capacity = room.mentor_left;
}

// The furthest rule over all mentors for mentee `e` in `room`, by the
// reference scores: the rule that names the mentee's unmatched reason. With
// given scores, `index` (of the same room) spares visiting unscored mentors.
PairRule FurthestRule(const State& s, int e, const Room& room, const PairRules::RoomIndex& index) {
  const PairRules::ForOneMentee rules =
      s.rules.ForMentee(e, room.mentee_left[e], room.mentor_left, room.paired_with[e]);
  if (s.given) {
    Listed listed;
    ListGiven(s, e, listed);
    return rules.SweepListed(listed.mentors, listed.scores, index, [](int, std::int64_t) {});
  }
  return rules.Sweep([&](int r) { return s.scorer->Score(e, r); }, [](int, std::int64_t) {});
}

}  // namespace

MatchProblem::MatchProblem(std::unique_ptr<State> state) : state_(std::move(state)) {}
MatchProblem::MatchProblem(MatchProblem&&) noexcept = default;
MatchProblem& MatchProblem::operator=(MatchProblem&&) noexcept = default;
MatchProblem::~MatchProblem() = default;
const MatchSettings& MatchProblem::settings() const { return state_->settings; }
int MatchProblem::mentee_count() const { return static_cast<int>(state_->mentees.size()); }
int MatchProblem::mentor_count() const { return static_cast<int>(state_->mentors.size()); }
std::int64_t MatchProblem::candidate_pairs() const { return state_->candidates.arc_count(); }

namespace {

// The top `k` allowed mentors of a row (score descending, then mentor
// ascending), in mentor order, found without a heap: the row's maxima over
// about 4k blocks give a threshold t (the (k + k / 4 + 8)-th largest block
// maximum), so at least that many mentors score t or more; the rules are
// checked on those alone. When at least k of them are allowed, the top k
// allowed mentors of the whole row are among them (the k-th best allowed
// scores t or more) and `out` holds them: returns true. Otherwise returns
// false with `out` empty, for the caller's sweep over every mentor. Every
// mentor must already be allowed for some mentee (the caller's `unseen` is 0),
// so no mentor needs its rules checked for that alone.
bool TopByThreshold(const std::vector<std::int64_t>& row, std::size_t k,
                    const PairRules::ForOneMentee& rules, std::vector<std::int64_t>& maxima,
                    std::vector<int>& above, ScoreList& out) {
  const std::size_t R = row.size(), wanted = k + k / 4 + 8;
  // Blocks of a multiple of 4 mentors, each maximum over four running ones.
  const std::size_t block = std::max<std::size_t>(4, R / (4 * wanted) / 4 * 4);
  const std::size_t blocks = (R + block - 1) / block;
  if (blocks < wanted) return false;
  maxima.resize(2 * blocks);
  const std::int64_t* score = row.data();
  for (std::size_t b = 0; b < blocks; ++b) {
    const std::size_t first = b * block, last = std::min(R, first + block);
    std::int64_t m0 = score[first], m1 = m0, m2 = m0, m3 = m0;
    std::size_t r = first;
    for (; r + 4 <= last; r += 4) {
      m0 = std::max(m0, score[r]);
      m1 = std::max(m1, score[r + 1]);
      m2 = std::max(m2, score[r + 2]);
      m3 = std::max(m3, score[r + 3]);
    }
    for (; r < last; ++r) m0 = std::max(m0, score[r]);
    maxima[b] = maxima[blocks + b] = std::max(std::max(m0, m1), std::max(m2, m3));
  }
  const auto kth = maxima.begin() + static_cast<std::ptrdiff_t>(blocks + wanted - 1);
  std::nth_element(maxima.begin() + static_cast<std::ptrdiff_t>(blocks), kth, maxima.end(),
                   std::greater<>());
  const std::int64_t threshold = *kth;
  // Only blocks whose maximum reaches the threshold hold such mentors.
  above.resize(R);
  std::size_t n = 0;
  for (std::size_t b = 0; b < blocks; ++b) {
    if (maxima[b] < threshold) continue;
    const std::size_t first = b * block, last = std::min(R, first + block);
    for (std::size_t r = first; r < last; ++r) {
      above[n] = static_cast<int>(r);
      n += score[r] >= threshold ? 1 : 0;
    }
  }
  out.clear();
  for (std::size_t i = 0; i < n; ++i) {
    const int r = above[i];
    const PairRules::Verdict verdict = rules.Check(r, [&](int) { return std::optional(row[r]); });
    if (verdict.rule == PairRule::kAllowed) out.push_back({r, verdict.score});
  }
  if (out.size() < k) {
    out.clear();
    return false;
  }
  if (out.size() > k) {
    std::nth_element(
        out.begin(), out.begin() + static_cast<std::ptrdiff_t>(k - 1), out.end(),
        [](const std::pair<int, std::int64_t>& a, const std::pair<int, std::int64_t>& b) {
          return a.second != b.second ? a.second > b.second : a.first < b.first;
        });
    out.resize(k);
    std::sort(out.begin(), out.end());
  }
  return true;
}

}  // namespace

MatchProblem MatchProblem::FromParticipants(const std::vector<Participant>& people,
                                            const MatchSettings& settings) {
  const auto start = Clock::now();
  auto s = std::make_unique<State>();
  LoadPeople(*s, people, settings);
  std::vector<const Participant*> mentee_profiles, mentor_profiles;
  for (const Participant& p : people) {
    if (p.role == Role::kMentee) mentee_profiles.push_back(&p);
    if (p.role == Role::kMentor) mentor_profiles.push_back(&p);
  }
  ScoringOptions options;
  options.weights = settings.weights;
  options.taxonomy = settings.taxonomy;
  options.reference_date = calendar::ParseDate(
      settings.reference_date.empty() ? std::string("2025-01-01") : settings.reference_date);
  options.full_overlap_hours = settings.full_overlap_hours;
  options.questions = settings.questions;
  options.threads = settings.threads;
  s->scorer = std::make_unique<Scorer>(mentee_profiles, mentor_profiles, options);
  mentee_profiles.clear();
  mentor_profiles.clear();
  SetMustMatch(*s);

  ExcludePairs(*s, people);
  const Room room = LoadLocks(*s);
  const Scorer& scorer = *s->scorer;

  const int E = static_cast<int>(s->mentees.size()), R = static_cast<int>(s->mentors.size());
  const bool use_top_k =
      settings.top_k > 0 &&
      settings.top_k<R&& static_cast<std::int64_t>(E) * R> settings.all_pairs_limit;
  const size_t k = static_cast<size_t>(settings.top_k);

  // Every pair is scored; each mentee's candidates are found independently,
  // so mentees are split across threads in fixed blocks. Each thread marks
  // the mentors it allows in its own row of `allowed`.
  std::vector<ScoreList> candidates(E);
  s->empty_reason.assign(E, UnmatchedReason::kCapacityTaken);
  const auto work = [&](int from, int to, std::vector<char>& allowed) {
    int unseen = static_cast<int>(std::count(allowed.begin(), allowed.end(), 0));
    // Worst candidate on top: lower score, then later mentor.
    const auto better = [](const std::pair<int, std::int64_t>& a,
                           const std::pair<int, std::int64_t>& b) {
      return a.second != b.second ? a.second > b.second : a.first < b.first;
    };
    std::vector<std::int64_t> row(R);
    std::vector<std::int64_t> maxima;
    std::vector<int> above;
    for (int e = from; e < to; ++e) {
      auto& out = candidates[e];
      // The whole row at once (the fast path); equal to scorer.Score(e, r).
      if (room.mentee_left[e] > 0) scorer.ScoreAllMentors(e, row.data());
      const PairRules::ForOneMentee rules =
          s->rules.ForMentee(e, room.mentee_left[e], room.mentor_left, room.paired_with[e]);
      if (use_top_k && unseen == 0 && !rules.full() &&
          TopByThreshold(row, k, rules, maxima, above, out)) {
        s->empty_reason[e] = RuleReason(PairRule::kAllowed);
        continue;
      }
      // As PairRules' Sweep, with one shortcut: once the top K are full (so
      // some mentor is allowed and the furthest rule is kAllowed), a mentor
      // already known to be allowed for someone and not beating the K-th
      // score needs no rules at all. That is most pairs of a large pool.
      PairRule furthest = PairRule::kMenteeFull;
      for (int r = 0; r < R && !rules.full(); ++r) {
        const bool full_heap = use_top_k && out.size() == k;
        if (full_heap) {
          // Eight mentors at a time, without branches, while none needs a look.
          const std::int64_t worst = out.front().second;
          if (unseen == 0) {  // every mentor is allowed for someone: scores alone
            while (r < R && row[r] <= worst) ++r;
            if (r == R) break;
          }
          while (r + 8 <= R) {
            bool look = false;
            for (int j = 0; j < 8; ++j) look |= (row[r + j] > worst) | (allowed[r + j] == 0);
            if (look) break;
            r += 8;
          }
          if (r == R) break;
          if (allowed[r] && row[r] <= worst) continue;
        }
        const PairRules::Verdict verdict =
            rules.Check(r, [&](int) { return std::optional(row[r]); });
        furthest = std::max(furthest, verdict.rule);
        if (verdict.rule != PairRule::kAllowed) continue;
        const std::int64_t score = verdict.score;
        if (allowed[r] == 0) --unseen;
        allowed[r] = 1;
        if (!use_top_k) {
          out.push_back({r, score});
        } else if (full_heap && score <= out.front().second) {
          // a later mentor with an equal score is not better
        } else if (!full_heap) {
          out.push_back({r, score});
          std::push_heap(out.begin(), out.end(), better);
        } else if (better({r, score}, out.front())) {
          std::pop_heap(out.begin(), out.end(), better);
          out.back() = {r, score};
          std::push_heap(out.begin(), out.end(), better);
        }
      }
      if (use_top_k) std::sort(out.begin(), out.end());
      s->empty_reason[e] = RuleReason(furthest);
    }
  };
  int threads = settings.threads > 0 ? settings.threads
                                     : static_cast<int>(std::thread::hardware_concurrency());
  threads = std::clamp(threads, 1, 64);
  if (static_cast<std::int64_t>(E) * R < 200'000) threads = 1;
  std::vector<std::vector<char>> allowed(threads, std::vector<char>(R, 0));
  if (threads == 1) {
    work(0, E, allowed[0]);
  } else {
    // Blocks of mentees taken in turn, so that uneven rows or a thread that
    // is descheduled for a while do not leave the others waiting at the
    // end; each mentee is written by one thread.
    constexpr int kBlock = 64;
    std::atomic<int> next_block{0};
    const auto share = [&](int t) {
      for (int from; (from = next_block.fetch_add(kBlock)) < E;) {
        work(from, std::min(E, from + kBlock), allowed[t]);
      }
    };
    std::vector<std::thread> pool;
    for (int t = 1; t < threads; ++t) pool.emplace_back(share, t);
    try {
      share(0);
    } catch (...) {
      next_block = E;  // the others stop after their block
      for (auto& th : pool) th.join();
      throw;
    }
    for (auto& th : pool) th.join();
  }
  s->mentor_allowed = std::move(allowed[0]);
  for (int t = 1; t < threads; ++t) {
    for (int r = 0; r < R; ++r) {
      if (allowed[t][r]) s->mentor_allowed[r] = 1;
    }
  }
  BipartiteGraph& g = s->candidates;
  g.arc_begin.push_back(0);
  for (int e = 0; e < E; ++e) {
    for (const auto& [r, score] : candidates[e]) {
      g.arc_right.push_back(r);
      g.arc_weight.push_back(score);
    }
    g.arc_begin.push_back(g.arc_count());
    std::vector<std::pair<int, std::int64_t>>().swap(candidates[e]);
  }
  SetRoom(g, room);
  s->build_seconds = SecondsSince(start);
  return MatchProblem(std::move(s));
}

MatchProblem MatchProblem::FromScores(const std::vector<Participant>& people,
                                      const std::vector<GivenScore>& scores,
                                      const MatchSettings& settings) {
  GivenScoreTable table;
  for (const GivenScore& g : scores) table.Add(g.mentee, g.mentor, g.score, g.row);
  return FromScores(people, std::move(table), settings);
}

MatchProblem MatchProblem::FromScores(const std::vector<Participant>& people,
                                      GivenScoreTable scores, const MatchSettings& settings) {
  const auto start = Clock::now();
  auto s = std::make_unique<State>();
  s->given = true;
  LoadPeople(*s, people, settings);
  const int E = static_cast<int>(s->mentees.size()), R = static_cast<int>(s->mentors.size());

  // The table's ids as participant indices (-1: not a participant on that side).
  const auto resolve = [](const InternedIds& ids,
                          const std::unordered_map<std::string, int>& index) {
    std::vector<int> out(ids.size(), -1);
    for (int k = 0; k < ids.size(); ++k) {
      auto it = index.find(std::string(ids[k]));
      if (it != index.end()) out[k] = it->second;
    }
    return out;
  };
  const std::vector<int> mentee_of = resolve(scores.mentee_ids(), s->mentee_index);
  const std::vector<int> mentor_of = resolve(scores.mentor_ids(), s->mentor_index);

  // The first row (in table order) with an unknown id or a bad score. A pair
  // listed twice is found below; the earlier of the two problems is reported.
  const size_t n = scores.size();
  size_t bad = n;
  for (size_t i = 0; i < n && bad == n; ++i) {
    const double score = scores.score(i);
    if (mentee_of[scores.mentee(i)] < 0 || mentor_of[scores.mentor(i)] < 0 ||
        !std::isfinite(score) || std::abs(score) > 1e6) {
      bad = i;
    }
  }

  // Rows before `bad` by mentee (counting sort), each mentee's by mentor.
  // Every listed pair is a candidate until the rules have been applied.
  BipartiteGraph& g = s->candidates;
  std::vector<int>& begin = g.arc_begin;
  begin.assign(E + 1, 0);
  for (size_t i = 0; i < bad; ++i) ++begin[mentee_of[scores.mentee(i)] + 1];
  for (int e = 0; e < E; ++e) begin[e + 1] += begin[e];
  struct Entry {
    int mentor;
    int position;  // in the table
  };
  std::vector<Entry> entries(bad);
  {
    std::vector<int> next(begin.begin(), begin.end() - 1);
    for (size_t i = 0; i < bad; ++i) {
      entries[next[mentee_of[scores.mentee(i)]]++] = {mentor_of[scores.mentor(i)],
                                                      static_cast<int>(i)};
    }
  }
  size_t repeat = n;  // the first row repeating an earlier pair
  const auto by_mentor = [](const Entry& a, const Entry& b) {
    return a.mentor != b.mentor ? a.mentor < b.mentor : a.position < b.position;
  };
  for (int e = 0; e < E; ++e) {
    const auto first = entries.begin() + begin[e], last = entries.begin() + begin[e + 1];
    if (!std::is_sorted(first, last, by_mentor)) std::sort(first, last, by_mentor);
    for (auto it = first; it != last && it + 1 != last; ++it) {
      if (it->mentor == (it + 1)->mentor) {
        repeat = std::min(repeat, static_cast<size_t>((it + 1)->position));
      }
    }
  }
  if (bad < n || repeat < n) {
    const size_t i = std::min(bad, repeat);
    const int row = scores.row(i);
    const std::string mentee(scores.mentee_ids()[scores.mentee(i)]);
    const std::string mentor(scores.mentor_ids()[scores.mentor(i)]);
    if (i == repeat) {
      throw Error(ErrorCode::kInvalidArgument, "pair " + mentee + ":" + mentor + " is listed twice",
                  "mentor", row);
    }
    if (mentee_of[scores.mentee(i)] < 0) {
      throw Error(ErrorCode::kInvalidArgument,
                  "\"" + mentee + "\" is not a mentee among the participants", "mentee", row);
    }
    if (mentor_of[scores.mentor(i)] < 0) {
      throw Error(ErrorCode::kInvalidArgument,
                  "\"" + mentor + "\" is not a mentor among the participants", "mentor", row);
    }
    throw Error(ErrorCode::kInvalidArgument, "score must be a number between -1000000 and 1000000",
                "score", row);
  }
  g.arc_right.resize(n);
  g.arc_weight.resize(n);
  for (size_t a = 0; a < n; ++a) {
    g.arc_right[a] = entries[a].mentor;
    g.arc_weight[a] = ToMicroPoints(scores.score(entries[a].position));
  }
  std::vector<Entry>().swap(entries);
  { const GivenScoreTable done = std::move(scores); }  // its memory is no longer needed

  ExcludePairs(*s, people);
  s->rejected_begin.assign(E + 1, 0);  // none yet: every listed pair is in the graph
  const Room room = LoadLocks(*s);
  const PairRules::RoomIndex index = s->rules.IndexRoom(room.mentor_left);
  s->empty_reason.assign(E, UnmatchedReason::kCapacityTaken);
  s->mentor_allowed.assign(R, 0);
  // Keeps the allowed pairs in place (each mentee's land at or before where
  // they were read) and moves the others to the rejected lists.
  Listed listed;
  int kept = 0;
  s->rejected_begin.assign(1, 0);
  for (int e = 0; e < E; ++e) {
    const int from = g.arc_begin[e], to = g.arc_begin[e + 1];
    listed.mentors.assign(g.arc_right.begin() + from, g.arc_right.begin() + to);
    listed.scores.assign(g.arc_weight.begin() + from, g.arc_weight.begin() + to);
    g.arc_begin[e] = kept;
    size_t next = 0;  // the first listed pair not yet kept or rejected
    const auto reject_up_to = [&](size_t end) {
      for (; next < end; ++next) {
        s->rejected_mentor.push_back(listed.mentors[next]);
        s->rejected_score.push_back(listed.scores[next]);
      }
    };
    const PairRule furthest =
        s->rules.ForMentee(e, room.mentee_left[e], room.mentor_left, room.paired_with[e])
            .SweepListed(listed.mentors, listed.scores, index, [&](int r, std::int64_t score) {
              while (listed.mentors[next] != r) reject_up_to(next + 1);
              ++next;
              s->mentor_allowed[r] = 1;
              g.arc_right[kept] = r;
              g.arc_weight[kept++] = score;
            });
    reject_up_to(listed.mentors.size());
    s->rejected_begin.push_back(static_cast<int>(s->rejected_mentor.size()));
    s->empty_reason[e] = RuleReason(furthest);
  }
  g.arc_begin[E] = kept;
  g.arc_right.resize(kept);
  g.arc_weight.resize(kept);
  g.arc_right.shrink_to_fit();
  g.arc_weight.shrink_to_fit();
  SetRoom(g, room);
  s->build_seconds = SecondsSince(start);
  return MatchProblem(std::move(s));
}

namespace {

// Solves for the `active` mentees with `fixed` pairs kept as they are.
std::vector<std::string> FacetNamesOf(const State& s) {
  if (s.given) return {"given"};
  std::vector<std::string> out;
  for (int f = 0; f < kFacetCount; ++f) out.emplace_back(FacetName(static_cast<Facet>(f)));
  for (const IntakeQuestion& q : s.scorer->questions()) out.push_back(QuestionFacetName(q));
  return out;
}

// A pair's MatchedPair with its contributions (locked false).
MatchedPair Explained(const State& s, int e, int r, std::int64_t score) {
  MatchedPair pair;
  pair.mentee = s.mentees[e].id;
  pair.mentor = s.mentors[r].id;
  pair.score_micro = score;
  pair.score = ToPoints(score);
  if (s.given) {
    pair.contributions = {pair.score};
  } else {
    const ScoreBreakdown b = s.scorer->Explain(e, r);
    for (std::int64_t v : b.facet) pair.contributions.push_back(ToPoints(v));
    for (std::int64_t v : b.questions) pair.contributions.push_back(ToPoints(v));
  }
  return pair;
}

// `whole_problem` (Solve): the fixed pairs are the locks, every mentee is
// active and unmatched mentors are reported too.
MatchResult Run(const State& s, const std::vector<FixedPair>& fixed,
                const std::vector<char>& active, bool whole_problem) {
  const auto start = Clock::now();
  const int E = static_cast<int>(s.mentees.size()), R = static_cast<int>(s.mentors.size());
  MatchResult result;
  result.objective = s.settings.objective;
  result.facets = FacetNamesOf(s);

  Room room = EmptyRoom(s);
  std::vector<int>& mentee_left = room.mentee_left;
  std::vector<int>& mentor_left = room.mentor_left;
  std::unordered_set<std::int64_t> fixed_keys;
  for (const FixedPair& p : fixed) {
    if (!fixed_keys.insert(PairKey(p.mentee, p.mentor)).second) continue;
    if (--mentee_left[p.mentee] < 0) {
      throw FailedPrecondition(s.mentees[p.mentee].id + " has more pairs than capacity");
    }
    if (--mentor_left[p.mentor] < 0) {
      throw FailedPrecondition(s.mentors[p.mentor].id + " has more pairs than capacity");
    }
    room.paired_with[p.mentee].push_back(p.mentor);
  }

  // The residual problem as a bipartite graph over the active mentees: in
  // Solve, the candidate graph itself (its room is the locks' room).
  std::vector<int> left_mentee;
  for (int e = 0; e < E; ++e) {
    if (active[e]) left_mentee.push_back(e);
  }
  BipartiteGraph residual;
  if (!whole_problem) {
    BipartiteGraph& r = residual;
    const BipartiteGraph& all = s.candidates;
    r.left_count = static_cast<int>(left_mentee.size());
    r.right_count = R;
    r.right_capacity = mentor_left;
    r.arc_begin.push_back(0);
    for (int e : left_mentee) {
      r.left_capacity.push_back(std::max(0, mentee_left[e]));
      for (int a = all.arc_begin[e]; a < all.arc_begin[e + 1]; ++a) {
        const int mentor = all.arc_right[a];
        if (!fixed_keys.empty() && fixed_keys.count(PairKey(e, mentor))) continue;
        r.arc_right.push_back(mentor);
        r.arc_weight.push_back(all.arc_weight[a]);
      }
      r.arc_begin.push_back(r.arc_count());
    }
  }
  const BipartiteGraph& g = whole_problem ? s.candidates : residual;
  result.candidate_pairs = g.arc_count();

  // Strict preferences: explicit `prefer` ranks first, then score, then id
  // (smaller keys first; ids are distinct, so no two arcs of a person tie).
  constexpr long long kExplicit = -(1LL << 41);
  const long long mentee_scale = E + 1, mentor_scale = R + 1;
  const auto rank_of = [](const std::vector<int>& list, int who) -> long long {
    auto it = std::find(list.begin(), list.end(), who);
    return it == list.end() ? -1 : it - list.begin();
  };
  const auto left_key = [&](int i, int a) {
    const int e = left_mentee[i], r = g.arc_right[a];
    const long long rank = rank_of(s.mentees[e].prefer, r);
    return (rank >= 0 ? kExplicit + rank : -g.arc_weight[a]) * mentor_scale + s.id_rank_mentor[r];
  };
  const auto right_key = [&](int i, int a) {
    const int e = left_mentee[i], r = g.arc_right[a];
    const long long rank = rank_of(s.mentors[r].prefer, e);
    return (rank >= 0 ? kExplicit + rank : -g.arc_weight[a]) * mentee_scale + s.id_rank_mentee[e];
  };
  // Ranks, only for deferred acceptance.
  const auto preferences = [&] {
    std::vector<long long> left(g.arc_count()), right(g.arc_count());
    for (int i = 0; i < g.left_count; ++i) {
      for (int a = g.arc_begin[i]; a < g.arc_begin[i + 1]; ++a) {
        left[a] = left_key(i, a);
        right[a] = right_key(i, a);
      }
    }
    return RankArcs(g, left, right);
  };

  std::vector<int> chosen;
  switch (s.settings.objective) {
    case Objective::kOptimal:
      chosen = SolveMaxWeightAssignment(g).arcs;
      break;
    case Objective::kFair: {
      std::int64_t floor = INT64_MAX;
      for (const FixedPair& p : fixed) {
        if (active[p.mentee]) floor = std::min(floor, p.score);
      }
      chosen = SolveFairAssignment(g, floor).arcs;
      break;
    }
    case Objective::kStableMentee:
      chosen = DeferredAcceptance(g, preferences(), Proposer::kLeft);
      break;
    case Objective::kStableMentor:
      chosen = DeferredAcceptance(g, preferences(), Proposer::kRight);
      break;
  }
  result.blocking_pairs = CountBlockingPairsByKey(g, left_key, right_key, chosen);

  // Assemble pairs: fixed ones of active mentees, then the chosen arcs.
  struct Chosen {
    int mentee, mentor;
    std::int64_t score;
    bool locked;
  };
  std::vector<Chosen> all;
  for (const FixedPair& p : fixed) {
    if (active[p.mentee]) all.push_back({p.mentee, p.mentor, p.score, true});
  }
  for (int a : chosen) {
    const int i = static_cast<int>(std::upper_bound(g.arc_begin.begin(), g.arc_begin.end(), a) -
                                   g.arc_begin.begin()) -
                  1;
    all.push_back({left_mentee[i], g.arc_right[a], g.arc_weight[a], false});
  }
  std::sort(all.begin(), all.end(), [](const Chosen& a, const Chosen& b) {
    return std::tie(a.mentee, a.mentor) < std::tie(b.mentee, b.mentor);
  });
  all.erase(std::unique(all.begin(), all.end(),
                        [](const Chosen& a, const Chosen& b) {
                          return a.mentee == b.mentee && a.mentor == b.mentor;
                        }),
            all.end());
  std::vector<int> mentee_pairs(E, 0), mentor_pairs(R, 0);
  std::int64_t min_micro = INT64_MAX;
  for (const Chosen& c : all) {
    MatchedPair pair = Explained(s, c.mentee, c.mentor, c.score);
    pair.locked = c.locked;
    result.pairs.push_back(std::move(pair));
    result.total_micro += c.score;
    min_micro = std::min(min_micro, c.score);
    if (mentee_pairs[c.mentee]++ == 0) ++result.matched_mentees;
    ++mentor_pairs[c.mentor];
  }
  result.total_score = ToPoints(result.total_micro);
  if (!all.empty()) {
    result.min_score = ToPoints(min_micro);
    result.mean_score =
        static_cast<double>(result.total_micro) / static_cast<double>(all.size()) / kMicroPoints;
  }

  // Reasons, by the rules that built the candidates.
  std::optional<PairRules::RoomIndex> room_index;  // of `room`, when first needed
  for (int i = 0; i < g.left_count; ++i) {
    const int e = left_mentee[i];
    if (mentee_pairs[e] > 0 || s.mentees[e].capacity == 0) continue;
    bool candidate_with_room = false;
    for (int a = g.arc_begin[i]; a < g.arc_begin[i + 1]; ++a) {
      candidate_with_room = candidate_with_room || mentor_left[g.arc_right[a]] > 0;
    }
    // A candidate with room went to better pairs. Without one, the mentee's
    // reason is the rule that got furthest among all mentors in this room;
    // Solve's room is the build's, whose sweep found it already. (A mentor
    // passing every rule but no candidate was cut by top-k: capacity taken.)
    UnmatchedReason reason = UnmatchedReason::kCapacityTaken;
    if (!candidate_with_room) {
      if (whole_problem) {
        reason = s.empty_reason[e];
      } else {
        if (!room_index) room_index = s.rules.IndexRoom(room.mentor_left);
        reason = RuleReason(FurthestRule(s, e, room, *room_index));
      }
    }
    result.unmatched.push_back({s.mentees[e].id, Role::kMentee, reason});
  }
  if (whole_problem) {
    // A mentor is eligible when some mentee may have them: a mentee with room
    // (found by the build), or one whose places the locks filled.
    // (With given scores only a mentee's listed mentors can be allowed.)
    std::vector<char> eligible = s.mentor_allowed;
    Listed listed;
    for (int e = 0; e < E; ++e) {
      if (s.mentees[e].capacity == 0 || mentee_left[e] != 0) continue;
      const PairRules::ForOneMentee rules =
          s.rules.ForMentee(e, s.mentees[e].capacity, mentor_left, room.paired_with[e]);
      const auto consider = [&](int r) {
        if (eligible[r] || mentor_pairs[r] > 0 || s.mentors[r].capacity == 0) return;
        eligible[r] = rules.Check(r, [&](int mentor) { return PairScore(s, e, mentor); }).rule ==
                      PairRule::kAllowed;
      };
      if (s.given) {
        ListGiven(s, e, listed);
        for (int r : listed.mentors) consider(r);
      } else {
        for (int r = 0; r < R; ++r) consider(r);
      }
    }
    for (int r = 0; r < R; ++r) {
      if (mentor_pairs[r] > 0 || s.mentors[r].capacity == 0) continue;
      result.unmatched.push_back({s.mentors[r].id, Role::kMentor,
                                  eligible[r] ? UnmatchedReason::kMenteesMatchedElsewhere
                                              : UnmatchedReason::kNoEligibleMentee});
    }
  }
  result.build_seconds = s.build_seconds;
  result.solve_seconds = SecondsSince(start);
  return result;
}

}  // namespace

MatchResult Solve(const MatchProblem& problem) {
  const State& s = *problem.state_;
  return Run(s, s.locks, std::vector<char>(s.mentees.size(), 1), true);
}

MatchResult Rematch(const MatchProblem& problem, const std::vector<PairId>& existing,
                    const std::vector<std::string>& mentees) {
  const State& s = *problem.state_;
  std::vector<FixedPair> fixed = s.locks;
  for (const PairId& pair : existing) {
    const auto [e, r] = ResolvePair(s, pair, "existing pair");
    // An existing pair not given a score counts 0.
    fixed.push_back({e, r, PairScore(s, e, r).value_or(0)});
  }
  std::vector<char> active(s.mentees.size(), 0);
  for (const std::string& id : mentees) {
    auto it = s.mentee_index.find(id);
    if (it == s.mentee_index.end()) {
      throw InvalidArgument("\"" + id + "\" is not a mentee of this problem", "mentee");
    }
    active[it->second] = 1;
  }
  return Run(s, fixed, active, false);
}

std::vector<MatchedPair> RankMentors(const MatchProblem& problem, const std::string& mentee) {
  const State& s = *problem.state_;
  const auto it = s.mentee_index.find(mentee);
  if (it == s.mentee_index.end()) {
    throw InvalidArgument("\"" + mentee + "\" is not a mentee of this problem", "mentee");
  }
  const int e = it->second;
  const BipartiteGraph& g = s.candidates;
  std::vector<MatchedPair> out;
  for (int a = g.arc_begin[e]; a < g.arc_begin[e + 1]; ++a) {
    out.push_back(Explained(s, e, g.arc_right[a], g.arc_weight[a]));
  }
  // Arcs are in mentor order, so a stable sort keeps ties in input order.
  std::stable_sort(out.begin(), out.end(), [](const MatchedPair& a, const MatchedPair& b) {
    return a.score_micro > b.score_micro;
  });
  return out;
}

std::vector<std::string> FacetNames(const MatchProblem& problem) {
  return FacetNamesOf(*problem.state_);
}

}  // namespace tandem::matching
