// MessageWriter: builds backend messages into one contiguous output buffer.
//
// A connection appends every message of a response (a whole Query's or an
// extended batch's worth) and hands the buffer to the socket once, at Sync,
// Query end, Flush or when it grows large, instead of one write per message.
//
//   w.Begin('C'); w.PutCString("SELECT 1"); w.End();
//
// Begin() writes the type byte and reserves the length word; End() patches
// the length. REQUIRES: Begin/End strictly alternate.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace kappa::pgwire {

class MessageWriter {
 public:
  void Begin(char type);
  void End();

  void PutByte(char c) { buf_.push_back(c); }
  void PutInt16(int16_t v);
  void PutInt32(int32_t v);
  void PutInt64(int64_t v);
  void PutBytes(std::string_view bytes) { buf_.append(bytes); }
  void PutCString(std::string_view s);  // s must not contain NUL (cut there)

  // Raw bytes outside any message (the 'N' answer to SSLRequest).
  void PutRaw(std::string_view bytes) { buf_.append(bytes); }

  // The buffer being built; row encoders append to it directly between
  // Begin() and End().
  std::string* buffer() { return &buf_; }
  const std::string& data() const { return buf_; }
  size_t size() const { return buf_.size(); }
  bool empty() const { return buf_.empty(); }
  // Hands the accumulated bytes over and starts a new, empty buffer.
  std::string Take();
  void Clear() { buf_.clear(); }

 private:
  std::string buf_;
  size_t message_start_ = 0;  // offset of the open message's length word
};

// Appends big-endian integers to a string (for encoders outside a writer).
void AppendInt16(std::string* out, int16_t v);
void AppendInt32(std::string* out, int32_t v);
void AppendInt64(std::string* out, int64_t v);
// Overwrites 4 bytes at `offset` with `v`, big-endian.
void StoreInt32(std::string* out, size_t offset, int32_t v);

}  // namespace kappa::pgwire
