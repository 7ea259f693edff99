#include "executor/expression_evaluator.h"

#include <deque>

#include "executor/cast.h"
#include "executor/functions/compare.h"

namespace kappa {
namespace {

// Sets dst row i from src row j (same physical kind; dst already sized).
void SetRow(Column* dst, size_t i, const Column& src, size_t j) {
  dst->nulls[i] = src.nulls[j];
  switch (Physical(dst->type)) {
    case PhysicalKind::kInt64: dst->ints[i] = src.ints[j]; break;
    case PhysicalKind::kFloat64: dst->floats[i] = src.floats[j]; break;
    case PhysicalKind::kDecimal: dst->decimals[i] = src.decimals[j]; break;
    case PhysicalKind::kString: dst->strings[i] = src.strings[j]; break;
    case PhysicalKind::kInterval: dst->intervals[i] = src.intervals[j]; break;
  }
}

void ResizeNull(Column* c, size_t n) {
  c->Clear();
  c->nulls.assign(n, 1);
  switch (Physical(c->type)) {
    case PhysicalKind::kInt64: c->ints.assign(n, 0); break;
    case PhysicalKind::kFloat64: c->floats.assign(n, 0); break;
    case PhysicalKind::kDecimal: c->decimals.assign(n, Decimal{}); break;
    case PhysicalKind::kString: c->strings.assign(n, std::string()); break;
    case PhysicalKind::kInterval: c->intervals.assign(n, Interval{}); break;
  }
}

void Broadcast(const Value& v, size_t n, Column* out) {
  out->Clear();
  if (v.is_null) {
    ResizeNull(out, n);
    return;
  }
  out->nulls.assign(n, 0);
  switch (Physical(out->type)) {
    case PhysicalKind::kInt64: out->ints.assign(n, v.i); break;
    case PhysicalKind::kFloat64: out->floats.assign(n, v.f); break;
    case PhysicalKind::kDecimal: out->decimals.assign(n, v.d); break;
    case PhysicalKind::kString: out->strings.assign(n, v.s); break;
    case PhysicalKind::kInterval: out->intervals.assign(n, v.iv); break;
  }
}

void CollectColumns(const BoundExpr& e, std::vector<uint8_t>* used) {
  if (e.kind == BoundExprKind::kColumnRef && e.column_index >= 0) {
    if (static_cast<size_t>(e.column_index) >= used->size()) used->resize(e.column_index + 1, 0);
    (*used)[e.column_index] = 1;
  }
  for (const auto& c : e.children) CollectColumns(*c, used);
}

// The rows `rows` of `in`, keeping only the columns `e` reads.
Chunk SubsetFor(const BoundExpr& e, const Chunk& in, const std::vector<uint32_t>& rows) {
  std::vector<uint8_t> used;
  CollectColumns(e, &used);
  Chunk out(in.Types());
  for (size_t c = 0; c < in.columns.size(); ++c) {
    if (c < used.size() && used[c]) {
      out.columns[c].AppendSelected(in.columns[c], rows.data(), rows.size());
    }
  }
  out.num_rows = rows.size();
  return out;
}

class Evaluator {
 public:
  explicit Evaluator(const EvalContext& ctx) : ctx_(ctx) {}

