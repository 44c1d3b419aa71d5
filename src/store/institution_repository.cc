#include "store/institution_repository.h"

#include "core/clock.h"
#include "core/error.h"
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
  return Guard(
      "listing institutions", [&] {
        InstitutionRecord r;
        long long id = 0;
        int people = 0;
        std::vector<InstitutionRecord> out;
        soci::statement st =
            (SessionOf(tx_).prepare
                 << "SELECT i.id, i.name, i.created_at, (SELECT COUNT(*) FROM profiles p WHERE "
                    "p.institution_id = i.id) FROM institutions i ORDER BY i.name",
             soci::into(id), soci::into(r.name), soci::into(r.created_at), soci::into(people));
        st.execute();
        while (st.fetch()) {
          r.id = id;
          r.people = people;
          out.push_back(r);
        }
        return out;
      });
}

void InstitutionRepository::Rename(std::int64_t id, const std::string& name) {
  Guard("renaming institution " + std::to_string(id), [&] {
    long long key = id;
    std::string n = name;
    soci::statement st =
        (SessionOf(tx_).prepare << "UPDATE institutions SET name = :n WHERE id = :id", soci::use(n),
         soci::use(key));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("institution " + std::to_string(id) + " does not exist");
    }
  });
}

int InstitutionRepository::MoveProfiles(std::int64_t from, std::int64_t into) {
  return Guard("moving people between institutions",
               [&] {
                 long long f = from, i = into;
                 soci::statement st =
                     (SessionOf(tx_).prepare
                          << "UPDATE profiles SET institution_id = :i WHERE institution_id = :f",
                      soci::use(i), soci::use(f));
                 st.execute(true);
                 return static_cast<int>(st.get_affected_rows());
               });
}

void InstitutionRepository::Delete(std::int64_t id) {
  Guard("deleting institution " + std::to_string(id), [&] {
    long long key = id;
    soci::statement st =
        (SessionOf(tx_).prepare << "DELETE FROM institutions WHERE id = :id", soci::use(key));
    st.execute(true);
    if (st.get_affected_rows() == 0) {
      throw NotFound("institution " + std::to_string(id) + " does not exist");
    }
  });
}

}  // namespace tandem::store
