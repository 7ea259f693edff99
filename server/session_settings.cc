#include "server/session_settings.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace kappa {
namespace {

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct Default {
  const char* name;   // PostgreSQL's spelling
  const char* value;
  bool reported;
  bool read_only;
};

// Reported ones first, in the order PostgreSQL 15 sends them.
constexpr Default kDefaults[] = {
    {"application_name", "", true, false},
    {"client_encoding", "UTF8", true, false},
    {"DateStyle", "ISO, MDY", true, false},
    {"default_transaction_read_only", "off", true, false},
    {"in_hot_standby", "off", true, true},
    {"integer_datetimes", "on", true, true},
    {"IntervalStyle", "postgres", true, false},
    {"is_superuser", "on", true, true},
    {"server_encoding", "UTF8", true, true},
    {"server_version", "13.0.0", true, true},
    {"session_authorization", "kappa", true, false},
    {"standard_conforming_strings", "on", true, false},
    {"TimeZone", "UTC", true, false},
    {"server_version_num", "130000", false, true},
    {"search_path", "\"$user\", public", false, false},
    {"extra_float_digits", "1", false, false},
    {"transaction_isolation", "read committed", false, false},
    {"default_transaction_isolation", "read committed", false, false},
    {"transaction_read_only", "off", false, false},
    {"statement_timeout", "0", false, false},
    {"lock_timeout", "0", false, false},
    {"idle_in_transaction_session_timeout", "0", false, false},
    {"max_identifier_length", "63", false, true},
    {"max_index_keys", "32", false, true},
    {"lc_collate", "C", false, true},
    {"lc_ctype", "C", false, true},
    {"lc_messages", "C", false, false},
    {"lc_monetary", "C", false, false},
    {"lc_numeric", "C", false, false},
    {"lc_time", "C", false, false},
    {"bytea_output", "hex", false, false},
    {"client_min_messages", "notice", false, false},
    {"row_security", "on", false, false},
    {"synchronous_commit", "on", false, false},
    {"enable_seqscan", "on", false, false},
    {"jit", "off", false, false},
    {"work_mem", "4MB", false, false},
    {"max_connections", "100", false, true},
    {"block_size", "8192", false, true},
    {"default_with_oids", "off", false, false},
    {"escape_string_warning", "on", false, false},
    {"xmloption", "content", false, false},
    {"timezone_abbreviations", "Default", false, false},
    {"geqo", "on", false, false},
};

bool IsReported(const std::string& lower) {
  for (const auto& d : kDefaults) {
    if (d.reported && Lower(d.name) == lower) return true;
  }
  return false;
}

bool IsReadOnly(const std::string& lower) {
  for (const auto& d : kDefaults) {
    if (d.read_only && Lower(d.name) == lower) return true;
  }
  return false;
}

std::string Canonical(std::string lower) {
  if (lower == "time zone") return "timezone";
  if (lower == "transaction isolation level") return "transaction_isolation";
  if (lower == "session authorization") return "session_authorization";
  return lower;
}

bool IsUtcName(const std::string& v) {
  std::string l = Lower(v);
  return l == "utc" || l == "gmt" || l == "etc/utc" || l == "etc/gmt" || l == "z" ||
         l == "zulu" || l == "universal" || l == "etc/universal" || l == "0" || l == "+00" ||
         l == "00:00" || l == "+00:00" || l == "local" || l == "default";
}

// PostgreSQL's display of a time setting: the largest unit that divides it.
std::string FormatMs(int64_t ms) {
  if (ms == 0) return "0";
  static constexpr std::pair<int64_t, const char*> kUnits[] = {
      {86400000, "d"}, {3600000, "h"}, {60000, "min"}, {1000, "s"}};
  for (const auto& [size, unit] : kUnits) {
    if (ms % size == 0) return std::to_string(ms / size) + unit;
  }
  return std::to_string(ms) + "ms";
}

}  // namespace

Result<int64_t> ParseDurationMs(const std::string& text, double bare_unit_ms,
                                const std::string& what) {
  auto invalid = [&] {
    return Status::Error(sqlstate::kInvalidParameterValue,
                         "invalid value for parameter \"" + what + "\": \"" + text + "\"")
        .WithHint("Valid units for this parameter are \"us\", \"ms\", \"s\", \"min\", "
                  "\"h\", and \"d\".");
  };
  size_t i = 0;
  while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
  const char* begin = text.c_str() + i;
  char* end = nullptr;
  double n = std::strtod(begin, &end);
  if (end == begin || !(n == n)) return invalid();
  std::string unit = Lower(std::string(end));
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.front()))) unit.erase(0, 1);
  while (!unit.empty() && std::isspace(static_cast<unsigned char>(unit.back()))) unit.pop_back();
  double factor;
  if (unit.empty()) {
    factor = bare_unit_ms;
  } else if (unit == "us" || unit == "microsecond" || unit == "microseconds") {
    factor = 0.001;
  } else if (unit == "ms" || unit == "millisecond" || unit == "milliseconds") {
    factor = 1;
  } else if (unit == "s" || unit == "sec" || unit == "second" || unit == "seconds") {
    factor = 1000;
  } else if (unit == "min" || unit == "minute" || unit == "minutes") {
    factor = 60000;
  } else if (unit == "h" || unit == "hour" || unit == "hours") {
    factor = 3600000;
  } else if (unit == "d" || unit == "day" || unit == "days") {
    factor = 86400000;
  } else {
    return invalid();
  }
  double ms = n * factor;
  if (ms < 0 || ms > 9.2e15) return invalid();
  return static_cast<int64_t>(ms + 0.5);
}

