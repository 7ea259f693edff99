#include "server/pgwire/row_writer.h"

#include <algorithm>

#include "common/value_format.h"
#include "server/pgwire/binary_codec.h"
#include "server/pgwire/protocol.h"

namespace kappa::pgwire {

namespace {

int64_t Weight(const Chunk& c, size_t row) {
  return row < c.weights.size() ? c.weights[row] : 1;
}

// Moves the cursor to the next row that still has copies to send (or to the end).
void Normalize(const std::vector<Chunk>& chunks, RowCursor* cur) {
  while (cur->chunk < chunks.size()) {
    const Chunk& c = chunks[cur->chunk];
    if (cur->row < c.num_rows) {
      if (cur->copies_sent < Weight(c, cur->row)) return;
      ++cur->row;
      cur->copies_sent = 0;
      continue;
    }
    ++cur->chunk;
    cur->row = 0;
    cur->copies_sent = 0;
  }
}

// Appends one DataRow for `row` of `c`.
void EncodeRow(const Chunk& c, size_t row, const std::vector<int16_t>& formats, std::string* out) {
  out->push_back(be::kDataRow);
  const size_t start = out->size();
  out->append(4, '\0');
  AppendInt16(out, static_cast<int16_t>(c.columns.size()));
  for (size_t col = 0; col < c.columns.size(); ++col) {
    const Column& column = c.columns[col];
    if (column.IsNull(row)) {
      AppendInt32(out, -1);
      continue;
    }
    const size_t len_at = out->size();
    out->append(4, '\0');
    if (col < formats.size() && formats[col] == kBinaryFormat) {
      AppendBinaryValue(column, row, out);
    } else {
      AppendValueText(column, row, out);
    }
    StoreInt32(out, len_at, static_cast<int32_t>(out->size() - len_at - 4));
  }
  StoreInt32(out, start, static_cast<int32_t>(out->size() - start));
}

}  // namespace

bool AtEnd(const std::vector<Chunk>& chunks, const RowCursor& cursor) {
  RowCursor c = cursor;
  Normalize(chunks, &c);
  return c.chunk >= chunks.size();
}

uint64_t WriteDataRows(MessageWriter* w, const std::vector<Chunk>& chunks,
                       const std::vector<int16_t>& formats, RowCursor* cur, uint64_t max_rows) {
  std::string* out = w->buffer();
  uint64_t sent = 0;
  while (max_rows == 0 || sent < max_rows) {
    Normalize(chunks, cur);
    if (cur->chunk >= chunks.size()) break;
    const Chunk& c = chunks[cur->chunk];
    const size_t start = out->size();
    EncodeRow(c, cur->row, formats, out);
    ++sent;
    ++cur->copies_sent;
    // Further copies of a weighted row: repeat the encoded bytes.
    const size_t len = out->size() - start;
    const int64_t more = Weight(c, cur->row) - cur->copies_sent;
    if (more > 0) {
      const uint64_t room = max_rows == 0 ? static_cast<uint64_t>(more) : max_rows - sent;
      out->reserve(out->size() + len * std::min<uint64_t>(static_cast<uint64_t>(more), room));
    }
    while (cur->copies_sent < Weight(c, cur->row) && (max_rows == 0 || sent < max_rows)) {
      out->append(*out, start, len);
      ++sent;
      ++cur->copies_sent;
    }
  }
  return sent;
}

uint64_t CountRows(const std::vector<Chunk>& chunks) {
  uint64_t n = 0;
  for (const Chunk& c : chunks) {
    for (size_t r = 0; r < c.num_rows; ++r) {
      int64_t weight = Weight(c, r);
      if (weight > 0) n += static_cast<uint64_t>(weight);
    }
  }
  return n;
}

}  // namespace kappa::pgwire
