#include "server/pgwire/frame_reader.h"

#include <algorithm>
#include <cstring>

#include "server/pgwire/payload_reader.h"

namespace kappa::pgwire {

namespace {

constexpr size_t kReadChunk = 16 * 1024;

uint32_t LoadBigEndian32(const char* p) {
  const auto* u = reinterpret_cast<const unsigned char*>(p);
  return (uint32_t{u[0]} << 24) | (uint32_t{u[1]} << 16) | (uint32_t{u[2]} << 8) | uint32_t{u[3]};
}

}  // namespace

FrameReader::FrameReader(size_t max_message_bytes)
    : max_message_bytes_(std::min(max_message_bytes, kHardMaxMessageBytes)) {}

void FrameReader::Compact() {
  if (pos_ == 0) return;
  if (pos_ == end_) {
    pos_ = end_ = 0;
    return;
  }
  std::memmove(buf_.data(), buf_.data() + pos_, end_ - pos_);
  end_ -= pos_;
  pos_ = 0;
}

std::string_view FrameReader::PrepareWrite() {
  Compact();
  // A large frame gets room for its rest in steps that double what has
  // arrived: memory follows the bytes received, not the announced length.
  size_t want = kReadChunk;
  Result<size_t> size = FrameSize();
  if (size.ok() && *size > buffered() + kReadChunk) {
    want = std::min(*size - buffered(), std::max(kReadChunk, buffered()));
  }
  if (buf_.size() - end_ < want) buf_.resize(end_ + want);
  // Give memory back after a large frame has been consumed.
  if (end_ == 0 && buf_.size() > 4 * kReadChunk && want == kReadChunk) {
    buf_.resize(kReadChunk);
    buf_.shrink_to_fit();
  }
  return std::string_view(buf_.data() + end_, buf_.size() - end_);
}

void FrameReader::CommitWrite(size_t n) { end_ += std::min(n, buf_.size() - end_); }

void FrameReader::Append(std::string_view bytes) {
  Compact();
  if (buf_.size() - end_ < bytes.size()) buf_.resize(end_ + bytes.size());
  std::memcpy(buf_.data() + end_, bytes.data(), bytes.size());
  end_ += bytes.size();
}

Result<size_t> FrameReader::FrameSize() const {
  const size_t header = HeaderSize();
  if (buffered() < header) return size_t{0};
  const char* p = buf_.data() + pos_;
  if (startup_phase_) {
    uint32_t len = LoadBigEndian32(p);
    if (len < kMinStartupPacketBytes || len > kMaxStartupPacketBytes) {
      return InvalidMessage("invalid length of startup packet");
    }
    return size_t{len};
  }
  uint32_t len = LoadBigEndian32(p + 1);
  if (len < 4) return InvalidMessage("invalid message length");
  if (len > max_message_bytes_) {
    return InvalidMessage("message of " + std::to_string(len) + " bytes exceeds the limit of " +
                          std::to_string(max_message_bytes_) + " bytes");
  }
  return size_t{len} + 1;
}

bool FrameReader::HasFrame() const {
  Result<size_t> size = FrameSize();
  return !size.ok() || (*size > 0 && *size <= buffered());
}

Result<bool> FrameReader::Next(Frame* frame) {
  KAPPA_ASSIGN_OR_RETURN(size_t size, FrameSize());
  if (size == 0 || size > buffered()) return false;
  const char* p = buf_.data() + pos_;
  const size_t header = HeaderSize();
  frame->type = startup_phase_ ? 0 : p[0];
  frame->payload = std::string_view(p + header, size - header);
  pos_ += size;
  return true;
}

}  // namespace kappa::pgwire
