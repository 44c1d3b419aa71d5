#include "store/pair_repository.h"

#include <charconv>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "store/internal.h"
#include "store/stored_json.h"

namespace tandem::store {
namespace {

constexpr const char* kSelect =
    "SELECT p.id, p.program_id, m.external_id, f.external_id, p.status, p.score, p.breakdown, "
    "p.matching_run_id, p.started_on, p.ended_on, p.end_reason, p.created_at, m.id, f.id, "
    "mu.name, fu.name FROM pairs p "
    "JOIN enrollments m ON m.id = p.mentor_enrollment_id "
    "JOIN enrollments f ON f.id = p.mentee_enrollment_id "
    "JOIN users mu ON mu.id = m.user_id JOIN users fu ON fu.id = f.user_id ";

// The breakdown column into a Pair's breakdown: the numeric members of its
// top-level object. Read as SAX events, not as a tree: every pair of every
// pair list is read through here.
class BreakdownReader {
 public:
  explicit BreakdownReader(std::map<std::string, double>& out) : out_(out) {}

  bool null() { return true; }
  bool boolean(bool) { return true; }
  bool number_integer(nlohmann::json::number_integer_t v) { return Number(static_cast<double>(v)); }
  bool number_unsigned(nlohmann::json::number_unsigned_t v) {
    return Number(static_cast<double>(v));
  }
  bool number_float(nlohmann::json::number_float_t v, const std::string&) { return Number(v); }
  bool string(std::string&) { return true; }
  bool binary(nlohmann::json::binary_t&) { return true; }
  bool start_object(std::size_t) { return ++depth_ > 0; }
  bool end_object() { return --depth_ >= 0; }
  bool start_array(std::size_t) { return ++depth_ > 0; }
  bool end_array() { return --depth_ >= 0; }
  bool key(std::string& name) {
    if (depth_ == 1) key_ = std::move(name);
    return true;
  }
  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception&) {
    return false;
  }

 private:
  bool Number(double v) {
    // Stored keys come sorted (as the map wrote them): each goes at the end.
    // A repeated key keeps its last value.
    if (depth_ == 1) out_.emplace_hint(out_.end(), key_, v)->second = v;
    return true;
  }

  std::map<std::string, double>& out_;
  int depth_ = 0;
  std::string key_;
};

}  // namespace

std::map<std::string, double> ReadBreakdown(std::string_view text) {
  std::map<std::string, double> out;
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos || text[first] != '{') return out;  // not an object
  BreakdownReader reader(out);
  if (!ReadJsonEvents(text, reader)) {
    out.clear();  // malformed: as the tree parse did, nothing
  }
  return out;
}

namespace {

struct Row {
  long long id = 0, program_id = 0, run = 0, mentor_enrollment = 0, mentee_enrollment = 0;
  std::string mentor, mentee, status, breakdown, started, ended, reason, created, mentor_name,
      mentee_name;
  double score = 0;
  soci::indicator score_ind{}, run_ind{}, started_ind{}, ended_ind{}, reason_ind{};

  // Moves the strings out: the next fetch assigns them afresh.
  Pair ToPair() {
    Pair p;
    p.id = id;
    p.program_id = program_id;
    p.mentor = std::move(mentor);
    p.mentee = std::move(mentee);
    p.mentor_enrollment_id = mentor_enrollment;
    p.mentee_enrollment_id = mentee_enrollment;
    p.mentor_name = std::move(mentor_name);
    p.mentee_name = std::move(mentee_name);
    p.status = ParsePairStatus(status).value_or(PairStatus::kProposed);
    p.score = score_ind == soci::i_ok ? score : 0;
    p.breakdown = ReadBreakdown(breakdown);
    if (run_ind == soci::i_ok) p.matching_run_id = run;
    if (started_ind == soci::i_ok) p.started_on = std::move(started);
    if (ended_ind == soci::i_ok) p.ended_on = std::move(ended);
    if (reason_ind == soci::i_ok) p.end_reason = std::move(reason);
    p.created_at = std::move(created);
    return p;
  }
};

soci::details::prepare_temp_type SelectInto(soci::session& s, Row& r, const std::string& rest) {
  return (s.prepare << std::string(kSelect) + rest, soci::into(r.id), soci::into(r.program_id),
          soci::into(r.mentor), soci::into(r.mentee), soci::into(r.status),
          soci::into(r.score, r.score_ind), soci::into(r.breakdown), soci::into(r.run, r.run_ind),
          soci::into(r.started, r.started_ind), soci::into(r.ended, r.ended_ind),
          soci::into(r.reason, r.reason_ind), soci::into(r.created),
          soci::into(r.mentor_enrollment), soci::into(r.mentee_enrollment),
          soci::into(r.mentor_name), soci::into(r.mentee_name));
}

}  // namespace

