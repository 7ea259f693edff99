// kappa_catalog.view_operators and kappa_catalog.views (server/system_tables.h):
// each running view's operators with their state size, and each view's
// progress, as the view engine last published them.
#include <string>
#include <vector>

#include "server/database.h"
#include "server/system_tables.h"
#include "server/view_engine.h"

namespace kappa {
namespace {

constexpr uint64_t kViewOperatorsId = 9100;
constexpr uint64_t kViewsId = 9101;


}  // namespace

void AddViewTables(std::vector<SystemTable>* out) {
  SystemTable ops;
  ops.info = SystemTableInfo(kViewOperatorsId, "view_operators",
                            {{"view_name", TypeId::kText},
                             {"operator_id", TypeId::kInt32},
                             {"operator", TypeId::kText},
                             {"state_rows", TypeId::kInt64},
                             {"state_bytes", TypeId::kInt64}});
  std::vector<DataType> op_types = ops.info.Types();
  ops.rows = [op_types](Database& db) -> Result<std::vector<Chunk>> {
    std::vector<Chunk> out(1, Chunk(op_types));
    for (const ViewOperatorStats& s : db.views()->OperatorStats()) {
      out.back().AppendRow({Value::String(s.view_name), Value::Int(TypeId::kInt32, s.operator_id),
                            Value::String(s.description),
                            Value::Int(TypeId::kInt64, static_cast<int64_t>(s.state_rows)),
                            Value::Int(TypeId::kInt64, static_cast<int64_t>(s.state_bytes))});
    }
    return out;
  };
  out->push_back(std::move(ops));

  SystemTable views;
  views.info = SystemTableInfo(kViewsId, "views",
                              {{"view_name", TypeId::kText},
                               {"epoch", TypeId::kInt64},
                               {"rows", TypeId::kInt64},
                               {"emit_on_window_close", TypeId::kBool},
                               {"error", TypeId::kText},
                               {"definition", TypeId::kText},
                               {"state", TypeId::kText},
                               {"progress", TypeId::kFloat64},
                               {"stored_rows", TypeId::kInt64}});
  std::vector<DataType> v_types = views.info.Types();
  views.rows = [v_types](Database& db) -> Result<std::vector<Chunk>> {
    std::vector<Chunk> out(1, Chunk(v_types));
    CatalogSnapshotPtr snap = db.catalog()->Snapshot();
    for (const ViewStatus& s : db.views()->ViewStatuses()) {
      TableInfoPtr t = snap->FindById(s.id);
      if (t == nullptr) continue;
      out.back().AppendRow(
          {Value::String(s.name), Value::Int(TypeId::kInt64, static_cast<int64_t>(s.epoch)),
           Value::Int(TypeId::kInt64, s.rows), Value::Bool(t->emit_on_window_close),
           s.error.empty() ? Value::Null(DataType(TypeId::kText)) : Value::String(s.error),
           Value::String(t->definition_sql), Value::String(s.state),
           Value::Float(TypeId::kFloat64, s.progress),
           Value::Int(TypeId::kInt64, static_cast<int64_t>(s.stored_rows))});
    }
    return out;
  };
  out->push_back(std::move(views));
}

}  // namespace kappa
