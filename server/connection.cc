#include "server/connection.h"

#include <cstdio>
#include <chrono>
#include <exception>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "server/copy_out_stream.h"
#include "server/extended_query.h"
#include "server/logging.h"
#include "server/pgwire/backend_messages.h"
#include "server/pgwire/frontend_messages.h"
#include "server/pgwire/protocol.h"
#include "server/pgwire/row_writer.h"
#include "server/pgwire/utf8.h"
#include "server/session.h"
#include "server/worker_pool.h"

namespace kappa {

namespace asio = boost::asio;
using namespace pgwire;

namespace {

// Replies are handed to the socket at the latest when this much is buffered.
constexpr size_t kFlushThreshold = 256 * 1024;
// No new job starts while this much output waits for a slow client.
constexpr size_t kMaxPendingOutput = 1024 * 1024;

Status ProtocolViolation(std::string message) {
  return Status::Error(sqlstate::kProtocolViolation, std::move(message));
}

}  // namespace

Connection::Connection(asio::ip::tcp::socket socket, std::shared_ptr<const ConnectionContext> ctx)
    : socket_(std::move(socket)),
      timer_(socket_.get_executor()),
      ctx_(std::move(ctx)),
      reader_(ctx_->options.max_message_bytes) {
  boost::system::error_code ec;
  auto ep = socket_.remote_endpoint(ec);
  if (!ec) peer_ = ep.address().to_string() + ":" + std::to_string(ep.port());
}

Connection::~Connection() {
  Unregister();
  extended_.reset();
  session_.reset();
  Log(LogLevel::kDebug, "connection {} (pid {}) closed", peer_, key_.pid);
}

void Connection::Start() {
  key_ = ctx_->registry->Add(weak_from_this());
  boost::system::error_code ec;
  socket_.set_option(asio::ip::tcp::no_delay(true), ec);
  Log(LogLevel::kDebug, "connection from {} (pid {})", peer_, key_.pid);
  timer_.expires_after(ctx_->options.startup_timeout);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (ec || self->startup_done_.load()) return;
    Log(LogLevel::kDebug, "connection {}: startup timeout", self->peer_);
    self->CloseNow();
  });
  StartRead();
}

// ------------------------------------------------------------------ strand

void Connection::StartRead() {
  if (reading_ || closing_ || busy_ || tls_pending_) return;
  reading_ = true;
  std::string_view region = reader_.PrepareWrite();
  auto buffer = asio::buffer(const_cast<char*>(region.data()), region.size());
  auto handler = [self = shared_from_this()](const boost::system::error_code& ec, size_t n) {
    self->OnRead(ec, n);
  };
  if (tls_) {
    tls_->async_read_some(buffer, std::move(handler));
  } else {
    socket_.async_read_some(buffer, std::move(handler));
  }
}

void Connection::OnRead(const boost::system::error_code& ec, size_t n) {
  reading_ = false;
  if (ec) {
    if (ec != asio::error::eof && ec != asio::error::operation_aborted) {
      Log(LogLevel::kDebug, "connection {}: read failed: {}", peer_, ec.message());
    }
    CloseNow();
    return;
  }
  reader_.CommitWrite(n);
  MaybeStartJob();
}

void Connection::MaybeStartJob() {
  if (busy_ || closing_) return;
  if (shutdown_requested_.load()) {
    OnShutdownRequested();
    return;
  }
  if (!reader_.HasFrame()) {
    StartRead();
    return;
  }
  // Backpressure: a client that does not read gets no new replies.
  if (writing_ && pending_.size() + write_buf_.size() > kMaxPendingOutput) return;
  busy_ = true;
  ctx_->pool->Submit([self = shared_from_this(),
                      work = asio::make_work_guard(socket_.get_executor())]() {
    self->RunJob();
    asio::post(self->socket_.get_executor(), [self] { self->OnJobDone(); });
  });
}

