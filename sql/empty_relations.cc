#include "sql/empty_relations.h"

#include <mutex>
#include <set>

namespace kappa {

namespace {
std::mutex g_mu;
std::set<uint64_t>& Ids() {
  static std::set<uint64_t> ids;
  return ids;
}
}  // namespace

void RegisterAlwaysEmptyRelation(uint64_t id) {
  std::lock_guard<std::mutex> lock(g_mu);
  Ids().insert(id);
}

bool IsAlwaysEmptyRelation(uint64_t id) {
  std::lock_guard<std::mutex> lock(g_mu);
  return Ids().count(id) != 0;
}

}  // namespace kappa
