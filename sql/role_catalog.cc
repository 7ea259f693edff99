// Persistence: each role is one key "role/<oid as 8 hex digits>" in the
// Store's catalog space, value RoleCatalog::Serialize(role):
//
//   u8 version (1), u32 oid, str name, u8 superuser, u8 can_login,
//   str scram_verifier, str md5_hash, u32 n, n x (u64 table id, u32 bits)
//
// (integers little-endian, str = u32 length + bytes). A relation's owner, when
// it is not the bootstrap superuser, is "owner/<relation id as 16 hex digits>"
// with the owner's oid as 8 hex digits. New role oids come from the
// relation counter, so they never collide with relation oids.
#include "sql/role_catalog.h"

#include <cstdio>
#include <utility>

#include "common/password_crypto.h"
#include "storage/store.h"

namespace kappa {

namespace {

constexpr uint8_t kRoleFormat = 1;
constexpr const char* kRolePrefix = "role/";
constexpr const char* kOwnerPrefix = "owner/";
constexpr uint32_t kBootstrapOid = 10;
constexpr uint64_t kFirstUserOid = 16384;

std::string RoleKey(uint32_t oid) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "role/%08x", oid);
  return buf;
}

std::string OwnerKey(uint64_t id) {
  char buf[40];
  std::snprintf(buf, sizeof(buf), "owner/%016llx", static_cast<unsigned long long>(id));
  return buf;
}

void PutU32(std::string* out, uint32_t v) {
  for (int i = 0; i < 4; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 255));
}
void PutU64(std::string* out, uint64_t v) {
  for (int i = 0; i < 8; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 255));
}
void PutStr(std::string* out, const std::string& s) {
  PutU32(out, static_cast<uint32_t>(s.size()));
  out->append(s);
}

struct Reader {
  std::string_view in;
  bool ok = true;
  uint64_t Int(int bytes) {
    if (in.size() < static_cast<size_t>(bytes)) {
      ok = false;
      return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < bytes; ++i) v |= uint64_t(uint8_t(in[i])) << (8 * i);
    in.remove_prefix(bytes);
    return v;
  }
  std::string Str() {
    uint64_t n = Int(4);
    if (!ok || in.size() < n) {
      ok = false;
      return {};
    }
    std::string s(in.substr(0, n));
    in.remove_prefix(n);
    return s;
  }
};

Status Corrupt(const std::string& what) {
  return Status::Error(sqlstate::kDataCorrupted, "corrupt role catalog entry " + what);
}

std::shared_ptr<RoleSnapshot> CopyOf(const RoleSnapshotPtr& s) {
  return std::make_shared<RoleSnapshot>(*s);
}

Status RoleMissing(const std::string& name) {
  return Status::Error(sqlstate::kUndefinedObject, "role \"" + name + "\" does not exist");
}

void SetPassword(RoleInfo* role, const std::optional<std::string>& password) {
  if (!password || password->empty()) {
    role->scram_verifier.clear();
    role->md5_hash.clear();
    return;
  }
  // Already hashed by the client (psql's \password, ALTER ... ENCRYPTED
  // PASSWORD 'md5...'): kept as given, as PostgreSQL does.
  crypto::ScramVerifier v;
  if (crypto::ParseScramVerifier(*password, &v)) {
    role->scram_verifier = *password;
    role->md5_hash.clear();
    return;
  }
  if (password->size() == 35 && password->compare(0, 3, "md5") == 0 &&
      password->find_first_not_of("0123456789abcdef", 3) == std::string::npos) {
    role->scram_verifier.clear();
    role->md5_hash = *password;
    return;
  }
  role->scram_verifier = crypto::FormatScramVerifier(crypto::MakeScramVerifier(*password));
  role->md5_hash = crypto::Md5PasswordHash(*password, role->name);
}

}  // namespace

const char* TablePrivilegeName(uint32_t bit) {
  switch (bit) {
    case kPrivSelect: return "SELECT";
    case kPrivInsert: return "INSERT";
    case kPrivUpdate: return "UPDATE";
    case kPrivDelete: return "DELETE";
    default: return "ALL";
  }
}

// ---- RoleSnapshot

