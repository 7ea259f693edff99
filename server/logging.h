// Server log: one line per event on stderr, "<UTC time> <level>: <message>".
//
// Thread-safe. The level is set once at startup (--log-level); messages below
// it cost one comparison.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <fmt/format.h>

namespace kappa {

enum class LogLevel { kDebug = 0, kInfo = 1, kWarning = 2, kError = 3 };

// "debug", "info", "warning" (or "warn"), "error"; false if unknown.
bool ParseLogLevel(std::string_view text, LogLevel* level);
void SetLogLevel(LogLevel level);
bool LogEnabled(LogLevel level);
void LogLine(LogLevel level, std::string_view message);

template <typename... Args>
void Log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
  if (LogEnabled(level)) LogLine(level, fmt::format(format, std::forward<Args>(args)...));
}

}  // namespace kappa
