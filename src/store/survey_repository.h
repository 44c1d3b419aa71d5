// Surveys' records (core/survey.h): versions, waves, invitations and
// responses. Runs inside the caller's transaction; who may see what — and
// what anonymity hides — is decided in service/surveys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/survey.h"
#include "store/database.h"

namespace tandem::store {

class SurveyRepository {
 public:
  // `tx` must outlive the repository.
  explicit SurveyRepository(Transaction& tx) : tx_(tx) {}

  // Adds a version (id and created_at assigned; series_id = its own id when
  // 0) and returns its id.
  std::int64_t InsertSurvey(const Survey& survey);
  // Writes title, intro, anonymity and items of a version. Throws kNotFound.
  void UpdateSurvey(const Survey& survey);
  std::optional<Survey> FindSurvey(std::int64_t id);
  // Every version of the program's surveys, by series then version.
  std::vector<Survey> ListSurveys(std::int64_t program_id);
  // The newest version of a series.
  std::optional<Survey> Latest(std::int64_t series_id);
  // Responses (drafts and submitted) given to a version.
  int CountResponses(std::int64_t survey_id);

  std::int64_t InsertWave(const SurveyWave& wave);
  // Writes everything but the program and series. Throws kNotFound.
  void UpdateWave(const SurveyWave& wave);
  // kForUpdate: the row stays locked until the transaction ends (one
  // schedule run per wave at a time on PostgreSQL; SQLite has one writer).
  std::optional<SurveyWave> FindWave(std::int64_t id, RowLock lock = RowLock::kNone);
  std::vector<SurveyWave> ListWaves(std::int64_t program_id);
  // Open waves of every program.
  std::vector<SurveyWave> ListOpenWaves();

  // Adds an invitation unless the person already has one for the wave and
  // cycle; returns its id, or 0 when it was there.
  std::int64_t InsertInvitation(const SurveyInvitation& invitation);
  std::optional<SurveyInvitation> FindInvitation(std::int64_t id);
  std::vector<SurveyInvitation> ListInvitationsOfWave(std::int64_t wave_id);
  std::vector<SurveyInvitation> ListInvitationsOf(std::int64_t enrollment_id);
  void SetRemindersSent(std::int64_t invitation_id, int count);
  // Stamps answered_at (a date only when `date_only`, for anonymity).
  void MarkAnswered(std::int64_t invitation_id, bool date_only);

  std::int64_t InsertResponse(const SurveyResponse& response);
  // Writes answers, status and (when submitted) submitted_at. Throws kNotFound.
  void UpdateResponse(const SurveyResponse& response);
  std::optional<SurveyResponse> FindResponseOfInvitation(std::int64_t invitation_id);
  // The responses to the versions of a series, by id.
  std::vector<SurveyResponse> ListResponsesOfSeries(std::int64_t series_id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
