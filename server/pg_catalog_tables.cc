// pg_catalog's tables over kappadb's catalog (server/pg_catalog_common.h):
// pg_namespace, pg_class, pg_attribute, pg_type, pg_index, pg_constraint,
// pg_attrdef, pg_am, pg_database, pg_authid, pg_roles, pg_user,
// pg_auth_members, pg_proc, pg_collation, pg_tablespace, pg_settings,
// pg_description (empty: kappadb has no COMMENT).
#include <string>
#include <vector>

#include "server/pg_catalog_common.h"
#include "server/session_settings.h"
#include "sql/pg_type_table.h"
#include "sql/role_catalog.h"

namespace kappa {

using namespace pgcat;  // NOLINT

namespace {

std::string IndexName(const TableInfo& t) { return t.name + "_pkey"; }

// typstorage/attstorage as PostgreSQL's: numeric 'm' (main), other
// variable-length types 'x' (extended), fixed-length 'p' (plain).
char Storage(const PgTypeEntry* t) {
  if (t == nullptr) return 'p';
  if (t->oid == 1700) return 'm';
  return t->typlen == -1 ? 'x' : 'p';
}

std::string Int2Vector(const std::vector<int>& cols) {
  std::string s;
  for (size_t i = 0; i < cols.size(); ++i) s += (i ? " " : "") + std::to_string(cols[i] + 1);
  return s;
}

std::string Int2Array(const std::vector<int>& cols) {
  std::vector<std::string> items;
  for (int c : cols) items.push_back(std::to_string(c + 1));
  return ArrayText(items);
}

Status NamespaceRows(Database& db, const SystemScanContext&, Rows* rows) {
  (void)db;
  rows->Add({kNsPgCatalog, "pg_catalog", kSuperuserOid, Null()});
  // PostgreSQL 15: public belongs to pg_database_owner.
  rows->Add({kNsPublic, "public", kDatabaseOwnerOid, Null()});
  rows->Add({kNsInformationSchema, "information_schema", kSuperuserOid, Null()});
  rows->Add({kNsKappaCatalog, "kappa_catalog", kSuperuserOid, Null()});
  return Status::OK();
}

Status ClassRows(Database& db, const SystemScanContext&, Rows* rows) {
  for (const TableInfoPtr& t : AllRelations(db)) {
    char kind = RelKind(*t);
    bool has_pk = !t->primary_key.empty();
    int64_t owner = OwnerOid(db, *t);
    rows->Add({static_cast<int64_t>(t->id), t->name, NamespaceOid(t->schema), 0, 0, owner,
               kind == 'v' ? 0 : 2, static_cast<int64_t>(t->id), 0, 0, -1.0, 0, 0, has_pk, false,
               'p', kind, static_cast<int>(t->columns.size()), 0, false, false, false, false,
               false, true, false, 'd', false, 0, "0", "0", Null(), Null(), Null()});
    if (has_pk) {
      rows->Add({kIndexOidBase + static_cast<int64_t>(t->id), IndexName(*t),
                 NamespaceOid(t->schema), 0, 0, owner, 403, kIndexOidBase + int64_t(t->id), 0, 0,
                 -1.0, 0, 0, false, false, 'p', 'i', static_cast<int>(t->primary_key.size()), 0,
                 false, false, false, false, false, true, false, 'n', false, 0, "0", "0", Null(), Null(),
                 Null()});
    }
  }
  return Status::OK();
}

Status AttributeRows(Database& db, const SystemScanContext&, Rows* rows) {
  for (const TableInfoPtr& t : AllRelations(db)) {
    for (size_t i = 0; i < t->columns.size(); ++i) {
      const ColumnInfo& c = t->columns[i];
      const PgTypeEntry* pt = FindPgType(static_cast<uint32_t>(ColumnTypeOid(c.type)));
      bool is_text = IsStringType(c.type.id);
      rows->Add({static_cast<int64_t>(t->id), c.name, ColumnTypeOid(c.type), -1,
                 pt ? pt->typlen : -1, static_cast<int>(i + 1), 0, -1, TypeModifier(c.type),
                 pt ? pt->typbyval : false, pt ? pt->typalign : 'i', Storage(pt),
                 "", c.not_null, !c.default_sql.empty(), false, "", "", false, true, 0,
                 is_text ? 100 : 0, Null(), Null(), Null(), Null()});
    }
    if (!t->primary_key.empty()) {
      for (size_t k = 0; k < t->primary_key.size(); ++k) {
        const ColumnInfo& c = t->columns[t->primary_key[k]];
        const PgTypeEntry* pt = FindPgType(static_cast<uint32_t>(ColumnTypeOid(c.type)));
        rows->Add({kIndexOidBase + int64_t(t->id), c.name, ColumnTypeOid(c.type), -1,
                   pt ? pt->typlen : -1, static_cast<int>(k + 1), 0, -1, TypeModifier(c.type),
                   pt ? pt->typbyval : false, pt ? pt->typalign : 'i', 'p', "", false, false,
                   false, "", "", false, true, 0, IsStringType(c.type.id) ? 100 : 0, Null(),
                   Null(), Null(), Null()});
      }
    }
  }
  return Status::OK();
}

Status TypeRows(Database&, const SystemScanContext&, Rows* rows) {
  for (const PgTypeEntry& e : PgTypes()) {
    char typtype = e.typcategory == 'P' ? 'p' : 'b';
    bool collatable = e.oid == 25 || e.oid == 1043 || e.oid == 1042 || e.oid == 19;
    rows->Add({static_cast<int64_t>(e.oid), e.typname, kNsPgCatalog, kSuperuserOid, e.typlen,
               e.typbyval, typtype, e.typcategory, e.typispreferred, true, ",", 0,
               e.typelem != 0 ? "array_subscript_handler" : "-", static_cast<int64_t>(e.typelem),
               static_cast<int64_t>(e.typarray), e.typinput, e.typoutput, "-", "-", "-", "-",
               "-", e.typalign, Storage(&e), false, 0, -1, 0,
               collatable ? 100 : 0, Null(), Null(), Null()});
  }
  return Status::OK();
}

Status IndexRows(Database& db, const SystemScanContext&, Rows* rows) {
  for (const TableInfoPtr& t : AllRelations(db)) {
    if (t->primary_key.empty()) continue;
    int n = static_cast<int>(t->primary_key.size());
    std::string zeros;
    for (int i = 0; i < n; ++i) zeros += i ? " 0" : "0";
    rows->Add({kIndexOidBase + int64_t(t->id), static_cast<int64_t>(t->id), n, n, true, false,
               true, false, true, false, true, false, true, true, false,
               Int2Vector(t->primary_key), zeros, zeros, zeros, Null(), Null()});
  }
  return Status::OK();
}

Status ConstraintRows(Database& db, const SystemScanContext&, Rows* rows) {
  for (const TableInfoPtr& t : AllRelations(db)) {
    if (t->primary_key.empty()) continue;
    rows->Add({kConstraintOidBase + int64_t(t->id), IndexName(*t), NamespaceOid(t->schema), 'p',
               false, false, true, static_cast<int64_t>(t->id), 0, kIndexOidBase + int64_t(t->id),
               0, 0, ' ', ' ', ' ', true, 0, true, Int2Array(t->primary_key), Null(), Null(),
               Null(), Null(), Null(), Null(), Null()});
  }
  return Status::OK();
}

Status AttrDefRows(Database& db, const SystemScanContext&, Rows* rows) {
  for (const TableInfoPtr& t : AllRelations(db)) {
    for (size_t i = 0; i < t->columns.size(); ++i) {
      if (t->columns[i].default_sql.empty()) continue;
      rows->Add({kAttrDefOidBase + int64_t(t->id) * 2048 + int64_t(i + 1),
                 static_cast<int64_t>(t->id), static_cast<int>(i + 1), t->columns[i].default_sql});
    }
  }
  return Status::OK();
}

std::vector<RoleInfoPtr> Roles(Database& db) {
  if (db.roles() == nullptr) return {};
  return db.roles()->Snapshot()->All();
}

Status AuthIdRows(Database& db, const SystemScanContext& ctx, Rows* rows, bool view) {
  std::vector<RoleInfoPtr> roles = Roles(db);
  if (roles.empty()) {
    RoleInfo r;
    r.oid = 10;
    r.name = ctx.user;
    r.superuser = true;
    roles.push_back(std::make_shared<const RoleInfo>(r));
  }
  {
    // PostgreSQL 15's predefined role that owns schema public (psql's \du
    // hides pg_* roles).
    RoleInfo r;
    r.oid = static_cast<uint32_t>(kDatabaseOwnerOid);
    r.name = "pg_database_owner";
    r.can_login = false;
    roles.push_back(std::make_shared<const RoleInfo>(r));
  }
  for (const RoleInfoPtr& r : roles) {
    Cell password = view ? Cell("********") : (r->has_password() ? Cell(r->scram_verifier) : Null());
    if (view && !r->has_password()) password = Cell("********");
    if (view) {
      // pg_roles
      rows->Add({r->name, r->superuser, true, r->superuser, r->superuser, r->can_login,
                 r->superuser, -1, password, Null(), r->superuser, Null(),
                 static_cast<int64_t>(r->oid)});
    } else {
      rows->Add({static_cast<int64_t>(r->oid), r->name, r->superuser, true, r->superuser,
                 r->superuser, r->can_login, r->superuser, r->superuser, -1, password, Null()});
    }
  }
  return Status::OK();
}

Status UserRows(Database& db, const SystemScanContext& ctx, Rows* rows) {
  std::vector<RoleInfoPtr> roles = Roles(db);
  if (roles.empty()) {
    rows->Add({ctx.user, kSuperuserOid, true, true, true, true, "********", Null(), Null()});
    return Status::OK();
  }
  for (const RoleInfoPtr& r : roles) {
    if (!r->can_login) continue;
    rows->Add({r->name, static_cast<int64_t>(r->oid), r->superuser, r->superuser, r->superuser,
               r->superuser, "********", Null(), Null()});
  }
  return Status::OK();
}

// The functions kappadb has, as pg_proc rows (name, argument count); oids are
// stable per name: 20000 + position in this list.
const std::vector<std::pair<const char*, int>>& ProcList() {
  static const std::vector<std::pair<const char*, int>> procs = {
      {"abs", 1}, {"array_length", 2}, {"array_lower", 2}, {"array_to_string", 2},
      {"array_upper", 2}, {"avg", 1}, {"bool_and", 1}, {"bool_or", 1}, {"btrim", 1},
      {"ceil", 1}, {"char_length", 1}, {"coalesce", 1}, {"col_description", 2}, {"concat", 1},
      {"count", 1}, {"current_database", 0}, {"current_schema", 0}, {"current_schemas", 1},
      {"current_setting", 1}, {"current_user", 0}, {"date_part", 2}, {"date_trunc", 2},
      {"floor", 1}, {"format", 1}, {"format_type", 2}, {"generate_series", 2},
      {"has_any_column_privilege", 2}, {"has_schema_privilege", 2}, {"has_table_privilege", 2},
      {"length", 1}, {"lower", 1}, {"lpad", 2}, {"ltrim", 1}, {"max", 1}, {"min", 1},
      {"now", 0}, {"obj_description", 2}, {"parse_ident", 1}, {"pg_backend_pid", 0},
      {"pg_encoding_to_char", 1}, {"pg_function_is_visible", 1}, {"pg_get_constraintdef", 1},
      {"pg_get_expr", 2}, {"pg_get_indexdef", 1}, {"pg_get_userbyid", 1}, {"pg_get_viewdef", 1},
      {"pg_size_pretty", 1}, {"pg_table_is_visible", 1}, {"pg_table_size", 1},
      {"pg_type_is_visible", 1}, {"position", 2}, {"quote_ident", 1}, {"random", 0},
      {"replace", 3}, {"round", 1}, {"row_number", 0}, {"rpad", 2}, {"rtrim", 1},
      {"session_user", 0}, {"set_config", 3}, {"split_part", 3}, {"string_agg", 2},
      {"string_to_array", 2}, {"substring", 2}, {"sum", 1}, {"trim", 1}, {"upper", 1},
      {"version", 0}};
  return procs;
}

Status ProcRows(Database&, const SystemScanContext&, Rows* rows) {
  int64_t oid = 20000;
  for (const auto& [name, nargs] : ProcList()) {
    std::string name_s = name;
    bool agg = name_s == "avg" || name_s == "count" || name_s == "sum" || name_s == "min" ||
               name_s == "max" || name_s == "bool_and" || name_s == "bool_or" ||
               name_s == "string_agg";
    bool win = name_s == "row_number";
    rows->Add({oid++, name, kNsPgCatalog, kSuperuserOid, 12, 1.0, 0.0, 0, "-",
               agg ? 'a' : (win ? 'w' : 'f'), false, false, true, false, 'i', 's', nargs, 0, 25,
               "", Null(), Null(), Null(), Null(), Null(), name, Null(), Null(), Null(),
               Null()});
  }
  return Status::OK();
}

Status SettingsRows(Database&, const SystemScanContext&, Rows* rows) {
  static const SessionSettings defaults;
  for (const auto& [name, value] : defaults.values()) {
    rows->Add({name, value, Null(), "Ungrouped", "", Null(), "user", "string", "default", Null(),
               Null(), Null(), value, value, Null(), Null(), false});
  }
  return Status::OK();
}

}  // namespace

void AddPgCatalogTables(std::vector<SystemTable>* out) {
  AddRelation(out, 2615, "pg_catalog", "pg_namespace",
              {{"oid", OidT()}, {"nspname", NameT()}, {"nspowner", OidT()}, {"nspacl", ArrT()}},
              NamespaceRows);
  AddRelation(out, 1259, "pg_catalog", "pg_class",
              {{"oid", OidT()},           {"relname", NameT()},         {"relnamespace", OidT()},
               {"reltype", OidT()},       {"reloftype", OidT()},        {"relowner", OidT()},
               {"relam", OidT()},         {"relfilenode", OidT()},      {"reltablespace", OidT()},
               {"relpages", I4()},        {"reltuples", F4()},          {"relallvisible", I4()},
               {"reltoastrelid", OidT()}, {"relhasindex", BoolT()},     {"relisshared", BoolT()},
               {"relpersistence", CharT()}, {"relkind", CharT()},       {"relnatts", I2()},
               {"relchecks", I2()},       {"relhasrules", BoolT()},     {"relhastriggers", BoolT()},
               {"relhassubclass", BoolT()}, {"relrowsecurity", BoolT()},
               {"relforcerowsecurity", BoolT()}, {"relispopulated", BoolT()},
               {"relhasoids", BoolT()},
               {"relreplident", CharT()}, {"relispartition", BoolT()},  {"relrewrite", OidT()},
               {"relfrozenxid", TextT()}, {"relminmxid", TextT()},      {"relacl", ArrT()},
               {"reloptions", ArrT()},    {"relpartbound", TextT()}},
              ClassRows);
  AddRelation(out, 1249, "pg_catalog", "pg_attribute",
              {{"attrelid", OidT()},     {"attname", NameT()},       {"atttypid", OidT()},
               {"attstattarget", I4()},  {"attlen", I2()},           {"attnum", I2()},
               {"attndims", I4()},       {"attcacheoff", I4()},      {"atttypmod", I4()},
               {"attbyval", BoolT()},    {"attalign", CharT()},      {"attstorage", CharT()},
               {"attcompression", CharT()}, {"attnotnull", BoolT()}, {"atthasdef", BoolT()},
               {"atthasmissing", BoolT()}, {"attidentity", CharT()}, {"attgenerated", CharT()},
               {"attisdropped", BoolT()}, {"attislocal", BoolT()},   {"attinhcount", I4()},
               {"attcollation", OidT()}, {"attacl", ArrT()},         {"attoptions", ArrT()},
               {"attfdwoptions", ArrT()}, {"attmissingval", ArrT()}},
              AttributeRows);
  AddRelation(out, 1247, "pg_catalog", "pg_type",
              {{"oid", OidT()},          {"typname", NameT()},       {"typnamespace", OidT()},
               {"typowner", OidT()},     {"typlen", I2()},           {"typbyval", BoolT()},
               {"typtype", CharT()},     {"typcategory", CharT()},   {"typispreferred", BoolT()},
               {"typisdefined", BoolT()}, {"typdelim", CharT()},     {"typrelid", OidT()},
               {"typsubscript", TextT()}, {"typelem", OidT()},       {"typarray", OidT()},
               {"typinput", TextT()},    {"typoutput", TextT()},     {"typreceive", TextT()},
               {"typsend", TextT()},     {"typmodin", TextT()},      {"typmodout", TextT()},
               {"typanalyze", TextT()},  {"typalign", CharT()},      {"typstorage", CharT()},
               {"typnotnull", BoolT()},  {"typbasetype", OidT()},    {"typtypmod", I4()},
               {"typndims", I4()},       {"typcollation", OidT()},   {"typdefaultbin", TextT()},
               {"typdefault", TextT()},  {"typacl", ArrT()}},
              TypeRows);
  AddRelation(out, 2610, "pg_catalog", "pg_index",
              {{"indexrelid", OidT()},   {"indrelid", OidT()},       {"indnatts", I2()},
               {"indnkeyatts", I2()},    {"indisunique", BoolT()},   {"indnullsnotdistinct", BoolT()},
               {"indisprimary", BoolT()}, {"indisexclusion", BoolT()}, {"indimmediate", BoolT()},
               {"indisclustered", BoolT()}, {"indisvalid", BoolT()}, {"indcheckxmin", BoolT()},
               {"indisready", BoolT()},  {"indislive", BoolT()},     {"indisreplident", BoolT()},
               {"indkey", ArrT()},       {"indcollation", ArrT()},   {"indclass", ArrT()},
               {"indoption", ArrT()},    {"indexprs", TextT()},      {"indpred", TextT()}},
              IndexRows);
  AddRelation(out, 2606, "pg_catalog", "pg_constraint",
              {{"oid", OidT()},          {"conname", NameT()},       {"connamespace", OidT()},
               {"contype", CharT()},     {"condeferrable", BoolT()}, {"condeferred", BoolT()},
               {"convalidated", BoolT()}, {"conrelid", OidT()},      {"contypid", OidT()},
               {"conindid", OidT()},     {"conparentid", OidT()},    {"confrelid", OidT()},
               {"confupdtype", CharT()}, {"confdeltype", CharT()},   {"confmatchtype", CharT()},
               {"conislocal", BoolT()},  {"coninhcount", I4()},      {"connoinherit", BoolT()},
               {"conkey", ArrT()},       {"confkey", ArrT()},        {"conpfeqop", ArrT()},
               {"conppeqop", ArrT()},    {"conffeqop", ArrT()},      {"confdelsetcols", ArrT()},
               {"conexclop", ArrT()},    {"conbin", TextT()}},
              ConstraintRows);
  AddRelation(out, 2604, "pg_catalog", "pg_attrdef",
              {{"oid", OidT()}, {"adrelid", OidT()}, {"adnum", I2()}, {"adbin", TextT()}},
              AttrDefRows);
  AddEmptyRelation(out, 2609, "pg_catalog", "pg_description",
                   {{"objoid", OidT()}, {"classoid", OidT()}, {"objsubid", I4()},
                    {"description", TextT()}});
  AddEmptyRelation(out, 2396, "pg_catalog", "pg_shdescription",
                   {{"objoid", OidT()}, {"classoid", OidT()}, {"description", TextT()}});
  AddRelation(out, 2601, "pg_catalog", "pg_am",
              {{"oid", OidT()}, {"amname", NameT()}, {"amhandler", TextT()}, {"amtype", CharT()}},
              [](Database&, const SystemScanContext&, Rows* rows) {
                rows->Add({2, "heap", "heap_tableam_handler", 't'});
                rows->Add({403, "btree", "bthandler", 'i'});
                return Status::OK();
              });
  AddRelation(out, 1262, "pg_catalog", "pg_database",
              {{"oid", OidT()},          {"datname", NameT()},       {"datdba", OidT()},
               {"encoding", I4()},       {"datlocprovider", CharT()}, {"datistemplate", BoolT()},
               {"datallowconn", BoolT()}, {"datconnlimit", I4()},    {"datlastsysoid", OidT()},
               {"datfrozenxid", TextT()}, {"datminmxid", TextT()},   {"dattablespace", OidT()},
               {"datcollate", TextT()},  {"datctype", TextT()},      {"daticulocale", TextT()},
               {"datcollversion", TextT()}, {"datacl", ArrT()}},
              [](Database&, const SystemScanContext& ctx, Rows* rows) {
                rows->Add({kDatabaseOid, ctx.database, kSuperuserOid, 6, 'c', false, true, -1,
                           12000, "0", "0", 1663, "C", "C", Null(), Null(), Null()});
                return Status::OK();
              });
  AddRelation(out, 1260, "pg_catalog", "pg_authid",
              {{"oid", OidT()},          {"rolname", NameT()},       {"rolsuper", BoolT()},
               {"rolinherit", BoolT()},  {"rolcreaterole", BoolT()}, {"rolcreatedb", BoolT()},
               {"rolcanlogin", BoolT()}, {"rolreplication", BoolT()}, {"rolbypassrls", BoolT()},
               {"rolconnlimit", I4()},   {"rolpassword", TextT()},   {"rolvaliduntil", TsTzT()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                return AuthIdRows(db, ctx, rows, false);
              });
  AddRelation(out, 12001, "pg_catalog", "pg_roles",
              {{"rolname", NameT()},     {"rolsuper", BoolT()},      {"rolinherit", BoolT()},
               {"rolcreaterole", BoolT()}, {"rolcreatedb", BoolT()}, {"rolcanlogin", BoolT()},
               {"rolreplication", BoolT()}, {"rolconnlimit", I4()},  {"rolpassword", TextT()},
               {"rolvaliduntil", TsTzT()}, {"rolbypassrls", BoolT()}, {"rolconfig", ArrT()},
               {"oid", OidT()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                return AuthIdRows(db, ctx, rows, true);
              });
  AddRelation(out, 12002, "pg_catalog", "pg_user",
              {{"usename", NameT()},     {"usesysid", OidT()},       {"usecreatedb", BoolT()},
               {"usesuper", BoolT()},    {"userepl", BoolT()},       {"usebypassrls", BoolT()},
               {"passwd", TextT()},      {"valuntil", TsTzT()},      {"useconfig", ArrT()}},
              UserRows);
  AddEmptyRelation(out, 1261, "pg_catalog", "pg_auth_members",
                   {{"oid", OidT()}, {"roleid", OidT()}, {"member", OidT()}, {"grantor", OidT()},
                    {"admin_option", BoolT()}});
  AddRelation(out, 1255, "pg_catalog", "pg_proc",
              {{"oid", OidT()},          {"proname", NameT()},       {"pronamespace", OidT()},
               {"proowner", OidT()},     {"prolang", OidT()},        {"procost", F4()},
               {"prorows", F4()},        {"provariadic", OidT()},    {"prosupport", TextT()},
               {"prokind", CharT()},     {"prosecdef", BoolT()},     {"proleakproof", BoolT()},
               {"proisstrict", BoolT()}, {"proretset", BoolT()},     {"provolatile", CharT()},
               {"proparallel", CharT()}, {"pronargs", I2()},         {"pronargdefaults", I2()},
               {"prorettype", OidT()},   {"proargtypes", ArrT()},    {"proallargtypes", ArrT()},
               {"proargmodes", ArrT()},  {"proargnames", ArrT()},    {"proargdefaults", TextT()},
               {"protrftypes", ArrT()},  {"prosrc", TextT()},        {"probin", TextT()},
               {"prosqlbody", TextT()},  {"proconfig", ArrT()},      {"proacl", ArrT()}},
              ProcRows);
  AddRelation(out, 3456, "pg_catalog", "pg_collation",
              {{"oid", OidT()},          {"collname", NameT()},      {"collnamespace", OidT()},
               {"collowner", OidT()},    {"collprovider", CharT()},  {"collisdeterministic", BoolT()},
               {"collencoding", I4()},   {"collcollate", TextT()},   {"collctype", TextT()},
               {"colliculocale", TextT()}, {"collversion", TextT()}},
              [](Database&, const SystemScanContext&, Rows* rows) {
                rows->Add({100, "default", kNsPgCatalog, kSuperuserOid, 'd', true, -1, Null(),
                           Null(), Null(), Null()});
                rows->Add({950, "C", kNsPgCatalog, kSuperuserOid, 'c', true, -1, "C", "C", Null(),
                           Null()});
                rows->Add({951, "POSIX", kNsPgCatalog, kSuperuserOid, 'c', true, -1, "POSIX",
                           "POSIX", Null(), Null()});
                return Status::OK();
              });
  AddRelation(out, 1213, "pg_catalog", "pg_tablespace",
              {{"oid", OidT()}, {"spcname", NameT()}, {"spcowner", OidT()}, {"spcacl", ArrT()},
               {"spcoptions", ArrT()}},
              [](Database&, const SystemScanContext&, Rows* rows) {
                rows->Add({1663, "pg_default", kSuperuserOid, Null(), Null()});
                rows->Add({1664, "pg_global", kSuperuserOid, Null(), Null()});
                return Status::OK();
              });
  AddRelation(out, 12003, "pg_catalog", "pg_settings",
              {{"name", TextT()},        {"setting", TextT()},       {"unit", TextT()},
               {"category", TextT()},    {"short_desc", TextT()},    {"extra_desc", TextT()},
               {"context", TextT()},     {"vartype", TextT()},       {"source", TextT()},
               {"min_val", TextT()},     {"max_val", TextT()},       {"enumvals", ArrT()},
               {"boot_val", TextT()},    {"reset_val", TextT()},     {"sourcefile", TextT()},
               {"sourceline", I4()},     {"pending_restart", BoolT()}},
              SettingsRows);
}

}  // namespace kappa
