#include "server/pgwire/frontend_messages.h"

#include "server/pgwire/payload_reader.h"
#include "server/pgwire/protocol.h"

namespace kappa::pgwire {

namespace {

void PutInt16(std::string* out, int16_t v) {
  out->push_back(static_cast<char>((v >> 8) & 0xff));
  out->push_back(static_cast<char>(v & 0xff));
}

void PutInt32(std::string* out, int32_t v) {
  uint32_t u = static_cast<uint32_t>(v);
  out->push_back(static_cast<char>(u >> 24));
  out->push_back(static_cast<char>((u >> 16) & 0xff));
  out->push_back(static_cast<char>((u >> 8) & 0xff));
  out->push_back(static_cast<char>(u & 0xff));
}

void PutCString(std::string* out, std::string_view s) {
  out->append(s);
  out->push_back('\0');
}

Result<char> ReadTarget(PayloadReader* r) {
  KAPPA_ASSIGN_OR_RETURN(uint8_t target, r->ReadByte());
  if (target != 'S' && target != 'P') {
    return InvalidMessage("invalid DESCRIBE/CLOSE message subtype " + std::to_string(target));
  }
  return static_cast<char>(target);
}

// Reads an int16 count that must be >= 0.
Result<int> ReadCount(PayloadReader* r) {
  KAPPA_ASSIGN_OR_RETURN(int16_t n, r->ReadInt16());
  if (n < 0) return InvalidMessage("invalid count in message");
  return static_cast<int>(n);
}

// The name=value pairs of libpq's `options`: "-c a=b", "-ca=b", "--a=b",
// separated by spaces ("\ " escapes a space).
std::vector<std::pair<std::string, std::string>> ParseStartupOptions(std::string_view options) {
  std::vector<std::string> words;
  std::string word;
  for (size_t i = 0; i < options.size(); ++i) {
    const char c = options[i];
    if (c == '\\' && i + 1 < options.size()) {
      word.push_back(options[++i]);
    } else if (c == ' ' || c == '\t') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word.push_back(c);
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  std::vector<std::pair<std::string, std::string>> out;
  for (size_t i = 0; i < words.size(); ++i) {
    std::string kv;
    if (words[i] == "-c" && i + 1 < words.size()) {
      kv = words[++i];
    } else if (words[i].rfind("-c", 0) == 0) {
      kv = words[i].substr(2);
    } else if (words[i].rfind("--", 0) == 0) {
      kv = words[i].substr(2);
    } else {
      continue;
    }
    const size_t eq = kv.find('=');
    if (eq == std::string::npos) continue;
    std::string name = kv.substr(0, eq);
    for (char& ch : name) {
      if (ch == '-') ch = '_';
    }
    out.emplace_back(std::move(name), kv.substr(eq + 1));
  }
  return out;
}

}  // namespace

const std::string* StartupRequest::Find(std::string_view name) const {
  for (const auto& [k, v] : parameters) {
    if (k == name) return &v;
  }
  return nullptr;
}

std::vector<std::pair<std::string, std::string>> StartupRequest::RuntimeSettings() const {
  std::vector<std::pair<std::string, std::string>> settings;
  for (const auto& [name, value] : parameters) {
    if (name == "user" || name == "database" || name == "replication" ||
        name.rfind("_pq_.", 0) == 0) {
      continue;
    }
    if (name == "options") {
      for (auto& kv : ParseStartupOptions(value)) settings.push_back(std::move(kv));
      continue;
    }
    settings.emplace_back(name, value);
  }
  return settings;
}

Result<StartupRequest> StartupRequest::Decode(std::string_view payload) {
  PayloadReader r(payload);
  StartupRequest req;
  KAPPA_ASSIGN_OR_RETURN(int32_t code, r.ReadInt32());
  switch (code) {
    case kSslRequestCode:
      req.kind = Kind::kSsl;
      KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
      return req;
    case kGssEncRequestCode:
      req.kind = Kind::kGssEnc;
      KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
      return req;
    case kCancelRequestCode: {
      req.kind = Kind::kCancel;
      KAPPA_ASSIGN_OR_RETURN(req.cancel_pid, r.ReadInt32());
      KAPPA_ASSIGN_OR_RETURN(req.cancel_secret, r.ReadInt32());
      KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
      return req;
    }
    default:
      break;
  }
  req.kind = Kind::kStartup;
  req.protocol_version = code;
  // Version 3 and later: name/value pairs ending with an empty name. The
  // caller rejects versions it does not speak; the pairs are still checked.
  if (ProtocolMajor(code) < 3) return req;
  while (true) {
    KAPPA_ASSIGN_OR_RETURN(std::string_view name, r.ReadCString());
    if (name.empty()) break;
    KAPPA_ASSIGN_OR_RETURN(std::string_view value, r.ReadCString());
    req.parameters.emplace_back(std::string(name), std::string(value));
  }
  KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
  return req;
}

Result<QueryMessage> QueryMessage::Decode(std::string_view payload) {
  PayloadReader r(payload);
  QueryMessage m;
  KAPPA_ASSIGN_OR_RETURN(m.sql, r.ReadCString());
  KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

std::string QueryMessage::Encode(std::string_view sql) {
  std::string out;
  PutCString(&out, sql);
  return out;
}

Result<ParseMessage> ParseMessage::Decode(std::string_view payload) {
  PayloadReader r(payload);
  ParseMessage m;
  KAPPA_ASSIGN_OR_RETURN(m.statement_name, r.ReadCString());
  KAPPA_ASSIGN_OR_RETURN(m.sql, r.ReadCString());
  KAPPA_ASSIGN_OR_RETURN(int n, ReadCount(&r));
  if (static_cast<size_t>(n) * 4 > r.remaining()) return InvalidMessage();
  m.param_type_oids.reserve(n);
  for (int i = 0; i < n; ++i) {
    KAPPA_ASSIGN_OR_RETURN(int32_t oid, r.ReadInt32());
    m.param_type_oids.push_back(static_cast<uint32_t>(oid));
  }
  KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

std::string ParseMessage::Encode() const {
  std::string out;
  PutCString(&out, statement_name);
  PutCString(&out, sql);
  PutInt16(&out, static_cast<int16_t>(param_type_oids.size()));
  for (uint32_t oid : param_type_oids) PutInt32(&out, static_cast<int32_t>(oid));
  return out;
}

Result<BindMessage> BindMessage::Decode(std::string_view payload) {
  PayloadReader r(payload);
  BindMessage m;
  KAPPA_ASSIGN_OR_RETURN(m.portal_name, r.ReadCString());
  KAPPA_ASSIGN_OR_RETURN(m.statement_name, r.ReadCString());
  KAPPA_ASSIGN_OR_RETURN(int nformats, ReadCount(&r));
  if (static_cast<size_t>(nformats) * 2 > r.remaining()) return InvalidMessage();
  m.param_formats.reserve(nformats);
  for (int i = 0; i < nformats; ++i) {
    KAPPA_ASSIGN_OR_RETURN(int16_t f, r.ReadInt16());
    m.param_formats.push_back(f);
  }
  KAPPA_ASSIGN_OR_RETURN(int nparams, ReadCount(&r));
  if (static_cast<size_t>(nparams) * 4 > r.remaining()) return InvalidMessage();
  m.params.reserve(nparams);
  for (int i = 0; i < nparams; ++i) {
    KAPPA_ASSIGN_OR_RETURN(int32_t len, r.ReadInt32());
    if (len == -1) {
      m.params.emplace_back(std::nullopt);
      continue;
    }
    if (len < 0) return InvalidMessage("invalid parameter length " + std::to_string(len));
    KAPPA_ASSIGN_OR_RETURN(std::string_view bytes, r.ReadBytes(len));
    m.params.emplace_back(bytes);
  }
  KAPPA_ASSIGN_OR_RETURN(int nresult, ReadCount(&r));
  if (static_cast<size_t>(nresult) * 2 > r.remaining()) return InvalidMessage();
  m.result_formats.reserve(nresult);
  for (int i = 0; i < nresult; ++i) {
    KAPPA_ASSIGN_OR_RETURN(int16_t f, r.ReadInt16());
    m.result_formats.push_back(f);
  }
  KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

std::string BindMessage::Encode() const {
  std::string out;
  PutCString(&out, portal_name);
  PutCString(&out, statement_name);
  PutInt16(&out, static_cast<int16_t>(param_formats.size()));
  for (int16_t f : param_formats) PutInt16(&out, f);
  PutInt16(&out, static_cast<int16_t>(params.size()));
  for (const auto& p : params) {
    if (!p) {
      PutInt32(&out, -1);
      continue;
    }
    PutInt32(&out, static_cast<int32_t>(p->size()));
    out.append(*p);
  }
  PutInt16(&out, static_cast<int16_t>(result_formats.size()));
  for (int16_t f : result_formats) PutInt16(&out, f);
  return out;
}

Result<DescribeMessage> DescribeMessage::Decode(std::string_view payload) {
  PayloadReader r(payload);
  DescribeMessage m;
  KAPPA_ASSIGN_OR_RETURN(m.target, ReadTarget(&r));
  KAPPA_ASSIGN_OR_RETURN(m.name, r.ReadCString());
  KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

std::string DescribeMessage::Encode() const {
  std::string out(1, target);
  PutCString(&out, name);
  return out;
}

Result<CloseMessage> CloseMessage::Decode(std::string_view payload) {
  PayloadReader r(payload);
  CloseMessage m;
  KAPPA_ASSIGN_OR_RETURN(m.target, ReadTarget(&r));
  KAPPA_ASSIGN_OR_RETURN(m.name, r.ReadCString());
  KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

std::string CloseMessage::Encode() const {
  std::string out(1, target);
  PutCString(&out, name);
  return out;
}

Result<ExecuteMessage> ExecuteMessage::Decode(std::string_view payload) {
  PayloadReader r(payload);
  ExecuteMessage m;
  KAPPA_ASSIGN_OR_RETURN(m.portal_name, r.ReadCString());
  KAPPA_ASSIGN_OR_RETURN(m.max_rows, r.ReadInt32());
  KAPPA_RETURN_IF_ERROR(r.ExpectEnd());
  return m;
}

std::string ExecuteMessage::Encode() const {
  std::string out;
  PutCString(&out, portal_name);
  PutInt32(&out, max_rows);
  return out;
}

Status DecodeEmptyMessage(std::string_view payload) {
  return PayloadReader(payload).ExpectEnd();
}

std::string EncodeStartupFrame(const std::vector<std::pair<std::string, std::string>>& params,
                               int32_t protocol_version) {
  std::string body;
  PutInt32(&body, protocol_version);
  for (const auto& [k, v] : params) {
    PutCString(&body, k);
    PutCString(&body, v);
  }
  body.push_back('\0');
  std::string out;
  PutInt32(&out, static_cast<int32_t>(body.size() + 4));
  return out + body;
}

std::string EncodeCancelRequestFrame(int32_t pid, int32_t secret) {
  std::string out;
  PutInt32(&out, 16);
  PutInt32(&out, kCancelRequestCode);
  PutInt32(&out, pid);
  PutInt32(&out, secret);
  return out;
}

std::string EncodeFrame(char type, std::string_view payload) {
  std::string out(1, type);
  PutInt32(&out, static_cast<int32_t>(payload.size() + 4));
  out.append(payload);
  return out;
}

}  // namespace kappa::pgwire