void Connection::OnJobDone() {
  busy_ = false;
  if (!startup_timer_cancelled_ && startup_done_.load()) {
    startup_timer_cancelled_ = true;
    timer_.cancel();
  }
  if (shutdown_requested_.load() && !close_requested_) {
    OnShutdownRequested();
    return;
  }
  if (flush_requested_ || close_requested_ || out_.size() >= 8192) Flush();
  flush_requested_ = false;
  if (start_tls_ && !close_requested_) {
    // 'S' is on its way; the handshake starts once it is written.
    start_tls_ = false;
    tls_pending_ = true;
    if (!writing_) StartTls();
    return;
  }
  if (close_requested_) {
    closing_ = true;
    if (!writing_) CloseNow();
    return;
  }
  MaybeStartJob();
}

void Connection::Flush() {
  if (closed_ || out_.empty()) {
    out_.Clear();
    return;
  }
  if (pending_.empty()) {
    pending_ = out_.Take();
  } else {
    pending_.append(out_.data());
    out_.Clear();
  }
  if (!writing_) StartWrite();
}

void Connection::StartWrite() {
  writing_ = true;
  write_buf_.swap(pending_);
  pending_.clear();
  auto handler = [self = shared_from_this()](const boost::system::error_code& ec, size_t) {
    self->OnWriteDone(ec);
  };
  if (tls_) {
    asio::async_write(*tls_, asio::buffer(write_buf_), std::move(handler));
  } else {
    asio::async_write(socket_, asio::buffer(write_buf_), std::move(handler));
  }
}

void Connection::OnWriteDone(const boost::system::error_code& ec) {
  writing_ = false;
  write_buf_.clear();
  if (ec) {
    if (ec != asio::error::operation_aborted) {
      Log(LogLevel::kDebug, "connection {}: write failed: {}", peer_, ec.message());
    }
    CloseNow();
    return;
  }
  if (!pending_.empty()) StartWrite();
  if (tls_pending_ && !tls_ && !writing_ && !closing_) {
    StartTls();
    return;
  }
  socket_backlog_.store(write_buf_.size() + pending_.size());
  if (closing_) {
    if (!writing_) CloseNow();
    return;
  }
  MaybeStartJob();
}

void Connection::StartTls() {
  tls_ = std::make_unique<asio::ssl::stream<asio::ip::tcp::socket&>>(socket_, *ctx_->tls);
  tls_->async_handshake(asio::ssl::stream_base::server,
                        [self = shared_from_this()](const boost::system::error_code& ec) {
                          self->tls_pending_ = false;
                          if (ec) {
                            Log(LogLevel::kDebug, "connection {}: TLS handshake failed: {}",
                                self->peer_, ec.message());
                            self->CloseNow();
                            return;
                          }
                          self->tls_active_ = true;
                          self->MaybeStartJob();
                        });
}

void Connection::Unregister() {
  if (!unregistered_.exchange(true)) ctx_->registry->Remove(key_.pid);
}

void Connection::CloseNow() {
  if (closed_) return;
  closed_ = true;
  closing_ = true;
  // Free the session slot before the client can see the close.
  Unregister();
  boost::system::error_code ec;
  timer_.cancel();
  socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
  socket_.close(ec);
  pending_.clear();
  // A running job keeps the connection alive; the session is released with it.
  if (busy_) {
    std::lock_guard<std::mutex> lock(cancel_mu_);
    if (cancel_target_ != nullptr) cancel_target_->Cancel();
  }
}

void Connection::RequestShutdown() {
  shutdown_requested_.store(true);
  CancelStatement();
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (!self->busy_) self->OnShutdownRequested();
  });
}

void Connection::OnShutdownRequested() {
  if (closing_) return;
  // Idle (or just finished a job): say goodbye like PostgreSQL's fast shutdown.
  WriteErrorResponse(&out_,
                     Status::Error(sqlstate::kAdminShutdown,
                                   "terminating connection due to administrator command"),
                     "FATAL");
  Flush();
  closing_ = true;
  if (!writing_) {
    CloseNow();
    return;
  }
  // Do not wait forever for a client that does not read.
  timer_.expires_after(ctx_->options.shutdown_linger);
  timer_.async_wait([self = shared_from_this()](const boost::system::error_code& ec) {
    if (!ec) self->CloseNow();
  });
}

