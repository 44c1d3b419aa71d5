// Meetings: free time, proposing and answering, moving and cancelling,
// meeting logs, pair health, and each person's calendar feed (docs/meetings.md).
#include "service/meetings.h"

#include <cstdint>

#include "api/context.h"
#include "api/json.h"
#include "core/error.h"
#include "service/accounts.h"

namespace tandem::api {
namespace {

http::Response One(const Meeting& meeting, int status = 200) {
  return http::Response::Json(Dump(Encode(meeting)), status);
}

service::MeetingInput ReadMeetingInput(ObjectReader& r, bool with_note, std::string* note) {
  service::MeetingInput in;
  in.start = r.String("start");
  if (auto zone = r.OptionalString("time_zone")) in.time_zone = *zone;
  if (auto minutes = r.OptionalInt("minutes", 5, 480)) in.minutes = static_cast<int>(*minutes);
  if (auto mode = r.OptionalString("mode")) in.mode = *mode;
  if (auto location = r.OptionalString("location")) in.location = *location;
  if (auto agenda = r.OptionalString("agenda")) in.agenda = *agenda;
  if (with_note) {
    if (auto n = r.OptionalString("note")) *note = *n;
  }
  return in;
}

std::string ReadNote(const std::string& body) {
  std::string note;
  if (body.empty()) return note;
  DecodeObject(body, [&](ObjectReader& r) {
    if (auto n = r.OptionalString("note")) note = *n;
  });
  return note;
}

// A strong validator of a feed's body (FNV-1a, 64 bits).
std::string ETagOf(const std::string& body) {
  std::uint64_t h = 1469598103934665603ULL;
  for (unsigned char c : body) {
    h ^= c;
    h *= 1099511628211ULL;
  }
  char out[24];
  std::snprintf(out, sizeof out, "\"%016llx\"", static_cast<unsigned long long>(h));
  return out;
}

}  // namespace

void AddMeetingRoutes(RouteAdder& routes) {
  routes.Add("GET", "/api/v1/pairs/{id}/free-time", [](Call& call) {
    const std::int64_t id = call.Id();
    const int weeks = static_cast<int>(call.QueryInt("weeks", 1, 26).value_or(8));
    const std::string zone = call.Query("zone").value_or("");
    return http::Response::Json(
        Dump(Encode(service::GetFreeTime(call.db, call.actor, id, weeks, zone))));
  });

  routes.Add("GET", "/api/v1/pairs/{id}/meetings", [](Call& call) {
    Json list = Json::array();
    for (const Meeting& m : service::ListPairMeetings(call.db, call.actor, call.Id())) {
      list.push_back(Encode(m));
    }
    return http::Response::Json(Dump({{"meetings", std::move(list)}}));
  });

  routes.Add("POST", "/api/v1/pairs/{id}/meetings", [](Call& call) {
    const std::int64_t id = call.Id();
    service::MeetingInput in;
    DecodeObject(call.request.body,
                 [&](ObjectReader& r) { in = ReadMeetingInput(r, false, nullptr); });
    return One(service::ProposeMeeting(call.db, call.actor, id, in), 201);
  });

  routes.Add("POST", "/api/v1/meetings/{id}/accept", [](Call& call) {
    const std::int64_t id = call.Id();
    return One(service::AnswerMeeting(call.db, call.actor, id, true, ReadNote(call.request.body)));
  });

  routes.Add("POST", "/api/v1/meetings/{id}/decline", [](Call& call) {
    const std::int64_t id = call.Id();
    return One(service::AnswerMeeting(call.db, call.actor, id, false, ReadNote(call.request.body)));
  });

  routes.Add("POST", "/api/v1/meetings/{id}/reschedule", [](Call& call) {
    const std::int64_t id = call.Id();
    service::MeetingInput in;
    std::string note;
    DecodeObject(call.request.body,
                 [&](ObjectReader& r) { in = ReadMeetingInput(r, true, &note); });
    return One(service::RescheduleMeeting(call.db, call.actor, id, in, note));
  });

  routes.Add("POST", "/api/v1/meetings/{id}/cancel", [](Call& call) {
    const std::int64_t id = call.Id();
    return One(service::CancelMeeting(call.db, call.actor, id, ReadNote(call.request.body)));
  });

  routes.Add("GET", "/api/v1/programs/{id}/meetings", [](Call& call) {
    Json list = Json::array();
    for (const Meeting& m : service::ListProgramMeetings(call.db, call.actor, call.Id())) {
      list.push_back(Encode(m));
    }
    return http::Response::Json(Dump({{"meetings", std::move(list)}}));
  });

  routes.Add("GET", "/api/v1/pairs/{id}/meeting-logs", [](Call& call) {
    Json list = Json::array();
    for (const MeetingLog& l : service::ListMeetingLogs(call.db, call.actor, call.Id())) {
      list.push_back(Encode(l));
    }
    return http::Response::Json(Dump({{"logs", std::move(list)}}));
  });

  routes.Add("POST", "/api/v1/pairs/{id}/meeting-logs", [](Call& call) {
    const std::int64_t id = call.Id();
    service::MeetingLogInput in;
    DecodeObject(call.request.body, [&](ObjectReader& r) {
      if (auto m = r.NullableInt("meeting_id", 1, INT64_MAX)) in.meeting_id = *m;
      if (auto at = r.OptionalString("met_at")) in.met_at = *at;
      if (auto zone = r.OptionalString("time_zone")) in.time_zone = *zone;
      in.held = r.Bool("held");
      if (auto reason = r.OptionalStringOrNull("not_held_reason")) in.not_held_reason = *reason;
      if (auto minutes = r.NullableInt("minutes", 1, 1440)) {
        if (*minutes) in.minutes = static_cast<int>(**minutes);
      }
      if (auto topics = r.OptionalStrings("topics")) in.topics = *topics;
      if (auto notes = r.OptionalString("shared_notes")) in.shared_notes = *notes;
      if (auto notes = r.OptionalString("private_notes")) in.private_notes = *notes;
    });
    return http::Response::Json(Dump(Encode(service::LogMeeting(call.db, call.actor, id, in))),
                                201);
  });

  routes.Add("GET", "/api/v1/pairs/{id}/health", [](Call& call) {
    Json out = Encode(service::GetPairHealth(call.db, call.actor, call.Id()));
    return http::Response::Json(Dump(out));
  });

  routes.Add("GET", "/api/v1/programs/{id}/pair-health", [](Call& call) {
    Json list = Json::array();
    for (const service::PairHealthRow& row :
         service::ListPairHealth(call.db, call.actor, call.Id())) {
      Json one = Encode(row.health);
      one["pair"] = Encode(row.pair);
      list.push_back(std::move(one));
    }
    return http::Response::Json(Dump({{"pairs", std::move(list)}}));
  });

  routes.Add("POST", "/api/v1/me/calendar-feed", [](Call& call) {
    RequireEmptyBody(call.request.body);
    const std::string secret = service::ResetCalendarFeed(call.db, call.actor);
    const std::string url = service::PublicBaseUrl() + "/calendar/" + secret + ".ics";
    const std::string::size_type scheme = url.find("://");
    const std::string webcal = scheme == std::string::npos ? url : "webcal" + url.substr(scheme);
    return http::Response::Json(Dump({{"url", url}, {"webcal_url", webcal}}), 201);
  });

  // The feed itself: no cookie, the secret in the address is the key.
  routes.Add("GET", "/calendar/{file}", [](Call& call) {
    const std::string& file = call.Param("file");
    constexpr std::string_view kSuffix = ".ics";
    if (file.size() <= kSuffix.size() || file.compare(file.size() - 4, 4, kSuffix) != 0) {
      throw NotFound("no such calendar");
    }
    http::Response response;
    response.content_type = "text/calendar; charset=utf-8";
    response.body = service::CalendarFeed(call.db, file.substr(0, file.size() - 4));
    const std::string etag = ETagOf(response.body);
    // Calendar clients poll; let them revalidate cheaply, and keep it out of
    // shared caches (the address is a secret).
    response.headers.emplace_back("ETag", etag);
    response.headers.emplace_back("Cache-Control", "private, max-age=900");
    if (auto match = call.request.Header("if-none-match"); match && *match == etag) {
      response.status = 304;
      response.body.clear();
    }
    return response;
  });
}

}  // namespace tandem::api
