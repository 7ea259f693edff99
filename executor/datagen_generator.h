// DatagenGenerator: the rows of a `connector = 'datagen'` table (demos and
// tests without Kafka), in RisingWave's option names:
//
//   datagen.rows.per.second = 'n'   pacing (default 10; 0 = as fast as possible)
//   datagen.rows = 'n'              stop after n rows (kappadb; default: never)
//   fields.<col>.kind = 'sequence' | 'random'        (default random)
//   fields.<col>.start / .end       sequence bounds (default 1 / none); the
//                                   generator stops after the first sequence
//                                   column passes its end
//   fields.<col>.min / .max         random number bounds (default 0 / 1000)
//   fields.<col>.length             random string length (default 10)
//   fields.<col>.max_past           timestamps: random within this interval
//                                   before the wall clock ('5s', '2 minutes';
//                                   default 0: the wall clock itself)
//   fields.<col>.seed               random seed (default: the column's index)
//
// Row i's values are a function of i (and the seed) alone, except
// timestamps, which take the wall clock when the row is generated; what is
// generated is written to the table's log, so views replay it exactly. The
// position (the next i) is the connector's offset: the runner commits it
// with the rows (server/connector_runner.h).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/chunk.h"
#include "common/status.h"
#include "sql/catalog.h"

namespace kappa {

class DatagenGenerator {
 public:
  // Validates the options against the table's columns. Errors: 22023 for a
  // bad option value or an unsupported kind for a type, 42703 for options
  // naming an unknown column, 42601 for unknown option keys.
  static Result<DatagenGenerator> Create(const TableInfo& table);

  // Rows [next, next + n) (fewer at the end of a bounded generator), as
  // inserts; `now_us` is the wall clock for timestamp columns.
  Chunk Generate(uint64_t next, uint64_t n, int64_t now_us) const;
  // How many rows exist from `next` on (UINT64_MAX: unbounded).
  uint64_t Remaining(uint64_t next) const;
  double rows_per_second() const { return rows_per_second_; }

 private:
  struct Field {
    DataType type;
    bool sequence = false;
    int64_t start = 1;
    bool has_end = false;
    int64_t end = 0;
    double min = 0, max = 1000;
    int64_t length = 10;
    int64_t max_past_us = 0;
    uint64_t seed = 0;
  };
  std::vector<Field> fields_;
  double rows_per_second_ = 10;
  uint64_t limit_ = UINT64_MAX;  // total rows
};

}  // namespace kappa
