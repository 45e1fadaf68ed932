#include "interop/our_endpoint_driver.h"

#include <algorithm>
#include <sstream>
#include <thread>

#include "support/packet_decoder.h"

namespace dsctp::interop {
namespace {

// Bounds one exchange(): delivering a packet may make a stack answer, and
// a pair that keeps answering each other forever must fail, not hang.
constexpr size_t kMaxExchangeRounds = 100000;
constexpr size_t kMaxTraceLines = 4000;

// One line per packet: its chunks and the fields that tell a transfer's
// story (TSNs, cumulative acks, gaps, causes), without parameter dumps.
std::string summarize(const std::vector<std::byte>& packet) {
  test::DecodedPacket d = test::decode_packet(ByteRange(std::span<const std::byte>(packet)));
  std::istringstream lines(d.text);
  std::string line;
  std::string out;
  while (std::getline(lines, line)) {
    line.erase(0, line.find_first_not_of(' '));
    if (line.rfind("ports", 0) == 0 || line.rfind("param", 0) == 0) continue;
    if (line.rfind("chunk ", 0) == 0) {
      line = line.substr(6, line.find(" length") - 6);
    } else if (line.size() > 80) {
      line.resize(80);
    }
    if (!out.empty()) out += "; ";
    out += line;
    if (out.size() > 400) {
      out += " ...";
      break;
    }
  }
  for (const std::string& e : d.errors) out += " [" + e + "]";
  return out;
}

}  // namespace

OurEndpoint::OurEndpoint(const sctp::EndpointConfig& config, uint64_t seed, TimePoint now,
                         const sctp::IpAddress& peer)
    : random_(seed), peer_(peer) {
  endpoint_ = std::make_unique<sctp::Endpoint>(config, *this, random_, now);
}

sctp::Callbacks OurEndpoint::callbacks() {
  sctp::Callbacks cb;
  cb.connected = [](void* ctx, sctp::Association& a) {
    auto* self = static_cast<OurEndpoint*>(ctx);
    self->logs_[a.id()].connected = true;
    self->newest_id_ = std::max(self->newest_id_, a.id());
  };
  cb.message = [](void* ctx, sctp::Association& a, sctp::ReceivedMessage& m) {
    UserMessage got;
    got.stream = m.stream().value();
    got.ppid = m.ppid().value();
    got.unordered = m.unordered();
    got.payload.resize(m.size());
    size_t at = 0;
    m.for_each_fragment([&](const ByteRange& r) {
      r.copy_to(got.payload.data() + at);
      at += r.size();
    });
    static_cast<OurEndpoint*>(ctx)->logs_[a.id()].messages.push_back(std::move(got));
  };
  cb.message_part = [](void* ctx, sctp::Association& a, sctp::ReceivedMessage& m,
                       sctp::MessagePart part) {
    OurLog& log = static_cast<OurEndpoint*>(ctx)->logs_[a.id()];
    ++log.pieces;
    uint32_t key = (uint32_t{m.stream().value()} << 1) | (m.unordered() ? 1u : 0u);
    if (part.first) {
      UserMessage started;
      started.stream = m.stream().value();
      started.ppid = m.ppid().value();
      started.unordered = m.unordered();
      log.parts[key] = std::move(started);
      log.most_parts_open = std::max(log.most_parts_open, log.parts.size());
    }
    // A piece without a first one starts a message the check will reject.
    std::vector<std::byte>& bytes = log.parts[key].payload;
    m.for_each_fragment([&](const ByteRange& r) {
      size_t at = bytes.size();
      bytes.resize(at + r.size());
      r.copy_to(bytes.data() + at);
    });
    if (part.last) {
      log.messages.push_back(std::move(log.parts[key]));
      log.parts.erase(key);
    }
  };
  cb.partial_delivery_aborted = [](void* ctx, sctp::Association& a, sctp::StreamId stream,
                                   bool unordered) {
    OurLog& log = static_cast<OurEndpoint*>(ctx)->logs_[a.id()];
    ++log.partial_aborts;
    log.parts.erase((uint32_t{stream.value()} << 1) | (unordered ? 1u : 0u));
  };
  cb.send_failed = [](void* ctx, sctp::Association& a, sctp::OutgoingMessage&) {
    ++static_cast<OurEndpoint*>(ctx)->logs_[a.id()].send_failed;
  };
  cb.abandoned = [](void* ctx, sctp::Association& a, sctp::OutgoingMessage& m) {
    static_cast<OurEndpoint*>(ctx)->logs_[a.id()].abandoned.push_back(m.ppid.value());
  };
  cb.shutdown_received = [](void* ctx, sctp::Association& a) {
    ++static_cast<OurEndpoint*>(ctx)->logs_[a.id()].shutdowns_received;
  };
  cb.stream_reset = [](void* ctx, sctp::Association& a, const sctp::StreamResetEvent& e) {
    OurLog::StreamReset r{e.incoming, e.outcome, {}};
    for (sctp::StreamId s : e.streams) r.streams.push_back(s.value());
    static_cast<OurEndpoint*>(ctx)->logs_[a.id()].stream_resets.push_back(std::move(r));
  };
  cb.streams_changed = [](void* ctx, sctp::Association& a, const sctp::StreamChangeEvent& e) {
    static_cast<OurEndpoint*>(ctx)->logs_[a.id()].stream_changes.push_back(e);
  };
  cb.association_reset = [](void* ctx, sctp::Association& a, sctp::ReconfigOutcome o) {
    static_cast<OurEndpoint*>(ctx)->logs_[a.id()].association_resets.push_back(o);
  };
  cb.closed = [](void* ctx, sctp::Association& a, const sctp::CloseInfo& info) {
    static_cast<OurEndpoint*>(ctx)->logs_[a.id()].closed = info;
  };
  return cb;
}

bool OurEndpoint::listen(uint16_t port) { return endpoint_->listen(port, callbacks(), this); }

bool OurEndpoint::connect(TimePoint now, uint16_t local_port, uint16_t peer_port) {
  sctp::Association* a =
      endpoint_->connect(now, local_port, peer_port, {peer_}, callbacks(), this);
  if (a == nullptr) return false;
  newest_id_ = a->id();
  logs_[a->id()];
  return true;
}

sctp::Association* OurEndpoint::association() {
  return newest_id_ == 0 ? nullptr : endpoint_->find(newest_id_);
}

const OurLog& OurEndpoint::log() const {
  static const OurLog kNone;
  auto it = logs_.find(newest_id_);
  return it == logs_.end() ? kNone : it->second;
}

void OurEndpoint::send(const UserMessage& m, const sctp::PartialReliability& pr) {
  outbox_.push_back({m, pr});
}

void OurEndpoint::pump(TimePoint now) {
  sctp::Association* a = association();
  if (a == nullptr || outbox_.empty()) return;
  bool sent = false;
  while (!outbox_.empty()) {
    const UserMessage& m = outbox_.front().message;
    sctp::SendStatus s = a->send(sctp::StreamId(m.stream), sctp::Ppid(m.ppid), m.payload,
                                 sctp::SendOptions{m.unordered, outbox_.front().pr});
    if (s == sctp::SendStatus::kNoSpace || s == sctp::SendStatus::kNotConnected) break;
    if (s != sctp::SendStatus::kOk && send_error_.empty()) {
      send_error_ = std::string("send of ") + std::to_string(m.payload.size()) +
                    " bytes: " + sctp::to_string(s);
    }
    sent |= s == sctp::SendStatus::kOk;
    outbox_.pop_front();
  }
  if (sent) endpoint_->flush(now);
}

void OurEndpoint::send_packet(const sctp::IpAddress& destination,
                              std::span<const std::byte> packet) {
  if (destination != peer_) {
    ++misaddressed_;
    return;
  }
  output_.emplace_back(packet.begin(), packet.end());
}

MixedPairOptions mixed_options(uint16_t streams) {
  MixedPairOptions o;
  sctp::AssociationConfig& a = o.ours.association;
  a.outbound_streams = streams;
  a.max_inbound_streams = streams;
  a.send.max_buffered_bytes = 1u << 20;
  a.receive.max_buffered_bytes = 1u << 20;
  a.path.rto.initial = std::chrono::milliseconds(100);
  a.path.rto.min = std::chrono::milliseconds(50);
  a.path.rto.max = std::chrono::seconds(1);
  a.acknowledgement.delayed_sack_timeout = std::chrono::milliseconds(50);
  // 1200 bytes of SCTP packet, as usrsctp is set to send.
  a.path.path.mtu = 1200 + a.lower_layer_overhead;
  o.ours.local_addresses = {MixedPair::our_address()};
  o.usrsctp.streams = streams;
  o.usrsctp.max_in_streams = streams;
  return o;
}

MixedPair::MixedPair(const MixedPairOptions& options)
    : options_(options),
      now_(TimePoint() + std::chrono::seconds(1)),
      wall_start_(std::chrono::steady_clock::now()),
      ours_(options.ours, options.seed, now_, usrsctp_address()),
      usrsctp_(options.usrsctp) {}

bool MixedPair::connect_ours_to_usrsctp() {
  if (!usrsctp_.listen()) return false;
  if (!ours_.connect(now_, options_.our_port, options_.usrsctp.port)) return false;
  return run_until([this] { return ours_.log().connected && usrsctp_.up() && usrsctp_.accept(); });
}

bool MixedPair::connect_usrsctp_to_ours() {
  if (!ours_.listen(options_.our_port)) return false;
  if (!usrsctp_.connect(options_.our_port)) return false;
  return run_until([this] { return ours_.log().connected && usrsctp_.up(); });
}

void MixedPair::record(Toward t, const std::vector<std::byte>& packet, bool dropped) {
  std::string line = std::to_string(virtual_ms_) + "ms " +
                     (t == Toward::kUsrsctp ? "ours>usrsctp " : "usrsctp>ours ") +
                     std::to_string(packet.size()) + "B " + (dropped ? "DROPPED " : "") +
                     summarize(packet);
  trace_.push_back(std::move(line));
  if (trace_.size() > kMaxTraceLines) trace_.pop_front();
}

void MixedPair::launch(Toward t, std::vector<std::byte> packet) {
  bool lost = drop && drop(t, packet);
  if (t == Toward::kOurs) {
    ++to_ours_;
    dropped_to_ours_ += lost;
  } else {
    ++to_usrsctp_;
    dropped_to_usrsctp_ += lost;
  }
  record(t, packet, lost);
  if (!lost) in_flight_.push_back(InFlight{virtual_ms_ + options_.delay_ms, t, std::move(packet)});
}

void MixedPair::deliver(const InFlight& p) {
  if (p.toward == Toward::kOurs) {
    ours_.endpoint().handle_packet(now_, usrsctp_address(),
                                   ByteRange(std::span<const std::byte>(p.bytes)));
  } else {
    usrsctp_.input(p.bytes);
  }
}

void MixedPair::exchange() {
  for (size_t round = 0; round < kMaxExchangeRounds; ++round) {
    ours_.pump(now_);
    usrsctp_.pump();
    std::vector<std::vector<std::byte>> to_ours = usrsctp_.take_output();
    std::vector<std::vector<std::byte>> to_usrsctp = ours_.take_output();
    for (std::vector<std::byte>& p : to_ours) launch(Toward::kOurs, std::move(p));
    for (std::vector<std::byte>& p : to_usrsctp) launch(Toward::kUsrsctp, std::move(p));
    if (in_flight_.empty() || in_flight_.front().due_ms > virtual_ms_) {
      if (to_ours.empty() && to_usrsctp.empty()) return;
      continue;
    }
    InFlight p = std::move(in_flight_.front());
    in_flight_.pop_front();
    deliver(p);
  }
}

void MixedPair::step() {
  virtual_ms_ += options_.step_ms;
  now_ += std::chrono::milliseconds(options_.step_ms);
  if (options_.paced) {
    std::this_thread::sleep_until(wall_start_ + std::chrono::milliseconds(virtual_ms_));
  }
  UsrsctpPeer::handle_timers(options_.step_ms);
  ours_.endpoint().advance(now_);
  exchange();
}

bool MixedPair::run_until(const std::function<bool()>& done, uint32_t max_ms,
                          std::chrono::seconds wall_limit) {
  auto wall_deadline = std::chrono::steady_clock::now() + wall_limit;
  exchange();
  for (uint64_t start = virtual_ms_;; step()) {
    if (done()) return true;
    if (virtual_ms_ - start >= max_ms || std::chrono::steady_clock::now() > wall_deadline) {
      return false;
    }
  }
}

std::string MixedPair::trace(size_t lines) const {
  std::string out;
  size_t first = trace_.size() > lines ? trace_.size() - lines : 0;
  for (size_t i = first; i < trace_.size(); ++i) out += trace_[i] + "\n";
  return out;
}

}  // namespace dsctp::interop
