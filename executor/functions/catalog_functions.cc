// Catalog, privilege and text-array functions (executor/functions/catalog_functions.h).
#include "executor/functions/catalog_functions.h"

#include <atomic>
#include <cctype>
#include <cstdio>
#include <mutex>
#include <type_traits>

#include "common/value_format.h"
#include "executor/functions/function_util.h"
#include "sql/catalog.h"
#include "sql/pg_type_table.h"
#include "sql/role_catalog.h"

namespace kappa {

namespace {

constexpr int64_t kIndexOidBase = int64_t{1} << 30;
constexpr int64_t kConstraintOidBase = (int64_t{1} << 30) + (int64_t{1} << 29);

std::mutex g_mu;
Catalog* g_catalog = nullptr;     // GUARDED_BY(g_mu)
RoleCatalog* g_roles = nullptr;   // GUARDED_BY(g_mu)
std::atomic<TablePrivilegeHook> g_privilege_hook{nullptr};

CatalogSnapshotPtr CatalogNow() {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_catalog ? g_catalog->Snapshot() : nullptr;
}

RoleSnapshotPtr RolesNow() {
  std::lock_guard<std::mutex> lock(g_mu);
  return g_roles ? g_roles->Snapshot() : nullptr;
}

std::string QuoteIdentIfNeeded(const std::string& s) {
  bool plain = !s.empty() && (std::islower(static_cast<unsigned char>(s[0])) || s[0] == '_');
  for (char c : s) {
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) ||
          c == '_' || c == '$')) {
      plain = false;
    }
  }
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Splits a possibly qualified, possibly quoted name: "public"."T" -> {public, T}.
// Unquoted parts are lower-cased. false if malformed.
bool SplitIdent(const std::string& s, std::vector<std::string>* parts) {
  size_t i = 0;
  parts->clear();
  while (true) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::string part;
    if (i < s.size() && s[i] == '"') {
      ++i;
      bool closed = false;
      while (i < s.size()) {
        if (s[i] == '"') {
          if (i + 1 < s.size() && s[i + 1] == '"') {
            part += '"';
            i += 2;
            continue;
          }
          ++i;
          closed = true;
          break;
        }
        part += s[i++];
      }
      if (!closed || part.empty()) return false;
    } else {
      while (i < s.size() && s[i] != '.' && s[i] != ' ') {
        part += static_cast<char>(std::tolower(static_cast<unsigned char>(s[i])));
        ++i;
      }
      if (part.empty()) return false;
    }
    parts->push_back(part);
    while (i < s.size() && s[i] == ' ') ++i;
    if (i == s.size()) return true;
    if (s[i] != '.') return false;
    ++i;
  }
}

std::string ColumnList(const TableInfo& t) {
  std::string cols;
  for (size_t i = 0; i < t.primary_key.size(); ++i) {
    if (i > 0) cols += ", ";
    cols += QuoteIdentIfNeeded(t.columns[t.primary_key[i]].name);
  }
  return cols;
}

#define KAPPA_FN(name)                                                               \
  Status name(const Column* const* args, size_t num_args, size_t n, Column* out, \
              const FunctionContext& ctx)

void InitString(Column* out, size_t n) {
  out->nulls.assign(n, 0);
  out->strings.assign(n, std::string());
}
void InitInt(Column* out, size_t n) {
  out->nulls.assign(n, 0);
  out->ints.assign(n, 0);
}

bool AnyNull(const Column* const* args, size_t num_args, size_t i) {
  for (size_t a = 0; a < num_args; ++a) {
    if (args[a]->nulls[i]) return true;
  }
  return false;
}

// The strict-function row loop: for each row i < n, NULL (out->nulls[i] = 1)
// when any of strict[0..num_strict) is NULL at i, else fn(i), which writes
// out's value (or sets NULL itself). fn returns void, or a Status: the first
// error is returned at once. out must be initialized (InitString / InitInt).
template <typename Fn>
Status ForEachRow(size_t n, const Column* const* strict, size_t num_strict, Column* out,
                  const Fn& fn) {
  for (size_t i = 0; i < n; ++i) {
    if (AnyNull(strict, num_strict, i)) {
      out->nulls[i] = 1;
      continue;
    }
    if constexpr (std::is_void_v<decltype(fn(i))>) {
      fn(i);
    } else {
      KAPPA_RETURN_IF_ERROR(fn(i));
    }
  }
  return Status::OK();
}

