// Persistence: each relation is one key "rel/<id as 16 hex digits>" in the
// Store's catalog space; its value is Catalog::Serialize(info):
//
//   u8 version (1), then fields as (varint tag, varint length, bytes).
//
// Readers skip unknown tags and default missing ones, so fields can be added
// without a new version. Integers inside fields are varints (zigzag for
// signed ones); strings are raw bytes.
#include "sql/catalog.h"

#include <charconv>
#include <cstdint>
#include <cstdio>
#include <utility>

#include "storage/store.h"

namespace kappa {

namespace {

constexpr uint8_t kCatalogFormat = 1;
constexpr const char* kRelPrefix = "rel/";
constexpr uint64_t kFirstUserOid = 16384;

// TableInfo fields.
enum Tag : uint64_t {
  kTagId = 1,
  kTagSchema = 2,
  kTagName = 3,
  kTagKind = 4,
  kTagColumn = 5,
  kTagPrimaryKey = 6,
  kTagAppendOnly = 7,
  kTagWatermarkColumn = 8,
  kTagWatermarkSql = 9,
  kTagOption = 10,
  kTagFormat = 11,
  kTagEncode = 12,
  kTagDefinitionSql = 13,
  kTagEmitOnWindowClose = 14,
  kTagDependsOn = 15,
  kTagEncodeOption = 16,  // as kTagOption
  kTagInclude = 17,       // as kTagOption: key = what, value = column index (decimal)
};
// ColumnInfo fields (inside a kTagColumn).
enum ColumnTag : uint64_t {
  kColName = 1,
  kColTypeId = 2,
  kColPrecision = 3,
  kColScale = 4,
  kColLength = 5,
  kColNotNull = 6,
  kColDefaultSql = 7,
};
// Option fields (inside a kTagOption).
enum OptionTag : uint64_t { kOptKey = 1, kOptValue = 2 };

inline uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t UnZigZag(uint64_t v) {
  return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1);
}

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutBytesField(uint64_t tag, const std::string& bytes, std::string* out) {
  PutVarint(tag, out);
  PutVarint(bytes.size(), out);
  out->append(bytes);
}

void PutIntField(uint64_t tag, uint64_t v, std::string* out) {
  std::string payload;
  PutVarint(v, &payload);
  PutBytesField(tag, payload, out);
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint64_t byte = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    result |= (byte & 0x7f) << shift;
    if ((byte & 0x80) == 0) {
      *v = result;
      return true;
    }
  }
  return false;
}

Status Corrupt(const std::string& what) {
  return Status::Error(sqlstate::kDataCorrupted, "malformed catalog entry: " + what);
}

// Calls fn(tag, payload) for each field of `in`.
template <typename Fn>
Status ForEachField(std::string_view in, Fn fn) {
  while (!in.empty()) {
    uint64_t tag, len;
    if (!GetVarint(&in, &tag) || !GetVarint(&in, &len) || len > in.size()) {
      return Corrupt("truncated field");
    }
    KAPPA_RETURN_IF_ERROR(fn(tag, in.substr(0, len)));
    in.remove_prefix(len);
  }
  return Status::OK();
}

Status IntOf(std::string_view payload, uint64_t* v) {
  if (!GetVarint(&payload, v) || !payload.empty()) return Corrupt("bad integer field");
  return Status::OK();
}

Status Int32Of(std::string_view payload, int32_t* v) {
  uint64_t u;
  KAPPA_RETURN_IF_ERROR(IntOf(payload, &u));
  int64_t s = UnZigZag(u);
  if (s < INT32_MIN || s > INT32_MAX) return Corrupt("integer out of range");
  *v = static_cast<int32_t>(s);
  return Status::OK();
}

std::string SerializeColumn(const ColumnInfo& c) {
  std::string out;
  PutBytesField(kColName, c.name, &out);
  PutIntField(kColTypeId, static_cast<uint64_t>(c.type.id), &out);
  PutIntField(kColPrecision, ZigZag(c.type.precision), &out);
  PutIntField(kColScale, ZigZag(c.type.scale), &out);
  PutIntField(kColLength, ZigZag(c.type.length), &out);
  PutIntField(kColNotNull, c.not_null ? 1 : 0, &out);
  if (!c.default_sql.empty()) PutBytesField(kColDefaultSql, c.default_sql, &out);
  return out;
}

