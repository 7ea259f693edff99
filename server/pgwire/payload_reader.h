// PayloadReader: bounds-checked reading of one message's payload.
//
// Every read fails (08P01 "invalid message format") instead of running past
// the end, so a truncated or garbled message can never be read out of bounds.
// Integers are big-endian, as on the wire. Returned string_views point into
// the payload and live as long as it does.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/status.h"

namespace kappa::pgwire {

class PayloadReader {
 public:
  explicit PayloadReader(std::string_view payload) : data_(payload) {}

  Result<uint8_t> ReadByte();
  Result<int16_t> ReadInt16();
  Result<int32_t> ReadInt32();
  // A NUL-terminated string (the NUL is consumed, not returned).
  Result<std::string_view> ReadCString();
  // Exactly `n` raw bytes (REQUIRES: n >= 0 is checked, negative fails).
  Result<std::string_view> ReadBytes(int64_t n);
  // Fails unless every byte has been consumed (PostgreSQL's pq_getmsgend).
  Status ExpectEnd() const;

  size_t remaining() const { return data_.size() - pos_; }

 private:
  Status Truncated() const;

  std::string_view data_;
  size_t pos_ = 0;
};

// The error every malformed-message check returns.
Status InvalidMessage(std::string message = "invalid message format");

}  // namespace kappa::pgwire