KAPPA_FN(TableIsVisible) {
  (void)num_args;
  (void)ctx;
  InitInt(out, n);
  CatalogSnapshotPtr snap = CatalogNow();
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    int64_t oid = args[0]->ints[i];
    if (oid >= kIndexOidBase && oid < kConstraintOidBase) oid -= kIndexOidBase;
    TableInfoPtr t = snap ? snap->FindById(static_cast<uint64_t>(oid)) : nullptr;
    if (!t) {
      out->nulls[i] = 1;
      return;
    }
    out->ints[i] = (t->schema == "public" || t->schema == "pg_catalog") ? 1 : 0;
  });
}

KAPPA_FN(AlwaysTrue) {
  (void)ctx;
  InitInt(out, n);
  return ForEachRow(n, args, num_args, out, [&](size_t i) { out->ints[i] = 1; });
}

KAPPA_FN(AlwaysFalse) {
  (void)ctx;
  InitInt(out, n);
  for (size_t i = 0; i < n; ++i) out->nulls[i] = AnyNull(args, num_args, i) ? 1 : 0;
  return Status::OK();
}

KAPPA_FN(NullText) {
  (void)args;
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  out->nulls.assign(n, 1);
  return Status::OK();
}

KAPPA_FN(ZeroInt) {
  (void)ctx;
  InitInt(out, n);
  for (size_t i = 0; i < n; ++i) out->nulls[i] = AnyNull(args, num_args, i) ? 1 : 0;
  return Status::OK();
}

KAPPA_FN(FormatType) {
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    int32_t typmod = num_args > 1 && !args[1]->nulls[i] ? static_cast<int32_t>(args[1]->ints[i]) : -1;
    out->strings[i] = PgFormatType(static_cast<uint32_t>(args[0]->ints[i]), typmod);
  });
}

KAPPA_FN(GetUserById) {
  (void)num_args;
  InitString(out, n);
  RoleSnapshotPtr roles = RolesNow();
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    int64_t oid = args[0]->ints[i];
    RoleInfoPtr r = roles ? roles->FindByOid(static_cast<uint32_t>(oid)) : nullptr;
    if (r) {
      out->strings[i] = r->name;
    } else if (oid == 6171) {
      out->strings[i] = "pg_database_owner";
    } else if (oid == 10 && !roles) {
      out->strings[i] = ctx.user;
    } else {
      out->strings[i] = "unknown (OID=" + std::to_string(oid) + ")";
    }
  });
}

// pg_get_expr(text, relid[, pretty]): kappadb keeps expressions as SQL text.
KAPPA_FN(GetExpr) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) { out->strings[i] = args[0]->strings[i]; });
}

// pg_get_indexdef(index oid[, column, pretty]).
KAPPA_FN(GetIndexDef) {
  (void)ctx;
  InitString(out, n);
  CatalogSnapshotPtr snap = CatalogNow();
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    int64_t oid = args[0]->ints[i];
    TableInfoPtr t = snap && oid > kIndexOidBase
                         ? snap->FindById(static_cast<uint64_t>(oid - kIndexOidBase))
                         : nullptr;
    if (!t || t->primary_key.empty()) {
      out->nulls[i] = 1;
      return;
    }
    int64_t column = num_args > 1 && !args[1]->nulls[i] ? args[1]->ints[i] : 0;
    if (column > 0) {
      if (column > static_cast<int64_t>(t->primary_key.size())) {
        out->strings[i] = "";
      } else {
        out->strings[i] = QuoteIdentIfNeeded(t->columns[t->primary_key[column - 1]].name);
      }
      return;
    }
    out->strings[i] = "CREATE UNIQUE INDEX " + QuoteIdentIfNeeded(t->name + "_pkey") + " ON " +
                      t->schema + "." + QuoteIdentIfNeeded(t->name) + " USING btree (" +
                      ColumnList(*t) + ")";
  });
}

KAPPA_FN(GetConstraintDef) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  CatalogSnapshotPtr snap = CatalogNow();
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    int64_t oid = args[0]->ints[i];
    TableInfoPtr t = snap && oid > kConstraintOidBase
                         ? snap->FindById(static_cast<uint64_t>(oid - kConstraintOidBase))
                         : nullptr;
    if (!t || t->primary_key.empty()) {
      out->nulls[i] = 1;
      return;
    }
    out->strings[i] = "PRIMARY KEY (" + ColumnList(*t) + ")";
  });
}

std::string ViewDef(const TableInfo& t) {
  std::string d = t.definition_sql;
  while (!d.empty() && (d.back() == ';' || d.back() == ' ' || d.back() == '\n')) d.pop_back();
  return " " + d + ";";
}

