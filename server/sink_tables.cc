// kappa_catalog.sinks: every sink with its delivery state (ids 9300-9399).
#include "server/database.h"
#include "server/sink_runner.h"
#include "server/system_tables.h"

namespace kappa {

namespace {

constexpr uint64_t kSinksId = 9300;

Result<std::vector<Chunk>> SinkRows(Database& db, const std::vector<DataType>& types) {
  std::vector<Chunk> out;
  out.emplace_back(types);
  auto i64 = [](uint64_t v) { return Value::Int(TypeId::kInt64, static_cast<int64_t>(v)); };
  for (const SinkStatus& s : db.sinks()->Statuses()) {
    out.back().AppendRow({Value::String(s.name), Value::String(s.view_name),
                          Value::String(s.topic), Value::String(s.format),
                          Value::String(s.state),
                          s.error.empty() ? Value::Null(DataType(TypeId::kText))
                                          : Value::String(s.error),
                          i64(s.committed_epoch), i64(s.pending_epochs), i64(s.messages)});
  }
  return out;
}

}  // namespace

void AddSinkTables(std::vector<SystemTable>* out) {
  SystemTable t;
  t.info = SystemTableInfo(kSinksId, "sinks",
                           {{"sink_name", TypeId::kText},
                            {"view_name", TypeId::kText},
                            {"topic", TypeId::kText},
                            {"format", TypeId::kText},
                            {"state", TypeId::kText},
                            {"error", TypeId::kText},
                            {"committed_epoch", TypeId::kInt64},
                            {"pending_epochs", TypeId::kInt64},
                            {"messages", TypeId::kInt64}});
  std::vector<DataType> types = t.info.Types();
  t.rows = [types](Database& db) { return SinkRows(db, types); };
  out->push_back(std::move(t));
}

}  // namespace kappa
