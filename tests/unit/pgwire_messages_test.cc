#include <doctest/doctest.h>

#include <string>

#include "server/pgwire/backend_messages.h"
#include "server/pgwire/frontend_messages.h"
#include "server/pgwire/payload_reader.h"
#include "server/pgwire/protocol.h"

namespace kappa::pgwire {
namespace {

using namespace std::string_literals;

std::string Payload(const std::string& frame_with_length) { return frame_with_length.substr(4); }

}  // namespace

TEST_CASE("a startup message decodes its parameters in order") {
  std::string frame = EncodeStartupFrame(
      {{"user", "kappa"}, {"database", "db"}, {"application_name", "psql"}, {"options", "-c x=1"}});
  Result<StartupRequest> r = StartupRequest::Decode(Payload(frame));
  REQUIRE(r.ok());
  CHECK(r->kind == StartupRequest::Kind::kStartup);
  CHECK(r->protocol_version == kProtocolVersion3);
  REQUIRE(r->parameters.size() == 4);
  CHECK(r->parameters[2].first == "application_name");
  CHECK(*r->Find("user") == "kappa");
  CHECK(*r->Find("options") == "-c x=1");
  CHECK(r->Find("password") == nullptr);
}

TEST_CASE("SSL, GSSENC and cancel requests are recognized by their codes") {
  CHECK(StartupRequest::Decode("\x04\xd2\x16\x2f"s)->kind == StartupRequest::Kind::kSsl);
  CHECK(StartupRequest::Decode("\x04\xd2\x16\x30"s)->kind == StartupRequest::Kind::kGssEnc);
  Result<StartupRequest> cancel =
      StartupRequest::Decode(Payload(EncodeCancelRequestFrame(4242, -7)));
  REQUIRE(cancel.ok());
  CHECK(cancel->kind == StartupRequest::Kind::kCancel);
  CHECK(cancel->cancel_pid == 4242);
  CHECK(cancel->cancel_secret == -7);
  // A cancel request with a missing secret is malformed.
  CHECK(!StartupRequest::Decode(Payload(EncodeCancelRequestFrame(1, 2)).substr(0, 8)).ok());
}

TEST_CASE("a startup message without the final terminator is malformed") {
  std::string payload = Payload(EncodeStartupFrame({{"user", "kappa"}}));
  payload.pop_back();  // the empty name that ends the list
  Result<StartupRequest> r = StartupRequest::Decode(payload);
  REQUIRE(!r.ok());
  CHECK(r.status().sqlstate() == "08P01");
  CHECK(!StartupRequest::Decode(Payload(EncodeStartupFrame({{"user", "kappa"}})) + "x").ok());
}

TEST_CASE("an old protocol version decodes and is left to the caller to reject") {
  Result<StartupRequest> r = StartupRequest::Decode("\x00\x02\x00\x00"s);
  REQUIRE(r.ok());
  CHECK(ProtocolMajor(r->protocol_version) == 2);
}

TEST_CASE("Parse, Bind, Describe, Execute and Close round trip through encode and decode") {
  ParseMessage p;
  p.statement_name = "s1";
  p.sql = "SELECT $1";
  p.param_type_oids = {23, 0};
  std::string pb = p.Encode();
  Result<ParseMessage> p2 = ParseMessage::Decode(pb);
  REQUIRE(p2.ok());
  CHECK(p2->statement_name == "s1");
  CHECK(p2->sql == "SELECT $1");
  CHECK(p2->param_type_oids == std::vector<uint32_t>{23, 0});

  BindMessage b;
  b.portal_name = "p";
  b.statement_name = "s1";
  b.param_formats = {1};
  b.params = {std::string_view("\x00\x00\x00\x05", 4), std::nullopt, std::string_view("")};
  b.result_formats = {0, 1};
  std::string bb = b.Encode();
  Result<BindMessage> b2 = BindMessage::Decode(bb);
  REQUIRE(b2.ok());
  CHECK(b2->portal_name == "p");
  REQUIRE(b2->params.size() == 3);
  CHECK(*b2->params[0] == std::string_view("\x00\x00\x00\x05", 4));
  CHECK(!b2->params[1].has_value());
  CHECK(b2->params[2]->empty());
  CHECK(b2->result_formats == std::vector<int16_t>{0, 1});

  DescribeMessage d{'P', "p"};
  const std::string db = d.Encode();
  Result<DescribeMessage> d2 = DescribeMessage::Decode(db);
  REQUIRE(d2.ok());
  CHECK(d2->target == 'P');
  CHECK(d2->name == "p");

  ExecuteMessage e{"p", 50};
  const std::string eb = e.Encode();
  Result<ExecuteMessage> e2 = ExecuteMessage::Decode(eb);
  REQUIRE(e2.ok());
  CHECK(e2->max_rows == 50);

  CloseMessage c{'S', "s1"};
  const std::string cb = c.Encode();
  Result<CloseMessage> c2 = CloseMessage::Decode(cb);
  REQUIRE(c2.ok());
  CHECK(c2->target == 'S');
}

TEST_CASE("every truncation of a Bind message is rejected, never read past its end") {
  BindMessage b;
  b.portal_name = "portal";
  b.statement_name = "stmt";
  b.param_formats = {0, 1};
  b.params = {std::string_view("abc"), std::string_view("\x00\x01", 2)};
  b.result_formats = {1};
  std::string full = b.Encode();
  for (size_t len = 0; len < full.size(); ++len) {
    CAPTURE(len);
    Result<BindMessage> r = BindMessage::Decode(std::string_view(full).substr(0, len));
    REQUIRE(!r.ok());
    CHECK(r.status().sqlstate() == "08P01");
  }
  CHECK(BindMessage::Decode(full).ok());
}

TEST_CASE("negative counts and lengths in Bind are malformed") {
  std::string bad_count = "\0\0\xff\xff"s;  // names, then -1 parameter formats
  CHECK(!BindMessage::Decode(bad_count).ok());
  std::string bad_length = "\0\0\0\0\0\x01\xff\xff\xff\xfe\0\0"s;  // length -2
  CHECK(!BindMessage::Decode(bad_length).ok());
  std::string null_param = "\0\0\0\0\0\x01\xff\xff\xff\xff\0\0"s;  // length -1 is NULL
  CHECK(BindMessage::Decode(null_param).ok());
}

TEST_CASE("Describe and Close accept only S and P targets") {
  CHECK(!DescribeMessage::Decode("X\0"s).ok());
  CHECK(!CloseMessage::Decode("s\0"s).ok());
  CHECK(!DescribeMessage::Decode("S"s).ok());  // name without terminator
}

TEST_CASE("Query needs exactly one terminated string") {
  CHECK(QueryMessage::Decode("SELECT 1\0"s)->sql == "SELECT 1");
  CHECK(!QueryMessage::Decode("SELECT 1"s).ok());
  CHECK(!QueryMessage::Decode("SELECT 1\0\0"s).ok());
  CHECK(DecodeEmptyMessage("").ok());
  CHECK(!DecodeEmptyMessage("x").ok());
}

TEST_CASE("ErrorResponse carries severity, code, message, detail, hint and position") {
  MessageWriter w;
  Status st = Status::Error("42601", "syntax error at or near \"x\"", 8);
  st.WithDetail("d").WithHint("h");
  WriteErrorResponse(&w, st, "ERROR");
  std::string expected = "E"s + "\x00\x00\x00\x40"s +
                         "SERROR\0VERROR\0C42601\0Msyntax error at or near \"x\"\0Dd\0Hh\0P8\0\0"s;
  CHECK(w.data() == expected);
}

TEST_CASE("an error without detail, hint or position has only S, V, C and M") {
  MessageWriter w;
  WriteErrorResponse(&w, Status::Error("57P01", "bye"), "FATAL");
  CHECK(w.data() == "E\x00\x00\x00\x1fSFATAL\0VFATAL\0C57P01\0Mbye\0\0"s);
}

TEST_CASE("RowDescription reports type OIDs, lengths, modifiers and formats") {
  MessageWriter w;
  FieldDescription a;
  a.name = "id";
  a.table_oid = 16384;
  a.column_attnum = 1;
  a.type = DataType(TypeId::kInt32);
  FieldDescription b;
  b.name = "price";
  b.type = DataType::Numeric(10, 2);
  WriteRowDescription(&w, {a, b}, {0, 1});
  std::string expected = "T"s + "\x00\x00\x00\x33"s + "\x00\x02"s +
                         "id\0"s + "\x00\x00\x40\x00"s + "\x00\x01"s + "\x00\x00\x00\x17"s +
                         "\x00\x04"s + "\xff\xff\xff\xff"s + "\x00\x00"s +
                         "price\0"s + "\x00\x00\x00\x00"s + "\x00\x00"s + "\x00\x00\x06\xa4"s +
                         "\xff\xff"s + "\x00\x0a\x00\x06"s + "\x00\x01"s;
  CHECK(w.data() == expected);
}

TEST_CASE("simple backend messages have their exact wire form") {
  MessageWriter w;
  WriteAuthenticationOk(&w);
  WriteParameterStatus(&w, "server_version", "13.0.0");
  WriteBackendKeyData(&w, 7, -1);
  WriteReadyForQuery(&w, 'T');
  WriteCommandComplete(&w, "INSERT 0 2");
  WriteEmptyQueryResponse(&w);
  WriteParameterDescription(&w, {DataType(TypeId::kInt64)});
  WritePortalSuspended(&w);
  std::string expected = "R\x00\x00\x00\x08\x00\x00\x00\x00"s +
                         "S\x00\x00\x00\x1aserver_version\0" "13.0.0\0"s +
                         "K\x00\x00\x00\x0c\x00\x00\x00\x07\xff\xff\xff\xff"s +
                         "Z\x00\x00\x00\x05T"s + "C\x00\x00\x00\x0fINSERT 0 2\0"s +
                         "I\x00\x00\x00\x04"s + "t\x00\x00\x00\x0a\x00\x01\x00\x00\x00\x14"s +
                         "s\x00\x00\x00\x04"s;
  CHECK(w.data() == expected);
  CHECK(w.Take() == expected);
  CHECK(w.empty());
}

TEST_CASE("format codes expand to one per column") {
  CHECK(ResolveFormatCodes({}, 3, "result formats", "columns").value() ==
        std::vector<int16_t>{0, 0, 0});
  CHECK(ResolveFormatCodes({1}, 2, "result formats", "columns").value() ==
        std::vector<int16_t>{1, 1});
  CHECK(ResolveFormatCodes({0, 1}, 2, "result formats", "columns").value() ==
        std::vector<int16_t>{0, 1});
  Result<std::vector<int16_t>> wrong = ResolveFormatCodes({0, 1}, 3, "result formats", "columns");
  REQUIRE(!wrong.ok());
  CHECK(wrong.status().sqlstate() == "08P01");
  CHECK(wrong.status().message() == "bind message has 2 result formats but query has 3 columns");
  CHECK(ResolveFormatCodes({2}, 1, "parameter formats", "parameters").status().sqlstate() ==
        "22023");
}

TEST_CASE("the payload reader fails on every out-of-bounds read") {
  const std::string bytes = "\x00\x01\x02"s;
  PayloadReader r(bytes);
  CHECK(r.ReadInt16().value() == 1);
  CHECK(!r.ReadInt16().ok());
  CHECK(r.ReadByte().value() == 2);
  CHECK(!r.ReadByte().ok());
  CHECK(!r.ReadBytes(1).ok());
  CHECK(!PayloadReader("ab"s).ReadBytes(-1).ok());
  CHECK(!PayloadReader("abc"s).ReadCString().ok());
  CHECK(r.ExpectEnd().ok());
}

}  // namespace kappa::pgwire

namespace kappa::pgwire {

TEST_CASE("startup parameters and -c options become run-time settings") {
  StartupRequest r;
  r.parameters = {{"user", "u"},
                  {"database", "d"},
                  {"application_name", "psql"},
                  {"options", "-c search_path=a,b  --extra-float-digits=3 -cx=1\\ 2 junk"},
                  {"_pq_.compression", "on"},
                  {"TimeZone", "UTC"}};
  using Pairs = std::vector<std::pair<std::string, std::string>>;
  CHECK(r.RuntimeSettings() == Pairs{{"application_name", "psql"},
                                     {"search_path", "a,b"},
                                     {"extra_float_digits", "3"},
                                     {"x", "1 2"},
                                     {"TimeZone", "UTC"}});
}

}  // namespace kappa::pgwire
