#include "executor/aggregate_function.h"

#include <string>

namespace kappa {

// ---------------------------------------------------------------- resolution

namespace {

std::string Signature(std::string_view name, const std::vector<DataType>& args) {
  std::string s(name);
  s += "(";
  for (size_t i = 0; i < args.size(); ++i) {
    if (i) s += ", ";
    s += TypeName(DataType(args[i].id));
  }
  return s + ")";
}

Status NoSuchFunction(std::string_view name, const std::vector<DataType>& args) {
  return Status::Error(sqlstate::kUndefinedFunction,
                       "function " + Signature(name, args) + " does not exist")
      .WithHint(
          "No function matches the given name and argument types. You might need to add "
          "explicit type casts.");
}

Status NotUnique(std::string_view name, const std::vector<DataType>& args) {
  return Status::Error(sqlstate::kAmbiguousFunction,
                       "function " + Signature(name, args) + " is not unique")
      .WithHint(
          "Could not choose a best candidate function. You might need to add explicit type "
          "casts.");
}

bool IsTextLike(TypeId t) {
  return t == TypeId::kText || t == TypeId::kVarchar || t == TypeId::kUnknown;
}

}  // namespace

bool IsAggregateName(std::string_view name) {
  return name == "count" || name == "sum" || name == "avg" || name == "min" || name == "max" ||
         name == "bool_and" || name == "bool_or" || name == "every" || name == "string_agg" ||
         name == "array_agg";
}

Result<ResolvedAggregate> ResolveAggregate(std::string_view name,
                                           const std::vector<DataType>& args) {
  const DataType kInt8(TypeId::kInt64);
  const DataType kText(TypeId::kText);
  const DataType kBoolT(TypeId::kBool);
  if (name == "count") {
    if (args.empty()) return ResolvedAggregate{AggregateKind::kCountStar, DataType(), kInt8};
    if (args.size() == 1) return ResolvedAggregate{AggregateKind::kCount, args[0], kInt8};
    return NoSuchFunction(name, args);
  }
  if (name == "array_agg") {
    return Status::NotSupported("aggregate function array_agg is not supported yet");
  }
  if (name == "string_agg") {
    if (args.size() == 2 && IsTextLike(args[0].id) && IsTextLike(args[1].id)) {
      return ResolvedAggregate{AggregateKind::kStringAgg, kText, kText};
    }
    return NoSuchFunction(name, args);
  }
  if (args.size() != 1) return NoSuchFunction(name, args);
  const DataType& t = args[0];
  if (name == "bool_and" || name == "bool_or" || name == "every") {
    if (t.id != TypeId::kBool && t.id != TypeId::kUnknown) return NoSuchFunction(name, args);
    return ResolvedAggregate{name == "bool_or" ? AggregateKind::kBoolOr : AggregateKind::kBoolAnd,
                             kBoolT, kBoolT};
  }
  if (name == "sum" || name == "avg") {
    const bool avg = name == "avg";
    const AggregateKind kind = avg ? AggregateKind::kAvg : AggregateKind::kSum;
    switch (t.id) {
      case TypeId::kInt16:
      case TypeId::kInt32:
        return ResolvedAggregate{kind, t, avg ? DataType::Numeric() : kInt8};
      case TypeId::kInt64:
        return ResolvedAggregate{kind, t, DataType::Numeric()};
      case TypeId::kNumeric:
        return ResolvedAggregate{kind, t, DataType::Numeric()};
      case TypeId::kFloat32:
        return ResolvedAggregate{kind, t, avg ? DataType(TypeId::kFloat64) : t};
      case TypeId::kFloat64:
        return ResolvedAggregate{kind, t, t};
      case TypeId::kInterval:
        return ResolvedAggregate{kind, t, t};
      case TypeId::kUnknown:
        return NotUnique(name, args);
      default:
        return NoSuchFunction(name, args);
    }
  }
  if (name == "min" || name == "max") {
    const AggregateKind kind = name == "min" ? AggregateKind::kMin : AggregateKind::kMax;
    switch (t.id) {
      case TypeId::kInt16:
      case TypeId::kInt32:
      case TypeId::kInt64:
      case TypeId::kFloat32:
      case TypeId::kFloat64:
      case TypeId::kDate:
      case TypeId::kTime:
      case TypeId::kTimestamp:
      case TypeId::kTimestampTz:
      case TypeId::kInterval:
        return ResolvedAggregate{kind, t, t};
      case TypeId::kNumeric:
        return ResolvedAggregate{kind, t, DataType::Numeric()};
      case TypeId::kVarchar:
      case TypeId::kText:
      case TypeId::kUnknown:
        return ResolvedAggregate{kind, kText, kText};
      default:
        return NoSuchFunction(name, args);
    }
  }
  return NoSuchFunction(name, args);
}

namespace state_codec {

Status Corrupt(std::string_view what) {
  return Status::Error(sqlstate::kDataCorrupted,
                       "corrupt aggregate state: " + std::string(what));
}

}  // namespace state_codec

}  // namespace kappa