KAPPA_FN(GetViewDefByOid) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  CatalogSnapshotPtr snap = CatalogNow();
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    TableInfoPtr t = snap ? snap->FindById(static_cast<uint64_t>(args[0]->ints[i])) : nullptr;
    if (!t || t->definition_sql.empty()) {
      out->nulls[i] = 1;
      return;
    }
    out->strings[i] = ViewDef(*t);
  });
}

KAPPA_FN(GetViewDefByName) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) -> Status {
    uint64_t oid = ResolveRegclass(args[0]->strings[i]);
    CatalogSnapshotPtr snap = CatalogNow();
    TableInfoPtr t = oid && snap ? snap->FindById(oid) : nullptr;
    if (!t) {
      return Status::Error(sqlstate::kUndefinedTable,
                           "relation \"" + args[0]->strings[i] + "\" does not exist");
    }
    if (t->definition_sql.empty()) {
      out->nulls[i] = 1;
      return Status::OK();
    }
    out->strings[i] = ViewDef(*t);
    return Status::OK();
  });
}

KAPPA_FN(SizePretty) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    // PostgreSQL 15's pg_size_pretty(bigint): bytes below 10 kB, then kB,
    // MB, GB, TB, keeping one extra bit for half-up rounding.
    int64_t size = args[0]->ints[i];
    const int64_t limit = 10 * 1024, limit2 = limit * 2 - 1;
    auto abs = [](int64_t x) { return x < 0 ? -x : x; };
    auto half = [](int64_t x) { return (x + (x < 0 ? -1 : 1)) / 2; };
    const char* units[] = {"bytes", "kB", "MB", "GB", "TB"};
    if (abs(size) < limit) {
      out->strings[i] = std::to_string(size) + " bytes";
      return;
    }
    int64_t v = size >> 9;
    int u = 1;
    while (u < 4 && abs(v) >= limit2) {
      v >>= 10;
      ++u;
    }
    v = half(v);
    out->strings[i] = std::to_string(v) + " " + units[u];
  });
}

KAPPA_FN(EncodingToChar) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    int64_t e = args[0]->ints[i];
    out->strings[i] = e == 6 ? "UTF8" : e == 0 ? "SQL_ASCII" : "";
  });
}

KAPPA_FN(CurrentSchemas) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    out->strings[i] = args[0]->ints[i] ? "{pg_catalog,public}" : "{public}";
  });
}

// set_config(name, value, is_local): returns the value. The session's
// settings are changed by SET; set_config does not reach them.
KAPPA_FN(SetConfig) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 2, out, [&](size_t i) { out->strings[i] = args[1]->strings[i]; });
}

// has_table_privilege([user,] table, privilege): table as name (text) or oid.
template <bool kWithUser, bool kTableIsOid>
KAPPA_FN(HasTablePrivilege) {
  (void)num_args;
  InitInt(out, n);
  const Column* table = args[kWithUser ? 1 : 0];
  const Column* priv = args[kWithUser ? 2 : 1];
  TablePrivilegeHook hook = g_privilege_hook.load();
  // Every argument is strict: ([user,] table, privilege).
  return ForEachRow(n, args, kWithUser ? 3 : 2, out, [&](size_t i) -> Status {
    uint64_t id = 0;
    if constexpr (kTableIsOid) {
      id = static_cast<uint64_t>(table->ints[i]);
    } else {
      id = ResolveRegclass(table->strings[i]);
      if (id == 0) {
        return Status::Error(sqlstate::kUndefinedTable,
                             "relation \"" + table->strings[i] + "\" does not exist");
      }
    }
    std::string user = kWithUser ? args[0]->strings[i] : ctx.user;
    out->ints[i] = hook == nullptr || hook(user, id, priv->strings[i]) ? 1 : 0;
    return Status::OK();
  });
}

KAPPA_FN(ParseIdent) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) -> Status {
    std::vector<std::string> parts;
    if (!SplitIdent(args[0]->strings[i], &parts)) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           "string is not a valid identifier: \"" + args[0]->strings[i] + "\"");
    }
    std::string s = "{";
    for (size_t p = 0; p < parts.size(); ++p) {
      if (p) s += ",";
      bool quote = parts[p].find_first_of(",\"\\{} ") != std::string::npos;
      if (quote) {
        s += '"';
        for (char c : parts[p]) {
          if (c == '"' || c == '\\') s += '\\';
          s += c;
        }
        s += '"';
      } else {
        s += parts[p];
      }
    }
    out->strings[i] = s + "}";
    return Status::OK();
  });
}

