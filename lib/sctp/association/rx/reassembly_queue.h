// Turns received DATA and I-DATA fragments into user messages and hands
// them out in the order RFC 9260 6.5 / 6.6 / 6.9 and RFC 8260 require:
//
//  - DATA (RFC 9260 6.9): a fragmented message occupies consecutive TSNs,
//    first fragment B, last E; a message is complete when a B..E run of
//    consecutive TSNs with the same stream and SSN has arrived.
//  - I-DATA (RFC 8260 2.1): a message is identified by stream, U flag and
//    MID, its fragments by FSN (0 for the B fragment), so messages of
//    different streams interleave freely.
//  - Unordered (U) messages are delivered as soon as they are complete;
//    ordered ones in SSN (DATA) or MID (I-DATA) order per stream
//    (RFC 9260 6.6).
//
// One association uses either DATA or I-DATA (RFC 8260 2.2), so it calls
// either add_data() or add_idata(); the queue does not mix them up if both
// are used, but ordering across the two is not defined.
//
// Per-stream state is created for each stream (and U flag) a fragment or
// FORWARD-TSN names, and kept: the association must refuse stream ids at or
// above the negotiated inbound stream count first (RFC 9260 6.5, "Invalid
// Stream Identifier"), which bounds it.
//
// Memory is bounded by ReassemblyConfig: payload bytes held (including
// complete messages not yet popped) and fragment count. A fragment that
// would exceed either is refused with kWouldExceed and its Payload released;
// the association then drops the DATA chunk without acknowledging it
// (DataTracker::note_dropped()), and the peer retransmits it later.
//
// Complexity: adding a fragment costs O(log F) map operations for F
// fragments held, plus, for DATA, a walk over the fragments of its own
// message to find whether it completed one (O(K) for a K-fragment message,
// so O(K^2) for a message whose fragments all arrive in the worst order).
// A delivered single-fragment message allocates nothing beyond its map
// node; a K-fragment one allocates one vector of K - 1 Payloads.
//
// Partial delivery (RFC 6458 8.1.21, off unless enabled): a message that
// holds at least the partial delivery point, or any message that can move
// when the buffer has filled up, is handed out in pieces, first fragment
// first, as its fragments arrive in order, so that its bytes leave the
// buffer before it completes. An ordered message is delivered partially
// only when it is the next one of its stream. With DATA one message at a
// time is (RFC 9260 / RFC 6458: other complete messages wait until its
// last piece); with I-DATA one per stream and U flag. A message skipped by
// FORWARD-TSN / I-FORWARD-TSN while partly delivered ends with a kAborted
// entry instead of its last piece.
//
// Stream reset (RFC 6525) restarts a stream's SSNs (or MIDs) at 0:
// reset_streams(), in reassembly_reset.cc.
//
// Not yet here: the RFC 9260 6.2 rule that a receiver with a zero window
// SHOULD drop the highest TSN held to accept a lower one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <utility>
#include <vector>

#include "sctp/association/rx/payload.h"
#include "sctp/types.h"
#include "sctp/wire/chunks/data.h"
#include "sctp/wire/chunks/forward_tsn.h"

namespace dsctp::sctp {

struct ReassemblyConfig {
  // Payload bytes held, in fragments waiting for the rest of their message
  // and in complete messages not yet popped. The association advertises
  // what is left of this as its a_rwnd.
  size_t max_buffered_bytes = 1u << 20;
  // Fragments held, so that tiny fragments cannot use unbounded bookkeeping
  // memory under the byte limit.
  size_t max_buffered_fragments = 16384;
  // Partial delivery, when enabled: a message holding this many bytes is
  // handed out in pieces. 0: a quarter of max_buffered_bytes.
  size_t partial_delivery_point = 0;
};

// What a delivered entry is, under partial delivery.
enum class Piece : uint8_t {
  kWhole,    // a whole message
  kFirst,    // the first piece of a message delivered partially
  kMiddle,   // a later piece, not the last
  kLast,     // the last piece: the message is complete
  kAborted,  // no more pieces of the message being delivered partially on
             // this stream (and U flag): it was skipped. Carries no bytes.
};

// A complete user message: its fragments' payloads, in order. Owning and
// move-only; the bytes are released when it is destroyed.
class ReceivedMessage {
 public:
  ReceivedMessage(StreamId stream, Ppid ppid, bool unordered, Payload first)
      : stream_(stream), ppid_(ppid), unordered_(unordered), size_(first.size()),
        first_(std::move(first)) {}

  StreamId stream() const { return stream_; }
  Ppid ppid() const { return ppid_; }
  bool unordered() const { return unordered_; }
  // Total payload bytes over all fragments.
  size_t size() const { return size_; }

  size_t fragment_count() const { return 1 + rest_.size(); }
  const Payload& fragment(size_t i) const { return i == 0 ? first_ : rest_[i - 1]; }