  // Evaluates e over `in`; *result points at an input column or a temporary
  // owned by this evaluator.
  Status Eval(const BoundExpr& e, const Chunk& in, const Column** result) {
    const size_t n = in.num_rows;
    switch (e.kind) {
      case BoundExprKind::kColumnRef: {
        if (e.column_index < 0 || static_cast<size_t>(e.column_index) >= in.columns.size()) {
          return Status::Internal("column reference out of range");
        }
        *result = &in.columns[e.column_index];
        return Status::OK();
      }
      case BoundExprKind::kConstant: {
        Column* out = NewTemp(e.type);
        if (!e.constant.is_null && e.constant.type.id != e.type.id) {
          KAPPA_ASSIGN_OR_RETURN(Value v, CastValue(e.constant, e.type, CastContext::kExplicit));
          Broadcast(v, n, out);
        } else {
          Broadcast(e.constant, n, out);
        }
        *result = out;
        return Status::OK();
      }
      case BoundExprKind::kParam: {
        Column* out = NewTemp(e.type);
        if (ctx_.params == nullptr || e.param_index < 0 ||
            static_cast<size_t>(e.param_index) >= ctx_.params->size()) {
          return Status::Error(sqlstate::kUndefinedParameter,
                               "there is no parameter $" + std::to_string(e.param_index + 1));
        }
        const Value& p = (*ctx_.params)[e.param_index];
        if (!p.is_null && p.type.id != e.type.id) {
          auto v = CastValue(p, e.type, CastContext::kExplicit);
          if (!v.ok()) return v.status();
          Broadcast(*v, n, out);
        } else {
          Broadcast(p, n, out);
        }
        *result = out;
        return Status::OK();
      }
      case BoundExprKind::kCast: {
        const Column* child;
        KAPPA_RETURN_IF_ERROR(Eval(*e.children[0], in, &child));
        Column* out = NewTemp(e.type);
        Status st = CastColumn(*child, e.type,
                               e.explicit_cast ? CastContext::kExplicit : CastContext::kAssignment,
                               out);
        if (!st.ok()) return st.WithPosition(e.location);
        *result = out;
        return Status::OK();
      }
      case BoundExprKind::kFunction: {
        if (e.function == nullptr || e.function->fn == nullptr) {
          return Status::Internal("unresolved function " + e.function_name);
        }
        std::vector<const Column*> args(e.children.size());
        for (size_t i = 0; i < e.children.size(); ++i) {
          KAPPA_RETURN_IF_ERROR(Eval(*e.children[i], in, &args[i]));
        }
        Column* out = NewTemp(e.type);
        Status st = e.function->fn(args.data(), args.size(), n, out, ctx_.fn);
        if (!st.ok()) return st.WithPosition(e.location);
        if (out->size() != n) return Status::Internal("function " + e.function_name + " row count");
        *result = out;
        return Status::OK();
      }
      case BoundExprKind::kAnd:
      case BoundExprKind::kOr:
        return EvalAndOr(e, in, result);
      case BoundExprKind::kNot: {
        const Column* c;
        KAPPA_RETURN_IF_ERROR(Eval(*e.children[0], in, &c));
        Column* out = NewTemp(DataType(TypeId::kBool));
        out->nulls = c->nulls;
        out->ints.resize(n);
        for (size_t i = 0; i < n; ++i) out->ints[i] = c->ints[i] == 0;
        *result = out;
        return Status::OK();
      }
      case BoundExprKind::kIsNull: {
        const Column* c;
        KAPPA_RETURN_IF_ERROR(Eval(*e.children[0], in, &c));
        Column* out = NewTemp(DataType(TypeId::kBool));
        out->nulls.assign(n, 0);
        out->ints.resize(n);
        for (size_t i = 0; i < n; ++i) out->ints[i] = (c->nulls[i] != 0) != e.negated;
        *result = out;
        return Status::OK();
      }
      case BoundExprKind::kIsDistinct: {
        const Column *a, *b;
        KAPPA_RETURN_IF_ERROR(EvalPair(*e.children[0], *e.children[1], in, &a, &b));
        Column* out = NewTemp(DataType(TypeId::kBool));
        out->nulls.assign(n, 0);
        out->ints.resize(n);
        for (size_t i = 0; i < n; ++i) {
          bool distinct;
          if (a->nulls[i] || b->nulls[i]) {
            distinct = a->nulls[i] != b->nulls[i];
          } else {
            distinct = fn::CompareRows(*a, i, *b, i) != 0;
          }
          out->ints[i] = distinct != e.negated;
        }
        *result = out;
        return Status::OK();
      }
      case BoundExprKind::kCase:
        return EvalCase(e, in, result);
      case BoundExprKind::kInList:
        return EvalInList(e, in, result);
      case BoundExprKind::kCoalesce:
        return EvalCoalesce(e, in, result);
    }
    return Status::Internal("unknown expression kind");
  }

