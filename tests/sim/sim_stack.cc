#include "sim_stack.h"

#include <algorithm>

#include "sctp/wire/constants.h"
#include "support/packet_decoder.h"

namespace dsctp::test {

std::vector<std::byte> pattern(uint32_t index, uint32_t size) {
  std::vector<std::byte> b(size);
  uint32_t x = index * 2654435761u + 1;
  for (uint32_t i = 0; i < size; ++i) {
    x = x * 1103515245u + 12345u;
    b[i] = static_cast<std::byte>(x >> 24);
  }
  return b;
}

SimStack::SimStack(sim::SimNetwork& net, std::vector<sim::Address> addresses,
                   const sctp::EndpointConfig& config, uint64_t seed)
    : net_(net), node_(net.add_node(this)), addresses_(std::move(addresses)), random_(seed) {
  for (sim::Address a : addresses_) net_.add_address(node_, a);
  restart(config, seed);
}

void SimStack::restart(const sctp::EndpointConfig& config, uint64_t seed) {
  sctp::EndpointConfig c = config;
  c.local_addresses.clear();
  for (sim::Address a : addresses_) c.local_addresses.push_back(ip_of(a));
  random_ = SeededRandom(seed);
  endpoint_.reset();
  // Association ids start over with the new endpoint.
  logs_.clear();
  newest_id_ = 0;
  endpoint_ = std::make_unique<sctp::Endpoint>(c, *this, random_, net_.now());
  rearm();
}

sctp::Callbacks SimStack::callbacks() {
  sctp::Callbacks cb;
  cb.connected = [](void* ctx, sctp::Association& a) {
    auto* self = static_cast<SimStack*>(ctx);
    self->logs_[a.id()].connected = true;
    self->newest_id_ = std::max(self->newest_id_, a.id());
  };
  cb.message = [](void* ctx, sctp::Association& a, sctp::ReceivedMessage& m) {
    Delivered d;
    d.stream = m.stream().value();
    d.ppid = m.ppid().value();
    d.unordered = m.unordered();
    d.bytes.resize(m.size());
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& r) {
      r.copy_to(d.bytes.data() + at);
      at += r.size();
    });
    auto* self = static_cast<SimStack*>(ctx);
    self->logs_[a.id()].messages.push_back(std::move(d));
    if (self->abort_on_message_) a.abort(self->net_.now());
  };
  cb.message_part = [](void* ctx, sctp::Association& a, sctp::ReceivedMessage& m,
                       sctp::MessagePart part) {
    AppLog& log = static_cast<SimStack*>(ctx)->logs_[a.id()];
    ++log.pieces;
    uint32_t key = (uint32_t{m.stream().value()} << 1) | (m.unordered() ? 1u : 0u);
    auto open = log.parts.find(key);
    if (part.first == (open != log.parts.end())) {
      log.part_errors += part.first ? "first piece while one is open; "
                                    : "piece without a first; ";
      return;
    }
    if (part.first) {
      open = log.parts.emplace(key, Delivered{m.stream().value(), m.ppid().value(),
                                              m.unordered(), {}}).first;
      log.most_parts_open = std::max(log.most_parts_open, log.parts.size());
    }
    std::vector<std::byte>& bytes = open->second.bytes;
    m.for_each_fragment([&](const ByteRange& r) {
      size_t at = bytes.size();
      bytes.resize(at + r.size());
      r.copy_to(bytes.data() + at);
    });
    if (part.last) {
      log.messages.push_back(std::move(open->second));
      log.parts.erase(open);
    }
  };
  cb.partial_delivery_aborted = [](void* ctx, sctp::Association& a, sctp::StreamId stream,
                                   bool unordered) {
    AppLog& log = static_cast<SimStack*>(ctx)->logs_[a.id()];
    ++log.partial_aborts;
    uint32_t key = (uint32_t{stream.value()} << 1) | (unordered ? 1u : 0u);
    if (log.parts.erase(key) == 0) log.part_errors += "abort with no piece open; ";
  };
  cb.writable = [](void* ctx, sctp::Association& a, size_t) {
    ++static_cast<SimStack*>(ctx)->logs_[a.id()].writable;
  };
  cb.send_failed = [](void* ctx, sctp::Association& a, sctp::OutgoingMessage& m) {
    static_cast<SimStack*>(ctx)->logs_[a.id()].failed.push_back(m);
  };
  cb.abandoned = [](void* ctx, sctp::Association& a, sctp::OutgoingMessage& m) {
    static_cast<SimStack*>(ctx)->logs_[a.id()].abandoned.push_back(m);
  };
  cb.path_change = [](void* ctx, sctp::Association& a, const sctp::IpAddress& peer,
                      sctp::PathEvent e) {
    static_cast<SimStack*>(ctx)->logs_[a.id()].path_events.emplace_back(peer.to_string(), e);
  };
  cb.peer_restart = [](void* ctx, sctp::Association& a) {
    ++static_cast<SimStack*>(ctx)->logs_[a.id()].restarts;
  };
  cb.shutdown_received = [](void* ctx, sctp::Association& a) {
    ++static_cast<SimStack*>(ctx)->logs_[a.id()].shutdowns_received;
  };
  cb.stream_reset = [](void* ctx, sctp::Association& a, const sctp::StreamResetEvent& e) {
    StreamResetRecord r{e.incoming, e.outcome, {}};
    for (sctp::StreamId s : e.streams) r.streams.push_back(s.value());
    static_cast<SimStack*>(ctx)->logs_[a.id()].stream_resets.push_back(std::move(r));
  };
  cb.streams_changed = [](void* ctx, sctp::Association& a, const sctp::StreamChangeEvent& e) {
    static_cast<SimStack*>(ctx)->logs_[a.id()].stream_changes.push_back(e);
  };
  cb.association_reset = [](void* ctx, sctp::Association& a, sctp::ReconfigOutcome o) {
    static_cast<SimStack*>(ctx)->logs_[a.id()].association_resets.push_back(o);
  };
  cb.closed = [](void* ctx, sctp::Association& a, const sctp::CloseInfo& info) {
    static_cast<SimStack*>(ctx)->logs_[a.id()].closed = info;
  };
  return cb;
}

