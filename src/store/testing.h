// Test support: lets tests reset a shared PostgreSQL database. Never called by
// Tandem itself.
#pragma once

#include "store/database.h"

namespace tandem::store {

// Drops every table of the current schema, including schema_migrations.
void DropAllTables(Transaction& tx);

}  // namespace tandem::store
