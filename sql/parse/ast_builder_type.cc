// AstBuilder: type names and typed literals (DATE '...', INTERVAL '1' DAY).
#include <string>
#include <string_view>

#include "sql/parse/ast_builder.h"
#include "sql/parse/literals.h"
#include "sql/parse/parse_error.h"

namespace kappa::parse {
namespace {

// Token types only: tokens carry no text (see parser.cc), so the callers
// below map a token to its spelling through the builder's Text().
int32_t SmallInt(std::string_view digits) {
  int64_t v = 0;
  for (char c : digits) {
    v = v * 10 + (c - '0');
    if (v > INT32_MAX) return INT32_MAX;
  }
  return static_cast<int32_t>(v);
}

[[noreturn]] void ThrowTypeModifierError(std::string message, int location) {
  ThrowError(sqlstate::kInvalidParameterValue, std::move(message), location);
}

DataType VarcharType(const std::vector<int32_t>& mods, int32_t default_length,
                     const std::string& spelling, int location) {
  if (mods.size() > 1) ThrowTypeModifierError("invalid type modifier", location);
  int32_t length = mods.empty() ? default_length : mods[0];
  if (!mods.empty() && length < 1) {
    ThrowTypeModifierError("length for type " + spelling + " must be at least 1", location);
  }
  if (length > 10485760) {
    ThrowTypeModifierError("length for type " + spelling + " cannot exceed 10485760", location);
  }
  return DataType::Varchar(length);
}

DataType NumericType(const std::vector<int32_t>& mods, int location) {
  if (mods.empty()) return DataType::Numeric();
  if (mods.size() > 2) ThrowTypeModifierError("invalid NUMERIC type modifier", location);
  int32_t precision = mods[0];
  int32_t scale = mods.size() > 1 ? mods[1] : 0;
  if (precision < 1 || precision > 1000) {
    ThrowTypeModifierError(
        "NUMERIC precision " + std::to_string(precision) + " must be between 1 and 1000", location);
  }
  if (scale < -1000 || scale > 1000) {  // PostgreSQL 15 allows scale > precision and < 0
    ThrowTypeModifierError("NUMERIC scale " + std::to_string(scale) +
                               " must be between -1000 and 1000",
                           location);
  }
  return DataType::Numeric(precision, scale);
}

// Maps a lower-case type name written without pg_catalog. to a DataType.
DataType GenericType(const std::string& name, const std::vector<int32_t>& mods, int location) {
  auto plain = [&](TypeId id) {
    if (!mods.empty()) ThrowTypeModifierError("type modifier is not allowed for type \"" + name + "\"", location);
    return DataType(id);
  };
  if (name == "bool" || name == "boolean") return plain(TypeId::kBool);
  if (name == "int2" || name == "smallint") return plain(TypeId::kInt16);
  if (name == "int4" || name == "int" || name == "integer") return plain(TypeId::kInt32);
  if (name == "int8" || name == "bigint") return plain(TypeId::kInt64);
  if (name == "float4" || name == "real") return plain(TypeId::kFloat32);
  if (name == "float8") return plain(TypeId::kFloat64);
  if (name == "float") {
    if (mods.empty()) return DataType(TypeId::kFloat64);
    if (mods.size() > 1 || mods[0] < 1 || mods[0] > 53) {
      ThrowTypeModifierError("precision for type float must be between 1 and 53 bits", location);
    }
    return DataType(mods[0] <= 24 ? TypeId::kFloat32 : TypeId::kFloat64);
  }
  if (name == "numeric" || name == "decimal" || name == "dec") return NumericType(mods, location);
  if (name == "varchar") return VarcharType(mods, -1, name, location);
  if (name == "bpchar") return VarcharType(mods, -1, name, location);
  if (name == "text" || name == "string") return plain(TypeId::kText);
  if (name == "date") return plain(TypeId::kDate);
  if (name == "time") return DataType(TypeId::kTime);
  if (name == "timestamp") return DataType(TypeId::kTimestamp);
  if (name == "timestamptz") return DataType(TypeId::kTimestampTz);
  if (name == "interval") return DataType(TypeId::kInterval);
  return DataType(TypeId::kUnknown);
}

// The last unit of an interval qualifier ("day to hour" -> hour), which is
// how PostgreSQL reads a bare number: INTERVAL '1' DAY TO HOUR is one hour.
antlr4::Token* LastIntervalUnit(P::IntervalQualifierContext* ctx) {
  antlr4::Token* last = nullptr;
  for (antlr4::tree::ParseTree* child : ctx->children) {
    if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(child)) {
      last = term->getSymbol();
    } else if (auto* second = dynamic_cast<P::IntervalSecondContext*>(child)) {
      last = second->SECOND()->getSymbol();
    }
  }
  return last;
}

bool IsPlainNumber(std::string_view s) {
  size_t i = 0;
  while (i < s.size() && s[i] == ' ') ++i;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
  bool digits = false;
  bool dot = false;
  for (; i < s.size() && s[i] != ' '; ++i) {
    if (s[i] >= '0' && s[i] <= '9') {
      digits = true;
    } else if (s[i] == '.' && !dot) {
      dot = true;
    } else {
      return false;
    }
  }
  while (i < s.size() && s[i] == ' ') ++i;
  return digits && i == s.size();
}

}  // namespace