RoleInfoPtr RoleSnapshot::Find(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

RoleInfoPtr RoleSnapshot::FindByOid(uint32_t oid) const {
  auto it = by_oid_.find(oid);
  return it == by_oid_.end() ? nullptr : it->second;
}

std::vector<RoleInfoPtr> RoleSnapshot::All() const {
  std::vector<RoleInfoPtr> out;
  out.reserve(by_name_.size());
  for (const auto& [name, role] : by_name_) out.push_back(role);
  return out;
}

uint32_t RoleSnapshot::OwnerOf(uint64_t table_id) const {
  auto it = owners_.find(table_id);
  return it == owners_.end() ? bootstrap_oid_ : it->second;
}

// ---- RoleCatalog

std::string RoleCatalog::Serialize(const RoleInfo& role) {
  std::string out;
  out.push_back(static_cast<char>(kRoleFormat));
  PutU32(&out, role.oid);
  PutStr(&out, role.name);
  out.push_back(role.superuser ? 1 : 0);
  out.push_back(role.can_login ? 1 : 0);
  PutStr(&out, role.scram_verifier);
  PutStr(&out, role.md5_hash);
  PutU32(&out, static_cast<uint32_t>(role.table_privileges.size()));
  for (const auto& [id, bits] : role.table_privileges) {
    PutU64(&out, id);
    PutU32(&out, bits);
  }
  return out;
}

Result<RoleInfo> RoleCatalog::Deserialize(const std::string& bytes) {
  Reader r{bytes};
  if (r.Int(1) != kRoleFormat) return Corrupt("(unknown format)");
  RoleInfo role;
  role.oid = static_cast<uint32_t>(r.Int(4));
  role.name = r.Str();
  role.superuser = r.Int(1) != 0;
  role.can_login = r.Int(1) != 0;
  role.scram_verifier = r.Str();
  role.md5_hash = r.Str();
  uint64_t n = r.Int(4);
  for (uint64_t i = 0; r.ok && i < n; ++i) {
    uint64_t id = r.Int(8);
    uint32_t bits = static_cast<uint32_t>(r.Int(4));
    role.table_privileges[id] = bits;
  }
  if (!r.ok) return Corrupt("(truncated)");
  return role;
}

Result<std::unique_ptr<RoleCatalog>> RoleCatalog::Load(Store* store) {
  std::unique_ptr<RoleCatalog> catalog(new RoleCatalog(store));
  auto snap = std::make_shared<RoleSnapshot>();
  KAPPA_ASSIGN_OR_RETURN(auto roles, store->ScanCatalog(kRolePrefix));
  for (const auto& [key, value] : roles) {
    Result<RoleInfo> role = Deserialize(value);
    if (!role.ok()) return Corrupt(key);
    if (RoleKey(role->oid) != key) return Corrupt(key);
    auto ptr = std::make_shared<const RoleInfo>(std::move(role).value());
    snap->by_name_[ptr->name] = ptr;
    snap->by_oid_[ptr->oid] = ptr;
  }
  KAPPA_ASSIGN_OR_RETURN(auto owners, store->ScanCatalog(kOwnerPrefix));
  for (const auto& [key, value] : owners) {
    unsigned long long id = 0;
    unsigned int oid = 0;
    if (std::sscanf(key.c_str() + 6, "%llx", &id) != 1 ||
        std::sscanf(value.c_str(), "%x", &oid) != 1) {
      return Corrupt(key);
    }
    snap->owners_[id] = oid;
  }
  catalog->current_ = std::move(snap);
  return catalog;
}

RoleSnapshotPtr RoleCatalog::Snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return current_;
}

Result<RoleInfoPtr> RoleCatalog::PutAndPublish(RoleInfo role) {
  KAPPA_RETURN_IF_ERROR(PutRole(role));
  auto next = CopyOf(current_);
  auto ptr = std::make_shared<const RoleInfo>(std::move(role));
  next->by_name_[ptr->name] = ptr;
  next->by_oid_[ptr->oid] = ptr;
  current_ = std::move(next);
  return ptr;
}

Status RoleCatalog::PutRole(const RoleInfo& role) {
  return store_->PutCatalog(RoleKey(role.oid), Serialize(role));
}

Status RoleCatalog::EnsureBootstrapSuperuser(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  if (current_->FindByOid(kBootstrapOid)) return Status::OK();
  if (current_->Find(name)) {
    return Status::Error(sqlstate::kDuplicateObject, "role \"" + name + "\" already exists");
  }
  RoleInfo role;
  role.oid = kBootstrapOid;
  role.name = name;
  role.superuser = true;
  role.can_login = true;
  return PutAndPublish(std::move(role)).status();
}

