#include "sctp/association/tx/retransmission_queue.h"

#include <algorithm>
#include <utility>

#include "sctp/wire/chunks/data.h"

namespace dsctp::sctp {
namespace {

uint32_t saturating_sub(uint64_t a, uint64_t b) {
  return a > b ? static_cast<uint32_t>(std::min<uint64_t>(a - b, UINT32_MAX)) : 0;
}

void check_path(PathIndex path) {
  if (path >= kMaxPaths) __builtin_trap();  // a caller bug, not peer input
}

}  // namespace

RetransmissionQueue::RetransmissionQueue(const RetransmissionConfig& config, Tsn initial_tsn,
                                         uint32_t peer_rwnd)
    : config_(config), cum_ack_(initial_tsn - 1), peer_rwnd_(peer_rwnd) {
  // Miss counts are kept in a byte; a threshold of 0 would mean "before
  // any miss", which no SACK can express.
  config_.fast_retransmit_threshold = std::clamp<uint32_t>(config_.fast_retransmit_threshold, 1, 255);
}

Tsn RetransmissionQueue::next_tsn() const {
  return cum_ack_ + static_cast<uint32_t>(chunks_.size() + 1);
}

Tsn RetransmissionQueue::cumulative_tsn_ack() const { return cum_ack_; }

void RetransmissionQueue::enter_flight(Chunk& chunk, PathIndex path, TimePoint now) {
  check_path(path);
  chunk.state = ChunkState::kInFlight;
  chunk.path = path;
  chunk.sent_at = now;
  chunk.misses = 0;
  if (chunk.transmissions != UINT16_MAX) ++chunk.transmissions;
  in_flight_[path] += chunk.bytes;
  total_in_flight_ += chunk.bytes;
  // RFC 9260 6.2.1 B: "Any time a DATA chunk is transmitted (or
  // retransmitted) to a peer, the endpoint subtracts the data size of the
  // chunk from the rwnd of that peer."
  peer_rwnd_ = saturating_sub(peer_rwnd_, chunk.bytes);
}

void RetransmissionQueue::leave_flight(Chunk& chunk) {
  in_flight_[chunk.path] -= chunk.bytes;
  total_in_flight_ -= chunk.bytes;
}

ChunkToSend RetransmissionQueue::add(OutgoingFragment fragment, PathIndex path, TimePoint now) {
  Chunk& chunk = chunks_.emplace_back();
  chunk.fragment = std::move(fragment);
  return record_new(chunk, path, now);
}

std::optional<ChunkToSend> RetransmissionQueue::add_next(SendQueue& queue, uint32_t max_payload,
                                                         PathIndex path, TimePoint now) {
  Chunk& chunk = chunks_.emplace_back();
  if (!queue.produce_into(max_payload, chunk.fragment)) {
    chunks_.pop_back();
    return std::nullopt;
  }
  return record_new(chunk, path, now);
}

ChunkToSend RetransmissionQueue::record_new(Chunk& chunk, PathIndex path, TimePoint now) {
  Tsn tsn = cum_ack_ + static_cast<uint32_t>(chunks_.size());
  // Flight and window count the chunk as RFC 9260 6.1 does, by its Length
  // field: header and payload, without the padding that follows.
  chunk.bytes = config_.chunk_header_size + chunk.fragment.length;
  enter_flight(chunk, path, now);
  outstanding_bytes_ += chunk.bytes;
  payload_bytes_ += chunk.fragment.length;
  return ChunkToSend{tsn, &chunk.fragment, false};
}

bool RetransmissionQueue::sack_is_valid(const wire::SackChunk& sack, uint32_t advance) const {
  if (advance > chunks_.size()) return false;  // acks a TSN not yet sent
  size_t above = chunks_.size() - advance;  // TSNs sent above the new cum ack
  for (wire::GapAckBlock b : sack.gap_blocks) {
    if (b.start == 0 || b.start > b.end) continue;  // malformed: skipped below too
    if (b.end > above) return false;
  }
  return true;
}

void RetransmissionQueue::acknowledge(Chunk& chunk, uint32_t position, TimePoint now,
                                      AckScan& scan, SackOutcome& out) {
  out.bytes_acked[chunk.path] += chunk.bytes;
  if (chunk.state == ChunkState::kInFlight) {
    leave_flight(chunk);
    out.bytes_out_of_flight[chunk.path] += chunk.bytes;
  } else if (chunk.state == ChunkState::kMarked) {
    --marked_;
  }
  scan.highest_newly_acked = std::max(scan.highest_newly_acked, position);
  // RFC 9260 6.3.1 C5: "RTT measurements MUST NOT be made using packets
  // that were retransmitted (and thus for which it is ambiguous whether the
  // reply was for the first instance of the chunk or for a later
  // instance)."
  if (chunk.transmissions == 1 && position > scan.rtt_position) {
    scan.rtt_position = position;
    out.rtt = now - chunk.sent_at;
    out.rtt_path = chunk.path;
  }
}

void RetransmissionQueue::mark(Chunk& chunk, uint32_t index) {
  chunk.state = ChunkState::kMarked;
  chunk.misses = 0;
  if (marked_ == 0 || index < first_marked_) first_marked_ = index;
  ++marked_;
}

void RetransmissionQueue::count_miss(Chunk& chunk, uint32_t index, SackOutcome& out) {
  // RFC 9260 7.2.4 5: fast retransmitted chunks are "ineligible for a
  // subsequent Fast Retransmit"; only T3-rtx sends them again.
  if (chunk.fast_retransmitted) return;
  if (++chunk.misses < config_.fast_retransmit_threshold) return;
  if (chunk.state == ChunkState::kInFlight) {
    leave_flight(chunk);
    out.bytes_out_of_flight[chunk.path] += chunk.bytes;
  }
  chunk.fast_retransmitted = true;
  mark(chunk, index);
  ++out.fast_retransmit_marked;
  out.fast_retransmit_paths[chunk.path] = true;
}

void RetransmissionQueue::find_first_marked() {
  if (marked_ == 0) return;
  // first_marked_ is kept at or below the lowest marked chunk.
  while (chunks_[first_marked_].state != ChunkState::kMarked) ++first_marked_;
}

SackOutcome RetransmissionQueue::handle_sack(const wire::SackChunk& sack, TimePoint now) {
  return handle_sack(sack, now, false);
}

SackOutcome RetransmissionQueue::handle_sack(const wire::SackChunk& sack, TimePoint now,
                                             bool in_fast_recovery) {
  SackOutcome out;
  out.highest_outstanding = next_tsn() - 1;
  int32_t distance = sack.cumulative_tsn_ack.distance_from(cum_ack_);
  // RFC 9260 6.2.1 D i: "If Cumulative TSN Ack is less than the Cumulative
  // TSN Ack Point, then drop the SACK chunk."
  if (distance < 0) {
    out.kind = SackOutcome::Kind::kStale;
    return out;
  }
  auto advance = static_cast<uint32_t>(distance);
  if (!sack_is_valid(sack, advance)) {
    out.kind = SackOutcome::Kind::kViolation;
    return out;
  }
  if (++sack_count_ == 0) sack_count_ = 1;  // 0 marks "never gap-acked"

  AckScan scan;
  for (uint32_t position = 1; position <= advance; ++position) {
    Chunk& chunk = chunks_.front();
    if (chunk.state == ChunkState::kAbandoned) {
      // Already out of every count (abandon_chunk()), and RFC 3758 3.5 A2
      // gives congestion control no credit for it.
      chunks_.pop_front();
      continue;
    }
    if (chunk.state == ChunkState::kAcked) {
      --gap_acked_;
    } else {
      acknowledge(chunk, position, now, scan, out);
    }
    outstanding_bytes_ -= chunk.bytes;
    payload_bytes_ -= chunk.fragment.length;
    chunks_.pop_front();
  }
  cum_ack_ = sack.cumulative_tsn_ack;
  out.cum_ack_advanced = advance > 0;
  first_marked_ = first_marked_ > advance ? first_marked_ - advance : 0;
  uint32_t old_gap_acked_end = gap_acked_ == 0 ? 0 : gap_acked_end_ - std::min(gap_acked_end_, advance);

  // Gap blocks: offsets from the SACK's Cumulative TSN Ack, which is now
  // ours, so offset k is chunks_[k - 1]. Duplicate TSNs tell the sender
  // nothing it acts on.
  uint32_t reported_end = 0;
  for (wire::GapAckBlock b : sack.gap_blocks) {
    if (b.start == 0 || b.start > b.end) continue;  // as usrsctp: skip it
    for (uint32_t offset = b.start; offset <= b.end; ++offset) {
      Chunk& chunk = chunks_[offset - 1];
      if (chunk.state == ChunkState::kAbandoned) continue;
      if (chunk.state != ChunkState::kAcked) {
        acknowledge(chunk, advance + offset, now, scan, out);
        chunk.state = ChunkState::kAcked;
        ++gap_acked_;
      }
      chunk.sack_seen = sack_count_;
    }
    reported_end = std::max<uint32_t>(reported_end, b.end);
  }

  // RFC 9260 7.2.4: "For each incoming SACK chunk, miss indications are
  // incremented only for missing TSNs prior to the highest TSN newly
  // acknowledged in the SACK chunk." Chunks at an index below miss_end are
  // the candidates (the chunk at miss_end - 1 is itself acknowledged).
  uint32_t miss_end = scan.highest_newly_acked > advance ? scan.highest_newly_acked - advance : 0;
  if (in_fast_recovery && advance > 0) miss_end = std::max(miss_end, reported_end);
  uint32_t end = std::max(miss_end, old_gap_acked_end);
  for (uint32_t i = 0; i < end; ++i) {
    Chunk& chunk = chunks_[i];
    switch (chunk.state) {
      case ChunkState::kAcked:
        if (chunk.sack_seen == sack_count_) break;
        // RFC 9260 6.2.1 D iii: "If the SACK is missing a TSN that was
        // previously acknowledged via a Gap Ack Block (e.g., the data
        // receiver reneged on the data), then consider the corresponding
        // DATA that might be possibly missing: Count one miss indication
        // towards Fast Retransmit".
        chunk.state = ChunkState::kReneged;
        --gap_acked_;
        out.reneged_paths[chunk.path] = true;
        count_miss(chunk, i, out);
        break;
      case ChunkState::kInFlight:
      case ChunkState::kReneged:
        if (i < miss_end) count_miss(chunk, i, out);
        break;
      case ChunkState::kMarked:
      case ChunkState::kAbandoned:
        break;
    }
  }
  // Every chunk still gap-acked was covered by this SACK's blocks.
  gap_acked_end_ = gap_acked_ == 0 ? 0 : reported_end;
  find_first_marked();

  // RFC 9260 6.2.1 D ii: "Set rwnd equal to the newly received a_rwnd minus
  // the number of bytes still outstanding after processing the Cumulative
  // TSN Ack and the Gap Ack Blocks."
  peer_rwnd_ = saturating_sub(sack.a_rwnd, total_in_flight_);
  return out;
}

uint32_t RetransmissionQueue::mark_t3_expired(PathIndex path) {
  check_path(path);
  uint32_t bytes = 0;
  // RFC 9260 6.3.3: "Any DATA chunks that were sent to the address for
  // which the T3-rtx timer expired but did not fit in one MTU (rule E3
  // above) should be marked for retransmission and sent as soon as cwnd
  // allows". Chunks the peer reneged on wait for this too (6.2.1 D iii).
  for (uint32_t i = 0; i < chunks_.size(); ++i) {
    Chunk& chunk = chunks_[i];
    if (chunk.path != path) continue;
    if (chunk.state == ChunkState::kInFlight) {
      leave_flight(chunk);
      bytes += chunk.bytes;
      mark(chunk, i);
    } else if (chunk.state == ChunkState::kReneged) {
      mark(chunk, i);
    }
  }
  find_first_marked();
  return bytes;
}

bool RetransmissionQueue::has_retransmissions() const { return marked_ > 0; }

uint32_t RetransmissionQueue::next_retransmission_size() const {
  return marked_ == 0 ? 0 : chunks_[first_marked_].bytes;
}

std::optional<ChunkToSend> RetransmissionQueue::next_retransmission(PathIndex path,
                                                                    TimePoint now) {
  if (marked_ == 0) return std::nullopt;
  uint32_t index = first_marked_;
  Chunk& chunk = chunks_[index];
  --marked_;
  enter_flight(chunk, path, now);
  if (marked_ > 0) {
    first_marked_ = index + 1;
    find_first_marked();
  }
  return ChunkToSend{cum_ack_ + (index + 1), &chunk.fragment, true};
}

uint32_t RetransmissionQueue::peer_rwnd() const { return peer_rwnd_; }
size_t RetransmissionQueue::outstanding_bytes() const { return outstanding_bytes_; }
size_t RetransmissionQueue::buffered_payload_bytes() const { return payload_bytes_; }

uint32_t RetransmissionQueue::in_flight_bytes(PathIndex path) const {
  return path < kMaxPaths ? in_flight_[path] : 0;
}

bool RetransmissionQueue::empty() const { return chunks_.empty(); }
size_t RetransmissionQueue::size() const { return chunks_.size(); }

bool RetransmissionQueue::should_abandon(const Chunk& chunk, TimePoint now) {
  const AbandonRule& rule = chunk.fragment.rule;
  if (rule.expired(now)) return true;
  // `transmissions` counts the first one: sending it again would be
  // retransmission number `transmissions`.
  return rule.policy == PrPolicy::kRetransmissions && chunk.transmissions > rule.max_retransmissions;
}

void RetransmissionQueue::abandon_due(TimePoint now, AbandonOutcome& out) {
  if (marked_ == 0) return;
  for (uint32_t i = first_marked_; i < chunks_.size() && marked_ > 0; ++i) {
    Chunk& chunk = chunks_[i];
    if (chunk.state == ChunkState::kMarked && should_abandon(chunk, now)) abandon_message(i, out);
  }
  find_first_marked();
}

size_t RetransmissionQueue::abandon_for_space(size_t bytes, AbandonOutcome& out) {
  size_t freed = 0;
  for (uint32_t i = 0; i < chunks_.size() && freed < bytes; ++i) {
    const Chunk& chunk = chunks_[i];
    // A gap-acknowledged chunk reached the peer: giving its message up
    // would report as lost what the peer may well deliver.
    if (chunk.state == ChunkState::kAbandoned || chunk.state == ChunkState::kAcked ||
        chunk.fragment.rule.policy != PrPolicy::kBuffer) {
      continue;
    }
    freed += abandon_message(i, out);
  }
  find_first_marked();
  return freed;
}

size_t RetransmissionQueue::abandon_message(uint32_t index, AbandonOutcome& out) {
  // RFC 3758 3.5 A3: "if it is part of a fragmented message, all other
  // TSN's within that fragmented message MUST be abandoned at the same
  // time." With DATA a message's fragments have consecutive TSNs (RFC 9260
  // 6.9), and they share its bytes.
  const MessageBytes message = chunks_[index].fragment.message;
  const OutgoingFragment& any = chunks_[index].fragment;
  OutgoingMessage reported{any.stream, any.ppid, any.unordered(), message};
  reported.pr.policy = any.rule.policy;
  reported.pr.max_retransmissions = any.rule.max_retransmissions;
  size_t freed = 0;
  bool ended = false;
  uint32_t last = index;
  if (config_.interleaving) {
    last = abandon_interleaved(index, ended, freed, out);
  } else {
    auto same_message = [&](uint32_t i) {
      return chunks_[i].state != ChunkState::kAbandoned &&
             chunks_[i].fragment.message.same_as(message);
    };
    uint32_t first = index;
    while (!chunks_[first].fragment.beginning() && first > 0 && same_message(first - 1)) --first;
    while (!chunks_[last].fragment.ending() && last + 1 < chunks_.size() &&
           same_message(last + 1)) {
      ++last;
    }
    for (uint32_t i = first; i <= last; ++i) {
      freed += chunks_[i].fragment.length;
      abandon_chunk(chunks_[i], out);
    }
    ended = chunks_[last].fragment.ending();
  }
  if (!ended) {
    // The rest of the message never got a TSN. Its fragments that did may
    // all be acknowledged already, and then no FORWARD-TSN would name its
    // SSN (or MID), leaving the peer's stream waiting for it for ever. So
    // the message gets one more TSN, for an E fragment that is never sent,
    // so that the FORWARD-TSN must cover it (as usrsctp does).
    out.unsent_rest.push_back(message);
    const OutgoingFragment& cut = chunks_[last].fragment;
    freed += message.size() - (cut.offset + cut.length);
    add_abandoned_end(cut);
  }
  out.messages.push_back(std::move(reported));
  return freed;
}

uint32_t RetransmissionQueue::abandon_interleaved(uint32_t index, bool& ended, size_t& freed,
                                                  AbandonOutcome& out) {
  // RFC 8260 2.3.1: with I-DATA the whole message, every fragment of its
  // MID, is abandoned; other streams' fragments may sit between them. Its
  // fragments went out in FSN order, so none precedes the oldest one still
  // here, and the last one found has the highest FSN cut so far.
  const MessageBytes message = chunks_[index].fragment.message;
  uint32_t last = index;
  for (uint32_t i = 0; i < chunks_.size(); ++i) {
    Chunk& chunk = chunks_[i];
    if (chunk.state == ChunkState::kAbandoned || !chunk.fragment.message.same_as(message)) continue;
    if (chunk.fragment.ending()) ended = true;
    freed += chunk.fragment.length;
    abandon_chunk(chunk, out);
    last = i;
  }
  return last;
}

void RetransmissionQueue::add_abandoned_end(const OutgoingFragment& previous) {
  // `previous` lives in chunks_, which emplace_back() may move: read it
  // first.
  OutgoingFragment end;
  end.stream = previous.stream;
  end.ssn = previous.ssn;
  end.mid = previous.mid;
  end.fsn = previous.fsn + 1;
  end.ppid = previous.ppid;
  end.flags = static_cast<uint8_t>((previous.flags & wire::DataFlags::kUnordered) |
                                   wire::DataFlags::kEnding);
  Chunk& chunk = chunks_.emplace_back();
  chunk.fragment = std::move(end);
  chunk.state = ChunkState::kAbandoned;
}

void RetransmissionQueue::abandon_chunk(Chunk& chunk, AbandonOutcome& out) {
  switch (chunk.state) {
    case ChunkState::kInFlight:
      leave_flight(chunk);
      out.bytes_out_of_flight[chunk.path] += chunk.bytes;
      break;
    case ChunkState::kMarked:
      --marked_;
      break;
    case ChunkState::kAcked:
      --gap_acked_;
      break;
    case ChunkState::kReneged:
    case ChunkState::kAbandoned:
      break;
  }
  // RFC 3758 3.5 A2: "the sender MUST treat the data chunk as being
  // finally acked and no longer outstanding."
  chunk.state = ChunkState::kAbandoned;
  outstanding_bytes_ -= chunk.bytes;
  payload_bytes_ -= chunk.fragment.length;
  chunk.fragment.message.reset();
}

uint32_t RetransmissionQueue::leading_abandoned() const {
  uint32_t n = 0;
  while (n < chunks_.size() && chunks_[n].state == ChunkState::kAbandoned) ++n;
  return n;
}

Tsn RetransmissionQueue::advanced_peer_ack_point() const { return cum_ack_ + leading_abandoned(); }

wire::ForwardTsnChunk RetransmissionQueue::make_forward_tsn(uint32_t max_bytes) {
  skipped_streams_.clear();
  uint32_t max_entries = max_bytes > wire::ForwardTsnChunk::kHeaderSize
                             ? (max_bytes - wire::ForwardTsnChunk::kHeaderSize) /
                                   wire::ForwardTsnStream::kSize
                             : 0;
  uint32_t end = leading_abandoned();
  for (uint32_t i = 0; i < end; ++i) {
    const OutgoingFragment& f = chunks_[i].fragment;
    // RFC 3758 3.5 C4: unordered chunks have no SSN to report.
    if (f.unordered()) continue;
    auto entry = std::find_if(skipped_streams_.begin(), skipped_streams_.end(),
                              [&](const wire::ForwardTsnStream& e) { return e.stream == f.stream; });
    if (entry != skipped_streams_.end()) {
      // "only the highest abandoned stream sequence number is reported":
      // a stream's SSNs are given in TSN order.
      entry->ssn = f.ssn;
      continue;
    }
    if (skipped_streams_.size() == max_entries) {
      // C4: "If the total size of the FORWARD TSN does NOT fit in a single
      // MTU, then the sender of the FORWARD TSN SHOULD lower the
      // Advanced.Peer.Ack.Point to the last TSN that will fit".
      end = i;
      break;
    }
    skipped_streams_.push_back({f.stream, f.ssn});
  }
  wire::ForwardTsnChunk chunk;
  chunk.new_cumulative_tsn = cum_ack_ + end;
  chunk.streams = wire::RecordList<wire::ForwardTsnStream>(
      std::span<const wire::ForwardTsnStream>(skipped_streams_));
  return chunk;
}

wire::IForwardTsnChunk RetransmissionQueue::make_iforward_tsn(uint32_t max_bytes) {
  skipped_messages_.clear();
  uint32_t max_entries = max_bytes > wire::IForwardTsnChunk::kHeaderSize
                             ? (max_bytes - wire::IForwardTsnChunk::kHeaderSize) /
                                   wire::IForwardTsnStream::kSize
                             : 0;
  // Messages with a fragment below the point whose E fragment is not yet
  // passed: the point may only rest where none is open.
  std::vector<wire::IForwardTsnStream> open;
  size_t entries_at_end = 0;
  uint32_t end = 0;
  // Fragments of other messages may sit between an abandoned message's
  // own; those the peer has gap-acknowledged do not stop the point (the
  // peer holds them), or a message abandoned around them could never be
  // skipped.
  for (uint32_t i = 0; i < chunks_.size(); ++i) {
    ChunkState state = chunks_[i].state;
    if (state == ChunkState::kAcked) {
      if (open.empty()) end = i + 1;
      continue;
    }
    if (state != ChunkState::kAbandoned) break;
    const OutgoingFragment& f = chunks_[i].fragment;
    wire::IForwardTsnStream key{f.stream, f.unordered(), f.mid};
    auto entry = std::find_if(skipped_messages_.begin(), skipped_messages_.end(),
                              [&](const wire::IForwardTsnStream& e) {
                                return e.stream == key.stream && e.unordered == key.unordered;
                              });
    if (entry != skipped_messages_.end()) {
      // A stream's messages are cut one after the other: a later TSN on
      // the same stream and U flag has the higher MID.
      entry->mid = key.mid;
    } else if (skipped_messages_.size() == max_entries) {
      break;  // C4: what follows does not fit
    } else {
      skipped_messages_.push_back(key);
    }
    auto is_key = [&](const wire::IForwardTsnStream& e) { return e == key; };
    auto o = std::find_if(open.begin(), open.end(), is_key);
    if (f.ending()) {
      if (o != open.end()) open.erase(o);
    } else if (o == open.end()) {
      open.push_back(key);
    }
    if (open.empty()) {
      end = i + 1;
      entries_at_end = skipped_messages_.size();
    }
  }
  // Entries added after the last resting point belong to messages not
  // wholly covered: they wait for a later I-FORWARD-TSN. An entry whose MID
  // moved past the point names a later message of its stream; lowering it
  // again would need the history, so such a stream's entry stays at the
  // MID it had there (recomputed below).
  skipped_messages_.resize(entries_at_end);
  for (wire::IForwardTsnStream& e : skipped_messages_) {
    for (uint32_t i = 0; i < end; ++i) {
      const OutgoingFragment& f = chunks_[i].fragment;
      if (chunks_[i].state == ChunkState::kAbandoned && f.stream == e.stream &&
          f.unordered() == e.unordered) {
        e.mid = f.mid;
      }
    }
  }
  wire::IForwardTsnChunk chunk;
  chunk.new_cumulative_tsn = cum_ack_ + end;
  chunk.streams = wire::RecordList<wire::IForwardTsnStream>(
      std::span<const wire::IForwardTsnStream>(skipped_messages_));
  return chunk;
}

std::vector<OutgoingMessage> RetransmissionQueue::take_all() {
  std::vector<OutgoingMessage> out;
  // A stream's messages are cut one after the other (SendQueue finishes a
  // stream's head before starting its next, with or without interleaving),
  // so a fragment belongs either to its stream's latest message or to a
  // new one.
  std::vector<uint32_t> latest;  // by stream: index in `out` + 1, 0 if none
  for (uint32_t i = 0; i < chunks_.size(); ++i) {
    // Abandoned messages were reported when they were given up.
    if (chunks_[i].state == ChunkState::kAbandoned) continue;
    const OutgoingFragment& f = chunks_[i].fragment;
    uint16_t stream = f.stream.value();
    if (stream >= latest.size()) latest.resize(size_t{stream} + 1, 0);
    if (latest[stream] != 0 && out[latest[stream] - 1].bytes.same_as(f.message)) continue;
    out.push_back(OutgoingMessage{f.stream, f.ppid, f.unordered(), f.message});
    latest[stream] = static_cast<uint32_t>(out.size());
  }
  cum_ack_ = next_tsn() - 1;
  chunks_.clear();
  in_flight_ = {};
  total_in_flight_ = 0;
  outstanding_bytes_ = 0;
  payload_bytes_ = 0;
  gap_acked_ = 0;
  gap_acked_end_ = 0;
  marked_ = 0;
  first_marked_ = 0;
  return out;
}

}  // namespace dsctp::sctp
