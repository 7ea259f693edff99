#include "storage/state_store.h"

#include <rocksdb/compaction_filter.h>
#include <rocksdb/db.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/snapshot.h>

#include <algorithm>
#include <cstring>

#include "executor/row_key.h"
#include "storage/key_codec.h"
#include "storage/row_codec.h"
#include "storage/store.h"

namespace kappa {

namespace {

constexpr char kPutTag = 'P';
constexpr char kZsetTag = 'Z';

Status FromRocks(const rocksdb::Status& s, const char* what) {
  if (s.ok()) return Status::OK();
  const char* code = s.IsCorruption() ? sqlstate::kDataCorrupted : sqlstate::kIoError;
  return Status::Error(code, std::string(what) + ": " + s.ToString());
}

int64_t CountOf(const char* p) {
  int64_t c;
  std::memcpy(&c, p, 8);
  return c;
}

void ZsetValue(int64_t delta, std::string_view payload, std::string* out) {
  out->clear();
  out->push_back(kZsetTag);
  out->append(reinterpret_cast<const char*>(&delta), 8);
  out->append(payload);
}

// Sums Z-set entries: 'Z' [count] [payload]; the first payload wins. A Put
// ('P') base is replaced by the operands (operators never mix them).
class ZsetMergeOperator final : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& /*key*/, const rocksdb::Slice* existing,
             const rocksdb::Slice& value, std::string* new_value,
             rocksdb::Logger* /*logger*/) const override {
    if (existing == nullptr || existing->size() < 9 || (*existing)[0] != kZsetTag) {
      new_value->assign(value.data(), value.size());
      return true;
    }
    if (value.size() < 9 || value[0] != kZsetTag) {
      new_value->assign(value.data(), value.size());
      return true;
    }
    int64_t c = CountOf(existing->data() + 1) + CountOf(value.data() + 1);
    if (existing->size() > 9) {
      new_value->assign(existing->data(), existing->size());
    } else {
      new_value->assign(value.data(), value.size());
    }
    std::memcpy(new_value->data() + 1, &c, 8);
    return true;
  }
  const char* Name() const override { return "kappa.zset"; }
};

class ZsetFilter final : public rocksdb::CompactionFilter {
 public:
  bool Filter(int /*level*/, const rocksdb::Slice& /*key*/, const rocksdb::Slice& value,
              std::string* /*new_value*/, bool* /*value_changed*/) const override {
    return value.size() >= 9 && value[0] == kZsetTag && CountOf(value.data() + 1) == 0;
  }
  const char* Name() const override { return "kappa.zset.zero"; }
};

// Strips the tag; false for a Z-set entry whose count is 0 (absent).
bool Untag(const rocksdb::Slice& stored, std::string_view* out) {
  if (stored.empty()) return false;
  if (stored[0] == kZsetTag) {
    if (stored.size() < 9 || CountOf(stored.data() + 1) == 0) return false;
  }
  *out = std::string_view(stored.data() + 1, stored.size() - 1);
  return true;
}

}  // namespace

class BatchWriterImpl final : public StateWriter {
 public:
  BatchWriterImpl(StateBatch* batch, std::string prefix)
      : batch_(batch), prefix_(std::move(prefix)) {}
  void Put(std::string_view key, std::string_view value) override {
    std::string v;
    v.reserve(value.size() + 1);
    v.push_back(kPutTag);
    v.append(value);
    batch_->Add(StateBatch::Op::kPut, Key(key), std::move(v));
  }
  void Delete(std::string_view key) override {
    batch_->Add(StateBatch::Op::kDelete, Key(key), std::string());
  }
  void DeleteRange(std::string_view begin, std::string_view end) override {
    batch_->Add(StateBatch::Op::kDeleteRange, Key(begin), Key(end));
  }
  void AddCount(std::string_view key, int64_t delta, std::string_view payload) override {
    std::string v;
    ZsetValue(delta, payload, &v);
    batch_->Add(StateBatch::Op::kMerge, Key(key), std::move(v));
  }

 private:
  std::string Key(std::string_view k) const {
    std::string s;
    s.reserve(prefix_.size() + k.size());
    s.append(prefix_);
    s.append(k);
    return s;
  }
  StateBatch* batch_;
  std::string prefix_;
};

std::string ViewKeyPrefix(uint64_t view_id) {
  std::string s;
  PutBigEndian64(view_id, &s);
  return s;
}

std::string ViewContentsPrefix(uint64_t view_id) { return ViewKeyPrefix(view_id) + 'b'; }

std::string OperatorStatePrefix(uint64_t view_id, uint32_t op) {
  std::string s = ViewKeyPrefix(view_id) + 'o';
  for (int i = 3; i >= 0; --i) s.push_back(static_cast<char>((op >> (8 * i)) & 0xff));
  return s;
}

std::string ViewProgressKey(uint64_t view_id) { return ViewKeyPrefix(view_id) + 'p'; }

