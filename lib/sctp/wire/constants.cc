#include "sctp/wire/constants.h"

namespace dsctp::sctp::wire {

const char* name_of(ChunkType t) {
  switch (t) {
    case ChunkType::kData:
      return "DATA";
    case ChunkType::kInit:
      return "INIT";
    case ChunkType::kInitAck:
      return "INIT-ACK";
    case ChunkType::kSack:
      return "SACK";
    case ChunkType::kHeartbeat:
      return "HEARTBEAT";
    case ChunkType::kHeartbeatAck:
      return "HEARTBEAT-ACK";
    case ChunkType::kAbort:
      return "ABORT";
    case ChunkType::kShutdown:
      return "SHUTDOWN";
    case ChunkType::kShutdownAck:
      return "SHUTDOWN-ACK";
    case ChunkType::kError:
      return "ERROR";
    case ChunkType::kCookieEcho:
      return "COOKIE-ECHO";
    case ChunkType::kCookieAck:
      return "COOKIE-ACK";
    case ChunkType::kEcne:
      return "ECNE";
    case ChunkType::kCwr:
      return "CWR";
    case ChunkType::kShutdownComplete:
      return "SHUTDOWN-COMPLETE";
    case ChunkType::kAuth:
      return "AUTH";
    case ChunkType::kNrSack:
      return "NR-SACK";
    case ChunkType::kIData:
      return "I-DATA";
    case ChunkType::kAsconfAck:
      return "ASCONF-ACK";
    case ChunkType::kReconfig:
      return "RE-CONFIG";
    case ChunkType::kPad:
      return "PAD";
    case ChunkType::kForwardTsn:
      return "FORWARD-TSN";
    case ChunkType::kAsconf:
      return "ASCONF";
    case ChunkType::kIForwardTsn:
      return "I-FORWARD-TSN";
  }
  return "UNKNOWN";
}

bool is_known(ChunkType t) {
  switch (t) {
    case ChunkType::kData:
    case ChunkType::kInit:
    case ChunkType::kInitAck:
    case ChunkType::kSack:
    case ChunkType::kHeartbeat:
    case ChunkType::kHeartbeatAck:
    case ChunkType::kAbort:
    case ChunkType::kShutdown:
    case ChunkType::kShutdownAck:
    case ChunkType::kError:
    case ChunkType::kCookieEcho:
    case ChunkType::kCookieAck:
    case ChunkType::kEcne:
    case ChunkType::kCwr:
    case ChunkType::kShutdownComplete:
    case ChunkType::kAuth:
    case ChunkType::kNrSack:
    case ChunkType::kIData:
    case ChunkType::kAsconfAck:
    case ChunkType::kReconfig:
    case ChunkType::kPad:
    case ChunkType::kForwardTsn:
    case ChunkType::kAsconf:
    case ChunkType::kIForwardTsn:
      return true;
  }
  return false;
}

const char* name_of(ParameterType t) {
  switch (t) {
    case ParameterType::kHeartbeatInfo:
      return "Heartbeat Info";
    case ParameterType::kIpv4Address:
      return "Ipv4 Address";
    case ParameterType::kIpv6Address:
      return "Ipv6 Address";
    case ParameterType::kStateCookie:
      return "State Cookie";
    case ParameterType::kUnrecognizedParameter:
      return "Unrecognized Parameter";
    case ParameterType::kCookiePreservative:
      return "Cookie Preservative";
    case ParameterType::kHostNameAddress:
      return "Host Name Address";
    case ParameterType::kSupportedAddressTypes:
      return "Supported Address Types";
    case ParameterType::kOutgoingSsnResetRequest:
      return "Outgoing Ssn Reset Request";
    case ParameterType::kIncomingSsnResetRequest:
      return "Incoming Ssn Reset Request";
    case ParameterType::kSsnTsnResetRequest:
      return "Ssn Tsn Reset Request";
    case ParameterType::kReconfigurationResponse:
      return "Reconfiguration Response";
    case ParameterType::kAddOutgoingStreamsRequest:
      return "Add Outgoing Streams Request";
    case ParameterType::kAddIncomingStreamsRequest:
      return "Add Incoming Streams Request";
    case ParameterType::kEcnCapable:
      return "Ecn Capable";
    case ParameterType::kZeroChecksumAcceptable:
      return "Zero Checksum Acceptable";
    case ParameterType::kRandom:
      return "Random";
    case ParameterType::kChunkList:
      return "Chunk List";
    case ParameterType::kRequestedHmacAlgorithm:
      return "Requested Hmac Algorithm";
    case ParameterType::kPadding:
      return "Padding";
    case ParameterType::kSupportedExtensions:
      return "Supported Extensions";
    case ParameterType::kForwardTsnSupported:
      return "Forward Tsn Supported";
    case ParameterType::kAddIpAddress:
      return "Add Ip Address";
    case ParameterType::kDeleteIpAddress:
      return "Delete Ip Address";
    case ParameterType::kErrorCauseIndication:
      return "Error Cause Indication";
    case ParameterType::kSetPrimaryAddress:
      return "Set Primary Address";
    case ParameterType::kSuccessIndication:
      return "Success Indication";
    case ParameterType::kAdaptationLayerIndication:
      return "Adaptation Layer Indication";
  }
  return "UNKNOWN";
}

bool is_known(ParameterType t) {
  switch (t) {
    case ParameterType::kHeartbeatInfo:
    case ParameterType::kIpv4Address:
    case ParameterType::kIpv6Address:
    case ParameterType::kStateCookie:
    case ParameterType::kUnrecognizedParameter:
    case ParameterType::kCookiePreservative:
    case ParameterType::kHostNameAddress:
    case ParameterType::kSupportedAddressTypes:
    case ParameterType::kOutgoingSsnResetRequest:
    case ParameterType::kIncomingSsnResetRequest:
    case ParameterType::kSsnTsnResetRequest:
    case ParameterType::kReconfigurationResponse:
    case ParameterType::kAddOutgoingStreamsRequest:
    case ParameterType::kAddIncomingStreamsRequest:
    case ParameterType::kEcnCapable:
    case ParameterType::kZeroChecksumAcceptable:
    case ParameterType::kRandom:
    case ParameterType::kChunkList:
    case ParameterType::kRequestedHmacAlgorithm:
    case ParameterType::kPadding:
    case ParameterType::kSupportedExtensions:
    case ParameterType::kForwardTsnSupported:
    case ParameterType::kAddIpAddress:
    case ParameterType::kDeleteIpAddress:
    case ParameterType::kErrorCauseIndication:
    case ParameterType::kSetPrimaryAddress:
    case ParameterType::kSuccessIndication:
    case ParameterType::kAdaptationLayerIndication:
      return true;
  }
  return false;
}

const char* name_of(CauseCode t) {
  switch (t) {
    case CauseCode::kInvalidStreamIdentifier:
      return "Invalid Stream Identifier";
    case CauseCode::kMissingMandatoryParameter:
      return "Missing Mandatory Parameter";
    case CauseCode::kStaleCookie:
      return "Stale Cookie";
    case CauseCode::kOutOfResource:
      return "Out Of Resource";
    case CauseCode::kUnresolvableAddress:
      return "Unresolvable Address";
    case CauseCode::kUnrecognizedChunkType:
      return "Unrecognized Chunk Type";
    case CauseCode::kInvalidMandatoryParameter:
      return "Invalid Mandatory Parameter";
    case CauseCode::kUnrecognizedParameters:
      return "Unrecognized Parameters";
    case CauseCode::kNoUserData:
      return "No User Data";
    case CauseCode::kCookieReceivedWhileShuttingDown:
      return "Cookie Received While Shutting Down";
    case CauseCode::kRestartWithNewAddresses:
      return "Restart With New Addresses";
    case CauseCode::kUserInitiatedAbort:
      return "User Initiated Abort";
    case CauseCode::kProtocolViolation:
      return "Protocol Violation";
    case CauseCode::kDeleteLastRemainingAddress:
      return "Delete Last Remaining Address";
    case CauseCode::kResourceShortage:
      return "Resource Shortage";
    case CauseCode::kDeleteSourceAddress:
      return "Delete Source Address";
    case CauseCode::kIllegalAsconfAck:
      return "Illegal Asconf Ack";
    case CauseCode::kNoAuthorization:
      return "No Authorization";
    case CauseCode::kUnsupportedHmacIdentifier:
      return "Unsupported Hmac Identifier";
  }
  return "UNKNOWN";
}

bool is_known(CauseCode t) {
  switch (t) {
    case CauseCode::kInvalidStreamIdentifier:
    case CauseCode::kMissingMandatoryParameter:
    case CauseCode::kStaleCookie:
    case CauseCode::kOutOfResource:
    case CauseCode::kUnresolvableAddress:
    case CauseCode::kUnrecognizedChunkType:
    case CauseCode::kInvalidMandatoryParameter:
    case CauseCode::kUnrecognizedParameters:
    case CauseCode::kNoUserData:
    case CauseCode::kCookieReceivedWhileShuttingDown:
    case CauseCode::kRestartWithNewAddresses:
    case CauseCode::kUserInitiatedAbort:
    case CauseCode::kProtocolViolation:
    case CauseCode::kDeleteLastRemainingAddress:
    case CauseCode::kResourceShortage:
    case CauseCode::kDeleteSourceAddress:
    case CauseCode::kIllegalAsconfAck:
    case CauseCode::kNoAuthorization:
    case CauseCode::kUnsupportedHmacIdentifier:
      return true;
  }
  return false;
}

bool is_init_parameter(ParameterType t) {
  switch (t) {
    case ParameterType::kIpv4Address:
    case ParameterType::kIpv6Address:
    case ParameterType::kCookiePreservative:
    case ParameterType::kHostNameAddress:
    case ParameterType::kSupportedAddressTypes:
    case ParameterType::kEcnCapable:
    case ParameterType::kForwardTsnSupported:
    case ParameterType::kSupportedExtensions:
    case ParameterType::kAdaptationLayerIndication:
    case ParameterType::kRandom:
    case ParameterType::kChunkList:
    case ParameterType::kRequestedHmacAlgorithm:
    case ParameterType::kZeroChecksumAcceptable:
    case ParameterType::kPadding:
      return true;
    default:
      return false;
  }
}

}  // namespace dsctp::sctp::wire