template <int kWhat>  // 0 regclass, 1 regtype, 2 regnamespace
KAPPA_FN(ToReg) {
  (void)num_args;
  (void)ctx;
  InitInt(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    int64_t oid = kWhat == 0   ? static_cast<int64_t>(ResolveRegclass(args[0]->strings[i]))
                  : kWhat == 1 ? static_cast<int64_t>(PgTypeOidByName(args[0]->strings[i]))
                               : ResolveRegnamespace(args[0]->strings[i]);
    if (oid == 0) {
      out->nulls[i] = 1;
    } else {
      out->ints[i] = oid;
    }
  });
}

Status MalformedArray(const std::string& s) {
  return Status::Error(sqlstate::kInvalidTextRepresentation, "malformed array literal: \"" + s + "\"");
}

// ForEachRow for a function of an array (its text form) in column `array`:
// fn(i, items, nulls) sees row i's elements (the vectors are reused across
// rows); a malformed array is an error (22P02).
template <typename Fn>
Status ForEachArrayRow(size_t n, const Column* const* strict, size_t num_strict,
                       const Column* array, Column* out, const Fn& fn) {
  std::vector<std::string> items;
  std::vector<bool> nulls;
  return ForEachRow(n, strict, num_strict, out, [&](size_t i) -> Status {
    const std::string& text = array->strings[i];
    if (!ParseArrayText(text, &items, &nulls)) return MalformedArray(text);
    fn(i, items, nulls);
    return Status::OK();
  });
}

// array_to_string(array, delimiter[, null_string]).
KAPPA_FN(ArrayToString) {
  (void)ctx;
  InitString(out, n);
  auto row = [&](size_t i, const auto& items, const auto& nulls) {
    std::string s;
    bool first = true;
    for (size_t k = 0; k < items.size(); ++k) {
      if (nulls[k] && (num_args < 3 || args[2]->nulls[i])) continue;
      if (!first) s += args[1]->strings[i];
      first = false;
      s += nulls[k] ? args[2]->strings[i] : items[k];
    }
    out->strings[i] = s;
  };
  return ForEachArrayRow(n, args, 2, args[0], out, row);
}

std::string ArrayOf(const std::vector<std::string>& items, const std::vector<bool>& nulls) {
  std::string s = "{";
  for (size_t k = 0; k < items.size(); ++k) {
    if (k) s += ",";
    if (nulls[k]) {
      s += "NULL";
      continue;
    }
    const std::string& v = items[k];
    bool quote = v.empty() || v.find_first_of(",\"\\{} \t\n") != std::string::npos ||
                 v == "NULL" || v == "null";
    if (!quote) {
      s += v;
      continue;
    }
    s += '"';
    for (char c : v) {
      if (c == '"' || c == '\\') s += '\\';
      s += c;
    }
    s += '"';
  }
  return s + "}";
}

// string_to_array(text, delimiter[, null_string]).
KAPPA_FN(StringToArray) {
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    const std::string& s = args[0]->strings[i];
    std::vector<std::string> items;
    if (s.empty()) {
      out->strings[i] = "{}";
      return;
    }
    if (args[1]->nulls[i]) {
      for (char c : s) items.push_back(std::string(1, c));
    } else if (args[1]->strings[i].empty()) {
      items.push_back(s);
    } else {
      const std::string& d = args[1]->strings[i];
      size_t pos = 0;
      while (true) {
        size_t next = s.find(d, pos);
        if (next == std::string::npos) {
          items.push_back(s.substr(pos));
          break;
        }
        items.push_back(s.substr(pos, next - pos));
        pos = next + d.size();
      }
    }
    std::vector<bool> nulls(items.size(), false);
    if (num_args > 2 && !args[2]->nulls[i]) {
      for (size_t k = 0; k < items.size(); ++k) nulls[k] = items[k] == args[2]->strings[i];
    }
    out->strings[i] = ArrayOf(items, nulls);
  });
}

template <int kWhat>  // 0 lower, 1 upper, 2 length, 3 cardinality
KAPPA_FN(ArrayBound) {
  (void)ctx;
  InitInt(out, n);
  auto row = [&](size_t i, const auto& items, const auto&) {
    bool dim1 = kWhat == 3 || args[1]->ints[i] == 1;
    if (kWhat == 3) {
      out->ints[i] = static_cast<int64_t>(items.size());
    } else if (items.empty() || !dim1) {
      out->nulls[i] = 1;
    } else {
      out->ints[i] = kWhat == 0 ? 1 : static_cast<int64_t>(items.size());
    }
  };
  return ForEachArrayRow(n, args, num_args, args[0], out, row);
}