std::string PrefixEnd(std::string_view prefix) {
  std::string s(prefix);
  while (!s.empty()) {
    unsigned char c = static_cast<unsigned char>(s.back());
    if (c != 0xff) {
      s.back() = static_cast<char>(c + 1);
      return s;
    }
    s.pop_back();
  }
  return std::string(64, '\xff');
}

std::shared_ptr<rocksdb::MergeOperator> MakeZsetMergeOperator() {
  return std::make_shared<ZsetMergeOperator>();
}

const rocksdb::CompactionFilter* ZsetCompactionFilter() {
  static const ZsetFilter filter;
  return &filter;
}

std::unique_ptr<StateWriter> StateBatch::Writer(std::string prefix) {
  return std::make_unique<BatchWriterImpl>(this, std::move(prefix));
}

void StateBatch::Add(Op op, std::string key, std::string value) {
  bytes_ += key.size() + value.size() + 8;
  writes_.push_back(Write{op, std::move(key), std::move(value)});
}

void StateBatch::Put(std::string_view key, std::string_view value) {
  std::string v;
  v.push_back(kPutTag);
  v.append(value);
  Add(Op::kPut, std::string(key), std::move(v));
}

void StateBatch::DeletePrefix(std::string_view prefix) {
  Add(Op::kDeleteRange, std::string(prefix), PrefixEnd(prefix));
}

void StateBatch::AppendContents(uint64_t view_id, uint64_t seq, const Chunk& changes) {
  if (changes.num_rows == 0) return;
  std::string key = ViewContentsPrefix(view_id);
  PutBigEndian64(seq, &key);
  std::string v(1, kPutTag);
  EncodeRows(changes, &v);
  Add(Op::kPut, std::move(key), std::move(v));
}

Status StateBatch::Commit(bool sync) {
  if (writes_.empty()) return Status::OK();
  // Range deletions first (they only ever drop state that is being
  // replaced or removed), then the rest in key order.
  std::stable_sort(writes_.begin(), writes_.end(), [](const Write& a, const Write& b) {
    bool ar = a.op == Op::kDeleteRange, br = b.op == Op::kDeleteRange;
    if (ar != br) return ar;
    return a.key < b.key;
  });
  rocksdb::ColumnFamilyHandle* cf = store_->state_cf();
  for (const Write& w : writes_) {
    switch (w.op) {
      case Op::kPut: (void)batch_.Put(cf, w.key, w.value); break;
      case Op::kDelete: (void)batch_.Delete(cf, w.key); break;
      case Op::kMerge: (void)batch_.Merge(cf, w.key, w.value); break;
      case Op::kDeleteRange: (void)batch_.DeleteRange(cf, w.key, w.value); break;
    }
  }
  writes_.clear();
  bytes_ = 0;
  rocksdb::WriteOptions wo;
  wo.sync = sync;
  Status st = FromRocks(store_->db()->Write(wo, &batch_), "state commit failed");
  batch_.Clear();
  return st;
}

Status PrefixStateReader::Scan(
    const std::function<Status(std::string_view, std::string_view)>& fn) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  std::string end = PrefixEnd(prefix_);
  rocksdb::Slice upper(end);
  ro.iterate_upper_bound = &upper;
  std::unique_ptr<rocksdb::Iterator> it(store_->db()->NewIterator(ro, store_->state_cf()));
  for (it->Seek(prefix_); it->Valid(); it->Next()) {
    rocksdb::Slice k = it->key();
    if (!k.starts_with(prefix_)) break;
    std::string_view v;
    if (!Untag(it->value(), &v)) continue;
    KAPPA_RETURN_IF_ERROR(
        fn(std::string_view(k.data() + prefix_.size(), k.size() - prefix_.size()), v));
  }
  return FromRocks(it->status(), "state scan failed");
}

Result<bool> PrefixStateReader::Get(std::string_view key, std::string* value) {
  rocksdb::ReadOptions ro;
  ro.snapshot = snapshot_;
  std::string k = prefix_;
  k.append(key);
  std::string stored;
  rocksdb::Status s = store_->db()->Get(ro, store_->state_cf(), k, &stored);
  if (s.IsNotFound()) return false;
  KAPPA_RETURN_IF_ERROR(FromRocks(s, "state read failed"));
  std::string_view v;
  if (!Untag(stored, &v)) return false;
  value->assign(v);
  return true;
}

ViewSnapshot::ViewSnapshot(Store* store, uint64_t epoch, std::set<uint64_t> views)
    : store_(store), epoch_(epoch), views_(std::move(views)),
      snapshot_(store->db()->GetSnapshot()) {}

ViewSnapshot::~ViewSnapshot() { store_->db()->ReleaseSnapshot(snapshot_); }

Status ViewSnapshot::ScanContents(uint64_t view_id, const std::vector<DataType>& types,
                                  const std::function<Status(Chunk&&)>& fn) const {
  PrefixStateReader reader(store_, ViewContentsPrefix(view_id), snapshot_);
  return reader.Scan([&](std::string_view, std::string_view v) -> Status {
    Chunk out(types);
    KAPPA_RETURN_IF_ERROR(DecodeRows(v, &out));
    return fn(std::move(out));
  });
}

}  // namespace kappa