Status DeserializeColumn(std::string_view in, ColumnInfo* c) {
  return ForEachField(in, [c](uint64_t tag, std::string_view p) -> Status {
    uint64_t u;
    switch (tag) {
      case kColName: c->name.assign(p); break;
      case kColTypeId:
        KAPPA_RETURN_IF_ERROR(IntOf(p, &u));
        if (u > static_cast<uint64_t>(TypeId::kInterval)) return Corrupt("unknown type");
        c->type.id = static_cast<TypeId>(u);
        break;
      case kColPrecision: return Int32Of(p, &c->type.precision);
      case kColScale: return Int32Of(p, &c->type.scale);
      case kColLength: return Int32Of(p, &c->type.length);
      case kColNotNull:
        KAPPA_RETURN_IF_ERROR(IntOf(p, &u));
        c->not_null = u != 0;
        break;
      case kColDefaultSql: c->default_sql.assign(p); break;
      default: break;  // a field from a newer version
    }
    return Status::OK();
  });
}

std::string RelKey(uint64_t id) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%s%016llx", kRelPrefix, static_cast<unsigned long long>(id));
  return buf;
}

std::shared_ptr<CatalogSnapshot> CopyOf(const CatalogSnapshotPtr& s) {
  return s ? std::make_shared<CatalogSnapshot>(*s) : std::make_shared<CatalogSnapshot>();
}

}  // namespace

// ---- TableInfo

int TableInfo::FindColumn(const std::string& column) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (columns[i].name == column) return static_cast<int>(i);
  }
  return -1;
}

std::vector<DataType> TableInfo::Types() const {
  std::vector<DataType> out;
  out.reserve(columns.size());
  for (const auto& c : columns) out.push_back(c.type);
  return out;
}

// ---- CatalogSnapshot

TableInfoPtr CatalogSnapshot::Find(const std::string& schema, const std::string& name) const {
  if (!schema.empty()) {
    auto it = by_name_.find({schema, name});
    return it == by_name_.end() || it->second->kind == RelationKind::kSink ? nullptr
                                                                           : it->second;
  }
  // PostgreSQL searches pg_catalog before the search path unless the path
  // names it, so a user table cannot hide a system relation.
  for (const char* s : {"pg_catalog", "public"}) {
    auto it = by_name_.find({s, name});
    if (it != by_name_.end()) {
      return it->second->kind == RelationKind::kSink ? nullptr : it->second;
    }
  }
  return nullptr;
}

TableInfoPtr CatalogSnapshot::FindSink(const std::string& schema, const std::string& name) const {
  auto it = by_name_.find({schema.empty() ? "public" : schema, name});
  return it == by_name_.end() || it->second->kind != RelationKind::kSink ? nullptr : it->second;
}

TableInfoPtr CatalogSnapshot::FindById(uint64_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second;
}

std::vector<TableInfoPtr> CatalogSnapshot::All() const {
  std::vector<TableInfoPtr> out;
  out.reserve(by_name_.size());
  for (const auto& [key, info] : by_name_) {
    if (info->kind != RelationKind::kSink) out.push_back(info);
  }
  return out;
}

std::vector<TableInfoPtr> CatalogSnapshot::Sinks() const {
  std::vector<TableInfoPtr> out;
  for (const auto& [key, info] : by_name_) {
    if (info->kind == RelationKind::kSink) out.push_back(info);
  }
  return out;
}

// ---- Catalog

Result<std::unique_ptr<Catalog>> Catalog::Load(Store* store) {
  std::unique_ptr<Catalog> catalog(new Catalog(store));
  auto snap = std::make_shared<CatalogSnapshot>();
  KAPPA_ASSIGN_OR_RETURN(auto entries, store->ScanCatalog(kRelPrefix));
  for (const auto& [key, value] : entries) {
    Result<TableInfo> info = Deserialize(value);
    if (!info.ok()) {
      return Status::Error(info.status().sqlstate(), key + ": " + info.status().message());
    }
    if (RelKey(info->id) != key) return Corrupt(key + ": id does not match the key");
    auto ptr = std::make_shared<const TableInfo>(std::move(info).value());
    snap->by_name_[{ptr->schema, ptr->name}] = ptr;
    snap->by_id_[ptr->id] = ptr;
  }
  catalog->current_ = std::move(snap);
  return catalog;
}

CatalogSnapshotPtr Catalog::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

