#include <doctest/doctest.h>

#include <string>

#include "server/pgwire/frame_reader.h"
#include "server/pgwire/frontend_messages.h"

namespace kappa::pgwire {
namespace {

std::string Int32(uint32_t v) {
  return std::string{static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 0xff),
                     static_cast<char>((v >> 8) & 0xff), static_cast<char>(v & 0xff)};
}

// Feeds `bytes` through PrepareWrite/CommitWrite, as the socket does.
void Receive(FrameReader* r, std::string_view bytes) {
  while (!bytes.empty()) {
    std::string_view region = r->PrepareWrite();
    size_t n = std::min(region.size(), bytes.size());
    std::copy(bytes.begin(), bytes.begin() + n, const_cast<char*>(region.data()));
    r->CommitWrite(n);
    bytes.remove_prefix(n);
  }
}

}  // namespace

TEST_CASE("a startup packet is one frame without a type byte") {
  FrameReader r;
  std::string packet = EncodeStartupFrame({{"user", "kappa"}});
  r.Append(packet);
  Frame f;
  Result<bool> got = r.Next(&f);
  REQUIRE(got.ok());
  REQUIRE(*got);
  CHECK(f.type == 0);
  CHECK(f.payload == std::string_view(packet).substr(4));
  CHECK(r.buffered() == 0);
}

TEST_CASE("frames split at every byte boundary are reassembled") {
  std::string stream = EncodeFrame('Q', QueryMessage::Encode("SELECT 1")) + EncodeFrame('S', "") +
                       EncodeFrame('X', "");
  for (size_t cut = 0; cut <= stream.size(); ++cut) {
    FrameReader r;
    r.set_startup_phase(false);
    std::string types;
    Frame f;
    for (std::string_view part : {std::string_view(stream).substr(0, cut),
                                  std::string_view(stream).substr(cut)}) {
      Receive(&r, part);
      while (true) {
        Result<bool> got = r.Next(&f);
        REQUIRE(got.ok());
        if (!*got) break;
        types.push_back(f.type);
        if (f.type == 'Q') CHECK(f.payload == std::string_view("SELECT 1\0", 9));
      }
    }
    CAPTURE(cut);
    CHECK(types == "QSX");
  }
}

TEST_CASE("an incomplete frame waits for more bytes") {
  FrameReader r;
  r.set_startup_phase(false);
  std::string frame = EncodeFrame('Q', QueryMessage::Encode("SELECT 1"));
  r.Append(frame.substr(0, 3));
  Frame f;
  CHECK(!r.HasFrame());
  CHECK(r.Next(&f).value() == false);
  r.Append(frame.substr(3, frame.size() - 4));
  CHECK(r.Next(&f).value() == false);
  r.Append(frame.substr(frame.size() - 1));
  CHECK(r.HasFrame());
  CHECK(r.Next(&f).value() == true);
}

TEST_CASE("a message longer than the limit fails as soon as its header arrives") {
  FrameReader r(1024);
  r.set_startup_phase(false);
  r.Append("Q" + Int32(2000));
  Frame f;
  CHECK(r.HasFrame());  // the error is ready to be reported
  Result<bool> got = r.Next(&f);
  REQUIRE(!got.ok());
  CHECK(got.status().sqlstate() == "08P01");
}

TEST_CASE("a message length below four is malformed") {
  for (uint32_t len : {0u, 1u, 3u, 0xffffffffu}) {
    FrameReader r;
    r.set_startup_phase(false);
    r.Append("Q" + Int32(len));
    Frame f;
    Result<bool> got = r.Next(&f);
    CAPTURE(len);
    REQUIRE(!got.ok());
    CHECK(got.status().sqlstate() == "08P01");
  }
}

TEST_CASE("startup packets outside 8 to 10000 bytes are malformed") {
  for (uint32_t len : {0u, 4u, 7u, 10001u, 0x7fffffffu}) {
    FrameReader r;
    r.Append(Int32(len) + Int32(196608));
    Frame f;
    CAPTURE(len);
    CHECK(!r.Next(&f).ok());
  }
  FrameReader ok;
  ok.Append(Int32(8) + Int32(80877103));
  Frame f;
  CHECK(ok.Next(&f).value());
}

TEST_CASE("the limit is at most one gibibyte even if configured higher") {
  FrameReader r(size_t{4} << 30);
  r.set_startup_phase(false);
  r.Append("Q" + Int32(0x40000000u));  // 1 GiB + the type byte
  Frame f;
  CHECK(!r.Next(&f).ok());
}

TEST_CASE("a large frame is reassembled with memory that follows the bytes received") {
  FrameReader r;
  r.set_startup_phase(false);
  std::string sql(300000, 'x');
  std::string frame = EncodeFrame('Q', QueryMessage::Encode(sql));
  Receive(&r, frame.substr(0, 100));
  CHECK(r.PrepareWrite().size() <= 16 * 1024);
  Receive(&r, frame.substr(100));
  Frame f;
  REQUIRE(r.Next(&f).value());
  CHECK(f.payload.size() == sql.size() + 1);
  CHECK(r.PrepareWrite().size() <= 64 * 1024);
}

TEST_CASE("an announced but unsent huge message allocates nothing for it") {
  FrameReader r;
  r.set_startup_phase(false);
  r.Append("Q" + Int32(60u << 20));
  Frame f;
  CHECK(r.Next(&f).value() == false);
  CHECK(r.PrepareWrite().size() <= 16 * 1024);
}

TEST_CASE("switching out of the startup phase changes the framing") {
  FrameReader r;
  r.Append(EncodeStartupFrame({{"user", "u"}}) + EncodeFrame('S', ""));
  Frame f;
  REQUIRE(r.Next(&f).value());
  CHECK(f.type == 0);
  r.set_startup_phase(false);
  REQUIRE(r.Next(&f).value());
  CHECK(f.type == 'S');
  CHECK(f.payload.empty());
}

}  // namespace kappa::pgwire
