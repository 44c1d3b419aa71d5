#include "store/testing.h"

#include <vector>

#include "store/session.h"

namespace tandem::store {

void DropAllTables(Transaction& tx) {
  Guard("dropping tables", [&] {
    soci::session& s = SessionOf(tx);
    std::vector<std::string> tables;
    std::string name;
    soci::statement st =
        tx.dialect() == Dialect::kSqlite
            ? (s.prepare << "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                            "LIKE 'sqlite_%' ORDER BY rowid DESC",
               soci::into(name))
            : (s.prepare << "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()",
               soci::into(name));
    st.execute();
    while (st.fetch()) tables.push_back(name);
    for (const std::string& t : tables) {
      s << "DROP TABLE IF EXISTS " + t + (tx.dialect() == Dialect::kPostgresql ? " CASCADE" : "");
    }
  });
}

}  // namespace tandem::store
