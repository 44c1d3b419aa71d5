// Peer support's records (core/peer_support.h): settings, profiles,
// volunteers' standing and its change log, requests, offers, check-ins, the
// access log and the public form's attempts. Runs inside the caller's
// transaction; who may read or change what is decided in service/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/peer_support.h"
#include "store/database.h"

namespace tandem::store {

// A volunteer as suggestions need them.
struct VolunteerRecord {
  std::int64_t enrollment_id = 0;
  std::string participant_id;
  std::string name;
  bool active = false;  // enrollment active and account not disabled
  PeerProfile profile;
  VolunteerStanding standing;  // capacity from the enrollment, load from open pairs
};

struct RequestFilter {
  std::optional<PeerRequestStatus> status;
  std::optional<bool> urgent;
  bool waiting_only = false;  // new, suggested, offered, waitlisted
};

struct PeerCheckin {
  std::int64_t id = 0;
  std::int64_t request_id = 0;
  std::int64_t enrollment_id = 0;
  int week = 2;
  std::string sent_at;
  std::string answered_at;
  std::optional<bool> connected;
};

struct PeerAccessEntry {
  std::int64_t id = 0;
  std::int64_t program_id = 0;
  std::optional<std::int64_t> viewer_user_id;
  std::string viewer;       // the actor's label
  std::string viewer_name;  // filled when listed
  std::optional<std::int64_t> subject_enrollment_id;
  std::string subject_name;  // filled when listed
  std::optional<std::int64_t> request_id;
  std::string what;  // "request", "suggestions", "export", ...
  std::string viewed_at;
};

class PeerRepository {
 public:
  // `tx` must outlive the repository.
  explicit PeerRepository(Transaction& tx) : tx_(tx) {}

  PeerSettings LoadSettings(std::int64_t program_id);  // defaults when never saved
  void SaveSettings(std::int64_t program_id, const PeerSettings& settings);

  std::optional<PeerProfile> LoadProfile(std::int64_t enrollment_id);
  void SaveProfile(std::int64_t program_id, std::int64_t enrollment_id, const PeerProfile& p);

  // The standing saved for a volunteer (defaults when none), with capacity
  // and load filled from the enrollment and its open pairs.
  VolunteerStanding LoadStanding(std::int64_t enrollment_id);
  // Saves trained_on, screening, expiry, paused and last_matched_at.
  void SaveStanding(std::int64_t program_id, std::int64_t enrollment_id,
                    const VolunteerStanding& standing);

  // Many volunteers' profiles and standing at once (multi-row INSERTs), each
  // also recorded as changed: what bulk imports use.
  struct VolunteerRow {
    std::int64_t enrollment_id = 0;
    PeerProfile profile;
    VolunteerStanding standing;
  };
  void SaveVolunteers(std::int64_t program_id, const std::vector<VolunteerRow>& rows);

  // Records that volunteer `enrollment_id` changed (profile, standing or load).
  void AppendChange(std::int64_t program_id, std::int64_t enrollment_id);
  // Changes of every program with an id above `after` or among `also`
  // (at most 500), oldest first.
  struct Change {
    std::int64_t id = 0;
    std::int64_t program_id = 0;
    std::int64_t enrollment_id = 0;
  };
  std::vector<Change> ChangesSince(std::int64_t after, const std::vector<std::int64_t>& also = {});
  // The newest change id of any program; 0 when none.
  std::int64_t NewestChange();

  // The program's volunteers (mentor enrollments, any status), all or
  // those listed.
  std::vector<VolunteerRecord> LoadVolunteers(std::int64_t program_id,
                                              const std::vector<std::int64_t>& only = {});

  // Requests. Insert fills id; `follow_token_hash` is stored with it.
  std::int64_t InsertRequest(const PeerRequest& r, const std::string& follow_token_hash,
                             std::optional<std::int64_t> entered_by);
  // Writes status, urgent, note, phone, suggested volunteer, pair and
  // introduced_at; stamps updated_at. kNotFound.
  void UpdateRequest(const PeerRequest& r);
  std::optional<PeerRequest> FindRequest(std::int64_t id, RowLock lock = RowLock::kNone);
  std::optional<PeerRequest> FindRequestByToken(const std::string& follow_token_hash);
  std::vector<PeerRequest> ListRequests(std::int64_t program_id, const RequestFilter& filter);
  // Moves a request's creation time (the demo's history of a queue).
  void SetCreatedAt(std::int64_t id, const std::string& created_at);
  // The person's request in the program still waiting or introduced, if any.
  std::optional<PeerRequest> OpenRequestOf(std::int64_t enrollment_id);

  // Offers.
  // `token_hash`: of the secret in the volunteer's answer link.
  std::int64_t InsertOffer(const PeerOffer& o, std::optional<std::int64_t> offered_by,
                           const std::string& token_hash);
  void UpdateOffer(const PeerOffer& o);
  std::optional<PeerOffer> FindOffer(std::int64_t id, RowLock lock = RowLock::kNone);
  std::optional<PeerOffer> FindOfferByToken(const std::string& token_hash);
  std::vector<PeerOffer> OffersOfRequest(std::int64_t request_id);
  std::vector<PeerOffer> OffersOfVolunteer(std::int64_t volunteer_id);
  // Pending offers whose respond_by is before `now_text`, oldest first.
  std::vector<PeerOffer> OverdueOffers(const std::string& now_text, int limit);

  // Check-ins.
  void InsertCheckin(const PeerCheckin& c, const std::string& token_hash);
  std::optional<PeerCheckin> FindCheckinByToken(const std::string& token_hash);
  void AnswerCheckin(std::int64_t id, bool connected);
  std::vector<PeerCheckin> CheckinsOf(std::int64_t request_id);
  // Introduced or active requests introduced before `before` (UTC ISO
  // 8601) still without a `week` check-in, oldest first.
  std::vector<PeerRequest> DueForCheckin(int week, const std::string& before, int limit);

  // The access log.
  void LogAccess(const PeerAccessEntry& entry);
  std::vector<PeerAccessEntry> ListAccess(std::optional<std::int64_t> program_id, int limit);

  // The public form's submissions from `address` and for `email` since
  // `since` (UTC ISO 8601), and recording one.
  int CountAttempts(const std::string& address, const std::string& email, const std::string& since);
  void AddAttempt(const std::string& address, const std::string& email);

 private:
  Transaction& tx_;
};

// The profile as the JSON stored (and exported) and back.
std::string PeerProfileJson(const PeerProfile& profile);
PeerProfile PeerProfileFromJson(const std::string& json);

}  // namespace tandem::store
