// Our Endpoint against usrsctp in one process.
//
// OurEndpoint is our side: an Endpoint, an application that records what
// its association reports, and a queue of messages to send that waits out
// a full send buffer. MixedPair joins it to a UsrsctpPeer: packets travel
// through the pair's queues, never from inside the callback that produced
// them, and both stacks share one virtual clock. Our side is given `now`;
// usrsctp's timers are advanced by the same elapsed milliseconds.
//
// usrsctp reads the wall clock for a few decisions (a chunk is
// retransmitted on T3 only once it has been outstanding for an RTO of wall
// time), so a scenario in which usrsctp must retransmit sets `paced`,
// which keeps virtual time from running ahead of wall time.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "base/random.h"
#include "base/time.h"
#include "interop/usrsctp_peer.h"
#include "sctp/endpoint/endpoint.h"

namespace dsctp::interop {

// What the application of one of our associations saw, in order.
struct OurLog {
  bool connected = false;
  std::vector<UserMessage> messages;
  uint32_t shutdowns_received = 0;
  uint32_t send_failed = 0;
  // PPIDs of the messages the association gave up (PR-SCTP), in order.
  std::vector<uint32_t> abandoned;
  // Partial delivery: messages being put together from pieces, by
  // stream << 1 | unordered, and what the pieces did.
  std::map<uint32_t, UserMessage> parts;
  uint64_t pieces = 0;
  uint64_t partial_aborts = 0;
  size_t most_parts_open = 0;
  std::optional<sctp::CloseInfo> closed;
  // Stream reconfiguration (RFC 6525) as the callbacks reported it.
  struct StreamReset {
    bool incoming = false;
    sctp::ReconfigOutcome outcome = sctp::ReconfigOutcome::kPerformed;
    std::vector<uint16_t> streams;
  };
  std::vector<StreamReset> stream_resets;
  std::vector<sctp::StreamChangeEvent> stream_changes;
  std::vector<sctp::ReconfigOutcome> association_resets;
};

class OurEndpoint final : public sctp::PacketSink {
 public:
  // `peer`: the one address packets leave for (usrsctp's side of the link).
  OurEndpoint(const sctp::EndpointConfig& config, uint64_t seed, TimePoint now,
              const sctp::IpAddress& peer);

  sctp::Endpoint& endpoint() { return *endpoint_; }

  bool listen(uint16_t port);
  bool connect(TimePoint now, uint16_t local_port, uint16_t peer_port);
  // The newest association, while it is alive.
  sctp::Association* association();
  // Its log (empty before there is an association).
  const OurLog& log() const;

  // Queues a message for the association; pump() hands queued messages to
  // it in order, as many as its send buffer takes now.
  void send(const UserMessage& m, const sctp::PartialReliability& pr = {});
  void pump(TimePoint now);
  size_t unsent() const { return outbox_.size(); }
  // Why send() refused a message outright (empty when it never did).
  const std::string& send_error() const { return send_error_; }

  std::vector<std::vector<std::byte>> take_output() { return std::move(output_); }
  // Packets addressed elsewhere than the peer: a bug, if ever nonzero.
  uint64_t misaddressed() const { return misaddressed_; }

  // sctp::PacketSink
  void send_packet(const sctp::IpAddress& destination, std::span<const std::byte> packet) override;

 private:
  static sctp::Callbacks callbacks();

  SeededRandom random_;
  sctp::IpAddress peer_;
  std::unique_ptr<sctp::Endpoint> endpoint_;
  uint64_t newest_id_ = 0;
  std::map<uint64_t, OurLog> logs_;
  struct Outgoing {
    UserMessage message;
    sctp::PartialReliability pr;
  };
  std::deque<Outgoing> outbox_;
  std::string send_error_;
  std::vector<std::vector<std::byte>> output_;
  uint64_t misaddressed_ = 0;
};

enum class Toward : uint8_t { kUsrsctp, kOurs };

struct MixedPairOptions {
  sctp::EndpointConfig ours;
  UsrsctpPeerOptions usrsctp;
  uint16_t our_port = 6001;
  uint64_t seed = 1;
  uint32_t step_ms = 5;
  // Each packet's one-way trip, both ways; 0 delivers within the step.
  uint32_t delay_ms = 10;
  bool paced = false;
};

// Our usual settings for these scenarios: `streams` each way, buffers that
// hold 256 KiB messages with room to spare, short timers.
MixedPairOptions mixed_options(uint16_t streams);

class MixedPair {
 public:
  // Fixed, so that traces read the same in every run.
  static sctp::IpAddress our_address() { return sctp::IpAddress::ipv4(0x0a000001); }
  static sctp::IpAddress usrsctp_address() { return sctp::IpAddress::ipv4(0x0a000002); }

  explicit MixedPair(const MixedPairOptions& options);

  OurEndpoint& ours() { return ours_; }
  UsrsctpPeer& usrsctp() { return usrsctp_; }
  TimePoint now() const { return now_; }
  uint64_t virtual_ms() const { return virtual_ms_; }

  // The handshake, one way or the other, until both applications know the
  // association is up (and usrsctp's server socket is accepted).
  bool connect_ours_to_usrsctp();
  bool connect_usrsctp_to_ours();

  // Hands queued messages to both stacks and delivers the packets that are
  // due until neither side has anything more to say now.
  void exchange();
  // Steps virtual time until `done` holds; false once `max_ms` of virtual
  // time or `wall_limit` of wall time has gone by.
  bool run_until(const std::function<bool()>& done, uint32_t max_ms = 20000,
                 std::chrono::seconds wall_limit = std::chrono::seconds(30));

  // Decides the fate of each packet: true drops it.
  std::function<bool(Toward, const std::vector<std::byte>&)> drop;

  uint64_t packets(Toward t) const { return t == Toward::kUsrsctp ? to_usrsctp_ : to_ours_; }
  uint64_t dropped(Toward t) const {
    return t == Toward::kUsrsctp ? dropped_to_usrsctp_ : dropped_to_ours_;
  }
  // The last `lines` packets, decoded one per line, for failure messages.
  std::string trace(size_t lines = 60) const;

 private:
  struct InFlight {
    uint64_t due_ms = 0;
    Toward toward = Toward::kOurs;
    std::vector<std::byte> bytes;
  };

  void step();
  // Counts, traces and (unless dropped) puts a packet on the wire.
  void launch(Toward t, std::vector<std::byte> packet);
  void deliver(const InFlight& p);
  void record(Toward t, const std::vector<std::byte>& packet, bool dropped);

  MixedPairOptions options_;
  TimePoint now_;
  uint64_t virtual_ms_ = 0;
  std::chrono::steady_clock::time_point wall_start_;
  OurEndpoint ours_;
  UsrsctpPeer usrsctp_;
  uint64_t to_usrsctp_ = 0;
  uint64_t to_ours_ = 0;
  uint64_t dropped_to_usrsctp_ = 0;
  uint64_t dropped_to_ours_ = 0;
  // Every packet takes the same time, so this stays in due order.
  std::deque<InFlight> in_flight_;
  std::deque<std::string> trace_;
};

}  // namespace dsctp::interop
