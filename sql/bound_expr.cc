#include "sql/bound_expr.h"

#include "common/value_format.h"

namespace kappa {
namespace {

bool IsOperator(const std::string& name) {
  if (name.empty()) return false;
  if (name == "like" || name == "ilike" || name == "not like" || name == "not ilike") return true;
  char c = name[0];
  return !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_');
}

std::string Upper(std::string s) {
  for (char& c : s) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 32);
  }
  return s;
}

std::string ConstantText(const Value& v) {
  if (v.is_null) return "NULL";
  std::string text = FormatValue(v);
  switch (v.type.id) {
    case TypeId::kBool:
      return v.i ? "true" : "false";
    case TypeId::kInt16:
    case TypeId::kInt32:
    case TypeId::kInt64:
    case TypeId::kNumeric:
    case TypeId::kFloat64:
    case TypeId::kFloat32:
      return text;
    default: {
      std::string out = "'";
      for (char c : text) {
        if (c == '\'') out.push_back('\'');
        out.push_back(c);
      }
      out.push_back('\'');
      return out;
    }
  }
}

}  // namespace

BoundExprPtr BoundExpr::Clone() const {
  auto e = std::make_unique<BoundExpr>(kind, type);
  e->column_index = column_index;
  e->constant = constant;
  e->param_index = param_index;
  e->function = function;
  e->function_name = function_name;
  e->negated = negated;
  e->has_else = has_else;
  e->explicit_cast = explicit_cast;
  e->location = location;
  e->children.reserve(children.size());
  for (const auto& c : children) e->children.push_back(c->Clone());
  return e;
}

std::string BoundExpr::ToString() const {
  auto child = [this](size_t i) { return children[i]->ToString(); };
  auto join = [this](const char* sep, size_t from) {
    std::string s;
    for (size_t i = from; i < children.size(); ++i) {
      if (i > from) s += sep;
      s += children[i]->ToString();
    }
    return s;
  };
  switch (kind) {
    case BoundExprKind::kColumnRef:
      return "#" + std::to_string(column_index);
    case BoundExprKind::kConstant:
      return ConstantText(constant);
    case BoundExprKind::kParam:
      return "$" + std::to_string(param_index + 1);
    case BoundExprKind::kCast:
      return "(" + child(0) + ")::" + TypeName(type);
    case BoundExprKind::kFunction:
      if (function_name == "neg" && children.size() == 1) return "(- " + child(0) + ")";
      if (IsOperator(function_name) && children.size() == 2) {
        std::string op = function_name;
        if (op == "like" || op == "ilike" || op == "not like" || op == "not ilike") op = Upper(op);
        return "(" + child(0) + " " + op + " " + child(1) + ")";
      }
      return function_name + "(" + join(", ", 0) + ")";
    case BoundExprKind::kAnd:
      return "(" + join(" AND ", 0) + ")";
    case BoundExprKind::kOr:
      return "(" + join(" OR ", 0) + ")";
    case BoundExprKind::kNot:
      return "(NOT " + child(0) + ")";
    case BoundExprKind::kIsNull:
      return "(" + child(0) + (negated ? " IS NOT NULL)" : " IS NULL)");
    case BoundExprKind::kIsDistinct:
      return "(" + child(0) + (negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ") +
             child(1) + ")";
    case BoundExprKind::kCase: {
      std::string s = "CASE";
      size_t pairs = (children.size() - (has_else ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; ++i) {
        s += " WHEN " + child(2 * i) + " THEN " + child(2 * i + 1);
      }
      if (has_else) s += " ELSE " + child(children.size() - 1);
      return s + " END";
    }
    case BoundExprKind::kInList:
      return "(" + child(0) + (negated ? " NOT IN (" : " IN (") + join(", ", 1) + "))";
    case BoundExprKind::kCoalesce:
      return "COALESCE(" + join(", ", 0) + ")";
  }
  return "?";
}

BoundExprPtr BoundExpr::ColumnRef(int index, DataType t) {
  auto e = std::make_unique<BoundExpr>(BoundExprKind::kColumnRef, t);
  e->column_index = index;
  return e;
}

BoundExprPtr BoundExpr::Constant(Value v) {
  auto e = std::make_unique<BoundExpr>(BoundExprKind::kConstant, v.type);
  e->constant = std::move(v);
  return e;
}

}  // namespace kappa
