// Backend (server -> client) messages, each written by one function onto a
// MessageWriter. Rows (DataRow) are written by row_writer.h.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "common/types.h"
#include "server/pgwire/message_writer.h"

namespace kappa::pgwire {

// One RowDescription field. The type OID, length and modifier are derived
// from `type` (common/types.h).
struct FieldDescription {
  std::string_view name;
  uint32_t table_oid = 0;
  int16_t column_attnum = 0;
  DataType type;
};

void WriteAuthenticationOk(MessageWriter* w);
void WriteParameterStatus(MessageWriter* w, std::string_view name, std::string_view value);
void WriteBackendKeyData(MessageWriter* w, int32_t pid, int32_t secret);
// status: 'I' idle, 'T' in a transaction block, 'E' in a failed one.
void WriteReadyForQuery(MessageWriter* w, char status);
// Rejects the minor protocol version and options the client asked for.
void WriteNegotiateProtocolVersion(MessageWriter* w, int32_t newest_minor,
                                   const std::vector<std::string>& unrecognized_options);

// `formats` has one resolved format code per field (ResolveFormatCodes), or
// is empty for all text.
void WriteRowDescription(MessageWriter* w, const std::vector<FieldDescription>& fields,
                         const std::vector<int16_t>& formats);
void WriteParameterDescription(MessageWriter* w, const std::vector<DataType>& param_types);
void WriteNoData(MessageWriter* w);
void WriteCommandComplete(MessageWriter* w, std::string_view tag);
// CopyInResponse ('G') / CopyOutResponse ('H'): overall text format and
// `columns` text-format columns.
void WriteCopyInResponse(MessageWriter* w, int columns);
void WriteCopyOutResponse(MessageWriter* w, int columns);
void WriteCopyData(MessageWriter* w, std::string_view data);
void WriteCopyDone(MessageWriter* w);
void WriteEmptyQueryResponse(MessageWriter* w);
void WriteParseComplete(MessageWriter* w);
void WriteBindComplete(MessageWriter* w);
void WriteCloseComplete(MessageWriter* w);
void WritePortalSuspended(MessageWriter* w);

// ErrorResponse from a non-OK Status: fields S and V (`severity`, "ERROR" or
// "FATAL"), C, M, then D, H and P when set.
void WriteErrorResponse(MessageWriter* w, const Status& status,
                        std::string_view severity = "ERROR");
// NoticeResponse with S, V, C, M.
void WriteNoticeResponse(MessageWriter* w, std::string_view severity, std::string_view sqlstate,
                         std::string_view message);

// Expands Bind's format codes to one per item: no codes means all text, one
// code applies to all items, otherwise there must be one per item (08P01
// "bind message has 2 result formats but query has 3 columns"; `what` names
// the items: "result formats"/"columns" or "parameter formats"/"parameters").
// Codes other than 0 and 1 fail with 22023 "unsupported format code: 7".
Result<std::vector<int16_t>> ResolveFormatCodes(const std::vector<int16_t>& codes, size_t n,
                                                std::string_view codes_name,
                                                std::string_view items_name);

}  // namespace kappa::pgwire