// __array_contains(x, array): x = ANY(array) over the text form, with
// three-valued logic (NULL if no match and the array has a NULL).
KAPPA_FN(ArrayContains) {
  (void)num_args;
  (void)ctx;
  InitInt(out, n);
  // NULL for a NULL array; a NULL x is only NULL for a non-empty array.
  auto row = [&](size_t i, const auto& items, const auto& nulls) {
    if (items.empty()) return;  // false
    if (args[0]->nulls[i]) {
      out->nulls[i] = 1;
      return;
    }
    bool found = false, has_null = false;
    for (size_t k = 0; k < items.size(); ++k) {
      if (nulls[k]) {
        has_null = true;
      } else if (items[k] == args[0]->strings[i]) {
        found = true;
        break;
      }
    }
    if (found) {
      out->ints[i] = 1;
    } else if (has_null) {
      out->nulls[i] = 1;
    }
  };
  return ForEachArrayRow(n, args + 1, 1, args[1], out, row);
}

// __array_elem(text): one element of an array's text form (quoted when
// needed, NULL for NULL).
KAPPA_FN(ArrayElem) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  for (size_t i = 0; i < n; ++i) {
    if (args[0]->nulls[i]) {
      out->strings[i] = "NULL";
      continue;
    }
    out->strings[i] = ArrayOf({args[0]->strings[i]}, {false});
    out->strings[i] = out->strings[i].substr(1, out->strings[i].size() - 2);
  }
  return Status::OK();
}

KAPPA_FN(ArraySubscript) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  auto row = [&](size_t i, const auto& items, const auto& nulls) {
    int64_t k = args[1]->ints[i];
    if (k < 1 || k > static_cast<int64_t>(items.size()) || nulls[k - 1]) {
      out->nulls[i] = 1;
      return;
    }
    out->strings[i] = items[k - 1];
  };
  return ForEachArrayRow(n, args, 2, args[0], out, row);
}

// __series_member(n, lo, hi[, step]): n is a value of generate_series(lo,
// hi[, step]); 54000 when the series leaves kappa_catalog.series (0..9999).
KAPPA_FN(SeriesMember) {
  (void)ctx;
  InitInt(out, n);
  constexpr int64_t kMax = 9999;
  for (size_t i = 0; i < n; ++i) {
    if (AnyNull(args, num_args, i)) continue;  // false: no rows
    int64_t v = args[0]->ints[i], lo = args[1]->ints[i], hi = args[2]->ints[i];
    int64_t step = num_args > 3 ? args[3]->ints[i] : 1;
    if (step == 0) {
      return Status::Error(sqlstate::kInvalidParameterValue, "step size cannot equal zero");
    }
    int64_t a = step > 0 ? lo : hi, b = step > 0 ? hi : lo;
    if (a > b) continue;
    if (a < 0 || b > kMax) {
      return Status::Error(sqlstate::kProgramLimitExceeded,
                           "set-returning functions in kappadb produce values in 0.." +
                               std::to_string(kMax) + " only (asked for " + std::to_string(a) +
                               ".." + std::to_string(b) + ")");
    }
    if (v < a || v > b) continue;
    out->ints[i] = (step > 0 ? (v - lo) % step : (lo - v) % (-step)) == 0 ? 1 : 0;
  }
  return Status::OK();
}

void JsonString(const std::string& v, std::string* out) {
  *out += '"';
  for (unsigned char c : v) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof(buf), "\\u%04x", c);
          *out += buf;
        } else {
          *out += static_cast<char>(c);
        }
    }
  }
  *out += '"';
}

// json_build_object(k1, v1, ...): PostgreSQL's text ({"k1" : v1, ...}).
KAPPA_FN(JsonBuildObject) {
  (void)ctx;
  if (num_args % 2 != 0) {
    return Status::Error(sqlstate::kInvalidParameterValue,
                         "argument list must have even number of elements");
  }
  InitString(out, n);
  for (size_t i = 0; i < n; ++i) {
    std::string s = "{";
    for (size_t k = 0; k < num_args; k += 2) {
      if (args[k]->nulls[i]) {
        return Status::Error(sqlstate::kInvalidParameterValue, "argument " +
                                 std::to_string(k + 1) + ": key must not be null");
      }
      if (k > 0) s += ", ";
      JsonString(args[k]->Get(i).is_null ? "" : FormatValue(args[k]->Get(i)), &s);
      s += " : ";
      const Column& v = *args[k + 1];
      if (v.nulls[i]) {
        s += "null";
        continue;
      }
      Value val = v.Get(i);
      TypeId t = v.type.id;
      if (t == TypeId::kBool) {
        s += val.i ? "true" : "false";
      } else if (IsNumeric(t)) {
        s += FormatValue(val);
      } else {
        JsonString(FormatValue(val), &s);
      }
    }
    out->strings[i] = s + "}";
  }
  return Status::OK();
}

