// Scope: the names a SELECT block's expressions can see, following
// PostgreSQL's namespace rules.
//
// A scope is a list of items (FROM entries). An item has a reference name
// (alias, or table name) usable as a qualifier when `rel_visible`, and
// columns searched by unqualified names when `cols_visible`. A join adds its
// inputs' items with cols_visible = false plus one item for the join itself
// whose columns are the join's output (USING/NATURAL columns once, merged);
// an aliased join hides its inputs entirely. Each column maps to an index in
// the block's input plan.
#pragma once

#include <string>
#include <vector>

#include "common/status.h"
#include "common/types.h"

namespace kappa::binder {

struct ScopeColumn {
  std::string name;
  int index = 0;  // column of the input plan
  DataType type;
};

struct ScopeItem {
  std::string refname;      // qualifier (empty: not addressable)
  std::string schema;       // schema of a base table (for s.t.c); empty otherwise
  bool rel_visible = true;
  bool cols_visible = true;
  std::vector<ScopeColumn> columns;
};

// Per input column: what grouping errors print ("t.x") and, for base
// tables with a primary key, the input columns of that key (a column is
// functionally dependent on a grouped primary key).
struct ColumnOrigin {
  std::string qualified_name;
  std::vector<int> key_columns;
};

struct Scope {
  std::vector<ScopeItem> items;
  std::vector<ColumnOrigin> origins;  // indexed by input column

  // Unqualified name. Returns the column, or nullptr if absent; 42702 if
  // ambiguous.
  Result<const ScopeColumn*> FindUnqualified(const std::string& name, int location) const;
  // Items addressable as `qualifier` (and `schema` if not empty).
  std::vector<const ScopeItem*> FindItems(const std::string& schema,
                                          const std::string& qualifier) const;
  // Shifts every column index (and origin key) by `delta`.
  void Shift(int delta);
  // Appends `other` (already shifted to its place in the combined input).
  void Append(Scope other);
};

}  // namespace kappa::binder
