#include "api/json.h"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <vector>

#include "calendar/local_time.h"
#include "core/csv.h"
#include "core/error.h"
#include "notify/messages.h"

namespace tandem::api {
namespace {

std::string Quote(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string_view TypeName(const Json& value) {
  switch (value.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::boolean:
      return "a boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
    case Json::value_t::number_float:
      return "a number";
    case Json::value_t::string:
      return "a string";
    case Json::value_t::array:
      return "an array";
    case Json::value_t::object:
      return "an object";
    default:
      return "another type";
  }
}

std::string ReadString(const Json& value, const std::string& path) {
  if (!value.is_string()) WrongType(path, "a string");
  return value.get<std::string>();
}

std::int64_t ReadInt(const Json& value, const std::string& path, std::int64_t min,
                     std::int64_t max) {
  std::int64_t out = 0;
  if (value.is_number_integer() && !value.is_number_unsigned()) {
    out = value.get<std::int64_t>();
  } else if (value.is_number_unsigned()) {
    auto u = value.get<std::uint64_t>();
    if (u > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
      throw InvalidArgument(path + " must be at most " + std::to_string(max), path);
    }
    out = static_cast<std::int64_t>(u);
  } else if (value.is_number_float()) {
    // JSON has one kind of number: 30.0 and 3e1 are the whole number 30.
    double d = value.get<double>();
    if (!std::isfinite(d) || d != std::trunc(d)) WrongType(path, "a whole number");
    if (d < static_cast<double>(min) || d > static_cast<double>(max)) {
      throw InvalidArgument(
          path + " must be between " + std::to_string(min) + " and " + std::to_string(max), path);
    }
    out = static_cast<std::int64_t>(d);
  } else {
    WrongType(path, "a whole number");
  }
  if (out < min || out > max) {
    throw InvalidArgument(
        path + " must be between " + std::to_string(min) + " and " + std::to_string(max), path);
  }
  return out;
}

double ReadNumber(const Json& value, const std::string& path) {
  if (!value.is_number()) WrongType(path, "a number");
  double out = value.get<double>();
  if (!std::isfinite(out)) WrongType(path, "a finite number");
  return out;
}

std::vector<std::string> ReadStrings(const Json& value, const std::string& path) {
  if (!value.is_array()) WrongType(path, "an array of strings");
  std::vector<std::string> out;
  out.reserve(value.size());
  for (std::size_t i = 0; i < value.size(); ++i) {
    out.push_back(ReadString(value[i], path + "[" + std::to_string(i) + "]"));
  }
  return out;
}

Json Strings(const std::vector<std::string>& items) {
  Json out = Json::array();
  for (const auto& item : items) out.push_back(item);
  return out;
}

Json Optional(const std::optional<double>& value) { return value ? Json(*value) : Json(nullptr); }
Json Optional(const std::optional<std::int64_t>& value) {
  return value ? Json(*value) : Json(nullptr);
}

// The stored JSON text of an audit record's before/after, or null.
Json ParsedOrNull(const std::string& text) {
  if (text.empty()) return nullptr;
  Json parsed = Json::parse(text, nullptr, false);
  return parsed.is_discarded() ? Json(text) : parsed;
}

Json PairsOf(const std::vector<ParticipantPair>& pairs) {
  Json out = Json::array();
  for (const auto& p : pairs) out.push_back({{"mentee", p.mentee}, {"mentor", p.mentor}});
  return out;
}

}  // namespace

void WrongType(const std::string& path, std::string_view expected) {
  throw InvalidArgument(
      (path.empty() ? std::string("the body") : path) + " must be " + std::string(expected), path);
}

ObjectReader::ObjectReader(const Json& object, std::string path)
    : object_(object), path_(std::move(path)) {}

std::string ObjectReader::PathOf(std::string_view name) const {
  return path_.empty() ? std::string(name) : path_ + "." + std::string(name);
}

bool ObjectReader::Has(std::string_view name) const {
  return object_.find(std::string(name)) != object_.end();
}

const Json* ObjectReader::Find(std::string_view name) {
  read_.emplace_back(name);
  auto it = object_.find(std::string(name));
  return it == object_.end() ? nullptr : &*it;
}

const Json* ObjectReader::Raw(std::string_view name) { return Find(name); }

std::string ObjectReader::String(std::string_view name) {
  auto value = OptionalString(name);
  if (!value) throw InvalidArgument(PathOf(name) + " is required", PathOf(name));
  return *value;
}

std::optional<std::string> ObjectReader::OptionalString(std::string_view name) {
  const Json* value = Find(name);
  if (!value) return std::nullopt;
  return ReadString(*value, PathOf(name));
}

std::optional<std::string> ObjectReader::OptionalStringOrNull(std::string_view name) {
  const Json* value = Find(name);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::string();
  return ReadString(*value, PathOf(name));
}

bool ObjectReader::Bool(std::string_view name) {
  auto value = OptionalBool(name);
  if (!value) throw InvalidArgument(PathOf(name) + " is required", PathOf(name));
  return *value;
}

std::optional<bool> ObjectReader::OptionalBool(std::string_view name) {
  const Json* value = Find(name);
  if (!value) return std::nullopt;
  if (!value->is_boolean()) WrongType(PathOf(name), "true or false");
  return value->get<bool>();
}

std::int64_t ObjectReader::Int(std::string_view name, std::int64_t min, std::int64_t max) {
  auto value = OptionalInt(name, min, max);
  if (!value) throw InvalidArgument(PathOf(name) + " is required", PathOf(name));
  return *value;
}

std::optional<std::int64_t> ObjectReader::OptionalInt(std::string_view name, std::int64_t min,
                                                      std::int64_t max) {
  const Json* value = Find(name);
  if (!value) return std::nullopt;
  return ReadInt(*value, PathOf(name), min, max);
}

std::optional<std::optional<std::int64_t>> ObjectReader::NullableInt(std::string_view name,
                                                                     std::int64_t min,
                                                                     std::int64_t max) {
  const Json* value = Find(name);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::optional<std::int64_t>();
  return std::optional<std::int64_t>(ReadInt(*value, PathOf(name), min, max));
}

std::optional<double> ObjectReader::OptionalNumber(std::string_view name) {
  const Json* value = Find(name);
  if (!value) return std::nullopt;
  return ReadNumber(*value, PathOf(name));
}

std::optional<std::optional<double>> ObjectReader::NullableNumber(std::string_view name) {
  const Json* value = Find(name);
  if (!value) return std::nullopt;
  if (value->is_null()) return std::optional<double>();
  return std::optional<double>(ReadNumber(*value, PathOf(name)));
}

std::vector<std::string> ObjectReader::Strings(std::string_view name) {
  auto value = OptionalStrings(name);
  if (!value) throw InvalidArgument(PathOf(name) + " is required", PathOf(name));
  return *value;
}

std::optional<std::vector<std::string>> ObjectReader::OptionalStrings(std::string_view name) {
  const Json* value = Find(name);
  if (!value) return std::nullopt;
  return ReadStrings(*value, PathOf(name));
}

bool ObjectReader::Object(std::string_view name, const std::function<void(ObjectReader&)>& read) {
  const Json* value = Find(name);
  if (!value) return false;
  if (!value->is_object()) WrongType(PathOf(name), "an object");
  ObjectReader nested(*value, PathOf(name));
  read(nested);
  nested.RejectUnknown();
  return true;
}

bool ObjectReader::ObjectArray(std::string_view name,
                               const std::function<void(ObjectReader&)>& read) {
  const Json* value = Find(name);
  if (!value) return false;
  if (!value->is_array()) WrongType(PathOf(name), "an array of objects");
  for (std::size_t i = 0; i < value->size(); ++i) {
    std::string path = PathOf(name) + "[" + std::to_string(i) + "]";
    const Json& item = (*value)[i];
    if (!item.is_object()) WrongType(path, "an object");
    ObjectReader nested(item, path);
    read(nested);
    nested.RejectUnknown();
  }
  return true;
}

void ObjectReader::RejectUnknown() const {
  for (auto it = object_.begin(); it != object_.end(); ++it) {
    if (std::find(read_.begin(), read_.end(), it.key()) == read_.end()) {
      std::string path = PathOf(it.key());
      throw InvalidArgument("unknown field " + Quote(path), path);
    }
  }
}

namespace {

// nlohmann's "[json.exception.parse_error.101] parse error at line 1, column
// 9: syntax error while parsing value - invalid literal; last read: 'tru'"
// as "invalid literal at line 1, column 9" (and "[json.exception.
// out_of_range.406] number overflow parsing '1e400'" as its message), in printable ASCII (the text
// read may be any bytes).
std::string ParseErrorText(std::string_view what) {
  if (auto bracket = what.find("] "); bracket != std::string_view::npos) {
    what.remove_prefix(bracket + 2);
  }
  std::string_view where, why = what;
  if (auto at = what.find("at line "); at != std::string_view::npos) {
    where = what.substr(at, what.find(':', at) - at);
  }
  if (auto dash = what.find(" - "); dash != std::string_view::npos) {
    why = what.substr(dash + 3, what.find("; last read", dash) - dash - 3);
  }
  std::string out;
  for (char c : std::string(why) + (where.empty() ? "" : " ") + std::string(where)) {
    if (out.size() >= 200) break;
    out += c >= 0x20 && c < 0x7f ? c : '?';
  }
  return out;
}

// Parses `body`, refusing a key given twice in one object (JSON allows it;
// which one counts would be a guess), strings with a NUL character (no text
// field holds one; PostgreSQL cannot store it), arrays and objects nested
// deeper than kMaxJsonDepth (copying or freeing a deeper tree recurses once
// per level and could exhaust the stack), and any byte after the value but
// whitespace (nlohmann reads a NUL byte as the end of the input):
// kInvalidArgument naming the path.
Json ParseStrict(std::string_view body) {
  if (const auto nul_byte = body.find('\0'); nul_byte != std::string_view::npos) {
    throw InvalidArgument("the body is not valid JSON: a NUL byte at offset " +
                              std::to_string(nul_byte) + " (write it as \\u0000 inside a string)",
                          "");
  }
  struct Frame {
    bool array = false;
    int index = -1;  // arrays: the element being read
    std::set<std::string> keys;
    std::string key;  // objects: the member being read
  };
  std::vector<Frame> frames;
  std::string duplicate, nul;
  // Thrown from the callback to stop the parser before the tree gets deeper.
  struct TooDeep {
    std::string path;  // the body's member, "" when the body is an array
  };
  // The path of the value being read: "locks[1].mentee".
  const auto path = [&] {
    std::string out;
    for (const Frame& f : frames) {
      out += f.array ? "[" + std::to_string(f.index) + "]" : (out.empty() ? "" : ".") + f.key;
    }
    return out;
  };
  const auto element = [&] {
    if (!frames.empty() && frames.back().array) ++frames.back().index;
  };
  bool after_key = false;  // the next token is a member's value
  Json::parser_callback_t check = [&](int, Json::parse_event_t event, Json& parsed) {
    after_key = event == Json::parse_event_t::key;
    switch (event) {
      case Json::parse_event_t::object_start:
      case Json::parse_event_t::array_start:
        element();
        if (frames.size() >= kMaxJsonDepth) throw TooDeep{frames.front().key};
        frames.push_back({.array = event == Json::parse_event_t::array_start});
        break;
      case Json::parse_event_t::object_end:
      case Json::parse_event_t::array_end:
        if (!frames.empty()) frames.pop_back();
        break;
      case Json::parse_event_t::key:
        if (!frames.empty() && parsed.is_string()) {
          Frame& top = frames.back();
          top.key = parsed.get<std::string>();
          if (!top.keys.insert(top.key).second && duplicate.empty()) duplicate = path();
        }
        break;
      case Json::parse_event_t::value:
        element();
        if (nul.empty() && parsed.is_string() &&
            parsed.get_ref<const std::string&>().find('\0') != std::string::npos) {
          nul = path();
        }
        break;
    }
    return true;
  };
  Json parsed;
  try {
    parsed = Json::parse(body.begin(), body.end(), check);
  } catch (const Json::exception& e) {  // parse_error; out_of_range for 1e400
    // A bad value right after a key (1e400, a string that is not UTF-8) is
    // that member's; anything else (a missing ':' or ',') is the body's.
    const std::string what = e.what();
    const bool in_value = (what.find("while parsing value") != std::string::npos &&
                           what.find("end of input") == std::string::npos) ||
                          what.find("number overflow") != std::string::npos;
    throw InvalidArgument("the body is not valid JSON: " + ParseErrorText(what),
                          after_key && in_value ? path() : "");
  } catch (const TooDeep& deep) {
    // Named by the body's member that holds the deep value (a name may be
    // long: the first 200 bytes).
    const std::string field = deep.path.substr(0, 200);
    throw InvalidArgument((field.empty() ? std::string("the body") : Quote(field)) +
                              " nests arrays and objects more than " +
                              std::to_string(kMaxJsonDepth) + " levels deep",
                          field);
  }
  if (!duplicate.empty()) {
    throw InvalidArgument(Quote(duplicate) + " is given twice", duplicate);
  }
  if (!nul.empty()) throw InvalidArgument(Quote(nul) + " contains a NUL character (\\u0000)", nul);
  return parsed;
}

}  // namespace

void DecodeObject(std::string_view body, const std::function<void(ObjectReader&)>& read,
                  bool empty_is_object) {
  Json parsed;
  if (empty_is_object && body.find_first_not_of(" \t\r\n") == std::string_view::npos) {
    parsed = Json::object();
  } else {
    parsed = ParseStrict(body);
  }
  if (!parsed.is_object()) {
    throw InvalidArgument(
        std::string("the body must be a JSON object, not ") + std::string(TypeName(parsed)), "");
  }
  ObjectReader reader(parsed, "");
  read(reader);
  reader.RejectUnknown();
}

void RequireEmptyBody(std::string_view body) {
  DecodeObject(
      body, [](ObjectReader&) {}, true);
}

WeightChanges ReadWeights(ObjectReader& reader) {
  WeightChanges changes;
  for (const WeightField& f : WeightFields()) {
    if (auto v = reader.OptionalNumber(f.name)) {
      if (*v < 0) {
        throw InvalidArgument(reader.PathOf(f.name) + " must not be negative",
                              reader.PathOf(f.name));
      }
      changes.values.emplace_back(f.member, *v);
    }
  }
  return changes;
}

Participant ReadProfile(ObjectReader& reader) {
  for (std::string_view read_only : {"participant_id", "role", "prefer", "avoid"}) {
    if (reader.Has(read_only)) {
      std::string hint = (read_only == "prefer" || read_only == "avoid")
                             ? " (set it with PUT /api/v1/enrollments/{id}/preferences)"
                             : "";
      throw InvalidArgument(Quote(read_only) + " cannot be changed with the profile" + hint,
                            std::string(read_only));
    }
  }
  constexpr std::int64_t kIntMax = std::numeric_limits<int>::max();
  constexpr std::int64_t kIntMin = std::numeric_limits<int>::min();
  Participant p;
  p.name = reader.String("name");
  p.institution = reader.OptionalString("institution").value_or("");
  p.career_stage = reader.OptionalString("career_stage").value_or("");
  p.time_zone = reader.OptionalString("time_zone").value_or("");
  if (auto years = reader.NullableInt("years_experience", kIntMin, kIntMax)) {
    if (*years) p.years_experience = static_cast<int>(**years);
  }
  // Not given: 0, which SaveProfile reads as "keep the current capacity";
  // given, it must be a real one (0 would be read as "keep" otherwise).
  p.capacity = static_cast<int>(reader.OptionalInt("capacity", 1, kMaxCapacity).value_or(0));
  p.interests = reader.OptionalStrings("interests").value_or(std::vector<std::string>{});
  p.specialties = reader.OptionalStrings("specialties").value_or(std::vector<std::string>{});
  p.goals = reader.OptionalStrings("goals").value_or(std::vector<std::string>{});
  p.match_on = reader.OptionalStrings("match_on").value_or(std::vector<std::string>{});
  p.languages = reader.OptionalStrings("languages").value_or(std::vector<std::string>{});
  p.bio = reader.OptionalString("bio").value_or("");
  if (const Json* background = reader.Raw("background")) {
    if (!background->is_object()) WrongType("background", "an object of strings");
    for (auto it = background->begin(); it != background->end(); ++it) {
      p.background.push_back({it.key(), ReadString(it.value(), "background." + it.key())});
    }
  }
  reader.ObjectArray("availability", [&](ObjectReader& window) {
    WeeklyWindow w;
    w.start = static_cast<int>(window.Int("start_minute", kIntMin, kIntMax));
    w.minutes = static_cast<int>(window.Int("minutes", kIntMin, kIntMax));
    p.availability.push_back(w);
  });
  if (const Json* answers = reader.Raw("answers")) {
    if (!answers->is_object()) WrongType("answers", "an object of string arrays");
    for (auto it = answers->begin(); it != answers->end(); ++it) {
      const std::string field = "answers." + it.key();
      if (!it.value().is_array()) WrongType(field, "an array of strings");
      std::vector<std::string> values;
      for (const Json& v : it.value()) values.push_back(ReadString(v, field));
      if (!values.empty()) p.answers[it.key()] = std::move(values);
    }
  }
  return p;
}

Json StringOrNull(const std::string& text) { return text.empty() ? Json(nullptr) : Json(text); }

std::string Dump(const Json& json) {
  return json.dump(-1, ' ', false, Json::error_handler_t::replace);
}

void Write(JsonWriter& w, const User& user) {
  w.BeginObject();
  w.Key("id").Int(user.id);
  w.Key("email").String(user.email);
  w.Key("name").String(user.name);
  w.Key("is_admin").Bool(user.is_admin);
  w.Key("disabled").Bool(user.disabled);
  w.Key("has_password").Bool(user.has_password);
  w.Key("created_at").String(user.created_at);
  w.EndObject();
}

Json Encode(const User& user) {
  return Parsed([&](JsonWriter& w) { Write(w, user); });
}

Json Encode(const MatchingWeights& w) {
  Json out = Json::object();
  for (const WeightField& f : WeightFields()) out[f.name] = w.*f.member;
  return out;
}

Json Encode(const Program& p) {
  return {
      {"id", p.id},
      {"name", p.name},
      {"field", p.field},
      {"kind", ProgramKindName(p.kind)},
      {"objectives", p.objectives},
      {"starts_on", StringOrNull(p.starts_on)},
      {"ends_on", StringOrNull(p.ends_on)},
      {"cadence_days", p.cadence_days},
      {"meeting_mode", MeetingModeName(p.meeting_mode)},
      {"cross_institution", p.cross_institution},
      {"status", ProgramStatusName(p.status)},
      {"weights", Encode(p.weights)},
      {"max_time_zone_difference_hours", Optional(p.max_time_zone_difference_hours)},
      {"min_score", Optional(p.min_score)},
      {"health_due_days", p.health_due_days ? Json(*p.health_due_days) : Json(nullptr)},
      {"health_at_risk_days", p.health_at_risk_days ? Json(*p.health_at_risk_days) : Json(nullptr)},
      {"health_stalled_days", p.health_stalled_days ? Json(*p.health_stalled_days) : Json(nullptr)},
      {"created_at", p.created_at}};
}

void Write(JsonWriter& w, const Enrollment& e) {
  w.BeginObject();
  w.Key("id").Int(e.id);
  w.Key("program_id").Int(e.program_id);
  w.Key("user_id").Int(e.user_id);
  w.Key("role").String(RoleName(e.role));
  w.Key("participant_id").String(e.participant_id);
  w.Key("status").String(EnrollmentStatusName(e.status));
  w.Key("capacity").Int(e.capacity);
  w.Key("name").String(e.name);
  w.Key("email").String(e.email);
  w.Key("profile_complete").Bool(e.profile_complete);
  w.Key("created_at").String(e.created_at);
  w.Key("updated_at").String(e.updated_at);
  w.EndObject();
}

Json Encode(const Enrollment& e) {
  return Parsed([&](JsonWriter& w) { Write(w, e); });
}

void Write(JsonWriter& w, const EnrollmentPage& page) {
  w.Reserve(page.enrollments.size() * 320 + 128);
  w.BeginObject().Key("enrollments").BeginArray();
  for (const Enrollment& e : page.enrollments) Write(w, e);
  w.EndArray();
  w.Key("total").Int(static_cast<std::int64_t>(page.counts.total));
  w.Key("participants").Int(static_cast<std::int64_t>(page.counts.participants));
  w.Key("profiles_complete").Int(static_cast<std::int64_t>(page.counts.profiles_complete));
  w.EndObject();
}

void WriteProfile(JsonWriter& w, const Participant& p) {
  w.BeginObject();
  w.Key("participant_id").String(p.id);
  w.Key("name").String(p.name);
  w.Key("role").String(RoleName(p.role));
  w.Key("institution").String(p.institution);
  w.Key("career_stage").String(p.career_stage);
  w.Key("time_zone").String(p.time_zone);
  w.Key("years_experience").IntOrNull(p.years_experience);
  w.Key("capacity").Int(p.capacity);
  w.Key("interests").Strings(p.interests);
  w.Key("specialties").Strings(p.specialties);
  w.Key("goals").Strings(p.goals);
  // One value per key, the last one given winning (as a tree's assignment).
  Json background = Json::object();
  for (const auto& tag : p.background) background[tag.key] = tag.value;
  w.Key("background").Verbatim(Dump(background));
  w.Key("match_on").Strings(p.match_on);
  w.Key("languages").Strings(p.languages);
  w.Key("availability").BeginArray();
  for (const auto& window : p.availability) {
    w.BeginObject().Key("start_minute").Int(window.start).Key("minutes").Int(window.minutes);
    w.EndObject();
  }
  w.EndArray();
  w.Key("prefer").Strings(p.prefer);
  w.Key("avoid").Strings(p.avoid);
  w.Key("bio").String(p.bio);
  w.Key("answers").BeginObject();
  for (const auto& [question, values] : p.answers) w.Key(question).Strings(values);
  w.EndObject();
  w.EndObject();
}

Json EncodeProfile(const Participant& p) {
  return Parsed([&](JsonWriter& w) { WriteProfile(w, p); });
}

void Write(JsonWriter& w, const Pair& p) {
  w.BeginObject();
  w.Key("id").Int(p.id);
  w.Key("program_id").Int(p.program_id);
  w.Key("mentor").BeginObject();
  w.Key("enrollment_id").Int(p.mentor_enrollment_id);
  w.Key("participant_id").String(p.mentor);
  w.Key("name").String(p.mentor_name);
  w.EndObject();
  w.Key("mentee").BeginObject();
  w.Key("enrollment_id").Int(p.mentee_enrollment_id);
  w.Key("participant_id").String(p.mentee);
  w.Key("name").String(p.mentee_name);
  w.EndObject();
  w.Key("status").String(PairStatusName(p.status));
  w.Key("score").Number(p.score);
  w.Key("breakdown").BeginObject();
  for (const auto& [facet, points] : p.breakdown) w.Key(facet).Number(points);
  w.EndObject();
  w.Key("matching_run_id").IntOrNull(p.matching_run_id);
  w.Key("started_on").StringOrNull(p.started_on);
  w.Key("ended_on").StringOrNull(p.ended_on);
  w.Key("end_reason").StringOrNull(p.end_reason);
  w.Key("created_at").String(p.created_at);
  w.EndObject();
}

Json Encode(const Pair& p) {
  return Parsed([&](JsonWriter& w) { Write(w, p); });
}

void Write(JsonWriter& w, const Proposal& p) {
  w.BeginObject();
  w.Key("mentee").String(p.mentee);
  w.Key("mentor").String(p.mentor);
  w.Key("mentee_name").String(p.mentee_name);
  w.Key("mentor_name").String(p.mentor_name);
  w.Key("score").Number(p.score);
  w.Key("breakdown").BeginObject();
  for (const auto& [facet, points] : p.breakdown) w.Key(facet).Number(points);
  w.EndObject();
  w.Key("locked").Bool(p.locked);
  w.EndObject();
}

Json Encode(const Proposal& p) {
  return Parsed([&](JsonWriter& w) { Write(w, p); });
}

void Write(JsonWriter& w, const MatchingRun& run, const RunResultTotals* page) {
  const MatchingRunSettings& s = run.settings;
  w.BeginObject();
  w.Key("id").Int(run.id);
  w.Key("program_id").Int(run.program_id);
  w.Key("status").String(MatchingRunStatusName(run.status));
  w.Key("progress").Number(run.progress);
  w.Key("settings").BeginObject();
  w.Key("objective").String(s.objective);
  w.Key("weights").Verbatim(Dump(s.weights ? Encode(*s.weights) : Json(nullptr)));
  w.Key("locks").Verbatim(Dump(PairsOf(s.locks)));
  w.Key("forbids").Verbatim(Dump(PairsOf(s.forbids)));
  w.Key("min_score").NumberOrNull(s.min_score);
  w.Key("top_k").Int(s.top_k);
  w.Key("what_if").Bool(s.what_if);
  w.EndObject();
  if (run.result) {
    const MatchingRunResult& r = *run.result;
    // A page holds part of the unmatched: the summary counts the whole run.
    std::size_t mentees = 0, mentors = 0;
    if (page) {
      mentees = page->unmatched_mentees;
      mentors = page->unmatched_mentors;
    } else {
      for (const auto& u : r.unmatched) ++(u.role == "mentee" ? mentees : mentors);
    }
    w.Key("summary").BeginObject();
    w.Key("matched").Int(r.matched);
    w.Key("unmatched").Int(static_cast<std::int64_t>(mentees + mentors));
    w.Key("unmatched_mentees").Int(static_cast<std::int64_t>(mentees));
    w.Key("unmatched_mentors").Int(static_cast<std::int64_t>(mentors));
    w.Key("total_score").Number(r.total_score);
    w.Key("min_score").Number(r.min_score);
    w.Key("mean_score").Number(r.mean_score);
    w.Key("blocking_pairs").Int(r.blocking_pairs);
    w.Key("seconds").Number(r.seconds);
    w.EndObject();
    if (page) {
      w.Key("proposals").BeginArray();
      for (const Proposal& p : r.proposals) Write(w, p);
      w.EndArray();
      w.Key("unmatched").BeginArray();
      for (const auto& u : r.unmatched) {
        w.BeginObject();
        w.Key("id").String(u.id);
        w.Key("name").String(u.name);
        w.Key("role").String(u.role);
        w.Key("reason").String(u.reason);
        w.EndObject();
      }
      w.EndArray();
      w.Key("proposals_total").Int(static_cast<std::int64_t>(page->proposals));
      w.Key("unmatched_total").Int(static_cast<std::int64_t>(page->unmatched));
      w.Key("facets").Strings(page->facets);
    }
  }
  w.Key("error").StringOrNull(run.error);
  w.Key("created_by").IntOrNull(run.created_by);
  w.Key("created_at").String(run.created_at);
  w.Key("finished_at").StringOrNull(run.finished_at);
  w.Key("published_at").StringOrNull(run.published_at);
  w.EndObject();
}

Json Encode(const MatchingRun& run, const RunResultTotals* page) {
  return Parsed([&](JsonWriter& w) { Write(w, run, page); });
}

Json Encode(const service::AuditRecord& e) {
  return {{"id", e.id},
          {"at", e.at},
          {"actor", e.actor},
          {"actor_name", StringOrNull(e.actor_name)},
          {"actor_email", StringOrNull(e.actor_email)},
          {"entity_name", StringOrNull(e.entity_name)},
          {"program_name", StringOrNull(e.program_name)},
          {"action", e.action},
          {"entity", e.entity},
          {"entity_id", Optional(e.entity_id)},
          {"program_id", Optional(e.program_id)},
          {"before", ParsedOrNull(e.before_json)},
          {"after", ParsedOrNull(e.after_json)}};
}

Json Encode(const service::Institution& institution) {
  return {{"id", institution.id}, {"name", institution.name}, {"people", institution.people}};
}

Json Encode(const service::OutboxMessage& m) {
  return {{"id", m.id},
          {"to", m.to},
          {"subject", m.subject},
          {"body", m.body},
          {"kind", m.kind},
          {"created_at", m.created_at},
          {"sent_at", StringOrNull(m.sent_at)},
          {"attachment_name", StringOrNull(m.attachment_name)},
          {"status", m.status},
          {"attempts", m.attempts},
          {"last_error", StringOrNull(m.last_error)}};
}

Json Encode(const store::Job& j) {
  return {{"id", j.id},
          {"kind", j.kind},
          {"status", store::JobStatusName(j.status)},
          {"slot", StringOrNull(j.slot)},
          {"due_at", j.available_at},
          {"attempts", j.attempts},
          {"max_attempts", j.max_attempts},
          {"last_error", StringOrNull(j.last_error)},
          {"claimed_by", StringOrNull(j.claimed_by)},
          {"created_at", j.created_at},
          {"finished_at", StringOrNull(j.finished_at)}};
}

Json Encode(const service::InvitationInfo& i) {
  return {{"email", i.email},           {"name", i.name},
          {"program_id", i.program_id}, {"program_name", i.program_name},
          {"role", RoleName(i.role)},   {"needs_password", i.needs_password},
          {"expires_at", i.expires_at}};
}

Json Encode(const service::ProgramSummary& s) {
  Json enrollments = Json::object();
  for (const auto& [key, count] : s.enrollments) enrollments[key] = count;
  Json pairs = Json::object();
  for (const auto& [key, count] : s.pairs) pairs[key] = count;
  Json health = Json::object();
  for (const auto& [key, count] : s.pair_health) health[key] = count;
  return {{"program_id", s.program_id},
          {"enrollments", enrollments},
          {"pairs", pairs},
          {"mentees_matched", s.mentees_matched},
          {"mean_score", s.mean_score ? Json(*s.mean_score) : Json(nullptr)},
          {"min_score", s.min_score ? Json(*s.min_score) : Json(nullptr)},
          {"meetings",
           {{"scheduled", s.meetings_scheduled},
            {"held", s.meetings_held},
            {"not_held", s.meetings_not_held}}},
          {"pair_health", health}};
}

Json Encode(const Taxonomy& t) {
  Json topics = Json::array();
  for (const auto& [topic, parent] : t.topics) {
    topics.push_back({{"id", topic}, {"label", topic}, {"parent", StringOrNull(parent)}});
  }
  return {{"topics", topics},
          {"goals", Strings(t.goals)},
          {"career_stages", Strings(t.career_stages)},
          {"languages", Strings(t.languages)}};
}

Taxonomy ReadTaxonomy(ObjectReader& r) {
  Taxonomy t;
  r.ObjectArray("topics", [&](ObjectReader& topic) {
    const std::string id = topic.String("id");
    if (auto label = topic.OptionalString("label"); label && *label != id) {
      throw InvalidArgument("a topic's label is its id (rename it with an edit)", "topics.label");
    }
    const std::optional<std::string> parent = topic.OptionalStringOrNull("parent");
    if (!t.topics.emplace(CanonicalTag(id), CanonicalTag(parent.value_or(""))).second) {
      throw InvalidArgument(Quote(id) + " is listed twice", "topics");
    }
  });
  for (auto [name, list] :
       {std::pair{"goals", &t.goals}, std::pair{"career_stages", &t.career_stages},
        std::pair{"languages", &t.languages}}) {
    for (const std::string& v : r.Strings(name)) list->push_back(CanonicalTag(v));
  }
  return t;
}

Json Encode(const IntakeQuestion& q) {
  Json options = Json::array();
  for (const QuestionOption& o : q.options)
    options.push_back({{"code", o.code}, {"label", o.label}});
  return {{"code", q.code},
          {"text", q.text},
          {"help", q.help},
          {"kind", QuestionKindName(q.kind)},
          {"options", options},
          {"scale_min", q.scale_min},
          {"scale_max", q.scale_max},
          {"required", q.required},
          {"audience", QuestionAudienceName(q.audience)},
          {"match", QuestionMatchName(q.match)},
          {"compare_with", StringOrNull(q.compare_with)},
          {"weight", q.weight},
          {"retired", q.retired}};
}

IntakeQuestion ReadQuestion(ObjectReader& r) {
  IntakeQuestion q;
  q.code = r.String("code");
  q.text = r.String("text");
  q.help = r.OptionalString("help").value_or("");
  const std::string kind = r.String("kind");
  const auto parsed_kind = ParseQuestionKind(kind);
  if (!parsed_kind) {
    throw InvalidArgument("kind is single, multiple, scale, text or yes_no", r.PathOf("kind"));
  }
  q.kind = *parsed_kind;
  r.ObjectArray("options", [&](ObjectReader& o) {
    q.options.push_back({o.String("code"), o.String("label")});
  });
  constexpr std::int64_t kBound = 1'000'000;
  if (auto v = r.OptionalInt("scale_min", -kBound, kBound)) q.scale_min = static_cast<int>(*v);
  if (auto v = r.OptionalInt("scale_max", -kBound, kBound)) q.scale_max = static_cast<int>(*v);
  q.required = r.OptionalBool("required").value_or(false);
  if (auto v = r.OptionalString("audience")) {
    const auto a = ParseQuestionAudience(*v);
    if (!a) throw InvalidArgument("audience is mentors, mentees or both", r.PathOf("audience"));
    q.audience = *a;
  }
  if (auto v = r.OptionalString("match")) {
    const auto m = ParseQuestionMatch(*v);
    if (!m) {
      throw InvalidArgument("match is none, same, overlap, closeness or must_match",
                            r.PathOf("match"));
    }
    q.match = *m;
  }
  q.compare_with = r.OptionalStringOrNull("compare_with").value_or("");
  q.weight = r.OptionalNumber("weight").value_or(0);
  q.retired = r.OptionalBool("retired").value_or(false);
  return q;
}

Json Encode(const service::Vocabulary& v) {
  Json questions = Json::array();
  for (const IntakeQuestion& q : v.questions) questions.push_back(Encode(q));
  return {{"program_id", v.program_id},
          {"source", StringOrNull(v.source)},
          {"built_in", v.built_in},
          {"revision", v.revision},
          {"updated_at", StringOrNull(v.updated_at)},
          {"taxonomy", Encode(v.taxonomy)},
          {"questions", questions}};
}

Json Encode(const TaxonomyTemplate& t) {
  return {{"code", t.code},
          {"title", t.title},
          {"description", t.description},
          {"topics", t.taxonomy.topics.size()},
          {"career_stages", t.taxonomy.career_stages.size()},
          {"goals", t.taxonomy.goals.size()}};
}

Json Encode(const InputProblem& problem) {
  return {{"row", problem.row}, {"column", problem.column}, {"reason", problem.reason}};
}

Json Encode(const Meeting& m) {
  const SysSeconds start = *ParseUtc(m.starts_at);
  return {{"id", m.id},
          {"pair_id", m.pair_id},
          {"program_id", m.program_id},
          {"uid", m.uid},
          {"sequence", m.sequence},
          {"starts_at", m.starts_at},
          {"ends_at", FormatUtc(start + std::chrono::minutes(m.minutes))},
          {"minutes", m.minutes},
          {"mode", MeetingFormatName(m.mode)},
          {"location", m.location},
          {"agenda", m.agenda},
          {"status", MeetingStatusName(m.status)},
          {"mentor_answer", MeetingAnswerName(m.mentor_answer)},
          {"mentee_answer", MeetingAnswerName(m.mentee_answer)},
          {"proposed_by", Optional(m.proposed_by)},
          {"note", m.note},
          {"created_at", m.created_at},
          {"updated_at", m.updated_at}};
}

Json Encode(const MeetingLog& l) {
  return {{"id", l.id},
          {"pair_id", l.pair_id},
          {"meeting_id", Optional(l.meeting_id)},
          {"author_enrollment_id", l.author_enrollment_id},
          {"met_at", l.met_at},
          {"held", l.held},
          {"not_held_reason", StringOrNull(l.not_held_reason)},
          {"minutes", l.minutes ? Json(*l.minutes) : Json(nullptr)},
          {"topics", Strings(l.topics)},
          {"shared_notes", l.shared_notes},
          {"private_notes", l.private_notes},
          {"created_at", l.created_at}};
}

namespace {

Json EncodeFreeTimePerson(const service::FreeTimePerson& p) {
  Json availability = Json::array();
  for (const auto& w : p.availability) {
    availability.push_back({{"start_minute", w.start}, {"minutes", w.minutes}});
  }
  return {{"name", p.name},
          {"role", p.role},
          {"time_zone", StringOrNull(p.time_zone)},
          {"availability", availability}};
}

}  // namespace

Json Encode(const service::FreeTime& f) {
  Json slots = Json::array();
  for (const calendar::Span& s : f.common) {
    slots.push_back(
        {{"start", FormatUtc(s.start)},
         {"end", FormatUtc(s.end)},
         {"start_local", calendar::FormatWallTime(s.start, f.viewer_zone)},
         {"end_local", calendar::FormatWallTime(s.end, f.viewer_zone)},
         {"zone_abbreviation", calendar::ZoneAbbreviation(s.start, f.viewer_zone)},
         {"minutes", std::chrono::duration_cast<std::chrono::minutes>(s.end - s.start).count()}});
  }
  return {{"viewer_zone", f.viewer_zone},
          {"from", FormatUtc(f.from)},
          {"until", FormatUtc(f.until)},
          {"slots", slots},
          {"mentor", EncodeFreeTimePerson(f.mentor)},
          {"mentee", EncodeFreeTimePerson(f.mentee)}};
}

Json Encode(const calendar::PairHealth& h) {
  return {{"status", calendar::HealthStatusName(h.status)},
          {"expected", h.expected},
          {"held", h.held},
          {"last_met", h.last_met ? Json(FormatUtc(*h.last_met)) : Json(nullptr)},
          {"next_scheduled", h.next_scheduled ? Json(FormatUtc(*h.next_scheduled)) : Json(nullptr)},
          {"days_without_meeting", h.days_without_meeting}};
}

Json EncodeProblems(const std::vector<InputProblem>& problems) {
  Json out = Json::array();
  for (const auto& p : problems) out.push_back(Encode(p));
  return out;
}

// --- the journey ---

namespace {

Json Signature(const std::optional<AgreementSignature>& s) {
  if (!s) return nullptr;
  return {{"name", s->name}, {"signed_at", s->signed_at}, {"revision", s->revision}};
}

Json OptionalInt(const std::optional<int>& value) { return value ? Json(*value) : Json(nullptr); }

}  // namespace

Json Encode(const RetentionIndicator& r) {
  return {{"label", r.label},
          {"fields", r.fields},
          {"settings", r.settings},
          {"title_words", r.title_words},
          {"months_after_end", r.months_after_end}};
}

Json Encode(const service::JourneySettingsView& v) {
  return {{"agreement_template", v.settings.agreement_template},
          {"default_template", v.default_template},
          {"agreement_version", v.settings.agreement_version},
          {"career_fields", v.settings.career_fields},
          {"retention", v.settings.retention ? Encode(*v.settings.retention) : Json(nullptr)},
          {"small_cell_k", v.settings.small_cell_k}};
}

Json Encode(const service::AgreementView& v) {
  const Agreement& a = v.agreement;
  return {{"pair_id", a.pair_id},
          {"revision", a.revision},
          {"template_version", a.template_version},
          {"current_template_version", v.template_version},
          {"template", v.template_text},
          {"specifics",
           {{"cadence", a.specifics.cadence},
            {"mode", a.specifics.mode},
            {"contact", a.specifics.contact},
            {"first_goals", a.specifics.first_goals},
            {"other", a.specifics.other}}},
          {"mentor_name", v.mentor_name},
          {"mentee_name", v.mentee_name},
          {"mentor_signature", Signature(a.mentor)},
          {"mentee_signature", Signature(a.mentee)},
          {"signed", a.Signed()},
          {"updated_at", StringOrNull(a.updated_at)}};
}

Json Encode(const Goal& g) {
  Json milestones = Json::array();
  for (const Milestone& m : g.milestones) {
    milestones.push_back(
        {{"title", m.title}, {"due_on", StringOrNull(m.due_on)}, {"done", m.done}});
  }
  Json notes = Json::array();
  for (const ProgressNote& n : g.notes) {
    notes.push_back({{"date", n.on}, {"text", n.text}, {"author_id", n.author_user_id}});
  }
  return {{"id", g.id},
          {"pair_id", g.pair_id},
          {"program_id", g.program_id},
          {"title", g.title},
          {"category", g.category},
          {"success", g.success},
          {"target_on", StringOrNull(g.target_on)},
          {"status", g.status},
          {"private", g.is_private},
          {"milestones", std::move(milestones)},
          {"notes", std::move(notes)},
          {"created_at", g.created_at},
          {"updated_at", g.updated_at}};
}

Json Encode(const Project& p) {
  return {{"id", p.id},
          {"pair_id", p.pair_id},
          {"program_id", p.program_id},
          {"title", p.title},
          {"type", p.type},
          {"status", p.status},
          {"starts_on", StringOrNull(p.starts_on)},
          {"ends_on", StringOrNull(p.ends_on)},
          {"lead", p.lead},
          {"description", p.description},
          {"created_at", p.created_at},
          {"updated_at", p.updated_at}};
}

Json Encode(const Output& o) {
  return {{"id", o.id},
          {"program_id", o.program_id},
          {"person_id", o.enrollment_id},
          {"pair_id", Optional(o.pair_id)},
          {"project_id", Optional(o.project_id)},
          {"kind", o.kind},
          {"title", o.title},
          {"year", OptionalInt(o.year)},
          {"authors", o.authors},
          {"journal", o.journal},
          {"doi", o.doi},
          {"pmid", o.pmid},
          {"meeting", o.meeting},
          {"format", o.format},
          {"funder", o.funder},
          {"mechanism", o.mechanism},
          {"amount", Optional(o.amount)},
          {"currency", o.currency},
          {"grant_status", o.grant_status},
          {"starts_on", StringOrNull(o.starts_on)},
          {"ends_on", StringOrNull(o.ends_on)},
          {"awarding_body", o.awarding_body},
          {"notes", o.notes},
          {"created_at", o.created_at},
          {"updated_at", o.updated_at}};
}

Json Encode(const Position& p) {
  return {{"id", p.id},           {"program_id", p.program_id},   {"person_id", p.enrollment_id},
          {"title", p.title},     {"institution", p.institution}, {"field", p.field},
          {"setting", p.setting}, {"starts_on", p.starts_on},     {"created_at", p.created_at}};
}

Json Encode(const service::Retention& r) {
  Json people = Json::array();
  for (const service::RetentionPerson& person : r.people) {
    Json positions = Json::array();
    for (const Position& p : person.positions) positions.push_back(Encode(p));
    people.push_back({{"person_id", person.enrollment_id},
                      {"name", person.name},
                      {"role", person.role},
                      {"retained", person.retained},
                      {"positions", std::move(positions)}});
  }
  return {{"indicator", r.indicator ? Encode(*r.indicator) : Json(nullptr)},
          {"mentees", r.mentees},
          {"known", r.known},
          {"retained", r.retained},
          {"people", std::move(people)}};
}

Json Encode(const service::PairJourney& j) {
  return {{"pair_id", j.pair_id},
          {"agreement_signed", j.agreement_signed},
          {"agreement_revision", j.agreement_revision},
          {"mentor_signed", j.mentor_signed},
          {"mentee_signed", j.mentee_signed},
          {"goals", j.goals},
          {"goals_by_status", j.goals_by_status},
          {"private_goals", j.private_goals},
          {"projects", j.projects},
          {"outputs", j.outputs}};
}

Json Encode(const Resource& r) {
  return {{"id", r.id},
          {"program_id", Optional(r.program_id)},
          {"title", r.title},
          {"description", r.description},
          {"category", r.category},
          {"audience", r.audience},
          {"url", StringOrNull(r.url)},
          {"file_name", StringOrNull(r.file_name)},
          {"content_type", StringOrNull(r.content_type)},
          {"size", r.size},
          {"download", r.file_name.empty()
                           ? Json(nullptr)
                           : Json("/api/v1/resources/" + std::to_string(r.id) + "/file")},
          {"created_at", r.created_at},
          {"updated_at", r.updated_at}};
}

Json Encode(const service::EventView& v) {
  const ProgramEvent& e = v.event;
  Json materials = Json::array();
  for (const Resource& r : v.materials) {
    materials.push_back(
        {{"id", r.id},
         {"title", r.title},
         {"href",
          r.file_name.empty() ? r.url : "/api/v1/resources/" + std::to_string(r.id) + "/file"}});
  }
  const SysSeconds start = *ParseUtc(e.starts_at);
  return {{"id", e.id},
          {"program_id", e.program_id},
          {"kind", e.kind},
          {"title", e.title},
          {"starts_at", e.starts_at},
          {"ends_at", FormatUtc(start + std::chrono::minutes(e.minutes))},
          {"minutes", e.minutes},
          {"location", e.location},
          {"description", e.description},
          {"audience", e.audience},
          {"required", e.required},
          {"recording_url", StringOrNull(e.recording_url)},
          {"materials", std::move(materials)},
          {"cancelled", e.cancelled},
          {"invited", v.invited},
          {"my_answer", StringOrNull(v.my_rsvp)},
          {"i_attended", v.i_attended ? Json(*v.i_attended) : Json(nullptr)},
          {"counts",
           {{"invitees", v.invitees},
            {"answered_yes", v.yes},
            {"answered_no", v.no},
            {"answered_maybe", v.maybe},
            {"attended", v.attended}}}};
}

Json Encode(const service::Invitee& i) {
  return {{"person_id", i.enrollment_id},
          {"name", i.name},
          {"email", i.email},
          {"role", i.role},
          {"answer", StringOrNull(i.rsvp)},
          {"attended", i.attended ? Json(*i.attended) : Json(nullptr)},
          {"minutes", i.minutes ? Json(*i.minutes) : Json(nullptr)}};
}

Json Encode(const store::Notification& n) {
  return {{"id", n.id},
          {"kind", n.kind},
          {"subject", n.subject},
          {"body", n.body},
          {"emailed", n.delivery == "email" || n.delivery == "digested"},
          {"read", !n.read_at.empty()},
          {"created_at", n.created_at}};
}

Json Encode(const SurveyItem& i) {
  Json rows = Json::array();
  for (const MatrixRow& r : i.rows) rows.push_back({{"code", r.code}, {"text", r.text}});
  return {{"code", i.code},
          {"kind", i.kind},
          {"text", i.text},
          {"help", i.help},
          {"section", i.section},
          {"required", i.required},
          {"points", i.points},
          {"labels", i.labels},
          {"allow_na", i.allow_na},
          {"options", i.options},
          {"min", i.min ? Json(*i.min) : Json(nullptr)},
          {"max", i.max ? Json(*i.max) : Json(nullptr)},
          {"rows", std::move(rows)},
          {"show_if_code", StringOrNull(i.show_if_code)},
          {"show_if_value", StringOrNull(i.show_if_value)}};
}

namespace {
Json Items(const std::vector<SurveyItem>& items) {
  Json out = Json::array();
  for (const SurveyItem& i : items) out.push_back(Encode(i));
  return out;
}
Json Count(const service::WaveCount& c) {
  return {{"invited", c.invited}, {"answered", c.answered}};
}
}  // namespace

Json Encode(const Survey& s) {
  return {{"id", s.id},
          {"program_id", s.program_id},
          {"series_id", s.series_id},
          {"version", s.version},
          {"title", s.title},
          {"intro", s.intro},
          {"anonymity", s.anonymity},
          {"anonymity_statement", notify::AnonymityStatement(s.anonymity)},
          {"items", Items(s.items)},
          {"created_at", s.created_at}};
}

Json Encode(const service::SurveySummary& s) {
  return {{"survey", Encode(s.survey)}, {"responses", s.responses}};
}

Json Encode(const SurveyConstruct& c) {
  return {{"code", c.code},
          {"name", c.name},
          {"description", c.description},
          {"scale", c.scale},
          {"peer_support", c.peer_support},
          {"items", Items(c.items)}};
}

Json Encode(const service::WaveView& v) {
  const SurveyWave& w = v.wave;
  return {{"id", w.id},
          {"program_id", w.program_id},
          {"survey_id", w.series_id},
          {"survey_title", v.survey_title},
          {"title", w.title},
          {"audience", w.audience},
          {"pair_status", w.pair_status},
          {"timing", w.timing},
          {"opens_on", StringOrNull(w.opens_on)},
          {"offset_days", w.offset_days},
          {"every_days", w.every_days},
          {"length_days", w.length_days},
          {"reminder_days", w.reminder_days},
          {"status", w.status},
          {"counts",
           {{"all", Count(v.all)},
            {"mentees", Count(v.mentees)},
            {"mentors", Count(v.mentors)},
            {"active_pairs", Count(v.active_pairs)},
            {"completed_pairs", Count(v.completed_pairs)}}}};
}

Json Encode(const service::MySurvey& m) {
  return {{"invitation_id", m.invitation.id},  {"program_id", m.invitation.program_id},
          {"program_name", m.program_name},    {"wave_title", m.wave_title},
          {"opens_at", m.invitation.opens_at}, {"closes_at", m.invitation.closes_at},
          {"submitted", m.submitted},          {"open", m.open},
          {"survey", Encode(m.survey)},        {"answers", Json(m.answers)}};
}

Json Encode(const service::SurveyResults& results) {
  const auto number = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  Json items = Json::array();
  for (const service::ItemResult& i : results.items) {
    Json counts = Json::array();
    const auto shown = [](const std::optional<int>& n) { return n ? Json(*n) : Json(nullptr); };
    for (const auto& [label, count] : i.counts)
      counts.push_back({{"label", label}, {"count", shown(count)}});
    items.push_back({{"code", i.code},
                     {"text", i.text},
                     {"kind", i.kind},
                     {"answered", i.answered},
                     {"missing", shown(i.missing)},
                     {"not_applicable", shown(i.not_applicable)},
                     {"counts", std::move(counts)},
                     {"texts", i.texts},
                     {"median", number(i.median)},
                     {"q1", number(i.q1)},
                     {"q3", number(i.q3)},
                     {"mean", number(i.mean)},
                     {"percent_agree", number(i.percent_agree)}});
  }
  return {{"survey", Encode(results.survey)},
          {"responses", results.responses},
          {"k", results.k},
          {"suppressed", results.suppressed},
          {"items", std::move(items)}};
}

Json Encode(const stats::AssociationReport& report) {
  const auto number = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  Json results = Json::array();
  for (const stats::OutcomeAssociation& r : report.results) {
    Json item = {{"outcome", r.outcome},
                 {"n", r.n},
                 {"missing", r.missing},
                 {"table", r.table},
                 {"test", r.test},
                 {"p_value", number(r.p_value)},
                 {"odds_ratio", number(r.odds_ratio)},
                 {"conf_int", {number(r.conf_int.lower), number(r.conf_int.upper)}},
                 {"p_adjusted", number(r.p_adjusted)},
                 {"statistic", r.statistic ? number(*r.statistic) : Json(nullptr)},
                 {"warnings", r.warnings},
                 {"median_agree", r.median_agree ? number(*r.median_agree) : Json(nullptr)},
                 {"median_not", r.median_not ? number(*r.median_not) : Json(nullptr)},
                 {"rho", r.rho ? number(*r.rho) : Json(nullptr)},
                 {"rho_p_value", r.rho_p_value ? number(*r.rho_p_value) : Json(nullptr)},
                 {"categories", r.categories}};
    results.push_back(std::move(item));
  }
  return {{"predictor", report.predictor},
          {"agree_min", report.agree_min},
          {"respondents", report.respondents},
          {"results", std::move(results)}};
}

Json Encode(const service::PrePostReport& r) {
  const auto number = [](double v) { return std::isfinite(v) ? Json(v) : Json(nullptr); };
  return {{"item", r.item},
          {"before_wave", r.before_wave},
          {"after_wave", r.after_wave},
          {"agree_min", r.agree_min},
          {"paired", r.paired},
          {"only_before", r.only_before},
          {"only_after", r.only_after},
          {"median_before", r.median_before},
          {"median_after", r.median_after},
          {"improved", r.improved},
          {"worsened", r.worsened},
          {"unchanged", r.unchanged},
          {"wilcoxon",
           {{"statistic", number(r.wilcoxon.statistic)},
            {"p_value", number(r.wilcoxon.p_value)},
            {"exact", r.wilcoxon.exact},
            {"n", r.wilcoxon.n}}},
          {"agreement", r.agreement},
          {"mcnemar",
           {{"statistic", number(r.mcnemar.statistic)},
            {"p_value", number(r.mcnemar.p_value)},
            {"correction_applied", r.mcnemar.correction_applied}}}};
}

Json Encode(const stats::ProportionEstimate& p) {
  return {{"successes", p.successes},
          {"n", p.n},
          {"estimate", p.estimate},
          {"wilson", {p.wilson.lower, p.wilson.upper}},
          {"clopper_pearson", {p.clopper_pearson.lower, p.clopper_pearson.upper}}};
}

Json Encode(const service::Evaluation& e) {
  const auto shown = [](const service::ShownCount& n) { return n ? Json(*n) : Json(nullptr); };
  const auto number = [](const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); };
  const auto proportion = [](const std::optional<stats::ProportionEstimate>& p) {
    return p ? Encode(*p) : Json(nullptr);
  };
  const auto rows = [&](const std::vector<service::CountRow>& rows) {
    Json out = Json::array();
    for (const service::CountRow& r : rows)
      out.push_back({{"label", r.label}, {"count", shown(r.count)}});
    return out;
  };
  Json outputs = Json::array();
  for (const service::OutputFigures& o : e.outputs) {
    Json awarded = Json::object();
    for (const auto& [currency, sum] : o.awarded) awarded[currency] = sum;
    outputs.push_back({{"kind", o.kind},
                       {"items", o.items},
                       {"mentees", shown(o.mentees)},
                       {"per_mentee", number(o.per_mentee)},
                       {"awarded_grants", shown(o.awarded_grants)},
                       {"awarded", std::move(awarded)}});
  }
  Json surveys = Json::array();
  for (const service::WaveFigures& w : e.surveys) {
    surveys.push_back({{"wave_id", w.wave_id},
                       {"survey_id", w.survey_id},
                       {"survey_title", w.survey_title},
                       {"wave_name", w.wave_name},
                       {"status", w.status},
                       {"invited", w.invited},
                       {"answered", w.answered},
                       {"response", proportion(w.response)}});
  }
  const service::PairFigures& p = e.pairs;
  const service::MeetingFigures& m = e.meetings;
  return {{"program_id", e.program_id},
          {"program_name", e.program_name},
          {"starts_on", e.starts_on},
          {"ends_on", e.ends_on},
          {"k", e.k},
          {"deidentified", e.deidentified},
          {"mentees", e.mentees},
          {"pairs",
           {{"started", p.started},
            {"any_active", p.any_active},
            {"completion", proportion(p.completion)},
            {"by_status", rows(p.by_status)},
            {"dissolved_reasons", p.dissolved_reasons}}},
          {"meetings",
           {{"cadence_days", m.cadence_days},
            {"pairs", m.pairs},
            {"held", m.held},
            {"expected", m.expected},
            {"median_held", number(m.median_held)},
            {"median_expected", number(m.median_expected)},
            {"median_adherence", number(m.median_adherence)},
            {"adherent", proportion(m.adherent)},
            {"distribution", rows(m.distribution)}}},
          {"agreements_signed", proportion(e.agreements_signed)},
          {"goals", e.goals},
          {"goals_achieved", proportion(e.goals_achieved)},
          {"goals_by_status", rows(e.goals_by_status)},
          {"mentees_with_project", proportion(e.mentees_with_project)},
          {"outputs", std::move(outputs)},
          {"retention", e.retention_label ? Json{{"label", *e.retention_label},
                                                 {"known", e.retention_known},
                                                 {"retained", proportion(e.retention)}}
                                          : Json(nullptr)},
          {"surveys", std::move(surveys)},
          {"background_keys", e.background_keys}};
}

Json Encode(const service::ProgramReport& report) {
  Json surveys = Json::array();
  for (const service::SurveyResults& r : report.surveys) surveys.push_back(Encode(r));
  Json association = nullptr;
  if (report.association) {
    association = {{"survey_id", report.association->survey_id},
                   {"survey_title", report.association->survey_title},
                   {"analysis", Encode(report.association->analysis)}};
  }
  return {{"generated_at", report.generated_at},
          {"evaluation", Encode(report.evaluation)},
          {"surveys", std::move(surveys)},
          {"association", std::move(association)}};
}

Json Encode(const service::ReportView& r) {
  const auto text = [](const std::string& s) { return s.empty() ? Json(nullptr) : Json(s); };
  return {{"id", r.id},
          {"program_id", r.program_id},
          {"status", r.status},
          {"error", text(r.error)},
          {"created_at", r.created_at},
          {"finished_at", text(r.finished_at)}};
}

SurveyItem ReadSurveyItem(ObjectReader& r) {
  SurveyItem i;
  i.code = r.String("code");
  i.kind = r.String("kind");
  i.text = r.String("text");
  if (auto v = r.OptionalString("help")) i.help = *v;
  if (auto v = r.OptionalString("section")) i.section = *v;
  if (auto v = r.OptionalBool("required")) i.required = *v;
  if (auto v = r.OptionalInt("points", 5, 7)) i.points = static_cast<int>(*v);
  if (auto v = r.OptionalStrings("labels")) i.labels = *v;
  if (auto v = r.OptionalBool("allow_na")) i.allow_na = *v;
  if (auto v = r.OptionalStrings("options")) i.options = *v;
  if (auto v = r.NullableNumber("min")) i.min = *v;
  if (auto v = r.NullableNumber("max")) i.max = *v;
  r.ObjectArray("rows", [&](ObjectReader& row) {
    i.rows.push_back({row.String("code"), row.String("text")});
  });
  if (auto v = r.OptionalStringOrNull("show_if_code")) i.show_if_code = *v;
  if (auto v = r.OptionalStringOrNull("show_if_value")) i.show_if_value = *v;
  return i;
}

Json Encode(const ChoiceSettings& s) {
  return {{"mode", MatchingModeName(s.mode)},         {"shortlist_size", s.shortlist_size},
          {"max_open_requests", s.max_open_requests}, {"answer_days", s.answer_days},
          {"opens_on", StringOrNull(s.opens_on)},     {"closes_on", StringOrNull(s.closes_on)}};
}

Json Encode(const MentorRequest& r) {
  const std::optional<DeclineReason> decline =
      r.status == RequestStatus::kDeclined ? ParseDeclineReason(r.reason) : std::nullopt;
  return {{"id", r.id},
          {"program_id", r.program_id},
          {"mentee", r.mentee},
          {"mentor", r.mentor},
          {"mentee_name", r.mentee_name},
          {"mentor_name", r.mentor_name},
          {"mentee_enrollment_id", r.mentee_enrollment_id},
          {"mentor_enrollment_id", r.mentor_enrollment_id},
          {"note", r.note},
          {"status", RequestStatusName(r.status)},
          {"reason", StringOrNull(r.reason)},
          {"reason_text", decline ? Json(std::string(DeclineReasonText(*decline))) : Json(nullptr)},
          {"message", r.message},
          {"created_at", r.created_at},
          {"answer_by", r.answer_by},
          {"answered_at", StringOrNull(r.answered_at)},
          {"pair_id", Optional(r.pair_id)}};
}

Json Encode(const service::ShortlistEntry& e) {
  Json breakdown = Json::object();
  for (const auto& [facet, points] : e.breakdown) breakdown[facet] = points;
  return {
      {"rank", e.rank},
      {"enrollment_id", e.enrollment_id},
      {"mentor", e.mentor},
      {"name", e.name},
      {"institution", e.institution},
      {"career_stage", e.career_stage},
      {"time_zone", e.time_zone},
      {"interests", e.interests},
      {"specialties", e.specialties},
      {"goals", e.goals},
      {"languages", e.languages},
      {"bio", e.bio},
      {"capacity", e.capacity},
      {"mentees", e.mentees},
      {"score", e.score},
      {"breakdown", std::move(breakdown)},
      {"reasons", e.reasons},
      {"request_status",
       e.request_status ? Json(std::string(RequestStatusName(*e.request_status))) : Json(nullptr)},
      {"request_id", Optional(e.request_id)}};
}

Json Encode(const service::Shortlist& s) {
  Json mentors = Json::array();
  for (const service::ShortlistEntry& e : s.mentors) mentors.push_back(Encode(e));
  return {{"mode", MatchingModeName(s.mode)},
          {"open", s.open},
          {"eligible", s.eligible},
          {"pending_requests", s.pending_requests},
          {"max_open_requests", s.max_open_requests},
          {"mentors", std::move(mentors)}};
}

Json Encode(const service::DirectoryEntry& e) {
  return {{"id", e.id}, {"name", e.name}, {"institution", e.institution}};
}

Json Encode(const PeerProfile& p) {
  Json availability = Json::array();
  for (const WeeklyWindow& w : p.availability) {
    availability.push_back({{"start_minute", w.start}, {"minutes", w.minutes}});
  }
  return {{"person", p.person},
          {"cancer_type", p.cancer_type},
          {"cancer_subtype", p.cancer_subtype},
          {"stage", p.stage},
          {"treatments", p.treatments},
          {"time_since_diagnosis", p.time_since_diagnosis},
          {"age_group", p.age_group},
          {"gender", p.gender},
          {"same_gender", p.same_gender},
          {"relationship", p.relationship},
          {"topics", p.topics},
          {"languages", p.languages},
          {"contact", p.contact},
          {"time_zone", p.time_zone},
          {"availability", std::move(availability)}};
}

PeerProfile ReadPeerProfile(ObjectReader& r) {
  PeerProfile p;
  p.person = r.OptionalString("person").value_or("");
  p.cancer_type = r.OptionalString("cancer_type").value_or("");
  p.cancer_subtype = r.OptionalString("cancer_subtype").value_or("");
  p.stage = r.OptionalString("stage").value_or("");
  p.treatments = r.OptionalStrings("treatments").value_or(std::vector<std::string>{});
  p.time_since_diagnosis = r.OptionalString("time_since_diagnosis").value_or("");
  p.age_group = r.OptionalString("age_group").value_or("");
  p.gender = r.OptionalString("gender").value_or("");
  p.same_gender = r.OptionalBool("same_gender").value_or(false);
  p.relationship = r.OptionalString("relationship").value_or("");
  p.topics = r.OptionalStrings("topics").value_or(std::vector<std::string>{});
  p.languages = r.OptionalStrings("languages").value_or(std::vector<std::string>{});
  p.contact = r.OptionalStrings("contact").value_or(std::vector<std::string>{});
  p.time_zone = r.OptionalString("time_zone").value_or("");
  r.ObjectArray("availability", [&](ObjectReader& window) {
    WeeklyWindow w;
    w.start = static_cast<int>(window.Int("start_minute", 0, 7 * 1440 - 1));
    w.minutes = static_cast<int>(window.Int("minutes", 1, 1440));
    p.availability.push_back(w);
  });
  return p;
}

namespace {
Json PeerRequestJson(const PeerRequest& r) {
  return {{"id", r.id},
          {"program_id", r.program_id},
          {"enrollment_id", r.enrollment_id},
          {"participant_id", r.participant_id},
          {"name", r.name},
          {"email", r.email},
          {"status", PeerRequestStatusName(r.status)},
          {"urgent", r.urgent},
          {"source", r.source},
          {"phone", r.phone},
          {"note", r.note},
          {"suggested_volunteer_id", Optional(r.suggested_volunteer_id)},
          {"pair_id", Optional(r.pair_id)},
          {"created_at", r.created_at},
          {"introduced_at", StringOrNull(r.introduced_at)}};
}
}  // namespace

Json Encode(const service::QueueEntry& e) {
  return {{"request", PeerRequestJson(e.request)},
          {"person", e.person},
          {"waiting_working_days", e.waiting_working_days},
          {"overdue", e.overdue}};
}

Json Encode(const service::PeerRequestView& v) {
  Json offers = Json::array();
  for (const PeerOffer& o : v.offers) offers.push_back(Encode(o));
  Json checkins = Json::array();
  for (const store::PeerCheckin& c : v.checkins) checkins.push_back(Encode(c));
  return {{"entry", Encode(v.entry)},
          {"profile", Encode(v.profile)},
          {"offers", std::move(offers)},
          {"checkins", std::move(checkins)}};
}

Json Encode(const service::VolunteerSuggestion& s) {
  Json breakdown = Json::object();
  for (const auto& [facet, points] : s.breakdown) breakdown[facet] = points;
  return {{"enrollment_id", s.enrollment_id},
          {"participant_id", s.participant_id},
          {"name", s.name},
          {"score", s.score},
          {"breakdown", std::move(breakdown)},
          {"reasons", s.reasons},
          {"load", s.load},
          {"capacity", s.capacity},
          {"last_matched_at", StringOrNull(s.last_matched_at)}};
}

Json Encode(const PeerOffer& o) {
  return {{"id", o.id},
          {"request_id", o.request_id},
          {"volunteer_id", o.volunteer_id},
          {"volunteer_name", o.volunteer_name},
          {"status", OfferStatusName(o.status)},
          {"reason", o.reason},
          {"created_at", o.created_at},
          {"respond_by", o.respond_by},
          {"answered_at", StringOrNull(o.answered_at)}};
}

Json Encode(const service::OfferView& v) {
  return {{"status", OfferStatusName(v.offer.status)},
          {"respond_by", v.offer.respond_by},
          {"program_name", v.program_name},
          {"summary", v.summary},
          {"requester_name", StringOrNull(v.requester_name)},
          {"contact", StringOrNull(v.contact)}};
}

Json Encode(const service::FollowedRequest& f) {
  return {{"program_name", f.program_name},
          {"status", PeerRequestStatusName(f.status)},
          {"status_text", f.status_text},
          {"created_at", f.created_at},
          {"can_withdraw", f.can_withdraw}};
}

Json Encode(const VolunteerStanding& s) {
  return {{"trained_on", StringOrNull(s.trained_on)},
          {"screening", ScreeningName(s.screening)},
          {"screening_expires_on", StringOrNull(s.screening_expires_on)},
          {"paused", s.paused},
          {"capacity", s.capacity},
          {"load", s.load},
          {"last_matched_at", StringOrNull(s.last_matched_at)}};
}

Json Encode(const PeerSettings& s) {
  return {{"target_working_days", s.target_working_days}, {"offer_hours", s.offer_hours}};
}

Json Encode(const store::PeerAccessEntry& a) {
  return {{"id", a.id},
          {"program_id", a.program_id},
          {"viewer_user_id", Optional(a.viewer_user_id)},
          {"viewer", a.viewer},
          {"viewer_name", a.viewer_name},
          {"subject_enrollment_id", Optional(a.subject_enrollment_id)},
          {"subject_name", a.subject_name},
          {"request_id", Optional(a.request_id)},
          {"what", a.what},
          {"viewed_at", a.viewed_at}};
}

Json Encode(const store::PeerCheckin& c) {
  return {{"enrollment_id", c.enrollment_id},
          {"week", c.week},
          {"sent_at", c.sent_at},
          {"answered_at", StringOrNull(c.answered_at)},
          {"connected", c.connected ? Json(*c.connected) : Json(nullptr)}};
}

Json PeerVocabulary() {
  const auto list = [](std::span<const PeerTerm> terms) {
    Json out = Json::array();
    for (const PeerTerm& t : terms) {
      out.push_back({{"code", std::string(t.code)}, {"label", std::string(t.label)}});
    }
    return out;
  };
  return {{"person", list(PeerPersonKinds())},
          {"cancer_type", list(PeerCancerTypes())},
          {"stage", list(PeerStages())},
          {"treatments", list(PeerTreatments())},
          {"time_since_diagnosis", list(PeerTimesSinceDiagnosis())},
          {"age_group", list(PeerAgeGroups())},
          {"gender", list(PeerGenders())},
          {"relationship", list(PeerRelationships())},
          {"topics", list(PeerTopics())},
          {"contact", list(PeerContactModes())}};
}

}  // namespace tandem::api
