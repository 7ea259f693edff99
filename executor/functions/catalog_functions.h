// PostgreSQL's catalog and privilege functions (pg_table_is_visible,
// format_type, pg_get_userbyid, pg_get_expr, pg_get_indexdef,
// pg_get_constraintdef, pg_get_viewdef, obj_description, col_description,
// pg_size_pretty, pg_table_size, pg_encoding_to_char, current_schemas,
// set_config, has_*_privilege, parse_ident, to_regclass, and the functions
// on arrays in their text form: array_to_string, string_to_array,
// array_lower/upper/length, array_position).
//
// kappadb has no array type yet: an array is its PostgreSQL text form
// ('{a,b}'); the array functions parse and produce that form.
//
// Functions that read the catalog use the process's catalog, set once by the
// Database at open (SetCatalogForFunctions); they read the current snapshot.
// Oids follow server/pg_catalog_common.h (index = 2^30 + table id,
// constraint = 2^30 + 2^29 + table id).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace kappa {

class Catalog;
class RoleCatalog;

void SetCatalogForFunctions(Catalog* catalog, RoleCatalog* roles);
// Clears the hook if it still points at `catalog` (Database destruction).
void ClearCatalogForFunctions(Catalog* catalog);

// has_table_privilege / has_any_column_privilege(user, relation id,
// privilege list like "SELECT" or "SELECT,INSERT") -> allowed. Until a hook
// is set, everything is allowed (the superuser owns everything). The
// privileges engine sets it.
using TablePrivilegeHook = bool (*)(const std::string& user, uint64_t table_id,
                                    const std::string& privileges);
void SetTablePrivilegeHook(TablePrivilegeHook hook);

// PostgreSQL's array text form: "{a,b,\"c d\"}" -> {"a","b","c d"}.
// false on malformed input. NULL elements come back as "" with is_null set.
bool ParseArrayText(const std::string& text, std::vector<std::string>* items,
                    std::vector<bool>* is_null);

// The relation oid of a name as ::regclass resolves it ("t", "public.t",
// "\"T\""): through the catalog's current snapshot; 0 if absent.
uint64_t ResolveRegclass(const std::string& name);
// The namespace oid of a schema name; 0 if absent.
int64_t ResolveRegnamespace(const std::string& name);
// The relation name ::regclass prints for an oid (schema-qualified unless in
// pg_catalog or public); the number itself if unknown.
std::string RegclassName(uint64_t oid);

}  // namespace kappa

namespace kappa {
class CatalogSnapshot;
// ResolveRegclass against a given snapshot (the binder's).
uint64_t ResolveRegclassIn(const CatalogSnapshot& snap, const std::string& name);
}  // namespace kappa
