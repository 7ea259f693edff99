// information_schema over kappadb's catalog: schemata, tables, columns,
// views, table_constraints, key_column_usage (plus the always-empty
// referential_constraints, constraint_column_usage, check_constraints,
// routines, parameters). Materialized views appear in tables (table_type
// 'VIEW'), views and columns so that BI tools (Grafana, Metabase) list them;
// PostgreSQL leaves them out. Relations of pg_catalog and information_schema
// are listed as PostgreSQL does (they are visible to every user).
#include <string>
#include <vector>

#include "server/pg_catalog_common.h"
#include "sql/pg_type_table.h"

namespace kappa {

using namespace pgcat;  // NOLINT

namespace {

const char* kIs = "information_schema";

DataType Yes() { return DataType(TypeId::kText); }  // yes_or_no
DataType Card() { return DataType(TypeId::kInt32); }  // cardinal_number
DataType Id() { return DataType(TypeId::kText); }  // sql_identifier
DataType Chars() { return DataType(TypeId::kText); }  // character_data

// information_schema.columns.data_type of a column type.
std::string DataTypeName(const DataType& t) {
  switch (t.id) {
    case TypeId::kVarchar: return "character varying";
    case TypeId::kNumeric: return "numeric";
    default: return PgFormatType(static_cast<uint32_t>(ColumnTypeOid(t)), -1);
  }
}

Status ColumnsRows(Database& db, const SystemScanContext& ctx, Rows* rows) {
  for (const TableInfoPtr& t : AllRelations(db)) {
    for (size_t i = 0; i < t->columns.size(); ++i) {
      const ColumnInfo& c = t->columns[i];
      const PgTypeEntry* pt = FindPgType(static_cast<uint32_t>(ColumnTypeOid(c.type)));
      Cell char_len, octet_len, num_prec, num_radix, num_scale, dt_prec, interval_type;
      switch (c.type.id) {
        case TypeId::kVarchar:
          if (c.type.length >= 0) {
            char_len = c.type.length;
            octet_len = c.type.length * 4;
          } else {
            octet_len = 1073741824;
          }
          break;
        case TypeId::kText: octet_len = 1073741824; break;
        case TypeId::kInt16: num_prec = 16; num_radix = 2; num_scale = 0; break;
        case TypeId::kInt32: num_prec = 32; num_radix = 2; num_scale = 0; break;
        case TypeId::kInt64: num_prec = 64; num_radix = 2; num_scale = 0; break;
        case TypeId::kFloat32: num_prec = 24; num_radix = 2; break;
        case TypeId::kFloat64: num_prec = 53; num_radix = 2; break;
        case TypeId::kNumeric:
          num_radix = 10;
          if (c.type.precision >= 0) {
            num_prec = c.type.precision;
            num_scale = c.type.scale < 0 ? 0 : c.type.scale;
          }
          break;
        case TypeId::kDate: dt_prec = 0; break;
        case TypeId::kTime:
        case TypeId::kTimestamp:
        case TypeId::kTimestampTz:
        case TypeId::kInterval: dt_prec = 6; break;
        default: break;
      }
      bool text = IsStringType(c.type.id);
      bool updatable = t->kind == RelationKind::kTable;
      rows->Add({ctx.database, t->schema, t->name, c.name, static_cast<int>(i + 1),
                 c.default_sql.empty() ? Null() : Cell(c.default_sql),
                 c.not_null ? "NO" : "YES", DataTypeName(c.type), char_len, octet_len, num_prec,
                 num_radix, num_scale, dt_prec, interval_type, Null(), Null(), Null(), Null(),
                 text ? Cell(ctx.database) : Null(), text ? Cell("pg_catalog") : Null(),
                 text ? Cell("default") : Null(), Null(), Null(), Null(), ctx.database,
                 "pg_catalog", pt ? pt->typname : "unknown", Null(), Null(), Null(), Null(),
                 std::to_string(i + 1), "NO", "NO", Null(), Null(), Null(), Null(), Null(), "NO",
                 "NEVER", Null(), updatable ? "YES" : "NO"});
    }
  }
  return Status::OK();
}

}  // namespace

void AddInformationSchemaTables(std::vector<SystemTable>* out) {
  AddRelation(out, 13001, kIs, "schemata",
              {{"catalog_name", Id()}, {"schema_name", Id()}, {"schema_owner", Id()},
               {"default_character_set_catalog", Id()}, {"default_character_set_schema", Id()},
               {"default_character_set_name", Id()}, {"sql_path", Chars()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                std::string owner = SuperuserName(db, ctx);
                for (const char* s :
                     {"information_schema", "kappa_catalog", "pg_catalog", "public"}) {
                  std::string o = std::string(s) == "public" ? "pg_database_owner" : owner;
                  rows->Add({ctx.database, s, o, Null(), Null(), Null(), Null()});
                }
                return Status::OK();
              });
  AddRelation(out, 13002, kIs, "tables",
              {{"table_catalog", Id()}, {"table_schema", Id()}, {"table_name", Id()},
               {"table_type", Chars()}, {"self_referencing_column_name", Id()},
               {"reference_generation", Chars()}, {"user_defined_type_catalog", Id()},
               {"user_defined_type_schema", Id()}, {"user_defined_type_name", Id()},
               {"is_insertable_into", Yes()}, {"is_typed", Yes()}, {"commit_action", Chars()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                for (const TableInfoPtr& t : AllRelations(db)) {
                  bool insertable = t->kind == RelationKind::kTable;
                  rows->Add({ctx.database, t->schema, t->name, TableType(*t), Null(), Null(),
                             Null(), Null(), Null(), insertable ? "YES" : "NO", "NO", Null()});
                }
                return Status::OK();
              });
  AddRelation(out, 13003, kIs, "columns",
              {{"table_catalog", Id()}, {"table_schema", Id()}, {"table_name", Id()},
               {"column_name", Id()}, {"ordinal_position", Card()}, {"column_default", Chars()},
               {"is_nullable", Yes()}, {"data_type", Chars()},
               {"character_maximum_length", Card()}, {"character_octet_length", Card()},
               {"numeric_precision", Card()}, {"numeric_precision_radix", Card()},
               {"numeric_scale", Card()}, {"datetime_precision", Card()},
               {"interval_type", Chars()}, {"interval_precision", Card()},
               {"character_set_catalog", Id()}, {"character_set_schema", Id()},
               {"character_set_name", Id()}, {"collation_catalog", Id()},
               {"collation_schema", Id()}, {"collation_name", Id()}, {"domain_catalog", Id()},
               {"domain_schema", Id()}, {"domain_name", Id()}, {"udt_catalog", Id()},
               {"udt_schema", Id()}, {"udt_name", Id()}, {"scope_catalog", Id()},
               {"scope_schema", Id()}, {"scope_name", Id()}, {"maximum_cardinality", Card()},
               {"dtd_identifier", Id()}, {"is_self_referencing", Yes()}, {"is_identity", Yes()},
               {"identity_generation", Chars()}, {"identity_start", Chars()},
               {"identity_increment", Chars()}, {"identity_maximum", Chars()},
               {"identity_minimum", Chars()}, {"identity_cycle", Yes()},
               {"is_generated", Chars()}, {"generation_expression", Chars()},
               {"is_updatable", Yes()}},
              ColumnsRows);
  AddRelation(out, 13004, kIs, "views",
              {{"table_catalog", Id()}, {"table_schema", Id()}, {"table_name", Id()},
               {"view_definition", Chars()}, {"check_option", Chars()}, {"is_updatable", Yes()},
               {"is_insertable_into", Yes()}, {"is_trigger_updatable", Yes()},
               {"is_trigger_deletable", Yes()}, {"is_trigger_insertable_into", Yes()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                for (const TableInfoPtr& t : AllRelations(db)) {
                  if (t->kind != RelationKind::kMaterializedView && t->kind != RelationKind::kView)
                    continue;
                  rows->Add({ctx.database, t->schema, t->name, t->definition_sql, "NONE", "NO",
                             "NO", "NO", "NO", "NO"});
                }
                return Status::OK();
              });
  AddRelation(out, 13005, kIs, "table_constraints",
              {{"constraint_catalog", Id()}, {"constraint_schema", Id()},
               {"constraint_name", Id()}, {"table_catalog", Id()}, {"table_schema", Id()},
               {"table_name", Id()}, {"constraint_type", Chars()}, {"is_deferrable", Yes()},
               {"initially_deferred", Yes()}, {"enforced", Yes()}, {"nulls_distinct", Yes()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                for (const TableInfoPtr& t : AllRelations(db)) {
                  if (t->primary_key.empty()) continue;
                  rows->Add({ctx.database, t->schema, t->name + "_pkey", ctx.database, t->schema,
                             t->name, "PRIMARY KEY", "NO", "NO", "YES", Null()});
                }
                return Status::OK();
              });
  AddRelation(out, 13006, kIs, "key_column_usage",
              {{"constraint_catalog", Id()}, {"constraint_schema", Id()},
               {"constraint_name", Id()}, {"table_catalog", Id()}, {"table_schema", Id()},
               {"table_name", Id()}, {"column_name", Id()}, {"ordinal_position", Card()},
               {"position_in_unique_constraint", Card()}},
              [](Database& db, const SystemScanContext& ctx, Rows* rows) {
                for (const TableInfoPtr& t : AllRelations(db)) {
                  for (size_t k = 0; k < t->primary_key.size(); ++k) {
                    rows->Add({ctx.database, t->schema, t->name + "_pkey", ctx.database,
                               t->schema, t->name, t->columns[t->primary_key[k]].name,
                               static_cast<int>(k + 1), Null()});
                  }
                }
                return Status::OK();
              });
  AddEmptyRelation(out, 13007, kIs, "referential_constraints",
                   {{"constraint_catalog", Id()}, {"constraint_schema", Id()},
                    {"constraint_name", Id()}, {"unique_constraint_catalog", Id()},
                    {"unique_constraint_schema", Id()}, {"unique_constraint_name", Id()},
                    {"match_option", Chars()}, {"update_rule", Chars()},
                    {"delete_rule", Chars()}});
  AddEmptyRelation(out, 13008, kIs, "constraint_column_usage",
                   {{"table_catalog", Id()}, {"table_schema", Id()}, {"table_name", Id()},
                    {"column_name", Id()}, {"constraint_catalog", Id()},
                    {"constraint_schema", Id()}, {"constraint_name", Id()}});
  AddEmptyRelation(out, 13009, kIs, "check_constraints",
                   {{"constraint_catalog", Id()}, {"constraint_schema", Id()},
                    {"constraint_name", Id()}, {"check_clause", Chars()}});
  AddEmptyRelation(out, 13010, kIs, "routines",
                   {{"specific_catalog", Id()}, {"specific_schema", Id()},
                    {"specific_name", Id()}, {"routine_catalog", Id()},
                    {"routine_schema", Id()}, {"routine_name", Id()}, {"routine_type", Chars()},
                    {"data_type", Chars()}});
  AddEmptyRelation(out, 13011, kIs, "sequences",
                   {{"sequence_catalog", Id()}, {"sequence_schema", Id()},
                    {"sequence_name", Id()}, {"data_type", Chars()}});
}

}  // namespace kappa
