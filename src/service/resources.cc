#include "service/resources.h"

#include <atomic>
#include <nlohmann/json.hpp>

#include "core/error.h"
#include "core/journey.h"
#include "core/text.h"
#include "service/authorization.h"
#include "service/programs.h"
#include "service/secrets.h"
#include "store/audit_log.h"
#include "store/enrollment_repository.h"
#include "store/resource_repository.h"

namespace tandem::service {
namespace {

std::atomic<std::int64_t> max_bytes{std::int64_t{10} * 1024 * 1024};

// Who the actor is, for deciding which resources they see.
struct Reader {
  bool admin = false;
  bool all = false;  // coordinator or evaluator of the program (or admin)
  bool mentor = false;
  bool mentee = false;
};

// The reader of program `program_id`'s resources (kPermissionDenied for
// someone outside it), or of those for every program.
Reader ReaderOf(store::Transaction& tx, const Actor& actor,
                std::optional<std::int64_t> program_id) {
  RequireSignedIn(actor);
  Reader r;
  if (program_id) {
    const ProgramAccess access = AccessTo(tx, actor, *program_id);
    if (!access.member()) {
      throw Error(ErrorCode::kPermissionDenied, "only the program's members can see its resources");
    }
    r.admin = access.admin;
    r.all = access.coordinator || access.evaluator;
    r.mentor = !access.mentor_enrollments.empty();
    r.mentee = !access.mentee_enrollments.empty();
    return r;
  }
  r.admin = actor.is_admin;
  r.all = r.admin;
  if (actor.user_id) {
    for (const Enrollment& e : store::EnrollmentRepository(tx).ListByUser(*actor.user_id)) {
      if (e.status != EnrollmentStatus::kActive) continue;
      if (e.role == Role::kMentor) r.mentor = true;
      if (e.role == Role::kMentee) r.mentee = true;
      if (e.role == Role::kCoordinator || e.role == Role::kEvaluator) r.all = true;
    }
  }
  return r;
}

bool Sees(const Reader& r, const Resource& res) {
  return r.all || ForAudience(res.audience, r.mentor, r.mentee);
}

// Coordinators change their program's resources; admins every program's.
void RequireEditor(store::Transaction& tx, const Actor& actor,
                   std::optional<std::int64_t> program_id) {
  RequireSignedIn(actor);
  if (program_id) {
    RequireCoordinator(AccessTo(tx, actor, *program_id), "change the program's resources");
  } else if (!actor.is_admin) {
    throw Error(ErrorCode::kPermissionDenied,
                "only an administrator can change resources for every program");
  }
}

void CheckFields(Resource& r) {
  r.title = std::string(Trim(r.title));
  if (r.title.empty()) throw InvalidArgument("give the resource a title", "title");
  CheckText(r.title, "title", 300);
  CheckText(r.description, "description", 5000, true);
  CheckOneOf(r.category, kResourceCategories, "category");
  CheckOneOf(r.audience, kResourceAudiences, "audience");
}

std::string ResourceJson(const Resource& r) {
  return nlohmann::json{{"title", r.title}, {"category", r.category},   {"audience", r.audience},
                        {"url", r.url},     {"file_name", r.file_name}, {"size", r.size}}
      .dump();
}

void Audit(store::Transaction& tx, const Actor& actor, const std::string& action, const Resource& r,
           const std::string& before, const std::string& after) {
  store::AuditLog(tx).Append({.actor_user_id = actor.user_id,
                              .actor = actor.label,
                              .action = action,
                              .entity = "resource",
                              .entity_id = r.id,
                              .program_id = r.program_id,
                              .before_json = before,
                              .after_json = after});
}

bool Matches(const Resource& r, const std::vector<std::string>& words) {
  const std::string hay = ToLower(r.title + " " + r.description);
  for (const std::string& w : words) {
    if (hay.find(w) == std::string::npos) return false;
  }
  return true;
}

}  // namespace

void SetMaxResourceBytes(std::int64_t bytes) { max_bytes = bytes; }
std::int64_t MaxResourceBytes() { return max_bytes; }

std::vector<Resource> ListResources(store::Database& db, const Actor& actor,
                                    const ResourceQuery& query) {
  if (!query.category.empty()) CheckOneOf(query.category, kResourceCategories, "category");
  CheckText(query.text, "q", 200);
  std::vector<std::string> words;
  for (const std::string& w : SplitList(ToLower(query.text), ' ')) {
    if (!w.empty()) words.push_back(w);
  }
  store::Transaction tx = db.Begin(false);
  if (query.program_id) RequireProgram(tx, *query.program_id);
  const Reader reader = ReaderOf(tx, actor, query.program_id);
  std::vector<Resource> out;
  for (Resource& r : store::ResourceRepository(tx).List(query.program_id)) {
    if (!Sees(reader, r)) continue;
    if (!query.category.empty() && r.category != query.category) continue;
    if (!Matches(r, words)) continue;
    out.push_back(std::move(r));
  }
  tx.Commit();
  return out;
}

Resource CreateResource(store::Database& db, const Actor& actor, const ResourceInput& input) {
  Resource r;
  r.program_id = input.program_id;
  r.title = input.title;
  r.description = input.description;
  r.category = input.category;
  r.audience = input.audience;
  const std::string url(Trim(input.url));
  const bool file = !input.file_name.empty() || !input.file_base64.empty();
  if (url.empty() == !file) {
    throw InvalidArgument("give either a link (url) or a file, not both",
                          url.empty() ? "url" : "file");
  }
  std::string content;
  if (file) {
    const std::string name(Trim(input.file_name));
    if (name.empty()) throw InvalidArgument("say the file's name", "file_name");
    CheckText(name, "file_name", 200);
    if (name.find('/') != std::string::npos || name.find('\\') != std::string::npos) {
      throw InvalidArgument("a file name has no folders", "file_name");
    }
    // Decoded size, before decoding: refuse a file over the limit cheaply.
    if (static_cast<std::int64_t>(input.file_base64.size() / 4 * 3) > MaxResourceBytes() + 3) {
      throw InvalidArgument(
          "the file is larger than " + std::to_string(MaxResourceBytes() >> 20) + " MiB", "file");
    }
    std::optional<std::string> decoded = internal::FromBase64(input.file_base64);
    if (!decoded) {
      throw InvalidArgument("the file is not base64 (standard alphabet, with padding)", "file");
    }
    std::string bytes = std::move(*decoded);
    if (bytes.empty()) throw InvalidArgument("the file is empty", "file");
    if (static_cast<std::int64_t>(bytes.size()) > MaxResourceBytes()) {
      throw InvalidArgument(
          "the file is larger than " + std::to_string(MaxResourceBytes() >> 20) + " MiB", "file");
    }
    std::string why;
    auto type = SniffFileType(name, bytes, why);
    if (!type) throw InvalidArgument(why, "file_name");
    r.file_name = name;
    r.content_type = *type;
    r.size = static_cast<std::int64_t>(bytes.size());
    content = internal::ToBase64(bytes);
  } else {
    if (!IsWebUrl(url)) throw InvalidArgument("a link starts with https:// or http://", "url");
    r.url = url;
  }
  CheckFields(r);
  store::Transaction tx = db.Begin();
  if (r.program_id) RequireProgram(tx, *r.program_id);
  RequireEditor(tx, actor, r.program_id);
  r.created_by = actor.user_id.value_or(0);
  store::ResourceRepository repo(tx);
  r.id = repo.Insert(r, content);
  Audit(tx, actor, "resource.create", r, "", ResourceJson(r));
  Resource out = *repo.Find(r.id);
  tx.Commit();
  return out;
}

Resource UpdateResource(store::Database& db, const Actor& actor, std::int64_t id,
                        const ResourceChange& change) {
  store::Transaction tx = db.Begin();
  store::ResourceRepository repo(tx);
  auto r = repo.Find(id);
  if (!r) throw NotFound("resource " + std::to_string(id) + " does not exist");
  RequireEditor(tx, actor, r->program_id);
  const std::string before = ResourceJson(*r);
  if (change.title) r->title = *change.title;
  if (change.description) r->description = *change.description;
  if (change.category) r->category = *change.category;
  if (change.audience) r->audience = *change.audience;
  CheckFields(*r);
  repo.Update(*r);
  Audit(tx, actor, "resource.update", *r, before, ResourceJson(*r));
  Resource out = *repo.Find(id);
  tx.Commit();
  return out;
}

void DeleteResource(store::Database& db, const Actor& actor, std::int64_t id) {
  store::Transaction tx = db.Begin();
  store::ResourceRepository repo(tx);
  auto r = repo.Find(id);
  if (!r) throw NotFound("resource " + std::to_string(id) + " does not exist");
  RequireEditor(tx, actor, r->program_id);
  repo.Delete(id);
  Audit(tx, actor, "resource.delete", *r, ResourceJson(*r), "");
  tx.Commit();
}

ResourceFile GetResourceFile(store::Database& db, const Actor& actor, std::int64_t id) {
  store::Transaction tx = db.Begin(false);
  store::ResourceRepository repo(tx);
  auto r = repo.Find(id);
  if (!r || r->file_name.empty()) throw NotFound("resource " + std::to_string(id) + " has no file");
  const Reader reader = ReaderOf(tx, actor, r->program_id);
  if (!Sees(reader, *r)) {
    throw Error(ErrorCode::kPermissionDenied, "this resource is for the program's " + r->audience);
  }
  const std::string content = repo.Content(id);
  tx.Commit();
  std::optional<std::string> bytes = internal::FromBase64(content);
  if (!bytes) {
    throw Error(ErrorCode::kInternal, "resource " + std::to_string(id) + "'s file is damaged");
  }
  return ResourceFile{r->file_name, r->content_type, std::move(*bytes)};
}

}  // namespace tandem::service