 private:
  Column* NewTemp(DataType t) {
    temps_.emplace_back(t);
    return &temps_.back();
  }

  // Evaluates e and converts the result to `type` if needed.
  Status EvalAs(const BoundExpr& e, const Chunk& in, const DataType& type, const Column** result) {
    KAPPA_RETURN_IF_ERROR(Eval(e, in, result));
    if ((*result)->type.id != type.id && Physical((*result)->type) != Physical(type)) {
      Column* out = NewTemp(type);
      KAPPA_RETURN_IF_ERROR(CastColumn(**result, type, CastContext::kAssignment, out));
      *result = out;
    } else if ((*result)->type.id != type.id && (*result)->type.id != TypeId::kUnknown &&
               !(IsStringType((*result)->type.id) && IsStringType(type.id))) {
      Column* out = NewTemp(type);
      KAPPA_RETURN_IF_ERROR(CastColumn(**result, type, CastContext::kAssignment, out));
      *result = out;
    }
    return Status::OK();
  }

  // Evaluates two expressions to the same comparable type.
  Status EvalPair(const BoundExpr& x, const BoundExpr& y, const Chunk& in, const Column** a,
                  const Column** b) {
    if (x.type.id == y.type.id || (IsStringType(x.type.id) && IsStringType(y.type.id))) {
      KAPPA_RETURN_IF_ERROR(Eval(x, in, a));
      return Eval(y, in, b);
    }
    KAPPA_ASSIGN_OR_RETURN(DataType common, CommonType({x.type, y.type}, "IS DISTINCT FROM"));
    KAPPA_RETURN_IF_ERROR(EvalAs(x, in, common, a));
    return EvalAs(y, in, common, b);
  }

  // Evaluates e on the rows `rows` of `in` only (all rows when rows covers
  // the whole chunk), returning a column with rows.size() entries.
  Status EvalOnRows(const BoundExpr& e, const Chunk& in, const std::vector<uint32_t>& rows,
                    const Column** result) {
    if (rows.size() == in.num_rows) return Eval(e, in, result);
    subsets_.push_back(SubsetFor(e, in, rows));
    return Eval(e, subsets_.back(), result);
  }

  Status EvalAndOr(const BoundExpr& e, const Chunk& in, const Column** result) {
    const bool is_and = e.kind == BoundExprKind::kAnd;
    const size_t n = in.num_rows;
    Column* out = NewTemp(DataType(TypeId::kBool));
    const Column* first;
    KAPPA_RETURN_IF_ERROR(Eval(*e.children[0], in, &first));
    out->nulls = first->nulls;
    out->ints = first->ints;
    for (size_t i = 0; i < n; ++i) {
      if (out->nulls[i]) out->ints[i] = 0;
      else out->ints[i] = out->ints[i] != 0;
    }
    std::vector<uint32_t> rows;
    for (size_t k = 1; k < e.children.size(); ++k) {
      // Rows not yet decided: AND is decided by FALSE, OR by TRUE.
      rows.clear();
      for (size_t i = 0; i < n; ++i) {
        bool decided = !out->nulls[i] && (out->ints[i] != 0) == !is_and;
        if (!decided) rows.push_back(static_cast<uint32_t>(i));
      }
      if (rows.empty()) break;
      const Column* c;
      KAPPA_RETURN_IF_ERROR(EvalOnRows(*e.children[k], in, rows, &c));
      for (size_t j = 0; j < rows.size(); ++j) {
        size_t i = rows[j];
        bool cnull = c->nulls[j] != 0;
        bool cval = !cnull && c->ints[j] != 0;
        if (is_and) {
          if (!cnull && !cval) {
            out->nulls[i] = 0;
            out->ints[i] = 0;
          } else if (cnull) {
            out->nulls[i] = 1;
            out->ints[i] = 0;
          }
        } else {
          if (cval) {
            out->nulls[i] = 0;
            out->ints[i] = 1;
          } else if (cnull) {
            out->nulls[i] = 1;
            out->ints[i] = 0;
          }
        }
      }
    }
    *result = out;
    return Status::OK();
  }

