// JSON for the API: one strict way to decode request bodies (malformed JSON,
// wrong types, unknown and missing fields are tandem::Error(kInvalidArgument)
// naming the field by its dotted path, e.g. "weights.interests" or
// "locks[0].mentor"), and the encoders for the objects of docs/api.md.
// Internal to src/api/.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/account.h"
#include "core/enrollment.h"
#include "core/json_writer.h"
#include "core/matching_run.h"
#include "core/meeting.h"
#include "core/pair.h"
#include "core/participant.h"
#include "core/participant_csv.h"
#include "core/program.h"
#include "core/taxonomy.h"
#include "service/accounts.h"
#include "service/audit.h"
#include "service/evaluation.h"
#include "service/events.h"
#include "service/institutions.h"
#include "service/journey.h"
#include "service/meetings.h"
#include "service/mentor_choice.h"
#include "service/notifications.h"
#include "service/pairs.h"
#include "service/peer_support.h"
#include "service/qualitative.h"
#include "service/report.h"
#include "service/resources.h"
#include "service/surveys.h"
#include "service/vocabulary.h"
#include "stats/association.h"
#include "store/audit_log.h"
#include "store/job_repository.h"

namespace tandem::api {

// Objects keep their fields in the order written (as docs/api.md lists them).
using Json = nlohmann::ordered_json;

// Reads the fields of one JSON object. Every accessor takes the field's name
// and throws tandem::Error(kInvalidArgument) naming its full path when the
// value has the wrong type or range, or when a required field is missing.
// Fields never asked for are unknown: DecodeObject/Object/ObjectArray reject
// them after the reading function returns. A field set to null counts as
// absent only for the Nullable* accessors; elsewhere null is a wrong type.
class ObjectReader {
 public:
  // `object` must be a JSON object that outlives the reader; `path` is its
  // dotted path ("" for the body itself).
  ObjectReader(const Json& object, std::string path);
  ObjectReader(const ObjectReader&) = delete;
  ObjectReader& operator=(const ObjectReader&) = delete;

  bool Has(std::string_view name) const;

  std::string String(std::string_view name);
  std::optional<std::string> OptionalString(std::string_view name);
  // A string or null (null and "" both read as "").
  std::optional<std::string> OptionalStringOrNull(std::string_view name);
  bool Bool(std::string_view name);
  std::optional<bool> OptionalBool(std::string_view name);
  // A whole number in [min, max]; 30.0 and 3e1 count as 30, 30.5 does not.
  std::int64_t Int(std::string_view name, std::int64_t min, std::int64_t max);
  std::optional<std::int64_t> OptionalInt(std::string_view name, std::int64_t min,
                                          std::int64_t max);
  // Outer: whether present; inner: the number, or none for null.
  std::optional<std::optional<std::int64_t>> NullableInt(std::string_view name, std::int64_t min,
                                                         std::int64_t max);
  // Any finite number.
  std::optional<double> OptionalNumber(std::string_view name);
  std::optional<std::optional<double>> NullableNumber(std::string_view name);
  std::vector<std::string> Strings(std::string_view name);
  std::optional<std::vector<std::string>> OptionalStrings(std::string_view name);

  // Calls `read` with a reader for the nested object `name` (when present),
  // then rejects its unknown fields. Returns whether it was present.
  bool Object(std::string_view name, const std::function<void(ObjectReader&)>& read);
  // Calls `read` for each element of the array of objects `name` (when
  // present), paths "name[i]". Returns whether it was present.
  bool ObjectArray(std::string_view name, const std::function<void(ObjectReader&)>& read);
  // The raw value of `name` (for free-form objects such as background); null
  // when absent. Marks the field as read.
  const Json* Raw(std::string_view name);

  // Throws for the first field (in document order) never asked for.
  void RejectUnknown() const;
  // The path of field `name` inside this object.
  std::string PathOf(std::string_view name) const;

