// Constants of the PostgreSQL frontend/backend protocol version 3.0, as the
// PostgreSQL documentation's "Message Formats" chapter defines them.
//
// server/pgwire/ knows nothing about SQL: it turns bytes into message structs
// (frame_reader.h, frontend_messages.h) and message structs into bytes
// (message_writer.h, backend_messages.h, row_writer.h, binary_codec.h).
#pragma once

#include <cstddef>
#include <cstdint>

namespace kappa::pgwire {

// Request codes carried in the "protocol version" field of the first frame.
inline constexpr int32_t kProtocolVersion3 = 196608;  // 3.0 = (3 << 16) | 0
inline constexpr int32_t kCancelRequestCode = 80877102;
inline constexpr int32_t kSslRequestCode = 80877103;
inline constexpr int32_t kGssEncRequestCode = 80877104;

inline constexpr int ProtocolMajor(int32_t v) { return static_cast<uint32_t>(v) >> 16; }
inline constexpr int ProtocolMinor(int32_t v) { return v & 0xffff; }

// The startup packet (length word included) is between 8 bytes and
// PostgreSQL's MAX_STARTUP_PACKET_LENGTH.
inline constexpr size_t kMinStartupPacketBytes = 8;
inline constexpr size_t kMaxStartupPacketBytes = 10000;
// Default and hard upper bound for one regular message (length word
// included). PostgreSQL's own limit is 1 GiB - 1 (PQ_LARGE_MESSAGE_LIMIT).
inline constexpr size_t kDefaultMaxMessageBytes = size_t{64} << 20;
inline constexpr size_t kHardMaxMessageBytes = (size_t{1} << 30) - 1;

// Frontend (client -> server) message types.
namespace fe {
inline constexpr char kBind = 'B';
inline constexpr char kClose = 'C';
inline constexpr char kCopyData = 'd';
inline constexpr char kCopyDone = 'c';
inline constexpr char kCopyFail = 'f';
inline constexpr char kDescribe = 'D';
inline constexpr char kExecute = 'E';
inline constexpr char kFlush = 'H';
inline constexpr char kFunctionCall = 'F';
inline constexpr char kParse = 'P';
inline constexpr char kPassword = 'p';  // also SASLInitialResponse / SASLResponse
inline constexpr char kQuery = 'Q';
inline constexpr char kSync = 'S';
inline constexpr char kTerminate = 'X';
}  // namespace fe

// Backend (server -> client) message types.
namespace be {
inline constexpr char kAuthentication = 'R';
inline constexpr char kBackendKeyData = 'K';
inline constexpr char kBindComplete = '2';
inline constexpr char kCloseComplete = '3';
inline constexpr char kCommandComplete = 'C';
inline constexpr char kDataRow = 'D';
inline constexpr char kEmptyQueryResponse = 'I';
inline constexpr char kErrorResponse = 'E';
inline constexpr char kNegotiateProtocolVersion = 'v';
inline constexpr char kNoData = 'n';
inline constexpr char kNoticeResponse = 'N';
inline constexpr char kParameterDescription = 't';
inline constexpr char kParameterStatus = 'S';
inline constexpr char kParseComplete = '1';
inline constexpr char kPortalSuspended = 's';
inline constexpr char kReadyForQuery = 'Z';
inline constexpr char kRowDescription = 'T';
}  // namespace be

// Format codes of Bind parameters and result columns.
inline constexpr int16_t kTextFormat = 0;
inline constexpr int16_t kBinaryFormat = 1;

}  // namespace kappa::pgwire
