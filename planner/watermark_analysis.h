// Watermark analysis: which output columns of a logical plan carry a
// watermark when it runs as a view (the static mirror of how operators
// propagate OnWatermark, executor/operator.h). The planner uses it to check
// EMIT ON WINDOW CLOSE (every aggregate must group by a watermarked column)
// and EXPLAIN shows it.
#pragma once

#include <vector>

#include "common/status.h"
#include "planner/logical_plan.h"
#include "sql/catalog.h"

namespace kappa {

// One flag per output column of `plan`.
std::vector<bool> WatermarkedColumns(const LogicalPlan& plan, const CatalogSnapshot& catalog);

// OK if every aggregate in `plan` groups by a watermarked column and there
// is at least one aggregate; else 42P17 with a hint.
Status CheckEmitOnWindowClose(const LogicalPlan& plan, const CatalogSnapshot& catalog);

}  // namespace kappa
