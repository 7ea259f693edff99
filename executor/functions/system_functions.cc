// System information functions: version(), current_user and friends,
// current_database(), current_schema(), current_setting(), pg_backend_pid(),
// random(), gen_random_uuid().
#include <unistd.h>

#include <cstdio>
#include <random>

#include "executor/functions/function_util.h"

#ifndef KAPPADB_VERSION
#define KAPPADB_VERSION "0.0.0"
#endif

namespace kappa::fn {
namespace {

#define KAPPA_FN(name)                                                               \
  Status name(const Column* const* args, size_t num_args, size_t n, Column* out, \
              const FunctionContext& ctx)

KAPPA_FN(Version) {
  FillConstantString(out, n,
                     "PostgreSQL 13.0 (kappadb " KAPPADB_VERSION
                     ") on x86_64-pc-linux-gnu, compiled by g++, 64-bit");
  return Status::OK();
}

KAPPA_FN(CurrentUser) {
  FillConstantString(out, n, ctx.user);
  return Status::OK();
}

KAPPA_FN(CurrentDatabase) {
  FillConstantString(out, n, ctx.database);
  return Status::OK();
}

KAPPA_FN(CurrentSchema) {
  FillConstantString(out, n, "public");
  return Status::OK();
}

template <bool kMissingOk>
KAPPA_FN(CurrentSetting) {
  out->nulls.assign(n, 0);
  out->strings.assign(n, std::string());
  for (size_t i = 0; i < n; ++i) {
    bool missing_ok = kMissingOk && !args[1]->nulls[i] && args[1]->ints[i] != 0;
    if (args[0]->nulls[i]) {
      out->nulls[i] = 1;
      continue;
    }
    std::string name = args[0]->strings[i];
    for (char& c : name) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
    }
    const std::string* value = nullptr;
    if (ctx.settings != nullptr) {
      auto it = ctx.settings->find(name);
      if (it == ctx.settings->end()) it = ctx.settings->find(args[0]->strings[i]);
      if (it != ctx.settings->end()) value = &it->second;
    }
    if (value == nullptr && name == "timezone") value = &ctx.timezone;
    if (value == nullptr) {
      if (missing_ok) {
        out->nulls[i] = 1;
        continue;
      }
      return Status::Error(sqlstate::kUndefinedObject,
                           "unrecognized configuration parameter \"" + args[0]->strings[i] + "\"");
    }
    out->strings[i] = *value;
  }
  return Status::OK();
}

KAPPA_FN(BackendPid) {
  FillConstantInt(out, n, static_cast<int64_t>(getpid()));
  return Status::OK();
}

std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  return rng;
}

KAPPA_FN(Random) {
  out->nulls.assign(n, 0);
  out->floats.resize(n);
  std::uniform_real_distribution<double> dist(0.0, 1.0);
  for (size_t i = 0; i < n; ++i) out->floats[i] = dist(Rng());
  return Status::OK();
}

KAPPA_FN(GenRandomUuid) {
  out->nulls.assign(n, 0);
  out->strings.resize(n);
  for (size_t i = 0; i < n; ++i) {
    uint64_t hi = Rng()(), lo = Rng()();
    hi = (hi & 0xFFFFFFFFFFFF0FFFULL) | 0x0000000000004000ULL;
    lo = (lo & 0x3FFFFFFFFFFFFFFFULL) | 0x8000000000000000ULL;
    char buf[40];
    std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx",
                  static_cast<unsigned>(hi >> 32), static_cast<unsigned>((hi >> 16) & 0xFFFF),
                  static_cast<unsigned>(hi & 0xFFFF), static_cast<unsigned>(lo >> 48),
                  static_cast<unsigned long long>(lo & 0xFFFFFFFFFFFFULL));
    out->strings[i] = buf;
  }
  return Status::OK();
}

}  // namespace

void RegisterSystemFunctions(Registry* r) {
  DataType t = T(TypeId::kText), i4 = T(TypeId::kInt32), f8 = T(TypeId::kFloat64);
  DataType b = T(TypeId::kBool);
  Add(r, "version", {}, t, Version);
  for (const char* name : {"current_user", "session_user", "user", "current_role"}) {
    Add(r, name, {}, t, CurrentUser);
  }
  Add(r, "current_database", {}, t, CurrentDatabase);
  Add(r, "current_catalog", {}, t, CurrentDatabase);
  Add(r, "current_schema", {}, t, CurrentSchema);
  Add(r, "current_setting", {t}, t, CurrentSetting<false>);
  Add(r, "current_setting", {t, b}, t, CurrentSetting<true>);
  Add(r, "pg_backend_pid", {}, i4, BackendPid);
  Add(r, "random", {}, f8, Random, false, true);
  Add(r, "gen_random_uuid", {}, t, GenRandomUuid, false, true);
}

}  // namespace kappa::fn
