// Database: the engine root shared by all sessions of one server process:
// the store, the catalog, and (issue 3) the running views.
//
// Thread safety: all public methods are thread-safe.
#pragma once

#include <memory>
#include <string>

#include "common/status.h"

namespace kappa {

class Session;
class Store;
class Catalog;

struct DatabaseOptions {
  std::string data_dir = "./kappadb-data";
};

class Database {
 public:
  // Opens the data directory (55P03 if another server holds it) and loads
  // the catalog.
  static Result<std::unique_ptr<Database>> Open(const DatabaseOptions& options);
  ~Database();

  std::unique_ptr<Session> NewSession(const std::string& user, const std::string& database);

  Store* store();
  Catalog* catalog();

 private:
  Database();
  struct Impl;
  std::unique_ptr<Impl> impl_;
  friend class Session;
};

}  // namespace kappa
