#include "store/migrations.h"

#include <map>

#include "core/error.h"
#include "core/text.h"

namespace tandem::store {
namespace {

std::vector<std::string> SplitStatements(const std::string& sql) {
  std::vector<std::string> statements;
  std::string current;
  size_t start = 0;
  while (start < sql.size()) {
    size_t end = sql.find('\n', start);
    if (end == std::string::npos) end = sql.size();
    std::string_view line = std::string_view(sql).substr(start, end - start);
    start = end + 1;
    std::string_view trimmed = Trim(line);
    if (trimmed.empty() || trimmed.substr(0, 2) == "--") continue;
    current.append(line).push_back('\n');
    if (trimmed.back() == ';') {
      current.erase(current.find_last_of(';'));
      statements.push_back(std::move(current));
      current.clear();
    }
  }
  if (!Trim(current).empty()) statements.push_back(std::move(current));
  return statements;
}

}  // namespace

std::vector<Migration> MigrationsFor(Dialect dialect) {
  const std::string suffix = ".postgresql.sql";
  std::map<int, Migration> by_version;
  std::map<int, bool> has_dialect_file;
  for (const MigrationFile& file : EmbeddedMigrationFiles()) {
    const bool is_pg =
        file.name.size() > suffix.size() &&
        file.name.compare(file.name.size() - suffix.size(), suffix.size(), suffix) == 0;
    const int version = std::stoi(file.name.substr(0, 4));
    if (is_pg && dialect != Dialect::kPostgresql) continue;
    if (!is_pg && has_dialect_file[version]) continue;
    Migration& m = by_version[version];
    m.version = version;
    m.name = is_pg ? file.name.substr(0, file.name.size() - suffix.size()) + ".sql" : file.name;
    m.statements = SplitStatements(file.sql);
    if (is_pg) has_dialect_file[version] = true;
  }
  std::vector<Migration> out;
  for (auto& [version, m] : by_version) out.push_back(std::move(m));
  return out;
}

}  // namespace tandem::store