std::int64_t PairRepository::Insert(const Pair& pair) {
  return Guard("saving pair", [&] {
    soci::session& s = SessionOf(tx_);
    long long program = pair.program_id;
    const auto enrollment = [&](const std::string& external, const char* role) {
      long long id = 0;
      std::string r = role;
      std::string x = external;
      s << "SELECT id FROM enrollments WHERE program_id = :p AND external_id = :x AND role = :r",
          soci::use(program), soci::use(x), soci::use(r), soci::into(id);
      if (id == 0) {
        throw NotFound(std::string(role) + " \"" + external + "\" is not enrolled in program " +
                       std::to_string(pair.program_id));
      }
      return id;
    };
    long long mentor = enrollment(pair.mentor, "mentor");
    long long mentee = enrollment(pair.mentee, "mentee");
    std::string status(PairStatusName(pair.status));
    double score = pair.score;
    std::string breakdown = nlohmann::json(pair.breakdown).dump();
    long long run = pair.matching_run_id.value_or(0);
    soci::indicator run_ind = pair.matching_run_id ? soci::i_ok : soci::i_null;
    std::string started = pair.started_on;
    soci::indicator started_ind = started.empty() ? soci::i_null : soci::i_ok;
    const std::string now = tx_.now_text();
    long long id = 0;
    s << "INSERT INTO pairs (program_id, mentor_enrollment_id, mentee_enrollment_id, status, "
         "score, breakdown, matching_run_id, started_on, created_at) VALUES (:p, :m, :f, :s, "
         ":score, :b, :run, :started, :t) RETURNING id",
        soci::use(program), soci::use(mentor), soci::use(mentee), soci::use(status),
        soci::use(score), soci::use(breakdown), soci::use(run, run_ind),
        soci::use(started, started_ind), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

void PairRepository::UpdateStatus(const Pair& pair) {
  Guard("updating pair", [&] {
    soci::session& s = SessionOf(tx_);
    std::string status(PairStatusName(pair.status));
    std::string started = pair.started_on, ended = pair.ended_on, reason = pair.end_reason;
    soci::indicator si = started.empty() ? soci::i_null : soci::i_ok;
    soci::indicator ei = ended.empty() ? soci::i_null : soci::i_ok;
    soci::indicator ri = reason.empty() ? soci::i_null : soci::i_ok;
    long long id = pair.id;
    soci::statement st =
        (s.prepare << "UPDATE pairs SET status = :s, started_on = :a, ended_on = :b, "
                      "end_reason = :r WHERE id = :id",
         soci::use(status), soci::use(started, si), soci::use(ended, ei), soci::use(reason, ri),
         soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0)
      throw NotFound("pair " + std::to_string(pair.id) + " does not exist");
  });
}

namespace {

template <RowLock kLock>
struct FindPairQuery {
  Row r;
  long long id = 0;
  soci::statement st;
  explicit FindPairQuery(soci::session& s)
      : st((SelectInto(s, r, "WHERE p.id = :id" + ForUpdateOf(s, "p", kLock)), soci::use(id))) {}
};

template <RowLock kLock>
std::optional<Pair> FindPair(Transaction& tx, std::int64_t id) {
  auto& q = Prepared<FindPairQuery<kLock>>(tx);
  q.id = id;
  if (!q.st.execute(true)) return std::nullopt;
  return q.r.ToPair();
}

}  // namespace

std::optional<Pair> PairRepository::Find(std::int64_t id, RowLock lock) {
  return Guard("reading pair", [&] {
    return lock == RowLock::kForUpdate ? FindPair<RowLock::kForUpdate>(tx_, id)
                                       : FindPair<RowLock::kNone>(tx_, id);
  });
}

std::vector<Pair> PairRepository::ListByProgram(std::int64_t program_id,
                                                std::optional<PairStatus> status) {
  return Guard("listing pairs", [&] {
    struct Query {
      Row r;
      long long program = 0;
      std::string status;  // empty: any
      soci::statement st;
      explicit Query(soci::session& s)
          : st((SelectInto(s, r,
                           "WHERE p.program_id = :p AND (:s = '' OR p.status = :s2) ORDER BY p.id"),
                soci::use(program), soci::use(status), soci::use(status))) {}
    };
    Query& q = Prepared<Query>(tx_);
    q.program = program_id;
    q.status = status ? std::string(PairStatusName(*status)) : "";
    std::vector<Pair> out;
    q.st.execute();
    while (q.st.fetch()) out.push_back(q.r.ToPair());
    return out;
  });
}

std::vector<Pair> PairRepository::ListByMember(std::int64_t enrollment_id) {
  return Guard("listing pairs", [&] {
    struct Query {
      Row r;
      long long enrollment = 0;
      soci::statement st;
      explicit Query(soci::session& s)
          : st((SelectInto(s, r,
                           "WHERE p.mentor_enrollment_id = :m OR "
                           "p.mentee_enrollment_id = :f ORDER BY p.id"),
                soci::use(enrollment), soci::use(enrollment))) {}
    };
    Query& q = Prepared<Query>(tx_);
    q.enrollment = enrollment_id;
    std::vector<Pair> out;
    q.st.execute();
    while (q.st.fetch()) out.push_back(q.r.ToPair());
    return out;
  });
}

namespace {

// The number of open (proposed or active) pairs of enrollment `e`.
constexpr const char* kOpenPairsOfE =
    "(SELECT COUNT(*) FROM pairs p WHERE p.status IN ('proposed', 'active') AND "
    "(p.mentor_enrollment_id = e.id OR p.mentee_enrollment_id = e.id))";

struct OpenPairsQuery {
  long long enrollment = 0;
  int open = 0;
  soci::statement st;
  explicit OpenPairsQuery(soci::session& s)
      : st((s.prepare << std::string("SELECT ") + kOpenPairsOfE +
                             " FROM enrollments e WHERE e.id = :e",
            soci::use(enrollment), soci::into(open))) {}
};

}  // namespace

int PairRepository::OpenPairsOf(std::int64_t enrollment_id) {
  return Guard("counting pairs", [&] {
    auto& q = Prepared<OpenPairsQuery>(tx_);
    q.enrollment = enrollment_id;
    q.open = 0;
    q.st.execute(true);
    return q.open;
  });
}

std::map<std::string, PairCandidate> PairRepository::Candidates(std::int64_t program_id) {
  return Guard("reading participants", [&] {
    soci::session& s = SessionOf(tx_);
    long long key = program_id;
    std::map<std::string, PairCandidate> out;
    long long id = 0, user = 0;
    int capacity = 1, open = 0;
    std::string external, role, status, name;
    soci::statement st =
        (s.prepare << std::string("SELECT e.id, e.user_id, e.external_id, e.role, e.status, "
                                  "e.capacity, u.name, ") +
                          kOpenPairsOfE +
                          " FROM enrollments e "
                          "JOIN users u ON u.id = e.user_id WHERE e.program_id = :p "
                          "AND e.role IN ('mentor', 'mentee') ORDER BY e.id",
         soci::use(key), soci::into(id), soci::into(user), soci::into(external), soci::into(role),
         soci::into(status), soci::into(capacity), soci::into(name), soci::into(open));
    st.execute();
    while (st.fetch()) {
      PairCandidate c;
      c.enrollment_id = id;
      c.user_id = user;
      c.role = ParseRole(role).value_or(Role::kMentee);
      c.active = status == "active";
      c.capacity = capacity;
      c.name = name;
      c.open_pairs = open;
      out[external] = std::move(c);
    }
    return out;
  });
}

PairCounts PairRepository::Count(std::int64_t program_id) {
  return Guard("counting pairs", [&] {
    soci::session& s = SessionOf(tx_);
    long long key = program_id;
    PairCounts counts;
    {
      std::string role, status;
      int n = 0;
      soci::statement st =
          (s.prepare << "SELECT role, status, COUNT(*) FROM enrollments WHERE program_id = :p "
                        "GROUP BY role, status",
           soci::use(key), soci::into(role), soci::into(status), soci::into(n));
      st.execute();
      while (st.fetch()) counts.enrollments[role + "." + status] = n;
    }
    {
      std::string status;
      int n = 0;
      soci::statement st = (s.prepare << "SELECT status, COUNT(*) FROM pairs WHERE program_id = :p "
                                         "GROUP BY status",
                            soci::use(key), soci::into(status), soci::into(n));
      st.execute();
      while (st.fetch()) counts.pairs[status] = n;
    }
    {
      int mentees = 0, scored = 0;
      double mean = 0, min = 0;
      soci::indicator mean_ind{}, min_ind{};
      s << "SELECT COUNT(DISTINCT mentee_enrollment_id), COUNT(score), AVG(score), MIN(score) "
           "FROM pairs WHERE program_id = :p AND status <> 'dissolved'",
          soci::use(key), soci::into(mentees), soci::into(scored), soci::into(mean, mean_ind),
          soci::into(min, min_ind);
      counts.mentees_matched = mentees;
      if (scored > 0 && mean_ind == soci::i_ok) counts.mean_score = mean;
      if (scored > 0 && min_ind == soci::i_ok) counts.min_score = min;
    }
    return counts;
  });
}

namespace {
// Unset text as null, as the API shows it.
nlohmann::json OrNull(const std::string& text) {
  return text.empty() ? nlohmann::json() : nlohmann::json(text);
}
}  // namespace

std::string PairJson(const Pair& p) {
  nlohmann::json j = {{"id", p.id},
                      {"program_id", p.program_id},
                      {"mentor", p.mentor},
                      {"mentee", p.mentee},
                      {"status", std::string(PairStatusName(p.status))},
                      {"score", p.score},
                      {"breakdown", p.breakdown},
                      {"matching_run_id", p.matching_run_id ? nlohmann::json(*p.matching_run_id)
                                                            : nlohmann::json(nullptr)},
                      {"started_on", OrNull(p.started_on)},
                      {"ended_on", OrNull(p.ended_on)},
                      {"end_reason", OrNull(p.end_reason)}};
  return j.dump();
}

}  // namespace tandem::store
