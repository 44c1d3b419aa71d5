// The resource library's records (core/resource.h) and their files' bytes.
// Runs inside the caller's transaction; who may see what is decided in service/.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/resource.h"
#include "store/database.h"

namespace tandem::store {

class ResourceRepository {
 public:
  // `tx` must outlive the repository.
  explicit ResourceRepository(Transaction& tx) : tx_(tx) {}

  // Adds `resource` (id and times assigned) with its file's bytes as base64
  // (empty for a link) and returns its id.
  std::int64_t Insert(const Resource& resource, const std::string& content_base64);
  // Writes title, description, category and audience. Throws kNotFound.
  void Update(const Resource& resource);
  bool Delete(std::int64_t id);
  std::optional<Resource> Find(std::int64_t id);
  // Those of `program_id` and those for every program, newest first; with
  // no program, only those for every program.
  std::vector<Resource> List(std::optional<std::int64_t> program_id);
  // Every resource of every program, newest first.
  std::vector<Resource> ListAll();
  // The file's bytes as base64; empty for a link.
  std::string Content(std::int64_t id);

 private:
  Transaction& tx_;
};

}  // namespace tandem::store