Result<RoleInfoPtr> RoleCatalog::CreateRole(const std::string& name, bool superuser,
                                            bool can_login,
                                            const std::optional<std::string>& password) {
  std::lock_guard<std::mutex> lock(mu_);
  if (current_->Find(name)) {
    return Status::Error(sqlstate::kDuplicateObject, "role \"" + name + "\" already exists");
  }
  KAPPA_ASSIGN_OR_RETURN(uint64_t counter, store_->NextId("relation"));
  RoleInfo role;
  role.oid = static_cast<uint32_t>(kFirstUserOid + counter);
  role.name = name;
  role.superuser = superuser;
  role.can_login = can_login;
  SetPassword(&role, password);
  return PutAndPublish(std::move(role));
}

Status RoleCatalog::AlterRole(const std::string& name, std::optional<bool> superuser,
                              std::optional<bool> can_login,
                              const std::optional<std::string>& password) {
  std::lock_guard<std::mutex> lock(mu_);
  RoleInfoPtr old = current_->Find(name);
  if (!old) return RoleMissing(name);
  RoleInfo role = *old;
  if (superuser) role.superuser = *superuser;
  if (can_login) role.can_login = *can_login;
  if (password) SetPassword(&role, password);
  if (role.oid == kBootstrapOid && !role.superuser) {
    return Status::Error(sqlstate::kInsufficientPrivilege,
                         "permission denied to alter role")
        .WithDetail("The bootstrap superuser must have the SUPERUSER attribute.");
  }
  return PutAndPublish(std::move(role)).status();
}

Status RoleCatalog::DropRole(const std::string& name) {
  std::lock_guard<std::mutex> lock(mu_);
  RoleInfoPtr old = current_->Find(name);
  if (!old) return RoleMissing(name);
  if (old->oid == kBootstrapOid) {
    return Status::Error(sqlstate::kInsufficientPrivilege,
                         "cannot drop role " + name + " because it is required by the database system");
  }
  size_t owned = 0;
  for (const auto& [id, owner] : current_->owners_) owned += owner == old->oid ? 1 : 0;
  if (owned > 0) {
    return Status::Error(sqlstate::kDependentObjectsStillExist,
                         "role \"" + name + "\" cannot be dropped because some objects depend on it")
        .WithDetail("owner of " + std::to_string(owned) + " relation" + (owned == 1 ? "" : "s"));
  }
  KAPPA_RETURN_IF_ERROR(store_->DeleteCatalog(RoleKey(old->oid)));
  auto next = CopyOf(current_);
  next->by_name_.erase(name);
  next->by_oid_.erase(old->oid);
  current_ = std::move(next);
  return Status::OK();
}

Status RoleCatalog::SetTablePrivileges(const std::string& name, uint64_t table_id, uint32_t bits,
                                       bool grant) {
  std::lock_guard<std::mutex> lock(mu_);
  RoleInfoPtr old = current_->Find(name);
  if (!old) return RoleMissing(name);
  RoleInfo role = *old;
  uint32_t& have = role.table_privileges[table_id];
  have = grant ? (have | bits) : (have & ~bits);
  if (have == 0) role.table_privileges.erase(table_id);
  return PutAndPublish(std::move(role)).status();
}

Status RoleCatalog::SetOwner(uint64_t table_id, uint32_t role_oid) {
  std::lock_guard<std::mutex> lock(mu_);
  if (current_->OwnerOf(table_id) == role_oid) return Status::OK();
  char buf[16];
  std::snprintf(buf, sizeof(buf), "%08x", role_oid);
  KAPPA_RETURN_IF_ERROR(store_->PutCatalog(OwnerKey(table_id), buf));
  auto next = CopyOf(current_);
  next->owners_[table_id] = role_oid;
  current_ = std::move(next);
  return Status::OK();
}

Status RoleCatalog::ForgetRelation(uint64_t table_id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto next = CopyOf(current_);
  bool changed = false;
  if (next->owners_.erase(table_id) > 0) {
    KAPPA_RETURN_IF_ERROR(store_->DeleteCatalog(OwnerKey(table_id)));
    changed = true;
  }
  for (auto& [oid, ptr] : next->by_oid_) {
    if (ptr->table_privileges.count(table_id) == 0) continue;
    RoleInfo role = *ptr;
    role.table_privileges.erase(table_id);
    KAPPA_RETURN_IF_ERROR(PutRole(role));
    ptr = std::make_shared<const RoleInfo>(std::move(role));
    next->by_name_[ptr->name] = ptr;
    changed = true;
  }
  if (changed) current_ = std::move(next);
  return Status::OK();
}

}  // namespace kappa
