#include "server/pgwire/payload_reader.h"

#include <cstring>

namespace kappa::pgwire {

Status InvalidMessage(std::string message) {
  return Status::Error(sqlstate::kProtocolViolation, std::move(message));
}

Status PayloadReader::Truncated() const {
  return InvalidMessage("insufficient data left in message");
}

Result<uint8_t> PayloadReader::ReadByte() {
  if (remaining() < 1) return Truncated();
  return static_cast<uint8_t>(data_[pos_++]);
}

Result<int16_t> PayloadReader::ReadInt16() {
  if (remaining() < 2) return Truncated();
  const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
  pos_ += 2;
  return static_cast<int16_t>((p[0] << 8) | p[1]);
}

Result<int32_t> PayloadReader::ReadInt32() {
  if (remaining() < 4) return Truncated();
  const auto* p = reinterpret_cast<const unsigned char*>(data_.data() + pos_);
  pos_ += 4;
  return static_cast<int32_t>((uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) |
                              (uint32_t{p[2]} << 8) | uint32_t{p[3]});
}

Result<std::string_view> PayloadReader::ReadCString() {
  const void* nul = std::memchr(data_.data() + pos_, '\0', remaining());
  if (nul == nullptr) return InvalidMessage("invalid string in message");
  size_t len = static_cast<const char*>(nul) - (data_.data() + pos_);
  std::string_view s = data_.substr(pos_, len);
  pos_ += len + 1;
  return s;
}

Result<std::string_view> PayloadReader::ReadBytes(int64_t n) {
  if (n < 0 || static_cast<uint64_t>(n) > remaining()) return Truncated();
  std::string_view s = data_.substr(pos_, static_cast<size_t>(n));
  pos_ += static_cast<size_t>(n);
  return s;
}

Status PayloadReader::ExpectEnd() const {
  if (pos_ != data_.size()) return InvalidMessage();
  return Status::OK();
}

}  // namespace kappa::pgwire
