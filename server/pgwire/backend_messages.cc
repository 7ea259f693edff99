#include "server/pgwire/backend_messages.h"

#include "server/pgwire/protocol.h"

namespace kappa::pgwire {

void WriteAuthenticationOk(MessageWriter* w) {
  w->Begin(be::kAuthentication);
  w->PutInt32(0);
  w->End();
}

void WriteParameterStatus(MessageWriter* w, std::string_view name, std::string_view value) {
  w->Begin(be::kParameterStatus);
  w->PutCString(name);
  w->PutCString(value);
  w->End();
}

void WriteBackendKeyData(MessageWriter* w, int32_t pid, int32_t secret) {
  w->Begin(be::kBackendKeyData);
  w->PutInt32(pid);
  w->PutInt32(secret);
  w->End();
}

void WriteReadyForQuery(MessageWriter* w, char status) {
  w->Begin(be::kReadyForQuery);
  w->PutByte(status);
  w->End();
}

void WriteNegotiateProtocolVersion(MessageWriter* w, int32_t newest_minor,
                                   const std::vector<std::string>& unrecognized_options) {
  w->Begin(be::kNegotiateProtocolVersion);
  w->PutInt32(newest_minor);
  w->PutInt32(static_cast<int32_t>(unrecognized_options.size()));
  for (const auto& o : unrecognized_options) w->PutCString(o);
  w->End();
}

void WriteRowDescription(MessageWriter* w, const std::vector<FieldDescription>& fields,
                         const std::vector<int16_t>& formats) {
  w->Begin(be::kRowDescription);
  w->PutInt16(static_cast<int16_t>(fields.size()));
  for (size_t i = 0; i < fields.size(); ++i) {
    const FieldDescription& f = fields[i];
    w->PutCString(f.name);
    w->PutInt32(static_cast<int32_t>(f.table_oid));
    w->PutInt16(f.column_attnum);
    w->PutInt32(static_cast<int32_t>(TypeOid(f.type.id)));
    w->PutInt16(TypeLength(f.type.id));
    w->PutInt32(TypeModifier(f.type));
    w->PutInt16(i < formats.size() ? formats[i] : kTextFormat);
  }
  w->End();
}

void WriteParameterDescription(MessageWriter* w, const std::vector<DataType>& param_types) {
  w->Begin(be::kParameterDescription);
  w->PutInt16(static_cast<int16_t>(param_types.size()));
  for (const DataType& t : param_types) w->PutInt32(static_cast<int32_t>(TypeOid(t.id)));
  w->End();
}

namespace {
void WriteEmpty(MessageWriter* w, char type) {
  w->Begin(type);
  w->End();
}
}  // namespace

void WriteNoData(MessageWriter* w) { WriteEmpty(w, be::kNoData); }
void WriteEmptyQueryResponse(MessageWriter* w) { WriteEmpty(w, be::kEmptyQueryResponse); }
void WriteParseComplete(MessageWriter* w) { WriteEmpty(w, be::kParseComplete); }
void WriteBindComplete(MessageWriter* w) { WriteEmpty(w, be::kBindComplete); }
void WriteCloseComplete(MessageWriter* w) { WriteEmpty(w, be::kCloseComplete); }
void WritePortalSuspended(MessageWriter* w) { WriteEmpty(w, be::kPortalSuspended); }

void WriteCommandComplete(MessageWriter* w, std::string_view tag) {
  w->Begin(be::kCommandComplete);
  w->PutCString(tag);
  w->End();
}

namespace {
void WriteCopyResponse(MessageWriter* w, char type, int columns) {
  w->Begin(type);
  w->PutByte(0);
  w->PutInt16(static_cast<int16_t>(columns));
  for (int i = 0; i < columns; ++i) w->PutInt16(0);
  w->End();
}
}  // namespace

void WriteCopyInResponse(MessageWriter* w, int columns) { WriteCopyResponse(w, 'G', columns); }
void WriteCopyOutResponse(MessageWriter* w, int columns) { WriteCopyResponse(w, 'H', columns); }

void WriteCopyData(MessageWriter* w, std::string_view data) {
  w->Begin('d');
  w->PutBytes(data);
  w->End();
}

void WriteCopyDone(MessageWriter* w) {
  w->Begin('c');
  w->End();
}

namespace {
void PutField(MessageWriter* w, char code, std::string_view value) {
  w->PutByte(code);
  w->PutCString(value);
}
}  // namespace

void WriteErrorResponse(MessageWriter* w, const Status& status, std::string_view severity) {
  w->Begin(be::kErrorResponse);
  PutField(w, 'S', severity);
  PutField(w, 'V', severity);
  PutField(w, 'C', status.sqlstate().empty() ? sqlstate::kInternalError : status.sqlstate());
  PutField(w, 'M', status.message());
  if (!status.detail().empty()) PutField(w, 'D', status.detail());
  if (!status.hint().empty()) PutField(w, 'H', status.hint());
  if (status.position() > 0) PutField(w, 'P', std::to_string(status.position()));
  w->PutByte('\0');
  w->End();
}

void WriteNoticeResponse(MessageWriter* w, std::string_view severity, std::string_view sqlstate,
                         std::string_view message) {
  w->Begin(be::kNoticeResponse);
  PutField(w, 'S', severity);
  PutField(w, 'V', severity);
  PutField(w, 'C', sqlstate);
  PutField(w, 'M', message);
  w->PutByte('\0');
  w->End();
}

Result<std::vector<int16_t>> ResolveFormatCodes(const std::vector<int16_t>& codes, size_t n,
                                                std::string_view codes_name,
                                                std::string_view items_name) {
  if (codes.size() > 1 && codes.size() != n) {
    return Status::Error(sqlstate::kProtocolViolation,
                         "bind message has " + std::to_string(codes.size()) + " " +
                             std::string(codes_name) + " but " +
                             (items_name == "columns" ? "query has " : "") + std::to_string(n) +
                             " " + std::string(items_name));
  }
  for (int16_t c : codes) {
    if (c != kTextFormat && c != kBinaryFormat) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           "unsupported format code: " + std::to_string(c));
    }
  }
  if (codes.empty()) return std::vector<int16_t>(n, kTextFormat);
  if (codes.size() == 1) return std::vector<int16_t>(n, codes[0]);
  return codes;
}

}  // namespace kappa::pgwire
