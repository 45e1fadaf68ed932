// The parameters carried by a RE-CONFIG chunk (RFC 6525 section 4): stream
// reset requests, the response to them, and requests for more streams.
#pragma once

#include <optional>

#include "base/bytes.h"
#include "sctp/types.h"
#include "sctp/wire/record_list.h"
#include "sctp/wire/tlv.h"

namespace dsctp::sctp::wire {

// Re-configuration request sequence numbers wrap (RFC 6525 3.1 compares
// them with serial arithmetic), so they get the TSN treatment.
using ReconfigRequestSn = SerialNumber<struct ReconfigRequestSnTag, uint32_t>;

// One 16-bit stream number in a stream list. A wrapper because RecordList
// needs kSize/decode/encode and StreamId is a plain strong id; it converts
// to StreamId so `for (StreamId s : req.streams)` reads naturally.
struct StreamIdRecord {
  static constexpr uint32_t kSize = 2;
  StreamId stream;

  operator StreamId() const { return stream; }
  static StreamIdRecord decode(const std::byte* p) { return {StreamId(load_be16(p))}; }
  void encode(std::byte* p) const { store_be16(p, stream.value()); }
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Re-configuration Request Sequence Number            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           Re-configuration Response Sequence Number           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                Sender's Last Assigned TSN                     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            ......                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Stream Number N-1 (optional) |    Stream Number N (optional) |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 6525 4.1. An empty stream list asks to reset every outgoing stream.
// The response sequence number is the request sequence number of the
// peer request this one implicitly answers (or the next expected minus 1).
struct OutgoingSsnResetRequestParameter {
  static constexpr ParameterType kType = ParameterType::kOutgoingSsnResetRequest;
  static constexpr uint32_t kFixedSize = 16;

  ReconfigRequestSn request_sn;
  ReconfigRequestSn response_sn;
  Tsn sender_last_assigned_tsn;
  RecordList<StreamIdRecord> streams;

  static ParseResult<OutgoingSsnResetRequestParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kFixedSize + streams.byte_size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 14       |  Parameter Length = 8 + 2 * N |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Re-configuration Request Sequence Number             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            ......                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Stream Number N-1 (optional) |    Stream Number N (optional) |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 6525 4.2: asks the peer to reset its outgoing (our incoming) streams.
struct IncomingSsnResetRequestParameter {
  static constexpr ParameterType kType = ParameterType::kIncomingSsnResetRequest;
  static constexpr uint32_t kFixedSize = 8;

  ReconfigRequestSn request_sn;
  RecordList<StreamIdRecord> streams;

  static ParseResult<IncomingSsnResetRequestParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kFixedSize + streams.byte_size(); }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 15       |      Parameter Length = 8     |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Re-configuration Request Sequence Number              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 6525 4.3: resets every stream and the TSN in both directions.
struct SsnTsnResetRequestParameter {
  static constexpr ParameterType kType = ParameterType::kSsnTsnResetRequest;
  static constexpr uint32_t kSize = 8;

  ReconfigRequestSn request_sn;

  static ParseResult<SsnTsnResetRequestParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

// RFC 6525 4.4, Result field. Values outside this list parse as they are
// (the RFC forbids none), so switch with a default.
enum class ReconfigResult : uint32_t {
  kSuccessNothingToDo = 0,
  kSuccessPerformed = 1,
  kDenied = 2,
  kErrorWrongSsn = 3,
  kErrorRequestAlreadyInProgress = 4,
  kErrorBadSequenceNumber = 5,
  kInProgress = 6,
};

bool is_known(ReconfigResult r);
// The RFC's wording ("Success - Performed", ...); "UNKNOWN" otherwise.
const char* name_of(ReconfigResult r);

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 16       |      Parameter Length         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |         Re-configuration Response Sequence Number             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                            Result                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   Sender's Next TSN (optional)                |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  Receiver's Next TSN (optional)               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// The length is 12 without the TSNs and 20 with both; the two TSNs only
// travel together (answering an SSN/TSN Reset Request), hence one optional.
struct ReconfigurationResponseParameter {
  static constexpr ParameterType kType = ParameterType::kReconfigurationResponse;
  static constexpr uint32_t kSizeWithoutTsns = 12;
  static constexpr uint32_t kSizeWithTsns = 20;

  struct NextTsns {
    Tsn sender_next_tsn;
    Tsn receiver_next_tsn;
  };

  ReconfigRequestSn response_sn;
  ReconfigResult result = ReconfigResult::kSuccessNothingToDo;
  std::optional<NextTsns> next_tsns;

  static ParseResult<ReconfigurationResponseParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const {
    return next_tsns ? kSizeWithTsns : kSizeWithoutTsns;
  }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 17       |      Parameter Length = 12    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Re-configuration Request Sequence Number             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Number of new streams    |         Reserved              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 6525 4.5. Reserved is sent as 0 and ignored on receipt, so it is
// not kept.
struct AddOutgoingStreamsRequestParameter {
  static constexpr ParameterType kType = ParameterType::kAddOutgoingStreamsRequest;
  static constexpr uint32_t kSize = 12;

  ReconfigRequestSn request_sn;
  uint16_t new_streams = 0;

  static ParseResult<AddOutgoingStreamsRequestParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |     Parameter Type = 18       |      Parameter Length = 12    |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |          Re-configuration Request Sequence Number             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      Number of new streams    |         Reserved              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//
// RFC 6525 4.6: asks the peer to add outgoing (our incoming) streams.
struct AddIncomingStreamsRequestParameter {
  static constexpr ParameterType kType = ParameterType::kAddIncomingStreamsRequest;
  static constexpr uint32_t kSize = 12;

  ReconfigRequestSn request_sn;
  uint16_t new_streams = 0;

  static ParseResult<AddIncomingStreamsRequestParameter> parse(const RawParameter& raw);
  uint32_t serialized_size() const { return kSize; }
  void serialize(std::byte* out) const;
};

}  // namespace dsctp::sctp::wire