 private:
  const Json* Find(std::string_view name);

  const Json& object_;
  std::string path_;
  std::vector<std::string> read_;
};

// The deepest nesting of arrays and objects a request body may have (the body
// object itself is level 1); deeper bodies are refused before any tree is
// copied. No route reads more than four levels.
inline constexpr std::size_t kMaxJsonDepth = 32;

// Parses `body` as a JSON object and calls `read` on it, then rejects unknown
// fields. Throws kInvalidArgument with field "" for malformed JSON or a body
// that is not an object. An empty body reads as {} when `empty_is_object`.
void DecodeObject(std::string_view body, const std::function<void(ObjectReader&)>& read,
                  bool empty_is_object = false);
// For routes without a body: accepts nothing, {} or whitespace.
void RequireEmptyBody(std::string_view body);

// Throws kInvalidArgument naming `path` with "must be ...".
[[noreturn]] void WrongType(const std::string& path, std::string_view expected);

// Decoders for objects that several routes read.
// The weights named in a "weights" object (each a non-negative number).
WeightChanges ReadWeights(ObjectReader& reader);
// The Profile fields of docs/api.md into `profile` (PUT profile): role,
// participant_id, prefer and avoid are read-only and rejected.
Participant ReadProfile(ObjectReader& reader);

// The tree of what `write` (a callable taking JsonWriter&) writes: the Encode
// of an object whose one encoder is a writer.
template <typename Write>
Json Parsed(Write&& write) {
  JsonWriter w;
  write(w);
  return Json::parse(w.Take());
}

// {"<key>": [each item as Write(writer, item) writes it]}: a list answer
// written without a tree; `bytes_each` reserves room for the text.
template <typename Item>
std::string ListAnswer(std::string_view key, const std::vector<Item>& items,
                       std::size_t bytes_each = 256);

// Encoders (docs/api.md, "Objects"). A schema has exactly one encoder: a tree
// (Encode) or, for objects listed by the hundred or in every member's home
// page (the user), a writer (Write) whose Encode parses the written text (for
// tests and the rare composed answer).
void Write(JsonWriter& writer, const User& user);
Json Encode(const User& user);
Json Encode(const Program& program);
Json Encode(const MatchingWeights& weights);
void Write(JsonWriter& writer, const Enrollment& enrollment);
Json Encode(const Enrollment& enrollment);
// A page of a program's people with the counts of the whole list (the answer
// of GET /programs/{id}/enrollments).
void Write(JsonWriter& writer, const EnrollmentPage& page);
// The Profile of a participant (the enrollment's profile).
void WriteProfile(JsonWriter& writer, const Participant& profile);
Json EncodeProfile(const Participant& profile);
void Write(JsonWriter& writer, const Pair& pair);
Json Encode(const Pair& pair);
void Write(JsonWriter& writer, const Proposal& proposal);
Json Encode(const Proposal& proposal);
// A run (MatchingRun). With `page` (GET one run): the run's result holds one
// page of proposals and unmatched, written with the page's totals and facets,
// and the summary counts the whole run's unmatched from `page`. Without: the
// summary alone (lists of runs, a run just started).
void Write(JsonWriter& writer, const MatchingRun& run, const RunResultTotals* page = nullptr);
Json Encode(const MatchingRun& run, const RunResultTotals* page = nullptr);
// Names are null when unknown; `actor_email` only when the reader is an admin.
Json Encode(const service::AuditRecord& entry);
Json Encode(const store::Job& job);
Json Encode(const service::Institution& institution);
Json Encode(const service::OutboxMessage& message);
Json Encode(const service::InvitationInfo& invitation);
Json Encode(const service::ProgramSummary& summary);
Json Encode(const Taxonomy& taxonomy);
// The taxonomy body of PUT /programs/{id}/taxonomy (the shape Encode writes;
// labels must equal ids).
Taxonomy ReadTaxonomy(ObjectReader& reader);
Json Encode(const IntakeQuestion& question);
IntakeQuestion ReadQuestion(ObjectReader& reader);
Json Encode(const service::Vocabulary& vocabulary);
Json Encode(const TaxonomyTemplate& t);
Json Encode(const InputProblem& problem);
Json Encode(const Meeting& meeting);
// A log; private_notes as the service left them (the author's only).
Json Encode(const MeetingLog& log);
// Common free time with each slot also as a wall time in the viewer's zone.
Json Encode(const service::FreeTime& free_time);
Json Encode(const calendar::PairHealth& health);
Json EncodeProblems(const std::vector<InputProblem>& problems);
// The journey (docs/journey.md).
Json Encode(const service::JourneySettingsView& settings);
Json Encode(const RetentionIndicator& indicator);
Json Encode(const service::AgreementView& agreement);
Json Encode(const Goal& goal);
Json Encode(const Project& project);
Json Encode(const Output& output);
Json Encode(const Position& position);
Json Encode(const service::Retention& retention);
Json Encode(const service::PairJourney& journey);
Json Encode(const Resource& resource);
// An event with the reader's answer and (coordinators) the counts.
Json Encode(const service::EventView& event);
Json Encode(const service::Invitee& invitee);
Json Encode(const store::Notification& notification);
// Surveys (docs/surveys.md).
Json Encode(const SurveyItem& item);
Json Encode(const Survey& survey);
Json Encode(const service::SurveySummary& summary);
Json Encode(const SurveyConstruct& construct);
Json Encode(const service::WaveView& wave);
Json Encode(const service::MySurvey& mine);
Json Encode(const service::SurveyResults& results);
// An association analysis, in the shape `tandem stats association --json` prints.
Json Encode(const stats::AssociationReport& report);
Json Encode(const service::PrePostReport& report);

// The evaluation (docs/evaluation.md).
Json Encode(const stats::ProportionEstimate& p);
Json Encode(const service::Evaluation& e);
Json Encode(const service::ProgramReport& report);
Json Encode(const service::ReportView& report);
// Qualitative analysis (qualitative.cc).
Json Encode(const service::CoderAgreement& agreement);
// Mentees choosing (mentor_choice.cc).
Json Encode(const ChoiceSettings& settings);
Json Encode(const MentorRequest& request);
Json Encode(const service::ShortlistEntry& entry);
Json Encode(const service::Shortlist& shortlist);
Json Encode(const service::DirectoryEntry& entry);
// Peer support (peer_support.cc).
Json Encode(const PeerProfile& profile);
PeerProfile ReadPeerProfile(ObjectReader& reader);
Json Encode(const service::QueueEntry& entry);
Json Encode(const service::PeerRequestView& view);
Json Encode(const service::VolunteerSuggestion& suggestion);
Json Encode(const PeerOffer& offer);
Json Encode(const service::OfferView& view);
Json Encode(const service::FollowedRequest& followed);
Json Encode(const VolunteerStanding& standing);
Json Encode(const PeerSettings& settings);
Json Encode(const store::PeerAccessEntry& entry);
Json Encode(const store::PeerCheckin& checkin);
Json PeerVocabulary();
// Reads a survey item (as Encode writes it; help, section, labels, rows,
// options, min, max and show_if optional).
SurveyItem ReadSurveyItem(ObjectReader& r);

// `text`, or null when empty (dates and times not yet set).
Json StringOrNull(const std::string& text);
// Serialises for a response body (invalid UTF-8 replaced, never throws).
std::string Dump(const Json& json);

template <typename Item>
std::string ListAnswer(std::string_view key, const std::vector<Item>& items,
                       std::size_t bytes_each) {
  JsonWriter w;
  w.Reserve(items.size() * bytes_each);
  w.BeginObject().Key(key).BeginArray();
  for (const Item& item : items) Write(w, item);
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace tandem::api
