#include "executor/datagen_generator.h"

#include <cmath>
#include <cstdlib>

#include "common/datetime.h"
#include "common/value_parse.h"

namespace kappa {

namespace {

uint64_t Mix(uint64_t x) {  // splitmix64
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

Status BadOption(const std::string& key, const std::string& value, const std::string& why) {
  return Status::Error(sqlstate::kInvalidParameterValue,
                       "invalid value '" + value + "' for datagen option " + key + ": " + why);
}

Result<int64_t> ParseInt(const std::string& key, const std::string& v) {
  char* end = nullptr;
  errno = 0;
  long long x = std::strtoll(v.c_str(), &end, 10);
  if (v.empty() || *end != '\0' || errno != 0) return BadOption(key, v, "not an integer");
  return static_cast<int64_t>(x);
}

Result<double> ParseNumber(const std::string& key, const std::string& v) {
  char* end = nullptr;
  double x = std::strtod(v.c_str(), &end);
  if (v.empty() || *end != '\0' || !std::isfinite(x)) return BadOption(key, v, "not a number");
  return x;
}

bool IsInteger(TypeId t) {
  return t == TypeId::kInt16 || t == TypeId::kInt32 || t == TypeId::kInt64;
}

bool IsTime(TypeId t) { return t == TypeId::kTimestamp || t == TypeId::kTimestampTz; }

}  // namespace

Result<DatagenGenerator> DatagenGenerator::Create(const TableInfo& table) {
  DatagenGenerator g;
  g.fields_.resize(table.columns.size());
  for (size_t c = 0; c < table.columns.size(); ++c) {
    g.fields_[c].type = table.columns[c].type;
    g.fields_[c].seed = c + 1;
  }
  for (const auto& [key, value] : table.options) {
    if (key == "connector") continue;
    if (key == "datagen.rows.per.second") {
      KAPPA_ASSIGN_OR_RETURN(double r, ParseNumber(key, value));
      if (r < 0) return BadOption(key, value, "must not be negative");
      g.rows_per_second_ = r;
      continue;
    }
    if (key == "datagen.rows") {
      KAPPA_ASSIGN_OR_RETURN(int64_t n, ParseInt(key, value));
      if (n < 0) return BadOption(key, value, "must not be negative");
      g.limit_ = static_cast<uint64_t>(n);
      continue;
    }
    if (key == "datagen.split.num") continue;  // RisingWave's; one split here
    if (key.rfind("fields.", 0) != 0) {
      return Status::Error(sqlstate::kSyntaxError,
                           "unknown option \"" + key + "\" for connector 'datagen'")
          .WithHint("Options are datagen.rows.per.second, datagen.rows and "
                    "fields.<column>.kind/start/end/min/max/length/max_past/seed.");
    }
    size_t dot = key.rfind('.');
    std::string col = key.substr(7, dot == std::string::npos || dot < 7 ? 0 : dot - 7);
    std::string prop = dot == std::string::npos ? "" : key.substr(dot + 1);
    int c = table.FindColumn(col);
    if (c < 0) {
      return Status::Error(sqlstate::kUndefinedColumn,
                           "column \"" + col + "\" of option \"" + key + "\" does not exist");
    }
    Field& f = g.fields_[c];
    const TypeId t = f.type.id;
    if (prop == "kind") {
      if (value == "sequence") {
        if (!IsInteger(t)) {
          return BadOption(key, value, "sequences need an integer column");
        }
        f.sequence = true;
      } else if (value != "random") {
        return BadOption(key, value, "kind is 'sequence' or 'random'");
      }
    } else if (prop == "start") {
      KAPPA_ASSIGN_OR_RETURN(f.start, ParseInt(key, value));
    } else if (prop == "end") {
      KAPPA_ASSIGN_OR_RETURN(f.end, ParseInt(key, value));
      f.has_end = true;
    } else if (prop == "min") {
      KAPPA_ASSIGN_OR_RETURN(f.min, ParseNumber(key, value));
    } else if (prop == "max") {
      KAPPA_ASSIGN_OR_RETURN(f.max, ParseNumber(key, value));
    } else if (prop == "length") {
      KAPPA_ASSIGN_OR_RETURN(f.length, ParseInt(key, value));
      if (f.length < 0 || f.length > 1 << 20) return BadOption(key, value, "0 .. 1048576");
    } else if (prop == "seed") {
      KAPPA_ASSIGN_OR_RETURN(int64_t s, ParseInt(key, value));
      f.seed = static_cast<uint64_t>(s);
    } else if (prop == "max_past") {
      if (!IsTime(t)) return BadOption(key, value, "max_past is for timestamp columns");
      std::string text = value;
      // RisingWave writes '5s', '10m', '2h'; PostgreSQL interval text works too.
      if (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0])) &&
          text.find_first_not_of("0123456789") == text.size() - 1) {
        char u = text.back();
        std::string n = text.substr(0, text.size() - 1);
        if (u == 's') text = n + " seconds";
        if (u == 'm') text = n + " minutes";
        if (u == 'h') text = n + " hours";
        if (u == 'd') text = n + " days";
      }
      Result<Value> iv = ParseValue(text, DataType(TypeId::kInterval));
      if (!iv.ok()) return BadOption(key, value, "not an interval");
      __int128 span = IntervalSpan(iv->iv);
      if (span < 0) return BadOption(key, value, "must not be negative");
      f.max_past_us = static_cast<int64_t>(span);
    } else {
      return Status::Error(sqlstate::kSyntaxError, "unknown option \"" + key +
                                                       "\" for connector 'datagen'");
    }
    if (f.sequence && f.has_end && f.end < f.start) {
      return BadOption(key, value, "the sequence's end is below its start");
    }
    if (f.min > f.max) return BadOption(key, value, "min is above max");
  }
  for (const Field& f : g.fields_) {
    if (f.sequence && f.has_end) {
      uint64_t n = static_cast<uint64_t>(f.end - f.start) + 1;
      if (n < g.limit_) g.limit_ = n;
    }
  }
  return g;
}

