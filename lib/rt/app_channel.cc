#include "rt/app_channel.h"

#include <rte_errno.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdio>
#include <cstring>
#include <new>
#include <string>

#include "rt/mbuf_message.h"

namespace dsctp::rt {

struct AppChannel::Command {
  enum class Kind : uint8_t { kListen, kConnect, kSend, kShutdown, kAbort };
  Kind kind = Kind::kListen;
  uint64_t association = 0;
  uint64_t user_data = 0;
  uint16_t port = 0;
  sctp::IpAddress peer;
  uint16_t stream = 0;
  uint32_t ppid = 0;
  bool unordered = false;
  rte_mbuf* data = nullptr;
};

namespace {

constexpr unsigned kCommandBurst = 32;

rte_ring* make_ring(const char* what, uint32_t size) {
  static std::atomic<unsigned> counter{0};
  std::string name = std::string("dsctp_") + what + std::to_string(counter++);
  rte_ring* r = rte_ring_create(name.c_str(), size, static_cast<int>(rte_socket_id()),
                                RING_F_SP_ENQ | RING_F_SC_DEQ);
  if (r == nullptr) {
    std::fprintf(stderr, "app channel: cannot make a %u-slot ring: %s\n", size,
                 rte_strerror(rte_errno));
  }
  return r;
}

// `bytes` in as many mbufs of `pool` as they need; null when the pool ran
// short.
rte_mbuf* copy_to_mbufs(rte_mempool* pool, const ByteRange& bytes) {
  rte_mbuf* head = rte_pktmbuf_alloc(pool);
  if (head == nullptr) return nullptr;
  rte_mbuf* tail = head;
  bool ok = true;
  bytes.for_each_segment([&](std::span<const std::byte> piece) {
    while (ok && !piece.empty()) {
      if (rte_pktmbuf_tailroom(tail) == 0) {
        rte_mbuf* m = rte_pktmbuf_alloc(pool);
        if (m == nullptr || rte_pktmbuf_chain(head, m) != 0) {
          rte_pktmbuf_free(m);
          ok = false;
          return;
        }
        tail = m;
      }
      size_t n = std::min<size_t>(piece.size(), rte_pktmbuf_tailroom(tail));
      std::memcpy(rte_pktmbuf_mtod_offset(tail, void*, rte_pktmbuf_data_len(tail)), piece.data(),
                  n);
      tail->data_len = static_cast<uint16_t>(tail->data_len + n);
      head->pkt_len += static_cast<uint32_t>(n);
      piece = piece.subspan(n);
    }
  });
  if (!ok) {
    rte_pktmbuf_free(head);
    return nullptr;
  }
  return head;
}

// A second reference on every segment: rte_pktmbuf_free() drops one from
// each, so the chain survives the message's free and can be given back.
void retain_chain(rte_mbuf* m) {
  for (rte_mbuf* s = m; s != nullptr; s = s->next) rte_mbuf_refcnt_update(s, 1);
}

}  // namespace

std::unique_ptr<AppChannel> AppChannel::create(const Config& config) {
  if (config.pool == nullptr) {
    std::fprintf(stderr, "app channel: no mbuf pool\n");
    return nullptr;
  }
  rte_ring* commands = make_ring("cmd", config.command_ring_size);
  rte_ring* events = commands != nullptr ? make_ring("evt", config.event_ring_size) : nullptr;
  if (events == nullptr) {
    rte_ring_free(commands);
    return nullptr;
  }
  return std::unique_ptr<AppChannel>(new AppChannel(config, commands, events));
}

AppChannel::AppChannel(const Config& config, rte_ring* commands, rte_ring* events)
    : config_(config), commands_(commands), events_(events) {}

AppChannel::~AppChannel() {
  void* p = nullptr;
  while (rte_ring_sc_dequeue(commands_, &p) == 0) {
    auto* c = static_cast<Command*>(p);
    rte_pktmbuf_free(c->data);
    delete c;
  }
  while (rte_ring_sc_dequeue(events_, &p) == 0) release(static_cast<ChannelEvent*>(p));
  for (ChannelEvent* e : deferred_) release(e);
  rte_ring_free(commands_);
  rte_ring_free(events_);
}

// --- The application thread.

bool AppChannel::post(Command* c) {
  if (rte_ring_sp_enqueue(commands_, c) == 0) return true;
  rte_pktmbuf_free(c->data);
  delete c;
  return false;
}

bool AppChannel::listen(uint16_t port) {
  auto* c = new (std::nothrow) Command{};
  if (c == nullptr) return false;
  c->kind = Command::Kind::kListen;
  c->port = port;
  return post(c);
}

bool AppChannel::connect(const sctp::IpAddress& peer, uint16_t peer_port, uint64_t user_data) {
  auto* c = new (std::nothrow) Command{};
  if (c == nullptr) return false;
  c->kind = Command::Kind::kConnect;
  c->peer = peer;
  c->port = peer_port;
  c->user_data = user_data;
  return post(c);
}

bool AppChannel::send(uint64_t association, sctp::StreamId stream, sctp::Ppid ppid,
                      std::span<const std::byte> bytes, bool unordered) {
  rte_mbuf* m = copy_to_mbufs(config_.pool, ByteRange(bytes));
  if (m == nullptr) return false;
  return send_mbuf(association, stream, ppid, m, unordered);
}

bool AppChannel::send_mbuf(uint64_t association, sctp::StreamId stream, sctp::Ppid ppid,
                           rte_mbuf* m, bool unordered) {
  auto* c = new (std::nothrow) Command{};
  if (c == nullptr) {
    rte_pktmbuf_free(m);
    return false;
  }
  c->kind = Command::Kind::kSend;
  c->association = association;
  c->stream = stream.value();
  c->ppid = ppid.value();
  c->unordered = unordered;
  c->data = m;
  return post(c);
}

bool AppChannel::shutdown(uint64_t association) {
  auto* c = new (std::nothrow) Command{};
  if (c == nullptr) return false;
  c->kind = Command::Kind::kShutdown;
  c->association = association;
  return post(c);
}

bool AppChannel::abort(uint64_t association) {
  auto* c = new (std::nothrow) Command{};
  if (c == nullptr) return false;
  c->kind = Command::Kind::kAbort;
  c->association = association;
  return post(c);
}

size_t AppChannel::poll(std::span<ChannelEvent*> out) {
  return rte_ring_sc_dequeue_burst(events_, reinterpret_cast<void**>(out.data()),
                                   static_cast<unsigned>(out.size()), nullptr);
}

void AppChannel::release(ChannelEvent* e) {
  if (e == nullptr) return;
  rte_pktmbuf_free(e->data);
  delete e;  // a message's payloads free their mbufs
}

// --- The engine's lcore.

void AppChannel::serve(Engine& engine) {
  drain_deferred();
  maybe_resume(engine);
  // An application behind on its events sends no more until it catches
  // up: its commands wait in their ring, and what they would answer
  // (refusals) cannot pile up here.
  if (!deferred_.empty()) return;
  std::array<void*, kCommandBurst> batch{};
  unsigned n = rte_ring_sc_dequeue_burst(commands_, batch.data(), kCommandBurst, nullptr);
  for (unsigned i = 0; i < n; ++i) {
    auto* c = static_cast<Command*>(batch[i]);
    ++counters_.commands;
    execute(engine, *c);
    rte_pktmbuf_free(c->data);
    delete c;
  }
}

void AppChannel::execute(Engine& engine, Command& c) {
  sctp::Endpoint& endpoint = engine.endpoint();
  switch (c.kind) {
    case Command::Kind::kListen:
      endpoint.listen(c.port, callbacks(), this);  // already listening: no change
      return;
    case Command::Kind::kConnect: {
      sctp::Association* a = endpoint.connect(engine.now(), 0, c.port, {c.peer}, callbacks(), this);
      if (a != nullptr) {
        adopt(*a, c.user_data);
        return;
      }
      auto* e = new (std::nothrow) ChannelEvent{};
      if (e == nullptr) {
        ++counters_.events_lost_no_memory;
        return;
      }
      e->kind = ChannelEvent::Kind::kClosed;
      e->user_data = c.user_data;
      e->close.reason = sctp::CloseReason::kUnreachable;
      emit(e, nullptr);
      return;
    }
    case Command::Kind::kSend:
      do_send(engine, c);
      return;
    case Command::Kind::kShutdown:
      if (sctp::Association* a = endpoint.find(c.association)) a->shutdown(engine.now());
      return;
    case Command::Kind::kAbort:
      if (sctp::Association* a = endpoint.find(c.association)) a->abort(engine.now());
      return;
  }
}

void AppChannel::do_send(Engine& engine, Command& c) {
  rte_mbuf* m = c.data;
  c.data = nullptr;
  sctp::SendStatus status = sctp::SendStatus::kNotConnected;
  sctp::Association* a = engine.endpoint().find(c.association);
  if (a != nullptr) {
    retain_chain(m);
    status = a->send(mbuf_message(m, sctp::StreamId(c.stream), sctp::Ppid(c.ppid), c.unordered));
    if (status == sctp::SendStatus::kOk) {
      rte_pktmbuf_free(m);  // the association holds the other reference
      return;
    }
  }
  auto* e = new (std::nothrow) ChannelEvent{};
  if (e == nullptr) {
    ++counters_.events_lost_no_memory;
    rte_pktmbuf_free(m);
    return;
  }
  e->kind = ChannelEvent::Kind::kSendRefused;
  e->association = c.association;
  if (auto it = user_data_.find(c.association); it != user_data_.end()) e->user_data = it->second;
  e->status = status;
  e->data = m;
  e->stream = c.stream;
  e->ppid = c.ppid;
  e->unordered = c.unordered;
  emit(e, nullptr);
}

void AppChannel::adopt(sctp::Association& a, uint64_t user_data) {
  user_data_[a.id()] = user_data;
  a.set_writable_threshold(config_.writable_threshold);
}

ChannelEvent* AppChannel::new_event(ChannelEvent::Kind kind, const sctp::Association& a) {
  auto* e = new (std::nothrow) ChannelEvent{};
  if (e == nullptr) {
    ++counters_.events_lost_no_memory;
    return nullptr;
  }
  e->kind = kind;
  e->association = a.id();
  if (auto it = user_data_.find(a.id()); it != user_data_.end()) e->user_data = it->second;
  return e;
}

void AppChannel::emit(ChannelEvent* e, sctp::Association* a) {
  ++counters_.events;
  if (e->kind == ChannelEvent::Kind::kWritable && coalesce_writable(*e)) {
    release(e);
    return;
  }
  // Behind deferred events, so the application sees them in order.
  if (!deferred_.empty() || rte_ring_sp_enqueue(events_, e) != 0) {
    deferred_.push_back(e);
    ++counters_.events_deferred;
    counters_.deferred_peak = std::max<uint64_t>(counters_.deferred_peak, deferred_.size());
  }
  if (a == nullptr || a->receive_paused()) return;
  unsigned low_water = std::max(1u, config_.event_ring_size / 8);
  if (!deferred_.empty() || rte_ring_free_count(events_) < low_water) {
    a->pause_receive();
    paused_.push_back(a->id());
    ++counters_.receive_pauses;
  }
}

bool AppChannel::coalesce_writable(const ChannelEvent& e) {
  for (ChannelEvent* waiting : deferred_) {
    if (waiting->kind == ChannelEvent::Kind::kWritable && waiting->association == e.association) {
      waiting->free_bytes = e.free_bytes;
      return true;
    }
  }
  return false;
}

void AppChannel::drain_deferred() {
  while (!deferred_.empty() && rte_ring_sp_enqueue(events_, deferred_.front()) == 0) {
    deferred_.pop_front();
  }
}

void AppChannel::maybe_resume(Engine& engine) {
  if (paused_.empty() || !deferred_.empty() ||
      rte_ring_free_count(events_) < config_.event_ring_size / 2) {
    return;
  }
  // Resuming delivers at once and may pause again: work on a copy.
  std::vector<uint64_t> resume;
  resume.swap(paused_);
  for (uint64_t id : resume) {
    if (sctp::Association* a = engine.endpoint().find(id)) {
      ++counters_.receive_resumes;
      a->resume_receive();
    }
  }
}

sctp::Callbacks AppChannel::callbacks() {
  using Kind = ChannelEvent::Kind;
  sctp::Callbacks cb;
  cb.connected = [](void* ctx, sctp::Association& a) {
    AppChannel& ch = of(ctx);
    if (!ch.user_data_.contains(a.id())) ch.adopt(a, 0);  // accepted
    if (ChannelEvent* e = ch.new_event(Kind::kConnected, a)) ch.emit(e, nullptr);
  };
  cb.message = [](void* ctx, sctp::Association& a, sctp::ReceivedMessage& m) {
    AppChannel& ch = of(ctx);
    ChannelEvent* e = ch.new_event(Kind::kMessage, a);
    if (e == nullptr) return;
    e->message.emplace(std::move(m));
    ch.emit(e, &a);
  };
  cb.writable = [](void* ctx, sctp::Association& a, size_t free_bytes) {
    AppChannel& ch = of(ctx);
    ChannelEvent* e = ch.new_event(Kind::kWritable, a);
    if (e == nullptr) return;
    e->free_bytes = free_bytes;
    ch.emit(e, nullptr);
  };
  cb.send_failed = [](void* ctx, sctp::Association& a, sctp::OutgoingMessage& m) {
    AppChannel& ch = of(ctx);
    ChannelEvent* e = ch.new_event(Kind::kSendFailed, a);
    if (e == nullptr) return;
    // A copy: the message's own bytes may live in this thread's caches.
    e->data = copy_to_mbufs(ch.config_.pool, m.bytes.bytes());
    if (e->data == nullptr) ++ch.counters_.events_lost_no_memory;
    e->stream = m.stream.value();
    e->ppid = m.ppid.value();
    e->unordered = m.unordered;
    ch.emit(e, nullptr);
  };
  cb.shutdown_received = [](void* ctx, sctp::Association& a) {
    AppChannel& ch = of(ctx);
    if (ChannelEvent* e = ch.new_event(Kind::kShutdownReceived, a)) ch.emit(e, nullptr);
  };
  cb.closed = [](void* ctx, sctp::Association& a, const sctp::CloseInfo& info) {
    AppChannel& ch = of(ctx);
    if (ChannelEvent* e = ch.new_event(Kind::kClosed, a)) {
      e->close = info;
      ch.emit(e, nullptr);
    }
    ch.user_data_.erase(a.id());
    std::erase(ch.paused_, a.id());
  };
  return cb;
}

}  // namespace dsctp::rt
