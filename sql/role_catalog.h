// The role catalog: users/roles (CREATE USER/ROLE, ALTER, DROP), their
// password verifiers, table privileges (GRANT/REVOKE) and relation owners,
// persisted in the Store's catalog space next to the relations.
//
// Readers take an immutable snapshot (RoleSnapshot) and never lock; changes
// build a new snapshot and publish it atomically (copy on write), as
// sql/catalog.h does. Passwords are never stored in plain text: a role keeps
// a SCRAM-SHA-256 verifier (PostgreSQL's "SCRAM-SHA-256$<iter>:<salt>$<StoredKey>:<ServerKey>")
// and PostgreSQL's MD5 hash ("md5" + md5(password || user)), so that all of
// cleartext, md5 and scram-sha-256 authentication work.
//
// The bootstrap superuser (EnsureBootstrapSuperuser, called by the server at
// start) owns every relation that has no recorded owner.
//
// Thread safety: all methods are thread-safe.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"

namespace kappa {

class Store;

// Table privileges (a bit set), as PostgreSQL's ACL letters r/a/w/d.
enum TablePrivilege : uint32_t {
  kPrivSelect = 1u << 0,
  kPrivInsert = 1u << 1,
  kPrivUpdate = 1u << 2,
  kPrivDelete = 1u << 3,
  kPrivAll = kPrivSelect | kPrivInsert | kPrivUpdate | kPrivDelete,
};

// "SELECT", "INSERT", ... for one bit.
const char* TablePrivilegeName(uint32_t bit);

struct RoleInfo {
  uint32_t oid = 0;  // 10 for the bootstrap superuser (as PostgreSQL); others >= 16384
  std::string name;
  bool superuser = false;
  bool can_login = true;
  // Empty when the role has no password.
  std::string scram_verifier;  // "SCRAM-SHA-256$4096:<salt b64>$<StoredKey b64>:<ServerKey b64>"
  std::string md5_hash;        // "md5" + 32 hex digits
  // Table privileges granted to this role: relation id -> TablePrivilege bits.
  std::map<uint64_t, uint32_t> table_privileges;

  bool has_password() const { return !scram_verifier.empty() || !md5_hash.empty(); }
};

using RoleInfoPtr = std::shared_ptr<const RoleInfo>;

class RoleSnapshot {
 public:
  RoleInfoPtr Find(const std::string& name) const;  // null if absent
  RoleInfoPtr FindByOid(uint32_t oid) const;
  // All roles in name order (for pg_roles / pg_user / pg_authid).
  std::vector<RoleInfoPtr> All() const;
  // The owner of relation `table_id` (the bootstrap superuser's oid unless
  // recorded otherwise).
  uint32_t OwnerOf(uint64_t table_id) const;
  uint32_t bootstrap_oid() const { return bootstrap_oid_; }

 private:
  friend class RoleCatalog;
  std::map<std::string, RoleInfoPtr> by_name_;
  std::map<uint32_t, RoleInfoPtr> by_oid_;
  std::map<uint64_t, uint32_t> owners_;
  uint32_t bootstrap_oid_ = 10;
};

using RoleSnapshotPtr = std::shared_ptr<const RoleSnapshot>;

class RoleCatalog {
 public:
  static Result<std::unique_ptr<RoleCatalog>> Load(Store* store);

  RoleSnapshotPtr Snapshot() const;

  // Creates the superuser `name` (oid 10, LOGIN, no password) if no role has
  // oid 10 yet. An existing bootstrap role keeps its name.
  Status EnsureBootstrapSuperuser(const std::string& name);

  // 42710 "role \"x\" already exists". `password` empty = no password.
  Result<RoleInfoPtr> CreateRole(const std::string& name, bool superuser, bool can_login,
                                 const std::optional<std::string>& password);
  // Changes the given attributes. 42704 "role \"x\" does not exist".
  // `password`: nullopt = unchanged; "" = remove (PASSWORD NULL).
  Status AlterRole(const std::string& name, std::optional<bool> superuser,
                   std::optional<bool> can_login, const std::optional<std::string>& password);
  // 42704 if absent (unless if_exists). 2BP01 if the role owns relations.
  // 55006-like refusal for the bootstrap superuser: 42501.
  Status DropRole(const std::string& name);

  // Adds (grant) or removes (revoke) `bits` on relation `table_id` for
  // `role`. 42704 if the role does not exist.
  Status SetTablePrivileges(const std::string& role, uint64_t table_id, uint32_t bits, bool grant);
  // Records the owner of a new relation; forgets a dropped one's privileges.
  Status SetOwner(uint64_t table_id, uint32_t role_oid);
  Status ForgetRelation(uint64_t table_id);

  // Serialization (exposed for unit tests).
  static std::string Serialize(const RoleInfo& role);
  static Result<RoleInfo> Deserialize(const std::string& bytes);

 private:
  explicit RoleCatalog(Store* store) : store_(store) {}
  Status PutRole(const RoleInfo& role);  // REQUIRES: mu_ held
  // PutRole, then publishes a snapshot with `role` in it. REQUIRES: mu_ held.
  Result<RoleInfoPtr> PutAndPublish(RoleInfo role);
  Store* store_;
  mutable std::mutex mu_;
  RoleSnapshotPtr current_;  // GUARDED_BY(mu_)
};

}  // namespace kappa
