// CopyOutStream: a COPY ... TO STDOUT whose rows keep coming, i.e.
// COPY (SUBSCRIBE ...) TO STDOUT. The statement returns it in
// StatementResult::copy_stream; the connection sends CopyOutResponse, then
// calls Next() in a loop and sends each line as one CopyData, handing the
// bytes to the socket as they come, until Next() fails. The COPY never ends
// by itself: it ends with an error (57014 when the client cancels it, the
// subscription's end ...), which the connection reports as the statement's
// error, without CopyDone (as Materialize does). A client that disconnects
// sets the session's cancel flag, which ends the stream too.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "common/status.h"

namespace kappa {

class CopyOutStream {
 public:
  virtual ~CopyOutStream() = default;
  // Appends the lines available now to *lines (each ends with '\n'),
  // waiting up to `wait` when none is; at most about `max_bytes` bytes.
  // Errors end the stream.
  virtual Status Next(std::chrono::milliseconds wait, size_t max_bytes,
                      std::vector<std::string>* lines) = 0;
};

}  // namespace kappa
