#include "sctp/wire/reconfig/parameters.h"

#include "sctp/wire/parse_helpers.h"

namespace dsctp::sctp::wire {

ParseResult<OutgoingSsnResetRequestParameter> OutgoingSsnResetRequestParameter::parse(
    const RawParameter& raw) {
  constexpr uint32_t kFixed = kFixedSize - kTlvHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  auto streams = parse_helpers::read_records<StreamIdRecord>(raw, kFixed);
  if (!streams) return parse_error(streams.error());
  OutgoingSsnResetRequestParameter r;
  r.request_sn = ReconfigRequestSn(load_be32(*p));
  r.response_sn = ReconfigRequestSn(load_be32(*p + 4));
  r.sender_last_assigned_tsn = Tsn(load_be32(*p + 8));
  r.streams = *streams;
  return r;
}

void OutgoingSsnResetRequestParameter::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, serialized_size());
  store_be32(out + 4, request_sn.value());
  store_be32(out + 8, response_sn.value());
  store_be32(out + 12, sender_last_assigned_tsn.value());
  streams.encode(out + kFixedSize);
}

ParseResult<IncomingSsnResetRequestParameter> IncomingSsnResetRequestParameter::parse(
    const RawParameter& raw) {
  constexpr uint32_t kFixed = kFixedSize - kTlvHeaderSize;
  std::byte scratch[kFixed];
  auto p = parse_helpers::read_min(raw, kType, kFixed, scratch);
  if (!p) return parse_error(p.error());
  auto streams = parse_helpers::read_records<StreamIdRecord>(raw, kFixed);
  if (!streams) return parse_error(streams.error());
  IncomingSsnResetRequestParameter r;
  r.request_sn = ReconfigRequestSn(load_be32(*p));
  r.streams = *streams;
  return r;
}

void IncomingSsnResetRequestParameter::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, serialized_size());
  store_be32(out + 4, request_sn.value());
  streams.encode(out + kFixedSize);
}

ParseResult<SsnTsnResetRequestParameter> SsnTsnResetRequestParameter::parse(
    const RawParameter& raw) {
  static_assert(kSize == kTlvHeaderSize + 4);
  auto v = parse_helpers::read_value<uint32_t>(raw, kType);
  if (!v) return parse_error(v.error());
  SsnTsnResetRequestParameter r;
  r.request_sn = ReconfigRequestSn(*v);
  return r;
}

void SsnTsnResetRequestParameter::serialize(std::byte* out) const {
  parse_helpers::write_u32(out, kType, request_sn.value());
}

bool is_known(ReconfigResult r) {
  return static_cast<uint32_t>(r) <= static_cast<uint32_t>(ReconfigResult::kInProgress);
}

const char* name_of(ReconfigResult r) {
  switch (r) {
    case ReconfigResult::kSuccessNothingToDo:
      return "Success - Nothing to do";
    case ReconfigResult::kSuccessPerformed:
      return "Success - Performed";
    case ReconfigResult::kDenied:
      return "Denied";
    case ReconfigResult::kErrorWrongSsn:
      return "Error - Wrong SSN";
    case ReconfigResult::kErrorRequestAlreadyInProgress:
      return "Error - Request already in progress";
    case ReconfigResult::kErrorBadSequenceNumber:
      return "Error - Bad Sequence Number";
    case ReconfigResult::kInProgress:
      return "In progress";
  }
  return "UNKNOWN";
}

ParseResult<ReconfigurationResponseParameter> ReconfigurationResponseParameter::parse(
    const RawParameter& raw) {
  constexpr uint32_t kShort = kSizeWithoutTsns - kTlvHeaderSize;
  constexpr uint32_t kLong = kSizeWithTsns - kTlvHeaderSize;
  std::byte scratch[kLong];
  auto p = parse_helpers::read_min(raw, kType, kShort, scratch);
  if (!p) return parse_error(p.error());
  // RFC 6525 4.4: "the value MUST be 12 if the optional fields are not
  // present and 20 otherwise"; one TSN alone means nothing.
  uint32_t size = raw.value.size();
  if (size != kShort && size != kLong) return parse_error(ParseError::kWrongLengthForType);
  ReconfigurationResponseParameter r;
  r.response_sn = ReconfigRequestSn(load_be32(*p));
  r.result = static_cast<ReconfigResult>(load_be32(*p + 4));
  if (size == kLong) {
    const std::byte* t = raw.value.read(kShort, kLong - kShort, scratch);
    if (t == nullptr) return parse_error(ParseError::kWrongLengthForType);
    r.next_tsns = NextTsns{Tsn(load_be32(t)), Tsn(load_be32(t + 4))};
  }
  return r;
}

void ReconfigurationResponseParameter::serialize(std::byte* out) const {
  parse_helpers::write_header(out, kType, serialized_size());
  store_be32(out + 4, response_sn.value());
  store_be32(out + 8, static_cast<uint32_t>(result));
  if (next_tsns) {
    store_be32(out + 12, next_tsns->sender_next_tsn.value());
    store_be32(out + 16, next_tsns->receiver_next_tsn.value());
  }
}

namespace {

// Add Outgoing and Add Incoming Streams share one layout.
template <class T>
ParseResult<T> parse_add_streams(const RawParameter& raw) {
  constexpr uint32_t kValue = T::kSize - kTlvHeaderSize;
  std::byte scratch[kValue];
  auto p = parse_helpers::read_exact(raw, T::kType, kValue, scratch);
  if (!p) return parse_error(p.error());
  T r;
  r.request_sn = ReconfigRequestSn(load_be32(*p));
  r.new_streams = load_be16(*p + 4);
  return r;
}

template <class T>
void serialize_add_streams(const T& r, std::byte* out) {
  parse_helpers::write_header(out, T::kType, r.serialized_size());
  store_be32(out + 4, r.request_sn.value());
  store_be16(out + 8, r.new_streams);
  store_be16(out + 10, 0);
}

}  // namespace

ParseResult<AddOutgoingStreamsRequestParameter> AddOutgoingStreamsRequestParameter::parse(
    const RawParameter& raw) {
  return parse_add_streams<AddOutgoingStreamsRequestParameter>(raw);
}

void AddOutgoingStreamsRequestParameter::serialize(std::byte* out) const {
  serialize_add_streams(*this, out);
}

ParseResult<AddIncomingStreamsRequestParameter> AddIncomingStreamsRequestParameter::parse(
    const RawParameter& raw) {
  return parse_add_streams<AddIncomingStreamsRequestParameter>(raw);
}

void AddIncomingStreamsRequestParameter::serialize(std::byte* out) const {
  serialize_add_streams(*this, out);
}

}  // namespace dsctp::sctp::wire