Result<TableInfoPtr> Catalog::Create(TableInfo info) {
  if (info.schema.empty()) info.schema = "public";
  std::lock_guard<std::mutex> lock(mu_);
  if (current_->by_name_.count({info.schema, info.name}) != 0) {
    return Status::Error(sqlstate::kDuplicateTable,
                         "relation \"" + info.name + "\" already exists");
  }
  KAPPA_ASSIGN_OR_RETURN(uint64_t counter, store_->NextId("relation"));
  info.id = kFirstUserOid + counter;
  KAPPA_RETURN_IF_ERROR(store_->PutCatalog(RelKey(info.id), Serialize(info)));
  auto ptr = std::make_shared<const TableInfo>(std::move(info));
  auto next = CopyOf(current_);
  next->by_name_[{ptr->schema, ptr->name}] = ptr;
  next->by_id_[ptr->id] = ptr;
  current_ = std::move(next);
  return TableInfoPtr(ptr);
}

Status Catalog::Drop(uint64_t id) {
  std::lock_guard<std::mutex> lock(mu_);
  TableInfoPtr info = current_->FindById(id);
  if (!info) {
    return Status::Error(sqlstate::kUndefinedTable,
                         "relation with OID " + std::to_string(id) + " does not exist");
  }
  if (info->kind == RelationKind::kSystem) {
    return Status::Error(sqlstate::kInsufficientPrivilege,
                         "permission denied: \"" + info->name + "\" is a system catalog");
  }
  KAPPA_RETURN_IF_ERROR(store_->DeleteCatalog(RelKey(id)));
  auto next = CopyOf(current_);
  next->by_name_.erase({info->schema, info->name});
  next->by_id_.erase(id);
  current_ = std::move(next);
  return Status::OK();
}

Status Catalog::RegisterSystem(TableInfo info) {
  info.kind = RelationKind::kSystem;
  std::lock_guard<std::mutex> lock(mu_);
  if (current_->by_name_.count({info.schema, info.name}) != 0 ||
      current_->by_id_.count(info.id) != 0) {
    return Status::Error(sqlstate::kDuplicateTable,
                         "relation \"" + info.name + "\" already exists");
  }
  auto ptr = std::make_shared<const TableInfo>(std::move(info));
  auto next = CopyOf(current_);
  next->by_name_[{ptr->schema, ptr->name}] = ptr;
  next->by_id_[ptr->id] = ptr;
  current_ = std::move(next);
  return Status::OK();
}

std::string Catalog::Serialize(const TableInfo& info) {
  std::string out;
  out.push_back(static_cast<char>(kCatalogFormat));
  PutIntField(kTagId, info.id, &out);
  PutBytesField(kTagSchema, info.schema, &out);
  PutBytesField(kTagName, info.name, &out);
  PutIntField(kTagKind, static_cast<uint64_t>(info.kind), &out);
  for (const auto& c : info.columns) PutBytesField(kTagColumn, SerializeColumn(c), &out);
  for (int pk : info.primary_key) PutIntField(kTagPrimaryKey, ZigZag(pk), &out);
  PutIntField(kTagAppendOnly, info.append_only ? 1 : 0, &out);
  PutIntField(kTagWatermarkColumn, ZigZag(info.watermark_column), &out);
  if (!info.watermark_sql.empty()) PutBytesField(kTagWatermarkSql, info.watermark_sql, &out);
  for (const auto& [k, v] : info.options) {
    std::string opt;
    PutBytesField(kOptKey, k, &opt);
    PutBytesField(kOptValue, v, &opt);
    PutBytesField(kTagOption, opt, &out);
  }
  if (!info.format.empty()) PutBytesField(kTagFormat, info.format, &out);
  if (!info.encode.empty()) PutBytesField(kTagEncode, info.encode, &out);
  if (!info.definition_sql.empty()) PutBytesField(kTagDefinitionSql, info.definition_sql, &out);
  PutIntField(kTagEmitOnWindowClose, info.emit_on_window_close ? 1 : 0, &out);
  for (uint64_t dep : info.depends_on) PutIntField(kTagDependsOn, dep, &out);
  for (const auto& [k, v] : info.encode_options) {
    std::string opt;
    PutBytesField(kOptKey, k, &opt);
    PutBytesField(kOptValue, v, &opt);
    PutBytesField(kTagEncodeOption, opt, &out);
  }
  for (const auto& [what, col] : info.includes) {
    std::string opt;
    PutBytesField(kOptKey, what, &opt);
    PutBytesField(kOptValue, std::to_string(col), &opt);
    PutBytesField(kTagInclude, opt, &out);
  }
  return out;
}

