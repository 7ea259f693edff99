#include "sql/binder/scope.h"

namespace kappa::binder {

Result<const ScopeColumn*> Scope::FindUnqualified(const std::string& name,
                                                  int location) const {
  const ScopeColumn* found = nullptr;
  for (const auto& item : items) {
    if (!item.cols_visible) continue;
    for (const auto& col : item.columns) {
      if (col.name != name) continue;
      if (found != nullptr) {
        return Status::Error(sqlstate::kAmbiguousColumn,
                             "column reference \"" + name + "\" is ambiguous", location);
      }
      found = &col;
    }
  }
  return found;
}

std::vector<const ScopeItem*> Scope::FindItems(const std::string& schema,
                                               const std::string& qualifier) const {
  std::vector<const ScopeItem*> out;
  for (const auto& item : items) {
    if (!item.rel_visible || item.refname != qualifier) continue;
    if (!schema.empty() && item.schema != schema) continue;
    out.push_back(&item);
  }
  return out;
}

void Scope::Shift(int delta) {
  for (auto& item : items) {
    for (auto& col : item.columns) col.index += delta;
  }
  for (auto& o : origins) {
    for (auto& k : o.key_columns) k += delta;
  }
}

void Scope::Append(Scope other) {
  for (auto& item : other.items) items.push_back(std::move(item));
  for (auto& o : other.origins) origins.push_back(std::move(o));
}

}  // namespace kappa::binder
