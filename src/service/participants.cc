#include "service/participants.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "core/error.h"
#include "core/taxonomy.h"
#include "service/authorization.h"
#include "service/enrollments.h"
#include "service/import_plan.h"
#include "service/programs.h"
#include "service/vocabulary.h"
#include "store/audit_log.h"
#include "store/enrollment_repository.h"
#include "store/job_repository.h"
#include "store/participant_repository.h"
#include "store/program_repository.h"
#include "store/token_repository.h"
#include "store/user_repository.h"

namespace tandem::service {
namespace {

// Throws unless the program exists and the actor coordinates it.
void RequireCoordinatorOf(store::Database& db, const Actor& actor, std::int64_t program_id,
                          const char* what) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  RequireCoordinator(AccessTo(tx, actor, program_id), what);
  tx.Commit();
}

}  // namespace

ImportReport ImportParticipants(store::Database& db, const Actor& actor, std::int64_t program_id,
                                std::istream& csv) {
  RequireCoordinatorOf(db, actor, program_id, "import participants");
  ImportReport report;
  Vocabulary vocabulary;
  {
    store::Transaction tx = db.Begin(false);
    vocabulary = LoadVocabulary(tx, program_id);
    tx.Commit();
  }
  // Validate everything before touching the database.
  ParticipantFile file = ReadParticipantCsv(csv, vocabulary.taxonomy, vocabulary.questions);
  report.errors = std::move(file.errors);
  report.warnings = std::move(file.warnings);
  report.rows = static_cast<int>(file.participants.size());
  if (!report.ok()) return report;

  store::Transaction tx = db.Begin();
  const Program program = RequireProgram(tx, program_id);
  RequireOpen(program);
  store::ParticipantRepository participants(tx);
  // prefer/avoid name people in the same file (checked by the reader). Rows
  // that conflict with stored data come back as problems, nothing written.
  ImportDecision decision = PlanImport(participants.ReadForImport(program_id, file.participants),
                                       file.participants, file.rows);
  const auto by_row = [](const InputProblem& a, const InputProblem& b) { return a.row < b.row; };
  if (!decision.warnings.empty()) {
    report.warnings.insert(report.warnings.end(), decision.warnings.begin(),
                           decision.warnings.end());
    std::stable_sort(report.warnings.begin(), report.warnings.end(), by_row);
  }
  if (!decision.errors.empty()) {
    report.errors = std::move(decision.errors);
    std::stable_sort(report.errors.begin(), report.errors.end(), by_row);
    return report;  // the transaction rolls back
  }
  const store::ImportWritten counts =
      participants.Write(program_id, file.participants, decision.plan);
  report.added = counts.added;
  report.updated = counts.updated;
  report.invited = static_cast<int>(counts.invited.size());
  // People added as active who cannot sign in yet are invited to choose a
  // password by a background job, so that a large import stays fast.
  std::vector<std::int64_t> welcome;
  for (size_t i = 0, a = 0; i < file.participants.size(); ++i) {
    if (decision.plan.rows[i].enrollment != 0 || decision.plan.rows[i].invite) continue;
    if (!file.participants[i].email.empty()) welcome.push_back(counts.activated[a]);
    ++a;
  }
  if (!welcome.empty()) {
    store::JobRepository(tx).Enqueue(
        kInviteImportedJob,
        nlohmann::json{{"program_id", program_id}, {"enrollment_ids", welcome}}.dump(), 5);
  }
  report.welcomed = static_cast<int>(welcome.size());
  // People who already have an account elsewhere join by accepting.
  store::EnrollmentRepository enrollments(tx);
  store::UserRepository users(tx);
  for (std::int64_t id : counts.invited) {
    const Enrollment e = *enrollments.Find(id);
    SendInvitation(tx, program, *users.Find(e.user_id), e.id, e.role);
  }
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = "participants.import",
                              .entity = "program",
                              .entity_id = program_id,
                              .program_id = program_id,
                              .after_json = nlohmann::json{{"rows", report.rows},
                                                           {"added", report.added},
                                                           {"updated", report.updated},
                                                           {"invited", report.invited},
                                                           {"welcomed", report.welcomed}}
                                                .dump()});
  tx.Commit();
  return report;
}

int InviteImported(store::Database& db, std::int64_t program_id,
                   const std::vector<std::int64_t>& enrollment_ids) {
  int invited = 0;
  constexpr size_t kChunk = 200;
  for (size_t start = 0; start < enrollment_ids.size(); start += kChunk) {
    store::Transaction tx = db.Begin();
    const Program program = RequireProgram(tx, program_id);
    if (program.status == ProgramStatus::kClosed) return invited;
    store::EnrollmentRepository enrollments(tx);
    store::UserRepository users(tx);
    store::TokenRepository tokens(tx);
    for (size_t i = start; i < std::min(enrollment_ids.size(), start + kChunk); ++i) {
      const auto e = enrollments.Find(enrollment_ids[i]);
      if (!e || e->program_id != program_id || e->status != EnrollmentStatus::kActive) continue;
      const auto user = users.Find(e->user_id);
      if (!user || user->email.empty() || user->has_password || user->disabled) continue;
      if (tokens.CountLive(user->id, "invitation", tx.now_text()) > 0) continue;
      SendInvitation(tx, program, *user, e->id, e->role);
      ++invited;
    }
    tx.Commit();
  }
  return invited;
}

int ExportParticipants(store::Database& db, const Actor& actor, std::int64_t program_id,
                       std::ostream& csv) {
  RequireCoordinatorOf(db, actor, program_id, "export participants");
  std::vector<Participant> people = LoadParticipants(db, program_id);
  store::Transaction tx = db.Begin(false);
  const Vocabulary vocabulary = LoadVocabulary(tx, program_id);
  tx.Commit();
  WriteParticipantCsv(csv, people, vocabulary.questions);
  return static_cast<int>(people.size());
}

std::vector<Participant> LoadParticipants(store::Database& db, std::int64_t program_id) {
  store::Transaction tx = db.Begin(false);
  RequireProgram(tx, program_id);
  std::vector<Participant> people = store::ParticipantRepository(tx).Load(program_id);
  tx.Commit();
  return people;
}

}  // namespace tandem::service
