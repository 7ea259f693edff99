// bench_operators: throughput of the executor's operators on synthetic
// chunks (no storage, no expression evaluation beyond column references).
//
//   build/bench_operators [rows]      (default 10,000,000)
//
// Prints rows/s for: count(*), sum(x) GROUP BY k with 1000 int8 keys; the
// same with text keys; DISTINCT over 1000 values; an inner hash join probing
// 1000 build rows; a sort of rows/10 rows.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "executor/distinct_operator.h"
#include "executor/hash_aggregate_operator.h"
#include "executor/hash_join_operator.h"
#include "executor/sort_operator.h"

namespace kappa {
namespace {

// Counts what reaches the end of the dataflow.
class CountingSink final : public Operator {
 public:
  Status OnChanges(int, Chunk chunk) override {
    rows += chunk.num_rows;
    return Status::OK();
  }
  Status OnBarrier(int, uint64_t) override { return Status::OK(); }
  Status OnEnd(int) override { return Status::OK(); }
  std::string Describe() const override { return "CountingSink"; }
  uint64_t rows = 0;
};

const DataType kInt8(TypeId::kInt64);
const DataType kText(TypeId::kText);

// A pool of chunks (k, x) with `keys` distinct k values, reused round-robin.
std::vector<Chunk> MakePool(size_t chunks, int keys, bool text_keys, uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<Chunk> pool;
  for (size_t c = 0; c < chunks; ++c) {
    Chunk ch({text_keys ? kText : kInt8, kInt8});
    for (size_t r = 0; r < kChunkRows; ++r) {
      int64_t k = static_cast<int64_t>(rng() % keys);
      ch.columns[0].nulls.push_back(0);
      if (text_keys) {
        ch.columns[0].strings.push_back("key-" + std::to_string(k));
      } else {
        ch.columns[0].ints.push_back(k);
      }
      ch.columns[1].nulls.push_back(0);
      ch.columns[1].ints.push_back(static_cast<int64_t>(rng() % 1000));
      ch.weights.push_back(1);
    }
    ch.num_rows = kChunkRows;
    pool.push_back(std::move(ch));
  }
  return pool;
}

double Seconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

void Check(const Status& st) {
  if (!st.ok()) {
    std::fprintf(stderr, "error: %s\n", st.ToString().c_str());
    std::exit(1);
  }
}

// Pushes `rows` rows from `pool` into port `port` of `op` (copying each chunk,
// as a scan would hand over a fresh one), then a barrier and the end.
double Push(Operator* op, const std::vector<Chunk>& pool, uint64_t rows, int port = 0) {
  auto start = std::chrono::steady_clock::now();
  uint64_t pushed = 0;
  for (size_t i = 0; pushed < rows; ++i) {
    Check(op->OnChanges(port, pool[i % pool.size()]));
    pushed += kChunkRows;
  }
  Check(op->OnBarrier(port, 1));
  return Seconds(start);
}

void Report(const char* what, uint64_t rows, double secs, uint64_t out) {
  std::printf("%-48s %12.0f rows/s  (%llu rows in %.3f s, %llu output rows)\n", what,
              static_cast<double>(rows) / secs, static_cast<unsigned long long>(rows), secs,
              static_cast<unsigned long long>(out));
}

std::unique_ptr<HashAggregateOperator> CountSum(DataType key_type) {
  std::vector<BoundExprPtr> groups;
  groups.push_back(BoundExpr::ColumnRef(0, key_type));
  std::vector<AggregateSpec> aggs(2);
  aggs[0].agg = ResolveAggregate("count", {}).value();
  aggs[0].name = "count(*)";
  aggs[1].agg = ResolveAggregate("sum", {kInt8}).value();
  aggs[1].arg = BoundExpr::ColumnRef(1, kInt8);
  aggs[1].name = "sum(x)";
  return HashAggregateOperator::Create(std::move(groups), std::move(aggs),
                                       std::make_shared<EvalContext>())
      .value();
}

void Run(uint64_t rows) {
  const auto int_pool = MakePool(256, 1000, false, 1);
  const auto text_pool = MakePool(256, 1000, true, 2);

  {
    auto op = CountSum(kInt8);
    CountingSink sink;
    op->SetOutput(&sink, 0);
    double s = Push(op.get(), int_pool, rows);
    Report("count(*), sum(x) GROUP BY k (1000 int8 keys)", rows, s, sink.rows);
  }
  {
    auto op = CountSum(kText);
    CountingSink sink;
    op->SetOutput(&sink, 0);
    double s = Push(op.get(), text_pool, rows);
    Report("count(*), sum(x) GROUP BY k (1000 text keys)", rows, s, sink.rows);
  }
  {
    DistinctOperator op({kInt8, kInt8});
    CountingSink sink;
    op.SetOutput(&sink, 0);
    double s = Push(&op, int_pool, rows);
    Report("DISTINCT k, x (1M distinct rows)", rows, s, sink.rows);
  }
  {
    std::vector<BoundExprPtr> lk, rk;
    lk.push_back(BoundExpr::ColumnRef(0, kInt8));
    rk.push_back(BoundExpr::ColumnRef(0, kInt8));
    HashJoinOperator op(JoinType::kInner, {kInt8, kInt8}, {kInt8, kInt8}, std::move(lk),
                        std::move(rk), nullptr, std::make_shared<EvalContext>());
    CountingSink sink;
    op.SetOutput(&sink, 0);
    Chunk build({kInt8, kInt8});
    for (int64_t k = 0; k < 1000; ++k) {
      build.AppendRow({Value::Int(TypeId::kInt64, k), Value::Int(TypeId::kInt64, k * 2)});
    }
    Check(op.OnChanges(1, build));
    Check(op.OnBarrier(1, 1));
    Check(op.OnEnd(1));  // as in a batch query: the build side is complete
    uint64_t probe = rows / 10;
    double s = Push(&op, int_pool, probe, 0);
    Report("inner hash join, streamed probe side (1000 build rows)", probe, s, sink.rows);
  }
  {
    std::vector<OrderKey> keys(2);
    keys[0].expr = BoundExpr::ColumnRef(1, kInt8);
    keys[0].descending = true;
    keys[1].expr = BoundExpr::ColumnRef(0, kInt8);
    SortOperator op({kInt8, kInt8}, std::move(keys), -1, 0, std::make_shared<EvalContext>());
    CountingSink sink;
    op.SetOutput(&sink, 0);
    uint64_t n = rows / 10;
    auto start = std::chrono::steady_clock::now();
    Push(&op, int_pool, n);
    Check(op.OnEnd(0));
    Report("ORDER BY x DESC, k (consolidated)", n, Seconds(start), sink.rows);
  }
}

}  // namespace
}  // namespace kappa

int main(int argc, char** argv) {
  uint64_t rows = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 10000000;
  kappa::Run(rows);
  return 0;
}
