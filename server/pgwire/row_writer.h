// DataRow encoding of result chunks, in text or binary format per column.
//
// A row of weight n is sent n times (results carry only positive weights;
// rows with weight <= 0 are skipped). A RowCursor remembers where a portal
// stopped so that Execute with a row limit can resume exactly there, also in
// the middle of a row's copies.
#pragma once

#include <cstdint>
#include <vector>

#include "common/chunk.h"
#include "server/pgwire/message_writer.h"

namespace kappa::pgwire {

struct RowCursor {
  size_t chunk = 0;
  size_t row = 0;
  int64_t copies_sent = 0;  // copies of (chunk, row) already sent
};

// True if `cursor` has passed the last row of `chunks`.
bool AtEnd(const std::vector<Chunk>& chunks, const RowCursor& cursor);

// Writes DataRows from *cursor on, at most `max_rows` of them (0: all), and
// advances the cursor. `formats` holds one format code per column (empty:
// all text). Returns the number of DataRows written.
uint64_t WriteDataRows(MessageWriter* w, const std::vector<Chunk>& chunks,
                       const std::vector<int16_t>& formats, RowCursor* cursor,
                       uint64_t max_rows = 0);

// Number of DataRows the chunks produce (sum of positive weights).
uint64_t CountRows(const std::vector<Chunk>& chunks);

}  // namespace kappa::pgwire