// __array_prefix(arr, p): ARRAY(SELECT p || x FROM unnest(arr) x).
KAPPA_FN(ArrayPrefix) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  std::vector<std::string> items;
  std::vector<bool> nulls;
  for (size_t i = 0; i < n; ++i) {
    if (args[0]->nulls[i]) {
      out->strings[i] = "{}";
      continue;
    }
    if (!ParseArrayText(args[0]->strings[i], &items, &nulls)) return MalformedArray(args[0]->strings[i]);
    for (size_t k = 0; k < items.size(); ++k) {
      if (args[1]->nulls[i]) {
        nulls[k] = true;
      } else if (!nulls[k]) {
        items[k] = args[1]->strings[i] + items[k];
      }
    }
    out->strings[i] = ArrayOf(items, nulls);
  }
  return Status::OK();
}

// ::regclass / ::regtype / ::regnamespace output: the name for an oid.
template <int kWhat>
KAPPA_FN(RegName) {
  (void)num_args;
  (void)ctx;
  InitString(out, n);
  return ForEachRow(n, args, 1, out, [&](size_t i) {
    int64_t oid = args[0]->ints[i];
    if (kWhat == 0) {
      out->strings[i] = RegclassName(static_cast<uint64_t>(oid));
    } else if (kWhat == 1) {
      const PgTypeEntry* e = FindPgType(static_cast<uint32_t>(oid));
      out->strings[i] = e ? e->format_name : std::to_string(oid);
    } else {
      static const std::pair<int64_t, const char*> kNs[] = {
          {11, "pg_catalog"}, {2200, "public"}, {12990, "information_schema"},
          {12991, "kappa_catalog"}};
      out->strings[i] = std::to_string(oid);
      for (const auto& [o, name] : kNs) {
        if (o == oid) out->strings[i] = name;
      }
    }
  });
}

}  // namespace

void SetCatalogForFunctions(Catalog* catalog, RoleCatalog* roles) {
  std::lock_guard<std::mutex> lock(g_mu);
  g_catalog = catalog;
  g_roles = roles;
}

void ClearCatalogForFunctions(Catalog* catalog) {
  std::lock_guard<std::mutex> lock(g_mu);
  if (g_catalog == catalog) {
    g_catalog = nullptr;
    g_roles = nullptr;
  }
}

void SetTablePrivilegeHook(TablePrivilegeHook hook) { g_privilege_hook.store(hook); }

bool ParseArrayText(const std::string& s, std::vector<std::string>* items,
                    std::vector<bool>* is_null) {
  items->clear();
  is_null->clear();
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i >= s.size() || s[i] != '{') {
    // int2vector/oidvector: "1 2 3" (or "" for none).
    std::string item;
    for (; i <= s.size(); ++i) {
      if (i == s.size() || s[i] == ' ') {
        if (!item.empty()) {
          items->push_back(item);
          is_null->push_back(false);
        }
        item.clear();
      } else if (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '-') {
        item += s[i];
      } else {
        return false;
      }
    }
    return true;
  }
  ++i;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && s[i] == '}') return true;
  while (i < s.size()) {
    while (i < s.size() && s[i] == ' ') ++i;
    std::string item;
    bool quoted = false;
    if (i < s.size() && s[i] == '"') {
      quoted = true;
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        item += s[i++];
      }
      if (i >= s.size()) return false;
      ++i;
    } else {
      while (i < s.size() && s[i] != ',' && s[i] != '}') {
        if (s[i] == '\\' && i + 1 < s.size()) ++i;
        item += s[i++];
      }
      while (!item.empty() && item.back() == ' ') item.pop_back();
    }
    bool null = !quoted && (item == "NULL" || item == "null");
    items->push_back(null ? std::string() : item);
    is_null->push_back(null);
    while (i < s.size() && s[i] == ' ') ++i;
    if (i >= s.size()) return false;
    if (s[i] == '}') return true;
    if (s[i] != ',') return false;
    ++i;
  }
  return false;
}