  Status EvalCase(const BoundExpr& e, const Chunk& in, const Column** result) {
    const size_t n = in.num_rows;
    Column* out = NewTemp(e.type);
    ResizeNull(out, n);
    std::vector<uint32_t> remaining(n);
    for (size_t i = 0; i < n; ++i) remaining[i] = static_cast<uint32_t>(i);
    size_t pairs = (e.children.size() - (e.has_else ? 1 : 0)) / 2;
    std::vector<uint32_t> taken, rest, taken_local;
    for (size_t p = 0; p < pairs && !remaining.empty(); ++p) {
      const Column* cond;
      KAPPA_RETURN_IF_ERROR(EvalOnRows(*e.children[2 * p], in, remaining, &cond));
      taken.clear();
      rest.clear();
      for (size_t j = 0; j < remaining.size(); ++j) {
        if (!cond->nulls[j] && cond->ints[j] != 0) {
          taken.push_back(remaining[j]);
        } else {
          rest.push_back(remaining[j]);
        }
      }
      if (!taken.empty()) {
        const Column* val;
        KAPPA_RETURN_IF_ERROR(EvalOnRowsAs(*e.children[2 * p + 1], in, taken, e.type, &val));
        for (size_t j = 0; j < taken.size(); ++j) SetRow(out, taken[j], *val, j);
      }
      remaining.swap(rest);
    }
    if (e.has_else && !remaining.empty()) {
      const Column* val;
      KAPPA_RETURN_IF_ERROR(EvalOnRowsAs(*e.children.back(), in, remaining, e.type, &val));
      for (size_t j = 0; j < remaining.size(); ++j) SetRow(out, remaining[j], *val, j);
    }
    *result = out;
    return Status::OK();
  }

  Status EvalOnRowsAs(const BoundExpr& e, const Chunk& in, const std::vector<uint32_t>& rows,
                      const DataType& type, const Column** result) {
    if (rows.size() == in.num_rows) return EvalAs(e, in, type, result);
    subsets_.push_back(SubsetFor(e, in, rows));
    return EvalAs(e, subsets_.back(), type, result);
  }

  Status EvalInList(const BoundExpr& e, const Chunk& in, const Column** result) {
    const size_t n = in.num_rows;
    std::vector<DataType> types;
    for (const auto& c : e.children) types.push_back(c->type);
    bool same = true;
    for (const auto& t : types) {
      if (t.id != types[0].id && !(IsStringType(t.id) && IsStringType(types[0].id))) same = false;
    }
    DataType common = types[0];
    if (!same) {
      KAPPA_ASSIGN_OR_RETURN(common, CommonType(types, "IN"));
    }
    const Column* lhs;
    KAPPA_RETURN_IF_ERROR(same ? Eval(*e.children[0], in, &lhs)
                               : EvalAs(*e.children[0], in, common, &lhs));
    Column* out = NewTemp(DataType(TypeId::kBool));
    out->nulls.assign(n, 0);
    out->ints.assign(n, 0);
    std::vector<uint8_t> saw_null(n, 0);
    // Constant items are evaluated once, on a one-row chunk.
    Chunk one;
    one.num_rows = 1;
    for (size_t k = 1; k < e.children.size(); ++k) {
      const BoundExpr& item = *e.children[k];
      bool constant = item.kind == BoundExprKind::kConstant;
      const Column* v;
      if (constant) {
        KAPPA_RETURN_IF_ERROR(same ? Eval(item, one, &v) : EvalAs(item, one, common, &v));
      } else {
        KAPPA_RETURN_IF_ERROR(same ? Eval(item, in, &v) : EvalAs(item, in, common, &v));
      }
      for (size_t i = 0; i < n; ++i) {
        if (out->ints[i]) continue;
        size_t j = constant ? 0 : i;
        if (lhs->nulls[i] || v->nulls[j]) {
          saw_null[i] = 1;
          continue;
        }
        if (fn::CompareRows(*lhs, i, *v, j) == 0) out->ints[i] = 1;
      }
    }
    for (size_t i = 0; i < n; ++i) {
      if (!out->ints[i] && saw_null[i]) {
        out->nulls[i] = 1;
      } else if (e.negated) {
        out->ints[i] = !out->ints[i];
      }
    }
    *result = out;
    return Status::OK();
  }

