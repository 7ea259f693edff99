// pg_catalog relations kappadb has nothing for, which client queries still
// join or filter (an unknown column fails a whole query): they exist with
// PostgreSQL 15's columns and no rows. pg_extension lists plpgsql, as
// PostgreSQL always does.
#include <vector>

#include "server/pg_catalog_common.h"

namespace kappa {

using namespace pgcat;  // NOLINT

void AddPgCatalogEmptyTables(std::vector<SystemTable>* out) {
  const char* pc = "pg_catalog";
  AddEmptyRelation(out, 3501, pc, "pg_enum",
                   {{"oid", OidT()}, {"enumtypid", OidT()}, {"enumsortorder", F4()},
                    {"enumlabel", NameT()}});
  AddEmptyRelation(out, 3541, pc, "pg_range",
                   {{"rngtypid", OidT()}, {"rngsubtype", OidT()}, {"rngmultitypid", OidT()},
                    {"rngcollation", OidT()}, {"rngsubopc", OidT()}, {"rngcanonical", TextT()},
                    {"rngsubdiff", TextT()}});
  AddEmptyRelation(out, 2611, pc, "pg_inherits",
                   {{"inhrelid", OidT()}, {"inhparent", OidT()}, {"inhseqno", I4()},
                    {"inhdetachpending", BoolT()}});
  AddEmptyRelation(out, 2620, pc, "pg_trigger",
                   {{"oid", OidT()}, {"tgrelid", OidT()}, {"tgparentid", OidT()},
                    {"tgname", NameT()}, {"tgfoid", OidT()}, {"tgtype", I2()},
                    {"tgenabled", CharT()}, {"tgisinternal", BoolT()},
                    {"tgconstrrelid", OidT()}, {"tgconstrindid", OidT()},
                    {"tgconstraint", OidT()}, {"tgdeferrable", BoolT()},
                    {"tginitdeferred", BoolT()}, {"tgnargs", I2()}, {"tgattr", ArrT()},
                    {"tgargs", TextT()}, {"tgqual", TextT()}, {"tgoldtable", NameT()},
                    {"tgnewtable", NameT()}});
  AddEmptyRelation(out, 2618, pc, "pg_rewrite",
                   {{"oid", OidT()}, {"rulename", NameT()}, {"ev_class", OidT()},
                    {"ev_type", CharT()}, {"ev_enabled", CharT()}, {"is_instead", BoolT()},
                    {"ev_qual", TextT()}, {"ev_action", TextT()}});
  AddEmptyRelation(out, 3256, pc, "pg_policy",
                   {{"oid", OidT()}, {"polname", NameT()}, {"polrelid", OidT()},
                    {"polcmd", CharT()}, {"polpermissive", BoolT()}, {"polroles", ArrT()},
                    {"polqual", TextT()}, {"polwithcheck", TextT()}});
  AddEmptyRelation(out, 6104, pc, "pg_publication",
                   {{"oid", OidT()}, {"pubname", NameT()}, {"pubowner", OidT()},
                    {"puballtables", BoolT()}, {"pubinsert", BoolT()}, {"pubupdate", BoolT()},
                    {"pubdelete", BoolT()}, {"pubtruncate", BoolT()}, {"pubviaroot", BoolT()}});
  AddEmptyRelation(out, 6106, pc, "pg_publication_rel",
                   {{"oid", OidT()}, {"prpubid", OidT()}, {"prrelid", OidT()},
                    {"prqual", TextT()}, {"prattrs", ArrT()}});
  AddEmptyRelation(out, 6237, pc, "pg_publication_namespace",
                   {{"oid", OidT()}, {"pnpubid", OidT()}, {"pnnspid", OidT()}});
  AddEmptyRelation(out, 12010, pc, "pg_publication_tables",
                   {{"pubname", NameT()}, {"schemaname", NameT()}, {"tablename", NameT()},
                    {"attnames", ArrT()}, {"rowfilter", TextT()}});
  AddEmptyRelation(out, 6100, pc, "pg_subscription",
                   {{"oid", OidT()}, {"subdbid", OidT()}, {"subname", NameT()},
                    {"subowner", OidT()}, {"subenabled", BoolT()}, {"subconninfo", TextT()},
                    {"subslotname", NameT()}, {"subpublications", ArrT()}});
  AddEmptyRelation(out, 3381, pc, "pg_statistic_ext",
                   {{"oid", OidT()}, {"stxrelid", OidT()}, {"stxname", NameT()},
                    {"stxnamespace", OidT()}, {"stxowner", OidT()}, {"stxstattarget", I4()},
                    {"stxkeys", ArrT()}, {"stxkind", ArrT()}, {"stxexprs", TextT()}});
  AddEmptyRelation(out, 3429, pc, "pg_statistic_ext_data",
                   {{"stxoid", OidT()}, {"stxdinherit", BoolT()}, {"stxdndistinct", TextT()},
                    {"stxddependencies", TextT()}, {"stxdmcv", TextT()}, {"stxdexpr", TextT()}});
  AddEmptyRelation(out, 3118, pc, "pg_foreign_table",
                   {{"ftrelid", OidT()}, {"ftserver", OidT()}, {"ftoptions", ArrT()}});
  AddEmptyRelation(out, 1417, pc, "pg_foreign_server",
                   {{"oid", OidT()}, {"srvname", NameT()}, {"srvowner", OidT()},
                    {"srvfdw", OidT()}, {"srvtype", TextT()}, {"srvversion", TextT()},
                    {"srvacl", ArrT()}, {"srvoptions", ArrT()}});
  AddEmptyRelation(out, 2328, pc, "pg_foreign_data_wrapper",
                   {{"oid", OidT()}, {"fdwname", NameT()}, {"fdwowner", OidT()},
                    {"fdwhandler", OidT()}, {"fdwvalidator", OidT()}, {"fdwacl", ArrT()},
                    {"fdwoptions", ArrT()}});
  AddEmptyRelation(out, 3350, pc, "pg_partitioned_table",
                   {{"partrelid", OidT()}, {"partstrat", CharT()}, {"partnatts", I2()},
                    {"partdefid", OidT()}, {"partattrs", ArrT()}, {"partclass", ArrT()},
                    {"partcollation", ArrT()}, {"partexprs", TextT()}});
  AddEmptyRelation(out, 2224, pc, "pg_sequence",
                   {{"seqrelid", OidT()}, {"seqtypid", OidT()}, {"seqstart", I8()},
                    {"seqincrement", I8()}, {"seqmax", I8()}, {"seqmin", I8()},
                    {"seqcache", I8()}, {"seqcycle", BoolT()}});
  AddEmptyRelation(out, 12011, pc, "pg_sequences",
                   {{"schemaname", NameT()}, {"sequencename", NameT()},
                    {"sequenceowner", NameT()}, {"data_type", TextT()}, {"start_value", I8()},
                    {"min_value", I8()}, {"max_value", I8()}, {"increment_by", I8()},
                    {"cycle", BoolT()}, {"cache_size", I8()}, {"last_value", I8()}});
  AddRelation(out, 3079, pc, "pg_extension",
              {{"oid", OidT()}, {"extname", NameT()}, {"extowner", OidT()},
               {"extnamespace", OidT()}, {"extrelocatable", BoolT()}, {"extversion", TextT()},
               {"extconfig", ArrT()}, {"extcondition", ArrT()}},
              [](Database&, const SystemScanContext&, Rows* rows) {
                rows->Add({13000, "plpgsql", kSuperuserOid, kNsPgCatalog, false, "1.0", Null(),
                           Null()});
                return Status::OK();
              });
  AddEmptyRelation(out, 2608, pc, "pg_depend",
                   {{"classid", OidT()}, {"objid", OidT()}, {"objsubid", I4()},
                    {"refclassid", OidT()}, {"refobjid", OidT()}, {"refobjsubid", I4()},
                    {"deptype", CharT()}});
  AddEmptyRelation(out, 1214, pc, "pg_shdepend",
                   {{"dbid", OidT()}, {"classid", OidT()}, {"objid", OidT()},
                    {"objsubid", I4()}, {"refclassid", OidT()}, {"refobjid", OidT()},
                    {"deptype", CharT()}});
  AddEmptyRelation(out, 3466, pc, "pg_event_trigger",
                   {{"oid", OidT()}, {"evtname", NameT()}, {"evtevent", NameT()},
                    {"evtowner", OidT()}, {"evtfoid", OidT()}, {"evtenabled", CharT()},
                    {"evttags", ArrT()}});
  AddEmptyRelation(out, 826, pc, "pg_default_acl",
                   {{"oid", OidT()}, {"defaclrole", OidT()}, {"defaclnamespace", OidT()},
                    {"defaclobjtype", CharT()}, {"defaclacl", ArrT()}});
  AddEmptyRelation(out, 2964, pc, "pg_db_role_setting",
                   {{"setdatabase", OidT()}, {"setrole", OidT()}, {"setconfig", ArrT()}});
  AddEmptyRelation(out, 3596, pc, "pg_seclabel",
                   {{"objoid", OidT()}, {"classoid", OidT()}, {"objsubid", I4()},
                    {"provider", TextT()}, {"label", TextT()}});
  AddEmptyRelation(out, 3394, pc, "pg_init_privs",
                   {{"objoid", OidT()}, {"classoid", OidT()}, {"objsubid", I4()},
                    {"privtype", CharT()}, {"initprivs", ArrT()}});
  AddEmptyRelation(out, 2605, pc, "pg_cast",
                   {{"oid", OidT()}, {"castsource", OidT()}, {"casttarget", OidT()},
                    {"castfunc", OidT()}, {"castcontext", CharT()}, {"castmethod", CharT()}});
  AddEmptyRelation(out, 2617, pc, "pg_operator",
                   {{"oid", OidT()}, {"oprname", NameT()}, {"oprnamespace", OidT()},
                    {"oprowner", OidT()}, {"oprkind", CharT()}, {"oprcanmerge", BoolT()},
                    {"oprcanhash", BoolT()}, {"oprleft", OidT()}, {"oprright", OidT()},
                    {"oprresult", OidT()}, {"oprcom", OidT()}, {"oprnegate", OidT()},
                    {"oprcode", TextT()}, {"oprrest", TextT()}, {"oprjoin", TextT()}});
  AddEmptyRelation(out, 2612, pc, "pg_language",
                   {{"oid", OidT()}, {"lanname", NameT()}, {"lanowner", OidT()},
                    {"lanispl", BoolT()}, {"lanpltrusted", BoolT()}, {"lanplcallfoid", OidT()},
                    {"laninline", OidT()}, {"lanvalidator", OidT()}, {"lanacl", ArrT()}});
  AddEmptyRelation(out, 2607, pc, "pg_conversion",
                   {{"oid", OidT()}, {"conname", NameT()}, {"connamespace", OidT()},
                    {"conowner", OidT()}, {"conforencoding", I4()}, {"contoencoding", I4()},
                    {"conproc", TextT()}, {"condefault", BoolT()}});
  AddEmptyRelation(out, 2616, pc, "pg_opclass",
                   {{"oid", OidT()}, {"opcmethod", OidT()}, {"opcname", NameT()},
                    {"opcnamespace", OidT()}, {"opcowner", OidT()}, {"opcfamily", OidT()},
                    {"opcintype", OidT()}, {"opcdefault", BoolT()}, {"opckeytype", OidT()}});
  AddEmptyRelation(out, 12012, pc, "pg_locks",
                   {{"locktype", TextT()}, {"database", OidT()}, {"relation", OidT()},
                    {"pid", I4()}, {"mode", TextT()}, {"granted", BoolT()}});
}

}  // namespace kappa
