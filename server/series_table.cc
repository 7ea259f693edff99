// kappa_catalog.series (n int8): the integers 0..kSeriesMax, one row each.
// The binder rewrites generate_series/unnest/generate_subscripts over it
// (sql/binder/bind_srf.cc); __series_member (catalog_functions.cc) refuses
// ranges outside it.
#include <vector>

#include "server/pg_catalog_common.h"

namespace kappa {

using namespace pgcat;  // NOLINT

void AddSeriesTable(std::vector<SystemTable>* out) {
  AddRelation(out, 9900, "kappa_catalog", "series", {{"n", I8()}},
              [](Database&, const SystemScanContext&, Rows* rows) {
                for (int64_t n = 0; n <= 9999; ++n) rows->Add({n});
                return Status::OK();
              });
}

}  // namespace kappa
