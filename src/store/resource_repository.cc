#include "store/resource_repository.h"

#include "store/internal.h"

namespace tandem::store {
namespace {

constexpr const char* kColumns =
    "SELECT id, program_id, title, description, category, audience, url, file_name, "
    "content_type, size, created_by, created_at, updated_at FROM resources ";

std::vector<Resource> Select(Transaction& tx, const std::string& where, long long key) {
  Resource r;
  long long id = 0, program = 0, size = 0, by = 0;
  soci::indicator program_ind{}, by_ind{};
  soci::statement st =
      (SessionOf(tx).prepare << kColumns + where, soci::use(key), soci::into(id),
       soci::into(program, program_ind), soci::into(r.title), soci::into(r.description),
       soci::into(r.category), soci::into(r.audience), soci::into(r.url), soci::into(r.file_name),
       soci::into(r.content_type), soci::into(size), soci::into(by, by_ind),
       soci::into(r.created_at), soci::into(r.updated_at));
  st.execute();
  std::vector<Resource> out;
  while (st.fetch()) {
    Resource row = r;
    row.id = id;
    row.program_id =
        program_ind == soci::i_ok ? std::optional<std::int64_t>(program) : std::nullopt;
    row.size = size;
    row.created_by = by_ind == soci::i_ok ? by : 0;
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace

std::int64_t ResourceRepository::Insert(const Resource& resource, const std::string& content) {
  return Guard("saving resource", [&] {
    Resource r = resource;
    long long program = r.program_id.value_or(0), size = r.size, by = r.created_by, id = 0;
    soci::indicator program_ind = r.program_id ? soci::i_ok : soci::i_null;
    soci::indicator by_ind = r.created_by ? soci::i_ok : soci::i_null;
    const std::string now = tx_.now_text();
    SessionOf(tx_) << "INSERT INTO resources (program_id, title, description, category, audience, "
                      "url, file_name, content_type, size, created_by, created_at, updated_at) "
                      "VALUES (:p, :t, :d, :c, :a, :u, :f, :ct, :s, :b, :ca, :ua) RETURNING id",
        soci::use(program, program_ind), soci::use(r.title), soci::use(r.description),
        soci::use(r.category), soci::use(r.audience), soci::use(r.url), soci::use(r.file_name),
        soci::use(r.content_type), soci::use(size), soci::use(by, by_ind), soci::use(now),
        soci::use(now), soci::into(id);
    if (!content.empty()) {
      std::string text = content;
      SessionOf(tx_) << "INSERT INTO resource_files (resource_id, content) VALUES (:r, :c)",
          soci::use(id), soci::use(text);
    }
    return static_cast<std::int64_t>(id);
  });
}

void ResourceRepository::Update(const Resource& resource) {
  Guard("saving resource", [&] {
    Resource r = resource;
    long long id = r.id;
    const std::string now = tx_.now_text();
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE resources SET title = :t, description = :d, "
                                   "category = :c, audience = :a, updated_at = :u WHERE id = :id",
         soci::use(r.title), soci::use(r.description), soci::use(r.category), soci::use(r.audience),
         soci::use(now), soci::use(id));
    st.execute(true);
    if (st.get_affected_rows() == 0)
      throw NotFound("resource " + std::to_string(r.id) + " does not exist");
  });
}

bool ResourceRepository::Delete(std::int64_t id) {
  return Guard("deleting resource", [&] {
    long long key = id;
    SessionOf(tx_) << "DELETE FROM resource_files WHERE resource_id = :r", soci::use(key);
    soci::statement st =
        (SessionOf(tx_).prepare << "DELETE FROM resources WHERE id = :id", soci::use(key));
    st.execute(true);
    return st.get_affected_rows() > 0;
  });
}

std::optional<Resource> ResourceRepository::Find(std::int64_t id) {
  return Guard("reading resource", [&]() -> std::optional<Resource> {
    auto rows = Select(tx_, "WHERE id = :k", id);
    if (rows.empty()) return std::nullopt;
    return rows.front();
  });
}

std::vector<Resource> ResourceRepository::List(std::optional<std::int64_t> program_id) {
  return Guard("reading resources", [&] {
    if (!program_id) return Select(tx_, "WHERE program_id IS NULL AND :k = 0 ORDER BY id DESC", 0);
    return Select(tx_, "WHERE program_id = :k OR program_id IS NULL ORDER BY id DESC", *program_id);
  });
}

std::vector<Resource> ResourceRepository::ListAll() {
  return Guard("reading resources",
               [&] { return Select(tx_, "WHERE :k = 0 ORDER BY id DESC", 0); });
}

std::string ResourceRepository::Content(std::int64_t id) {
  return Guard("reading resource file", [&] {
    long long key = id;
    std::string content;
    soci::indicator ind{};
    SessionOf(tx_) << "SELECT content FROM resource_files WHERE resource_id = :r", soci::use(key),
        soci::into(content, ind);
    return ind == soci::i_ok ? content : std::string();
  });
}

}  // namespace tandem::store
