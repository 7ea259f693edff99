// The idle timeout of a table fed by a multi-partition source (Kafka): a
// partition that received no record for that long (wall clock) is left out
// of the table watermark (the minimum over partitions) until it receives one
// again (server/table_writer.h, docs/watermarks.md).
//
//   WITH (..., 'source.idle-timeout' = '10s')         -- also '500ms', '1min', '2h'
//   WITH (..., 'scan.watermark.idle-timeout' = '10s') -- Flink's spelling
//   WITH (..., watermark.idle.timeout.ms = 10000)     -- plain milliseconds
// (keys with '-' are quoted, as in Flink's DDL).
//
// A bare number is milliseconds under every spelling. Default: no timeout
// (a partition that stops holds the watermark back, as in Flink).
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace kappa {

// True for the option names above.
bool IsIdleTimeoutOption(const std::string& key);

// Milliseconds (> 0) of a value; 22023 naming the option for anything else
// (empty, negative, zero, unknown unit, overflow).
Result<int64_t> ParseIdleTimeoutMs(const std::string& key, const std::string& value);

// The table's idle timeout in ms from its WITH options; 0 = none. The last
// spelling given wins. Errors as ParseIdleTimeoutMs.
Result<int64_t> IdleTimeoutMsOf(const std::vector<std::pair<std::string, std::string>>& options);

}  // namespace kappa
