// Status and Result<T>: how every error in kappadb travels.
//
// An error carries a PostgreSQL SQLSTATE from the point where it is raised up
// to the wire, where server/ converts it to an ErrorResponse in exactly one
// place. No exception crosses a folder boundary; code that calls a library
// that throws (ANTLR, RocksDB's C++ API does not) catches at its edge.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace kappa {

// SQLSTATE codes used in kappadb (PostgreSQL's Appendix A).
namespace sqlstate {
inline constexpr const char* kSuccess = "00000";
inline constexpr const char* kWarning = "01000";
inline constexpr const char* kConnectionFailure = "08006";
inline constexpr const char* kProtocolViolation = "08P01";
inline constexpr const char* kFeatureNotSupported = "0A000";
inline constexpr const char* kCardinalityViolation = "21000";
inline constexpr const char* kDataException = "22000";
inline constexpr const char* kStringDataRightTruncation = "22001";
inline constexpr const char* kNumericValueOutOfRange = "22003";
inline constexpr const char* kNullValueNotAllowed = "22004";
inline constexpr const char* kInvalidDatetimeFormat = "22007";
inline constexpr const char* kDatetimeFieldOverflow = "22008";
inline constexpr const char* kInvalidParameterValue = "22023";
inline constexpr const char* kDivisionByZero = "22012";
inline constexpr const char* kInvalidTextRepresentation = "22P02";
inline constexpr const char* kCharacterNotInRepertoire = "22021";
inline constexpr const char* kUntranslatableCharacter = "22P05";
inline constexpr const char* kInvalidEscapeSequence = "22025";
inline constexpr const char* kNotNullViolation = "23502";
inline constexpr const char* kUniqueViolation = "23505";
inline constexpr const char* kInvalidTransactionState = "25000";
inline constexpr const char* kInFailedTransaction = "25P02";
inline constexpr const char* kInvalidAuthorization = "28000";
inline constexpr const char* kInvalidPassword = "28P01";
inline constexpr const char* kInvalidCursorName = "34000";
inline constexpr const char* kInvalidSqlStatementName = "26000";
inline constexpr const char* kSyntaxError = "42601";
inline constexpr const char* kActiveSqlTransaction = "25001";
inline constexpr const char* kInsufficientPrivilege = "42501";
inline constexpr const char* kGroupingError = "42803";
inline constexpr const char* kDatatypeMismatch = "42804";
inline constexpr const char* kWrongObjectType = "42809";
inline constexpr const char* kUndefinedColumn = "42703";
inline constexpr const char* kUndefinedFunction = "42883";
inline constexpr const char* kUndefinedTable = "42P01";
inline constexpr const char* kUndefinedParameter = "42P02";
inline constexpr const char* kUndefinedObject = "42704";
inline constexpr const char* kDuplicateColumn = "42701";
inline constexpr const char* kDuplicateTable = "42P07";
inline constexpr const char* kDuplicateObject = "42710";
inline constexpr const char* kAmbiguousColumn = "42702";
inline constexpr const char* kAmbiguousFunction = "42725";
inline constexpr const char* kInvalidColumnReference = "42P10";
inline constexpr const char* kInvalidTableDefinition = "42P16";
inline constexpr const char* kInvalidObjectDefinition = "42P17";
inline constexpr const char* kInvalidRecursion = "42P19";
inline constexpr const char* kWindowingError = "42P20";
inline constexpr const char* kDependentObjectsStillExist = "2BP01";
inline constexpr const char* kProgramLimitExceeded = "54000";
inline constexpr const char* kStatementTooComplex = "54001";
inline constexpr const char* kTooManyConnections = "53300";
inline constexpr const char* kObjectNotInPrerequisiteState = "55000";
inline constexpr const char* kLockNotAvailable = "55P03";
inline constexpr const char* kQueryCanceled = "57014";
inline constexpr const char* kAdminShutdown = "57P01";
inline constexpr const char* kInvalidCatalogName = "3D000";
inline constexpr const char* kInvalidSchemaName = "3F000";
inline constexpr const char* kIoError = "58030";
inline constexpr const char* kInternalError = "XX000";
inline constexpr const char* kDataCorrupted = "XX001";
}  // namespace sqlstate

// Status: OK, or an error with SQLSTATE, message and optional details.
// `position` is a 1-based character offset into the statement text (0 when
// unknown); psql draws a caret under it.
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status OK() { return Status(); }
  static Status Error(std::string sqlstate, std::string message, int position = 0) {
    Status s;
    s.ok_ = false;
    s.sqlstate_ = std::move(sqlstate);
    s.message_ = std::move(message);
    s.position_ = position;
    return s;
  }
  // Shorthands for the most common kinds.
  static Status Internal(std::string message) {
    return Error(sqlstate::kInternalError, std::move(message));
  }
  static Status NotSupported(std::string message, int position = 0) {
    return Error(sqlstate::kFeatureNotSupported, std::move(message), position);
  }
  static Status Io(std::string message) { return Error(sqlstate::kIoError, std::move(message)); }

  bool ok() const { return ok_; }
  const std::string& sqlstate() const { return sqlstate_; }
  const std::string& message() const { return message_; }
  const std::string& detail() const { return detail_; }
  const std::string& hint() const { return hint_; }
  int position() const { return position_; }

  Status& WithDetail(std::string d) { detail_ = std::move(d); return *this; }
  Status& WithHint(std::string h) { hint_ = std::move(h); return *this; }
  // Drops the position: PostgreSQL reports positions for errors found while
  // parsing and analysing a statement, not for errors while executing it.
  Status& WithoutPosition() { position_ = 0; return *this; }
  // Sets the position only if none is set yet (inner errors know better).
  Status& WithPosition(int p) { if (position_ == 0) position_ = p; return *this; }

  std::string ToString() const {
    return ok_ ? std::string("OK") : sqlstate_ + ": " + message_;
  }

 private:
  bool ok_ = true;
  std::string sqlstate_;
  std::string message_;
  std::string detail_;
  std::string hint_;
  int position_ = 0;
};

// Result<T>: a T or an error Status. REQUIRES: an error Status is never OK.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok());
  }
  bool ok() const { return std::holds_alternative<T>(v_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T& operator*() & { return value(); }
  T* operator->() { return &std::get<T>(v_); }
  const T* operator->() const { return &std::get<T>(v_); }

 private:
  std::variant<T, Status> v_;
};

#define KAPPA_CONCAT_INNER(a, b) a##b
#define KAPPA_CONCAT(a, b) KAPPA_CONCAT_INNER(a, b)

#define KAPPA_RETURN_IF_ERROR(expr)        \
  do {                                     \
    ::kappa::Status _st = (expr);          \
    if (!_st.ok()) return _st;             \
  } while (0)

#define KAPPA_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                \
  if (!tmp.ok()) return tmp.status();               \
  lhs = std::move(tmp).value()

// KAPPA_ASSIGN_OR_RETURN(auto x, ComputeX());
#define KAPPA_ASSIGN_OR_RETURN(lhs, expr) \
  KAPPA_ASSIGN_OR_RETURN_IMPL(KAPPA_CONCAT(_res_, __LINE__), lhs, expr)

}  // namespace kappa
