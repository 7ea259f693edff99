// UTF-8 validation of text arriving from clients, as PostgreSQL's
// pg_verify_mbstr does for client_encoding = server_encoding = UTF8.
#pragma once

#include <string_view>

#include "common/status.h"

namespace kappa::pgwire {

// OK if `text` is valid UTF-8 without NUL bytes; otherwise 22021
// `invalid byte sequence for encoding "UTF8": 0xc3 0x28`, naming the bytes
// of the first invalid sequence as PostgreSQL does.
Status ValidateUtf8(std::string_view text);

}  // namespace kappa::pgwire
