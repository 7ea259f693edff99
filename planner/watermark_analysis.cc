#include "planner/watermark_analysis.h"

#include <string>

namespace kappa {

namespace {

const BoundExpr* StripCasts(const BoundExpr* e) {
  while (e->kind == BoundExprKind::kCast && !e->children.empty()) e = e->children[0].get();
  return e;
}

// A monotone non-decreasing function of one watermarked column, other
// arguments constant (the same list ProjectOperator maps).
bool IsMonotoneOfWatermark(const BoundExpr& expr, const std::vector<bool>& in) {
  const BoundExpr* e = StripCasts(&expr);
  if (e->kind == BoundExprKind::kColumnRef) {
    return e->column_index >= 0 && static_cast<size_t>(e->column_index) < in.size() &&
           in[e->column_index];
  }
  if (e->kind != BoundExprKind::kFunction) return false;
  const std::string& f = e->function_name;
  if (f != "tumble_start" && f != "date_bin" && f != "+" && f != "-" && f != "date_trunc" &&
      f != "hop_start") {
    return false;
  }
  int monotone_args = 0;
  for (size_t i = 0; i < e->children.size(); ++i) {
    const BoundExpr* c = StripCasts(e->children[i].get());
    if (c->kind == BoundExprKind::kConstant) continue;
    if (f == "-" && i == 1) return false;  // c - ts decreases
    if (!IsMonotoneOfWatermark(*c, in)) return false;
    ++monotone_args;
  }
  return monotone_args == 1;
}

std::vector<bool> Analyze(const LogicalPlan& p, const CatalogSnapshot& catalog, bool* agg_ok,
                          int* aggs) {
  std::vector<bool> out(p.columns.size(), false);
  std::vector<std::vector<bool>> kids;
  for (const auto& c : p.children) kids.push_back(Analyze(*c, catalog, agg_ok, aggs));
  switch (p.kind) {
    case LogicalKind::kScan: {
      TableInfoPtr t = catalog.FindById(p.table_id);
      if (t && t->watermark_column >= 0) {
        for (size_t i = 0; i < p.scan_columns.size(); ++i) {
          if (p.scan_columns[i] == t->watermark_column) out[i] = true;
        }
      }
      break;
    }
    case LogicalKind::kFilter:
    case LogicalKind::kDistinct:
    case LogicalKind::kSetOp:
      if (!kids.empty()) out = kids[0];
      out.resize(p.columns.size(), false);
      break;
    case LogicalKind::kProject:
      for (size_t i = 0; i < p.exprs.size() && i < out.size(); ++i) {
        out[i] = IsMonotoneOfWatermark(*p.exprs[i], kids[0]);
      }
      break;
    case LogicalKind::kAggregate: {
      ++*aggs;
      bool any = false;
      for (size_t i = 0; i < p.group_exprs.size(); ++i) {
        const BoundExpr* e = StripCasts(p.group_exprs[i].get());
        if (e->kind == BoundExprKind::kColumnRef && kids[0][e->column_index]) {
          out[i] = true;
          any = true;
        }
      }
      if (!any) *agg_ok = false;
      break;
    }
    case LogicalKind::kJoin: {
      const size_t lw = p.children[0]->columns.size();
      for (size_t k = 0; k < p.left_keys.size(); ++k) {
        const BoundExpr* l = StripCasts(p.left_keys[k].get());
        const BoundExpr* r = StripCasts(p.right_keys[k].get());
        if (l->kind == BoundExprKind::kColumnRef && r->kind == BoundExprKind::kColumnRef &&
            kids[0][l->column_index] && kids[1][r->column_index]) {
          out[l->column_index] = true;
          if (lw + r->column_index < out.size()) out[lw + r->column_index] = true;
        }
      }
      break;
    }
    case LogicalKind::kUnion: {
      for (size_t i = 0; i < out.size(); ++i) {
        bool all = true;
        for (const auto& k : kids) all = all && i < k.size() && k[i];
        out[i] = all;
      }
      break;
    }
    default:
      // HOP (and TUMBLE, a projection) derive window columns; any node kind
      // the analysis does not know carries no watermark.
      if (p.children.size() == 1 && p.columns.size() >= kids[0].size() + 2 &&
          p.columns[p.columns.size() - 2].name == "window_start") {
        bool time_wm = false;
        for (bool b : kids[0]) time_wm = time_wm || b;
        for (size_t i = 0; i < kids[0].size(); ++i) out[i] = kids[0][i];
        out[out.size() - 2] = time_wm;
        out[out.size() - 1] = time_wm;
      }
      break;
  }
  return out;
}

}  // namespace

std::vector<bool> WatermarkedColumns(const LogicalPlan& plan, const CatalogSnapshot& catalog) {
  bool ok = true;
  int aggs = 0;
  return Analyze(plan, catalog, &ok, &aggs);
}

Status CheckEmitOnWindowClose(const LogicalPlan& plan, const CatalogSnapshot& catalog) {
  bool ok = true;
  int aggs = 0;
  Analyze(plan, catalog, &ok, &aggs);
  if (aggs == 0 || !ok) {
    return Status::Error(sqlstate::kInvalidObjectDefinition,
                         "EMIT ON WINDOW CLOSE needs an aggregate grouped by a column with a "
                         "watermark")
        .WithHint("Group by window_start or window_end of TUMBLE/HOP over a table with a "
                  "WATERMARK, or by the watermark column itself.");
  }
  return Status::OK();
}

}  // namespace kappa
