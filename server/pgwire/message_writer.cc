#include "server/pgwire/message_writer.h"

#include <cassert>

namespace kappa::pgwire {

void AppendInt16(std::string* out, int16_t v) {
  uint16_t u = static_cast<uint16_t>(v);
  char b[2] = {static_cast<char>(u >> 8), static_cast<char>(u & 0xff)};
  out->append(b, 2);
}

void AppendInt32(std::string* out, int32_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  char b[4] = {static_cast<char>(u >> 24), static_cast<char>((u >> 16) & 0xff),
               static_cast<char>((u >> 8) & 0xff), static_cast<char>(u & 0xff)};
  out->append(b, 4);
}

void AppendInt64(std::string* out, int64_t v) {
  uint64_t u = static_cast<uint64_t>(v);
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>((u >> (56 - 8 * i)) & 0xff);
  out->append(b, 8);
}

void StoreInt32(std::string* out, size_t offset, int32_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  (*out)[offset] = static_cast<char>(u >> 24);
  (*out)[offset + 1] = static_cast<char>((u >> 16) & 0xff);
  (*out)[offset + 2] = static_cast<char>((u >> 8) & 0xff);
  (*out)[offset + 3] = static_cast<char>(u & 0xff);
}

void MessageWriter::Begin(char type) {
  buf_.push_back(type);
  message_start_ = buf_.size();
  buf_.append(4, '\0');
}

void MessageWriter::End() {
  assert(buf_.size() >= message_start_ + 4);
  StoreInt32(&buf_, message_start_, static_cast<int32_t>(buf_.size() - message_start_));
}

void MessageWriter::PutInt16(int16_t v) { AppendInt16(&buf_, v); }
void MessageWriter::PutInt32(int32_t v) { AppendInt32(&buf_, v); }
void MessageWriter::PutInt64(int64_t v) { AppendInt64(&buf_, v); }

void MessageWriter::PutCString(std::string_view s) {
  size_t nul = s.find('\0');
  if (nul != std::string_view::npos) s = s.substr(0, nul);
  buf_.append(s);
  buf_.push_back('\0');
}

std::string MessageWriter::Take() {
  std::string out;
  out.swap(buf_);
  return out;
}

}  // namespace kappa::pgwire
