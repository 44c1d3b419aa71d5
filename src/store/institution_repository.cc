#include "store/institution_repository.h"

#include "core/clock.h"
#include "store/internal.h"

namespace tandem::store {
namespace {

template <typename Key>
std::optional<InstitutionRecord> FindOne(Transaction& tx, const std::string& where, Key key) {
  return Guard("reading institution", [&]() -> std::optional<InstitutionRecord> {
    InstitutionRecord r;
    long long id = 0;
    soci::statement st =
        (SessionOf(tx).prepare << "SELECT id, name, created_at FROM institutions " + where,
         soci::use(key), soci::into(id), soci::into(r.name), soci::into(r.created_at));
    if (!st.execute(true)) return std::nullopt;
    r.id = id;
    return r;
  });
}

}  // namespace

std::int64_t InstitutionRepository::Insert(const std::string& name) {
  return Guard("saving institution \"" + name + "\"", [&] {
    std::string n = name;
    const std::string now = tx_.now_text();
    long long id = 0;
    SessionOf(tx_) << "INSERT INTO institutions (name, created_at) VALUES (:n, :t) RETURNING id",
        soci::use(n), soci::use(now), soci::into(id);
    return static_cast<std::int64_t>(id);
  });
}

std::optional<InstitutionRecord> InstitutionRepository::Find(std::int64_t id) {
  return FindOne(tx_, "WHERE id = :id", static_cast<long long>(id));
}

std::optional<InstitutionRecord> InstitutionRepository::FindByName(const std::string& name) {
  return FindOne(tx_, "WHERE name = :n", name);
}

std::vector<InstitutionRecord> InstitutionRepository::List() {
  return Guard("listing institutions", [&] {
    InstitutionRecord r;
    long long id = 0;
    std::vector<InstitutionRecord> out;
    soci::statement st =
        (SessionOf(tx_).prepare << "SELECT id, name, created_at FROM institutions ORDER BY name",
         soci::into(id), soci::into(r.name), soci::into(r.created_at));
    st.execute();
    while (st.fetch()) {
      r.id = id;
      out.push_back(r);
    }
    return out;
  });
}

}  // namespace tandem::store