  Status EvalCoalesce(const BoundExpr& e, const Chunk& in, const Column** result) {
    const size_t n = in.num_rows;
    Column* out = NewTemp(e.type);
    ResizeNull(out, n);
    std::vector<uint32_t> remaining(n);
    for (size_t i = 0; i < n; ++i) remaining[i] = static_cast<uint32_t>(i);
    std::vector<uint32_t> rest;
    for (const auto& child : e.children) {
      if (remaining.empty()) break;
      const Column* v;
      KAPPA_RETURN_IF_ERROR(EvalOnRowsAs(*child, in, remaining, e.type, &v));
      rest.clear();
      for (size_t j = 0; j < remaining.size(); ++j) {
        if (v->nulls[j]) {
          rest.push_back(remaining[j]);
        } else {
          SetRow(out, remaining[j], *v, j);
        }
      }
      remaining.swap(rest);
    }
    *result = out;
    return Status::OK();
  }

  const EvalContext& ctx_;
  std::deque<Column> temps_;
  std::deque<Chunk> subsets_;
};

void CopyColumn(const Column& src, Column* out) {
  out->nulls = src.nulls;
  out->ints = src.ints;
  out->floats = src.floats;
  out->decimals = src.decimals;
  out->strings = src.strings;
  out->intervals = src.intervals;
}

}  // namespace

Status EvaluateExpression(const BoundExpr& expr, const Chunk& input, const EvalContext& ctx,
                          Column* out) {
  Evaluator ev(ctx);
  const Column* result;
  KAPPA_RETURN_IF_ERROR(ev.Eval(expr, input, &result));
  out->Clear();
  out->type = expr.type;
  if (result->type.id != expr.type.id && Physical(result->type) != Physical(expr.type)) {
    return CastColumn(*result, expr.type, CastContext::kAssignment, out);
  }
  CopyColumn(*result, out);
  out->type = expr.type;
  return Status::OK();
}

Status EvaluatePredicate(const BoundExpr& pred, const Chunk& input, const EvalContext& ctx,
                         std::vector<uint32_t>* selected) {
  Evaluator ev(ctx);
  const Column* result;
  KAPPA_RETURN_IF_ERROR(ev.Eval(pred, input, &result));
  if (Physical(result->type) != PhysicalKind::kInt64) {
    return Status::Error(sqlstate::kDatatypeMismatch, "argument of WHERE must be type boolean");
  }
  for (size_t i = 0; i < input.num_rows; ++i) {
    if (!result->nulls[i] && result->ints[i] != 0) selected->push_back(static_cast<uint32_t>(i));
  }
  return Status::OK();
}

Result<Value> EvaluateConstant(const BoundExpr& expr, const EvalContext& ctx) {
  Chunk one;
  one.num_rows = 1;
  one.weights.push_back(1);
  Column out(expr.type);
  KAPPA_RETURN_IF_ERROR(EvaluateExpression(expr, one, ctx, &out));
  return out.Get(0);
}

}  // namespace kappa
