#include "server/system_tables.h"

namespace kappa {

std::vector<SystemTable> AllSystemTables() {
  std::vector<SystemTable> out;
  AddLateRowsTables(&out);
  AddViewTables(&out);
  return out;
}

}  // namespace kappa