void SimStack::listen(uint16_t port) { endpoint_->listen(port, callbacks(), this); }

sctp::Association* SimStack::connect(uint16_t local_port, uint16_t peer_port,
                                     std::vector<sim::Address> peers) {
  std::vector<sctp::IpAddress> addresses;
  for (sim::Address a : peers) addresses.push_back(ip_of(a));
  sctp::Association* a =
      endpoint_->connect(net_.now(), local_port, peer_port, std::move(addresses), callbacks(), this);
  if (a != nullptr) {
    logs_[a->id()];
    newest_id_ = std::max(newest_id_, a->id());
  }
  rearm();
  return a;
}

AppLog* SimStack::log_of(uint64_t id) {
  auto it = logs_.find(id);
  return it == logs_.end() ? nullptr : &it->second;
}

sctp::Association* SimStack::newest() { return endpoint_->find(newest_id_); }

void SimStack::poke() {
  endpoint_->flush(net_.now());
  rearm();
}

void SimStack::rearm() {
  if (auto d = endpoint_->next_deadline()) {
    net_.set_wakeup(node_, std::max(*d, net_.now()));
  } else {
    net_.clear_wakeup(node_);
  }
}

void SimStack::on_packet(TimePoint now, sim::Address from, sim::Address, ByteRange packet) {
  endpoint_->handle_packet(now, ip_of(from), packet);
  rearm();
}

void SimStack::on_wakeup(TimePoint now) {
  endpoint_->advance(now);
  rearm();
}

void SimStack::on_too_big(TimePoint now, sim::Address local, sim::Address remote, uint32_t mtu) {
  auto it = last_sent_.find({sim::value_of(local), sim::value_of(remote)});
  if (it == last_sent_.end()) return;
  endpoint_->handle_too_big(now, ip_of(remote), ByteRange(std::span<const std::byte>(it->second)),
                            mtu);
  rearm();
}

sim::Address SimStack::source_for(sim::Address destination) const {
  for (sim::Address a : addresses_) {
    if (net_.find_link(a, destination) != nullptr) return a;
  }
  return addresses_.front();
}

void SimStack::send_packet(const sctp::IpAddress& destination, std::span<const std::byte> packet) {
  sim::Address to = sim_of(destination);
  sim::Address from = source_for(to);
  last_sent_[{sim::value_of(from), sim::value_of(to)}].assign(packet.begin(),
                                                               packet.begin() + std::min<size_t>(packet.size(), 64));
  if (outgoing_filter_ && !outgoing_filter_(ByteRange(packet))) return;
  if (packet_log_ != nullptr) {
    DecodedPacket d = decode_packet(ByteRange(packet));
    std::string line = std::to_string(net_.now().time_since_epoch().count() / 1000) + "us " +
                       sim::to_string(from) + ">" + sim::to_string(to);
    for (sctp::wire::ChunkType t : d.chunk_types) line += std::string(" ") + sctp::wire::name_of(t);
    packet_log_->push_back(line);
  }
  net_.send(node_, from, to, packet);
}

}  // namespace dsctp::test