void Connection::CancelStatement() {
  std::lock_guard<std::mutex> lock(cancel_mu_);
  if (cancel_target_ != nullptr) cancel_target_->Cancel();
}

// ------------------------------------------------------------------ job side

void Connection::RunJob() {
  Frame frame;
  while (!close_requested_ && !shutdown_requested_.load() && !start_tls_) {
    Result<bool> next = reader_.Next(&frame);
    if (!next.ok()) {
      Fatal(next.status());
      break;
    }
    if (!*next) break;
    try {
      HandleFrame(frame.type, frame.payload);
    } catch (const std::exception& e) {
      // Nothing may throw across folders; if something does anyway, lose
      // this connection, not the server.
      Log(LogLevel::kError, "pid {}: unexpected exception: {}", key_.pid, e.what());
      Fatal(Status::Internal(std::string("internal error: ") + e.what()));
      break;
    } catch (...) {
      Log(LogLevel::kError, "pid {}: unexpected exception", key_.pid);
      Fatal(Status::Internal("internal error"));
      break;
    }
    if (out_.size() >= kFlushThreshold) {
      flush_requested_ = true;
      break;
    }
  }
}

void Connection::HandleFrame(char type, std::string_view payload) {
  if (reader_.startup_phase()) {
    HandleStartup(payload);
  } else if (auth_) {
    HandleAuthMessage(type, payload);
  } else {
    HandleMessage(type, payload);
  }
}

void Connection::HandleMessage(char type, std::string_view payload) {
  switch (type) {
    case fe::kQuery:
    case fe::kParse:
    case fe::kBind:
    case fe::kDescribe:
    case fe::kExecute:
    case fe::kClose:
    case fe::kSync:
    case fe::kFlush:
    case fe::kTerminate:
    case fe::kCopyData:
    case fe::kCopyDone:
    case fe::kCopyFail:
    case fe::kFunctionCall:
      break;
    default:
      Fatal(ProtocolViolation("invalid frontend message type " +
                              std::to_string(static_cast<unsigned char>(type))));
      return;
  }
  if (type == fe::kTerminate) {
    close_requested_ = true;
    return;
  }
  if (copy_in_) {
    HandleCopyInMessage(type, payload);
    return;
  }
  if (type == fe::kSync) {
    HandleSync(payload);
    return;
  }
  // After an error in an extended-query batch, everything up to Sync is skipped.
  if (ignore_till_sync_) return;

  switch (type) {
    case fe::kQuery:
      HandleQuery(payload);
      return;
    case fe::kParse: {
      Result<ParseMessage> m = ParseMessage::Decode(payload);
      if (!m.ok()) return Fatal(m.status());
      Status st = extended_->Parse(*m, &out_);
      if (!st.ok()) ReportError(st, /*extended=*/true);
      return;
    }
    case fe::kBind: {
      Result<BindMessage> m = BindMessage::Decode(payload);
      if (!m.ok()) return Fatal(m.status());
      Status st = extended_->Bind(*m, &out_);
      if (!st.ok()) ReportError(st, /*extended=*/true);
      return;
    }
    case fe::kDescribe: {
      Result<DescribeMessage> m = DescribeMessage::Decode(payload);
      if (!m.ok()) return Fatal(m.status());
      Status st = extended_->Describe(*m, &out_);
      if (!st.ok()) ReportError(st, /*extended=*/true);
      return;
    }
    case fe::kExecute: {
      Result<ExecuteMessage> m = ExecuteMessage::Decode(payload);
      if (!m.ok()) return Fatal(m.status());
      Status st = extended_->Execute(*m, &out_);
      if (!st.ok()) ReportError(st, /*extended=*/true);
      if (st.ok()) {
        copy_in_ = extended_->TakeCopyIn();
        if (copy_in_) {
          copy_data_.clear();
          copy_extended_ = true;
          flush_requested_ = true;
        }
      }
      return;
    }
    case fe::kClose: {
      Result<CloseMessage> m = CloseMessage::Decode(payload);
      if (!m.ok()) return Fatal(m.status());
      extended_->Close(*m, &out_);
      return;
    }
    case fe::kFlush: {
      Status st = DecodeEmptyMessage(payload);
      if (!st.ok()) return Fatal(st);
      flush_requested_ = true;
      return;
    }
    case fe::kFunctionCall:
      ReportError(Status::NotSupported("the function call protocol message is not supported"),
                  /*extended=*/false);
      SendChangedSettings();
      WriteReadyForQuery(&out_, session_->transaction_status());
      flush_requested_ = true;
      return;
    default:
      // CopyData/CopyDone/CopyFail outside COPY: ignored, as PostgreSQL does
      // (the client may still be sending data of a COPY that failed).
      return;
  }
}

