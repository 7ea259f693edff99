#include <doctest/doctest.h>

#include <string>

#include "server/pgwire/payload_reader.h"
#include "server/pgwire/protocol.h"
#include "server/pgwire/row_writer.h"
#include "server/pgwire/utf8.h"

namespace kappa::pgwire {
namespace {

using namespace std::string_literals;

// Splits a stream of DataRow messages into rows of column values ("NULL" for NULL).
std::vector<std::vector<std::string>> ParseRows(const std::string& data) {
  std::vector<std::vector<std::string>> rows;
  PayloadReader r(data);
  while (r.remaining() > 0) {
    REQUIRE(r.ReadByte().value() == 'D');
    int32_t len = r.ReadInt32().value();
    PayloadReader body(r.ReadBytes(len - 4).value());
    int n = body.ReadInt16().value();
    std::vector<std::string> row;
    for (int i = 0; i < n; ++i) {
      int32_t vlen = body.ReadInt32().value();
      row.push_back(vlen < 0 ? "NULL" : std::string(body.ReadBytes(vlen).value()));
    }
    REQUIRE(body.ExpectEnd().ok());
    rows.push_back(row);
  }
  return rows;
}

Chunk TwoColumns() {
  Chunk c({DataType(TypeId::kInt32), DataType(TypeId::kText)});
  c.AppendRow({Value::Int(TypeId::kInt32, 1), Value::String("a")}, 1);
  c.AppendRow({Value::Int(TypeId::kInt32, 2), Value::Null(DataType(TypeId::kText))}, 3);
  c.AppendRow({Value::Int(TypeId::kInt32, 3), Value::String("c")}, 1);
  return c;
}

}  // namespace

TEST_CASE("rows are sent in text with NULL as length -1 and weights as copies") {
  std::vector<Chunk> chunks;
  chunks.push_back(TwoColumns());
  MessageWriter w;
  RowCursor cur;
  CHECK(WriteDataRows(&w, chunks, {}, &cur) == 5);
  auto rows = ParseRows(w.data());
  REQUIRE(rows.size() == 5);
  CHECK(rows[0] == std::vector<std::string>{"1", "a"});
  CHECK(rows[1] == std::vector<std::string>{"2", "NULL"});
  CHECK(rows[3] == std::vector<std::string>{"2", "NULL"});
  CHECK(rows[4] == std::vector<std::string>{"3", "c"});
  CHECK(AtEnd(chunks, cur));
  CHECK(CountRows(chunks) == 5);
}

TEST_CASE("a row limit stops in the middle of a weighted row and resumes there") {
  std::vector<Chunk> chunks;
  chunks.push_back(TwoColumns());
  chunks.push_back(Chunk({DataType(TypeId::kInt32), DataType(TypeId::kText)}));  // empty chunk
  chunks.push_back(TwoColumns());
  RowCursor cur;
  std::vector<std::string> firsts;
  int batches = 0;
  while (!AtEnd(chunks, cur)) {
    MessageWriter w;
    uint64_t n = WriteDataRows(&w, chunks, {}, &cur, 2);
    CHECK(n <= 2);
    for (auto& row : ParseRows(w.data())) firsts.push_back(row[0]);
    ++batches;
  }
  CHECK(batches == 5);
  CHECK(firsts == std::vector<std::string>{"1", "2", "2", "2", "3", "1", "2", "2", "2", "3"});
}

TEST_CASE("binary result columns use the binary encoding per column") {
  std::vector<Chunk> chunks;
  chunks.push_back(TwoColumns());
  MessageWriter w;
  RowCursor cur;
  WriteDataRows(&w, chunks, {kBinaryFormat, kTextFormat}, &cur, 1);
  auto rows = ParseRows(w.data());
  REQUIRE(rows.size() == 1);
  CHECK(rows[0][0] == "\x00\x00\x00\x01"s);
  CHECK(rows[0][1] == "a");
}

TEST_CASE("utf-8 validation accepts valid text and names the first bad bytes") {
  CHECK(ValidateUtf8("").ok());
  CHECK(ValidateUtf8("plain ascii text that is longer than eight bytes").ok());
  CHECK(ValidateUtf8("h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80").ok());
  Status bad = ValidateUtf8("abc\xc3\x28");
  REQUIRE(!bad.ok());
  CHECK(bad.sqlstate() == "22021");
  CHECK(bad.message() == "invalid byte sequence for encoding \"UTF8\": 0xc3 0x28");
  CHECK(!ValidateUtf8("\xc0\xaf").ok());          // overlong
  CHECK(!ValidateUtf8("\xed\xa0\x80").ok());      // surrogate
  CHECK(!ValidateUtf8("\xf4\x90\x80\x80").ok());  // above U+10FFFF
  CHECK(!ValidateUtf8("abcdefgh\xe2\x82").ok());  // truncated at the end
  CHECK(ValidateUtf8("abcdefghij\0k"s).message() ==
        "invalid byte sequence for encoding \"UTF8\": 0x00");
}

}  // namespace kappa::pgwire
