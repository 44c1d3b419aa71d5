// Peer support (docs/peer-support.md): people seeking support ask through a
// public form (or a specialist enters their request after a call), wait in
// a queue, get suggestions from the volunteer pool in milliseconds, a
// specialist offers one volunteer, the volunteer accepts or declines from
// the link in their e-mail, both are introduced, and check-ins follow.
//
// Specialists are the coordinators of a peer-support program. Health
// information (a peer-support profile) is visible to them and, once they
// accept, to the person's volunteer; every view of it by staff is recorded
// in the access log admins read.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/peer_support.h"
#include "service/actor.h"
#include "store/database.h"
#include "store/peer_repository.h"

namespace tandem::service {

// What a request is made of, from the form or a specialist.
struct PeerRequestInput {
  std::string name;
  std::string email;
  std::string phone;             // optional
  bool consent_contact = false;  // required
  bool consent_share = false;    // required: details shared with the matched volunteer
  bool urgent = false;           // specialists only
  std::string note;              // in their words, at most 2000 bytes
  PeerProfile profile;
};

struct SubmittedPeerRequest {
  PeerRequest request;
  std::string follow_link;  // PublicBaseUrl()/peer/follow/<token>
};

// What the public request page shows of a program (anyone): kNotFound
// unless it is a peer-support program.
struct PublicPeerProgram {
  std::int64_t id = 0;
  std::string name;
  std::string objectives;
  bool open = false;  // taking requests
};
PublicPeerProgram GetPublicPeerProgram(store::Database& db, std::int64_t program_id);

// A person asks (anonymous, through the public form: source "form", at most
// 5 submissions an hour from one address or for one e-mail), or a
// specialist enters the request after a call (source "specialist", may set
// urgent). The program must be a peer-support program that is open. One
// account per e-mail: a known address is reused (never a second account),
// and a person with a request still open gets kConflict (field "email").
// Every bad field is kInvalidArgument naming it. The person gets a
// confirmation with the follow link.
SubmittedPeerRequest SubmitPeerRequest(store::Database& db, const Actor& actor,
                                       std::int64_t program_id, const PeerRequestInput& input,
                                       const std::string& remote_address);

// What the person sees through their follow link: no health details.
struct FollowedRequest {
  std::string program_name;
  PeerRequestStatus status = PeerRequestStatus::kNew;
  std::string status_text;  // in words
  std::string created_at;
  bool can_withdraw = false;
};
// kNotFound for an unknown token.
FollowedRequest FollowPeerRequest(store::Database& db, const std::string& token);
FollowedRequest WithdrawFollowedRequest(store::Database& db, const std::string& token);

// The specialists' queue, waiting first by urgency then age; no health
// details (those are in the request, whose views are logged).
struct QueueFilter {
  std::optional<PeerRequestStatus> status;
  std::optional<bool> urgent;
  bool overdue_only = false;
  bool waiting_only = false;
};
struct QueueEntry {
  PeerRequest request;
  std::string person;  // "patient", "survivor", "caregiver"
  int waiting_working_days = 0;
  bool overdue = false;  // still waiting past the program's target
};
std::vector<QueueEntry> ListPeerQueue(store::Database& db, const Actor& actor,
                                      std::int64_t program_id, const QueueFilter& filter);

// One request with its health details, offers and check-ins. A specialist
// (logged as a view), or the volunteer of an accepted offer.
struct PeerRequestView {
  QueueEntry entry;
  PeerProfile profile;
  std::vector<PeerOffer> offers;
  std::vector<store::PeerCheckin> checkins;
};
PeerRequestView GetPeerRequest(store::Database& db, const Actor& actor, std::int64_t request_id);

// A specialist marks a request urgent or not, waitlists it, withdraws or
// closes it (kFailedPrecondition for a change its status does not allow).
struct PeerRequestChange {
  std::optional<bool> urgent;
  std::optional<PeerRequestStatus> status;  // waitlisted, withdrawn, closed, or back to new
};
PeerRequestView UpdatePeerRequest(store::Database& db, const Actor& actor, std::int64_t request_id,
                                  const PeerRequestChange& change);

// One suggested volunteer: who, the score and its parts, why in words.
struct VolunteerSuggestion {
  std::int64_t enrollment_id = 0;
  std::string participant_id;
  std::string name;
  double score = 0;
  std::map<std::string, double> breakdown;
  std::vector<std::string> reasons;
  int load = 0;
  int capacity = 0;
  std::string last_matched_at;
};
// The best volunteers for a request (specialists; logged), limit 1..50,
// from the program's index (kept right across instances by the volunteers'
// change log). Volunteers already offered this request are left out.
std::vector<VolunteerSuggestion> SuggestVolunteers(store::Database& db, const Actor& actor,
                                                   std::int64_t request_id, int limit = 10);

// A specialist offers the request to a volunteer (participant id): the
// volunteer must pass the hard rules (kFailedPrecondition naming
// "volunteer" and the reason otherwise) and is sent an offer with a link,
// to answer within the program's offer_hours.
PeerOffer OfferPeerRequest(store::Database& db, const Actor& actor, std::int64_t request_id,
                           const std::string& volunteer);

// The offer as its volunteer sees it through the link: a summary (person
// kind, cancer type, age group, topics, languages, how they like to talk),
// and after acceptance the name and contact details shared.
struct OfferView {
  PeerOffer offer;
  std::string program_name;
  std::vector<std::string> summary;  // lines
  std::string requester_name;        // after acceptance only
  std::string contact;               // after acceptance only
};
OfferView GetPeerOffer(store::Database& db, const std::string& token);
// Accept: the pair is made and both are introduced; kFailedPrecondition when
// the offer is no longer pending or has lapsed, or the volunteer has no room.
OfferView AcceptPeerOffer(store::Database& db, const std::string& token);
// Decline with a reason (required, field "reason"): the request goes back
// to the queue with the next suggestion.
OfferView DeclinePeerOffer(store::Database& db, const std::string& token,
                           const std::string& reason);

// Scheduled jobs: offers past respond_by lapse (back to the queue with the
// next suggestion) — kExpirePeerOffersJob; check-ins 2 and 6 weeks after an
// introduction — kPeerCheckinsJob. Each returns how many it handled.
int ExpirePeerOffers(store::Database& db);
int SendPeerCheckins(store::Database& db);
inline constexpr const char* kExpirePeerOffersJob = "expire_peer_offers";
inline constexpr const char* kPeerCheckinsJob = "peer_checkins";

// A check-in answered through its link (no account): both connecting at
// two weeks makes the request active. kNotFound for an unknown token.
struct CheckinAnswer {
  int weeks = 2;
  bool connected = false;
  std::string other_name;
};
CheckinAnswer AnswerPeerCheckin(store::Database& db, const std::string& token, bool connected);

// A volunteer's standing: a specialist sets training, screening and its
// expiry; the volunteer or a specialist pauses and resumes.
struct VolunteerChange {
  std::optional<std::string> trained_on;  // "" clears
  std::optional<Screening> screening;
  std::optional<std::string> screening_expires_on;
  std::optional<bool> paused;
};
VolunteerStanding GetVolunteerStanding(store::Database& db, const Actor& actor,
                                       std::int64_t enrollment_id);
VolunteerStanding UpdateVolunteerStanding(store::Database& db, const Actor& actor,
                                          std::int64_t enrollment_id,
                                          const VolunteerChange& change);

// A peer-support profile: the person themself or a specialist (a staff
// view is logged). Saving validates it (ValidatePeerProfile) and keeps the
// person's matching profile in step (interests, languages, availability,
// background gender and age group) for the batch matching runs.
PeerProfile GetPeerProfile(store::Database& db, const Actor& actor, std::int64_t enrollment_id);
PeerProfile SavePeerProfile(store::Database& db, const Actor& actor, std::int64_t enrollment_id,
                            const PeerProfile& profile);

// Saves many volunteers' peer profiles and standing at once (specialists;
// one audit record; multi-row writes): each row names a volunteer of the
// program by participant id. Their matching profile is the one their
// participant import wrote (not mirrored here). Validated first, every row,
// all or nothing: kNotFound naming "volunteers[i]" for an unknown volunteer,
// kInvalidArgument naming "volunteers[i].<field>". Returns how many were saved.
struct VolunteerProfileRow {
  std::string participant_id;
  PeerProfile profile;
  VolunteerStanding standing;  // trained_on, screening, expiry, paused, last_matched_at
};
int SaveVolunteerProfiles(store::Database& db, const Actor& actor, std::int64_t program_id,
                          const std::vector<VolunteerProfileRow>& rows);

// Imports a volunteers file (core ReadPeerVolunteerCsv, docs/import.md)
// into a peer-support program (specialists): all or nothing. Problems come
// back by row and column (unknown volunteer ids included) and nothing is
// written; otherwise every row is saved (SaveVolunteerProfiles). Returns the
// problems and how many rows were saved.
struct VolunteerImport {
  std::vector<InputProblem> errors;
  int saved = 0;
};
VolunteerImport ImportPeerVolunteers(store::Database& db, const Actor& actor,
                                     std::int64_t program_id, std::istream& csv);

PeerSettings GetPeerSettings(store::Database& db, const Actor& actor, std::int64_t program_id);
PeerSettings UpdatePeerSettings(store::Database& db, const Actor& actor, std::int64_t program_id,
                                const PeerSettings& settings);

// For other use cases, inside their transaction: volunteer `enrollment_id`
// may have changed for suggestions (capacity, pairs made or ended, status),
// so every instance's suggestion index re-reads them. Cheap; call it for any
// program (only peer-support programs' indexes read the log).
void NoteVolunteerChange(store::Transaction& tx, std::int64_t program_id,
                         std::int64_t enrollment_id);

// The access log (admins): newest first, one program or all.
std::vector<store::PeerAccessEntry> ListPeerAccess(store::Database& db, const Actor& actor,
                                                   std::optional<std::int64_t> program_id,
                                                   int limit = 200);

// The program's requests as CSV (specialists): without health details
// unless `health` (then every row's view is logged and the export audited).
std::string ExportPeerRequests(store::Database& db, const Actor& actor, std::int64_t program_id,
                               bool health);

}  // namespace tandem::service