uint64_t ResolveRegclass(const std::string& name) {
  CatalogSnapshotPtr snap = CatalogNow();
  if (!snap) return 0;
  return ResolveRegclassIn(*snap, name);
}

uint64_t ResolveRegclassIn(const CatalogSnapshot& snap_ref, const std::string& name) {
  std::vector<std::string> parts;
  if (!SplitIdent(name, &parts) || parts.empty() || parts.size() > 2) return 0;
  const CatalogSnapshot* snap = &snap_ref;
  TableInfoPtr t = snap->Find(parts.size() == 2 ? parts[0] : "", parts.back());
  if (t) return t->id;
  // An index name <table>_pkey.
  const std::string& rel = parts.back();
  if (rel.size() > 5 && rel.compare(rel.size() - 5, 5, "_pkey") == 0) {
    TableInfoPtr base = snap->Find(parts.size() == 2 ? parts[0] : "", rel.substr(0, rel.size() - 5));
    if (base && !base->primary_key.empty()) return kIndexOidBase + base->id;
  }
  return 0;
}

int64_t ResolveRegnamespace(const std::string& name) {
  std::vector<std::string> parts;
  if (!SplitIdent(name, &parts) || parts.size() != 1) return 0;
  if (parts[0] == "pg_catalog") return 11;
  if (parts[0] == "public") return 2200;
  if (parts[0] == "information_schema") return 12990;
  if (parts[0] == "kappa_catalog") return 12991;
  return 0;
}

std::string RegclassName(uint64_t oid) {
  CatalogSnapshotPtr snap = CatalogNow();
  if (!snap) return std::to_string(oid);
  bool index = oid > static_cast<uint64_t>(kIndexOidBase) &&
               oid < static_cast<uint64_t>(kConstraintOidBase);
  TableInfoPtr t = snap->FindById(index ? oid - kIndexOidBase : oid);
  if (!t) return std::to_string(oid);
  std::string name = QuoteIdentIfNeeded(index ? t->name + "_pkey" : t->name);
  if (t->schema == "public" || t->schema == "pg_catalog") return name;
  return QuoteIdentIfNeeded(t->schema) + "." + name;
}