  // Calls f(const ByteRange&) for each fragment's bytes, in order.
  template <class F>
  void for_each_fragment(F&& f) const {
    f(first_.bytes());
    for (const Payload& p : rest_) f(p.bytes());
  }

  // Used while assembling.
  void reserve(size_t fragments) { rest_.reserve(fragments > 0 ? fragments - 1 : 0); }
  void append(Payload p) {
    size_ += p.size();
    rest_.push_back(std::move(p));
  }

 private:
  StreamId stream_;
  Ppid ppid_;
  bool unordered_;
  size_t size_;
  Payload first_;
  std::vector<Payload> rest_;
};

class ReassemblyQueue {
 public:
  enum class AddResult : uint8_t {
    kAccepted,     // held, or delivered (see has_messages())
    kWouldExceed,  // over a configured limit: payload released, not held
    kStale,        // an ordered SSN/MID already delivered or skipped, or a
                   // fragment already held: payload released (a peer error)
  };

  explicit ReassemblyQueue(const ReassemblyConfig& config) : config_(config) {}

  // Whether a fragment of this many bytes would be accepted by the limits.
  // With partial delivery on, the fragment that is next in TSN order (the
  // one after the cumulative TSN) may also use a reserve beyond them, an
  // eighth of each: in-order fragments are what lets a partial delivery
  // move and empty the buffer, so a buffer filled with the fragments after
  // a gap must still take the one that fills it.
  bool can_accept(uint32_t payload_size, bool next_in_order = false) const;

  // Partial delivery (see above); off at first.
  void set_partial_delivery(bool on) { partial_delivery_ = on; }
  bool partial_delivery() const { return partial_delivery_; }
  size_t partial_delivery_point() const;
  // The peer's cumulative TSN as acknowledged (DataTracker), after each
  // chunk: a DATA message is delivered partially only when no TSN below
  // its first fragment is missing, since a message there would have to
  // wait behind it and could fill the buffer meanwhile.
  void set_cumulative_tsn(Tsn tsn);
  // The buffer is (nearly) full: starts partial delivery of every message
  // that can be, whatever its size. Does nothing when partial delivery is
  // off.
  void relieve_pressure();

  // A DATA fragment: its header fields come from `chunk` (its payload
  // window is ignored), its bytes from `payload`. The caller has already
  // checked with DataTracker that the TSN is new.
  AddResult add_data(const wire::DataChunk& chunk, Payload payload, bool next_in_order = false);
  // An I-DATA fragment, likewise.
  AddResult add_idata(const wire::IDataChunk& chunk, Payload payload,
                      bool next_in_order = false);

  // RFC 3758 3.6: forget partial messages at or below the new cumulative
  // TSN, and move each listed ordered stream past the skipped SSN,
  // delivering what that makes deliverable. Call it only when the
  // DataTracker accepted the new cumulative TSN.
  void handle_forward_tsn(const wire::ForwardTsnChunk& chunk);
  // RFC 8260 2.3.1: the same per stream and U flag, by MID; an unordered
  // entry drops only the partial message it names.
  void handle_iforward_tsn(const wire::IForwardTsnChunk& chunk);

  // RFC 6525 5.2.2: the listed streams (empty: every stream) expect SSN
  // (or MID, ordered and unordered) 0 next. The association calls it once
  // every TSN up to the peer's last one before the reset has arrived, so
  // an ordered message still held there can never be delivered: it goes.
  // Resetting every stream forgets the TSNs too (for SSN/TSN Reset, 5.2.4,
  // after which TSNs may jump).
  void reset_streams(std::span<const StreamId> streams);

  bool has_messages() const { return ready_head_ < ready_.size(); }
  // The next complete message (or piece, or kAborted entry) in delivery
  // order, if any.
  std::optional<ReceivedMessage> pop_message();
  // The same without moving it out: calls f(ReceivedMessage&, Piece) on
  // the next entry in place (f may move the message away) and then drops
  // it. False when there is none. f must not add to this queue.
  template <class F>
  bool deliver_next(F&& f) {
    if (ready_head_ == ready_.size()) return false;
    Ready& r = ready_[ready_head_];
    if (r.piece != Piece::kAborted) release(r.message.size(), r.message.fragment_count());
    f(r.message, r.piece);
    std::destroy_at(&r.message);
    std::construct_at(&r.message, StreamId(0), Ppid(0), false, Payload());
    if (++ready_head_ == ready_.size()) {
      ready_.clear();
      ready_head_ = 0;
    }
    return true;
  }

  size_t buffered_bytes() const { return bytes_; }
  // What is left of the byte limit: the association's a_rwnd, before any
  // adjustment it makes for data the application has not consumed.
  size_t available_bytes() const {
    return bytes_ < config_.max_buffered_bytes ? config_.max_buffered_bytes - bytes_ : 0;
  }
  size_t buffered_fragments() const { return fragments_; }

