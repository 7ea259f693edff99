// The catalog: tables (and, from issue 3, views and sinks) with their
// columns, keys and options, persisted in the Store's "catalog" space.
//
// Readers take an immutable snapshot (CatalogSnapshot) and never lock;
// DDL builds a new snapshot and publishes it atomically (copy on write).
// A statement binds and runs against one snapshot.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "common/types.h"

namespace kappa {

class Store;

enum class RelationKind : uint8_t {
  kTable = 0,
  kMaterializedView = 1,
  kView = 2,
  kSystem = 3,  // built-in relations (pg_catalog, information_schema, kappa_catalog)
  // CREATE SINK (server/sink_runner.h): not a relation one can read. It shares
  // the relations' namespace (CREATE TABLE s fails when a sink s exists) but
  // Find() does not return it; use FindSink(). depends_on = {the view},
  // columns = the view's, primary_key = the message key's columns.
  kSink = 4,
};

struct ColumnInfo {
  std::string name;
  DataType type;
  bool not_null = false;
  std::string default_sql;  // DEFAULT expression as SQL text; empty if none
};

struct TableInfo {
  uint64_t id = 0;               // unique, never reused; also the pg_class oid base
  std::string schema = "public";
  std::string name;
  RelationKind kind = RelationKind::kTable;
  std::vector<ColumnInfo> columns;
  std::vector<int> primary_key;  // column indexes, empty if none
  bool append_only = false;
  // WATERMARK FOR columns[watermark_column] AS <watermark_sql>; -1 if none.
  int watermark_column = -1;
  std::string watermark_sql;
  // WITH (...) options, FORMAT/ENCODE (connector tables, issue 4).
  std::vector<std::pair<std::string, std::string>> options;
  std::string format;
  std::string encode;
  // ENCODE ... (k = v, ...) options (keys lower-cased), e.g. CSV's delimiter.
  std::vector<std::pair<std::string, std::string>> encode_options;
  // Kafka INCLUDE columns: ("partition"|"offset"|"timestamp"|"key", column
  // index) in INCLUDE order; the columns are part of `columns`.
  std::vector<std::pair<std::string, int>> includes;
  // Views: the defining query's SQL text and dependencies (issue 3).
  std::string definition_sql;
  bool emit_on_window_close = false;
  std::vector<uint64_t> depends_on;

  int FindColumn(const std::string& name) const;  // -1 if absent
  std::vector<DataType> Types() const;
};

using TableInfoPtr = std::shared_ptr<const TableInfo>;

class CatalogSnapshot {
 public:
  // Looks up `name` in `schema` ("" = pg_catalog, then public, as PostgreSQL).
  // Never returns a sink (sinks are not relations: binding treats them as absent).
  TableInfoPtr Find(const std::string& schema, const std::string& name) const;
  // The sink `name` in `schema` (kind kSink), or null.
  TableInfoPtr FindSink(const std::string& schema, const std::string& name) const;
  TableInfoPtr FindById(uint64_t id) const;
  // All relations in name order (sinks are not relations: not included).
  std::vector<TableInfoPtr> All() const;
  // All sinks in name order.
  std::vector<TableInfoPtr> Sinks() const;

 private:
  friend class Catalog;
  std::map<std::pair<std::string, std::string>, TableInfoPtr> by_name_;
  std::map<uint64_t, TableInfoPtr> by_id_;
};

using CatalogSnapshotPtr = std::shared_ptr<const CatalogSnapshot>;

class Catalog {
 public:
  // Loads every persisted object from `store`.
  static Result<std::unique_ptr<Catalog>> Load(Store* store);

  CatalogSnapshotPtr Snapshot() const;

  // Assigns info.id, persists, publishes. 42P07 if the name exists.
  Result<TableInfoPtr> Create(TableInfo info);
  // Persists the removal and publishes. 42P01 if absent.
  Status Drop(uint64_t id);

  // Publishes a built-in relation (kind kSystem, e.g. pg_catalog.pg_class)
  // in every later snapshot, without persisting it. `info.id` is kept as
  // given (use PostgreSQL's fixed OIDs, below 16384). 42P07 if the
  // (schema, name) or the id is taken.
  Status RegisterSystem(TableInfo info);

  // Serialization (exposed for unit tests).
  static std::string Serialize(const TableInfo& info);
  static Result<TableInfo> Deserialize(const std::string& bytes);

 private:
  explicit Catalog(Store* store) : store_(store) {}
  Store* store_;
  mutable std::mutex mu_;
  CatalogSnapshotPtr current_;  // GUARDED_BY(mu_)
};

}  // namespace kappa
