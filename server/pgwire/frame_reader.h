// FrameReader: splits the byte stream of one connection into frames.
//
// Two framings exist. Before the StartupMessage (the "startup phase"), a
// frame is an int32 length (counting itself) followed by the payload, and its
// first payload word is a request code (SSLRequest, CancelRequest, protocol
// version). Afterwards every frame is a type byte, an int32 length (counting
// itself, not the type byte) and the payload.
//
// Lengths are checked as soon as the header has arrived, before the body is
// buffered: a length below the header size, a startup packet outside
// [8, 10000] bytes, or a message longer than `max_message_bytes` is an error
// (08P01), after which the stream cannot be resynchronized and the caller
// must close the connection. Message types are not checked here.
//
// Usage (single-threaded; the owner serializes access):
//   auto buf = reader.PrepareWrite();   // read socket bytes into buf
//   reader.CommitWrite(n);
//   Frame f;
//   while (true) { auto r = reader.Next(&f); if (!r.ok()) ...; if (!*r) break; use(f); }
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "common/status.h"
#include "server/pgwire/protocol.h"

namespace kappa::pgwire {

struct Frame {
  char type = 0;             // 0 for startup-phase frames
  std::string_view payload;  // valid until the next PrepareWrite/Append
};

class FrameReader {
 public:
  explicit FrameReader(size_t max_message_bytes = kDefaultMaxMessageBytes);

  // Startup phase on construction; the owner ends it once the
  // StartupMessage has been accepted.
  bool startup_phase() const { return startup_phase_; }
  void set_startup_phase(bool startup) { startup_phase_ = startup; }

  // Returns a writable region at the end of the buffer and invalidates
  // earlier frames. The region is 16 KiB, or, inside a large frame, as large
  // as what has arrived of it (so the buffer grows geometrically with the
  // bytes actually received, never with an announced length alone).
  std::string_view PrepareWrite();
  // Marks `n` bytes of the region returned by PrepareWrite as received.
  void CommitWrite(size_t n);
  // Copies bytes in (tests, and callers that already have a buffer).
  void Append(std::string_view bytes);

  // Extracts the next complete frame into *frame: true if one was extracted,
  // false if more bytes are needed, 08P01 if the stream is malformed.
  Result<bool> Next(Frame* frame);

  // Bytes received and not yet returned as frames.
  size_t buffered() const { return end_ - pos_; }
  // True when a complete frame is buffered (Next would return true or fail).
  bool HasFrame() const;

 private:
  // Moves unread bytes to the front (cheap when few are left).
  void Compact();
  // The total size (header included) of the frame at pos_, or 0 if its
  // header has not fully arrived; error if the header is invalid.
  Result<size_t> FrameSize() const;
  size_t HeaderSize() const { return startup_phase_ ? 4 : 5; }

  size_t max_message_bytes_;
  bool startup_phase_ = true;
  std::string buf_;
  size_t pos_ = 0;  // first unread byte
  size_t end_ = 0;  // end of received bytes (buf_ may be larger)
};

}  // namespace kappa::pgwire