 private:
  // A DATA fragment waiting for the rest of its message.
  struct DataFragment {
    StreamId stream;
    Ssn ssn;
    Ppid ppid;
    uint8_t flags;
    Payload payload;
  };

  // An I-DATA message being assembled, by FSN.
  struct IDataMessage {
    std::optional<Ppid> ppid;         // known once the B fragment is here
    std::optional<uint32_t> last_fsn;  // known once the E fragment is here
    std::map<uint32_t, Payload> fragments;
    size_t bytes = 0;  // of the fragments held
    // Partial delivery: the FSNs below next_fsn were handed out.
    bool delivering = false;
    uint32_t next_fsn = 0;
  };

  // A complete message, a piece of one, or the end of a partial delivery.
  struct Ready {
    ReceivedMessage message;
    Piece piece = Piece::kWhole;
  };

  // The DATA message being delivered partially (association-wide).
  struct DataDelivery {
    StreamId stream;
    bool unordered = false;
    Ssn ssn;
    int64_t next_tsn = 0;  // its next fragment's (unwrapped) TSN
    bool started = false;  // its first piece was handed out
  };

  // Ordered delivery state of one stream (SSN for DATA, MID for I-DATA),
  // and for I-DATA the partial messages of one stream and U flag.
  struct Stream {
    Unwrapper<Mid> mids;    // I-DATA
    Unwrapper<Ssn> ssns;    // DATA
    int64_t next = 0;       // next ordered SSN / MID to deliver
    std::map<int64_t, ReceivedMessage> complete;   // ordered, waiting
    std::map<int64_t, IDataMessage> partial;       // I-DATA only
    // I-DATA, unordered: the MID an I-FORWARD-TSN named last.
    std::optional<int64_t> skipped_unordered;
    // I-DATA: the MID being delivered partially.
    std::optional<int64_t> delivering;
    StreamId id;
    bool unordered = false;
  };

  static uint32_t stream_key(StreamId s, bool unordered) {
    return (static_cast<uint32_t>(s.value()) << 1) | (unordered ? 1u : 0u);
  }
  Stream& stream(StreamId id, bool unordered);

  void hold(uint32_t payload_size);
  void release(size_t bytes, size_t fragments);
  void deliver(ReceivedMessage m);
  void deliver_whole(StreamId stream, Ppid ppid, bool unordered, Payload payload);
  void deliver_in_order(Stream& s);
  void hold_ordered(Stream& s, int64_t seq, ReceivedMessage m);
  void skip_ordered_to(Stream& s, int64_t seq);
  void drop_partial(Stream& s, int64_t mid);
  void release_partial(const IDataMessage& m);
//
  void drop_stream(Stream& s);

  // reassembly_data.cc
  std::optional<ReceivedMessage> take_data_message(int64_t tsn);
  void drop_data_fragments_to(int64_t tsn);
  // reassembly_idata.cc
  static bool is_complete(const IDataMessage& m);
  ReceivedMessage take_idata_message(StreamId stream, bool unordered, IDataMessage& m);

  // reassembly_partial.cc
  void push_ready(ReceivedMessage m, Piece piece);
  void push_aborted(StreamId stream, bool unordered);
  // I-DATA: starts (when allowed and big enough, or `forced`) or
  // continues the partial delivery of message `mid` of `s`.
  void try_partial(Stream& s, int64_t mid, IDataMessage& m, bool forced);
  void continue_partial(Stream& s, IDataMessage& m);
  // The ordered message now next on `s` may be big enough to start.
  void try_partial_at_next(Stream& s);
  // The partial delivery on `s` ends: skipped (aborted) or finished.
  void end_partial(Stream& s, bool aborted);
  // DATA: the same for the message whose fragment has the lowest TSN
  // held, the only one that may start (a message below it could not be
  // complete, and would have to wait for this one's last piece).
  void try_data_partial(bool forced);
  void continue_data_partial();
  void end_data_partial(bool aborted);
  // Before a stream reset: ends the partial deliveries on `streams` (every
  // stream when empty) as aborted.
  void abort_partial_deliveries(std::span<const StreamId> streams);

  ReassemblyConfig config_;
  size_t bytes_ = 0;
  size_t fragments_ = 0;

  Unwrapper<Tsn> tsns_;
  std::map<int64_t, DataFragment> data_fragments_;  // by unwrapped TSN
  std::map<uint32_t, Stream> streams_;               // by stream_key()
  // Complete messages in delivery order from ready_head_ on. A vector
  // emptied (not freed) whenever it has been drained keeps its capacity,
  // so steady delivery allocates nothing here.
  std::vector<Ready> ready_;
  size_t ready_head_ = 0;

  bool partial_delivery_ = false;
  std::optional<int64_t> cumulative_tsn_;  // unwrapped, by tsns_
  std::optional<DataDelivery> data_delivery_;
  // Whole DATA messages completed during a DATA partial delivery: they
  // follow its last piece.
  std::vector<ReceivedMessage> held_back_;
};

}  // namespace dsctp::sctp