Result<TableInfo> Catalog::Deserialize(const std::string& bytes) {
  if (bytes.empty()) return Corrupt("empty");
  if (static_cast<uint8_t>(bytes[0]) != kCatalogFormat) {
    return Corrupt("unknown format " + std::to_string(static_cast<uint8_t>(bytes[0])));
  }
  TableInfo info;
  bool has_name = false;
  Status st = ForEachField(
      std::string_view(bytes).substr(1), [&](uint64_t tag, std::string_view p) -> Status {
        uint64_t u;
        int32_t i;
        switch (tag) {
          case kTagId: return IntOf(p, &info.id);
          case kTagSchema: info.schema.assign(p); break;
          case kTagName:
            info.name.assign(p);
            has_name = true;
            break;
          case kTagKind:
            KAPPA_RETURN_IF_ERROR(IntOf(p, &u));
            if (u > static_cast<uint64_t>(RelationKind::kSink)) return Corrupt("unknown kind");
            info.kind = static_cast<RelationKind>(u);
            break;
          case kTagColumn: {
            ColumnInfo c;
            KAPPA_RETURN_IF_ERROR(DeserializeColumn(p, &c));
            info.columns.push_back(std::move(c));
            break;
          }
          case kTagPrimaryKey:
            KAPPA_RETURN_IF_ERROR(Int32Of(p, &i));
            info.primary_key.push_back(i);
            break;
          case kTagAppendOnly:
            KAPPA_RETURN_IF_ERROR(IntOf(p, &u));
            info.append_only = u != 0;
            break;
          case kTagWatermarkColumn: return Int32Of(p, &info.watermark_column);
          case kTagWatermarkSql: info.watermark_sql.assign(p); break;
          case kTagOption: {
            std::pair<std::string, std::string> kv;
            KAPPA_RETURN_IF_ERROR(ForEachField(p, [&kv](uint64_t t, std::string_view q) {
              if (t == kOptKey) kv.first.assign(q);
              if (t == kOptValue) kv.second.assign(q);
              return Status::OK();
            }));
            info.options.push_back(std::move(kv));
            break;
          }
          case kTagFormat: info.format.assign(p); break;
          case kTagEncode: info.encode.assign(p); break;
          case kTagDefinitionSql: info.definition_sql.assign(p); break;
          case kTagEmitOnWindowClose:
            KAPPA_RETURN_IF_ERROR(IntOf(p, &u));
            info.emit_on_window_close = u != 0;
            break;
          case kTagDependsOn:
            KAPPA_RETURN_IF_ERROR(IntOf(p, &u));
            info.depends_on.push_back(u);
            break;
          case kTagEncodeOption:
          case kTagInclude: {
            std::pair<std::string, std::string> kv;
            KAPPA_RETURN_IF_ERROR(ForEachField(p, [&kv](uint64_t t, std::string_view q) {
              if (t == kOptKey) kv.first.assign(q);
              if (t == kOptValue) kv.second.assign(q);
              return Status::OK();
            }));
            if (tag == kTagEncodeOption) {
              info.encode_options.push_back(std::move(kv));
            } else {
              int col = -1;
              auto [end, ec] =
                  std::from_chars(kv.second.data(), kv.second.data() + kv.second.size(), col);
              if (ec != std::errc() || end != kv.second.data() + kv.second.size()) {
                return Corrupt("bad include column");
              }
              info.includes.emplace_back(std::move(kv.first), col);
            }
            break;
          }
          default: break;  // a field from a newer version
        }
        return Status::OK();
      });
  KAPPA_RETURN_IF_ERROR(st);
  if (!has_name) return Corrupt("no name");
  for (int pk : info.primary_key) {
    if (pk < 0 || pk >= static_cast<int>(info.columns.size())) {
      return Corrupt("primary key column out of range");
    }
  }
  for (const auto& inc : info.includes) {
    if (inc.second < 0 || inc.second >= static_cast<int>(info.columns.size())) {
      return Corrupt("include column out of range");
    }
  }
  return info;
}

}  // namespace kappa