namespace fn {

void RegisterCatalogFunctions(Registry* r) {
  const DataType t(TypeId::kText), b(TypeId::kBool), i4(TypeId::kInt32), i8(TypeId::kInt64);
  Add(r, "pg_table_is_visible", {i8}, b, TableIsVisible);
  Add(r, "pg_type_is_visible", {i8}, b, AlwaysTrue);
  Add(r, "pg_function_is_visible", {i8}, b, AlwaysTrue);
  Add(r, "pg_collation_is_visible", {i8}, b, AlwaysTrue);
  Add(r, "pg_is_in_recovery", {}, b, AlwaysFalse);
  Add(r, "pg_relation_is_publishable", {i8}, b, AlwaysFalse);
  Add(r, "format_type", {i8, i4}, t, FormatType);
  Add(r, "pg_get_userbyid", {i8}, t, GetUserById);
  Add(r, "pg_get_expr", {t, i8}, t, GetExpr);
  Add(r, "pg_get_expr", {t, i8, b}, t, GetExpr);
  Add(r, "pg_get_indexdef", {i8}, t, GetIndexDef);
  Add(r, "pg_get_indexdef", {i8, i4, b}, t, GetIndexDef);
  Add(r, "pg_get_constraintdef", {i8}, t, GetConstraintDef);
  Add(r, "pg_get_constraintdef", {i8, b}, t, GetConstraintDef);
  Add(r, "pg_get_viewdef", {i8}, t, GetViewDefByOid);
  Add(r, "pg_get_viewdef", {i8, b}, t, GetViewDefByOid);
  Add(r, "pg_get_viewdef", {i8, i4}, t, GetViewDefByOid);
  Add(r, "pg_get_viewdef", {t}, t, GetViewDefByName);
  Add(r, "pg_get_viewdef", {t, b}, t, GetViewDefByName);
  for (const char* name : {"pg_get_ruledef", "pg_get_triggerdef", "pg_get_functiondef",
                           "pg_get_partkeydef", "pg_get_statisticsobjdef_columns",
                           "pg_get_function_arguments", "pg_get_function_result"}) {
    Add(r, name, {i8}, t, NullText);
  }
  Add(r, "pg_get_ruledef", {i8, b}, t, NullText);
  Add(r, "pg_get_triggerdef", {i8, b}, t, NullText);
  Add(r, "pg_get_serial_sequence", {t, t}, t, NullText);
  Add(r, "obj_description", {i8}, t, NullText);
  Add(r, "obj_description", {i8, t}, t, NullText);
  Add(r, "shobj_description", {i8, t}, t, NullText);
  Add(r, "col_description", {i8, i4}, t, NullText);
  Add(r, "pg_size_pretty", {i8}, t, SizePretty);
  for (const char* name : {"pg_table_size", "pg_relation_size", "pg_total_relation_size",
                           "pg_indexes_size", "pg_database_size"}) {
    Add(r, name, {i8}, i8, ZeroInt);
  }
  Add(r, "pg_database_size", {t}, i8, ZeroInt);
  Add(r, "pg_encoding_to_char", {i4}, t, EncodingToChar);
  Add(r, "current_schemas", {b}, t, CurrentSchemas);
  Add(r, "set_config", {t, t, b}, t, SetConfig);
  Add(r, "has_table_privilege", {t, t}, b, HasTablePrivilege<false, false>);
  Add(r, "has_table_privilege", {i8, t}, b, HasTablePrivilege<false, true>);
  Add(r, "has_table_privilege", {t, t, t}, b, HasTablePrivilege<true, false>);
  Add(r, "has_table_privilege", {t, i8, t}, b, HasTablePrivilege<true, true>);
  Add(r, "has_any_column_privilege", {t, t}, b, HasTablePrivilege<false, false>);
  Add(r, "has_any_column_privilege", {i8, t}, b, HasTablePrivilege<false, true>);
  Add(r, "has_any_column_privilege", {t, t, t}, b, HasTablePrivilege<true, false>);
  Add(r, "has_any_column_privilege", {t, i8, t}, b, HasTablePrivilege<true, true>);
  Add(r, "has_column_privilege", {t, t, t}, b, AlwaysTrue);
  Add(r, "has_column_privilege", {i8, t, t}, b, AlwaysTrue);
  Add(r, "has_schema_privilege", {t, t}, b, AlwaysTrue);
  Add(r, "has_schema_privilege", {t, t, t}, b, AlwaysTrue);
  Add(r, "has_schema_privilege", {i8, t}, b, AlwaysTrue);
  Add(r, "has_database_privilege", {t, t}, b, AlwaysTrue);
  Add(r, "has_database_privilege", {t, t, t}, b, AlwaysTrue);
  Add(r, "has_function_privilege", {i8, t}, b, AlwaysTrue);
  Add(r, "pg_has_role", {t, t}, b, AlwaysTrue);
  Add(r, "pg_has_role", {t, t, t}, b, AlwaysTrue);
  Add(r, "pg_has_role", {i8, t}, b, AlwaysTrue);
  Add(r, "parse_ident", {t}, t, ParseIdent);
  Add(r, "parse_ident", {t, b}, t, ParseIdent);
  Add(r, "to_regclass", {t}, i8, ToReg<0>);
  Add(r, "to_regtype", {t}, i8, ToReg<1>);
  Add(r, "to_regnamespace", {t}, i8, ToReg<2>);
  Add(r, "array_to_string", {t, t}, t, ArrayToString);
  Add(r, "array_to_string", {t, t, t}, t, ArrayToString);
  Add(r, "string_to_array", {t, t}, t, StringToArray);
  Add(r, "string_to_array", {t, t, t}, t, StringToArray);
  Add(r, "array_lower", {t, i4}, i4, ArrayBound<0>);
  Add(r, "array_upper", {t, i4}, i4, ArrayBound<1>);
  Add(r, "array_length", {t, i4}, i4, ArrayBound<2>);
  Add(r, "cardinality", {t}, i4, ArrayBound<3>);
  Add(r, "__array_contains", {t, t}, b, ArrayContains);
  Add(r, "__array_elem", {t}, t, ArrayElem);
  Add(r, "__array_prefix", {t, t}, t, ArrayPrefix);
  Add(r, "json_build_object", {DataType(TypeId::kUnknown)}, t, JsonBuildObject, true);
  Add(r, "__series_member", {i8, i8, i8}, b, SeriesMember);
  Add(r, "__series_member", {i8, i8, i8, i8}, b, SeriesMember);
  Add(r, "__array_subscript", {t, i8}, t, ArraySubscript);
  Add(r, "__regclass_name", {i8}, t, RegName<0>);
  Add(r, "__regtype_name", {i8}, t, RegName<1>);
  Add(r, "__regnamespace_name", {i8}, t, RegName<2>);
}

}  // namespace fn
}  // namespace kappa
