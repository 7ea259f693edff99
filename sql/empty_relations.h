// Built-in relations that never have rows (pg_catalog.pg_policy,
// pg_statistic_ext, pg_publication, ... : kappadb has nothing for them).
// The binder uses this to accept client catalog queries whose FROM clause
// provably produces no rows even when their select list uses a form kappadb
// cannot bind (a correlated subquery over an array, a set-returning function
// in a correlated FROM): such a block returns no rows in PostgreSQL too,
// without evaluating its select list. Registered once at startup, before
// any query runs (server/pg_catalog_common.cc); read-only afterwards.
#pragma once

#include <cstdint>

namespace kappa {

void RegisterAlwaysEmptyRelation(uint64_t id);
bool IsAlwaysEmptyRelation(uint64_t id);

}  // namespace kappa
