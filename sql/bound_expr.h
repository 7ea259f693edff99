// Bound expressions: what the binder produces from ast::Expr once names,
// types and functions are resolved. The executor evaluates them over whole
// chunks (executor/expression_evaluator.h), never row by row through virtual
// calls.
//
// Every node has its result `type`. Implicit casts are explicit kCast nodes
// inserted by the binder, so a function always receives the argument types it
// was resolved for.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "common/types.h"
#include "common/value.h"

namespace kappa {

struct ScalarFunction;  // executor/function_registry.h

enum class BoundExprKind {
  kColumnRef,  // column_index into the input chunk
  kConstant,   // constant
  kParam,      // param_index (0-based) into the statement's parameters
  kCast,       // children[0] cast to `type`
  kFunction,   // function(children...) with PostgreSQL NULL handling decided
               // by the function itself; operators (+, =, LIKE, ||, ...) are
               // functions too
  kAnd,        // three-valued AND over children (2 or more)
  kOr,         // three-valued OR over children
  kNot,        // NOT children[0]
  kIsNull,     // children[0] IS NULL (negated: IS NOT NULL)
  kIsDistinct, // children[0] IS DISTINCT FROM children[1] (negated: IS NOT DISTINCT)
  kCase,       // children = [when0, then0, when1, then1, ..., else?]; has_else
  kInList,     // children[0] IN (children[1..]) with SQL NULL semantics (negated)
  kCoalesce,   // first non-null of children
};

struct BoundExpr;
using BoundExprPtr = std::unique_ptr<BoundExpr>;

struct BoundExpr {
  BoundExprKind kind;
  DataType type;

  int column_index = -1;             // kColumnRef
  Value constant;                    // kConstant
  int param_index = -1;              // kParam
  const ScalarFunction* function = nullptr;  // kFunction (never null there)
  std::string function_name;         // kFunction, for EXPLAIN and errors
  bool negated = false;              // kIsNull, kIsDistinct, kInList
  bool has_else = false;             // kCase
  // kCast: true when written by the user (CAST(x AS t), x::t): a varchar(n)
  // target truncates. False for casts the binder inserts (implicit and
  // assignment casts): varchar(n) overflow fails with 22001.
  bool explicit_cast = false;
  int location = 0;                  // for runtime errors (1-based, 0 unknown)
  std::vector<BoundExprPtr> children;

  BoundExpr(BoundExprKind k, DataType t) : kind(k), type(t) {}

  BoundExprPtr Clone() const;
  // SQL-like text for EXPLAIN: "(#0 + 1)", "lower(#2)".
  std::string ToString() const;

  static BoundExprPtr ColumnRef(int index, DataType t);
  static BoundExprPtr Constant(Value v);
};

}  // namespace kappa