void Connection::HandleQuery(std::string_view payload) {
  Result<QueryMessage> m = QueryMessage::Decode(payload);
  if (!m.ok()) return Fatal(m.status());
  extended_->DropUnnamed();
  Status st = ValidateUtf8(m->sql);
  if (st.ok()) {
    st = session_->ExecuteSimple(m->sql, [this](StatementResult&& r) {
      WriteSimpleResult(std::move(r));
    });
  }
  if (st.ok() && copy_in_) {
    flush_requested_ = true;  // the client sends the data after CopyInResponse
    return;
  }
  if (st.ok() && copy_stream_) {
    st = StreamCopyOut();
    session_->AbandonSimple();
  }
  FinishQuery(st);
}

Status Connection::StreamCopyOut() {
  std::shared_ptr<CopyOutStream> stream = std::move(copy_stream_);
  copy_stream_.reset();
  WatchForDisconnect();
  std::vector<std::string> lines;
  while (true) {
    const bool backlogged = socket_backlog_.load() > kMaxPendingOutput;
    lines.clear();
    Status st = stream->Next(std::chrono::milliseconds(backlogged ? 0 : 100),
                             backlogged ? 0 : kFlushThreshold / 4, &lines);
    for (const std::string& line : lines) WriteCopyData(&out_, line);
    if (!st.ok()) return st;
    if (!out_.empty()) {
      std::string data = out_.Take();
      socket_backlog_.fetch_add(data.size());
      asio::post(socket_.get_executor(), [self = shared_from_this(), data = std::move(data)] {
        if (self->closed_) return;
        self->pending_.append(data);
        if (!self->writing_) self->StartWrite();
        self->socket_backlog_.store(self->write_buf_.size() + self->pending_.size());
      });
    }
    if (backlogged) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

void Connection::WatchForDisconnect() {
  asio::post(socket_.get_executor(), [self = shared_from_this()] {
    if (self->closed_) return;
    self->socket_.async_wait(
        asio::ip::tcp::socket::wait_read, [self](const boost::system::error_code& ec) {
          if (self->closed_ || ec == asio::error::operation_aborted) return;
          if (ec) {
            self->CloseNow();
            return;
          }
          // Readable: end of stream (0 bytes) or a message, which stays
          // buffered for after the COPY.
          char byte;
          boost::system::error_code peek_ec;
          self->socket_.non_blocking(true, peek_ec);
          size_t n = self->socket_.receive(asio::buffer(&byte, 1),
                                           asio::ip::tcp::socket::message_peek, peek_ec);
          boost::system::error_code ignored;
          self->socket_.non_blocking(false, ignored);
          if (peek_ec == asio::error::would_block) return;
          if (peek_ec || n == 0) self->CloseNow();
        });
  });
}

void Connection::WriteSimpleResult(StatementResult&& r) {
  for (const Notice& n : r.notices) {
    WriteNoticeResponse(&out_, n.severity, n.sqlstate, n.message);
  }
  if (r.empty_query) {
    WriteEmptyQueryResponse(&out_);
    return;
  }
  if (r.copy_in) {
    WriteCopyInResponse(&out_, r.copy_columns);
    copy_in_ = std::move(r.copy_in);
    copy_data_.clear();
    copy_extended_ = false;
    return;
  }
  if (r.copy_stream) {
    // Streamed by HandleQuery (StreamCopyOut); it ends with an error.
    WriteCopyOutResponse(&out_, r.copy_columns);
    copy_stream_ = std::move(r.copy_stream);
    return;
  }
  if (r.copy_out) {
    WriteCopyOutResponse(&out_, r.copy_columns);
    for (const std::string& line : r.copy_data) WriteCopyData(&out_, line);
    WriteCopyDone(&out_);
  } else if (r.returns_rows) {
    WriteRowDescriptionFor(r.columns, {}, &out_);
    RowCursor cursor;
    WriteDataRows(&out_, r.chunks, {}, &cursor);
  }
  WriteCommandComplete(&out_, r.tag);
}

void Connection::FinishQuery(const Status& st) {
  if (!st.ok()) ReportError(st, /*extended=*/false);
  if (session_->transaction_status() == 'I') extended_->DropAllPortals();
  SendChangedSettings();
  WriteReadyForQuery(&out_, session_->transaction_status());
  flush_requested_ = true;
}

void Connection::HandleCopyInMessage(char type, std::string_view payload) {
  switch (type) {
    case fe::kCopyData:
      copy_data_.append(payload);
      return;
    case fe::kFlush:
    case fe::kSync:
      // Ignored during copy-in, as in PostgreSQL.
      return;
    case fe::kCopyDone: {
      std::shared_ptr<CopyInState> copy = std::move(copy_in_);
      copy_in_.reset();
      std::string data = std::move(copy_data_);
      copy_data_.clear();
      Result<StatementResult> r = session_->FinishCopyIn(*copy, data);
      if (!r.ok()) return FailCopyIn(r.status());
      for (const Notice& n : r->notices) {
        WriteNoticeResponse(&out_, n.severity, n.sqlstate, n.message);
      }
      WriteCommandComplete(&out_, r->tag);
      if (copy_extended_) return;
      Status st = session_->ResumeSimple([this](StatementResult&& res) {
        WriteSimpleResult(std::move(res));
      });
      if (st.ok() && copy_in_) {
        flush_requested_ = true;
        return;
      }
      FinishQuery(st);
      return;
    }
    case fe::kCopyFail: {
      std::string message(payload);
      size_t nul = message.find('\0');
      if (nul != std::string::npos) message.resize(nul);
      FailCopyIn(Status::Error(sqlstate::kQueryCanceled, "COPY from stdin failed: " + message));
      return;
    }
    default: {
      char buf[8];
      snprintf(buf, sizeof(buf), "0x%02X", static_cast<unsigned char>(type));
      FailCopyIn(ProtocolViolation(std::string("unexpected message type ") + buf +
                                   " during COPY from stdin"));
      return;
    }
  }
}

void Connection::FailCopyIn(const Status& st) {
  copy_in_.reset();
  copy_data_.clear();
  copy_data_.shrink_to_fit();
  if (copy_extended_) {
    ReportError(st, /*extended=*/true);
    return;
  }
  session_->AbandonSimple();
  FinishQuery(st);
}

void Connection::HandleSync(std::string_view payload) {
  Status st = DecodeEmptyMessage(payload);
  if (!st.ok()) return Fatal(st);
  ignore_till_sync_ = false;
  if (session_->transaction_status() == 'I') extended_->DropAllPortals();
  SendChangedSettings();
  WriteReadyForQuery(&out_, session_->transaction_status());
  flush_requested_ = true;
}

void Connection::SendChangedSettings() {
  for (const auto& [name, value] : session_->TakeChangedSettings()) {
    WriteParameterStatus(&out_, name, value);
  }
}

void Connection::ReportError(const Status& status, bool extended) {
  WriteErrorResponse(&out_, status, "ERROR");
  session_->OnError();
  if (extended) {
    ignore_till_sync_ = true;
    flush_requested_ = true;  // errors reach the client at once, as in PostgreSQL
  }
  Log(LogLevel::kDebug, "pid {}: error {}", key_.pid, status.ToString());
}

void Connection::Fatal(const Status& status) {
  WriteErrorResponse(&out_, status, "FATAL");
  close_requested_ = true;
  flush_requested_ = true;
  Log(LogLevel::kDebug, "connection {} (pid {}): fatal {}", peer_, key_.pid, status.ToString());
}

}  // namespace kappa
