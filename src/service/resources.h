// The resource library (docs/journey.md): links and files a program offers
// its people, or that admins offer every program. Who may:
// - read: a program's members see its resources and those for every program
//   whose audience is theirs (mentors: everyone + mentors; mentees: everyone
//   + mentees; coordinators, evaluators and admins: all); anyone signed in
//   sees those for every program;
// - add, change, delete: the program's coordinators; admins for every program.
// Every change is audited.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/resource.h"
#include "service/actor.h"
#include "store/database.h"

namespace tandem::service {

// The largest file accepted, in bytes (10 MiB unless `tandem serve
// --max-upload-mb` says otherwise).
void SetMaxResourceBytes(std::int64_t bytes);
std::int64_t MaxResourceBytes();

// What to list: `program_id` (none: only those for every program), a
// category, and words that must all appear in the title or description (any case).
struct ResourceQuery {
  std::optional<std::int64_t> program_id;
  std::string category;
  std::string text;
};
std::vector<Resource> ListResources(store::Database& db, const Actor& actor,
                                    const ResourceQuery& query);

// A new resource: a link (`url`) or a file (`file_name` and its bytes as
// base64), not both. Throws kInvalidArgument naming the field: title
// missing or over 300 characters, an unknown category or audience, a URL
// that is not http(s), a file over the limit ("file"), bytes that are not
// what the name says ("file_name").
struct ResourceInput {
  std::optional<std::int64_t> program_id;
  std::string title;
  std::string description;
  std::string category = "program_documents";
  std::string audience = "everyone";
  std::string url;
  std::string file_name;
  std::string file_base64;
};
Resource CreateResource(store::Database& db, const Actor& actor, const ResourceInput& input);

// Changes title, description, category or audience (fields not given keep theirs).
struct ResourceChange {
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> category;
  std::optional<std::string> audience;
};
Resource UpdateResource(store::Database& db, const Actor& actor, std::int64_t id,
                        const ResourceChange& change);
void DeleteResource(store::Database& db, const Actor& actor, std::int64_t id);

// A file resource's bytes, for whoever may see the resource. Throws
// kNotFound for a link or an unknown id.
struct ResourceFile {
  std::string name;
  std::string content_type;
  std::string bytes;
};
ResourceFile GetResourceFile(store::Database& db, const Actor& actor, std::int64_t id);

}  // namespace tandem::service
