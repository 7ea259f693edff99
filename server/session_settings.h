// SessionSettings: the run-time parameters of one session (SET/SHOW/RESET),
// with PostgreSQL's names and defaults, and which of them are reported to
// the client with ParameterStatus.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "common/status.h"

namespace kappa {

// A duration such as '250ms', '1s', '1.5 s', '2min', '1 hour', '1d' (units
// us, ms, s, min, h, d and their long spellings); a bare number counts
// `bare_unit_ms` milliseconds. Rounded to whole ms. Errors: 22023 naming
// `what` (a negative value too).
Result<int64_t> ParseDurationMs(const std::string& text, double bare_unit_ms,
                                const std::string& what);

class SessionSettings {
 public:
  SessionSettings();

  // Sets `name` (case-insensitive) to `value`. Validates the settings clients
  // rely on (client_encoding must be UTF8, DateStyle must start with ISO,
  // standard_conforming_strings on/off). Read-only ones (server_version...)
  // fail with 55P02. Unknown names with a dot (custom.x) are accepted; other
  // unknown names fail with 42704 `unrecognized configuration parameter "x"`.
  Status Set(const std::string& name, const std::string& value);
  // RESET name / RESET ALL.
  Status Reset(const std::string& name);
  void ResetAll();

  // Current value; 42704 if unknown.
  Result<std::string> Get(const std::string& name) const;
  // For current_setting() and SHOW ALL.
  const std::map<std::string, std::string>& values() const { return values_; }
  // The name as PostgreSQL spells it in SHOW's column header ("DateStyle").
  std::string DisplayName(const std::string& name) const;

  // statement_timeout in milliseconds (0: none). SET accepts an integer
  // (ms) or a number with a unit (us, ms, s, min, h, d) and stores it as
  // PostgreSQL shows it ("5s", "1500ms", "0"); other values fail with 22023.
  int64_t StatementTimeoutMs() const;

  // ParameterStatus at startup, in PostgreSQL 15's order.
  std::vector<std::pair<std::string, std::string>> Reported() const;
  // Reported settings changed since the last call.
  std::vector<std::pair<std::string, std::string>> TakeChanged();

 private:
  std::map<std::string, std::string> values_;    // lower-case name -> value
  std::map<std::string, std::string> defaults_;
  std::map<std::string, std::string> display_;   // lower-case -> PG spelling
  std::vector<std::string> changed_;
};

}  // namespace kappa