uint64_t DatagenGenerator::Remaining(uint64_t next) const {
  if (limit_ == UINT64_MAX) return UINT64_MAX;
  return next >= limit_ ? 0 : limit_ - next;
}

Chunk DatagenGenerator::Generate(uint64_t next, uint64_t n, int64_t now_us) const {
  n = std::min(n, Remaining(next));
  std::vector<DataType> types;
  for (const Field& f : fields_) types.push_back(f.type);
  Chunk out(types);
  static const char kAlnum[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  for (size_t c = 0; c < fields_.size(); ++c) {
    const Field& f = fields_[c];
    Column& col = out.columns[c];
    col.Reserve(n);
    for (uint64_t k = 0; k < n; ++k) {
      const uint64_t i = next + k;
      const uint64_t r = Mix(f.seed * 0x100000001b3ull ^ Mix(i));
      const double u = static_cast<double>(r >> 11) * (1.0 / 9007199254740992.0);  // [0, 1)
      switch (f.type.id) {
        case TypeId::kBool:
          col.Append(Value::Bool(r & 1));
          break;
        case TypeId::kInt16:
        case TypeId::kInt32:
        case TypeId::kInt64: {
          int64_t v;
          if (f.sequence) {
            v = f.start + static_cast<int64_t>(i);
          } else {
            const double span = std::floor(f.max) - std::ceil(f.min) + 1;
            v = static_cast<int64_t>(std::ceil(f.min) + std::floor(u * span));
          }
          if (f.type.id == TypeId::kInt16) v = std::max<int64_t>(-32768, std::min<int64_t>(32767, v));
          if (f.type.id == TypeId::kInt32) {
            v = std::max<int64_t>(INT32_MIN, std::min<int64_t>(INT32_MAX, v));
          }
          col.Append(Value::Int(f.type.id, v));
          break;
        }
        case TypeId::kFloat32:
        case TypeId::kFloat64:
          col.Append(Value::Float(f.type.id, f.min + u * (f.max - f.min)));
          break;
        case TypeId::kNumeric: {
          const int scale = f.type.scale >= 0 ? f.type.scale : 2;
          double x = f.min + u * (f.max - f.min);
          __int128 p = 1;
          for (int s = 0; s < scale; ++s) p *= 10;
          Value v;
          v.type = f.type;
          v.is_null = false;
          v.d.unscaled = static_cast<__int128>(std::llround(x * static_cast<double>(p)));
          v.d.scale = scale;
          col.Append(v);
          break;
        }
        case TypeId::kVarchar:
        case TypeId::kText: {
          int64_t len = f.length;
          if (f.type.id == TypeId::kVarchar && f.type.length > 0) {
            len = std::min<int64_t>(len, f.type.length);
          }
          std::string s(static_cast<size_t>(len), 'a');
          uint64_t x = r;
          for (int64_t j = 0; j < len; ++j) {
            if (j % 10 == 0) x = Mix(x + static_cast<uint64_t>(j));
            s[j] = kAlnum[x % 62];
            x /= 62;
          }
          col.Append(Value::String(std::move(s), f.type));
          break;
        }
        case TypeId::kTimestamp:
        case TypeId::kTimestampTz: {
          int64_t back = f.max_past_us > 0
                             ? static_cast<int64_t>(u * static_cast<double>(f.max_past_us))
                             : 0;
          col.Append(Value::Int(f.type.id, now_us - back));
          break;
        }
        case TypeId::kDate:
          col.Append(Value::Int(TypeId::kDate, (now_us / 1000000) / 86400));
          break;
        case TypeId::kTime:
          col.Append(Value::Int(TypeId::kTime, now_us % (86400LL * 1000000)));
          break;
        case TypeId::kInterval: {
          Value v;
          v.type = f.type;
          v.is_null = false;
          v.iv.micros = static_cast<int64_t>(u * 1e6 * (f.max - f.min) + f.min * 1e6);
          col.Append(v);
          break;
        }
        default:
          col.AppendNull();
          break;
      }
    }
  }
  out.weights.assign(n, 1);
  out.num_rows = n;
  return out;
}

}  // namespace kappa
