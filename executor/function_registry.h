// Scalar functions and operators: resolution by name and argument types
// (used by the binder) and vectorized implementations (used by the
// expression evaluator).
//
// Operators are functions named by their symbol: "+", "-", "*", "/", "%",
// "^", "||", "=", "<>", "<", "<=", ">", ">=", "like", "ilike", "not like",
// "not ilike", "~", "!~", "~*", "!~*", unary "neg". Everything else by its
// lower-case SQL name ("lower", "date_trunc", "now", ...).
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "common/types.h"

namespace kappa {

// Per-statement facts functions may read.
struct FunctionContext {
  int64_t statement_time_us = 0;  // now()/current_timestamp: fixed per statement
  std::string timezone = "UTC";   // session TimeZone
  std::string user = "kappa";     // current_user, session_user
  std::string database = "kappa"; // current_database()
  // Session settings for current_setting(name); may be null.
  const std::map<std::string, std::string>* settings = nullptr;
};

// Computes out[0..num_rows) from args. `out` arrives empty with the resolved
// return type set; the function appends exactly num_rows values. Errors
// (division by zero, overflow, bad input) are returned as a Status with the
// right SQLSTATE.
using ScalarFn = Status (*)(const Column* const* args, size_t num_args, size_t num_rows,
                            Column* out, const FunctionContext& ctx);

struct ScalarFunction {
  std::string name;
  // Declared argument types (after implicit casts). kUnknown declares a
  // polymorphic argument (PostgreSQL's anynonarray): any type is accepted and
  // passed uncast, an unknown literal as text.
  std::vector<DataType> arg_types;
  DataType return_type;             // declared; see ResolvedFunction::return_type
  ScalarFn fn = nullptr;
  bool variadic = false;            // last arg type repeats (concat, coalesce-like)
  bool volatile_fn = false;         // random(), now() is stable: false
};

struct ResolvedFunction {
  const ScalarFunction* function = nullptr;
  // Result type for these argument types (numeric scale, varchar length...).
  DataType return_type;
  // The type each argument must be cast to before the call (equal to the
  // given type when no cast is needed). The binder inserts the kCast nodes.
  std::vector<DataType> arg_casts;
};

// Resolves `name(arg_types...)` with PostgreSQL's rules for implicit casts
// and unknown-typed literals (func_select_candidate: exact matches, then
// preferred types, then categories for unknown literals). Errors: 42883
// undefined function (message like PostgreSQL's "function lower(integer) does
// not exist" / "operator does not exist: integer + text"), 42725 ambiguous
// ("operator is not unique: unknown + unknown").
Result<ResolvedFunction> ResolveScalarFunction(std::string_view name,
                                               const std::vector<DataType>& arg_types);

// Whether `name` is a known scalar function or operator (any overload).
bool IsScalarFunctionName(std::string_view name);

// Implicit/assignment/explicit cast rules.
enum class CastContext { kImplicit, kAssignment, kExplicit };
bool CanCast(const DataType& from, const DataType& to, CastContext ctx);

// The common type of a set of types for UNION/CASE/COALESCE/IN (PostgreSQL's
// select_common_type): 42804 if there is none, e.g. "CASE types integer and text
// cannot be matched" (the caller supplies the construct name).
Result<DataType> CommonType(const std::vector<DataType>& types, std::string_view construct);

}  // namespace kappa
