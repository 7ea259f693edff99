// Output column names as PostgreSQL's FigureColname chooses them, and a few
// naming helpers.
#include "sql/binder/query_binder.h"

namespace kappa::binder {

std::string InternalTypeName(TypeId id) {
  switch (id) {
    case TypeId::kUnknown: return "unknown";
    case TypeId::kBool: return "bool";
    case TypeId::kInt16: return "int2";
    case TypeId::kInt32: return "int4";
    case TypeId::kInt64: return "int8";
    case TypeId::kFloat32: return "float4";
    case TypeId::kFloat64: return "float8";
    case TypeId::kNumeric: return "numeric";
    case TypeId::kVarchar: return "varchar";
    case TypeId::kText: return "text";
    case TypeId::kDate: return "date";
    case TypeId::kTime: return "time";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kTimestampTz: return "timestamptz";
    case TypeId::kInterval: return "interval";
  }
  return "unknown";
}

namespace {

// Returns the strength of the name found: 0 none, 1 weak (type names), 2
// strong (column and function names), as PostgreSQL's FigureColnameInternal.
int Figure(const ast::Expr& e, std::string* name, int depth) {
  if (depth > kMaxBindDepth) return 0;
  switch (e.kind) {
    case ast::ExprKind::kColumnRef:
      if (e.name.empty()) return 0;
      *name = e.name.back();
      return 2;
    case ast::ExprKind::kFunction: {
      std::string n = e.func_name;
      size_t dot = n.rfind('.');
      if (dot != std::string::npos) n = n.substr(dot + 1);
      *name = n;
      return 2;
    }
    case ast::ExprKind::kCast: {
      int s = e.children.empty() ? 0 : Figure(*e.children[0], name, depth + 1);
      if (s <= 1) {
        *name = InternalTypeName(e.cast_type.type.id);
        return 1;
      }
      return s;
    }
    case ast::ExprKind::kCase: {
      int s = e.case_else ? Figure(*e.case_else, name, depth + 1) : 0;
      if (s <= 1) {
        *name = "case";
        return 1;
      }
      return s;
    }
    case ast::ExprKind::kExists:
      *name = "exists";
      return 2;
    case ast::ExprKind::kArray:
      *name = "array";
      return 2;
    case ast::ExprKind::kRow:
      *name = "row";
      return 2;
    case ast::ExprKind::kCollate:
      return e.children.empty() ? 0 : Figure(*e.children[0], name, depth + 1);
    case ast::ExprKind::kSubquery: {
      // The name of the subquery's first output column.
      const ast::SelectStmt* q = e.subquery.get();
      while (q != nullptr && q->set_op != ast::SetOp::kNone) q = q->left.get();
      if (q == nullptr) return 0;
      if (!q->values_rows.empty()) {
        *name = "column1";
        return 2;
      }
      if (q->targets.empty()) return 0;
      const auto& t = q->targets[0];
      if (!t.alias.empty()) {
        *name = t.alias;
        return 2;
      }
      if (t.expr && t.expr->kind != ast::ExprKind::kStar && Figure(*t.expr, name, depth + 1) > 0) {
        return 2;
      }
      *name = "?column?";
      return 2;
    }
    default:
      return 0;
  }
}

}  // namespace

std::string FigureColumnName(const ast::Expr& e) {
  std::string name;
  if (Figure(e, &name, 0) == 0) return "?column?";
  return name;
}

const char* ClauseName(Clause c) {
  switch (c) {
    case Clause::kWhere: return "WHERE";
    case Clause::kJoinOn: return "JOIN conditions";
    case Clause::kGroupBy: return "GROUP BY";
    case Clause::kHaving: return "HAVING";
    case Clause::kSelect: return "SELECT";
    case Clause::kOrderBy: return "ORDER BY";
    case Clause::kValues: return "VALUES";
    case Clause::kLimit: return "LIMIT";
    case Clause::kOffset: return "OFFSET";
    case Clause::kRow: return "this context";
    case Clause::kFunctionArg: return "functions in FROM";
    case Clause::kWindow: return "window definitions";
  }
  return "this context";
}

Status DepthError() {
  return Status::Error(sqlstate::kStatementTooComplex, "stack depth limit exceeded")
      .WithHint("Simplify the query: expressions and subqueries nest too deeply.");
}

}  // namespace kappa::binder
