// Numbers assigned by IANA for SCTP chunks, parameters and error causes, and
// the action bits that tell a receiver what to do with ones it does not know.
#pragma once

#include <cstdint>

namespace dsctp::sctp::wire {

enum class ChunkType : uint8_t {
  kData = 0,                // RFC 9260 3.3.1
  kInit = 1,                // RFC 9260 3.3.2
  kInitAck = 2,             // RFC 9260 3.3.3
  kSack = 3,                // RFC 9260 3.3.4
  kHeartbeat = 4,           // RFC 9260 3.3.5
  kHeartbeatAck = 5,        // RFC 9260 3.3.6
  kAbort = 6,               // RFC 9260 3.3.7
  kShutdown = 7,            // RFC 9260 3.3.8
  kShutdownAck = 8,         // RFC 9260 3.3.9
  kError = 9,               // RFC 9260 3.3.10
  kCookieEcho = 10,         // RFC 9260 3.3.11
  kCookieAck = 11,          // RFC 9260 3.3.12
  kEcne = 12,               // RFC 9260 Appendix A
  kCwr = 13,                // RFC 9260 Appendix A
  kShutdownComplete = 14,   // RFC 9260 3.3.13
  kAuth = 15,               // RFC 4895 4.2
  kNrSack = 16,             // draft-tuexen-tsvwg-sctp-multipath, as usrsctp
  kIData = 64,              // RFC 8260 2.1
  kAsconfAck = 128,         // RFC 5061 4.1.2
  kReconfig = 130,          // RFC 6525 3.1
  kPad = 132,               // RFC 4820 3
  kForwardTsn = 192,        // RFC 3758 3.2
  kAsconf = 193,            // RFC 5061 4.1.1
  kIForwardTsn = 194,       // RFC 8260 2.3
};

enum class ParameterType : uint16_t {
  kHeartbeatInfo = 1,              // RFC 9260 3.3.5
  kIpv4Address = 5,                // RFC 9260 3.3.2.1
  kIpv6Address = 6,                // RFC 9260 3.3.2.1
  kStateCookie = 7,                // RFC 9260 3.3.3.1
  kUnrecognizedParameter = 8,      // RFC 9260 3.3.3.1
  kCookiePreservative = 9,         // RFC 9260 3.3.2.1
  kHostNameAddress = 11,           // RFC 9260 3.3.2.1 (deprecated)
  kSupportedAddressTypes = 12,     // RFC 9260 3.3.2.1
  kOutgoingSsnResetRequest = 13,   // RFC 6525 4.1
  kIncomingSsnResetRequest = 14,   // RFC 6525 4.2
  kSsnTsnResetRequest = 15,        // RFC 6525 4.3
  kReconfigurationResponse = 16,   // RFC 6525 4.4
  kAddOutgoingStreamsRequest = 17, // RFC 6525 4.5
  kAddIncomingStreamsRequest = 18, // RFC 6525 4.6
  kEcnCapable = 0x8000,            // RFC 9260 Appendix A
  kZeroChecksumAcceptable = 0x8001,// RFC 9653 3
  kRandom = 0x8002,                // RFC 4895 3.1
  kChunkList = 0x8003,             // RFC 4895 3.2
  kRequestedHmacAlgorithm = 0x8004,// RFC 4895 3.3
  kPadding = 0x8005,               // RFC 4820 4
  kSupportedExtensions = 0x8008,   // RFC 5061 4.2.7
  kForwardTsnSupported = 0xC000,   // RFC 3758 3.1
  kAddIpAddress = 0xC001,          // RFC 5061 4.2.1
  kDeleteIpAddress = 0xC002,       // RFC 5061 4.2.2
  kErrorCauseIndication = 0xC003,  // RFC 5061 4.2.3
  kSetPrimaryAddress = 0xC004,     // RFC 5061 4.2.4
  kSuccessIndication = 0xC005,     // RFC 5061 4.2.5
  kAdaptationLayerIndication = 0xC006,  // RFC 5061 4.2.6
};

enum class CauseCode : uint16_t {
  kInvalidStreamIdentifier = 1,           // RFC 9260 3.3.10.1
  kMissingMandatoryParameter = 2,         // RFC 9260 3.3.10.2
  kStaleCookie = 3,                       // RFC 9260 3.3.10.3
  kOutOfResource = 4,                     // RFC 9260 3.3.10.4
  kUnresolvableAddress = 5,               // RFC 9260 3.3.10.5
  kUnrecognizedChunkType = 6,             // RFC 9260 3.3.10.6
  kInvalidMandatoryParameter = 7,         // RFC 9260 3.3.10.7
  kUnrecognizedParameters = 8,            // RFC 9260 3.3.10.8
  kNoUserData = 9,                        // RFC 9260 3.3.10.9
  kCookieReceivedWhileShuttingDown = 10,  // RFC 9260 3.3.10.10
  kRestartWithNewAddresses = 11,          // RFC 9260 3.3.10.11
  kUserInitiatedAbort = 12,               // RFC 9260 3.3.10.12
  kProtocolViolation = 13,                // RFC 9260 3.3.10.13
  kDeleteLastRemainingAddress = 0x00A0,   // RFC 5061 4.3.1
  kResourceShortage = 0x00A1,             // RFC 5061 4.3.2
  kDeleteSourceAddress = 0x00A2,          // RFC 5061 4.3.3
  kIllegalAsconfAck = 0x00A3,             // RFC 5061 4.3.4
  kNoAuthorization = 0x00A4,              // RFC 5061 4.3.5
  kUnsupportedHmacIdentifier = 0x0105,    // RFC 4895 4.1
};

// RFC 9260 3.2 and 3.2.1: the two high-order bits of an unknown chunk or
// parameter type say whether to keep processing and whether to report it.
enum class UnknownAction : uint8_t {
  kStopAndDiscard = 0,          // 00
  kStopDiscardAndReport = 1,    // 01
  kSkip = 2,                    // 10
  kSkipAndReport = 3,           // 11
};

constexpr UnknownAction action_of(ChunkType t) {
  return static_cast<UnknownAction>(static_cast<uint8_t>(t) >> 6);
}
constexpr UnknownAction action_of(ParameterType t) {
  return static_cast<UnknownAction>(static_cast<uint16_t>(t) >> 14);
}
constexpr bool should_continue(UnknownAction a) {
  return a == UnknownAction::kSkip || a == UnknownAction::kSkipAndReport;
}
constexpr bool should_report(UnknownAction a) {
  return a == UnknownAction::kStopDiscardAndReport ||
         a == UnknownAction::kSkipAndReport;
}

// Sizes of the fixed headers.
inline constexpr uint32_t kCommonHeaderSize = 12;
inline constexpr uint32_t kChunkHeaderSize = 4;
inline constexpr uint32_t kTlvHeaderSize = 4;
inline constexpr uint32_t kMaxTlvLength = 0xFFFF;

// Whether this stack has a typed view for the chunk or parameter type;
// every other type is unknown and handled by its action bits.
bool is_known(ChunkType t);
bool is_known(ParameterType t);
bool is_known(CauseCode t);

// The parameters RFC 9260 and the extensions define for INIT and INIT ACK
// (addresses, Cookie Preservative, ECN, PR-SCTP, Supported Extensions,
// AUTH, Zero Checksum, Padding...), State Cookie and Unrecognized
// Parameter aside: those two belong to INIT ACK only.
bool is_init_parameter(ParameterType t);

// Short names ("DATA", "INIT-ACK", ...) for logs and test output;
// "UNKNOWN" for unassigned numbers.
const char* name_of(ChunkType t);
const char* name_of(ParameterType t);
const char* name_of(CauseCode t);

}  // namespace dsctp::sctp::wire
