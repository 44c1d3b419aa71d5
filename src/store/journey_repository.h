// The program journey's records (core/journey.h): program settings,
// agreements, goals, projects, outputs and positions. Runs inside the
// caller's transaction; who may read or change what is decided in service/.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/journey.h"
#include "store/database.h"

namespace tandem::store {

class JourneyRepository {
 public:
  // `tx` must outlive the repository.
  explicit JourneyRepository(Transaction& tx) : tx_(tx) {}

  // The program's settings; the defaults (empty template and fields, no
  // indicator, version 1) when it never saved any.
  JourneySettings LoadSettings(std::int64_t program_id);
  void SaveSettings(std::int64_t program_id, const JourneySettings& settings);

  std::optional<Agreement> FindAgreement(std::int64_t pair_id);
  // Inserts or replaces the pair's agreement; stamps updated_at.
  void SaveAgreement(const Agreement& agreement);
  // The agreements of a program's pairs.
  std::vector<Agreement> ListAgreements(std::int64_t program_id);

  // Goals and projects: Insert assigns id and times and returns the id;
  // Update writes every changeable field by id (throws kNotFound); Delete
  // returns false when there was none.
  std::int64_t InsertGoal(const Goal& goal);
  void UpdateGoal(const Goal& goal);
  bool DeleteGoal(std::int64_t id);
  std::optional<Goal> FindGoal(std::int64_t id);
  std::vector<Goal> ListGoalsByPair(std::int64_t pair_id);
  std::vector<Goal> ListGoalsByProgram(std::int64_t program_id);

  std::int64_t InsertProject(const Project& project);
  void UpdateProject(const Project& project);
  bool DeleteProject(std::int64_t id);
  std::optional<Project> FindProject(std::int64_t id);
  std::vector<Project> ListProjectsByPair(std::int64_t pair_id);
  std::vector<Project> ListProjectsByProgram(std::int64_t program_id);

  // Outputs: Insert and Update throw kConflict when the person already has
  // an output with the same DOI or PMID.
  std::int64_t InsertOutput(const Output& output);
  void UpdateOutput(const Output& output);
  bool DeleteOutput(std::int64_t id);
  std::optional<Output> FindOutput(std::int64_t id);
  // The person's output with DOI `doi` or PMID `pmid` (either may be empty),
  // other than `except_id`.
  std::optional<Output> FindDuplicateOutput(std::int64_t enrollment_id, const std::string& doi,
                                            const std::string& pmid, std::int64_t except_id);
  std::vector<Output> ListOutputsByProgram(std::int64_t program_id);

  std::int64_t InsertPosition(const Position& position);
  bool DeletePosition(std::int64_t id);
  std::optional<Position> FindPosition(std::int64_t id);
  // A program's positions by person, then start date.
  std::vector<Position> ListPositionsByProgram(std::int64_t program_id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
