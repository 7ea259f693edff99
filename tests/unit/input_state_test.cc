#include <doctest/doctest.h>

#include "executor/input_state.h"
#include "tests/unit/memory_state.h"
#include "tests/unit/operator_test_util.h"

namespace kappa {
namespace {

using namespace optest;

const std::vector<DataType> kP0 = {kInt8, kText};
const std::vector<DataType> kP1 = {kNumeric};

struct Loaded {
  std::vector<int> ports;  // port of each fn call, in order
  Net net[2];
  size_t max_chunk = 0;
};

Loaded LoadAll(InputState& s, testing::MemoryState& m) {
  Loaded out;
  Status st = s.Load(m, [&](int port, Chunk c) -> Status {
    CHECK(s.loading());
    s.Record(port, c);  // ignored while loading
    out.ports.push_back(port);
    out.max_chunk = std::max(out.max_chunk, c.num_rows);
    Accumulate(c, &out.net[port]);
    return Status::OK();
  });
  REQUIRE(st.ok());
  CHECK_FALSE(s.loading());
  CHECK(s.pending_rows() == 0);
  return out;
}

TEST_CASE("input state saves consolidated deltas and loads the surviving rows per port") {
  testing::MemoryState m;
  InputState s({kP0, kP1});
  s.Record(0, MakeChunk(kP0, {{I(1), T("a")}, {I(2), T("b")}, {I(3), T("c")}}));
  s.Record(1, MakeChunk(kP1, {{D("1.0")}, {D("1.00")}}, {1, 2}));
  // A row inserted and retracted within the epoch writes nothing.
  s.Record(0, MakeChunk(kP0, {{I(9), T("z")}}));
  s.Record(0, MakeChunk(kP0, {{I(9), T("z")}}, {-1}));
  CHECK(s.pending_rows() == 7);
  REQUIRE(s.Save(m).ok());
  CHECK(s.pending_rows() == 0);
  CHECK(m.size() == 5);  // a, b, c, 1.0, 1.00 (exact identity: 1.0 != 1.00)

  // Next epoch: retract b (cancels), evict c, add d twice, and a NULL row.
  s.Record(0, MakeChunk(kP0, {{I(2), T("b")}, {I(4), T("d")}, {Null(TypeId::kInt64), T("n")}},
                        {-1, 2, 1}));
  s.RecordEviction(0, MakeChunk(kP0, {{I(3), T("c")}}));
  s.Record(1, MakeChunk(kP1, {{D("1.00")}}, {-1}));
  REQUIRE(s.Save(m).ok());

  InputState fresh({kP0, kP1});
  Loaded l = LoadAll(fresh, m);
  CHECK(l.net[0] == Net{{"1|a", 1}, {"4|d", 2}, {"NULL|n", 1}});
  CHECK(l.net[1] == Net{{"1.0", 1}, {"1.00", 1}});
  CHECK(l.ports == std::vector<int>{0, 1});

  // Changes after a load are recorded as deltas on top of the loaded state.
  fresh.Record(0, MakeChunk(kP0, {{I(1), T("a")}}, {-1}));
  REQUIRE(fresh.Save(m).ok());
  InputState again({kP0, kP1});
  Loaded l2 = LoadAll(again, m);
  CHECK(l2.net[0] == Net{{"4|d", 2}, {"NULL|n", 1}});
}

TEST_CASE("input state loads in chunks of at most kChunkRows rows, port by port") {
  testing::MemoryState m;
  InputState s({kP0, kP1});
  Chunk big(kP0);
  for (int i = 0; i < 5000; ++i) big.AppendRow({I(i), T("r" + std::to_string(i % 7))});
  s.Record(0, big);
  s.Record(1, MakeChunk(kP1, {{D("2.5")}}, {-3}));  // negative counts survive too
  REQUIRE(s.Save(m).ok());
  InputState fresh({kP0, kP1});
  Loaded l = LoadAll(fresh, m);
  CHECK(l.max_chunk <= kChunkRows);
  CHECK(l.net[0].size() == 5000);
  CHECK(l.ports.size() == 4);
  CHECK(l.ports.back() == 1);
  CHECK(l.net[1] == Net{{"2.5", -3}});
}

TEST_CASE("a deferred input state records nothing until it starts") {
  testing::MemoryState m;
  InputState s({kP0});
  s.DeferRecording();
  s.Record(0, MakeChunk(kP0, {{I(1), T("a")}}));
  s.RecordEviction(0, MakeChunk(kP0, {{I(1), T("a")}}));
  CHECK(s.pending_rows() == 0);
  s.StartRecording();
  s.Record(0, MakeChunk(kP0, {{I(2), T("b")}}));
  REQUIRE(s.Save(m).ok());
  InputState fresh({kP0});
  fresh.DeferRecording();
  Loaded l = LoadAll(fresh, m);
  CHECK(l.net[0] == Net{{"2|b", 1}});
  CHECK(fresh.recording());  // a load starts recording
}

}  // namespace
}  // namespace kappa