int64_t SessionSettings::StatementTimeoutMs() const {
  auto it = values_.find("statement_timeout");
  if (it == values_.end()) return 0;
  Result<int64_t> ms = ParseDurationMs(it->second, 1, "statement_timeout");
  return ms.ok() ? *ms : 0;
}

SessionSettings::SessionSettings() {
  for (const auto& d : kDefaults) {
    std::string l = Lower(d.name);
    if (values_.count(l)) continue;
    values_[l] = d.value;
    defaults_[l] = d.value;
    display_[l] = d.name;
  }
}

std::string SessionSettings::DisplayName(const std::string& name) const {
  auto it = display_.find(Canonical(Lower(name)));
  return it == display_.end() ? Lower(name) : it->second;
}

Status SessionSettings::Set(const std::string& raw_name, const std::string& value) {
  std::string name = Canonical(Lower(raw_name));
  if (!values_.count(name) && name.find('.') == std::string::npos) {
    return Status::Error(sqlstate::kUndefinedObject,
                         "unrecognized configuration parameter \"" + raw_name + "\"");
  }
  if (IsReadOnly(name)) {
    return Status::Error("55P02", "parameter \"" + raw_name + "\" cannot be changed");
  }
  std::string v = value;
  if (name == "client_encoding") {
    std::string l = Lower(v);
    if (l != "utf8" && l != "utf-8" && l != "unicode") {
      return Status::Error(sqlstate::kFeatureNotSupported,
                           "client_encoding \"" + v + "\" is not supported; kappadb speaks UTF8");
    }
    v = "UTF8";
  } else if (name == "datestyle") {
    std::string l = Lower(v);
    if (l.rfind("iso", 0) != 0) {
      return Status::Error(sqlstate::kFeatureNotSupported,
                           "DateStyle \"" + v + "\" is not supported; kappadb uses ISO, MDY");
    }
    v = "ISO, MDY";
  } else if (name == "intervalstyle") {
    if (Lower(v) != "postgres") {
      return Status::Error(sqlstate::kFeatureNotSupported,
                           "IntervalStyle \"" + v + "\" is not supported; kappadb uses postgres");
    }
    v = "postgres";
  } else if (name == "timezone") {
    if (!IsUtcName(v)) {
      return Status::Error(sqlstate::kFeatureNotSupported,
                           "time zone \"" + v + "\" is not supported; kappadb runs in UTC")
          .WithHint("Use SET TIME ZONE 'UTC'.");
    }
    v = "UTC";
  } else if (name == "standard_conforming_strings") {
    std::string l = Lower(v);
    if (l != "on" && l != "true" && l != "1") {
      return Status::Error(sqlstate::kFeatureNotSupported,
                           "standard_conforming_strings must be on in kappadb");
    }
    v = "on";
  } else if (name == "extra_float_digits") {
    char* end = nullptr;
    long n = std::strtol(v.c_str(), &end, 10);
    if (v.empty() || *end != '\0' || n < -15 || n > 3) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           "invalid value for parameter \"extra_float_digits\": \"" + v + "\"");
    }
  } else if (name == "statement_timeout") {
    KAPPA_ASSIGN_OR_RETURN(int64_t ms, ParseDurationMs(v, 1, "statement_timeout"));
    if (ms > 2147483647) {
      return Status::Error(sqlstate::kInvalidParameterValue,
                           std::to_string(ms) + " ms is outside the valid range for parameter "
                           "\"statement_timeout\" (0 .. 2147483647)");
    }
    v = FormatMs(ms);
  }
  values_[name] = v;
  if (!display_.count(name)) display_[name] = name;
  if (IsReported(name)) changed_.push_back(name);
  return Status::OK();
}

Status SessionSettings::Reset(const std::string& raw_name) {
  std::string name = Canonical(Lower(raw_name));
  if (name == "all") {
    ResetAll();
    return Status::OK();
  }
  auto it = defaults_.find(name);
  if (it == defaults_.end()) {
    if (values_.count(name)) {
      values_.erase(name);
      return Status::OK();
    }
    return Status::Error(sqlstate::kUndefinedObject,
                         "unrecognized configuration parameter \"" + raw_name + "\"");
  }
  if (values_[name] != it->second) {
    values_[name] = it->second;
    if (IsReported(name)) changed_.push_back(name);
  }
  return Status::OK();
}

void SessionSettings::ResetAll() {
  for (const auto& [name, def] : defaults_) {
    if (IsReadOnly(name)) continue;
    if (values_[name] != def) {
      values_[name] = def;
      if (IsReported(name)) changed_.push_back(name);
    }
  }
}

Result<std::string> SessionSettings::Get(const std::string& raw_name) const {
  std::string name = Canonical(Lower(raw_name));
  auto it = values_.find(name);
  if (it == values_.end()) {
    return Status::Error(sqlstate::kUndefinedObject,
                         "unrecognized configuration parameter \"" + raw_name + "\"");
  }
  return it->second;
}

std::vector<std::pair<std::string, std::string>> SessionSettings::Reported() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& d : kDefaults) {
    if (d.reported) out.emplace_back(d.name, values_.at(Lower(d.name)));
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> SessionSettings::TakeChanged() {
  std::vector<std::pair<std::string, std::string>> out;
  std::sort(changed_.begin(), changed_.end());
  changed_.erase(std::unique(changed_.begin(), changed_.end()), changed_.end());
  for (const auto& n : changed_) out.emplace_back(DisplayName(n), values_.at(n));
  changed_.clear();
  return out;
}

}  // namespace kappa
