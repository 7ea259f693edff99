#include "common/idle_timeout_option.h"

#include <cctype>

namespace kappa {

bool IsIdleTimeoutOption(const std::string& key) {
  return key == "source.idle-timeout" || key == "scan.watermark.idle-timeout" ||
         key == "watermark.idle.timeout.ms";
}

Result<int64_t> ParseIdleTimeoutMs(const std::string& key, const std::string& value) {
  auto bad = [&]() {
    return Status::Error(sqlstate::kInvalidParameterValue,
                         "invalid value '" + value + "' for option " + key +
                             ": expected a positive duration such as '500ms', '10s', '1min' "
                             "or milliseconds");
  };
  size_t i = 0;
  while (i < value.size() && std::isspace(static_cast<unsigned char>(value[i]))) ++i;
  const size_t digits_start = i;
  int64_t n = 0;
  while (i < value.size() && std::isdigit(static_cast<unsigned char>(value[i]))) {
    if (n > (int64_t{1} << 50)) return bad();
    n = n * 10 + (value[i] - '0');
    ++i;
  }
  if (i == digits_start) return bad();
  while (i < value.size() && std::isspace(static_cast<unsigned char>(value[i]))) ++i;
  std::string unit;
  while (i < value.size() && !std::isspace(static_cast<unsigned char>(value[i]))) {
    unit.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(value[i]))));
    ++i;
  }
  while (i < value.size() && std::isspace(static_cast<unsigned char>(value[i]))) ++i;
  if (i != value.size()) return bad();
  int64_t scale = 0;
  if (unit.empty() || unit == "ms" || unit == "milli" || unit == "millis" ||
      unit == "millisecond" || unit == "milliseconds") {
    scale = 1;
  } else if (unit == "s" || unit == "sec" || unit == "secs" || unit == "second" ||
             unit == "seconds") {
    scale = 1000;
  } else if (unit == "m" || unit == "min" || unit == "mins" || unit == "minute" ||
             unit == "minutes") {
    scale = 60 * 1000;
  } else if (unit == "h" || unit == "hour" || unit == "hours") {
    scale = 3600 * 1000;
  } else {
    return bad();
  }
  if (n <= 0) return bad();
  return n * scale;
}

Result<int64_t> IdleTimeoutMsOf(
    const std::vector<std::pair<std::string, std::string>>& options) {
  int64_t ms = 0;
  for (const auto& [k, v] : options) {
    if (!IsIdleTimeoutOption(k)) continue;
    KAPPA_ASSIGN_OR_RETURN(ms, ParseIdleTimeoutMs(k, v));
  }
  return ms;
}

}  // namespace kappa