std::vector<int32_t> AstBuilder::TypeMods(P::TypeModifiersContext* ctx) {
  std::vector<int32_t> out;
  if (ctx == nullptr) return out;
  for (antlr4::tree::TerminalNode* n : ctx->INTEGER_LITERAL()) {
    out.push_back(SmallInt(Text(n->getSymbol())));
  }
  return out;
}

ast::TypeName AstBuilder::BuildTypeName(P::TypeNameContext* ctx) {
  ast::TypeName type = BuildSimpleTypeName(ctx->simpleTypeName());
  type.is_array = ctx->arrayBounds() != nullptr;
  return type;
}

ast::TypeName AstBuilder::BuildSimpleTypeName(P::SimpleTypeNameContext* ctx) {
  ast::TypeName type;
  type.location = Loc(ctx);
  if (dynamic_cast<P::TypeDoubleContext*>(ctx) != nullptr) {
    type.type = DataType(TypeId::kFloat64);
    type.spelling = "double precision";
  } else if (auto* c = dynamic_cast<P::TypeCharacterContext*>(ctx)) {
    bool varying = c->VARYING() != nullptr;
    std::string base = c->CHAR() != nullptr ? "char" : "character";
    type.spelling = varying ? base + " varying" : base;
    type.type = VarcharType(TypeMods(c->typeModifiers()), varying ? -1 : 1, type.spelling,
                            type.location);
  } else if (auto* d = dynamic_cast<P::TypeDatetimeContext*>(ctx)) {
    bool time = d->TIMESTAMP() == nullptr;
    bool tz = d->withTimeZone != nullptr;
    std::string base = time ? "time" : "timestamp";
    type.spelling = tz ? base + " with time zone" : base;
    // A fractional-seconds precision is accepted and ignored (kappadb keeps microseconds).
    if (TypeMods(d->typeModifiers()).size() > 1) {
      ThrowTypeModifierError("invalid type modifier", type.location);
    }
    type.type = DataType(time ? (tz ? TypeId::kUnknown : TypeId::kTime)
                              : (tz ? TypeId::kTimestampTz : TypeId::kTimestamp));
  } else if (dynamic_cast<P::TypeIntervalContext*>(ctx) != nullptr) {
    type.type = DataType(TypeId::kInterval);
    type.spelling = "interval";
  } else {
    auto* g = static_cast<P::TypeGenericContext*>(ctx);
    P::GenericTypeNameContext* name = g->genericTypeName();
    ast::QualifiedName parts = Names(name);
    if (parts.size() == 2 && parts[0] == "pg_catalog") parts.erase(parts.begin());
    std::vector<int32_t> mods = TypeMods(g->typeModifiers());
    if (parts.size() == 1) {
      bool quoted = name->getStart()->getType() == P::QUOTED_IDENTIFIER ||
                    name->getStop()->getType() == P::QUOTED_IDENTIFIER;
      if (quoted && parts[0] == "char") {
        type.spelling = "\"char\"";  // PostgreSQL's one-byte internal type
        type.type = DataType(TypeId::kUnknown);
      } else {
        type.spelling = parts[0];
        type.type = GenericType(parts[0], mods, type.location);
      }
    } else {
      for (const std::string& part : parts) {
        if (!type.spelling.empty()) type.spelling.push_back('.');
        type.spelling += part;
      }
      type.type = DataType(TypeId::kUnknown);
    }
  }
  return type;
}

ast::ExprPtr AstBuilder::BuildTypedLiteral(P::TypedLiteralContext* ctx) {
  auto cast = MakeExpr(ast::ExprKind::kCast, Loc(ctx));
  ast::ExprPtr value = BuildStringLiteral(ctx->stringLiteral());
  if (ctx->INTERVAL() != nullptr) {
    cast->cast_type.type = DataType(TypeId::kInterval);
    cast->cast_type.spelling = "interval";
    cast->cast_type.location = Loc(ctx);
    if (P::IntervalQualifierContext* q = ctx->intervalQualifier()) {
      if (IsPlainNumber(value->literal)) {
        value->literal += " " + FoldIdentifier(Text(LastIntervalUnit(q)));
      }
    }
  } else {
    cast->cast_type = BuildSimpleTypeName(ctx->simpleTypeName());
  }
  cast->children.push_back(std::move(value));
  return cast;
}

}  // namespace kappa::parse
