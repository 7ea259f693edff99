// Frontend (client -> server) messages: one struct per message, each with a
// Decode() that parses a frame's payload completely (trailing bytes, missing
// NUL terminators, negative counts and truncated fields fail with 08P01) and
// an Encode() that produces the payload (used by tests and tools).
//
// string_view fields point into the decoded payload and are valid as long as
// it is. Messages without a body (Sync, Flush, Terminate) need no struct.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace kappa::pgwire {

// The first frame of a connection, classified by its request code.
struct StartupRequest {
  enum class Kind { kStartup, kSsl, kGssEnc, kCancel };
  Kind kind = Kind::kStartup;
  int32_t protocol_version = 0;  // kStartup: as sent (may be unsupported)
  // kStartup: name/value pairs in the order sent (user, database, options...).
  std::vector<std::pair<std::string, std::string>> parameters;
  int32_t cancel_pid = 0;  // kCancel
  int32_t cancel_secret = 0;

  // Looks up a startup parameter; nullptr if absent.
  const std::string* Find(std::string_view name) const;
  // The run-time parameters the client asks for, in the order sent: every
  // parameter except user, database, replication and _pq_.*, with `options`
  // (libpq's PGOPTIONS) expanded into its "-c name=value" / "--name=value";
  // "\ " escapes a space, '-' in names becomes '_').
  std::vector<std::pair<std::string, std::string>> RuntimeSettings() const;

  static Result<StartupRequest> Decode(std::string_view payload);
};

struct QueryMessage {
  std::string_view sql;
  static Result<QueryMessage> Decode(std::string_view payload);
  static std::string Encode(std::string_view sql);
};

struct ParseMessage {
  std::string_view statement_name;
  std::string_view sql;
  std::vector<uint32_t> param_type_oids;  // 0 = unspecified
  static Result<ParseMessage> Decode(std::string_view payload);
  std::string Encode() const;
};

struct BindMessage {
  std::string_view portal_name;
  std::string_view statement_name;
  // 0 entries: all text; 1 entry: applies to all; otherwise one per param.
  std::vector<int16_t> param_formats;
  std::vector<std::optional<std::string_view>> params;  // nullopt = NULL
  // 0 entries: all text; 1 entry: applies to all; otherwise one per column.
  std::vector<int16_t> result_formats;
  static Result<BindMessage> Decode(std::string_view payload);
  std::string Encode() const;
};

// Describe and Close name either a prepared statement ('S') or a portal ('P').
struct DescribeMessage {
  char target = 'S';
  std::string_view name;
  static Result<DescribeMessage> Decode(std::string_view payload);
  std::string Encode() const;
};

struct CloseMessage {
  char target = 'S';
  std::string_view name;
  static Result<CloseMessage> Decode(std::string_view payload);
  std::string Encode() const;
};

struct ExecuteMessage {
  std::string_view portal_name;
  int32_t max_rows = 0;  // <= 0: no limit
  static Result<ExecuteMessage> Decode(std::string_view payload);
  std::string Encode() const;
};

// Validates a message that must have an empty body (Sync, Flush, Terminate).
Status DecodeEmptyMessage(std::string_view payload);

// Encoders for the startup-phase frames, whole frames including the length
// word (tests and tools).
std::string EncodeStartupFrame(const std::vector<std::pair<std::string, std::string>>& params,
                               int32_t protocol_version = 196608);
std::string EncodeCancelRequestFrame(int32_t pid, int32_t secret);
// A regular frame: type byte, length, payload.
std::string EncodeFrame(char type, std::string_view payload);

}  // namespace kappa::pgwire
