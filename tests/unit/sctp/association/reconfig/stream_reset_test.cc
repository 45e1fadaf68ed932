// StreamReset: RFC 6525 request sequence numbers, one outstanding request,
// which streams a reset holds back, and the classification and answers of
// the peer's requests.
#include <gtest/gtest.h>

#include <vector>

#include "sctp/association/reconfig/stream_reset.h"

namespace dsctp::sctp {
namespace {

using wire::ReconfigRequestSn;
using wire::ReconfigResult;
using PeerSn = StreamReset::PeerSn;

ReconfigRequest reset_of(std::vector<StreamId> streams) {
  return ReconfigRequest{ReconfigKind::kResetOutgoing, std::move(streams), 0, std::nullopt};
}

TEST(StreamReset, RequestsAreNumberedFromTheInitialTsn) {
  StreamReset r(Tsn(1000), Tsn(5));
  EXPECT_FALSE(r.busy());
  ASSERT_TRUE(r.start(reset_of({})));
  EXPECT_TRUE(r.busy());
  EXPECT_FALSE(r.sent());
  EXPECT_EQ(r.mark_sent(), ReconfigRequestSn(1000));
  // A retransmission keeps its number.
  EXPECT_EQ(r.mark_sent(), ReconfigRequestSn(1000));
  EXPECT_TRUE(r.answers_ours(ReconfigRequestSn(1000)));
  EXPECT_FALSE(r.answers_ours(ReconfigRequestSn(999)));
  ASSERT_TRUE(r.finish().has_value());
  EXPECT_FALSE(r.busy());
  ASSERT_TRUE(r.start(reset_of({})));
  EXPECT_EQ(r.mark_sent(), ReconfigRequestSn(1001));
}

TEST(StreamReset, SequenceNumbersWrap) {
  StreamReset r(Tsn(0xffffffff), Tsn(0xffffffff));
  ASSERT_TRUE(r.start(reset_of({})));
  EXPECT_EQ(r.mark_sent(), ReconfigRequestSn(0xffffffff));
  r.finish();
  ASSERT_TRUE(r.start(reset_of({})));
  EXPECT_EQ(r.mark_sent(), ReconfigRequestSn(0));
  EXPECT_EQ(r.classify(ReconfigRequestSn(0xffffffff)), PeerSn::kNew);
  r.answered(ReconfigRequestSn(0xffffffff), ReconfigResult::kSuccessPerformed);
  EXPECT_EQ(r.classify(ReconfigRequestSn(0)), PeerSn::kNew);
  EXPECT_EQ(r.peer_last_sn(), ReconfigRequestSn(0xffffffff));
}

TEST(StreamReset, OneRequestAtATime) {
  StreamReset r(Tsn(1), Tsn(1));
  ASSERT_TRUE(r.start(reset_of({StreamId(1)})));
  EXPECT_FALSE(r.start(reset_of({StreamId(2)})));
  // The first request stands.
  EXPECT_EQ(r.request()->streams, std::vector<StreamId>{StreamId(1)});
  std::optional<ReconfigRequest> done = r.finish();
  ASSERT_TRUE(done.has_value());
  EXPECT_EQ(done->streams, std::vector<StreamId>{StreamId(1)});
  EXPECT_FALSE(r.finish().has_value());
}

TEST(StreamReset, AnOutgoingResetHoldsItsStreamsOnly) {
  StreamReset r(Tsn(1), Tsn(1));
  ASSERT_TRUE(r.start(reset_of({StreamId(1), StreamId(3)})));
  EXPECT_TRUE(r.holds(StreamId(1)));
  EXPECT_TRUE(r.holds(StreamId(3)));
  EXPECT_FALSE(r.holds(StreamId(2)));
  r.finish();
  EXPECT_FALSE(r.holds(StreamId(1)));
  // Every stream, when none is listed.
  ASSERT_TRUE(r.start(reset_of({})));
  EXPECT_TRUE(r.holds(StreamId(7)));
  r.finish();
  // An SSN/TSN reset holds every stream back.
  ASSERT_TRUE(r.start(ReconfigRequest{ReconfigKind::kResetAssociation, {}, 0, std::nullopt}));
  EXPECT_TRUE(r.holds(StreamId(0)));
  r.finish();
  // Other requests hold nothing back.
  ASSERT_TRUE(r.start(ReconfigRequest{ReconfigKind::kResetIncoming, {}, 0, std::nullopt}));
  EXPECT_FALSE(r.holds(StreamId(7)));
}

TEST(StreamReset, PeerRequestsNewRepeatedAndBad) {
  StreamReset r(Tsn(1), Tsn(500));
  EXPECT_EQ(r.classify(ReconfigRequestSn(500)), PeerSn::kNew);
  EXPECT_EQ(r.classify(ReconfigRequestSn(499)), PeerSn::kBad);  // nothing answered yet
  EXPECT_EQ(r.classify(ReconfigRequestSn(501)), PeerSn::kBad);
  EXPECT_EQ(r.peer_last_sn(), ReconfigRequestSn(499));
  r.answered(ReconfigRequestSn(500), ReconfigResult::kDenied);
  EXPECT_EQ(r.classify(ReconfigRequestSn(500)), PeerSn::kRepeat);
  EXPECT_EQ(r.result_of(ReconfigRequestSn(500)), ReconfigResult::kDenied);
  EXPECT_EQ(r.classify(ReconfigRequestSn(501)), PeerSn::kNew);
  EXPECT_EQ(r.classify(ReconfigRequestSn(502)), PeerSn::kBad);
  // A chunk with two requests: both count as repeats afterwards.
  r.answered(ReconfigRequestSn(501), ReconfigResult::kSuccessPerformed);
  EXPECT_EQ(r.classify(ReconfigRequestSn(500)), PeerSn::kRepeat);
  EXPECT_EQ(r.classify(ReconfigRequestSn(501)), PeerSn::kRepeat);
  r.answered(ReconfigRequestSn(502), ReconfigResult::kSuccessPerformed);
  EXPECT_EQ(r.classify(ReconfigRequestSn(500)), PeerSn::kBad);
  EXPECT_FALSE(r.result_of(ReconfigRequestSn(500)).has_value());
}

TEST(StreamReset, AnInProgressAnswerIsUpdatedWhenTheResetCompletes) {
  StreamReset r(Tsn(1), Tsn(10));
  r.answered(ReconfigRequestSn(10), ReconfigResult::kInProgress);
  EXPECT_EQ(r.result_of(ReconfigRequestSn(10)), ReconfigResult::kInProgress);
  r.update_result(ReconfigRequestSn(10), ReconfigResult::kSuccessPerformed);
  EXPECT_EQ(r.result_of(ReconfigRequestSn(10)), ReconfigResult::kSuccessPerformed);
  // An unknown number changes nothing.
  r.update_result(ReconfigRequestSn(11), ReconfigResult::kDenied);
  EXPECT_FALSE(r.result_of(ReconfigRequestSn(11)).has_value());
}

TEST(StreamReset, NamesStream) {
  std::vector<StreamId> some{StreamId(2), StreamId(4)};
  EXPECT_TRUE(names_stream(some, StreamId(4)));
  EXPECT_FALSE(names_stream(some, StreamId(3)));
  EXPECT_TRUE(names_stream({}, StreamId(3)));
}

}  // namespace
}  // namespace dsctp::sctp
